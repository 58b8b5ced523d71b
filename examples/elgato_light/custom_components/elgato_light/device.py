"""The Elgato lights' local API (port 9123, paths below /elgato).

GET /accessory-info is the light's identity, GET /lights its output, GET /lights/settings
how it powers on, and GET /battery-info (the Key Light Mini only) its battery. PUT
/lights answers with the new output; POST /identify blinks and POST /restart restarts.
"""

from typing import Any

from .api import ApiClient, parse_answer
from .models import BatteryInfo, DeviceData, DeviceDetails, LightState, Settings

INFO_PATH = "/accessory-info"
LIGHTS_PATH = "/lights"
SETTINGS_PATH = "/lights/settings"
BATTERY_PATH = "/battery-info"


class DeviceClient(ApiClient):
    """The light's API, one method per endpoint the integration uses."""

    # As python-elgato (Home Assistant core's client) waits: a light on the local
    # network answers at once or not at all.
    REQUEST_TIMEOUT = 8.0

    async def async_test_connection(self) -> DeviceDetails:
        """Check that the light answers; return its identity."""
        return await self.async_get(INFO_PATH, DeviceDetails.from_json)

    async def async_get_data(self) -> DeviceData:
        """Read the light's output, settings, battery and identity, as core's does.

        The identity is read again for its Wi-Fi reception; the battery only where the
        settings say the light has one (the Key Light Mini).
        """
        state = await self.async_get(LIGHTS_PATH, LightState.from_json)
        settings = await self.async_get_settings()
        battery = (
            None
            if settings.battery is None
            else await self.async_get(BATTERY_PATH, BatteryInfo.from_json)
        )
        info = await self.async_get(INFO_PATH, DeviceDetails.from_json)
        return DeviceData(state=state, settings=settings, info=info, battery=battery)

    async def async_get_settings(self) -> Settings:
        """Read the light's settings."""
        return await self.async_get(SETTINGS_PATH, Settings.from_json)

    async def async_set_light(self, **light: Any) -> LightState:
        """Change the light's output (on, brightness, temperature, hue, saturation).

        The light answers with its new output, which is returned.
        """
        answer = await self.async_request(
            "PUT", LIGHTS_PATH, payload={"numberOfLights": 1, "lights": [light]}
        )
        return parse_answer(f"PUT {LIGHTS_PATH}", LightState.from_json, answer)

    async def async_set_settings(self, settings: dict[str, Any]) -> None:
        """Change some of the light's settings."""
        await self.async_request("PUT", SETTINGS_PATH, payload=settings)

    async def async_identify(self) -> None:
        """Blink the light (sent once, never retried)."""
        await self.async_request("POST", "/identify")

    async def async_restart(self) -> None:
        """Restart the light (sent once, never retried)."""
        await self.async_request("POST", "/restart")
