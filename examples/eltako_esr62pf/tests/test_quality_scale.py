"""The integration's quality_scale.yaml claims only what its code and README show.

quality_scale.yaml is built from quality_scale/template.yaml (the template's claims,
which follow the answers) and quality_scale/integration.yaml (yours). For each rule,
RULES says from the project's files whether the rule applies and whether the code
implements it. A done rule must apply and be implemented; an exempt rule must not
apply, unless whether it applies is a judgement no file shows (JUDGED), when its
comment must give the reason; a todo rule must apply. The template's claims must be
exact: a todo of the template's is one it does not implement.

The checks read the files by simple patterns. One that misreads your code is a defect
of the template: report it rather than claim what is not true.
"""

from collections.abc import Callable
from dataclasses import dataclass
import hashlib
import json
from pathlib import Path
import re
from typing import Any

from propcache.api import cached_property
import yaml

PROJECT = Path(__file__).parent.parent
# Every rule of the integration quality scale, bronze to platinum.
QUALITY_SCALE_RULES = frozenset(
    {
        "action-setup", "appropriate-polling", "brands", "common-modules",
        "config-flow-test-coverage", "config-flow", "dependency-transparency",
        "docs-actions", "docs-conditions", "docs-high-level-description",
        "docs-installation-instructions", "docs-triggers",
        "docs-removal-instructions", "entity-event-setup", "entity-unique-id",
        "has-entity-name", "runtime-data", "test-before-configure",
        "test-before-setup", "unique-config-entry", "action-exceptions",
        "config-entry-unloading", "docs-configuration-parameters",
        "docs-installation-parameters", "entity-unavailable", "integration-owner",
        "log-when-unavailable", "parallel-updates", "reauthentication-flow",
        "test-coverage", "devices", "diagnostics", "discovery-update-info",
        "discovery", "docs-data-update", "docs-examples", "docs-known-limitations",
        "docs-supported-devices", "docs-supported-functions", "docs-troubleshooting",
        "docs-use-cases", "dynamic-devices", "entity-category",
        "entity-device-class", "entity-disabled-by-default", "entity-translations",
        "exception-translations", "icon-translations", "reconfiguration-flow",
        "repair-issues", "stale-devices", "async-dependency", "inject-websession",
        "strict-typing",
    }
)  # fmt: skip
# Home Assistant's entity platforms: a module of the integration by one of these names
# sets up entities (the template renders some; an author adds any).
PLATFORMS = (
    "ai_task", "alarm_control_panel", "assist_satellite", "binary_sensor", "button",
    "calendar", "camera", "climate", "conversation", "cover", "date", "datetime",
    "device_tracker", "event", "fan", "humidifier", "image", "lawn_mower", "light",
    "lock", "media_player", "notify", "number", "remote", "scene", "select", "sensor",
    "siren", "stt", "switch", "text", "time", "todo", "tts", "update", "vacuum",
    "valve", "wake_word", "water_heater", "weather",
)  # fmt: skip
# The template's placeholder brand/icon.png.
PLACEHOLDER_ICON_SHA256 = (
    "4064222080e3c9d2f06464c9a155f49245544da51fdfa4e9aa0162bedda23615"
)
# The line README.md holds under Supported devices until models replace it.
MODELS_PLACEHOLDER = "*The models this integration was tested with are listed here"


