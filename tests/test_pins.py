"""The rendered project pins the same stack as this repository: one source of truth."""

from __future__ import annotations

from importlib.metadata import requires, version
import json
from pathlib import Path
import re
import tomllib

from pytest_copie.plugin import Copie
import yaml

from .answer_sets import ANSWER_SETS
from .helpers import ENVIRONMENTS, ROOT, ha_components, run, run_in, uv_lock_check

PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;#]+)")


TEMPLATE_PYPROJECT = ROOT / "template" / "pyproject.toml.jinja"


def _without_conditional_lines(text: str) -> str:
    """Return a template's text as the answers that turn its blocks off render it.

    Of each `[% if %]` block (one level deep), only its `[% else %]` part is kept.
    """
    kept: list[str] = []
    keeping = True
    for line in text.splitlines(keepends=True):
        tag = line.strip()
        if tag.startswith("[% if "):
            keeping = False
        elif tag in ("[% else %]", "[% endif %]"):
            keeping = True
        elif keeping:
            kept.append(line)
    return "".join(kept)


def _group_pins(group: str, path: Path = ROOT / "pyproject.toml") -> dict[str, str]:
    """Return the pins of one of a pyproject.toml's dependency groups."""
    # The template's one Jinja expression writes a TOML array-of-tables header; its
    # blocks (a client package's settings) are left out.
    text = _without_conditional_lines(path.read_text())
    config = tomllib.loads(text.replace("[[ '[[' ]]", "[["))
    pins = {}
    for requirement in config["dependency-groups"][group]:
        match = PIN.match(requirement)
        assert match, f"{requirement!r} in {path.name} is not pinned with =="
        pins[match[1].lower()] = match[2]
    return pins


def _root_pins() -> dict[str, str]:
    """Return the pins of pyproject.toml's dev group, the source of truth."""
    return _group_pins("dev")


def _minimum_pins() -> dict[str, str]:
    """Return the oldest supported Home Assistant and its harness (group minimum)."""
    return _group_pins("minimum")


def _python_floor() -> str:
    """Return the X.Y.Z of pyproject.toml's requires-python (">=X.Y.Z")."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    requires: str = config["project"]["requires-python"]
    assert requires.startswith(">="), requires
    return requires.removeprefix(">=")


def test_rendered_groups_use_the_same_versions() -> None:
    """The rendered dev and minimum groups pin what this repository's groups pin."""
    for group in ("dev", "minimum"):
        root, rendered = _group_pins(group), _group_pins(group, TEMPLATE_PYPROJECT)
        assert {"homeassistant", "pytest-homeassistant-custom-component"} <= set(
            rendered
        )
        drift = {
            name: (version, root.get(name))
            for name, version in rendered.items()
            if root.get(name) != version
        }
        assert not drift, f"the rendered {group} group differs from ours: {drift}"
    assert {"ruff", "mypy", "syrupy"} <= set(_group_pins("dev", TEMPLATE_PYPROJECT))


def test_rendered_default_config_group_is_the_pinned_releases(tmp_path: Path) -> None:
    """The rendered default-config group is what the pinned release's start needs."""
    rendered = TEMPLATE_PYPROJECT.read_text()
    copy = tmp_path / "pyproject.toml"
    copy.write_text(rendered)
    run(ROOT / ".venv" / "bin" / "python", ROOT / "template/scripts/default_config.py",
        copy, cwd=tmp_path)  # fmt: skip
    assert copy.read_text() == rendered, "scripts/bump-ha regenerates the group"
    frontend = json.loads(
        (ha_components(".venv") / "frontend" / "manifest.json").read_text()
    )["requirements"]
    assert set(frontend) <= {
        f"{name}=={version}"
        for name, version in _group_pins("default-config", TEMPLATE_PYPROJECT).items()
    }


def test_rendered_lock_matches_the_rendered_groups(copie: Copie) -> None:
    """template/uv.lock is the lock of the rendered pyproject.toml, as uv checks it."""
    result = copie.copy(extra_answers={})
    assert result.project_dir is not None
    assert (result.project_dir / "uv.lock").read_text() == (
        ROOT / "template" / "uv.lock"
    ).read_text()
    run(*uv_lock_check(), cwd=result.project_dir)


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


