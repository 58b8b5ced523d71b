"""Typed views of what a Series 62-IP device answers.

Raw JSON becomes one of these at the edge, so the rest of the integration never indexes
dicts. A malformed answer raises TypeError here; the client turns it into a typed error.
This file is yours: `copier update` leaves it alone once it exists.
"""

from dataclasses import dataclass, field
from typing import Any, Self

# The functions that make a device an actuator; a device without any of them (a
# wired-input sub-device, for one) gets no entity that could switch or move it.
RELAY = "relay"
TARGET_BRIGHTNESS = "targetBrightness"
TARGET_POSITION = "targetPosition"
# The values of a wired-input sub-device's functions (one input, or two input
# channels and whether they are bridged): the state of the contact wired to it.
INPUT_STATES = {"closed": True, "opened": False}
# The display name every device gives its wired input until the user renames it in
# the Eltako app: the same on every device, so it names no input in particular.
WIRED_INPUT_NAME = "ELTAKO-WiredInput"
# Infos that report electrical power, in the unit GET /products gives for each.
POWER_INFOS = ("powerChannel1", "power")
# GET /system names the product type with this prefix ("ELTAKO-ESR62NP-IP"); the
# manufacturer is shown on its own, so the model is what follows it.
PRODUCT_TYPE_PREFIX = "ELTAKO-"


def _object(payload: Any) -> dict[str, Any]:
    """Return payload if it is a JSON object, else raise TypeError."""
    if not isinstance(payload, dict):
        raise TypeError(f"expected a JSON object, got {type(payload).__name__}")
    return payload


def _field(
    payload: Any, key: str, kind: type | tuple[type, ...], *, optional: bool = False
) -> Any:
    """Return payload[key] if it has the expected type, else raise TypeError."""
    value = _object(payload).get(key)
    if value is None and optional:
        return None
    # bool is an int in Python, but a JSON true is never a valid number.
    if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
        raise TypeError(f"field {key!r} is missing or has the wrong type")
    return value


@dataclass(frozen=True, slots=True)
class DeviceDetails:
    """Identity of the physical device, from GET /system."""

    serial_number: str
    model: str
    firmware_version: str | None
    manufacturer: str
    product_guid: str

    @classmethod
    def from_json(cls, payload: Any) -> Self:
        """Build from the decoded JSON answer."""
        product = _field(payload, "product", dict)
        infos = _field(payload, "infos", dict, optional=True) or {}
        manufacturer = _field(product, "manufacturer", dict, optional=True) or {}
        # productType, not productName: the user renames that one (PUT /system). The
        # devices answer the type as "ELTAKO-<model>"; the API's schema calls it a
        # category ("actuator"), which names no model: then the product name it is.
        product_type = _field(product, "productType", str)
        if not product_type.startswith(PRODUCT_TYPE_PREFIX):
            product_type = _field(product, "productName", str)
        return cls(
            serial_number=_field(product, "serialNumber", str),
            model=product_type.removeprefix(PRODUCT_TYPE_PREFIX),
            firmware_version=_field(infos, "softwareVersion", str, optional=True),
            manufacturer=_field(manufacturer, "name", str, optional=True) or "Eltako",
            product_guid=_field(product, "productGuid", str),
        )


@dataclass(frozen=True, slots=True)
class Characteristic:
    """One typed value of a device: `{"type", "identifier", "value"}` on the wire."""

    type: str
    identifier: str
    value: Any

    @classmethod
    def from_json(cls, payload: Any) -> Self:
        """Build from one element of an infos, settings or functions array."""
        kind = _field(payload, "type", str)
        value = _object(payload).get("value")
        expected: dict[str, type | tuple[type, ...]] = {
            "number": (int, float),
            "enumeration": str,
            "string": str,
        }
        if kind in expected and (
            isinstance(value, bool) or not isinstance(value, expected[kind])
        ):
            raise TypeError(f"the {kind} characteristic has the value {value!r}")
        return cls(
            type=kind, identifier=_field(payload, "identifier", str), value=value
        )

    def with_value(self, value: Any) -> Characteristic:
        """Return the same characteristic with another value, as a write sends it."""
        return Characteristic(type=self.type, identifier=self.identifier, value=value)

    def as_json(self) -> dict[str, Any]:
        """Return the whole characteristic; the device rejects a bare value."""
        return {"type": self.type, "identifier": self.identifier, "value": self.value}


