"""Switches of the Elgato Light integration."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.switch import (
    SwitchDeviceClass,
    SwitchEntity,
    SwitchEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ElgatoLightConfigEntry
from .entity import ElgatoLightEntity, api_command
from .models import DeviceData

# One command at a time: small devices handle requests one by one.
PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class ElgatoLightSwitchEntityDescription(SwitchEntityDescription):
    """Describes one switch: where its state comes from; its key is what is set."""

    is_on_fn: Callable[[DeviceData], bool | None]
    exists_fn: Callable[[DeviceData], bool]


SWITCHES = (
    ElgatoLightSwitchEntityDescription(
        key="power",
        translation_key="power",
        device_class=SwitchDeviceClass.SWITCH,
        is_on_fn=lambda data: data.power,
        exists_fn=lambda data: data.power is not None,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ElgatoLightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a switch for each one the device reports."""
    coordinator = entry.runtime_data
    async_add_entities(
        ElgatoLightSwitchEntity(coordinator, description)
        for description in SWITCHES
        if description.exists_fn(coordinator.data)
    )


class ElgatoLightSwitchEntity(
    ElgatoLightEntity,
    SwitchEntity,
):
    """A switch whose state is read from the device, never assumed."""

    entity_description: ElgatoLightSwitchEntityDescription

    @property
    def is_on(self) -> bool | None:
        """Return the state the device reported."""
        return self.entity_description.is_on_fn(self.coordinator.data)

    @api_command
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch on."""
        await self._async_set_value(self.entity_description.key, True)

    @api_command
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch off."""
        await self._async_set_value(self.entity_description.key, False)
