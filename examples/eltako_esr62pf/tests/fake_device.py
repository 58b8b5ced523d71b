"""A fake Series 62-IP device, as Eltako's API documentation and real devices behave.

It runs on the template's fake server (tests/fake_server.py), which brings HTTPS, the
login with the PoP and the raw API key in the Authorization header, and injectable
faults. This file adds what is Eltako's: GET /system, GET /devices with relay, dimmer,
shutter and wired-input devices, writes of whole characteristics answered with 202,
problem documents, a device that keeps 10 API keys, JSON sent as text/html, and an
HTML page for a request that does not say it is JSON.
"""

import copy
from typing import Any

from aiohttp import web

from custom_components.eltako_62ip.const import API_BASE_PATH

from .fake_server import FakeServer, problem

SERIAL_NUMBER = "E62A1B2C3D"
# The model the integration shows; GET /system names it as the product type, with
# the maker's prefix, and starts with the same as the product name, which the user can
# change (PUT /system).
MODEL = "ESR62NP-IP"
PRODUCT_TYPE = f"ELTAKO-{MODEL}"
DETAILS_PATH = "/system"
DATA_PATH = "/devices"
PRODUCTS_PATH = "/products"
FIRMWARE = "1.6.2"
# The device keeps this many API keys; each login beyond revokes the oldest.
MAX_API_KEYS = 10

RELAY_PRODUCT = "4b6b0a51-5c2e-4c57-9d3b-2f2a0c1e7a10"
DIMMER_PRODUCT = "a3e1d7c2-8f41-4b0e-9c57-61d0f3b2e844"
SHUTTER_PRODUCT = "0d9c5e7b-2a63-4f18-b1c4-7e85a2d9f306"
INPUT_PRODUCT = "e5f2c8a4-1b7d-4e93-a6c0-3d84b9f1c572"
# The wired input of actuators with two input channels (the ESB62NP-IP's).
TWO_INPUT_PRODUCT = "52d055e8-4bf4-4583-a9d8-5672bb36dbcf"
TWO_INPUTS = ("inputChannel1", "inputChannel2", "inputBridged")

RELAY_GUID = "1f0c9a3e-6b2d-4e51-8a7c-d94e0b2f6c13"
INPUT_GUID = "7a2e4c91-0d3b-4f86-b5a2-c18e9f4d2b07"
SHUTTER_INPUT_GUID = "f33ddc9d-0ddb-4a1a-ba18-3bb5708f628d"
DIMMER_GUID = "c6d81f2a-93e4-4b07-a1c5-5e2b8d0f7a64"
SHUTTER_GUID = "e04b7d58-2c1f-4a93-8e6d-b3a0f5c91d28"


def _characteristic(kind: str, identifier: str, value: Any) -> dict[str, Any]:
    return {"type": kind, "identifier": identifier, "value": value}


def relay_device(guid: str, name: str, *, power: float | None = None) -> dict[str, Any]:
    """Return a relay (ESR62NP-IP reports its power, ESR62PF-IP does not)."""
    infos = [] if power is None else [_characteristic("number", "powerChannel1", power)]
    return {
        "deviceGuid": guid,
        "productGuid": RELAY_PRODUCT,
        "displayName": name,
        "infos": infos,
        "settings": [],
        "functions": [_characteristic("enumeration", "relay", "off")],
    }


def input_device(guid: str, *, channels: int = 1) -> dict[str, Any]:
    """Return the wired-input sub-device that each actuator lists beside itself.

    The relay's and the dimmer's has one input; the shutter's has two, and says
    whether they are bridged.
    """
    identifiers = ("input",) if channels == 1 else TWO_INPUTS
    return {
        "deviceGuid": guid,
        "productGuid": INPUT_PRODUCT if channels == 1 else TWO_INPUT_PRODUCT,
        "displayName": "ELTAKO-WiredInput",
        "infos": [],
        "settings": [],
        "functions": [
            _characteristic("enumeration", identifier, "opened")
            for identifier in identifiers
        ],
    }


def dimmer_device(guid: str, name: str, *, brightness: int) -> dict[str, Any]:
    """Return an EUD62NPN-IP dimmer at a brightness (0-100, 0 = off)."""
    return {
        "deviceGuid": guid,
        "productGuid": DIMMER_PRODUCT,
        "displayName": name,
        "infos": [
            _characteristic("number", "currentBrightness", brightness),
            _characteristic("number", "lastBrightness", brightness or 60),
        ],
        "settings": [_characteristic("number", "minBrightness", 1)],
        "functions": [_characteristic("number", "targetBrightness", brightness)],
    }


