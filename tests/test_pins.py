"""The rendered project pins the same stack as this repository: one source of truth."""

from __future__ import annotations

from importlib.metadata import requires, version
import json
import re
import tomllib

import yaml

from .helpers import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;#]+)")


def _root_pins() -> dict[str, str]:
    """Return the pins of pyproject.toml's dev group, the source of truth."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    pins = {}
    for requirement in config["dependency-groups"]["dev"]:
        match = PIN.match(requirement)
        assert match, f"{requirement!r} in pyproject.toml is not pinned with =="
        pins[match[1].lower()] = match[2]
    return pins


def _rendered_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "template" / "requirements_test.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            match = PIN.match(line)
            assert match, f"{line!r} in requirements_test.txt is not pinned with =="
            pins[match[1].lower()] = match[2]
    return pins


def test_rendered_requirements_use_the_same_versions() -> None:
    """Every pin the rendered project has is the same as this repository's."""
    root, rendered = _root_pins(), _rendered_pins()
    assert {
        "homeassistant",
        "pytest-homeassistant-custom-component",
        "ruff",
        "mypy",
    } <= set(rendered)
    drift = {
        name: (version, root.get(name))
        for name, version in rendered.items()
        if root.get(name) != version
    }
    assert not drift, (
        f"template/requirements_test.txt differs from pyproject.toml: {drift}"
    )


def test_stack_is_the_one_the_harness_pins() -> None:
    """The harness is the twin of the pinned Home Assistant, and syrupy is its version."""
    root = _root_pins()
    assert version("homeassistant") == root["homeassistant"]
    harness = {
        match[1].lower(): match[2]
        for line in requires("pytest-homeassistant-custom-component") or []
        if (match := PIN.match(line))
    }
    assert harness["homeassistant"] == root["homeassistant"]
    assert harness["syrupy"] == root["syrupy"]


def test_hacs_minimum_is_the_tested_home_assistant() -> None:
    """hacs.json claims the Home Assistant version the tests run against."""
    text = (
        (ROOT / "template" / "hacs.json.jinja")
        .read_text()
        .replace("[[ integration_title ]]", "x")
    )
    assert json.loads(text)["homeassistant"] == _root_pins()["homeassistant"]


def test_pre_commit_ruff_is_the_pinned_ruff() -> None:
    """The rendered pre-commit hook runs the same ruff as the tests."""
    config = yaml.safe_load((ROOT / "template" / ".pre-commit-config.yaml").read_text())
    revs = {repo["repo"]: repo.get("rev") for repo in config["repos"]}
    assert (
        revs["https://github.com/astral-sh/ruff-pre-commit"]
        == f"v{_root_pins()['ruff']}"
    )


def test_template_update_workflow_runs_the_pinned_copier() -> None:
    """The rendered template-update workflow runs the copier these tests run."""
    workflow = yaml.safe_load(
        (ROOT / "template/.github/workflows/template-update.yml").read_text()
    )
    assert workflow["env"]["COPIER"] == f"copier=={_root_pins()['copier']}"
