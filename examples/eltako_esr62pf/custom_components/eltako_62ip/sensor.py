"""Power readings of the Eltako Series 62-IP integration, as sensors."""

from collections.abc import Iterable
from dataclasses import replace
from typing import override

from eltako62ip.models import POWER_INFOS, Device

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import UnitOfPower
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import Eltako62ipConfigEntry, Eltako62ipDataUpdateCoordinator
from .entity import Eltako62ipEntity, add_entities_for_new_devices

# Sensors only read the coordinator's data, so there is no limit.
PARALLEL_UPDATES = 0


def _power(identifier: str) -> SensorEntityDescription:
    """Describe the power an info reports (a device reports one at most).

    Its unit is the one GET /products states, set for each device.
    """
    return SensorEntityDescription(
        key=identifier,
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
    )


POWER_SENSORS = tuple(_power(identifier) for identifier in POWER_INFOS)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: Eltako62ipConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a power sensor for each device that reports power, now and later."""
    add_entities_for_new_devices(entry, async_add_entities, _sensors)


def _sensors(
    coordinator: Eltako62ipDataUpdateCoordinator, device: Device
) -> Iterable[Eltako62ipSensorEntity]:
    """Yield a power sensor for each power info whose unit the device states.

    A power without a unit, or in a unit that is not one of power, gets no sensor:
    its numbers would be shown in a unit they are not in.
    """
    for description in POWER_SENSORS:
        unit = device.units.get(description.key)
        if (
            unit is not None
            and unit in UnitOfPower
            and device.number(description.key, info=True) is not None
        ):
            yield Eltako62ipSensorEntity(
                coordinator,
                device,
                replace(description, native_unit_of_measurement=UnitOfPower(unit)),
            )


class Eltako62ipSensorEntity(Eltako62ipEntity, SensorEntity):
    """A power reading of one device."""

    @property
    @override
    def native_value(self) -> float | None:
        """Return the power the device reported."""
        return self.device.number(self.entity_description.key, info=True)
