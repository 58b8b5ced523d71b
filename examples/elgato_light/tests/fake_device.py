"""A fake Elgato light: Key Light, Key Light Air, Key Light Mini or Light Strip.

Its answers are those recorded from real lights (python-elgato's and Home Assistant
core's test fixtures): GET /elgato/accessory-info, /elgato/lights (a list of one light,
0 and 1 for booleans, colour temperature in mireds from 143 to 344),
/elgato/lights/settings and, on the Key Light Mini only, /elgato/battery-info. PUT
/elgato/lights answers 200 with the new output; PUT /elgato/lights/settings takes part
of the settings; POST /elgato/identify and /elgato/restart are actions. It runs on the
template's fake server (tests/fake_server.py), which injects the faults.
"""

import copy
import json
from typing import Any

from aiohttp import web
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.elgato_light.const import API_BASE_PATH, DOMAIN
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant

from .fake_server import FakeServer

# Where the integration reads the light's identity, and its output on every poll.
DETAILS_PATH = "/accessory-info"
DATA_PATH = "/lights"

# Each model as it answers, from recorded answers of real lights.
KEY_LIGHT: dict[str, Any] = {
    "info": {
        "productName": "Elgato Key Light",
        "hardwareBoardType": 53,
        "hardwareRevision": 1,
        "macAddress": "AA:BB:CC:DD:EE:FF",
        "firmwareBuildNumber": 218,
        "firmwareVersion": "1.0.3",
        "serialNumber": "CN11A1A00001",
        "displayName": "Frenck",
        "features": ["lights"],
        "wifi-info": {"ssid": "Frenck-IoT", "frequencyMHz": 2400, "rssi": -48},
    },
    "settings": {
        "powerOnBehavior": 1,
        "powerOnBrightness": 20,
        "powerOnTemperature": 213,
        "switchOnDurationMs": 100,
        "switchOffDurationMs": 300,
        "colorChangeDurationMs": 100,
    },
    "light": {"on": 1, "brightness": 21, "temperature": 297},
    "battery": None,
}
KEY_LIGHT_AIR: dict[str, Any] = {
    **KEY_LIGHT,
    # No MAC address, no Wi-Fi information, and an empty name.
    "info": {
        "productName": "Elgato Key Light Air",
        "hardwareBoardType": 200,
        "firmwareBuildNumber": 195,
        "firmwareVersion": "1.0.3",
        "serialNumber": "CW44J2A03032",
        "displayName": "",
        "features": ["lights"],
    },
}
KEY_LIGHT_MINI: dict[str, Any] = {
    "info": {
        "productName": "Elgato Key Light Mini",
        "hardwareBoardType": 202,
        "hardwareRevision": 0.1,
        "macAddress": "3C:6A:9D:14:D0:19",
        "firmwareBuildNumber": 229,
        "firmwareVersion": "1.0.4",
        "serialNumber": "GW24L1A02987",
        "displayName": "Elgato Key Light Mini",
        "features": ["lights"],
        "wifi-info": {"ssid": "Frenck-IoT", "frequencyMHz": 2400, "rssi": -41},
    },
    "settings": {
        "powerOnBehavior": 1,
        "powerOnBrightness": 20,
        "powerOnTemperature": 230,
        "switchOnDurationMs": 100,
        "switchOffDurationMs": 300,
        "colorChangeDurationMs": 100,
        "battery": {
            "energySaving": {
                "enable": 0,
                "minimumBatteryLevel": 15.00,
                "disableWifi": 0,
                "adjustBrightness": {"enable": 0, "brightness": 10.00},
            },
            "bypass": 0,
        },
    },
    "light": {"on": 1, "brightness": 21, "temperature": 297},
    "battery": {
        "powerSource": 1,
        "level": 78.57,
        "status": 2,
        "currentBatteryVoltage": 3860,
        "inputChargeVoltage": 4208,
        "inputChargeCurrent": 3008,
    },
}
LIGHT_STRIP: dict[str, Any] = {
    # No MAC address, no Wi-Fi information, no name.
    "info": {
        "productName": "Elgato Light Strip",
        "hardwareBoardType": 70,
        "firmwareBuildNumber": 211,
        "firmwareVersion": "1.0.4",
        "serialNumber": "EW52J1A00082",
        "features": ["lights"],
    },
    # Set to power on to a colour: the temperature reads 0.
    "settings": {
        "powerOnBehavior": 2,
        "powerOnHue": 40.0,
        "powerOnSaturation": 15.0,
        "powerOnBrightness": 40,
        "powerOnTemperature": 0,
        "switchOnDurationMs": 150,
        "switchOffDurationMs": 400,
        "colorChangeDurationMs": 150,
    },
    # Showing a colour: hue and saturation, no temperature.
    "light": {"on": 1, "hue": 358.0, "saturation": 6.0, "brightness": 50},
    "battery": None,
}
MODELS = {
    "key_light": KEY_LIGHT,
    "key_light_air": KEY_LIGHT_AIR,
    "key_light_mini": KEY_LIGHT_MINI,
    "light_strip": LIGHT_STRIP,
}

