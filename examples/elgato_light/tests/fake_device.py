"""A fake Elgato light: Key Light, Key Light Air, Key Light Mini or Light Strip.

Its answers are those recorded from real lights (python-elgato's and Home Assistant
core's test fixtures): GET /elgato/accessory-info, /elgato/lights (a list of one light,
0 and 1 for booleans, colour temperature in mireds from 143 to 344),
/elgato/lights/settings and, on the Key Light Mini only, /elgato/battery-info. PUT
/elgato/lights answers 200 with the new output; PUT /elgato/lights/settings takes part
of the settings; POST /elgato/identify and /elgato/restart are actions. A firmware image
goes in three steps, as python-elgato sends it: PUT /elgato/firmware-update/prepare
{"size": n}, PUT /elgato/firmware-update/data?offset=n (raw 4 KiB chunks: 202 while
more is due, 200 for the last), POST /elgato/firmware-update/execute; a refusal is 400
with {"errors": [{"message", "code"}]}. It runs on the template's fake server
(tests/fake_server.py), which injects the faults.

FakeElgatoCloud is Elgato's side: the release index naming the Control Center archive,
and the archive itself, served by byte ranges, with firmware images in it.
"""

import copy
import io
import json
import os
import struct
from typing import Any
import zipfile

from aiohttp import web
from aiohttp.test_utils import TestServer
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
        # The firmware being uploaded (None before a prepare), and what the light says
        # when it refuses the whole image, as a real one does on a bad signature.
        self.upload: bytearray | None = None
        self.upload_size = 0
        self.firmware_refusal: str | None = None
        # How many chunks it asks for again (408) before it takes one; whether it
        # restarts on its old firmware after all, as a failed flash would.
        self.chunk_retries = 0
        self.keeps_old_firmware = False

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
        router.add_put(f"{API_BASE_PATH}/firmware-update/prepare", self._prepare)
        router.add_put(f"{API_BASE_PATH}/firmware-update/data", self._chunk)
        router.add_post(f"{API_BASE_PATH}/firmware-update/execute", self._execute)

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

    async def _prepare(self, request: web.Request) -> web.StreamResponse:
        size = (await request.json())["size"]
        return await self._answer(request, None, lambda: self._start_upload(size))

    def _start_upload(self, size: int) -> None:
        self.upload, self.upload_size = bytearray(), size
        raise web.HTTPOk(text="")

    async def _chunk(self, request: web.Request) -> web.StreamResponse:
        offset, chunk = int(request.query["offset"]), await request.read()
        return await self._answer(request, None, lambda: self._take(offset, chunk))

    def _take(self, offset: int, chunk: bytes) -> None:
        """Take a chunk: None (202) while more is due; 200 once the image is whole."""
        if self.chunk_retries:
            self.chunk_retries -= 1
            raise web.HTTPRequestTimeout(text="")
        if self.upload is None or offset != len(self.upload):
            raise _refusal(
                "Invalid command. Please run firmware-update/prepare first", -1
            )
        if len(self.upload) + len(chunk) < self.upload_size:
            self.upload += chunk
            return
        self.upload += chunk
        # The light checks the whole image: its board, and Elgato's signature.
        if self.upload[45] != self.info["hardwareBoardType"]:
            self.firmware_refusal = "Firmware is for another board"
        if self.firmware_refusal is not None:
            del self.upload[offset:]
            raise _refusal(self.firmware_refusal, 104)
        raise web.HTTPOk(text="")

    async def _execute(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, None, self._boot)

    def _boot(self) -> None:
        """Restart on the new firmware (at once: a real light takes about a minute)."""
        if self.upload is None or len(self.upload) != self.upload_size:
            raise _refusal(
                "Invalid command. Please run firmware-update/prepare first", -1
            )
        major, minor, patch, build = struct.unpack_from("<HHHH", self.upload, 46)
        if not self.keeps_old_firmware:
            self.info["firmwareVersion"] = f"{major}.{minor}.{patch}"
            self.info["firmwareBuildNumber"] = build
        self.upload = None
        raise web.HTTPOk(text="")


def _refusal(message: str, code: int) -> web.HTTPBadRequest:
    """Return the light's refusal of a firmware step."""
    return web.HTTPBadRequest(
        text=json.dumps({"errors": [{"message": message, "code": code}]}),
        content_type="application/json",
    )


def make_firmware(
    board_type: int, version: tuple[int, int, int], build: int, size: int = 9000
) -> bytes:
    """Return a firmware image as Elgato builds them: header, then the payload.

    The signature is random: only Elgato can sign, and only the light checks it.
    """
    header = (
        struct.pack("<HH", 0x00CE, 1)
        + b"Elgato Firmware - (c) Elgato Systems GmbH"
        + bytes([board_type])
        + struct.pack("<HHHH", *version, build)
        + struct.pack("<IHHH", size, 128, 0, 2)
        + os.urandom(64)
    )
    return header + os.urandom(size)


# Where Control Center keeps its resources in the macOS archive.
RESOURCES = "Elgato Control Center.app/Contents/Resources/"
ARCHIVE_PATH = "/egc/macos/eccm/1.9/ControlCenter.app.zip"
# What Elgato ships in the fake's archive: newer than the recorded Key Light Mini
# (1.0.4, build 229), the same as the recorded Key Light, nothing for the Light Strip.
SHIPPED = {
    "Key_Light_Mini": make_firmware(202, (1, 0, 4), 240),
    "Key_Light": make_firmware(53, (1, 0, 3), 218),
    "Ring_Light": make_firmware(201, (1, 0, 4), 151),
}


def make_archive(
    images: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED
) -> bytes:
    """Return a Control Center archive holding these images, and other resources."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr(f"{RESOURCES}Info.plist", b"<plist/>")
        for name, image in images.items():
            archive.writestr(f"{RESOURCES}Firmware_{name}.bin", image)
        archive.writestr(f"{RESOURCES}Firmware_Notes.txt", b"not a firmware")
    return buffer.getvalue()


class FakeElgatoCloud:
    """Elgato's release index and Control Center archive, on 127.0.0.1."""

    def __init__(self) -> None:
        """Serve the shipped images, healthy."""
        self.archive = make_archive(SHIPPED)
        self.requests: list[str] = []
        self.heal()
        self._server: TestServer | None = None

    def heal(self) -> None:
        """Answer normally again."""
        # An error status for every request; the release index's raw body; an archive
        # served whole whatever the range asked; a HEAD without the archive's size.
        self.status: int | None = None
        self.catalog: bytes | None = None
        self.ignore_ranges = False
        self.hide_size = False
        # The status a range is served with: 206 Partial Content, as a CDN does.
        self.range_status = 206

    @property
    def url(self) -> str:
        """Return the release index's address (the integration's CATALOG_URL)."""
        assert self._server is not None
        return str(self._server.make_url("/"))

    async def start(self) -> None:
        """Start listening on a free port."""
        app = web.Application()
        app.router.add_get("/", self._index)
        app.router.add_get(ARCHIVE_PATH, self._archive)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()

    async def stop(self) -> None:
        """Stop listening."""
        assert self._server is not None
        await self._server.close()

    async def _index(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(f"GET {request.path}")
        if self.status is not None:
            return web.Response(status=self.status)
        archive = str(self._server.make_url(ARCHIVE_PATH)) if self._server else ""
        body = (
            self.catalog
            or json.dumps(
                {"cc-mac": {"downloadURL": archive, "version": "1.9.0"}}
            ).encode()
        )
        return web.Response(body=body, content_type="application/json")

    async def _archive(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(f"{request.method} {request.path}")
        if self.status is not None:
            return web.Response(status=self.status)
        if request.method == "HEAD" and self.hide_size:
            response = web.StreamResponse()
            response.enable_chunked_encoding()
            return response
        if "Range" not in request.headers or self.ignore_ranges:
            return web.Response(body=self.archive)
        start, _, end = request.headers["Range"].removeprefix("bytes=").partition("-")
        return web.Response(
            status=self.range_status, body=self.archive[int(start) : int(end) + 1]
        )


# The fakes of Elgato's side that the smoke test's Home Assistant reads, kept running.
_OFF_THE_NETWORK: list[FakeElgatoCloud] = []


async def start_fakes_off_the_network() -> dict[str, str]:
    """Serve Elgato's side too, for a real Home Assistant that must not reach it.

    The smoke test (which runs this fake light as a process of its own) calls it, and
    starts Home Assistant with the catalog's address changed to the fake's.
    """
    cloud = FakeElgatoCloud()
    await cloud.start()
    _OFF_THE_NETWORK.append(cloud)
    return {"custom_components.elgato_light.firmware.CATALOG_URL": cloud.url}


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
