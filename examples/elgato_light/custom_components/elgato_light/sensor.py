"""Battery and Wi-Fi sensors of an Elgato light."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import override

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
    EntityCategory,
    UnitOfElectricCurrent,
    UnitOfElectricPotential,
    UnitOfPower,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ElgatoLightConfigEntry
from .entity import ElgatoLightEntity
from .models import DeviceData

# Read-only: the coordinator fetches for every entity at once.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class ElgatoLightSensorEntityDescription(SensorEntityDescription):
    """Describes one sensor: whether the light has it, and where its value comes from."""

    exists_fn: Callable[[DeviceData], bool]
    value_fn: Callable[[DeviceData], float | int | None]


def _has_battery(data: DeviceData) -> bool:
    return data.battery is not None


def _has_wifi(data: DeviceData) -> bool:
    return data.info.wifi_rssi is not None


SENSORS = (
    ElgatoLightSensorEntityDescription(
        key="battery",
        device_class=SensorDeviceClass.BATTERY,
        entity_category=EntityCategory.DIAGNOSTIC,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        exists_fn=_has_battery,
        value_fn=lambda data: data.battery.level if data.battery else None,
    ),
    ElgatoLightSensorEntityDescription(
        key="voltage",
        translation_key="voltage",
        entity_registry_enabled_default=False,
        device_class=SensorDeviceClass.VOLTAGE,
        entity_category=EntityCategory.DIAGNOSTIC,
        native_unit_of_measurement=UnitOfElectricPotential.MILLIVOLT,
        suggested_unit_of_measurement=UnitOfElectricPotential.VOLT,
        suggested_display_precision=2,
        state_class=SensorStateClass.MEASUREMENT,
        exists_fn=_has_battery,
        value_fn=lambda data: data.battery.voltage if data.battery else None,
    ),
    ElgatoLightSensorEntityDescription(
        key="input_charge_current",
        translation_key="input_charge_current",
        entity_registry_enabled_default=False,
        device_class=SensorDeviceClass.CURRENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        native_unit_of_measurement=UnitOfElectricCurrent.MILLIAMPERE,
        suggested_unit_of_measurement=UnitOfElectricCurrent.AMPERE,
        suggested_display_precision=2,
        state_class=SensorStateClass.MEASUREMENT,
        exists_fn=_has_battery,
        value_fn=lambda data: (
            data.battery.input_charge_current if data.battery else None
        ),
    ),
    ElgatoLightSensorEntityDescription(
        key="charge_power",
        translation_key="charge_power",
        entity_registry_enabled_default=False,
        device_class=SensorDeviceClass.POWER,
        entity_category=EntityCategory.DIAGNOSTIC,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
        state_class=SensorStateClass.MEASUREMENT,
        exists_fn=_has_battery,
        value_fn=lambda data: data.battery.charge_power if data.battery else None,
    ),
    ElgatoLightSensorEntityDescription(
        key="input_charge_voltage",
        translation_key="input_charge_voltage",
        entity_registry_enabled_default=False,
        device_class=SensorDeviceClass.VOLTAGE,
        entity_category=EntityCategory.DIAGNOSTIC,
        native_unit_of_measurement=UnitOfElectricPotential.MILLIVOLT,
        suggested_unit_of_measurement=UnitOfElectricPotential.VOLT,
        suggested_display_precision=2,
        state_class=SensorStateClass.MEASUREMENT,
        exists_fn=_has_battery,
        value_fn=lambda data: (
            data.battery.input_charge_voltage if data.battery else None
        ),
    ),
    ElgatoLightSensorEntityDescription(
        key="wifi_signal_strength",
        translation_key="wifi_signal_strength",
        entity_category=EntityCategory.DIAGNOSTIC,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        exists_fn=_has_wifi,
        value_fn=lambda data: data.info.wifi_signal_strength,
    ),
    ElgatoLightSensorEntityDescription(
        key="wifi_rssi",
        translation_key="wifi_rssi",
        entity_registry_enabled_default=False,
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        entity_category=EntityCategory.DIAGNOSTIC,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        state_class=SensorStateClass.MEASUREMENT,
        exists_fn=_has_wifi,
        value_fn=lambda data: data.info.wifi_rssi,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ElgatoLightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors the light has: battery ones on the Mini, Wi-Fi where reported."""
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
    """A sensor whose value is read from the light."""

    entity_description: ElgatoLightSensorEntityDescription

    @property
    @override
    def native_value(self) -> float | int | None:
        """Return the value the light reported."""
        return self.entity_description.value_fn(self.coordinator.data)
