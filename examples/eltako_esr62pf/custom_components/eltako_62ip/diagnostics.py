"""Diagnostics for the Eltako Series 62-IP integration: what a bug report needs."""

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.const import CONF_PASSWORD, CONF_TOKEN, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .coordinator import Eltako62ipConfigEntry
from .hooks import DIAGNOSTICS_TO_REDACT

# Credentials and who they belong to, and the keys hooks.py names; never part of a
# download.
TO_REDACT = DIAGNOSTICS_TO_REDACT | {
    CONF_PASSWORD,
    CONF_USERNAME,
    CONF_TOKEN,
    "serial_number",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant,
    entry: Eltako62ipConfigEntry,
) -> dict[str, Any]:
    """Return the entry, the device's identity and its last state, without secrets."""
    coordinator = entry.runtime_data
    return {
        "entry": {
            "title": REDACTED,  # it holds the serial number
            "version": f"{entry.version}.{entry.minor_version}",
            "data": async_redact_data(entry.data, TO_REDACT),
            "options": dict(entry.options),
        },
        "device": async_redact_data(asdict(coordinator.device), TO_REDACT),
        "last_update_success": coordinator.last_update_success,
        "data": async_redact_data(asdict(coordinator.data), TO_REDACT),
    }