def shutter_device(guid: str, name: str, *, position: int) -> dict[str, Any]:
    """Return an ESB62NP-IP shutter actuator at a position (0-100, 100 = open)."""
    return {
        "deviceGuid": guid,
        "productGuid": SHUTTER_PRODUCT,
        "displayName": name,
        "infos": [
            _characteristic("number", "currentPosition", position),
            _characteristic("number", "maxRuntime", 120000),
            _characteristic("number", "power", 0),
        ],
        "settings": [_characteristic("enumeration", "runtimeMode", "auto")],
        "functions": [_characteristic("number", "targetPosition", position)],
    }


def _number(
    identifier: str, category: str, maximum: float, unit: str | None = None
) -> dict[str, Any]:
    """Return the product database's description of a number characteristic."""
    described: dict[str, Any] = {
        "identifier": identifier,
        "type": "number",
        "category": category,
        "readOnly": category == "info",
        "storageFrequency": "always",
        "defaultValue": "0",
        "underlyingDataType": "int",
        "minimum": 0,
        "maximum": maximum,
        "step": 1,
    }
    if unit is not None:
        described["unit"] = unit
    return described


def _enumeration(identifier: str, keys: list[str]) -> dict[str, Any]:
    """Return the product database's description of an enumeration function."""
    return {
        "identifier": identifier,
        "type": "enumeration",
        "category": "function",
        "readOnly": False,
        "storageFrequency": "always",
        "defaultValue": keys[0],
        "underlyingDataType": "int",
        "enumerations": [{"index": i, "key": key} for i, key in enumerate(keys)],
    }


