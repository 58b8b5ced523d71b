"""The template renders a complete integration for every answer set."""

from __future__ import annotations

import json
from pathlib import Path
import re
import tomllib
from typing import Any

import pytest
from pytest_copie.plugin import Copie, Result
import yaml

from .answer_sets import ALL_PLATFORMS
from .helpers import (
    BIN,
    ROOT,
    author_owned_patterns,
    files_below,
    library_module,
    run,
)

INTEGRATION_FILES = [
    "__init__.py",
    "api.py",
    "config_flow.py",
    "const.py",
    "coordinator.py",
    "device.py",
    "diagnostics.py",
    "entity.py",
    "hooks.py",
    "manifest.json",
    "models.py",
    "quality_scale.yaml",
    "strings.json",
    "brand/icon.png",
    "brand/icon@2x.png",
    "brand/logo.png",
    "brand/logo@2x.png",
    "translations/en.json",
]
PROJECT_FILES = [
    ".copier-answers.yml",
    ".devcontainer.json",
    ".github/copilot-instructions.md",
    ".github/workflows/bump-ha.yml",
    ".github/workflows/release.yml",
    ".github/workflows/template-update.yml",
    ".github/workflows/tests.yml",
    ".github/workflows/validate.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "LICENSE",
    "AGENTS.md",
    "CHANGELOG.md",
    "CONTRIBUTING.md",
    "README.md",
    "config/configuration.yaml",
    "hacs.json",
    "pyproject.toml",
    "quality_scale/integration.yaml",
    "quality_scale/template.yaml",
    "scripts/build_quality_scale.py",
    "scripts/build_strings.py",
    "scripts/bump-ha",
    "scripts/default_config.py",
    "scripts/develop",
    "scripts/lint",
    "scripts/release",
    "scripts/release.py",
    "scripts/setup",
    "scripts/test",
    "strings/integration.json",
    "strings/template.json",
    "tests/__init__.py",
    "tests/client_fixtures.py",
    "tests/conftest.py",
    "tests/fake_device.py",
    "tests/fake_server.py",
    "tests/fixtures.py",
    "tests/test_device.py",
    "tests/test_config_flow.py",
    "tests/test_consistency.py",
    "tests/test_quality_scale.py",
    "tests/test_diagnostics.py",
    "tests/test_entity.py",
    "tests/test_faults.py",
    "tests/test_coordinator.py",
    "tests/test_init.py",
    "tests/snapshots/test_diagnostics.ambr",
    "uv.lock",
]
# Our Jinja delimiters as the template writes them. Python's own "[[" (as in
# Callable[[int], str]) never has a space after it, so it does not match.
# A line ending in ]] is a leftover, unless it is a TOML [[array.of.tables]] header.
LEFTOVER_JINJA = re.compile(
    r"\[\[ |^(?!\[\[[\w.-]+\]\]\s*$).*\]\]\s*$| \]\]|\[%|%\]|\[#|#\]", re.MULTILINE
)


def _domain(result: Result) -> str:
    assert result.project_dir is not None
    answers = yaml.safe_load((result.project_dir / ".copier-answers.yml").read_text())
    return str(answers["project_domain"])


