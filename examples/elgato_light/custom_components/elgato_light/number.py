"""Numbers of the Elgato Light integration."""

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.number import (
    NumberDeviceClass,
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ElgatoLightConfigEntry
from .entity import ElgatoLightEntity, api_command
from .models import DeviceData

# One command at a time: small devices handle requests one by one.
PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class ElgatoLightNumberEntityDescription(NumberEntityDescription):
    """Describes one number: where its value comes from; its key is what is set."""

    value_fn: Callable[[DeviceData], float | None]


NUMBERS = (
    ElgatoLightNumberEntityDescription(
        key="target_temperature",
        translation_key="target_temperature",
        device_class=NumberDeviceClass.TEMPERATURE,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        native_min_value=5,
        native_max_value=30,
        native_step=0.5,
        mode=NumberMode.BOX,
        value_fn=lambda data: data.target_temperature,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ElgatoLightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a number for each value the device reports."""
    coordinator = entry.runtime_data
    async_add_entities(
        ElgatoLightNumberEntity(coordinator, description)
        for description in NUMBERS
        if description.value_fn(coordinator.data) is not None
    )


class ElgatoLightNumberEntity(
    ElgatoLightEntity,
    NumberEntity,
):
    """A number whose value is read from the device."""

    entity_description: ElgatoLightNumberEntityDescription

    @property
    def native_value(self) -> float | None:
        """Return the value the device reports."""
        return self.entity_description.value_fn(self.coordinator.data)

    @api_command
    async def async_set_native_value(self, value: float) -> None:
        """Set a new value."""
        await self._async_set_value(self.entity_description.key, value)
