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
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN
from .coordinator import ElgatoLightDataUpdateCoordinator
from .firmware import FirmwareCoordinator

# The firmware coordinator every light shares, once the first entry made it.
FIRMWARE_KEY: HassKey[FirmwareCoordinator] = HassKey(f"{DOMAIN}_firmware")

# The entity platforms the integration sets up: one module of yours each (any Home
# Assistant platform: update, event, fan, climate, valve...).
PLATFORMS: list[Platform] = [
    Platform.BUTTON,
    Platform.LIGHT,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
    Platform.UPDATE,
]

# Keys that diagnostics never show, besides the credentials and the serial number: the
# MAC address the light reports in its identity (DeviceDetails.mac_address).
DIAGNOSTICS_TO_REDACT: frozenset[str] = frozenset({"mac_address"})

# Fields the user, discovery and reconfigure steps ask for besides the address and the
# credentials: probatio.Optional with a default (the template's flow tests submit the
# forms without them). Their values are kept in the entry's data, which DeviceClient
# reads as self.config. Their labels go into strings/integration.json, under
# config.step.<step>.data.<key> and data_description.<key>.
USER_FIELDS: dict[probatio.Marker, Any] = {}


@dataclass(slots=True)
class ExtraRuntimeData:
    """What the integration keeps besides the main coordinator, as coordinator.extra.

    For example a second coordinator that polls another endpoint at its own interval.
    """

    # What Elgato ships, for the update entity; shared by every light.
    firmware: FirmwareCoordinator


async def async_setup_extra_runtime_data(
    hass: HomeAssistant,
    coordinator: ElgatoLightDataUpdateCoordinator,
) -> ExtraRuntimeData:
    """Build the extra runtime data, after the main coordinator's first refresh.

    A coordinator made here with config_entry=coordinator.config_entry needs its
    await async_config_entry_first_refresh(); Home Assistant shuts it down with the
    entry.
    """
    # One catalog covers every model, so every light shares one coordinator, as
    # core's elgato does; it belongs to no entry and lives as long as Home Assistant.
    if (firmware := hass.data.get(FIRMWARE_KEY)) is None:
        firmware = hass.data[FIRMWARE_KEY] = FirmwareCoordinator(hass)
        # Elgato's servers are not on the local network, and may take their full
        # timeout to answer: nothing waits on them. The update entities fill in once
        # the catalog is read.
        hass.async_create_background_task(
            firmware.async_refresh(), f"{DOMAIN} firmware catalog"
        )
    return ExtraRuntimeData(firmware)
