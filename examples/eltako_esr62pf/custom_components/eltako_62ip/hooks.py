"""Your integration's extension points: what the template's code asks your code.

This file is yours. The template renders it once and `copier update` never touches it
again. __init__.py, config_flow.py and diagnostics.py (the template's) read the names
below; keep each one, and change its value to fit your device.
"""

from dataclasses import dataclass
from typing import Any

import probatio

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant

from .coordinator import Eltako62ipDataUpdateCoordinator

# The entity platforms the integration sets up: one module of yours each (any Home
# Assistant platform: update, event, fan, climate, valve...).
PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.COVER,
    Platform.LIGHT,
    Platform.SENSOR,
    Platform.SWITCH,
]

# Keys that diagnostics never show, besides the credentials and the serial number
# (a MAC address, a location, a Wi-Fi name...).
DIAGNOSTICS_TO_REDACT: frozenset[str] = frozenset()

# Fields the user, discovery and reconfigure steps ask for besides the address and the
# credentials: probatio.Optional with a default (the template's flow tests submit the
# forms without them). Their values are kept in the entry's data, which DeviceClient
# reads as self.config. Their labels go into strings/integration.json, under
# config.step.<step>.data.<key> and data_description.<key>.
USER_FIELDS: dict[probatio.Marker, Any] = {}
# Fields of the options flow besides the polling interval; their values are kept in
# the entry's options (self.config_entry.options), and the entry reloads when they
# change. Labels under options.step.init.data.<key>.
OPTIONS_FIELDS: dict[probatio.Marker, Any] = {}


@dataclass(slots=True)
class ExtraRuntimeData:
    """What the integration keeps besides the main coordinator, as coordinator.extra.

    For example a second coordinator that polls another endpoint at its own interval.
    """


async def async_setup_extra_runtime_data(
    hass: HomeAssistant,
    coordinator: Eltako62ipDataUpdateCoordinator,
) -> ExtraRuntimeData:
    """Build the extra runtime data, after the main coordinator's first refresh.

    A coordinator made here with config_entry=coordinator.config_entry needs its
    await async_config_entry_first_refresh(); Home Assistant shuts it down with the
    entry.
    """
    return ExtraRuntimeData()
