"""Author code that uses every extension point passes the template's own tests.

Each case under author_code/ is a set of answers and the files an author writes:
device code, hooks, fake device, tests. Copied over a fresh render, they must pass the
render's lint, core's ruff settings and every test at 100 % branch coverage, with
every template-owned file exactly as rendered. A case may hold only author-owned files
(copier.yml's _skip_if_exists) and files the template never renders: a case that
needs a template-owned file changed fails here.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path
import re
import shutil
from typing import Any

import pytest
from pytest_copie.plugin import Copie
import yaml

from .helpers import ROOT, author_owned_patterns, check_with_cores_ruff, run

CASES_DIR = Path(__file__).parent / "author_code"
CASES = sorted(path.name for path in CASES_DIR.iterdir() if path.is_dir())
ANSWERS = "answers.yml"
DOMAIN = "my_device"

# Each extension point (README, "Which files are yours") and what shows that a case
# uses it: a file of the case and a text in it.
EXTENSION_POINTS = {
    "several requests per poll": ("custom_components/*/device.py", "async_get("),
    "an optional endpoint": ("custom_components/*/device.py", "async_get_optional("),
    "a second coordinator": ("custom_components/*/hooks.py", "first_refresh()"),
    "extra runtime data": ("custom_components/*/hooks.py", "class ExtraRuntimeData"),
    "a platform the template does not offer": (
        "custom_components/*/hooks.py",
        "Platform.UPDATE",
    ),
    "a login of one's own": ("custom_components/*/device.py", "def async_login("),
    "auth headers of one's own": ("custom_components/*/device.py", "def auth_headers("),
    "a request without authentication": (
        "custom_components/*/device.py",
        "async_send(",
    ),
    "the entry's data in the client": ("custom_components/*/device.py", "self.config"),
    "the request timeout": ("custom_components/*/device.py", "REQUEST_TIMEOUT ="),
    "events onto the state": ("custom_components/*/events.py", "def apply_event("),
    "extra user-step fields": ("custom_components/*/hooks.py", "USER_FIELDS: dict"),
    "extra options fields": ("custom_components/*/hooks.py", "OPTIONS_FIELDS: dict"),
    "diagnostics redaction keys": (
        "custom_components/*/hooks.py",
        'DIAGNOSTICS_TO_REDACT: frozenset[str] = frozenset({"',
    ),
    "the author's own fixtures": ("tests/fixtures.py", "@pytest.fixture"),
    "the fault tests' command": ("tests/fixtures.py", "def send_command("),
}


def _case_files(case: str) -> list[str]:
    """Return the paths of a case's files, relative to the project."""
    root = CASES_DIR / case
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and path.name != ANSWERS and "__pycache__" not in path.parts
    )


def _template_paths() -> set[str]:
    """Return every path the template renders for some answers, for the domain."""
    root = ROOT / "template"
    paths = set()
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        relative = path.relative_to(root).as_posix().removesuffix(".jinja")
        relative = re.sub(r"\[% if [^%]*%\]|\[% endif %\]", "", relative)
        paths.add(relative.replace("[[ project_domain ]]", DOMAIN))
    return paths


def _author_owned_paths() -> list[str]:
    """Return the author-owned patterns as whole relative paths for fnmatch.

    A pattern anchored at the root (/README.md) drops its /.
    """
    return [pattern.removeprefix("/") for pattern in author_owned_patterns(DOMAIN)]


def test_cases_hold_only_author_owned_files() -> None:
    """A case that needed a template-owned file changed would fail here."""
    patterns = _author_owned_paths()
    template_paths = _template_paths()
    assert CASES
    for case in CASES:
        for path in _case_files(case):
            owned = any(fnmatch.fnmatch(path, pattern) for pattern in patterns)
            assert owned or path not in template_paths, (
                f"author_code/{case}/{path} is template-owned"
            )


def test_every_extension_point_is_used_by_a_case() -> None:
    """The cases together use each extension point the README lists."""
    texts: dict[str, list[str]] = {}
    for case in CASES:
        for path in _case_files(case):
            texts.setdefault(path, []).append(
                (CASES_DIR / case / path).read_text(encoding="utf-8")
            )
    for point, (pattern, needle) in EXTENSION_POINTS.items():
        assert any(
            needle in text
            for path, found in texts.items()
            if fnmatch.fnmatch(path, pattern)
            for text in found
        ), f"no case uses {point} ({needle!r} in {pattern})"


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_author_code_passes_the_template_tests_unmodified(
    copie: Copie, case: str
) -> None:
    """Lint, core's ruff settings and every test at 100 %, template files untouched."""
    answers: dict[str, Any] = yaml.safe_load(
        (CASES_DIR / case / ANSWERS).read_text(encoding="utf-8")
    )
    result = copie.copy(extra_answers=answers)
    assert result.exception is None, result.exception
    project = result.project_dir
    assert project is not None
    assert (project / "custom_components" / DOMAIN).is_dir()
    patterns = _author_owned_paths()
    rendered = {
        path: path.read_bytes()
        for path in project.rglob("*")
        if path.is_file()
        and not any(
            fnmatch.fnmatch(path.relative_to(project).as_posix(), pattern)
            for pattern in patterns
        )
    }
    for name in _case_files(case):
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CASES_DIR / case / name, target)
    (project / ".venv").symlink_to(ROOT / ".venv")

    # What scripts/lint does first: strings.json and quality_scale.yaml, with the case's.
    run(".venv/bin/python", "scripts/build_strings.py", cwd=project)
    run(".venv/bin/python", "scripts/build_quality_scale.py", cwd=project)
    run("scripts/lint", "--check", cwd=project)
    check_with_cores_ruff(project)
    tests = run("scripts/test", "-p", "no:sugar", cwd=project)
    assert "Required test coverage of 100.0% reached" in tests.stdout
    for rendered_path, content in rendered.items():
        changed = rendered_path.relative_to(project)
        assert rendered_path.read_bytes() == content, f"{changed} changed"
