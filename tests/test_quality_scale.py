"""Every render's quality_scale.yaml claims only what its code and README back.

For each rule the table says, from the rendered files alone, whether the rule applies
to that render and whether the render implements it. A `done` rule must apply and be
implemented, an `exempt` rule must not apply, and a `todo` rule must apply and not be
implemented yet. Rules no file can show (whether an entity's category or device class
is the right one) are named in JUDGED_BY_READING, so that no rule goes unchecked by
oversight.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
import json
from pathlib import Path
import re
from typing import Any

from pytest_copie.plugin import Result
import yaml

PLATFORMS = (
    "binary_sensor",
    "button",
    "cover",
    "light",
    "number",
    "select",
    "sensor",
    "switch",
)


@dataclass
class Render:
    """The files of one rendered project, read on demand."""

    root: Path

    @cached_property
    def integration(self) -> Path:
        return next((self.root / "custom_components").iterdir())

    @cached_property
    def answers(self) -> dict[str, Any]:
        answers: dict[str, Any] = yaml.safe_load(
            (self.root / ".copier-answers.yml").read_text()
        )
        return answers

    @cached_property
    def manifest(self) -> dict[str, Any]:
        manifest: dict[str, Any] = json.loads(
            (self.integration / "manifest.json").read_text()
        )
        return manifest

    @cached_property
    def readme(self) -> str:
        return (self.root / "README.md").read_text()

    def code(self, name: str) -> str:
        """Return an integration file's text, or "" if the render has none."""
        path = self.integration / name
        return path.read_text() if path.exists() else ""

    @cached_property
    def claims(self) -> dict[str, Any]:
        """Return quality_scale.yaml's rules, each a status or a status and comment."""
        scale = yaml.safe_load((self.integration / "quality_scale.yaml").read_text())
        rules: dict[str, Any] = scale["rules"]
        return rules

    @cached_property
    def all_code(self) -> str:
        return "\n".join(p.read_text() for p in sorted(self.integration.glob("*.py")))

    @cached_property
    def platform_code(self) -> dict[str, str]:
        return {p: self.code(f"{p}.py") for p in PLATFORMS if self.code(f"{p}.py")}


Check = Callable[[Render], bool]


def always(render: Render) -> bool:
    return True


def section(title: str) -> Check:
    """The README has a section of that title with text under it."""
    return lambda r: bool(re.search(rf"^## {re.escape(title)}\n\n\S", r.readme, re.M))


def code_has(name: str, *needles: str) -> Check:
    return lambda r: all(needle in r.code(name) for needle in needles)


def has_options_flow(render: Render) -> bool:
    return "OptionsFlow" in render.code("config_flow.py")


def has_credentials_or_pin(render: Render) -> bool:
    return bool(
        render.answers["auth_method"] != "none"
        or render.answers["transport"] == "https_pinned"
    )


def has_commands(render: Render) -> bool:
    return bool(render.code("services.py")) or "def api_command" in render.code(
        "entity.py"
    )


def main_feature_takes_device_name(render: Render) -> bool:
    """Entities have names from translations; the main feature's is the device's."""
    if "_attr_has_entity_name = True" not in render.code("entity.py"):
        return False
    for platform in ("light", "cover", "switch"):
        if platform in render.platform_code:
            return "name=None" in render.platform_code[platform]
    return True


def devices_registered(render: Render) -> bool:
    entity = render.code("entity.py")
    if "DeviceInfo(" not in entity:
        return False
    if render.manifest["integration_type"] == "service":
        return "entry_type=DeviceEntryType.SERVICE" in entity
    if render.manifest["integration_type"] == "hub":
        return "via_device_id=" in entity
    return True


def every_platform_sets_parallel_updates(render: Render) -> bool:
    return all("PARALLEL_UPDATES = " in c for c in render.platform_code.values())


def brand_is_the_makers(render: Render) -> bool:
    """The template's placeholder images are no brand."""
    template_icon = (
        Path(__file__).parents[1]
        / "template"
        / "custom_components"
        / "[[ project_domain ]]"
        / "brand"
        / "icon.png"
    )
    icon = render.integration / "brand" / "icon.png"
    return icon.exists() and icon.read_bytes() != template_icon.read_bytes()


def entity_icons(render: Render) -> bool:
    path = render.integration / "icons.json"
    return path.exists() and bool(json.loads(path.read_text()).get("entity"))


def disabled_by_default(render: Render) -> bool:
    return any(
        "entity_registry_enabled_default=False" in c
        for c in render.platform_code.values()
    )


def has_requirements(render: Render) -> bool:
    return bool(render.manifest["requirements"])


def owner_named(render: Render) -> bool:
    """The manifest names a code owner, not the answer's placeholder."""
    owners = render.manifest["codeowners"]
    return bool(owners) and "@your-github-handle" not in owners


