"""The committed examples are what the template renders from their answers.

Template-owned files must match a fresh render byte for byte; author-owned files (the
template's _skip_if_exists) hold the example's own code and are not compared. Run
scripts/render-example after a template change to bring an example up to date.
"""

from __future__ import annotations

from pathlib import Path
import subprocess
from typing import Any

from pathspec import GitIgnoreSpec
import pytest
import yaml

import copier

from .helpers import ROOT, author_owned_patterns, files_below, library_module

EXAMPLES = sorted(path.parent for path in ROOT.glob("examples/*/.copier-answers.yml"))
# Lines of the answers file that name where and when the example was rendered.
PROVENANCE = ("_commit:", "_src_path:")


def _tracked_files(example: Path) -> set[str]:
    """Return the example's files as committed (or staged), relative to it."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--", "."],
        cwd=example,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return {line for line in listed if (example / line).is_file()}


def _author_owned(answers: dict[str, Any]) -> GitIgnoreSpec:
    return GitIgnoreSpec.from_lines(
        author_owned_patterns(answers["project_domain"], library_module(answers))
    )


def _without_provenance(text: str) -> str:
    return "".join(
        line
        for line in text.splitlines(keepends=True)
        if not line.startswith(PROVENANCE)
    )


@pytest.fixture(params=EXAMPLES, ids=[example.name for example in EXAMPLES])
def example(request: pytest.FixtureRequest) -> Path:
    """Return the directory of one committed example."""
    path: Path = request.param
    return path


@pytest.fixture
def fresh(example: Path, tmp_path: Path) -> Path:
    """Render the template afresh with the example's answers."""
    answers = yaml.safe_load((example / ".copier-answers.yml").read_text())
    copier.run_copy(
        str(ROOT),
        str(tmp_path / "fresh"),
        data={key: value for key, value in answers.items() if not key.startswith("_")},
        defaults=True,
        vcs_ref="HEAD",
        quiet=True,
    )
    return tmp_path / "fresh"


def test_there_are_the_examples() -> None:
    """The Eltako and Elgato reference integrations are committed."""
    assert ROOT / "examples" / "eltako_esr62pf" in EXAMPLES
    assert ROOT / "examples" / "elgato_light" in EXAMPLES


def test_template_owned_files_match_a_fresh_render(example: Path, fresh: Path) -> None:
    """Every template-owned file of the example is exactly what the template renders."""
    answers = yaml.safe_load((example / ".copier-answers.yml").read_text())
    author_owned = _author_owned(answers)
    tracked = _tracked_files(example)
    differing, missing = [], []
    for path in files_below(fresh):
        relative = str(path.relative_to(fresh))
        if author_owned.match_file(relative):
            continue
        if relative not in tracked:
            missing.append(relative)
            continue
        expected, actual = path.read_text(), (example / relative).read_text()
        if relative == ".copier-answers.yml":
            expected, actual = map(_without_provenance, (expected, actual))
        if expected != actual:
            differing.append(relative)
    assert (differing, missing) == ([], []), (
        "template-owned files differ from a fresh render; run scripts/render-example"
    )


def test_example_adds_files_only_where_the_author_owns_them(
    example: Path, fresh: Path
) -> None:
    """Files the template does not render are the author's own tests and modules.

    A module of the integration's own (an entity platform the template has no starting
    point for, such as update.py, or a helper module), or of the client package's, is
    never rendered, so no update touches it; anything else would be a file the
    template ought to render.
    """
    rendered = {str(path.relative_to(fresh)) for path in files_below(fresh)}
    added = sorted(_tracked_files(example) - rendered)
    answers = yaml.safe_load((example / ".copier-answers.yml").read_text())
    packages = [f"custom_components/{answers['project_domain']}/"]
    if module := library_module(answers):
        packages.append(f"library/src/{module}/")
    assert all(
        name.startswith("tests/test_")
        or any(
            name.startswith(package)
            and name.endswith(".py")
            and "/" not in name.removeprefix(package)
            for package in packages
        )
        for name in added
    ), added