def test_renders_every_file(rendered: Result) -> None:
    """The integration and its project files are all there, and nothing else."""
    project = rendered.project_dir
    assert project is not None
    integration = f"custom_components/{_domain(rendered)}"
    transport = rendered.answers["transport"]
    push = rendered.answers["iot_class"].endswith("push")
    platforms = rendered.answers["platforms"]
    # With client_library, the client modules are the package's (library/).
    client = ["api.py", "device.py", "models.py"]
    client += ["tls.py"] if transport == "https_pinned" else []
    library = rendered.answers["client_library"]
    module = library_module(rendered.answers)
    library_files = [
        "library/LICENSE",
        "library/README.md",
        "library/pyproject.toml",
        *(
            f"library/src/{module}/{name}"
            for name in ["__init__.py", "const.py", "py.typed", *client]
        ),
        # The package's own tests: the transport's, and that it stands alone; the
        # root conftest.py loads the client's fixtures for them and for tests/.
        "conftest.py",
        "library/tests/test_api_client.py",
        "library/tests/test_independence.py",
        # Carries the author's client code in when an update turns the answer on.
        "scripts/into_library.py",
    ]
    integration_files = [
        *(name for name in INTEGRATION_FILES if not (library and name in client)),
        *(["tls.py"] if transport == "https_pinned" and not library else []),
        *(["channel.py", "events.py"] if push else []),
        *(f"{platform}.py" for platform in platforms),
        *(["services.py", "services.yaml"] if rendered.answers["services"] else []),
        # Icons only where an entity or action needs its own.
        *(
            ["icons.json"]
            if "select" in platforms or rendered.answers["services"]
            else []
        ),
    ]
    project_files = [
        *PROJECT_FILES,
        *(["tests/certificates.py"] if transport != "http" else []),
        *(["tests/test_channel.py", "tests/test_push.py"] if push else []),
        *(f"tests/test_{platform}.py" for platform in platforms),
        *(f"tests/snapshots/test_{platform}.ambr" for platform in platforms),
        *(["tests/test_services.py"] if rendered.answers["services"] else []),
        *(library_files if library else ["tests/test_api_client.py"]),
    ]
    expected = sorted(
        [*project_files, *(f"{integration}/{name}" for name in integration_files)]
    )
    assert [str(p.relative_to(project)) for p in files_below(project)] == expected


def test_no_jinja_survives(rendered: Result) -> None:
    """No template delimiter is left in any path or file content."""
    project = rendered.project_dir
    assert project is not None
    for path in files_below(project):
        relative = str(path.relative_to(project))
        assert not LEFTOVER_JINJA.search(relative), relative
        if path.suffix == ".png" or relative == "uv.lock":  # copied as they are
            continue
        match = LEFTOVER_JINJA.search(path.read_text(encoding="utf-8"))
        assert match is None, f"{relative}: {match and match.group()!r}"


def test_manifest_reflects_the_answers(
    rendered: Result, answers: dict[str, Any]
) -> None:
    """manifest.json carries the answers, with hassfest's key order."""
    project = rendered.project_dir
    assert project is not None
    domain = _domain(rendered)
    manifest = json.loads(
        (project / "custom_components" / domain / "manifest.json").read_text()
    )
    given = rendered.answers
    discovery = ["zeroconf"] if given["zeroconf_type"] else []
    dhcp = ["dhcp"] if given.get("dhcp") else []
    homekit = ["homekit"] if given["homekit_models"] else []
    assert list(manifest) == [
        "domain",
        "name",
        "codeowners",
        "config_flow",
        *dhcp,
        "documentation",
        *homekit,
        "integration_type",
        "iot_class",
        "issue_tracker",
        *(["loggers"] if given["client_library"] else []),
        "requirements",
        "version",
        *discovery,
    ]
    if dhcp:
        assert manifest["dhcp"] == [{"registered_devices": True}]
    if homekit:
        assert manifest["homekit"] == {"models": given["homekit_models"].split(",")}
    name, properties = given.get("zeroconf_name"), given.get("zeroconf_properties")
    if discovery and not (name or properties):
        assert manifest["zeroconf"] == [given["zeroconf_type"]]
    elif discovery:
        matcher: dict[str, Any] = {"type": given["zeroconf_type"]}
        if name:
            matcher["name"] = name
        if properties:
            matcher["properties"] = dict(
                pair.split("=", 1) for pair in properties.split(",")
            )
        assert manifest["zeroconf"] == [matcher]
    assert manifest["domain"] == domain
    assert manifest["name"] == given["integration_name"].strip()
    assert manifest["codeowners"] == [given["codeowner"]]
    assert manifest["documentation"] == given["documentation_url"]
    assert manifest["issue_tracker"] == given["issue_tracker_url"]
    assert manifest["integration_type"] == given["integration_type"]
    assert manifest["iot_class"] == given["iot_class"]
    assert manifest["version"] == given["version"]
    # The client package, pinned at the version it is released with.
    if given["client_library"]:
        pin = f"{given['library_name']}=={given['version']}"
        assert manifest["requirements"] == [pin]
        assert manifest["loggers"] == [given["library_name"].replace("-", "_")]
    else:
        assert manifest["requirements"] == []
    for key, value in answers.items():
        assert given[key] == value


