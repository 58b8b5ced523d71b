"""Sensors of the Elgato Light integration."""

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
    EntityCategory,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .coordinator import ElgatoLightConfigEntry
from .entity import ElgatoLightEntity
from .models import DeviceData

# The coordinator fetches for all entities; entities themselves never poll.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class ElgatoLightSensorEntityDescription(SensorEntityDescription):
    """Describes one sensor: where its value comes from."""

    value_fn: Callable[[DeviceData], StateType]
    # Whether the device reports this value at all; sensors it lacks are not created.
    exists_fn: Callable[[DeviceData], bool]


SENSORS = (
    ElgatoLightSensorEntityDescription(
        key="temperature",
        translation_key="temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        value_fn=lambda data: data.temperature,
        exists_fn=lambda data: data.temperature is not None,
    ),
    ElgatoLightSensorEntityDescription(
        key="signal_strength",
        translation_key="signal_strength",
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda data: data.signal_strength,
        exists_fn=lambda data: data.signal_strength is not None,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ElgatoLightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a sensor for each value the device reports."""
    coordinator = entry.runtime_data
    async_add_entities(
        ElgatoLightSensorEntity(coordinator, description)
        for description in SENSORS
        if description.exists_fn(coordinator.data)
    )


class ElgatoLightSensorEntity(
    ElgatoLightEntity,
    SensorEntity,
):
    """A sensor whose value is read from the latest poll."""

    entity_description: ElgatoLightSensorEntityDescription

    @property
    def native_value(self) -> StateType:
        """Return the sensor's value."""
        return self.entity_description.value_fn(self.coordinator.data)
