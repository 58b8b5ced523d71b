"""Buttons of the Elgato Light integration."""

from homeassistant.components.button import (
    ButtonDeviceClass,
    ButtonEntity,
    ButtonEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ElgatoLightConfigEntry
from .entity import ElgatoLightEntity, api_command

# One command at a time: small devices handle requests one by one.
PARALLEL_UPDATES = 1

# Each button's key is the action it triggers on the device.
BUTTONS = (
    ButtonEntityDescription(
        key="restart",
        translation_key="restart",
        device_class=ButtonDeviceClass.RESTART,
        entity_category=EntityCategory.CONFIG,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ElgatoLightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a button for each action."""
    coordinator = entry.runtime_data
    async_add_entities(
        ElgatoLightButtonEntity(coordinator, description)
        # Actions need no state to exist: the device always offers them.
        for description in BUTTONS
    )


class ElgatoLightButtonEntity(
    ElgatoLightEntity,
    ButtonEntity,
):
    """A button that triggers an action on the device."""

    @api_command
    async def async_press(self) -> None:
        """Trigger the action."""
        await self.coordinator.client.async_press(self.entity_description.key)
