"""copier update: template changes reach projects rendered from an older version.

The template's history is built here, not read from this repository's tags: the working
tree is committed and tagged as the current version, and a realistic template change is
committed on top of it and tagged as the next one. Projects are rendered at the first
tag, committed like an author would, and updated to the second with the copier CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version
import json
import os
from pathlib import Path
import re
import subprocess
import sys
import tomllib
from typing import Any

import pytest
import yaml

from .helpers import (
    BIN,
    GIT_IDENTITY,
    ROOT,
    attempt,
    clean_env,
    commit_all,
    copy_working_tree,
    files_below,
    git,
    library_module,
    run,
    template_version,
    uv_lock_check,
    with_unreleased_entry,
)

pytestmark = pytest.mark.slow

CONFLICT_MARKERS = re.compile(r"^(<<<<<<<|>>>>>>>) ", re.MULTILINE)
# The realistic change of the newer version: a shorter request timeout, so that one
# slow answer cannot hold a poll for longer than the polling interval.
CONST = "custom_components/{domain}/const.py"
OLD_TIMEOUT = "DEFAULT_TIMEOUT: Final = 10"
NEW_TIMEOUT = "DEFAULT_TIMEOUT: Final = 5"
# And a clearer error text, in the template's strings.
OLD_ERROR = '"cannot_connect": "Failed to connect to the device."'
NEW_ERROR = '"cannot_connect": "Failed to connect: check the address and that the device is on."'


@dataclass(frozen=True)
class TemplateHistory:
    """A git repository of the template with an older and a newer tagged version."""

    path: Path
    old: str
    new: str


def copier(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the copier CLI as an author would; return the finished process."""
    return attempt(BIN / "copier", *args, cwd=cwd, env={**clean_env(), **GIT_IDENTITY})


def shorten_timeout(template: Path) -> None:
    """Make the newer version's change: the template's const.py and its changelog."""
    const = template / "template/custom_components/[[ project_domain ]]/const.py.jinja"
    const.write_text(const.read_text().replace(OLD_TIMEOUT, NEW_TIMEOUT))
    strings = template / "template/strings/template.json.jinja"
    strings.write_text(strings.read_text().replace(OLD_ERROR, NEW_ERROR))
    changelog = template / "CHANGELOG.md"
    changelog.write_text(
        with_unreleased_entry(
            changelog.read_text(),
            "### Fixed\n- Requests time out after 5 s, not 10 s; a clearer error.\n",
        )
    )


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> TemplateHistory:
    """Return the template at the current version and with one change on top."""
    path = tmp_path_factory.mktemp("template")
    copy_working_tree(path)
    version = template_version()
    old, new = f"v{version}", f"v{version.major}.{version.minor + 1}.0"
    commit_all(path, "The template as it is", tag=old)
    shorten_timeout(path)
    commit_all(path, "Time requests out after 5 s", tag=new)
    return TemplateHistory(path, old, new)


