"""Shared helpers for the template tests."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
import os
from pathlib import Path
import shutil
import subprocess
import sys
import tomllib
from typing import Any

from packaging.version import Version
from pytest_copie.plugin import Copie
import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Template Tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "Template Tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
}


def clean_env() -> dict[str, str]:
    """Return the environment without the outer pytest's own variables."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "COV_CORE_", "COVERAGE_"))
    }


def attempt(
    *args: str | Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command with its output captured; return it finished, whatever its exit.

    env defaults to this environment without the outer pytest's own variables.
    """
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=clean_env() if env is None else env,
        capture_output=True,
        text=True,
        check=False,
    )


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command; fail the test with its output if it exits non-zero."""
    result = attempt(*args, cwd=cwd)
    assert result.returncode == 0, (
        f"{' '.join(map(str, args))} exited {result.returncode} in {cwd}\n"
        f"--- stdout ---\n{result.stdout[-6000:]}\n--- stderr ---\n{result.stderr[-6000:]}"
    )
    return result


# The environments scripts/setup makes: the oldest supported Home Assistant and its
# harness, the pinned stack, and the newest release (which has no harness yet).
ENVIRONMENTS = (".venv-minimum", ".venv", ".venv-newest")


def check_with_cores_ruff(project: Path) -> None:
    """Lint a project's integration with Home Assistant core's own ruff settings."""
    run(
        ROOT / ".venv" / "bin" / "ruff",
        "check",
        "--no-cache",
        "--config",
        ROOT / "tests" / "ha_core_ruff.toml",
        "custom_components",
        cwd=project,
    )


def run_in(environment: str, code: str) -> str:
    """Run Python code in one of scripts/setup's environments; return what it prints."""
    python = ROOT / environment / "bin" / "python"
    assert python.exists(), f"no {environment}; run scripts/setup"
    return subprocess.run(
        [python, "-c", code], check=True, capture_output=True, text=True
    ).stdout


@cache
def base_python() -> str:
    """Return the interpreter behind .venv, a Python >= 3.14.2 (uv and setup need one)."""
    return run_in(".venv", "import sys; print(sys._base_executable)").strip()


def uv_lock_check() -> tuple[str, ...]:
    """Return uv's offline check that a project's uv.lock matches its pyproject.toml."""
    uv = str(ROOT / ".venv" / "bin" / "uv")
    return (uv, "lock", "--check", "--offline", "--python", base_python())


def ha_components(environment: str) -> Path:
    """Return the homeassistant/components folder of one of those environments."""
    code = "import homeassistant.components as c; print(c.__path__[0])"
    return Path(run_in(environment, code).strip())


def files_below(root: Path) -> list[Path]:
    """Return every file below root, skipping caches and the git directory."""
    skip = {".git", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and not skip & set(path.relative_to(root).parts)
    )


def library_module(answers: Mapping[str, Any]) -> str:
    """Return the client package's import name, empty without one (as copier.yml)."""
    if not answers.get("client_library"):
        return ""
    return str(answers["library_name"]).replace("-", "_")


def author_owned_patterns(domain: str, library_module: str = "") -> list[str]:
    """Return copier.yml's _skip_if_exists patterns, rendered for a domain.

    Without a client package (library_module empty), its patterns are left out.
    """
    # The settings are the first YAML document; later ones hold the questions.
    settings = yaml.safe_load((ROOT / "copier.yml").read_text().split("\n---\n")[0])
    return [
        pattern.replace("[[ project_domain ]]", domain).replace(
            "[[ library_module ]]", library_module
        )
        for pattern in settings["_skip_if_exists"]
        if library_module or "[[ library_module ]]" not in pattern
    ]


def git(*args: str, cwd: Path) -> str:
    """Run git with a fixed identity; return its output."""
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env={**clean_env(), **GIT_IDENTITY},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def commit_all(repo: Path, message: str, tag: str | None = None) -> None:
    """Commit everything in repo, and tag the commit if a tag is given."""
    git("add", "--all", cwd=repo)
    git("commit", "--quiet", "--allow-empty", "--message", message, cwd=repo)
    if tag is not None:
        git("tag", tag, cwd=repo)


def copy_working_tree(destination: Path, source: Path = ROOT) -> None:
    """Copy a folder of this repository as it is now (committed or not) to destination.

    destination becomes a git repository of its own, with nothing committed yet.
    """
    listed = git(
        "ls-files", "--cached", "--others", "--exclude-standard", "-z", ".", cwd=source
    ).split("\0")
    for name in filter(None, listed):
        if (source / name).is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, target)
    git("init", "--quiet", "--initial-branch=main", cwd=destination)


def last_destination(copie: Copie) -> Path:
    """Return the folder copie's latest copy() rendered into (or refused to)."""
    return copie.test_dir / f"copie{copie.counter - 1:03d}"


def with_unreleased_entry(changelog: str, entry: str) -> str:
    """Return CHANGELOG.md's text with entry first under "## Unreleased", made if need be."""
    if "\n## Unreleased\n" not in changelog:
        changelog = changelog.replace("\n## ", "\n## Unreleased\n\n## ", 1)
    return changelog.replace("\n## Unreleased\n", f"\n## Unreleased\n\n{entry}", 1)


def template_version(root: Path = ROOT) -> Version:
    """Return the template's version, as pyproject.toml states it."""
    pyproject = tomllib.loads((root / "pyproject.toml").read_text())
    return Version(pyproject["project"]["version"])
