"""The firmware coordinator: the device's firmware versions, read twice a day.

Yours, like everything hooks.py builds: the main coordinator keeps the state current
(pushed), and this second one reads what changes rarely, at its own interval.
"""

from datetime import timedelta
from typing import override

from homeassistant.core import HomeAssistant
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .api import ApiError
from .const import DOMAIN, LOGGER
from .coordinator import MyDeviceConfigEntry, MyDeviceDataUpdateCoordinator
from .models import Firmware

FIRMWARE_INTERVAL = timedelta(hours=12)


class FirmwareCoordinator(DataUpdateCoordinator[Firmware]):
    """Reads the installed and the latest firmware version of the device."""

    config_entry: MyDeviceConfigEntry

    def __init__(
        self, hass: HomeAssistant, coordinator: MyDeviceDataUpdateCoordinator
    ) -> None:
        """Share the main coordinator's client and config entry."""
        super().__init__(
            hass,
            LOGGER,
            # With the entry given, Home Assistant shuts it down when the entry unloads.
            config_entry=coordinator.config_entry,
            name=f"{DOMAIN} firmware",
            update_interval=FIRMWARE_INTERVAL,
        )
        self.client = coordinator.client

    @override
    async def _async_update_data(self) -> Firmware:
        """Read the firmware versions."""
        try:
            return await self.client.async_get_firmware()
        except ApiError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="update_failed",
                translation_placeholders={"error": str(err)},
            ) from err
