"""A fake Series 62-IP device, as Eltako's API documentation and real devices behave.

It runs on the template's fake server (tests/fake_server.py), which brings HTTPS, the
login with the PoP and the raw API key in the Authorization header, and injectable
faults. This file adds what is Eltako's: GET /system, GET /devices, GET /products,
writes of whole characteristics answered with 202, problem documents, a device that
keeps 10 API keys, JSON sent as text/html, and an HTML page for a request that does
not say it is JSON.

A real Series 62-IP device is one actuator: an ESR62PF-IP or ESR62NP-IP relay, an
EUD62NPN-IP dimmer or an ESB62NP-IP shutter actuator. GET /devices lists it and the
wired input built into it, nothing else until the user adds a device in the Eltako app
(a W2T55E push-button, for one). So a FakeDevice is one of the PRODUCTS below, the
ESR62PF-IP relay unless a test asks for another: tests/fixtures.py has the `product`
fixture that chooses it.
"""

import copy
from dataclasses import dataclass
from typing import Any, ClassVar

from aiohttp import web
from eltako62ip.const import API_BASE_PATH

from .fake_server import FakeServer, problem

SERIAL_NUMBER = "E62A1B2C3D"
# The model of the default product, the ESR62PF-IP relay the example is named after.
# GET /system names it as the product type, with the maker's prefix, and starts with
# the same as the product name, which the user can change (PUT /system).
MODEL = "ESR62PF-IP"
PRODUCT_TYPE = f"ELTAKO-{MODEL}"
DETAILS_PATH = "/system"
DATA_PATH = "/devices"
PRODUCTS_PATH = "/products"
FIRMWARE = "1.6.2"
# The device keeps this many API keys; each login beyond revokes the oldest.
MAX_API_KEYS = 10

# The product GUIDs of Eltako's API reference, which name a product the same on every
# device. It lists none for the ESR62PF-IP: that one is made up.
RELAY_PF_PRODUCT = "4b6b0a51-5c2e-4c57-9d3b-2f2a0c1e7a10"
RELAY_NP_PRODUCT = "f4c6539f-807c-4936-8063-1e307c7795e7"
DIMMER_PRODUCT = "82f2faba-9645-4de7-9083-0df9156cb0cc"
SHUTTER_PRODUCT = "0b898240-e820-4a06-879a-fccf35260a35"
# The wired input of the relays and the dimmer: one input.
INPUT_PRODUCT = "6f6d379f-4c6f-45ed-b881-671ed7ea8970"
# The W2T55E wired push-button: two input channels and whether they are bridged. The
# ESB62NP-IP's wired input is one, and the Eltako app adds more of them.
TWO_INPUT_PRODUCT = "52d055e8-4bf4-4583-a9d8-5672bb36dbcf"
TWO_INPUTS = ("inputChannel1", "inputChannel2", "inputBridged")
# The name every device gives its wired input, until the user renames it.
WIRED_INPUT_NAME = "ELTAKO-WiredInput"

RELAY_GUID = "1f0c9a3e-6b2d-4e51-8a7c-d94e0b2f6c13"
INPUT_GUID = "7a2e4c91-0d3b-4f86-b5a2-c18e9f4d2b07"
DIMMER_GUID = "c6d81f2a-93e4-4b07-a1c5-5e2b8d0f7a64"
DIMMER_INPUT_GUID = "3e9b5d17-c2a8-4f64-8d0e-71b4a6c9f253"
SHUTTER_GUID = "e04b7d58-2c1f-4a93-8e6d-b3a0f5c91d28"
SHUTTER_INPUT_GUID = "f33ddc9d-0ddb-4a1a-ba18-3bb5708f628d"


def _characteristic(kind: str, identifier: str, value: Any) -> dict[str, Any]:
    return {"type": kind, "identifier": identifier, "value": value}


def relay_device(guid: str, name: str, *, power: float | None = None) -> dict[str, Any]:
    """Return a relay: an ESR62NP-IP measuring power, or an ESR62PF-IP (none)."""
    infos = [] if power is None else [_characteristic("number", "powerChannel1", power)]
    return {
        "deviceGuid": guid,
        "productGuid": RELAY_PF_PRODUCT if power is None else RELAY_NP_PRODUCT,
        "displayName": name,
        "infos": infos,
        "settings": [],
        "functions": [_characteristic("enumeration", "relay", "off")],
    }


def input_device(
    guid: str, *, channels: int = 1, name: str = WIRED_INPUT_NAME
) -> dict[str, Any]:
    """Return the wired-input sub-device that an actuator lists beside itself.

    The relays' and the dimmer's has one input; the shutter actuator's has two, and
    says whether they are bridged. Every device names it ELTAKO-WiredInput until the
    user renames it in the Eltako app.
    """
    identifiers = ("input",) if channels == 1 else TWO_INPUTS
    return {
        "deviceGuid": guid,
        "productGuid": INPUT_PRODUCT if channels == 1 else TWO_INPUT_PRODUCT,
        "displayName": name,
        "infos": [],
        "settings": [],
        "functions": [
            _characteristic("enumeration", identifier, "opened")
            for identifier in identifiers
        ],
    }


