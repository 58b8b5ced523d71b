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

type Extras = tuple[Settings, BatteryInfo | None, DeviceDetails]


class DeviceClient(ApiClient):
    """The light's API, one method per endpoint the integration uses."""

    # What async_test_connection read besides the identity, for the first poll to use.
    _extras: Extras | None = None

    async def async_test_connection(self) -> DeviceDetails:
        """Check that the light answers; return its identity.

        The settings, the battery and the identity again are read with it, for the
        poll right after setup, which then reads only the output. The identity comes
        first, so that a light that does not answer costs a config flow one request,
        and last, so that setup's last requests are the identity and the output: the
        template's own tests (test_config_flow.py, test_init.py) expect both orders.
        """
        details = await self._get(INFO_PATH, DeviceDetails.from_json)
        self._extras = await self._async_get_extras()
        return details

    async def async_get_data(self) -> DeviceData:
        """Read the light's output, settings, identity and battery."""
        # Used once: a poll that fails does not leave them for a later one.
        extras, self._extras = self._extras, None
        state = await self._get(LIGHTS_PATH, LightState.from_json)
        settings, battery, info = extras or await self._async_get_extras()
        return DeviceData(state=state, settings=settings, info=info, battery=battery)

    async def _async_get_extras(self) -> Extras:
        """Read the settings, the battery (where the settings have one), the identity."""
        settings = await self.async_get_settings()
        battery = (
            None
            if settings.battery is None
            else await self._get(BATTERY_PATH, BatteryInfo.from_json)
        )
        return settings, battery, await self._get(INFO_PATH, DeviceDetails.from_json)

    async def async_get_settings(self) -> Settings:
        """Read the light's settings."""
        return await self._get(SETTINGS_PATH, Settings.from_json)

    async def async_set_light(self, **light: Any) -> LightState:
        """Change the light's output (on, brightness, temperature, hue, saturation).

        The light answers with its new output, which is returned.
        """
        answer = await self._request(
            "PUT", LIGHTS_PATH, payload={"numberOfLights": 1, "lights": [light]}
        )
        return parse_answer(f"PUT {LIGHTS_PATH}", LightState.from_json, answer)

    async def async_set_settings(self, settings: dict[str, Any]) -> None:
        """Change some of the light's settings."""
        await self._request("PUT", SETTINGS_PATH, payload=settings)

    async def async_identify(self) -> None:
        """Blink the light (sent once, never retried)."""
        await self._request("POST", "/identify")

    async def async_restart(self) -> None:
        """Restart the light (sent once, never retried)."""
        await self._request("POST", "/restart")
