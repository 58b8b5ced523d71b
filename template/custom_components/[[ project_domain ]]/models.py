"""Typed views of what the device answers.

Raw JSON becomes one of these at the edge, so the rest of the integration never indexes
dicts. A malformed answer raises TypeError here; the client turns it into a typed error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self


def _field(
    payload: Any, key: str, kind: type | tuple[type, ...], *, optional: bool = False
) -> Any:
    """Return payload[key] if it has the expected type, else raise TypeError."""
    if not isinstance(payload, dict):
        raise TypeError(f"expected a JSON object, got {type(payload).__name__}")
    value = payload.get(key)
    if value is None and optional:
        return None
    # bool is an int in Python, but a JSON true is never a valid number.
    if isinstance(value, bool) or not isinstance(value, kind):
        raise TypeError(f"field {key!r} is missing or has the wrong type")
    return value


@dataclass(frozen=True, slots=True)
class DeviceDetails:
    """Identity of the device, from GET /health."""

    serial_number: str
    model: str
    firmware_version: str

    @classmethod
    def from_json(cls, payload: Any) -> Self:
        """Build from the decoded JSON answer."""
        return cls(
            serial_number=_field(payload, "serial_number", str),
            model=_field(payload, "model", str),
            firmware_version=_field(payload, "firmware_version", str),
        )


@dataclass(frozen=True, slots=True)
class DeviceData:
    """State read from the device in one poll, from GET /api/data."""

    temperature: float | None
    signal_strength: int | None

    @classmethod
    def from_json(cls, payload: Any) -> Self:
        """Build from the decoded JSON answer."""
        temperature = _field(payload, "temperature", (int, float), optional=True)
        return cls(
            temperature=None if temperature is None else float(temperature),
            signal_strength=_field(payload, "signal_strength", int, optional=True),
        )
