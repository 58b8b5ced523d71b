"""Wired inputs of the Eltako Series 62-IP integration, as binary sensors."""

from collections.abc import Iterable
from typing import override

from eltako62ip.models import INPUT_STATES, Device

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import Eltako62ipConfigEntry, Eltako62ipDataUpdateCoordinator
from .entity import Eltako62ipEntity, add_entities_for_new_devices

# Binary sensors only read the coordinator's data, so there is no limit.
PARALLEL_UPDATES = 0

# On while the contact wired to the input is closed. Disabled until the user enables
# them: most inputs carry a push-button, whose press is over long before the next poll
# could see it; a switch or a contact wired to an input shows its state.
INPUT_SENSORS = (
    # A wired input of one input is that input: its sensor takes the device's name.
    BinarySensorEntityDescription(
        key="input",
        name=None,
        entity_registry_enabled_default=False,
    ),
    # A wired input of two channels: each channel, and whether they are bridged.
    BinarySensorEntityDescription(
        key="inputChannel1",
        translation_key="input_channel_1",
        entity_registry_enabled_default=False,
    ),
    BinarySensorEntityDescription(
        key="inputChannel2",
        translation_key="input_channel_2",
        entity_registry_enabled_default=False,
    ),
    BinarySensorEntityDescription(
        key="inputBridged",
        translation_key="input_bridged",
        entity_registry_enabled_default=False,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: Eltako62ipConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a binary sensor for each wired input, now and whenever a device appears."""
    add_entities_for_new_devices(entry, async_add_entities, _inputs)


def _inputs(
    coordinator: Eltako62ipDataUpdateCoordinator, device: Device
) -> Iterable[Eltako62ipBinarySensorEntity]:
    for description in INPUT_SENSORS:
        if description.key in device.functions:
            yield Eltako62ipBinarySensorEntity(coordinator, device, description)


class Eltako62ipBinarySensorEntity(Eltako62ipEntity, BinarySensorEntity):
    """A wired input: on while its contact is closed, as the device reports it."""

    @property
    @override
    def is_on(self) -> bool | None:
        """Return whether the input's contact is closed; None for another value."""
        value = self.device.functions[self.entity_description.key].value
        return INPUT_STATES.get(value)