def test_answers_file_records_answers_not_computed_values(rendered: Result) -> None:
    """The answers file has the source, commit and answers, but no computed values."""
    project = rendered.project_dir
    assert project is not None
    recorded = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert {"_commit", "_src_path", "project_domain", "integration_name"} <= set(
        recorded
    )
    computed = {
        "class_prefix",
        "integration_title",
        "ha_core_domains",
        "has_state",
        "has_commands",
        "announced",
        "has_mac",
        "identity_from_device",
        "identify_before_confirm",
        "has_reauth",
        "library_module",
    }
    assert not computed & set(recorded)


def test_constants_carry_the_answers(rendered: Result) -> None:
    """Port and polling interval answers reach const.py."""
    project = rendered.project_dir
    assert project is not None
    const = (project / "custom_components" / _domain(rendered) / "const.py").read_text()
    assert f"DEFAULT_PORT: Final = {rendered.answers['default_port']}\n" in const
    assert f"timedelta(seconds={rendered.answers['scan_interval']})" in const


def test_cli_renders_without_trust(tmp_path: Path) -> None:
    """A plain `copier copy --defaults` works: the template needs no --trust."""
    config = (ROOT / "copier.yml").read_text()
    assert "_tasks" not in config
    assert "_jinja_extensions" not in config
    destination = tmp_path / "x"
    run(
        BIN / "copier",
        "copy",
        "--defaults",
        "--vcs-ref",
        "HEAD",
        ROOT,
        destination,
        cwd=tmp_path,
    )
    assert (destination / "custom_components" / "my_device" / "manifest.json").is_file()


@pytest.mark.parametrize(
    ("name", "domain"),
    [
        ("My Device", "my_device"),
        ("  Acme -- Smart  Plug 2 ", "acme_smart_plug_2"),
        ("Wärmepumpe Küche", "w_rmepumpe_k_che"),
    ],
)
def test_default_domain_is_derived_from_the_name(
    copie: Copie, name: str, domain: str
) -> None:
    """Without a domain answer, the domain is the name in snake case."""
    result = copie.copy(extra_answers={"integration_name": name})
    assert result.exception is None
    assert _domain(result) == domain


def test_author_owned_patterns_name_rendered_files(rendered: Result) -> None:
    """Each _skip_if_exists entry names files the answers render: none is misspelt."""
    project = rendered.project_dir
    assert project is not None
    chosen = {*rendered.answers["platforms"]}
    if rendered.answers["services"]:
        chosen.add("services")
    library = rendered.answers["client_library"]
    module = library_module(rendered.answers)
    for path in author_owned_patterns(_domain(rendered), module):
        stem = Path(path).stem.removeprefix("test_")
        expected = stem in chosen or stem not in {*ALL_PLATFORMS, "services"}
        if path.startswith("custom_components/") and stem in ("device", "models"):
            expected = not library  # the client package's, with client_library
        if stem == "icons":  # only where an entity or action needs its own icon
            expected = bool(chosen & {"select", "services"})
        if stem == "events":  # how pushed events change the state
            expected = rendered.answers["iot_class"].endswith("push")
        assert bool(list(project.glob(path.removeprefix("/")))) == expected, path


def test_bump_script_moves_harness_and_home_assistant_together(copie: Copie) -> None:
    """scripts/bump-ha pins a harness and the Home Assistant it pins, in one step."""
    result = copie.copy(extra_answers={})
    assert result.project_dir is not None
    pyproject = result.project_dir / "pyproject.toml"
    before = tomllib.loads(pyproject.read_text())["dependency-groups"]
    minimum = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"][
        "minimum"
    ]
    harness = next(p for p in minimum if p.startswith("pytest-homeassistant"))
    run(
        "scripts/bump-ha", "--pins-only", harness.split("==")[1], cwd=result.project_dir
    )
    after = tomllib.loads(pyproject.read_text())["dependency-groups"]
    assert set(minimum) <= set(after["dev"])
    # Its syrupy comes along; ruff and mypy, and the other groups, stay as they were.
    assert any(pin.startswith("syrupy==") for pin in after["dev"])
    kept = ("ruff==", "mypy==")
    assert {p for p in after["dev"] if p.startswith(kept)} == {
        p for p in before["dev"] if p.startswith(kept)
    }
    assert {key: after[key] for key in after if key != "dev"} == {
        key: before[key] for key in before if key != "dev"
    }
    workflow = yaml.safe_load(
        (result.project_dir / ".github" / "workflows" / "bump-ha.yml").read_text()
    )
    steps = workflow["jobs"]["bump"]["steps"]
    assert any("scripts/bump-ha" in step.get("run", "") for step in steps)