def render(history: TemplateHistory, destination: Path, *data: str) -> Path:
    """Render the template at a version into a new git repository and commit it."""
    arguments = [f"--data={item}" for item in data]
    result = copier(
        "copy", "--defaults", f"--vcs-ref={history.old}", *arguments,
        history.path, destination, cwd=destination.parent,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    git("init", "--quiet", "--initial-branch=main", cwd=destination)
    commit_all(destination, "Render the integration")
    return destination


def update(project: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run copier update in the project with its recorded answers."""
    return copier("update", "--defaults", *arguments, cwd=project)


def answers_of(project: Path) -> dict[str, Any]:
    """Return the project's recorded answers."""
    answers: dict[str, Any] = yaml.safe_load(
        (project / ".copier-answers.yml").read_text()
    )
    return answers


def package_of(project: Path) -> Path:
    """Return the folder of the project's integration."""
    domain: str = answers_of(project)["project_domain"]
    return project / "custom_components" / domain


def const_of(project: Path) -> str:
    """Return the path of the const.py that the newer version changes.

    With a client package, that is the package's (the transport's constants are there).
    """
    answers = answers_of(project)
    if module := library_module(answers):
        return f"library/src/{module}/const.py"
    return CONST.format(domain=answers["project_domain"])


def conflicted_files(project: Path) -> list[str]:
    """Return the files git records as unmerged."""
    return git("diff", "--name-only", "--diff-filter=U", cwd=project).split()


def assert_merged_cleanly(project: Path) -> None:
    """No changed file holds conflict markers or rejected hunks; git records no conflict."""
    for path in files_below(project):
        assert path.suffix != ".rej", path
    # Only files the update wrote: the README shows a conflict as an example.
    changed = git("diff", "--name-only", "HEAD", cwd=project).split()
    changed += git("ls-files", "--others", "--exclude-standard", cwd=project).split()
    for name in changed:
        path = project / name
        if path.is_file() and path.suffix != ".png":
            assert not CONFLICT_MARKERS.search(path.read_text()), path
    assert conflicted_files(project) == []


def run_project_tests(project: Path, *arguments: str) -> str:
    """Run the project's own tests with this repository's environment (same pins)."""
    venv = project / ".venv"
    if not venv.exists():
        venv.symlink_to(ROOT / ".venv")
    result = run("scripts/test", "-p", "no:sugar", *arguments, cwd=project)
    assert "Required test coverage of 100.0% reached" in result.stdout
    return result.stdout


def test_clean_update_brings_the_change(
    history: TemplateHistory, tmp_path: Path
) -> None:
    """An untouched project updates without conflict and its tests still pass."""
    project = render(history, tmp_path / "project")
    result = update(project)
    assert result.returncode == 0, result.stderr
    assert f"Updating to template version {history.new.removeprefix('v')}" in (
        result.stderr
    )
    # What to do next, as the template's _message_after_update says it.
    assert f"Updated My Device to template {history.new}. Next:" in result.stderr
    assert "scripts/setup --relock" in result.stderr
    const = project / const_of(project)
    assert NEW_TIMEOUT in const.read_text()
    assert answers_of(project)["_commit"] == history.new
    assert_merged_cleanly(project)
    changed = git("status", "--porcelain", cwd=project).splitlines()
    assert sorted(line[3:] for line in changed) == [
        ".copier-answers.yml",
        const_of(project),
        "strings/template.json",
    ]
    # The built strings.json lags until scripts/lint builds it; the tests say so.
    check = subprocess.run(
        [sys.executable, "scripts/build_strings.py", "--check"],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert check.returncode == 1
    assert "is not built from strings/: run scripts/lint" in check.stdout
    run(sys.executable, "scripts/build_strings.py", cwd=project)
    assert NEW_ERROR in (package_of(project) / "strings.json").read_text()
    run_project_tests(project)


def customise(project: Path) -> None:
    """Make the edits an author makes: device code, an entity, a template-owned tweak."""
    package = package_of(project)
    # The device serves its data elsewhere: the author's client, fake and tests follow.
    for path in (package / "device.py", project / "tests/fake_device.py"):
        path.write_text(path.read_text().replace('"/api/data"', '"/api/v2/data"'))
    tests = project / "tests/test_device.py"
    tests.write_text(tests.read_text().replace('"/api/data")', '"/api/v2/data")'))
    # One more entity description, with its name in the (template-owned) translations.
    sensor = package / "sensor.py"
    sensor.write_text(
        sensor.read_text().replace(
            "\nSENSORS = (\n",
            "\nSENSORS = (\n"
            "    MyDeviceSensorEntityDescription(\n"
            '        key="room_temperature",\n'
            '        translation_key="room_temperature",\n'
            "        device_class=SensorDeviceClass.TEMPERATURE,\n"
            "        native_unit_of_measurement=UnitOfTemperature.CELSIUS,\n"
            "        value_fn=lambda data: data.temperature,\n"
            "        exists_fn=lambda data: data.temperature is not None,\n"
            "    ),\n",
        )
    )
    # Its name goes in the author's strings; scripts/lint builds strings.json.
    path = project / "strings" / "integration.json"
    data = json.loads(path.read_text())
    sensors = data.setdefault("entity", {}).setdefault("sensor", {})
    sensors["room_temperature"] = {"name": "Room temperature"}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    run(sys.executable, "scripts/build_strings.py", cwd=project)
    # A template-owned file, edited away from the lines the newer version changes.
    const = project / const_of(project)
    const.write_text(
        const.read_text() + '\nSUPPORT_URL: Final = "https://example.com"\n'
    )


def test_customised_project_keeps_the_authors_edits(
    history: TemplateHistory, tmp_path: Path
) -> None:
    """The author's edits survive the update, the change arrives, and tests pass."""
    project = render(history, tmp_path / "project")
    customise(project)
    run_project_tests(project, "--snapshot-update")
    commit_all(project, "Customise the integration")
    edited = {
        path: path.read_text()
        for path in files_below(project)
        if ".venv" not in path.parts and path.suffix in {".py", ".json", ".ambr"}
    }

    result = update(project)

    assert result.returncode == 0, result.stderr
    assert_merged_cleanly(project)
    const = project / const_of(project)
    assert NEW_TIMEOUT in const.read_text()
    assert 'SUPPORT_URL: Final = "https://example.com"' in const.read_text()
    template_strings = project / "strings" / "template.json"
    for path, text in edited.items():
        if path not in {const, template_strings}:
            assert path.read_text() == text, f"{path} changed in the update"
    # The new error text arrives beside the author's entity name.
    run(sys.executable, "scripts/build_strings.py", cwd=project)
    translations = (const.parent / "translations/en.json").read_text()
    assert "room_temperature" in translations
    assert NEW_ERROR in translations
    output = run_project_tests(project)
    assert "snapshots passed" in output


def test_conflicting_edit_is_reported(history: TemplateHistory, tmp_path: Path) -> None:
    """An edit on the lines the template changed is kept, marked and reported."""
    project = render(history, tmp_path / "project")
    const = project / const_of(project)
    const.write_text(
        const.read_text().replace(OLD_TIMEOUT, "DEFAULT_TIMEOUT: Final = 20")
    )
    commit_all(project, "Wait longer for a slow device")

    result = update(project)

    assert result.returncode == 0, result.stderr
    merged = const.read_text()
    assert CONFLICT_MARKERS.search(merged)
    assert "DEFAULT_TIMEOUT: Final = 20" in merged
    assert NEW_TIMEOUT in merged
    # git lists the file as unmerged, so `git status` and `git commit` report it.
    assert conflicted_files(project) == [const_of(project)]
    assert "both modified" in git("status", cwd=project)


def test_answer_change_adds_the_feature(
    history: TemplateHistory, tmp_path: Path
) -> None:
    """copier update --data turning the options flow on adds its code, text and tests."""
    project = render(history, tmp_path / "project", "options_flow=false")
    package = package_of(project)
    assert "OptionsFlow" not in (package / "config_flow.py").read_text()

    result = update(project, "--vcs-ref=:current:", "--data=options_flow=true")

    assert result.returncode == 0, result.stderr
    assert_merged_cleanly(project)
    assert "OptionsFlow" in (package / "config_flow.py").read_text()
    run(sys.executable, "scripts/build_strings.py", cwd=project)  # as scripts/lint does
    assert '"options"' in (package / "translations/en.json").read_text()
    assert "def test_options" in (project / "tests/test_config_flow.py").read_text()
    assert answers_of(project)["options_flow"] is True
    assert answers_of(project)["_commit"] == history.old
    # The template's claims follow the answer; the author's exemption of the options'
    # documentation no longer holds, and the project's own check says so.
    run(sys.executable, "scripts/build_quality_scale.py", cwd=project)
    claims = yaml.safe_load((package / "quality_scale.yaml").read_text())["rules"]
    assert claims["appropriate-polling"]["status"] == "todo"
    (project / ".venv").symlink_to(ROOT / ".venv")
    check = subprocess.run(
        [".venv/bin/python", "-m", "pytest", "-p", "no:sugar", "-q", "--no-cov",
         "tests/test_quality_scale.py"],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "docs-configuration-parameters: exempt, but it applies" in check.stdout
    # The author documents the options later: until then the rule is todo.
    own = project / "quality_scale" / "integration.yaml"
    own.write_text(
        own.read_text().replace(
            "  docs-configuration-parameters:\n"
            "    status: exempt\n"
            "    comment: The integration has no options flow; nothing is configured"
            " after setup.\n",
            "  docs-configuration-parameters: todo\n",
        )
    )
    run(sys.executable, "scripts/build_quality_scale.py", cwd=project)
    run_project_tests(project)


def test_eltako_example_updates_without_conflict(
    history: TemplateHistory, tmp_path: Path
) -> None:
    """The Eltako example, in a git repository of its own, takes the change cleanly."""
    project = tmp_path / "eltako"
    copy_working_tree(project, source=ROOT / "examples/eltako_esr62pf")
    answers_file = project / ".copier-answers.yml"
    answers = answers_file.read_text()
    answers = re.sub(r"(?m)^_commit: .*$", f"_commit: {history.old}", answers)
    answers = re.sub(r"(?m)^_src_path: .*$", f"_src_path: {history.path}", answers)
    answers_file.write_text(answers)
    commit_all(project, "The Eltako Series 62-IP integration")

    result = update(project)

    assert result.returncode == 0, result.stderr
    assert_merged_cleanly(project)
    assert NEW_TIMEOUT in (project / const_of(project)).read_text()
    run(sys.executable, "scripts/build_strings.py", cwd=project)
    assert NEW_ERROR in (package_of(project) / "strings.json").read_text()
    run_project_tests(project)


@pytest.fixture(scope="module")
def history_across_the_split(
    tmp_path_factory: pytest.TempPathFactory,
) -> TemplateHistory:
    """Return 0.1.0, which had tests/test_api.py, and the current template on top."""
    path = tmp_path_factory.mktemp("template-0.1")
    copy_working_tree(path)
    commit_all(path, "The template as it is")
    current = git("rev-parse", "HEAD", cwd=path).strip()
    # 0.1.0's layout: the author's tests in test_api.py, no template-owned transport
    # tests beside them.
    tests = path / "template/tests"
    git("mv", str(tests / "test_device.py.jinja"), str(tests / "test_api.py.jinja"),
        cwd=path)  # fmt: skip
    transport_tests = [
        tests / "[% if not client_library %]test_api_client.py[% endif %].jinja",
        path
        / "template/[% if client_library %]library[% endif %]/tests"
        / "test_api_client.py.jinja",
    ]
    git("rm", "--quiet", *map(str, transport_tests), cwd=path)
    copier_yml = path / "copier.yml"
    copier_yml.write_text(
        copier_yml.read_text().replace(
            "  - tests/test_device.py\n", "  - tests/test_api.py\n"
        )
    )
    commit_all(path, "Lay the tests out as 0.1.0 did", tag="v0.1.0")
    git("checkout", "--quiet", current, "--", ".", cwd=path)
    git("rm", "--quiet", "--cached", "template/tests/test_api.py.jinja", cwd=path)
    (path / "template/tests/test_api.py.jinja").unlink()
    commit_all(path, "Split the transport tests out", tag="v0.2.0")
    return TemplateHistory(path, "v0.1.0", "v0.2.0")


def test_migration_moves_the_authors_api_tests(
    history_across_the_split: TemplateHistory, tmp_path: Path
) -> None:
    """From 0.1.0, the author's tests/test_api.py becomes tests/test_device.py."""
    history = history_across_the_split
    project = render(history, tmp_path / "project")
    authors_test = project / "tests/test_api.py"
    authors_test.write_text(
        authors_test.read_text()
        + '\n\ndef test_written_by_the_author() -> None:\n    """Kept."""\n'
    )
    commit_all(project, "Add a test of my own")

    refused = update(project)
    assert refused.returncode != 0
    assert "--trust" in refused.stderr
    assert git("status", "--porcelain", cwd=project) == ""

    result = update(project, "--trust")

    assert result.returncode == 0, result.stderr
    assert_merged_cleanly(project)
    assert not authors_test.exists()
    moved = (project / "tests/test_device.py").read_text()
    assert "def test_written_by_the_author" in moved
    assert (project / "tests/test_api_client.py").is_file()
    run_project_tests(project)


def released_commit(version: str) -> str:
    """Return the commit of this repository that released a version (tag or message)."""
    tagged = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"v{version}^{{commit}}"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if tagged.returncode == 0:
        return tagged.stdout.strip()
    commit = git("log", "-1", "--format=%H", f"--grep=^Release {version}$", cwd=ROOT)
    assert commit.strip(), f"no release commit of {version} in this repository"
    return commit.strip()


def history_from(version: str, path: Path) -> TemplateHistory:
    """Return the template as released in a version, and the working tree on top of it."""
    archive = subprocess.run(
        ["git", "archive", released_commit(version)],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout  # fmt: skip
    subprocess.run(["tar", "-x", "-C", path], input=archive, check=True)
    git("init", "--quiet", "--initial-branch=main", cwd=path)
    commit_all(path, f"Release {version}", tag=f"v{version}")
    for name in git("ls-files", cwd=path).splitlines():
        (path / name).unlink()
    copy_working_tree(path)
    new = f"v{template_version()}"
    commit_all(path, "The template as it is", tag=new)
    return TemplateHistory(path, f"v{version}", new)


@pytest.fixture(scope="module")
def history_from_0_2(tmp_path_factory: pytest.TempPathFactory) -> TemplateHistory:
    """Return the template as released in 0.2.0, and the working tree on top of it."""
    return history_from("0.2.0", tmp_path_factory.mktemp("template-0.2"))


@pytest.fixture(scope="module")
def history_from_0_7(tmp_path_factory: pytest.TempPathFactory) -> TemplateHistory:
    """Return the template as released in 0.7.0, and the working tree on top of it."""
    return history_from("0.7.0", tmp_path_factory.mktemp("template-0.7"))


def test_migration_moves_the_authors_test_requirements(
    history_from_0_7: TemplateHistory, tmp_path: Path
) -> None:
    """From 0.7.0: requirements_test.txt goes; what the author added moves to pyproject."""
    project = render(history_from_0_7, tmp_path / "project")
    requirements = project / "requirements_test.txt"
    requirements.write_text(
        requirements.read_text() + "# for my own tests\npytest-timeout==2.4.0\n"
    )
    commit_all(project, "Time my tests out")

    result = update(project, "--trust")

    assert result.returncode == 0, result.stderr
    assert_merged_cleanly(project)
    assert not requirements.exists()
    assert "moved your test requirements to pyproject.toml's dev group" in result.stdout
    groups = tomllib.loads((project / "pyproject.toml").read_text())[
        "dependency-groups"
    ]
    assert groups["dev"][-1] == "pytest-timeout==2.4.0"
    # The template's pins are the dev group's own, not duplicated from the old file.
    assert [p for p in groups["dev"] if p.startswith("homeassistant==")] == [
        f"homeassistant=={version('homeassistant')}"
    ]
    assert (project / "uv.lock").is_file()
    # The lock does not have the moved requirement yet: setup says what to do.
    stale = attempt(*uv_lock_check(), cwd=project)
    assert stale.returncode != 0
    assert "needs to be updated" in stale.stderr
    assert "run scripts/setup --relock" in result.stdout


def test_project_without_own_requirements_gets_a_ready_lock(
    history_from_0_7: TemplateHistory, tmp_path: Path
) -> None:
    """From 0.7.0, untouched: the rendered uv.lock matches pyproject.toml as it is."""
    project = render(history_from_0_7, tmp_path / "project")

    result = update(project, "--trust")

    assert result.returncode == 0, result.stderr
    assert not (project / "requirements_test.txt").exists()
    assert "moved your test requirements" not in result.stdout
    run(*uv_lock_check(), cwd=project)
    # The next steps the update prints: scripts/lint builds strings.json with the
    # template's new texts, then the tests.
    run(sys.executable, "scripts/build_strings.py", cwd=project)
    run_project_tests(project)


def test_project_from_0_2_updates_to_the_new_stack(
    history_from_0_2: TemplateHistory, tmp_path: Path
) -> None:
    """A customised 0.2.0 project updates, migrates, and passes on Home Assistant 2026.10.

    After the update the author runs the steps CHANGELOG.md gives: regenerate the
    snapshots (the registry's snapshot shape changed), review, test.
    """
    history = history_from_0_2
    project = render(
        history, tmp_path / "project", "services=true",
        f"platforms={json.dumps(['sensor', 'switch', 'light', 'cover', 'button'])}",
    )  # fmt: skip
    authors_test = project / "tests/test_device.py"
    authors_test.write_text(
        authors_test.read_text()
        + '\n\ndef test_written_by_the_author() -> None:\n    """Kept."""\n'
    )
    commit_all(project, "Add a test of my own")
    assert update(project).returncode != 0, "a migration must need --trust"

    result = update(project, "--trust")

    assert result.returncode == 0, result.stderr
    assert_merged_cleanly(project)
    assert "def test_written_by_the_author" in authors_test.read_text()
    assert "v0.3.0 migration: updated tests/test_entity.py" in result.stdout
    package = package_of(project)
    # v0.3.0 wrote `import probatio as vol`; v0.6.0 drops the alias core bans.
    services = (package / "services.py").read_text()
    assert "import probatio\n" in services
    assert "vol." not in services
    # v0.5.0: commands go through the coordinator, which starts reauthentication.
    for name in ("entity.py", "services.py"):
        assert f"v0.5.0 migration: updated custom_components/{package.name}/{name}" in (
            result.stdout
        )
        assert "coordinator.async_command(" in (package / name).read_text()
    assert "light.const" not in (package / "light.py").read_text()
    # v0.6.0: core's ruff settings ban the __future__ import, in the author's files too.
    assert (
        f"removed the __future__ import from custom_components/{package.name}/entity.py"
        in (result.stdout)
    )
    assert "from __future__" not in (package / "entity.py").read_text()
    assert "from __future__" not in authors_test.read_text()
    # v0.6.0: the author's entity and action texts move to strings/integration.json,
    # the template's sample icons (which froze state icons) go.
    own = json.loads((project / "strings" / "integration.json").read_text())
    assert own["entity"]["switch"] == {"power": {"name": "Power"}}
    assert "send_command" in own["services"]
    strings = json.loads((package / "strings.json").read_text())
    assert strings["entity"] == own["entity"]
    assert "cannot_connect" in strings["config"]["error"]
    icons = json.loads((package / "icons.json").read_text())
    assert icons == {"services": {"send_command": {"service": "mdi:console"}}}
    rules = yaml.safe_load((package / "quality_scale.yaml").read_text())["rules"]
    assert rules["brands"]["status"] == "todo"
    assert {"docs-triggers", "docs-conditions"} <= set(rules)
    assert (package / "brand" / "icon.png").is_file()
    # v0.8.0: the environment is uv's, from pyproject.toml's groups and uv.lock.
    assert not (project / "requirements_test.txt").exists()
    dev = tomllib.loads((project / "pyproject.toml").read_text())["dependency-groups"]
    assert any(pin.startswith("homeassistant==2026.10") for pin in dev["dev"])
    assert (project / "uv.lock").read_text() == (ROOT / "template/uv.lock").read_text()
    (project / ".venv").symlink_to(ROOT / ".venv")
    run(".venv/bin/python", "-m", "pytest", "-p", "no:sugar", "-q", "--no-cov",
        "--snapshot-update", cwd=project)  # fmt: skip
    run("scripts/lint", cwd=project)  # sorts the imports the way core does
    run("scripts/lint", "--check", cwd=project)
    run_project_tests(project)


def run_workflow_steps(project: Path, tmp_path: Path) -> dict[str, str]:
    """Run the check and update steps of the project's template-update workflow.

    uvx is replaced by this environment's copier (the same version the workflow pins),
    so no package is downloaded; the pull request step needs GitHub and is not run.
    """
    workflow = yaml.safe_load(
        (project / ".github/workflows/template-update.yml").read_text()
    )
    shims = tmp_path / "shims"
    shims.mkdir(parents=True)
    uvx = shims / "uvx"
    uvx.write_text(
        f'#!/bin/sh\n# uvx --from PIN copier ARGS...\nshift 3\nexec "{BIN / "copier"}" "$@"\n'
    )
    uvx.chmod(0o755)
    (shims / "uv").symlink_to(ROOT / ".venv" / "bin" / "uv")
    output = tmp_path / "github_output"
    output.touch()
    env = {
        **clean_env(),
        **GIT_IDENTITY,
        **workflow["env"],
        "GITHUB_OUTPUT": str(output),
        "PATH": f"{shims}{os.pathsep}{os.environ['PATH']}",
    }
    steps = {
        step["id"]: step for step in workflow["jobs"]["update"]["steps"] if "id" in step
    }

    def outputs() -> dict[str, str]:
        lines = output.read_text().splitlines()
        return dict(line.split("=", 1) for line in lines if line)

    for name in ("check", "update"):
        if name == "update" and outputs()["newer"] != "true":
            break
        subprocess.run(
            ["bash", "-e", "-c", steps[name]["run"]], cwd=project, env=env, check=True
        )
    return outputs()


def test_update_workflow_updates_only_when_a_newer_version_exists(
    history: TemplateHistory, tmp_path: Path
) -> None:
    """The workflow's steps find the newer version, update, and name the conflicts."""
    project = render(history, tmp_path / "project")
    const = project / const_of(project)
    const.write_text(
        const.read_text().replace(OLD_TIMEOUT, "DEFAULT_TIMEOUT: Final = 20")
    )
    commit_all(project, "Wait longer for a slow device")

    outputs = run_workflow_steps(project, tmp_path / "first")

    assert outputs == {
        "newer": "true",
        "version": history.new.removeprefix("v"),
        "conflicts": const_of(project),
    }
    assert CONFLICT_MARKERS.search(const.read_text())
    # The workflow builds the strings: the template's new text is in the pull request.
    assert NEW_ERROR in (package_of(project) / "strings.json").read_text()
    commit_all(project, "Update from the template")
    assert run_workflow_steps(project, tmp_path / "second") == {"newer": "false"}


def test_recopy_restores_template_files_and_keeps_the_authors(
    history: TemplateHistory, tmp_path: Path
) -> None:
    """copier recopy re-renders template-owned files and leaves the author's alone."""
    project = render(history, tmp_path / "project")
    package = package_of(project)
    const, device = package / "const.py", package / "device.py"
    rendered_const = const.read_text()
    const.write_text(rendered_const + "# an edit the template does not have\n")
    device.write_text(device.read_text() + "# the author's device code\n")
    commit_all(project, "Edit one file of each kind")

    result = copier(
        "recopy", "--defaults", "--overwrite", "--vcs-ref=:current:", cwd=project
    )

    assert result.returncode == 0, result.stderr
    assert const.read_text() == rendered_const
    assert device.read_text().endswith("# the author's device code\n")


def edit_client_code(project: Path) -> None:
    """Give the author's device.py and models.py code of their own, and commit it."""
    for name, mark in (
        ("device.py", "ENDPOINT_OF_MINE"),
        ("models.py", "FIELD_OF_MINE"),
    ):
        path = package_of(project) / name
        path.write_text(f"{path.read_text()}\n\n{mark} = 1\n")
    commit_all(project, "The author's endpoints and data")
    # The migration sorts the imports it changes with the project's ruff.
    (project / ".venv").symlink_to(ROOT / ".venv")


def assert_client_code_in_the_package(project: Path) -> None:
    """The author's client code is the package's, and the author's imports follow."""
    package = package_of(project)
    library = project / "library" / "src" / "my_device_client"
    assert "ENDPOINT_OF_MINE = 1" in (library / "device.py").read_text()
    assert "FIELD_OF_MINE = 1" in (library / "models.py").read_text()
    assert not {"api.py", "device.py", "models.py"} & {
        p.name for p in package.iterdir()
    }
    assert "from my_device_client.models import DeviceData" in (
        (package / "sensor.py").read_text()
    )
    assert "from my_device_client.const import API_BASE_PATH" in (
        (project / "tests" / "fake_device.py").read_text()
    )
    run(".venv/bin/ruff", "check", ".", cwd=project)


def test_turning_the_client_library_on_carries_the_authors_client_code(
    history_from_0_7: TemplateHistory, tmp_path: Path
) -> None:
    """--data client_library=true on the update that crosses 0.17.0: the author's
    device.py and models.py go into the package (the update itself deletes them from
    the integration), and the author's imports follow."""
    project = render(history_from_0_7, tmp_path / "project", 'platforms=["sensor"]')
    edit_client_code(project)

    result = update(project, "--trust", "--data=client_library=true")

    assert result.returncode == 0, result.stderr
    assert_client_code_in_the_package(project)


def test_turning_the_client_library_on_later_takes_the_command_it_prints(
    history: TemplateHistory, tmp_path: Path
) -> None:
    """After 0.17.0 the update runs no migration (and needs no --trust): it prints the
    command that carries the author's client code into the package, which does."""
    project = render(history, tmp_path / "project", 'platforms=["sensor"]')
    edit_client_code(project)

    result = update(project, "--data=client_library=true")

    assert result.returncode == 0, result.stderr
    command = ".venv/bin/python scripts/into_library.py my_device my_device_client"
    assert command in result.stderr
    library = project / "library" / "src" / "my_device_client"
    assert "ENDPOINT_OF_MINE" not in (library / "device.py").read_text()
    run(*command.split(), cwd=project)
    assert_client_code_in_the_package(project)
    # Once committed, there is nothing left to carry, and it says so.
    commit_all(project, "Update from the template")
    assert "Nothing carried" in run(*command.split(), cwd=project).stdout
