"""Shutter actuators (ESB62NP-IP) of the Eltako Series 62-IP integration, as covers."""

from collections.abc import Iterable
from typing import Any, override

from eltako62ip.models import TARGET_POSITION, Device

from homeassistant.components.cover import (
    ATTR_POSITION,
    CoverDeviceClass,
    CoverEntity,
    CoverEntityDescription,
    CoverEntityFeature,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import Eltako62ipConfigEntry, Eltako62ipDataUpdateCoordinator
from .entity import Eltako62ipEntity, add_entities_for_new_devices, api_command

# One command at a time: the device handles requests one by one.
PARALLEL_UPDATES = 1

# Moving the shutter is the device's main function, so the cover takes its name.
SHUTTER_COVER = CoverEntityDescription(
    key=TARGET_POSITION,
    name=None,
    device_class=CoverDeviceClass.SHUTTER,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: Eltako62ipConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a cover for each shutter actuator, now and whenever a device appears."""
    add_entities_for_new_devices(entry, async_add_entities, _covers)


def _covers(
    coordinator: Eltako62ipDataUpdateCoordinator, device: Device
) -> Iterable[Eltako62ipCoverEntity]:
    if device.number(TARGET_POSITION) is not None:
        yield Eltako62ipCoverEntity(coordinator, device, SHUTTER_COVER)


class Eltako62ipCoverEntity(Eltako62ipEntity, CoverEntity):
    """A shutter whose position is read from the device (100 = open, 0 = closed).

    The API documents no stop command, so the cover offers none.
    """

    _attr_supported_features = (
        CoverEntityFeature.OPEN
        | CoverEntityFeature.CLOSE
        | CoverEntityFeature.SET_POSITION
    )

    @property
    @override
    def current_cover_position(self) -> int | None:
        """Return where the shutter is: its current position, else its target."""
        current = self.device.number("currentPosition", info=True)
        if current is None:
            current = self.device.number(TARGET_POSITION)
        return None if current is None else round(current)

    @property
    @override
    def is_closed(self) -> bool | None:
        """Return whether the shutter is fully closed."""
        position = self.current_cover_position
        return None if position is None else position == 0

    @property
    @override
    def is_opening(self) -> bool:
        """Return whether the shutter moves up: its target lies above where it is."""
        return self._travel() > 0

    @property
    @override
    def is_closing(self) -> bool:
        """Return whether the shutter moves down: its target lies below where it is."""
        return self._travel() < 0

    def _travel(self) -> float:
        """Return the way left to the target (0 when unknown: no current position)."""
        current = self.device.number("currentPosition", info=True)
        target = self.device.number(TARGET_POSITION)
        return 0 if current is None or target is None else target - current

    @api_command
    @override
    async def async_open_cover(self, **kwargs: Any) -> None:
        """Open the shutter fully."""
        await self._async_move_to(100)

    @api_command
    @override
    async def async_close_cover(self, **kwargs: Any) -> None:
        """Close the shutter fully."""
        await self._async_move_to(0)

    @api_command
    @override
    async def async_set_cover_position(self, **kwargs: Any) -> None:
        """Move the shutter to a position."""
        await self._async_move_to(kwargs[ATTR_POSITION])

    async def _async_move_to(self, position: int) -> None:
        target = self.device.functions[TARGET_POSITION]
        await self.coordinator.client.async_set_function(
            self.device_guid, target.with_value(position)
        )
