"""Lights of the Elgato Light integration."""

from typing import Any

from homeassistant.components.light import (
    ATTR_BRIGHTNESS,
    ColorMode,
    LightEntity,
    LightEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ElgatoLightConfigEntry
from .entity import ElgatoLightEntity, api_command
from .models import LightState

# One command at a time: small devices handle requests one by one.
PARALLEL_UPDATES = 1

# The device's main feature: the entity takes the device's name.
LIGHT = LightEntityDescription(key="light", name=None)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ElgatoLightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the light if the device has one."""
    coordinator = entry.runtime_data
    if coordinator.data.light is not None:
        entity = ElgatoLightLightEntity(coordinator, LIGHT)
        async_add_entities([entity])


class ElgatoLightLightEntity(
    ElgatoLightEntity,
    LightEntity,
):
    """A dimmable light whose state is read from the device."""

    _attr_color_mode = ColorMode.BRIGHTNESS
    _attr_supported_color_modes = {ColorMode.BRIGHTNESS}

    @property
    def _light(self) -> LightState | None:
        return self.coordinator.data.light

    @property
    def is_on(self) -> bool | None:
        """Return whether the device reports the light on."""
        return None if self._light is None else self._light.on

    @property
    def brightness(self) -> int | None:
        """Return the brightness the device reports (0-255)."""
        return None if self._light is None else self._light.brightness

    @api_command
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch on, at the requested brightness or the last one."""
        brightness = kwargs.get(ATTR_BRIGHTNESS, self.brightness or 255)
        await self._set(on=True, brightness=brightness)

    @api_command
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch off, keeping the brightness for the next switch-on."""
        await self._set(on=False, brightness=self.brightness or 255)

    async def _set(self, *, on: bool, brightness: int) -> None:
        await self._async_set_value(LIGHT.key, {"on": on, "brightness": brightness})
