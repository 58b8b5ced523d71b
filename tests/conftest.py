"""Fixtures for the template tests."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_copie.plugin import Copie, Result

from .answer_sets import ANSWER_SETS


@pytest.fixture(params=list(ANSWER_SETS))
def answers(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Each answer set in turn."""
    return ANSWER_SETS[request.param]


@pytest.fixture
def rendered(copie: Copie, answers: dict[str, Any]) -> Result:
    """Render the template with one answer set and check that it succeeded."""
    result = copie.copy(extra_answers=answers)
    assert result.exception is None, result.exception
    assert result.exit_code == 0
    assert result.project_dir is not None
    return result
