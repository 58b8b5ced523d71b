"""Template releases: PEP 440 versions, a CHANGELOG entry each, a tag made by a script."""

from __future__ import annotations

from pathlib import Path
import re
import subprocess
import tomllib

from packaging.version import Version
import pytest

from .helpers import (
    ROOT,
    clean_env,
    commit_all,
    copy_working_tree,
    git,
    template_version,
    with_unreleased_entry,
)

HEADING = re.compile(r"(?m)^## (.+)$")
RELEASE_HEADING = re.compile(r"(?P<version>\S+) - \d{4}-\d{2}-\d{2}")


def _headings(changelog: str) -> list[str]:
    return HEADING.findall(changelog)


def _released(headings: list[str]) -> list[Version]:
    """Return the versions of the release headings, in the CHANGELOG's order."""
    matches = [RELEASE_HEADING.fullmatch(heading) for heading in headings]
    return [Version(match["version"]) for match in matches if match]


def test_changelog_versions_are_pep_440_and_descending() -> None:
    """Every release entry has a PEP 440 version and a date, newest first."""
    headings = _headings((ROOT / "CHANGELOG.md").read_text())
    if headings and headings[0] == "Unreleased":
        headings = headings[1:]
    assert all(map(RELEASE_HEADING.fullmatch, headings)), headings
    versions = _released(headings)
    assert versions, "CHANGELOG.md has no release"
    assert versions == sorted(versions, reverse=True)
    assert len(set(versions)) == len(versions)


def test_project_version_is_the_changelogs() -> None:
    """pyproject.toml has the newest release's version; past it only while unreleased."""
    headings = _headings((ROOT / "CHANGELOG.md").read_text())
    newest = _released(headings)[0]
    if headings[0] == "Unreleased":
        assert template_version() >= newest
    else:
        assert template_version() == newest


def test_lock_records_the_project_version() -> None:
    """uv.lock is current for the version: scripts/setup syncs with --locked."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    (locked,) = [p for p in lock["package"] if p["name"] == project["name"]]
    assert locked["version"] == project["version"], "run scripts/setup --relock"


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """Return a copy of this repository, as a git repository of its own."""
    copy_working_tree(tmp_path)
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    commit_all(tmp_path, "The template as it is")
    return tmp_path


def _set_version(repository: Path, version: str) -> None:
    pyproject = repository / "pyproject.toml"
    pyproject.write_text(
        re.sub(r'(?m)^version = ".*"$', f'version = "{version}"', pyproject.read_text())
    )


def _prepare(repository: Path, version: str) -> None:
    """Make the release commit: the changelog entry and the project version."""
    changelog = repository / "CHANGELOG.md"
    text = with_unreleased_entry(changelog.read_text(), "- A change.\n")
    changelog.write_text(
        text.replace("\n## Unreleased\n", f"\n## {version} - 2026-12-01\n")
    )
    _set_version(repository, version)
    commit_all(repository, f"Release {version}")


def _release(repository: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["scripts/release", *arguments],
        cwd=repository,
        env=clean_env(),
        capture_output=True,
        text=True,
        check=False,
    )


def test_release_tags_a_prepared_release(repository: Path) -> None:
    """A committed entry and version are tagged vX.Y.Z, which copier reads as X.Y.Z."""
    _prepare(repository, "9.1.0")
    result = _release(repository, "9.1.0")
    assert result.returncode == 0, result.stderr
    assert "git push origin v9.1.0" in result.stdout
    assert git("tag", "--points-at", "HEAD", cwd=repository).split() == ["v9.1.0"]
    assert git("cat-file", "-t", "v9.1.0", cwd=repository).strip() == "tag"


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("banana", "not a PEP 440 version"),
        ("9.01.0", "Write the version as 9.1.0"),
        ("9.2.0", "pyproject.toml says 9.1.0"),
    ],
)
def test_release_refuses_a_version_not_prepared(
    repository: Path, version: str, message: str
) -> None:
    """A version that is not the prepared one is refused, and nothing is tagged."""
    _prepare(repository, "9.1.0")
    result = _release(repository, version)
    assert result.returncode == 1
    assert message in result.stderr
    assert git("tag", cwd=repository) == ""


def test_release_refuses_without_a_changelog_entry(repository: Path) -> None:
    """The version alone, without its CHANGELOG entry, is not a release."""
    _set_version(repository, "9.1.0")
    commit_all(repository, "Bump the version only")
    result = _release(repository, "9.1.0")
    assert result.returncode == 1
    assert 'CHANGELOG.md must start with "## 9.1.0 - YYYY-MM-DD"' in result.stderr
    assert git("tag", cwd=repository) == ""


def test_release_refuses_uncommitted_changes(repository: Path) -> None:
    """A release is a commit: a dirty working tree is refused."""
    _prepare(repository, "9.1.0")
    (repository / "README.md").write_text("edited\n")
    result = _release(repository, "9.1.0")
    assert result.returncode == 1
    assert "Commit the release first" in result.stderr
    assert git("tag", cwd=repository) == ""
