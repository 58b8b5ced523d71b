"""Every rendered project passes its own lint, type check and tests, run by its scripts."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_copie.plugin import Result

from .helpers import ROOT, run

pytestmark = pytest.mark.slow


def _with_environment(result: Result) -> Path:
    """Return the project, its .venv pointing at this repository's (same pins)."""
    assert result.project_dir is not None
    (result.project_dir / ".venv").symlink_to(ROOT / ".venv")
    return result.project_dir


def test_lint_script_is_clean(rendered: Result) -> None:
    """scripts/lint --check: ruff format, ruff check and mypy --strict are clean."""
    project = _with_environment(rendered)
    run("scripts/lint", "--check", cwd=project)


def test_test_script_passes_with_full_coverage(rendered: Result) -> None:
    """scripts/test: the project's pytest, with the Home Assistant harness, passes at 100 %."""
    project = _with_environment(rendered)
    result = run("scripts/test", "-p", "no:sugar", cwd=project)
    assert " passed" in result.stdout
    assert "Required test coverage of 100.0% reached" in result.stdout
