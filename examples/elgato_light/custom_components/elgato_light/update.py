"""The light's firmware: the version it runs, the one Elgato ships, and the install."""

from typing import Any

from homeassistant.components.update import (
    UpdateDeviceClass,
    UpdateEntity,
    UpdateEntityDescription,
    UpdateEntityFeature,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ElgatoLightConfigEntry, ElgatoLightDataUpdateCoordinator
from .entity import ElgatoLightEntity
from .firmware import UPLOAD_PATH

# An install has the light to itself.
PARALLEL_UPDATES = 1

FIRMWARE = UpdateEntityDescription(
    key="firmware",
    device_class=UpdateDeviceClass.FIRMWARE,
    entity_category=EntityCategory.CONFIG,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ElgatoLightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the light's firmware entity."""
    async_add_entities([ElgatoLightUpdateEntity(entry.runtime_data)])


class ElgatoLightUpdateEntity(ElgatoLightEntity, UpdateEntity):
    """The light's firmware, against what Elgato ships for its board.

    Versions are "version.build": Elgato ships several builds of one version. The
    entity follows the light's coordinator and the shared firmware coordinator, and is
    available while both read.
    """

    _attr_supported_features = (
        UpdateEntityFeature.INSTALL | UpdateEntityFeature.PROGRESS
    )

    def __init__(self, coordinator: ElgatoLightDataUpdateCoordinator) -> None:
        """Attach the entity to the light and to the firmware coordinator."""
        super().__init__(coordinator, FIRMWARE)
        self.firmware = coordinator.extra.firmware

    async def async_added_to_hass(self) -> None:
        """Follow the firmware coordinator too."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.firmware.async_add_listener(self._handle_coordinator_update)
        )

    @property
    def available(self) -> bool:
        """Return True while the light answers and Elgato's catalog was read."""
        return super().available and self.firmware.last_update_success

    async def async_update(self) -> None:
        """Read the light and check Elgato's catalog again (update_entity)."""
        await super().async_update()
        await self.firmware.async_request_refresh()

    @property
    def installed_version(self) -> str:
        """Return the firmware the light runs."""
        info = self.coordinator.data.info
        return f"{info.firmware_version}.{info.firmware_build_number}"

    @property
    def latest_version(self) -> str | None:
        """Return what Elgato ships for the light's board; None if nothing."""
        catalog = self.firmware.data or {}
        latest = catalog.get(self.coordinator.data.info.hardware_board_type)
        return None if latest is None else latest.full_version

    async def async_install(
        self, version: str | None, backup: bool, **kwargs: Any
    ) -> None:
        """Download what Elgato ships for the light, send it, and read the light back."""
        self._attr_in_progress = True
        self._attr_update_percentage = None
        self.async_write_ha_state()
        try:
            await self.firmware.async_install(
                self.coordinator.data.info.hardware_board_type,
                self.coordinator.client.base_url.with_path(UPLOAD_PATH),
                self._progress,
            )
        finally:
            self._attr_in_progress = False
            self._attr_update_percentage = None
            self.async_write_ha_state()
        # The light restarts on the new firmware: show it as soon as it answers.
        await self.coordinator.async_refresh()

    @callback
    def _progress(self, sent: int, total: int) -> None:
        """Show how much of the image the light took."""
        self._attr_update_percentage = round(sent / total * 100)
        self.async_write_ha_state()