def uses_home_assistant_session(render: Render) -> bool:
    """The client is handed Home Assistant's aiohttp session, never one of its own."""
    code = render.all_code
    shared = "async_get_clientsession(hass" in code
    return shared and "aiohttp.ClientSession(" not in code


def discoverable(render: Render) -> bool:
    """A device on the network may announce itself; a cloud service only if it says so."""
    return render.manifest["iot_class"].startswith("local") or has_discovery(render)


def is_hub(render: Render) -> bool:
    return bool(render.manifest["integration_type"] == "hub")


def has_discovery(render: Render) -> bool:
    """The manifest announces the device: a zeroconf type or HomeKit models."""
    return "zeroconf" in render.manifest or "homekit" in render.manifest


# The line the rendered README holds under Supported devices until models replace it.
MODELS_PLACEHOLDER = "*The models this integration was tested with are listed here"


def models_listed(render: Render) -> bool:
    """The README names device models under Supported devices, not the placeholder."""
    return (
        section("Supported devices")(render) and MODELS_PLACEHOLDER not in render.readme
    )


def strictly_typed(render: Render) -> bool:
    pyproject = (render.root / "pyproject.toml").read_text()
    lint = (render.root / "scripts" / "lint").read_text()
    return "\nstrict = true\n" in pyproject and ".venv/bin/mypy" in lint


def full_coverage(render: Render) -> bool:
    return "fail_under = 100" in (render.root / "pyproject.toml").read_text()


# rule: (applies to this render, this render implements it)
RULES: dict[str, tuple[Check, Check]] = {
    # Bronze
    "action-setup": (
        lambda r: bool(r.code("services.py")),
        code_has("__init__.py", "def async_setup(", "async_setup_services(hass)"),
    ),
    # A push integration polls too, while its channel is down; core does not accept an
    # interval users set.
    "appropriate-polling": (
        always,
        lambda r: (
            code_has("coordinator.py", "update_interval=")(r)
            and not has_options_flow(r)
        ),
    ),
    "brands": (always, brand_is_the_makers),
    "common-modules": (
        always,
        lambda r: bool(r.code("coordinator.py") and r.code("entity.py")),
    ),
    "config-flow-test-coverage": (
        always,
        lambda r: (
            full_coverage(r) and (r.root / "tests" / "test_config_flow.py").exists()
        ),
    ),
    "config-flow": (
        always,
        lambda r: (
            r.manifest["config_flow"] is True
            and "data_description" in r.code("strings.json")
        ),
    ),
    # The rule allows no exemption: code that talks to the device is a PyPI library.
    "dependency-transparency": (always, has_requirements),
    "docs-actions": (lambda r: bool(r.code("services.py")), section("Actions")),
    "docs-high-level-description": (
        always,
        lambda r: bool(
            re.match(r"# .+\n\nA Home Assistant custom integration for", r.readme)
        ),
    ),
    "docs-installation-instructions": (always, section("Installation")),
    "docs-removal-instructions": (always, section("Removal")),
    # Entities that subscribe to events in async_added_to_hass; the listeners of the
    # event channel and of the hub's device list belong to no entity.
    "entity-event-setup": (
        lambda r: any(
            "async_added_to_hass" in code
            for code in [r.code("entity.py"), *r.platform_code.values()]
        ),
        lambda r: "async_on_remove" in r.all_code,
    ),
    "entity-unique-id": (always, code_has("entity.py", "self._attr_unique_id = ")),
    "has-entity-name": (always, main_feature_takes_device_name),
    "runtime-data": (
        always,
        lambda r: (
            "entry.runtime_data = " in r.code("__init__.py")
            and "ConfigEntry[" in r.code("coordinator.py")
        ),
    ),
    "test-before-configure": (
        always,
        code_has("config_flow.py", "async_test_connection()"),
    ),
    "test-before-setup": (
        always,
        code_has("__init__.py", "async_config_entry_first_refresh()"),
    ),
    "unique-config-entry": (
        always,
        code_has("config_flow.py", "_abort_if_unique_id_configured("),
    ),
    # Silver
    "action-exceptions": (
        has_commands,
        code_has("coordinator.py", "raise HomeAssistantError(", "translation_key="),
    ),
    "config-entry-unloading": (
        always,
        code_has("__init__.py", "async_unload_platforms"),
    ),
    "docs-configuration-parameters": (
        has_options_flow,
        lambda r: "**Options**" in r.readme,
    ),
    "docs-installation-parameters": (
        always,
        lambda r: "| parameter | meaning |" in r.readme,
    ),
    "entity-unavailable": (always, code_has("coordinator.py", "raise UpdateFailed(")),
    "integration-owner": (always, owner_named),
    "log-when-unavailable": (
        always,
        code_has("coordinator.py", "DataUpdateCoordinator[DeviceData]"),
    ),
    "parallel-updates": (always, every_platform_sets_parallel_updates),
    "reauthentication-flow": (
        has_credentials_or_pin,
        code_has("config_flow.py", "async def async_step_reauth("),
    ),
    "test-coverage": (always, full_coverage),
    # Gold
    "devices": (always, devices_registered),
    "diagnostics": (
        always,
        code_has(
            "diagnostics.py", "async_get_config_entry_diagnostics", "async_redact_data"
        ),
    ),
    "discovery-update-info": (
        discoverable,
        code_has("config_flow.py", "CONF_HOST: discovery_info."),
    ),
    "discovery": (
        discoverable,
        lambda r: (
            "async def async_step_zeroconf(" in r.code("config_flow.py")
            or "async def async_step_homekit(" in r.code("config_flow.py")
        ),
    ),
    "docs-data-update": (always, section("Data updates")),
    "docs-triggers": (lambda r: bool(r.code("device_trigger.py")), section("Triggers")),
    "docs-conditions": (
        lambda r: bool(r.code("device_condition.py")),
        section("Conditions"),
    ),
    "docs-examples": (always, section("Examples")),
    "docs-known-limitations": (always, section("Known limitations")),
    "docs-supported-devices": (always, models_listed),
    "docs-supported-functions": (always, section("Supported functions")),
    "docs-troubleshooting": (always, section("Troubleshooting")),
    "docs-use-cases": (always, section("Use cases")),
    "dynamic-devices": (
        is_hub,
        code_has("entity.py", "async_add_listener(add_new_devices)"),
    ),
    "entity-disabled-by-default": (
        lambda r: "sensor" in r.platform_code,
        disabled_by_default,
    ),
    "entity-translations": (
        always,
        lambda r: all(
            "translation_key=" in c or "name=None" in c
            for c in r.platform_code.values()
        ),
    ),
    "exception-translations": (
        always,
        lambda r: (
            "translation_key=" in r.code("coordinator.py")
            and '"exceptions"' in r.code("strings.json")
        ),
    ),
    "icon-translations": (lambda r: "select" in r.platform_code, entity_icons),
    "reconfiguration-flow": (
        always,
        code_has("config_flow.py", "async def async_step_reconfigure("),
    ),
    "repair-issues": (
        lambda r: "issue_registry" in r.all_code,
        lambda r: "async_create_issue" in r.all_code,
    ),
    "stale-devices": (is_hub, code_has("coordinator.py", "async_remove_device(")),
    # Platinum
    "async-dependency": (always, has_requirements),
    # Every render makes HTTP requests, with the session Home Assistant gives it.
    "inject-websession": (always, uses_home_assistant_session),
    "strict-typing": (always, strictly_typed),
}

