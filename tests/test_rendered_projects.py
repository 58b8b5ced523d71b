"""Every rendered project passes its own lint, type check and tests."""

from __future__ import annotations

import pytest
from pytest_copie.plugin import Result

from .helpers import BIN, run

pytestmark = pytest.mark.slow


def test_ruff_is_clean(rendered: Result) -> None:
    """The rendered code is formatted and lint-free under its own ruff settings."""
    assert rendered.project_dir is not None
    run(BIN / "ruff", "check", "--no-cache", ".", cwd=rendered.project_dir)
    run(BIN / "ruff", "format", "--no-cache", "--check", ".", cwd=rendered.project_dir)


def test_mypy_strict_is_clean(rendered: Result) -> None:
    """The rendered integration type-checks under mypy --strict."""
    assert rendered.project_dir is not None
    run(BIN / "mypy", "--strict", cwd=rendered.project_dir)


def test_own_tests_pass_with_full_coverage(rendered: Result) -> None:
    """The rendered project's pytest, with the Home Assistant harness, passes at 100 %."""
    assert rendered.project_dir is not None
    result = run(
        BIN / "python", "-m", "pytest", "-p", "no:sugar", cwd=rendered.project_dir
    )
    assert " passed" in result.stdout
    assert "Required test coverage of 100.0% reached" in result.stdout
