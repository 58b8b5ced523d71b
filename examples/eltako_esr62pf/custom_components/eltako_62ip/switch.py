"""Relays of the Eltako Series 62-IP integration, as switches."""

from collections.abc import Iterable
from typing import Any, override

from eltako62ip.models import RELAY, Device

from homeassistant.components.switch import (
    SwitchDeviceClass,
    SwitchEntity,
    SwitchEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import Eltako62ipConfigEntry, Eltako62ipDataUpdateCoordinator
from .entity import Eltako62ipEntity, add_entities_for_new_devices, api_command

# One command at a time: the device handles requests one by one.
PARALLEL_UPDATES = 1

# The relay is the device's main function, so the switch takes the device's name.
RELAY_SWITCH = SwitchEntityDescription(
    key=RELAY,
    name=None,
    device_class=SwitchDeviceClass.SWITCH,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: Eltako62ipConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a switch for each relay, now and whenever a device appears."""
    add_entities_for_new_devices(entry, async_add_entities, _switches)


def _switches(
    coordinator: Eltako62ipDataUpdateCoordinator, device: Device
) -> Iterable[Eltako62ipSwitchEntity]:
    if RELAY in device.functions:
        yield Eltako62ipSwitchEntity(coordinator, device, RELAY_SWITCH)


class Eltako62ipSwitchEntity(Eltako62ipEntity, SwitchEntity):
    """A relay whose state is read from the device, never assumed."""

    @property
    @override
    def is_on(self) -> bool | None:
        """Return the relay state the device reported."""
        value = self.device.functions[RELAY].value
        return {"on": True, "off": False}.get(value)

    @api_command
    @override
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch the relay on."""
        await self._async_set_relay("on")

    @api_command
    @override
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch the relay off."""
        await self._async_set_relay("off")

    async def _async_set_relay(self, value: str) -> None:
        relay = self.device.functions[RELAY]
        await self.coordinator.client.async_set_function(
            self.device_guid, relay.with_value(value)
        )