@dataclass
class Project:
    """The files of the project, read on demand."""

    root: Path

    @cached_property
    def integration(self) -> Path:
        """Return the integration's package."""
        (manifest,) = (self.root / "custom_components").glob("*/manifest.json")
        return manifest.parent

    @cached_property
    def answers(self) -> dict[str, Any]:
        """Return the answers the project was rendered with."""
        answers: dict[str, Any] = yaml.safe_load(
            (self.root / ".copier-answers.yml").read_text(encoding="utf-8")
        )
        return answers

    @cached_property
    def manifest(self) -> dict[str, Any]:
        """Return manifest.json."""
        manifest: dict[str, Any] = json.loads(
            (self.integration / "manifest.json").read_text(encoding="utf-8")
        )
        return manifest

    @cached_property
    def readme(self) -> str:
        """Return README.md."""
        return (self.root / "README.md").read_text(encoding="utf-8")

    def code(self, name: str) -> str:
        """Return an integration file's text, or "" if there is none."""
        path = self.integration / name
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def claims(self, source: str = "") -> dict[str, Any]:
        """Return the claimed rules: of quality_scale.yaml, or of one of its sources."""
        path = (
            self.root / "quality_scale" / source
            if source
            else self.integration / "quality_scale.yaml"
        )
        rules: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))[
            "rules"
        ]
        return rules

    @cached_property
    def all_code(self) -> str:
        """Return every module of the integration, one after the other."""
        return "\n".join(
            path.read_text(encoding="utf-8")
            for path in sorted(self.integration.glob("*.py"))
        )

    @cached_property
    def platform_code(self) -> dict[str, str]:
        """Return each entity platform module's text, by platform."""
        return {p: self.code(f"{p}.py") for p in PLATFORMS if self.code(f"{p}.py")}


Check = Callable[[Project], bool]


def always(project: Project) -> bool:
    """Apply to every project."""
    return True


def section(title: str) -> Check:
    """README.md has a section whose title has these words, with text under it.

    "Supported devices and functions" is a section of both.
    """
    words = set(title.lower().split())

    def check(project: Project) -> bool:
        headings = re.findall(r"^## ([^\n]+)\n\n\S", project.readme, re.MULTILINE)
        return any(words <= set(heading.lower().split()) for heading in headings)

    return check


def code_has(name: str, *needles: str) -> Check:
    """Return a check that an integration file holds every one of the needles."""
    return lambda p: all(needle in p.code(name) for needle in needles)


def has_options_flow(project: Project) -> bool:
    """Return whether the config flow has an options flow."""
    return "OptionsFlow" in project.code("config_flow.py")


def has_credentials_or_pin(project: Project) -> bool:
    """Return whether there are credentials to re-enter or a certificate to confirm."""
    return bool(
        project.answers["auth_method"] != "none"
        or project.answers["transport"] == "https_pinned"
    )


def has_commands(project: Project) -> bool:
    """Return whether actions or entities send commands to the device."""
    return bool(project.code("services.py")) or "def api_command" in project.code(
        "entity.py"
    )


def devices_registered(project: Project) -> bool:
    """Return whether entities attach to devices of the right kind."""
    entity = project.code("entity.py")
    if "DeviceInfo(" not in entity:
        return False
    if project.manifest["integration_type"] == "service":
        return "entry_type=DeviceEntryType.SERVICE" in entity
    if project.manifest["integration_type"] == "hub":
        return "via_device_id=" in entity
    return True


def every_platform_sets_parallel_updates(project: Project) -> bool:
    """Return whether each platform module limits its parallel updates."""
    return all("PARALLEL_UPDATES = " in c for c in project.platform_code.values())


def brand_is_the_makers(project: Project) -> bool:
    """The template's placeholder images are no brand."""
    icon = project.integration / "brand" / "icon.png"
    return (
        icon.exists()
        and hashlib.sha256(icon.read_bytes()).hexdigest() != PLACEHOLDER_ICON_SHA256
    )


def entity_icons(project: Project) -> bool:
    """Return whether icons.json gives entities icons."""
    path = project.integration / "icons.json"
    return path.exists() and bool(json.loads(path.read_text()).get("entity"))


def disabled_by_default(project: Project) -> bool:
    """Return whether some entity is disabled by default."""
    return any(
        "entity_registry_enabled_default=False" in c
        for c in project.platform_code.values()
    )


def has_requirements(project: Project) -> bool:
    """Return whether the manifest names a library."""
    return bool(project.manifest["requirements"])


def owner_named(project: Project) -> bool:
    """The manifest names a code owner, not the template's placeholder."""
    owners = project.manifest["codeowners"]
    return bool(owners) and "@your-github-handle" not in owners


def uses_home_assistant_session(project: Project) -> bool:
    """The client is handed Home Assistant's aiohttp session, never one of its own."""
    # The client package's modules too, where the project has one (library/).
    package = "\n".join(
        path.read_text(encoding="utf-8")
        for path in sorted(project.root.glob("library/src/*/*.py"))
    )
    code = project.all_code
    return "async_get_clientsession(hass" in code and "ClientSession(" not in (
        code + package
    )