def _characteristics(payload: Any, key: str) -> dict[str, Characteristic]:
    """Read an array of characteristics into a dict by identifier."""
    items = _field(payload, key, list, optional=True) or []
    return {
        characteristic.identifier: characteristic
        for characteristic in map(Characteristic.from_json, items)
    }


@dataclass(frozen=True, slots=True)
class Products:
    """The device's product database, from GET /products: the units it states.

    It describes every product the device supports, each with the characteristics of
    its features; a number characteristic may name its unit ("W", "%"). The database
    is part of the firmware, so it is read once per setup, not with every poll.
    """

    # Product GUID -> characteristic identifier -> unit, for the characteristics
    # that state one.
    units: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, payload: Any) -> Self:
        """Build from the decoded JSON answer: {"products": [...]} and its versions."""
        units: dict[str, dict[str, str]] = {}
        for product in _field(payload, "products", list):
            stated = units.setdefault(_field(product, "productGuid", str), {})
            for feature in _field(product, "features", list, optional=True) or []:
                characteristics = _field(
                    feature, "characteristics", list, optional=True
                )
                for characteristic in characteristics or []:
                    unit = _field(characteristic, "unit", str, optional=True)
                    if unit:
                        stated[_field(characteristic, "identifier", str)] = unit
        return cls(units=units)


@dataclass(frozen=True, slots=True)
class Device:
    """One device of GET /devices: an actuator, or a sub-device such as a wired input."""

    guid: str
    product_guid: str
    name: str
    infos: dict[str, Characteristic] = field(default_factory=dict)
    functions: dict[str, Characteristic] = field(default_factory=dict)
    # The units GET /products states for this device's product, by identifier.
    units: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, payload: Any, products: Products | None = None) -> Self:
        """Build from one element of the GET /devices array, with its product's units."""
        product_guid = _field(payload, "productGuid", str)
        return cls(
            guid=_field(payload, "deviceGuid", str),
            product_guid=product_guid,
            name=_field(payload, "displayName", str),
            infos=_characteristics(payload, "infos"),
            functions=_characteristics(payload, "functions"),
            units=dict((products or Products()).units.get(product_guid, {})),
        )

    def number(self, identifier: str, *, info: bool = False) -> float | None:
        """Return a number function (or info), or None if the device lacks it."""
        source = self.infos if info else self.functions
        characteristic = source.get(identifier)
        if characteristic is None or characteristic.type != "number":
            return None
        return float(characteristic.value)


@dataclass(frozen=True, slots=True)
class DeviceData:
    """Every device's state, from one GET /devices per poll."""

    devices: dict[str, Device]

    @classmethod
    def from_json(cls, payload: Any, products: Products | None = None) -> Self:
        """Build from the decoded JSON answer: a bare array of devices."""
        if not isinstance(payload, list):
            raise TypeError(f"expected a JSON array, got {type(payload).__name__}")
        devices = [Device.from_json(item, products) for item in payload]
        return cls(devices={device.guid: device for device in devices})

    def main_device(self, details: DeviceDetails) -> Device | None:
        """Return the device that GET /system describes: the first of its product.

        The physical device lists itself beside its sub-devices (its wired input);
        only it is of the product that GET /system names.
        """
        return next(
            (
                device
                for device in self.devices.values()
                if device.product_guid == details.product_guid
            ),
            None,
        )

    def device_ids(self, details: DeviceDetails) -> set[str]:
        """Return the identifiers of the devices this data describes: their GUIDs."""
        return set(self.devices)
