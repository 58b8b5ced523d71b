"""The firmware update entity: whether the device runs its latest firmware."""

from typing import override

from homeassistant.components.update import (
    UpdateDeviceClass,
    UpdateEntity,
    UpdateEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import MyDeviceConfigEntry, MyDeviceDataUpdateCoordinator
from .entity import MyDeviceEntity

# Read by the coordinators; nothing is sent per entity.
PARALLEL_UPDATES = 0

FIRMWARE = UpdateEntityDescription(
    key="firmware",
    device_class=UpdateDeviceClass.FIRMWARE,
    entity_category=EntityCategory.DIAGNOSTIC,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: MyDeviceConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the firmware entity of the entry's device."""
    async_add_entities([FirmwareUpdateEntity(entry.runtime_data)])


class FirmwareUpdateEntity(MyDeviceEntity, UpdateEntity):
    """The device's firmware, from the firmware coordinator (hooks.py's extra data).

    Available while the device answers (the main coordinator) and its firmware was
    read (the firmware coordinator); it follows both.
    """

    def __init__(self, coordinator: MyDeviceDataUpdateCoordinator) -> None:
        """Attach the entity to the device and to the firmware coordinator."""
        super().__init__(coordinator, FIRMWARE)
        self.firmware = coordinator.extra.firmware

    @override
    async def async_added_to_hass(self) -> None:
        """Follow the firmware coordinator too."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.firmware.async_add_listener(self._handle_coordinator_update)
        )

    @property
    @override
    def available(self) -> bool:
        """Return True while the device answers and its firmware was read."""
        return super().available and self.firmware.last_update_success

    @property
    @override
    def installed_version(self) -> str:
        """Return the version the device runs."""
        return self.firmware.data.installed

    @property
    @override
    def latest_version(self) -> str:
        """Return the newest version the device knows of."""
        return self.firmware.data.latest
