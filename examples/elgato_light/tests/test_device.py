"""Tests for the device's endpoints in device.py, against the fake device over real HTTP.

The transport under them (auth, TLS, retries, errors) is tested in test_api_client.py.
"""

import json

import pytest

from custom_components.elgato_light.api import (
    CannotConnectError,
    InvalidResponseError,
    RequestRejectedError,
)
from custom_components.elgato_light.device import DeviceClient
from custom_components.elgato_light.models import DeviceData, DeviceDetails, LightState

from .fake_device import DATA, MODEL, SERIAL_NUMBER, FakeDevice

# What DATA must parse into, and what a device reporting nothing parses into.
EXPECTED = DeviceData(
    temperature=21.5,
    signal_strength=-61,
    power=False,
    light=LightState(on=True, brightness=128),
    target_temperature=21.0,
    mode="auto",
    modes=("auto", "eco", "comfort"),
)
EMPTY = DeviceData(
    temperature=None,
    signal_strength=None,
    power=None,
    light=None,
    target_temperature=None,
    mode=None,
    modes=(),
)


async def test_test_connection_returns_identity(client: DeviceClient) -> None:
    """The health check answers with the device's identity."""
    details = await client.async_test_connection()
    assert details == DeviceDetails(
        serial_number=SERIAL_NUMBER, model=MODEL, firmware_version="1.2.3"
    )


async def test_get_data(client: DeviceClient, device: FakeDevice) -> None:
    """Data is read from /api/data and parsed into the model."""
    assert await client.async_get_data() == EXPECTED
    assert device.requests[-1].endswith("/api/data")


async def test_missing_values_are_none(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A device that reports none of the values leaves them all empty."""
    device.data = {}
    assert await client.async_get_data() == EMPTY


async def test_json_is_read_whatever_the_content_type(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A JSON body sent as text/html is still read as JSON."""
    device.raw_body = json.dumps(DATA).encode()
    assert await client.async_get_data() == EXPECTED


@pytest.mark.parametrize("key", sorted(DATA))
async def test_value_of_the_wrong_type_is_invalid_response(
    client: DeviceClient, device: FakeDevice, key: str
) -> None:
    """Each value of the wrong type is refused, naming the field."""
    device.data[key] = 5 if isinstance(DATA[key], str) else "wrong"
    with pytest.raises(InvalidResponseError, match="wrong type"):
        await client.async_get_data()


async def test_set_value(client: DeviceClient, device: FakeDevice) -> None:
    """A write is a PUT of the new value, which the device accepts."""
    key = next(iter(DATA))
    await client.async_set_value(key, DATA[key])
    assert device.requests[-1].endswith(f"/api/data/{key}")
    assert device.data[key] == DATA[key]


async def test_set_unknown_value_is_rejected(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A write the device refuses raises RequestRejectedError with its reason."""
    with pytest.raises(RequestRejectedError, match="no value 'nonsense'"):
        await client.async_set_value("nonsense", 1)


async def test_press_is_sent_once(client: DeviceClient, device: FakeDevice) -> None:
    """An action is a POST, and it is not repeated when it fails."""
    await client.async_press("restart")
    assert device.actions == ["restart"]
    device.status = 503
    with pytest.raises(CannotConnectError):
        await client.async_press("restart")
    assert device.requests_to("/api/actions/restart") == 2


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (b"<html>not json</html>", "not valid JSON"),
        (b"", "expected a JSON object, got NoneType"),
        (b"[1, 2]", "expected a JSON object, got list"),
        (b'{"temperature": true}', "'temperature' is missing or has the wrong type"),
        (b'{"light": {"on": true}}', "'brightness' is missing or has the wrong type"),
        (b'{"modes": ["eco", 5]}', "'modes' must be a list of strings"),
    ],
)
async def test_malformed_answer_is_invalid_response(
    client: DeviceClient, device: FakeDevice, body: bytes, match: str
) -> None:
    """An answer that is not the expected JSON raises InvalidResponseError."""
    device.raw_body = body
    with pytest.raises(InvalidResponseError, match=match):
        await client.async_get_data()


async def test_identity_without_firmware_version(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A device that does not tell its firmware version still has an identity."""
    del device.details["firmware_version"]
    details = await client.async_test_connection()
    assert details.firmware_version is None


async def test_malformed_identity_is_invalid_response(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A health answer without a serial number raises InvalidResponseError."""
    del device.details["serial_number"]
    with pytest.raises(InvalidResponseError, match="'serial_number'"):
        await client.async_test_connection()
