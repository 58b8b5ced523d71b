"""Power-on brightness and colour temperature of an Elgato light."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, override

from homeassistant.components.number import NumberEntity, NumberEntityDescription
from homeassistant.const import PERCENTAGE, EntityCategory, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util.color import (
    color_temperature_kelvin_to_mired,
    color_temperature_mired_to_kelvin,
)

from .coordinator import ElgatoLightConfigEntry, ElgatoLightDataUpdateCoordinator
from .entity import ElgatoLightEntity, api_command
from .light import MAX_MIREDS, MIN_MIREDS
from .models import DeviceData, Settings

# One command at a time: the light handles requests one by one.
PARALLEL_UPDATES = 1


def _power_on_kelvin(data: DeviceData) -> int | None:
    # A light set to power on to a colour reports 0, which is no temperature.
    mireds = data.settings.power_on_temperature
    return color_temperature_mired_to_kelvin(mireds) if mireds else None


def _mireds(kelvin: float) -> int:
    return min(max(color_temperature_kelvin_to_mired(kelvin), MIN_MIREDS), MAX_MIREDS)


@dataclass(frozen=True, kw_only=True)
class ElgatoLightNumberEntityDescription(NumberEntityDescription):
    """Describes one power-on setting: its value, range and the change it sends."""

    exists_fn: Callable[[DeviceData], bool] = lambda _: True
    range_fn: Callable[[DeviceData], tuple[int, int]] | None = None
    value_fn: Callable[[DeviceData], float | None]
    payload_fn: Callable[[Settings, float], dict[str, Any]]


NUMBERS = (
    ElgatoLightNumberEntityDescription(
        key="power_on_brightness",
        translation_key="power_on_brightness",
        entity_category=EntityCategory.CONFIG,
        native_unit_of_measurement=PERCENTAGE,
        native_min_value=0,
        native_max_value=100,
        native_step=1,
        value_fn=lambda data: data.settings.power_on_brightness,
        payload_fn=lambda settings, value: settings.power_on_payload(
            brightness=int(value)
        ),
    ),
    ElgatoLightNumberEntityDescription(
        key="power_on_temperature",
        translation_key="power_on_temperature",
        entity_category=EntityCategory.CONFIG,
        native_unit_of_measurement=UnitOfTemperature.KELVIN,
        native_step=50,
        # The same range as the light's own.
        range_fn=lambda data: data.color_temperature_range,
        exists_fn=lambda data: data.settings.power_on_temperature is not None,
        value_fn=_power_on_kelvin,
        payload_fn=lambda settings, value: settings.power_on_payload(
            temperature=_mireds(value)
        ),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ElgatoLightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the power-on settings the light has."""
    coordinator = entry.runtime_data
    async_add_entities(
        ElgatoLightNumberEntity(coordinator, description)
        for description in NUMBERS
        if description.exists_fn(coordinator.data)
    )


class ElgatoLightNumberEntity(
    ElgatoLightEntity,
    NumberEntity,
):
    """A power-on setting, as the light reports it."""

    entity_description: ElgatoLightNumberEntityDescription

    def __init__(
        self,
        coordinator: ElgatoLightDataUpdateCoordinator,
        description: ElgatoLightNumberEntityDescription,
    ) -> None:
        """Take the range the light has."""
        super().__init__(coordinator, description)
        if description.range_fn is not None:
            (
                self._attr_native_min_value,
                self._attr_native_max_value,
            ) = description.range_fn(coordinator.data)

    @property
    @override
    def native_value(self) -> float | None:
        """Return the value the light reports, within the range it can be set to."""
        if (value := self.entity_description.value_fn(self.coordinator.data)) is None:
            return None
        # Kelvin to mireds and back does not always land where it started: 6500 K
        # is stored as 153 mireds and reads back as 6535 K, past the maximum.
        return min(max(value, self.native_min_value), self.native_max_value)

    @api_command
    @override
    async def async_set_native_value(self, value: float) -> None:
        """Change the setting."""
        await self._async_set_settings(
            self.entity_description.payload_fn(self.coordinator.data.settings, value)
        )
