"""The light of an Elgato Key Light, Key Light Air, Key Light Mini or Light Strip."""

from dataclasses import replace
from typing import Any, override

from homeassistant.components.light import (
    ATTR_BRIGHTNESS,
    ATTR_COLOR_TEMP_KELVIN,
    ATTR_HS_COLOR,
    ColorMode,
    LightEntity,
    LightEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import color as color_util

from .coordinator import ElgatoLightConfigEntry, ElgatoLightDataUpdateCoordinator
from .entity import ElgatoLightEntity, api_command

# One command at a time: the light handles requests one by one.
PARALLEL_UPDATES = 1

# The colour temperatures the lights accept, in mireds.
MIN_MIREDS, MAX_MIREDS = 143, 344

# The device's main feature: the entity takes the device's name.
LIGHT = LightEntityDescription(key="light", name=None)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ElgatoLightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the light."""
    async_add_entities([ElgatoLightLightEntity(entry.runtime_data, LIGHT)])


def _percent(brightness: int) -> int:
    """Return Home Assistant's brightness (1-255) as the light's percent (1-100)."""
    return max(1, round(brightness * 100 / 255))


class ElgatoLightLightEntity(
    ElgatoLightEntity,
    LightEntity,
):
    """A light with brightness, colour temperature and, on the Light Strip, colour."""

    def __init__(
        self,
        coordinator: ElgatoLightDataUpdateCoordinator,
        description: LightEntityDescription,
    ) -> None:
        """Take the colour modes and the temperature range the light has."""
        super().__init__(coordinator, description)
        data = coordinator.data
        self._attr_supported_color_modes = (
            {ColorMode.COLOR_TEMP, ColorMode.HS}
            if data.supports_color
            else {ColorMode.COLOR_TEMP}
        )
        (
            self._attr_min_color_temp_kelvin,
            self._attr_max_color_temp_kelvin,
        ) = data.color_temperature_range

    @property
    @override
    def is_on(self) -> bool:
        """Return whether the light is on."""
        return self.coordinator.data.state.on

    @property
    @override
    def brightness(self) -> int:
        """Return the brightness (0-255)."""
        return round(self.coordinator.data.state.brightness * 255 / 100)

    @property
    @override
    def color_mode(self) -> ColorMode:
        """Return HS while the light shows a colour, else colour temperature."""
        if self.coordinator.data.state.hue is not None:
            return ColorMode.HS
        return ColorMode.COLOR_TEMP

    @property
    @override
    def color_temp_kelvin(self) -> int | None:
        """Return the colour temperature in Kelvin, None while it shows a colour."""
        mireds = self.coordinator.data.state.temperature
        return (
            None
            if mireds is None
            else color_util.color_temperature_mired_to_kelvin(mireds)
        )

    @property
    @override
    def hs_color(self) -> tuple[float, float] | None:
        """Return hue and saturation, None while the light shows white."""
        state = self.coordinator.data.state
        return None if state.hue is None else (state.hue, state.saturation or 0.0)

    @api_command
    @override
    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch on, with the brightness, temperature or colour asked for."""
        light: dict[str, Any] = {"on": 1}
        if ATTR_BRIGHTNESS in kwargs:
            light["brightness"] = _percent(kwargs[ATTR_BRIGHTNESS])
        kelvin = kwargs.get(ATTR_COLOR_TEMP_KELVIN)
        if ATTR_HS_COLOR in kwargs:
            light["hue"], light["saturation"] = kwargs[ATTR_HS_COLOR]
        elif (
            kelvin is None
            and "brightness" in light
            and self.color_mode is (ColorMode.COLOR_TEMP)
        ):
            # A light that does colour, asked for a brightness alone while white,
            # would jump back to its last colour; sending the temperature keeps it.
            kelvin = self.color_temp_kelvin
        if kelvin is not None:
            mireds = color_util.color_temperature_kelvin_to_mired(kelvin)
            light["temperature"] = min(max(mireds, MIN_MIREDS), MAX_MIREDS)
        await self._async_set_light(light)

    @api_command
    @override
    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch off."""
        await self._async_set_light({"on": 0})

    @api_command
    async def async_identify(self) -> None:
        """Blink the light, for the identify action."""
        await self.coordinator.client.async_identify()

    async def _async_set_light(self, light: dict[str, Any]) -> None:
        """Send the change and show the output the light answers with at once."""
        state = await self.coordinator.client.async_set_light(**light)
        self.coordinator.async_set_updated_data(
            replace(self.coordinator.data, state=state)
        )