def test_hacs_minimum_is_the_oldest_tested_home_assistant() -> None:
    """hacs.json claims the oldest Home Assistant the tests run against."""
    text = (
        (ROOT / "template" / "hacs.json.jinja")
        .read_text()
        .replace("[[ integration_title ]]", "x")
    )
    minimum = _minimum_pins()["homeassistant"]
    assert json.loads(text)["homeassistant"] == minimum
    readme = (ROOT / "template" / "README.md.jinja").read_text()
    assert f"It needs Home Assistant {minimum} or newer." in readme


def test_minimum_harness_is_the_twin_of_the_minimum() -> None:
    """.venv-minimum holds the minimum's harness, which pins exactly that release."""
    minimum = _minimum_pins()
    script = (
        "from importlib.metadata import requires, version\n"
        "print(version('homeassistant'))\n"
        "print(version('pytest-homeassistant-custom-component'))\n"
        "print(*requires('pytest-homeassistant-custom-component'), sep='\\n')\n"
    )
    lines = run_in(".venv-minimum", script).splitlines()
    assert lines[0] == minimum["homeassistant"]
    assert lines[1] == minimum["pytest-homeassistant-custom-component"]
    assert f"homeassistant=={minimum['homeassistant']}" in lines[2:]


def test_generated_tests_workflow_covers_minimum_and_pinned() -> None:
    """The generated tests workflow runs the minimum group and the pinned dev group."""
    workflow = yaml.safe_load(
        _without_conditional_lines(
            (ROOT / "template/.github/workflows/tests.yml.jinja").read_text()
        )
    )
    matrix = workflow["jobs"]["test"]["strategy"]["matrix"]["home-assistant"]
    assert {entry["setup"] for entry in matrix} == {"--minimum", ""}
    names = " ".join(entry["name"] for entry in matrix)
    assert _minimum_pins()["homeassistant"] in names
    steps = [step.get("run", "") for step in workflow["jobs"]["test"]["steps"]]
    assert "scripts/setup ${{ matrix.home-assistant.setup }}" in steps


def test_python_floor_is_the_same_everywhere() -> None:
    """One Python floor: this repository, the rendered setup, devcontainer and CI."""
    floor = _python_floor()
    series = ".".join(floor.split(".")[:2])
    setup = (ROOT / "template" / "scripts" / "setup").read_text()
    assert f"\nMIN_PYTHON={floor}\n" in setup
    assert f"\nPYTHON_SERIES={series}\n" in setup
    devcontainer = (ROOT / "template" / ".devcontainer.json.jinja").read_text()
    assert f"devcontainers/python:{series}" in devcontainer
    for workflow in (
        "template/.github/workflows/tests.yml.jinja",
        ".github/workflows/ci.yml",
    ):
        assert f'python-version: "{series}"' in (ROOT / workflow).read_text(), workflow
    rendered = TEMPLATE_PYPROJECT.read_text()
    assert f'requires-python = ">={floor}"' in rendered
    assert f'target-version = "py{series.replace(".", "")}"' in rendered
    assert f'python_version = "{series}"' in rendered


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


def test_repository_ci_runs_every_answer_set_and_part() -> None:
    """The parallel CI jobs together run every part of scripts/test and every render."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    args = [
        entry["args"]
        for entry in workflow["jobs"]["test"]["strategy"]["matrix"]["part"]
    ]
    for part in ("lint", "template", "examples", "smoke"):
        assert any(arg.startswith(f"--only {part}") for arg in args), part
    assert '--only template -m "not slow"' in args
    for name in ANSWER_SETS:
        assert f"--only template -m slow -k {name}" in args, name


def test_newest_home_assistant_has_the_frontend_it_requires() -> None:
    """.venv-newest pins the frontend that the newest release's manifest requires."""
    newest = _group_pins("newest")
    manifest = ha_components(".venv-newest") / "frontend" / "manifest.json"
    required = json.loads(manifest.read_text())["requirements"]
    assert required == [f"home-assistant-frontend=={newest['home-assistant-frontend']}"]


def test_generated_quality_scale_knows_every_rule_of_core() -> None:
    """The rule list of the generated claim check is core's, in every release."""
    text = (ROOT / "template" / "tests" / "test_quality_scale.py.jinja").read_text()
    block = text[text.index("QUALITY_SCALE_RULES = frozenset(") :]
    ours = set(re.findall(r'"([a-z-]+)"', block[: block.index("}")]))
    for environment in ENVIRONMENTS:
        # elgato is platinum: its quality_scale.yaml lists every rule there is.
        elgato = ha_components(environment) / "elgato" / "quality_scale.yaml"
        assert set(yaml.safe_load(elgato.read_text())["rules"]) == ours, environment
