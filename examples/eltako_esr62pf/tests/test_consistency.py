"""Checks that the manifest, strings and translations agree with the code."""

import ast
import importlib
import json
from pathlib import Path
import struct
import subprocess
import sys
from typing import Any

import pytest

from custom_components.eltako_62ip.const import DOMAIN
from custom_components.eltako_62ip.hooks import USER_FIELDS
import homeassistant
from homeassistant.const import Platform
from homeassistant.helpers.entity import Entity

PROJECT = Path(__file__).parent.parent
INTEGRATION = PROJECT / "custom_components" / DOMAIN
# Platforms whose entities Home Assistant gives icons that follow their state (on and
# off, open and closed): a static default icon would freeze them.
STATE_ICON_PLATFORMS = {"binary_sensor", "cover", "light", "switch"}
# What hassfest requires of a custom integration's manifest.
REQUIRED_MANIFEST_KEYS = {
    "domain",
    "name",
    "codeowners",
    "config_flow",
    "documentation",
    "integration_type",
    "iot_class",
    "issue_tracker",
    "requirements",
    "version",
}
# Abort reasons Home Assistant's ConfigFlow helpers use when given none.
HELPER_ABORT_REASONS = {
    "_abort_if_unique_id_configured": {"already_configured"},
    "_async_abort_entries_match": {"already_configured"},
    "_abort_if_unique_id_mismatch": {"unique_id_mismatch"},
    "async_update_reload_and_abort": {"reauth_successful", "reconfigure_successful"},
}


def _json(name: str) -> Any:
    return json.loads((INTEGRATION / name).read_text(encoding="utf-8"))


def _module(name: str) -> ast.Module:
    return ast.parse((INTEGRATION / name).read_text(encoding="utf-8"))