# Rules whose truth no file shows: whether each entity's category and device class is
# the right one is judged by reading the platform files.
JUDGED_BY_READING = {"entity-category", "entity-device-class"}


def test_quality_scale_claims_hold(rendered: Result) -> None:
    """Each done rule applies and is implemented; each exemption's rule does not apply."""
    assert rendered.project_dir is not None
    render = Render(rendered.project_dir)
    claims = render.claims
    assert set(claims) == set(RULES) | JUDGED_BY_READING
    wrong = []
    for rule, (applies, implemented) in RULES.items():
        claim = claims[rule]
        status = claim if isinstance(claim, str) else claim["status"]
        truth = (applies(render), implemented(render))
        expected = {"done": (True, True), "todo": (True, False)}.get(status)
        if status == "exempt":
            if truth[0]:
                wrong.append(f"{rule}: exempt, but it applies")
            if "not implemented" in claim["comment"].lower():
                wrong.append(f"{rule}: unfinished work is todo, not exempt")
        elif truth != expected:
            wrong.append(
                f"{rule}: {status}, but applies={truth[0]}, implemented={truth[1]}"
            )
    for rule in JUDGED_BY_READING:
        assert claims[rule] in ("done", "todo") or claims[rule]["comment"].strip()
    assert not wrong, "\n".join(wrong)


def test_a_user_set_polling_interval_is_named_as_not_for_core(rendered: Result) -> None:
    """A render whose options flow offers a polling interval says core rejects it.

    Core does not accept a polling interval users set, so the README and the quality
    scale say so; a render without the options flow offers no option at all.
    """
    assert rendered.project_dir is not None
    render = Render(rendered.project_dir)
    claims = render.claims
    polling = claims["appropriate-polling"]
    comment = "" if isinstance(polling, str) else " ".join(polling["comment"].split())
    readme = " ".join(render.readme.split())
    if has_options_flow(render):
        assert "CONF_SCAN_INTERVAL" in render.code("config_flow.py")
        assert "core does not accept a polling interval that users set" in readme
        assert "core does not accept (polling intervals are not user-configurable)" in (
            comment
        )
    else:
        assert "**Options**" not in render.readme
        assert "core does not accept" not in readme + comment
