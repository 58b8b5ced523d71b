"""Dimmers (EUD62NPN-IP) of the Eltako Series 62-IP integration, as lights."""

from collections.abc import Iterable
import math
from typing import Any, override

from eltako62ip.models import TARGET_BRIGHTNESS, Device

from homeassistant.components.light import (
    ATTR_BRIGHTNESS,
    ColorMode,
    LightEntity,
    LightEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util.color import brightness_to_value, value_to_brightness

from .coordinator import Eltako62ipConfigEntry, Eltako62ipDataUpdateCoordinator
from .entity import Eltako62ipEntity, add_entities_for_new_devices, api_command

# One command at a time: the device handles requests one by one.
PARALLEL_UPDATES = 1

# The device's brightness is a percentage; 0 means off.
BRIGHTNESS_SCALE = (1, 100)

# Dimming is the device's main function, so the light takes the device's name.
DIMMER_LIGHT = LightEntityDescription(key=TARGET_BRIGHTNESS, name=None)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: Eltako62ipConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a light for each dimmer, now and whenever a device appears."""
    add_entities_for_new_devices(entry, async_add_entities, _lights)


def _lights(
    coordinator: Eltako62ipDataUpdateCoordinator, device: Device
) -> Iterable[Eltako62ipLightEntity]:
    if device.number(TARGET_BRIGHTNESS) is not None:
        yield Eltako62ipLightEntity(coordinator, device, DIMMER_LIGHT)


class Eltako62ipLightEntity(Eltako62ipEntity, LightEntity):
    """A dimmer whose brightness is read from the device."""

    _attr_color_mode = ColorMode.BRIGHTNESS
    _attr_supported_color_modes = {ColorMode.BRIGHTNESS}

    @property
    def _percent(self) -> float | None:
        """Return the brightness now: the current one while dimming, else the target."""
        current = self.device.number("currentBrightness", info=True)
        return current if current is not None else self.device.number(TARGET_BRIGHTNESS)

    @property
    @override
    def is_on(self) -> bool | None:
        """Return whether the device reports any brightness."""
        percent = self._percent
        return None if percent is None else percent > 0

    @property
    @override
    def brightness(self) -> int | None:
        """Return the brightness the device reports (1-255), None when off."""
        percent = self._percent
        return value_to_brightness(BRIGHTNESS_SCALE, percent) if percent else None

    @api_command
    @override
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch on, at the requested brightness or the device's last one."""
        if ATTR_BRIGHTNESS in kwargs:
            scaled = brightness_to_value(BRIGHTNESS_SCALE, kwargs[ATTR_BRIGHTNESS])
            percent = max(1, math.ceil(scaled))
        else:
            last = self.device.number("lastBrightness", info=True)
            percent = int(last) if last else 100
        await self._async_set_brightness(percent)

    @api_command
    @override
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch off; the device remembers the brightness for the next switch-on."""
        await self._async_set_brightness(0)

    async def _async_set_brightness(self, percent: int) -> None:
        target = self.device.functions[TARGET_BRIGHTNESS]
        await self.coordinator.client.async_set_function(
            self.device_guid, target.with_value(percent)
        )