def test_ruff_settings_are_home_assistant_cores(copie: Copie) -> None:
    """The generated ruff settings are core's, but for the project's own layout."""
    result = copie.copy(extra_answers={})
    assert result.exception is None, result.exception
    assert result.project_dir is not None
    core = tomllib.loads((ROOT / "tests" / "ha_core_ruff.toml").read_text())
    generated = tomllib.loads((result.project_dir / "pyproject.toml").read_text())
    ruff = generated["tool"]["ruff"]
    assert ruff["target-version"] == core["target-version"]
    assert ruff["required-version"] == core["required-version"]
    lint, core_lint = ruff["lint"], core["lint"]
    # Core's per-file ignores name core's directories; here tests may use internals.
    assert lint.pop("per-file-ignores") == {
        "scripts/*": ["INP001", "T20"],
        "tests/**": ["SLF001"],
    }
    core_lint.pop("per-file-ignores")
    # Core bans importing its tests package from homeassistant/; here tests/ is the
    # only package that does, and the integration is first-party too.
    core_lint["flake8-tidy-imports"]["banned-api"].pop("tests")
    core_lint["isort"]["known-first-party"] = [
        "custom_components",
        "homeassistant",
        "tests",
    ]
    assert lint == core_lint


def test_agents_guide_is_true_for_the_answers(rendered: Result) -> None:
    """AGENTS.md names the chosen platforms and only files and scripts the render has."""
    project = rendered.project_dir
    assert project is not None
    package = project / "custom_components" / _domain(rendered)
    guide = (project / "AGENTS.md").read_text()
    assert ", ".join(rendered.answers["platforms"]) in guide
    wording = {"http": "plain HTTP", "https": "HTTPS", "https_pinned": "pinned"}
    assert wording[rendered.answers["transport"]] in guide
    named = set(re.findall(r"`([\w./-]+)`", guide))
    paths = {name for name in named if "/" in name or "." in name} - {".venv"}
    for name in sorted(paths):
        found = (project / name).exists() or (package / name).exists()
        assert found, f"AGENTS.md names {name}, which the render does not have"
    copilot = (project / ".github" / "copilot-instructions.md").read_text()
    assert "AGENTS.md" in copilot


def test_reauthentication_only_where_there_is_something_to_confirm(
    rendered: Result,
) -> None:
    """A reauth flow for credentials to re-enter or a changed certificate, and no other.

    With auth_method none over HTTP(S) there is nothing to ask: no reauth step, no
    form without fields, nothing that starts one. With a pinned certificate and no
    credentials, the reauth step shows the new certificate and asks for nothing.
    """
    project = rendered.project_dir
    assert project is not None
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    integration = project / "custom_components" / _domain(rendered)
    credentials = answers["auth_method"] != "none"
    pinned = answers["transport"] == "https_pinned"
    flow = (integration / "config_flow.py").read_text()
    coordinator = (integration / "coordinator.py").read_text()
    steps = json.loads((integration / "strings.json").read_text())["config"]["step"]
    assert ("async def async_step_reauth(" in flow) is (credentials or pinned)
    assert ("raise ConfigEntryAuthFailed(" in coordinator) is (credentials or pinned)
    assert ("reauth_confirm" in steps) is (credentials or pinned)
    if pinned and not credentials:
        assert "data" not in steps["reauth_confirm"]
        assert "{host}" in steps["reauth_confirm"]["description"]
