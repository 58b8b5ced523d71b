"""Identify and restart buttons of an Elgato light."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import override

from homeassistant.components.button import (
    ButtonDeviceClass,
    ButtonEntity,
    ButtonEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ElgatoLightConfigEntry
from .device import DeviceClient
from .entity import ElgatoLightEntity, api_command

# One command at a time: the light handles requests one by one.
PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class ElgatoLightButtonEntityDescription(ButtonEntityDescription):
    """Describes one button: the request a press sends."""

    press_fn: Callable[[DeviceClient], Awaitable[None]]


BUTTONS = (
    ElgatoLightButtonEntityDescription(
        key="identify",
        device_class=ButtonDeviceClass.IDENTIFY,
        entity_category=EntityCategory.CONFIG,
        press_fn=lambda client: client.async_identify(),
    ),
    ElgatoLightButtonEntityDescription(
        key="restart",
        device_class=ButtonDeviceClass.RESTART,
        entity_category=EntityCategory.CONFIG,
        press_fn=lambda client: client.async_restart(),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ElgatoLightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the buttons: every Elgato light has both."""
    coordinator = entry.runtime_data
    async_add_entities(
        ElgatoLightButtonEntity(coordinator, description) for description in BUTTONS
    )


class ElgatoLightButtonEntity(
    ElgatoLightEntity,
    ButtonEntity,
):
    """A button that sends one request to the light."""

    entity_description: ElgatoLightButtonEntityDescription

    @api_command
    @override
    async def async_press(self) -> None:
        """Send the button's request."""
        await self.entity_description.press_fn(self.coordinator.client)