def _string_keywords(tree: ast.AST, keyword: str) -> set[str]:
    """Return every string literal passed as keyword= in any call."""
    return {
        node.value.value
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        for node in call.keywords
        if node.arg == keyword
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


def test_translations_match_strings() -> None:
    """translations/en.json is exactly strings.json."""
    assert _json("translations/en.json") == _json("strings.json")


# Files built from two sources, the template's and the author's, by scripts/lint.
BUILT_FILES = {
    "build_strings.py": "strings.json and translations/en.json",
    "build_quality_scale.py": "quality_scale.yaml",
}


@pytest.mark.parametrize("script", BUILT_FILES)
def test_built_files_are_built_from_their_sources(script: str) -> None:
    """strings.json and quality_scale.yaml are what their two sources build."""
    check = subprocess.run(
        [sys.executable, f"scripts/{script}", "--check"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, f"{BUILT_FILES[script]}: {check.stdout}{check.stderr}"


def test_every_form_field_has_a_description() -> None:
    """The config-flow rule: each field of every form says what it is for."""
    strings = json.loads((INTEGRATION / "strings.json").read_text())
    for flow in ("config", "options"):
        for step_id, step in strings.get(flow, {}).get("step", {}).items():
            described = set(step.get("data_description", {}))
            assert set(step.get("data", {})) <= described, f"{flow} step {step_id}"


def test_every_field_of_hooks_has_a_label() -> None:
    """The fields hooks.py adds are labelled in the forms that show them."""
    steps = _json("strings.json")["config"]["step"]
    for step_id in ("user", "reconfigure"):
        for key in USER_FIELDS:
            assert str(key) in steps[step_id].get("data", {}), f"{step_id}: {key}"


def test_manifest_keys_are_complete_and_ordered() -> None:
    """The manifest has every required key, ordered as hassfest wants."""
    keys = list(_json("manifest.json"))
    assert set(keys) >= REQUIRED_MANIFEST_KEYS
    assert keys == ["domain", "name", *sorted(keys[2:])]


def test_every_config_flow_error_is_translated() -> None:
    """Every error and abort reason the config flow can produce has a text."""
    tree = _module("config_flow.py")
    errors = {
        value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict)
        for key, value in zip(node.keys, node.values, strict=True)
        if isinstance(key, ast.Constant)
        and key.value == "base"
        and isinstance(value, ast.Constant)
    }
    aborts = _string_keywords(tree, "reason").union(
        *(
            HELPER_ABORT_REASONS.get(node.attr, set())
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
        )
    )
    config = _json("strings.json")["config"]
    assert errors, "no errors found: the scan is broken"
    assert errors <= set(config["error"])
    assert aborts <= set(config["abort"])


def test_every_form_of_the_config_flow_has_texts_and_no_text_is_left_over() -> None:
    """strings.json has a step for each form the config flow shows, and no other."""
    tree = _module("config_flow.py")
    forms = _string_keywords(tree, "step_id") | {
        call.args[0].value
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr in {"_async_show_step", "_async_submit"}
        and isinstance(call.args[0], ast.Constant)
    }
    steps = set(_json("strings.json")["config"]["step"])
    assert "user" in forms, "no forms found: the scan is broken"
    # The options flow's form is "init"; it has its texts under "options".
    assert forms - {"init"} == steps


def _device_name_keys(tree: ast.AST) -> set[str]:
    """Return the translation keys of device names: DeviceInfo(translation_key=...)."""
    return {
        node.value.value
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == "DeviceInfo"
        for node in call.keywords
        if node.arg == "translation_key"
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


def test_every_translation_key_in_code_is_translated() -> None:
    """Entity and device names and exception messages named in code have texts."""
    strings = _json("strings.json")
    for path in INTEGRATION.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        devices = _device_name_keys(tree)
        assert devices <= set(strings.get("device", {})), path.name
        keys = _string_keywords(tree, "translation_key") - devices
        if path.stem in {platform.value for platform in Platform}:
            assert keys <= set(strings.get("entity", {}).get(path.stem, {})), path.name
        else:
            assert keys <= set(strings["exceptions"]), path.name


def _descriptions(platform: str) -> dict[str, set[str]]:
    """Return each translation key of a platform's module and its description's keywords."""
    path = INTEGRATION / f"{platform}.py"
    if not path.exists():
        return {}
    return {
        keyword.value.value: {node.arg for node in call.keywords if node.arg}
        for call in ast.walk(_module(path.name))
        if isinstance(call, ast.Call)
        for keyword in call.keywords
        if keyword.arg == "translation_key"
        and isinstance(keyword.value, ast.Constant)
        and isinstance(keyword.value.value, str)
    }


def test_every_entity_string_is_used() -> None:
    """strings.json names only entities the code has: no sample left behind."""
    for platform, keys in _json("strings.json").get("entity", {}).items():
        assert set(keys) <= set(_descriptions(platform)), platform


def _named_by_device_class(platform: str) -> bool:
    """Return whether Home Assistant names the platform's unnamed entities by device class."""
    try:
        module = importlib.import_module(f"homeassistant.components.{platform}")
    except ImportError:
        # A platform that needs what the test environment lacks (camera's turbojpeg)
        # is not one of those that name entities by device class.
        return False
    name = "".join(part.title() for part in platform.split("_")) + "Entity"
    # A platform whose entity class is named otherwise (datetime's DateTimeEntity)
    # is not one of those that name entities by device class.
    classes = getattr(module, name, Entity).__mro__
    return any(
        "_default_to_device_class_name" in vars(cls)
        for cls in classes[: classes.index(Entity)]
    )


def test_no_entity_name_repeats_its_device_class() -> None:
    """An entity that its device class names has no name of its own.

    Home Assistant names it from the device class, in the user's language; a
    translation_key that gives the same name again only adds a text to keep.
    """
    entity_names = _json("strings.json").get("entity", {})
    components = Path(homeassistant.__file__).parent / "components"
    for platform in sorted(entity_names):
        if not _named_by_device_class(platform):
            # A cover or a switch without a name takes the device's: it needs one.
            continue
        translations = components / platform / "translations" / "en.json"
        device_class_names = {
            device_class: texts.get("name", "").casefold()
            for device_class, texts in json.loads(
                translations.read_text(encoding="utf-8")
            )
            .get("entity_component", {})
            .items()
        }
        for call in ast.walk(_module(f"{platform}.py")):
            keywords = {
                keyword.arg: keyword.value
                for keyword in getattr(call, "keywords", [])
                if keyword.arg
            }
            key = keywords.get("translation_key")
            device_class = keywords.get("device_class")
            if not (
                isinstance(key, ast.Constant)
                and isinstance(device_class, ast.Attribute)
            ):
                continue
            name = entity_names[platform].get(key.value, {}).get("name", "")
            assert name.casefold() != device_class_names.get(
                device_class.attr.lower()
            ), f"{platform}: {key.value} repeats the {device_class.attr} name"


def test_icons_follow_the_state() -> None:
    """Icons only where an entity needs its own, never one that freezes a state icon.

    Entities with a device class, and lights, switches, covers and binary sensors, get
    icons that follow their state from Home Assistant; a static default hides them.
    """
    if not (INTEGRATION / "icons.json").exists():
        return
    for platform, icons in _json("icons.json").get("entity", {}).items():
        descriptions = _descriptions(platform)
        for key, icon in icons.items():
            assert key in descriptions, f"{platform}.{key} has an icon but no entity"
            if "state" in icon:
                continue
            assert platform not in STATE_ICON_PLATFORMS, f"{platform}.{key}"
            assert "device_class" not in descriptions[key], f"{platform}.{key}"


def test_every_platform_limits_parallel_updates() -> None:
    """Each platform module declares PARALLEL_UPDATES."""
    platforms = {platform.value for platform in Platform}
    for path in INTEGRATION.glob("*.py"):
        if path.stem in platforms:
            names = {
                target.id
                for node in _module(path.name).body
                if isinstance(node, ast.Assign)
                for target in node.targets
                if isinstance(target, ast.Name)
            }
            assert "PARALLEL_UPDATES" in names, path.name


def _png_size(path: Path) -> tuple[int, int]:
    """Return a PNG's width and height, read from its header."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_brand_images_have_the_sizes_home_assistant_expects() -> None:
    """brand/ (shown by Home Assistant 2026.3 and newer): square icons, landscape logos."""
    brand = INTEGRATION / "brand"
    assert (brand / "icon.png").is_file()
    assert (brand / "logo.png").is_file()
    for icon, side in (("icon.png", 256), ("icon@2x.png", 512)):
        if (brand / icon).exists():
            assert _png_size(brand / icon) == (side, side), icon
    for logo, (low, high) in (("logo.png", (128, 256)), ("logo@2x.png", (256, 512))):
        if (brand / logo).exists():
            width, height = _png_size(brand / logo)
            assert width >= height, f"{logo} is not landscape"
            assert low <= min(width, height) <= high, logo