def is_hub(project: Project) -> bool:
    """Return whether the integration is a hub."""
    return bool(project.manifest["integration_type"] == "hub")


def has_discovery(project: Project) -> bool:
    """The manifest announces the device: a zeroconf type or HomeKit models."""
    return "zeroconf" in project.manifest or "homekit" in project.manifest


def discoverable(project: Project) -> bool:
    """A device on the network may announce itself; a cloud service only if it says so."""
    return project.manifest["iot_class"].startswith("local") or has_discovery(project)


def models_listed(project: Project) -> bool:
    """README.md names device models under Supported devices, not the placeholder."""
    return (
        section("Supported devices")(project)
        and MODELS_PLACEHOLDER not in project.readme
    )


def strictly_typed(project: Project) -> bool:
    """Return whether mypy runs strict in scripts/lint."""
    pyproject = (project.root / "pyproject.toml").read_text(encoding="utf-8")
    lint = (project.root / "scripts" / "lint").read_text(encoding="utf-8")
    return "\nstrict = true\n" in pyproject and ".venv/bin/mypy" in lint


def full_coverage(project: Project) -> bool:
    """Return whether the tests must cover every branch."""
    pyproject = (project.root / "pyproject.toml").read_text(encoding="utf-8")
    return "fail_under = 100" in pyproject


