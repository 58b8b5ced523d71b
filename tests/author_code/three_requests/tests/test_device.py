"""Tests for the device's endpoints in device.py, against the fake device over real HTTP.

The transport under them (auth, TLS, retries, errors) is tested in test_api_client.py.
"""

import json

import pytest

from custom_components.my_device.api import CannotConnectError, InvalidResponseError
from custom_components.my_device.device import CONF_UNIT, DeviceClient

from .conftest import ClientFactory
from .fake_device import (
    BATTERY_PATH,
    DATA,
    DATA_PATH,
    LOGIN_PATH,
    MAC_ADDRESS,
    MODEL,
    SERIAL_NUMBER,
    SETTINGS_PATH,
    FakeDevice,
)


async def test_test_connection_returns_identity(client: DeviceClient) -> None:
    """The health check answers with the device's identity, MAC address included."""
    details = await client.async_test_connection()
    assert (details.serial_number, details.model) == (SERIAL_NUMBER, MODEL)
    assert details.mac_address == MAC_ADDRESS


async def test_poll_reads_three_endpoints_and_the_battery_is_optional(
    client: DeviceClient, device: FakeDevice
) -> None:
    """Values, settings, and a battery only where the model has one (404 otherwise)."""
    data = await client.async_get_data()
    assert (data.temperature, data.signal_strength) == (21.5, -61)
    assert data.led_brightness == 40
    assert data.battery_level is None
    for path in (DATA_PATH, SETTINGS_PATH, BATTERY_PATH):
        assert device.requests_to(path) == 1

    device.battery = {"level": 87}
    assert (await client.async_get_data()).battery_level == 87


async def test_the_unit_comes_from_the_entry(
    make_client: ClientFactory, device: FakeDevice
) -> None:
    """The unit the user chose (hooks.USER_FIELDS) names the endpoint that is read."""
    client = make_client(config={CONF_UNIT: 2})
    data = await client.async_get_data()
    assert data.temperature is None
    assert device.requests_to("/api/units/2/data") == 1


async def test_json_is_read_whatever_the_content_type(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A JSON body sent as text/html is still read as JSON."""
    device.raw_bodies = {DATA_PATH: json.dumps(DATA).encode()}
    assert (await client.async_get_data()).temperature == 21.5


@pytest.mark.parametrize(
    ("path", "body", "match"),
    [
        (DATA_PATH, b'{"temperature": true}', "'temperature'"),
        (SETTINGS_PATH, b"{}", "'led_brightness'"),
        (BATTERY_PATH, b'{"level": "full"}', "'level'"),
    ],
)
async def test_malformed_answer_is_invalid_response(
    client: DeviceClient, device: FakeDevice, path: str, body: bytes, match: str
) -> None:
    """Any of the three answers of the wrong shape raises InvalidResponseError."""
    device.battery = {"level": 50}
    device.raw_bodies = {path: body}
    with pytest.raises(InvalidResponseError, match=match):
        await client.async_get_data()


@pytest.mark.parametrize(
    "answer", [{"token": "flat"}, {"auth": {"token": ""}}, {"auth": "x"}]
)
async def test_login_answer_without_a_nested_token_is_invalid_response(
    client: DeviceClient, device: FakeDevice, answer: dict[str, object]
) -> None:
    """The token must be at auth.token, and not empty."""
    device.login_answer = answer
    with pytest.raises(InvalidResponseError, match=f"POST {LOGIN_PATH}"):
        await client.async_get_data()


async def test_press_is_sent_once(client: DeviceClient, device: FakeDevice) -> None:
    """An action is a POST, and it is not repeated when it fails."""
    await client.async_press("restart")
    assert device.actions == ["restart"]
    device.status = 503
    with pytest.raises(CannotConnectError):
        await client.async_press("restart")
    assert device.requests_to("/api/actions/restart") == 2


def test_timeout_is_shorter_than_the_default() -> None:
    """The device's own timeout (a class attribute) keeps a failed poll short."""
    assert DeviceClient.REQUEST_TIMEOUT == 5
