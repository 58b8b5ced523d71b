"""Battery switches of the Elgato Key Light Mini: studio mode and energy saving."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, override

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ElgatoLightConfigEntry
from .entity import ElgatoLightEntity, api_command
from .models import BatterySettings, DeviceData

# One command at a time: the light handles requests one by one.
PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class ElgatoLightSwitchEntityDescription(SwitchEntityDescription):
    """Describes one battery switch: its state, and the settings change it sends."""

    is_on_fn: Callable[[BatterySettings], bool]
    payload_fn: Callable[[BatterySettings, bool], dict[str, Any]]


SWITCHES = (
    ElgatoLightSwitchEntityDescription(
        key="bypass",
        translation_key="bypass",
        entity_category=EntityCategory.CONFIG,
        is_on_fn=lambda battery: battery.bypass,
        payload_fn=lambda _, on: {"battery": {"bypass": int(on)}},
    ),
    ElgatoLightSwitchEntityDescription(
        key="energy_saving",
        translation_key="energy_saving",
        entity_category=EntityCategory.CONFIG,
        is_on_fn=lambda battery: battery.energy_saving,
        payload_fn=lambda battery, on: battery.energy_saving_payload(on=on),
    ),
)


def _battery(data: DeviceData) -> BatterySettings | None:
    return data.settings.battery


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ElgatoLightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the battery switches if the light has a battery."""
    coordinator = entry.runtime_data
    if _battery(coordinator.data) is not None:
        async_add_entities(
            ElgatoLightSwitchEntity(coordinator, description)
            for description in SWITCHES
        )


class ElgatoLightSwitchEntity(
    ElgatoLightEntity,
    SwitchEntity,
):
    """A battery setting that is on or off, as the light reports it."""

    entity_description: ElgatoLightSwitchEntityDescription

    @property
    @override
    def is_on(self) -> bool | None:
        """Return the state the light reported."""
        battery = _battery(self.coordinator.data)
        return None if battery is None else self.entity_description.is_on_fn(battery)

    @api_command
    @override
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch on."""
        await self._async_switch(on=True)

    @api_command
    @override
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch off."""
        await self._async_switch(on=False)

    async def _async_switch(self, *, on: bool) -> None:
        # Only added with a battery; the settings always have one afterwards.
        battery = _battery(self.coordinator.data)
        assert battery is not None
        await self._async_set_settings(self.entity_description.payload_fn(battery, on))