def _product(
    guid: str, name: str, category: str, features: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    return {
        "productGuid": guid,
        "name": name,
        "category": category,
        "profile": "Actuator" if category == "actuator" else "WiredInput",
        "channels": 1,
        "features": [
            {"type": kind, "characteristics": characteristics}
            for kind, characteristics in features.items()
        ],
    }


# What GET /products answers: the product database, with the units it states. Only the
# relay's power is stated in W by Eltako's documentation; the shutter's power is
# listed without a unit, as nothing documents one (a test gives it one).
PRODUCTS: dict[str, Any] = {
    "schemaVersion": "0.0.1",
    "dataVersion": "0.1.0",
    "products": [
        _product(
            RELAY_PRODUCT,
            "ESR62NP-IP",
            "actuator",
            {
                "relay": [_enumeration("relay", ["off", "on"])],
                "power": [_number("powerChannel1", "info", 3600, "W")],
            },
        ),
        _product(
            DIMMER_PRODUCT,
            "EUD62NPN-IP",
            "actuator",
            {
                "dimmer": [
                    _number("targetBrightness", "function", 100, "%"),
                    _number("currentBrightness", "info", 100, "%"),
                    _number("lastBrightness", "info", 100, "%"),
                ]
            },
        ),
        _product(
            SHUTTER_PRODUCT,
            "ESB62NP-IP",
            "actuator",
            {
                "shutter": [
                    _number("targetPosition", "function", 100, "%"),
                    _number("currentPosition", "info", 100, "%"),
                ],
                "power": [_number("power", "info", 1000)],
            },
        ),
        _product(
            INPUT_PRODUCT,
            "WiredInput",
            "sensor",
            {"input": [_enumeration("input", ["opened", "closed"])]},
        ),
        _product(
            TWO_INPUT_PRODUCT,
            "WiredInput",
            "sensor",
            {
                "input": [
                    _enumeration(identifier, ["opened", "closed"])
                    for identifier in TWO_INPUTS
                ]
            },
        ),
    ],
}


def product(guid: str) -> dict[str, Any]:
    """Return the description of one product in PRODUCTS."""
    return next(p for p in PRODUCTS["products"] if p["productGuid"] == guid)


# What the healthy device answers to GET /devices: the device itself (a relay that
# measures power) with its wired input, and one dimmer and one shutter with its wired
# input of two channels, so that one fake covers every kind of entity.
DEVICES: list[dict[str, Any]] = [
    relay_device(RELAY_GUID, "Kitchen light", power=42.5),
    input_device(INPUT_GUID),
    dimmer_device(DIMMER_GUID, "Living room", brightness=40),
    shutter_device(SHUTTER_GUID, "Terrace shutter", position=30),
    input_device(SHUTTER_INPUT_GUID, channels=2),
]


class FakeDevice(FakeServer):
    """Answers the device's endpoints from state a test can change between requests."""

    def __init__(self) -> None:
        """Start as a healthy device with DEVICES."""
        super().__init__()
        self.max_tokens = MAX_API_KEYS
        # Field observation: bodies are JSON, the header says text/html, and a request
        # that does not say Content-Type: application/json gets an HTML page.
        self.content_type = "text/html"
        self.html_unless_json = True
        self.system: dict[str, Any] = {
            "infos": {"softwareVersion": FIRMWARE},
            "product": {
                "productName": PRODUCT_TYPE,
                "productType": PRODUCT_TYPE,
                "productGuid": RELAY_PRODUCT,
                "serialNumber": SERIAL_NUMBER,
                "manufacturer": {
                    "name": "Eltako",
                    "website": "https://www.eltako.com/",
                },
            },
        }
        self.devices: list[dict[str, Any]] = copy.deepcopy(DEVICES)
        self.products: dict[str, Any] = copy.deepcopy(PRODUCTS)
        # Every accepted write, as (device GUID, characteristic).
        self.writes: list[tuple[str, dict[str, Any]]] = []

    @property
    def serial_number(self) -> str:
        """Return the serial number the device reports."""
        return str(self.system["product"]["serialNumber"])

    @serial_number.setter
    def serial_number(self, value: str) -> None:
        self.system["product"]["serialNumber"] = value

    def device(self, guid: str) -> dict[str, Any]:
        """Return one device's state."""
        return next(device for device in self.devices if device["deviceGuid"] == guid)

    def function(self, guid: str, identifier: str) -> Any:
        """Return the value of one function of a device."""
        return _value(self.device(guid)["functions"], identifier)

    def set_function(self, guid: str, identifier: str, value: Any) -> None:
        """Change a function as the device does, as if someone pressed its button."""
        device = self.device(guid)
        _set(device["functions"], identifier, value)
        # The device reaches a target at once here; real ones take a moment.
        mirrors = {
            "targetBrightness": "currentBrightness",
            "targetPosition": "currentPosition",
        }
        if identifier in mirrors:
            _set(device["infos"], mirrors[identifier], value)
        if identifier == "targetBrightness" and value:
            _set(device["infos"], "lastBrightness", value)

    def set_info(self, guid: str, identifier: str, value: Any) -> None:
        """Change an info of a device, such as the power it measures."""
        _set(self.device(guid)["infos"], identifier, value)

    def add_routes(self, router: web.UrlDispatcher) -> None:
        """Add the device's endpoints."""
        router.add_get(f"{API_BASE_PATH}{DETAILS_PATH}", self._system)
        router.add_put(f"{API_BASE_PATH}{DETAILS_PATH}", self._rename)
        router.add_get(f"{API_BASE_PATH}{DATA_PATH}", self._devices)
        router.add_get(f"{API_BASE_PATH}{PRODUCTS_PATH}", self._products)
        router.add_put(
            f"{API_BASE_PATH}/devices/{{guid}}/functions/{{identifier}}",
            self._put_function,
        )

    async def _system(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, self.system)

    async def _rename(self, request: web.Request) -> web.StreamResponse:
        # Only the product name is writeable, and the whole structure is sent.
        body = await request.json()
        product = body.get("product") if isinstance(body, dict) else None
        if (
            not isinstance(product, dict)
            or product.keys() != self.system["product"].keys()
        ):
            return problem(400, "Bad Request", "the whole system structure is needed")

        def rename() -> dict[str, Any]:
            self.system["product"]["productName"] = product["productName"]
            # The answer is what GET /system answers now.
            return self.system

        return await self._answer(request, self.system, rename)

    async def _products(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, self.products)

    async def _devices(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, self.devices)

    async def _put_function(self, request: web.Request) -> web.StreamResponse:
        guid, identifier = request.match_info["guid"], request.match_info["identifier"]
        known = [device for device in self.devices if device["deviceGuid"] == guid]
        if not known or identifier not in {
            function["identifier"] for function in known[0]["functions"]
        }:
            return problem(404, "Not Found", f"no function {identifier!r} on {guid}")
        body = await request.json()
        # Field observation: a bare value is rejected; all three keys are required.
        if not isinstance(body, dict) or {"type", "identifier", "value"} - body.keys():
            return problem(
                400, "Bad Request", "a characteristic needs type, identifier and value"
            )
        if body["identifier"] != identifier:
            return problem(400, "Bad Request", "the identifier does not match the path")

        def write() -> None:
            self.writes.append((guid, body))
            self.set_function(guid, identifier, body["value"])

        return await self._answer(request, None, write)


def _value(characteristics: list[dict[str, Any]], identifier: str) -> Any:
    return next(c["value"] for c in characteristics if c["identifier"] == identifier)


def _set(characteristics: list[dict[str, Any]], identifier: str, value: Any) -> None:
    for characteristic in characteristics:
        if characteristic["identifier"] == identifier:
            characteristic["value"] = value