# rule: (applies, implemented)
RULES: dict[str, tuple[Check, Check]] = {
    # Bronze
    "action-setup": (
        lambda p: bool(p.code("services.py")),
        code_has("__init__.py", "def async_setup(", "async_setup_services(hass)"),
    ),
    # A push integration polls too, while its channel is down; core does not accept an
    # interval users set.
    "appropriate-polling": (
        always,
        lambda p: (
            code_has("coordinator.py", "update_interval=")(p)
            and not has_options_flow(p)
        ),
    ),
    "brands": (always, brand_is_the_makers),
    "common-modules": (
        always,
        lambda p: bool(p.code("coordinator.py") and p.code("entity.py")),
    ),
    "config-flow-test-coverage": (
        always,
        lambda p: (
            full_coverage(p) and (p.root / "tests" / "test_config_flow.py").exists()
        ),
    ),
    "config-flow": (
        always,
        lambda p: (
            p.manifest["config_flow"] is True
            and "data_description" in p.code("strings.json")
        ),
    ),
    # The rule allows no exemption: code that talks to the device is a PyPI library.
    "dependency-transparency": (always, has_requirements),
    "docs-actions": (lambda p: bool(p.code("services.py")), section("Actions")),
    "docs-high-level-description": (
        always,
        lambda p: bool(
            re.match(r"# .+\n\nA Home Assistant custom integration for", p.readme)
        ),
    ),
    "docs-installation-instructions": (always, section("Installation")),
    "docs-removal-instructions": (always, section("Removal")),
    # Entities that subscribe to events in async_added_to_hass; the listeners of the
    # event channel and of the hub's device list belong to no entity.
    "entity-event-setup": (
        lambda p: any(
            "async_added_to_hass" in code
            for code in (p.code("entity.py"), *p.platform_code.values())
        ),
        lambda p: "async_on_remove" in p.all_code,
    ),
    "entity-unique-id": (always, code_has("entity.py", "self._attr_unique_id = ")),
    "has-entity-name": (always, code_has("entity.py", "_attr_has_entity_name = True")),
    "runtime-data": (
        always,
        lambda p: (
            "entry.runtime_data = " in p.code("__init__.py")
            and "ConfigEntry[" in p.code("coordinator.py")
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
        lambda p: "**Options**" in p.readme,
    ),
    "docs-installation-parameters": (
        always,
        lambda p: "| parameter | meaning |" in p.readme,
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
        lambda p: (
            "async def async_step_zeroconf(" in p.code("config_flow.py")
            or "async def async_step_homekit(" in p.code("config_flow.py")
        ),
    ),
    "docs-data-update": (always, section("Data updates")),
    "docs-triggers": (lambda p: bool(p.code("device_trigger.py")), section("Triggers")),
    "docs-conditions": (
        lambda p: bool(p.code("device_condition.py")),
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
        lambda p: "sensor" in p.platform_code,
        disabled_by_default,
    ),
    "entity-translations": (
        always,
        lambda p: all(
            "translation_key=" in c or "name=None" in c or "device_class=" in c
            for c in p.platform_code.values()
        ),
    ),
    "exception-translations": (
        always,
        lambda p: (
            "translation_key=" in p.code("coordinator.py")
            and '"exceptions"' in p.code("strings.json")
        ),
    ),
    "icon-translations": (lambda p: "select" in p.platform_code, entity_icons),
    "reconfiguration-flow": (
        always,
        code_has("config_flow.py", "async def async_step_reconfigure("),
    ),
    "repair-issues": (
        lambda p: "issue_registry" in p.all_code,
        lambda p: "async_create_issue" in p.all_code,
    ),
    "stale-devices": (is_hub, code_has("coordinator.py", "async_remove_device(")),
    # Platinum
    "async-dependency": (always, has_requirements),
    # Every request goes through the session Home Assistant gives the client.
    "inject-websession": (always, uses_home_assistant_session),
    "strict-typing": (always, strictly_typed),
}
# Rules whose applying is a judgement no file shows: whether a device can be found on
# the network, whether an entity is one most users want, whether a device can be added
# to an entry later or go stale, whether something needs the user outside a flow. The
# author may claim them exempt with the reason, or done where the code does them.
JUDGED = frozenset(
    {
        "discovery",
        "discovery-update-info",
        "dynamic-devices",
        "entity-disabled-by-default",
        "icon-translations",
        "repair-issues",
        "stale-devices",
    }
)
# Rules whose truth no file shows at all: whether each entity's category and device
# class is the right one is judged by reading the platform modules.
JUDGED_BY_READING = frozenset({"entity-category", "entity-device-class"})


def _status(claim: str | dict[str, str]) -> str:
    return claim if isinstance(claim, str) else claim["status"]


def wrong_claims(project: Project, *, exact: frozenset[str]) -> list[str]:
    """Return what is wrong with each claim.

    A rule in exact is held to the whole truth: its exemption is no judgement, and its
    todo is work not done yet.
    """
    wrong = []
    for rule, claim in project.claims().items():
        status = _status(claim)
        if rule in JUDGED_BY_READING:
            continue
        applies, implemented = (check(project) for check in RULES[rule])
        if rule in JUDGED and rule not in exact:
            # Whether it applies is the author's judgement: done is what the code does.
            applies = applies or (status == "done" and implemented)
        if status == "done" and not (applies and implemented):
            wrong.append(
                f"{rule}: done, but "
                + ("it does not apply" if not applies else "the code does not do it")
            )
        elif status == "exempt":
            if applies and (rule not in JUDGED or rule in exact):
                wrong.append(f"{rule}: exempt, but it applies")
            if "not implemented" in claim["comment"].lower():
                wrong.append(f"{rule}: unfinished work is todo, not exempt")
        elif status == "todo":
            if not applies:
                wrong.append(f"{rule}: todo, but it does not apply: exempt")
            elif implemented and rule in exact:
                wrong.append(f"{rule}: todo, but the code does it: done")
    return wrong


def test_every_rule_is_claimed_with_a_status() -> None:
    """Every rule is done, todo, or exempt with the reason, and no other is listed."""
    claims = Project(PROJECT).claims()
    assert set(claims) == QUALITY_SCALE_RULES
    assert set(RULES) | JUDGED_BY_READING == QUALITY_SCALE_RULES
    for rule, claim in claims.items():
        assert _status(claim) in {"done", "todo", "exempt"}, rule
        if _status(claim) == "exempt":
            assert claim["comment"].strip(), rule


def test_quality_scale_claims_hold() -> None:
    """Each claim is what the code and README show; the template's claims exactly."""
    project = Project(PROJECT)
    exact = frozenset(project.claims("template.yaml"))
    assert not (wrong := wrong_claims(project, exact=exact)), "\n".join(wrong)