# The model the template's own tests see: the Mini has every kind of entity.
SERIAL_NUMBER = KEY_LIGHT_MINI["info"]["serialNumber"]
MODEL = KEY_LIGHT_MINI["info"]["productName"]

# What the lights accept in PUT /elgato/lights: (lowest, highest).
LIGHT_RANGES = {
    "on": (0, 1),
    "brightness": (0, 100),
    "temperature": (143, 344),
    "hue": (0, 360),
    "saturation": (0, 100),
}


def _merge(target: dict[str, Any], change: dict[str, Any]) -> None:
    """Merge a partial settings object into the settings, nested objects too."""
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = value


class FakeDevice(FakeServer):
    """Answers the light's endpoints from state a test can change between requests."""

    def __init__(self) -> None:
        """Start as a healthy Key Light Mini."""
        super().__init__()
        self.use_model("key_light_mini")
        # The actions received (identify, restart), in order.
        self.actions: list[str] = []

    def use_model(self, model: str) -> None:
        """Become a light of another model (a key of MODELS), as recorded."""
        recorded = copy.deepcopy(MODELS[model])
        self.info: dict[str, Any] = recorded["info"]
        self.settings: dict[str, Any] = recorded["settings"]
        self.light: dict[str, Any] = recorded["light"]
        self.battery: dict[str, Any] | None = recorded["battery"]

    @property
    def serial_number(self) -> str:
        """Return the serial number the light reports."""
        return str(self.info["serialNumber"])

    @serial_number.setter
    def serial_number(self, value: str) -> None:
        self.info["serialNumber"] = value

    def add_routes(self, router: web.UrlDispatcher) -> None:
        """Add the light's endpoints."""
        router.add_get(f"{API_BASE_PATH}{DETAILS_PATH}", self._info)
        router.add_get(f"{API_BASE_PATH}{DATA_PATH}", self._lights)
        router.add_put(f"{API_BASE_PATH}{DATA_PATH}", self._put_lights)
        router.add_get(f"{API_BASE_PATH}/lights/settings", self._settings)
        router.add_put(f"{API_BASE_PATH}/lights/settings", self._put_settings)
        router.add_get(f"{API_BASE_PATH}/battery-info", self._battery)
        router.add_post(f"{API_BASE_PATH}/identify", self._action)
        router.add_post(f"{API_BASE_PATH}/restart", self._action)

    def _lights_answer(self) -> dict[str, Any]:
        return {"numberOfLights": 1, "lights": [self.light]}

    async def _info(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, self.info)

    async def _lights(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, self._lights_answer())

    async def _settings(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, self.settings)

    async def _battery(self, request: web.Request) -> web.StreamResponse:
        if self.battery is None:
            # Only the Key Light Mini has a battery; the others do not serve the path
            # (the fake server has no public 404 answer, so its own is used).
            return await self._not_served(request)
        return await self._answer(request, self.battery)

    async def _action(self, request: web.Request) -> web.StreamResponse:
        action = request.path.removeprefix(f"{API_BASE_PATH}/")
        return await self._answer(request, None, lambda: self.actions.append(action))

    async def _put_lights(self, request: web.Request) -> web.StreamResponse:
        light = (await request.json())["lights"][0]
        return await self._answer(request, None, lambda: self._set_light(light))

    def _set_light(self, light: dict[str, Any]) -> dict[str, Any]:
        """Change the output as the light does; answer its whole new output."""
        for key, value in light.items():
            low, high = LIGHT_RANGES[key]
            if not low <= value <= high:
                # As the lights do: 400, and the output stays as it was.
                raise web.HTTPBadRequest(
                    text=json.dumps(
                        {"title": "Bad Request", "detail": f"{key} out of range"}
                    ),
                    content_type="application/problem+json",
                )
        if "temperature" in light:
            # White: the colour goes.
            self.light.pop("hue", None)
            self.light.pop("saturation", None)
        if "hue" in light:
            self.light.pop("temperature", None)
        self.light.update(light)
        return self._lights_answer()

    async def _put_settings(self, request: web.Request) -> web.StreamResponse:
        change = await request.json()
        return await self._answer(request, None, lambda: self._set_settings(change))

    def _set_settings(self, change: dict[str, Any]) -> dict[str, Any]:
        """Take part of the settings; answer them all, as the light does."""
        _merge(self.settings, change)
        return self.settings


def entry_for(device: FakeDevice, *, title: str = "Elgato") -> MockConfigEntry:
    """Return a config entry for whichever model the fake device is."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=title,
        unique_id=device.serial_number,
        data={CONF_HOST: device.host, CONF_PORT: device.port},
    )


async def setup_light(hass: HomeAssistant, device: FakeDevice) -> MockConfigEntry:
    """Set up an entry for whichever model the fake device is."""
    entry = entry_for(device)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry
