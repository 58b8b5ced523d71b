"""Carry a project's own files from template 0.4.x to 0.5.0.

0.5.0 moves what an entity action does with a device error into the template-owned
coordinator (`async_command`), so that a rejected credential starts reauthentication
and later fixes reach the project. The author's entity.py and services.py delegate to
it where they still hold exactly what 0.4.x rendered; anything else is left as it is,
with a line saying what to change by hand.

Run by `copier update --trust` in the project's directory.
"""

from __future__ import annotations

from pathlib import Path

import yaml

OLD_ENTITY_COMMAND = """\
        try:
            await func(self, *args, **kwargs)
        except ApiError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="command_failed",
                translation_placeholders={"error": str(err)},
            ) from err
        await self.coordinator.async_request_refresh()
"""
NEW_ENTITY_COMMAND = """\
        await self.coordinator.async_command(func(self, *args, **kwargs))
"""
OLD_ENTITY_DOCSTRING = """\
    \"\"\"Make an entity action report device errors as translated errors.

    After a command the state is read back from the device instead of assumed.
    \"\"\"
"""
NEW_ENTITY_DOCSTRING = """\
    \"\"\"Send an entity's command through the coordinator.

    Device errors become translated errors, rejected credentials start
    reauthentication, and the state is read back from the device afterwards.
    \"\"\"
"""
OLD_SERVICE_COMMAND = """\
    try:
        await entry.runtime_data.client.async_send_command(call.data[ATTR_COMMAND])
    except ApiError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="command_failed",
            translation_placeholders={"error": str(err)},
        ) from err
"""
NEW_SERVICE_COMMAND = """\
    coordinator = entry.runtime_data
    await coordinator.async_command(
        coordinator.client.async_send_command(call.data[ATTR_COMMAND])
    )
"""
# Public names come from a component's root, as core's hass-component-root-import asks.
OLD_LIGHT_IMPORT = """\
    ATTR_BRIGHTNESS,
    LightEntity,
    LightEntityDescription,
)
from homeassistant.components.light.const import ColorMode
"""
NEW_LIGHT_IMPORT = """\
    ATTR_BRIGHTNESS,
    ColorMode,
    LightEntity,
    LightEntityDescription,
)
"""
# Imports the replaced code alone used, and what they become when nothing else does.
UNUSED_IMPORTS = {
    "from homeassistant.exceptions import HomeAssistantError\n": "",
    "from homeassistant.exceptions import HomeAssistantError, ServiceValidationError\n": (
        "from homeassistant.exceptions import ServiceValidationError\n"
    ),
    "from .api import ApiError\n": "",
}


def _without_unused_imports(text: str) -> str:
    """Drop the imports in UNUSED_IMPORTS whose names the text no longer uses."""
    for line, replacement in UNUSED_IMPORTS.items():
        if line not in text:
            continue
        name = "HomeAssistantError" if "HomeAssistantError" in line else "ApiError"
        if text.replace(line, "").count(name) == 0:
            text = text.replace(line, replacement, 1)
    return text


def delegate(path: Path, old: str, new: str) -> None:
    """Replace old by new in path if it is there; otherwise say what to do by hand."""
    if not path.exists():
        return
    text = path.read_text()
    if new in text:
        return
    if old not in text:
        if "command_failed" not in text:
            return  # no command is sent from here
        print(
            f"v0.5.0 migration: {path} is yours as you changed it; send commands "
            "through coordinator.async_command(...) so that rejected credentials start "
            "reauthentication (see CHANGELOG.md)."
        )
        return
    text = text.replace(old, new, 1).replace(
        OLD_ENTITY_DOCSTRING, NEW_ENTITY_DOCSTRING, 1
    )
    path.write_text(_without_unused_imports(text))
    print(f"v0.5.0 migration: updated {path}")


def main() -> None:
    """Migrate the project in the working directory."""
    answers = yaml.safe_load(Path(".copier-answers.yml").read_text())
    package = Path("custom_components") / answers["project_domain"]
    delegate(package / "entity.py", OLD_ENTITY_COMMAND, NEW_ENTITY_COMMAND)
    delegate(package / "services.py", OLD_SERVICE_COMMAND, NEW_SERVICE_COMMAND)
    light = package / "light.py"
    if light.exists() and OLD_LIGHT_IMPORT in (text := light.read_text()):
        light.write_text(text.replace(OLD_LIGHT_IMPORT, NEW_LIGHT_IMPORT, 1))
        print(f"v0.5.0 migration: updated {light}")


if __name__ == "__main__":
    main()