def wired_pushbutton(guid: str, name: str) -> dict[str, Any]:
    """Return a W2T55E wired push-button as the Eltako app adds it (POST /devices)."""
    return input_device(guid, channels=2, name=name)


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
        "settings": [
            _characteristic("number", "minimumBrightness", 1),
            _characteristic("number", "maximumBrightness", 100),
            _characteristic("enumeration", "edgeMode", "auto"),
            _characteristic("enumeration", "dimCurve", "LC1"),
        ],
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
        "settings": [
            _characteristic("enumeration", "runtimeMode", "auto"),
            _characteristic("number", "runtime", 16000),
            _characteristic("number", "offset", 0),
            _characteristic("enumeration", "movementDirection", "asPrintedOnCase"),
        ],
        "functions": [_characteristic("number", "targetPosition", position)],
    }


@dataclass(frozen=True)
class Product:
    """One Series 62-IP product: its identity in GET /system, its GET /devices."""

    model: str
    product_guid: str
    # The actuator, as the user named it in the Eltako app, and its wired input.
    devices: tuple[dict[str, Any], ...]

    def __str__(self) -> str:
        """Return the model, which names the product in test ids."""
        return self.model

    @property
    def product_type(self) -> str:
        """Return the product type GET /system names: the model, with Eltako's prefix."""
        return f"ELTAKO-{self.model}"

    @property
    def actuator_guid(self) -> str:
        """Return the device GUID of the actuator, the first device listed."""
        return str(self.devices[0]["deviceGuid"])

    @property
    def input_guid(self) -> str:
        """Return the device GUID of the actuator's wired input."""
        return str(self.devices[1]["deviceGuid"])


ESR62PF_IP = Product(
    MODEL,
    RELAY_PF_PRODUCT,
    (relay_device(RELAY_GUID, "Kitchen light"), input_device(INPUT_GUID)),
)
ESR62NP_IP = Product(
    "ESR62NP-IP",
    RELAY_NP_PRODUCT,
    (relay_device(RELAY_GUID, "Kitchen light", power=42.5), input_device(INPUT_GUID)),
)
EUD62NPN_IP = Product(
    "EUD62NPN-IP",
    DIMMER_PRODUCT,
    (
        dimmer_device(DIMMER_GUID, "Living room", brightness=40),
        input_device(DIMMER_INPUT_GUID),
    ),
)
ESB62NP_IP = Product(
    "ESB62NP-IP",
    SHUTTER_PRODUCT,
    (
        shutter_device(SHUTTER_GUID, "Terrace shutter", position=30),
        input_device(SHUTTER_INPUT_GUID, channels=2),
    ),
)
# Every product a fake device can be.
PRODUCTS = (ESR62PF_IP, ESR62NP_IP, EUD62NPN_IP, ESB62NP_IP)


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


# What GET /products answers: the product database, the same on every device, as it
# describes every product the firmware supports (not only the device's own). Only the
# ESR62NP-IP's power is stated in W by Eltako's documentation; the shutter's power is
# listed without a unit, as nothing documents one (a test gives it one).
PRODUCT_DATABASE: dict[str, Any] = {
    "schemaVersion": "0.0.1",
    "dataVersion": "0.1.0",
    "products": [
        _product(
            RELAY_PF_PRODUCT,
            "ESR62PF-IP",
            "actuator",
            {"relay": [_enumeration("relay", ["off", "on"])]},
        ),
        _product(
            RELAY_NP_PRODUCT,
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
            "W2T55E",
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


class FakeDevice(FakeServer):
    """Answers the device's endpoints from state a test can change between requests."""

    # The product of a fake built without one: tests/fixtures.py sets it from the
    # `product` fixture, so that the template's `device` fixture starts that product.
    default_product: ClassVar[Product] = ESR62PF_IP

    def __init__(self, product: Product | None = None) -> None:
        """Start as a healthy device of the product, with its devices."""
        super().__init__()
        self.product = product or self.default_product
        self.max_tokens = MAX_API_KEYS
        # Field observation: bodies are JSON, the header says text/html, and a request
        # that does not say Content-Type: application/json gets an HTML page.
        self.content_type = "text/html"
        self.html_unless_json = True
        self.system: dict[str, Any] = {
            "infos": {"softwareVersion": FIRMWARE},
            "product": {
                "productName": self.product.product_type,
                "productType": self.product.product_type,
                "productGuid": self.product.product_guid,
                "serialNumber": SERIAL_NUMBER,
                "manufacturer": {
                    "name": "Eltako",
                    "website": "https://www.eltako.com/",
                },
            },
        }
        self.devices: list[dict[str, Any]] = copy.deepcopy(list(self.product.devices))
        self.products: dict[str, Any] = copy.deepcopy(PRODUCT_DATABASE)
        # False for a firmware without the product database: GET /products is 404.
        self.has_product_database = True
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
        if not self.has_product_database:
            return await self._not_served(request)
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
