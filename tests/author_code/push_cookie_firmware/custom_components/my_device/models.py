"""Typed views of what the device answers.

Raw JSON becomes one of these at the edge, so the rest of the integration never indexes
dicts. A malformed answer raises TypeError here; the client turns it into a typed error.
This file is yours: `copier update` leaves it alone once it exists.
"""

from dataclasses import dataclass
from typing import Any, Self


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
    """Identity of the device, from GET /health."""

    serial_number: str
    model: str
    firmware_version: str | None

    @classmethod
    def from_json(cls, payload: Any) -> Self:
        """Build from the decoded JSON answer."""
        return cls(
            serial_number=_field(payload, "serial_number", str),
            model=_field(payload, "model", str),
            firmware_version=_field(payload, "firmware_version", str, optional=True),
        )


@dataclass(frozen=True, slots=True)
class DeviceData:
    """State read from the device in one poll, from GET /api/data."""

    temperature: float | None
    signal_strength: int | None
    power: bool | None

    @classmethod
    def from_json(cls, payload: Any) -> Self:
        """Build from the decoded JSON answer; values the device lacks are None."""
        data = _object(payload)
        temperature = _field(data, "temperature", (int, float), optional=True)
        return cls(
            temperature=None if temperature is None else float(temperature),
            signal_strength=_field(data, "signal_strength", int, optional=True),
            power=_field(data, "power", bool, optional=True),
        )

    def device_ids(self, details: DeviceDetails) -> set[str]:
        """Return the identifiers of the devices this data describes.

        Devices registered for the entry under any other identifier are removed. A
        single device is only itself; a hub would list the devices behind it.
        """
        return {details.serial_number}


@dataclass(frozen=True, slots=True)
class Firmware:
    """The installed and the latest firmware version, from GET /api/firmware."""

    installed: str
    latest: str

    @classmethod
    def from_json(cls, payload: Any) -> Self:
        """Build from the decoded JSON answer."""
        return cls(
            installed=_field(payload, "installed", str),
            latest=_field(payload, "latest", str),
        )
