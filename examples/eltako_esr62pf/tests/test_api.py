"""Tests for the Series 62-IP client, against the fake device over real HTTPS.

The first half tests the endpoints in device.py; the second, the transport in api.py
(API key, retries, errors, the pinned certificate) as this device exercises it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable
import time
from typing import Any

import aiohttp
import pytest

from custom_components.eltako_62ip.api import (
    CannotConnectError,
    CertificateMismatchError,
    InvalidAuthError,
    InvalidResponseError,
    ProblemDetails,
    RequestRejectedError,
    Token,
    _retry_after,
)
from custom_components.eltako_62ip.device import DeviceClient
from custom_components.eltako_62ip.models import Characteristic, DeviceDetails
from custom_components.eltako_62ip.tls import (
    async_get_fingerprint,
    format_fingerprint,
)

from .certificates import Certificate, make_certificate
from .conftest import CREDENTIALS
from .fake_device import (
    DEVICES,
    DIMMER_GUID,
    FIRMWARE,
    INPUT_GUID,
    MAX_API_KEYS,
    MODEL,
    RELAY_GUID,
    RELAY_PRODUCT,
    SERIAL_NUMBER,
    SHUTTER_GUID,
    FakeDevice,
)
from .fake_server import USERNAME


def _expected_guids() -> list[str]:
    return [device["deviceGuid"] for device in DEVICES]


type ClientFactory = Callable[..., DeviceClient]


@pytest.fixture
async def session() -> AsyncGenerator[aiohttp.ClientSession]:
    """Return an aiohttp session like Home Assistant's shared one."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def make_client(
    session: aiohttp.ClientSession,
    device: FakeDevice,
    certificate: Certificate,
) -> ClientFactory:
    """Return a factory of clients for the fake device; keywords override defaults."""

    def make(**overrides: Any) -> DeviceClient:
        arguments: dict[str, Any] = {
            **CREDENTIALS,
            "username": USERNAME,
            "fingerprint": certificate.fingerprint,
            "retry_base_delay": 0.001,
            **overrides,
        }
        return DeviceClient(session, device.host, device.port, **arguments)

    return make


@pytest.fixture
def client(make_client: ClientFactory) -> DeviceClient:
    """Return a client for the fake device."""
    return make_client()


async def test_test_connection_returns_identity(
    client: DeviceClient, device: FakeDevice
) -> None:
    """GET /system answers with the device's identity."""
    details = await client.async_test_connection()
    assert details == DeviceDetails(
        serial_number=SERIAL_NUMBER,
        model=MODEL,
        firmware_version=FIRMWARE,
        manufacturer="Eltako",
        product_guid=RELAY_PRODUCT,
    )
    assert device.requests[-1] == "GET /api/v0/system"


async def test_get_data_reads_every_device_at_once(
    client: DeviceClient, device: FakeDevice
) -> None:
    """One GET /devices returns every device with its infos and functions."""
    data = await client.async_get_data()
    assert list(data.devices) == [RELAY_GUID, INPUT_GUID, DIMMER_GUID, SHUTTER_GUID]
    relay = data.devices[RELAY_GUID]
    assert relay.name == "Kitchen light"
    assert relay.functions["relay"] == Characteristic("enumeration", "relay", "off")
    assert relay.number("powerChannel1", info=True) == 42.5
    assert data.devices[DIMMER_GUID].number("targetBrightness") == 40
    assert data.devices[SHUTTER_GUID].number("currentPosition", info=True) == 30
    assert data.devices[INPUT_GUID].functions.keys() == {"input"}
    assert data.device_ids(await client.async_test_connection()) == set(data.devices)
    assert device.requests_to("/devices") == 1


async def test_json_is_read_whatever_the_content_type(
    client: DeviceClient, device: FakeDevice
) -> None:
    """The device sends JSON labelled text/html; it is read as JSON all the same."""
    assert device.content_type == "text/html"
    assert len((await client.async_get_data()).devices) == len(DEVICES)


async def test_requests_declare_json(client: DeviceClient, device: FakeDevice) -> None:
    """Without Content-Type: application/json the device would answer with HTML."""
    await client.async_get_data()
    assert device.requests[-1] == "GET /api/v0/devices"


async def test_write_sends_the_whole_characteristic(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A write is a PUT of type, identifier and value, which the device accepts (202)."""
    relay = Characteristic("enumeration", "relay", "on")
    await client.async_set_function(RELAY_GUID, relay)
    assert device.requests[-1] == f"PUT /api/v0/devices/{RELAY_GUID}/functions/relay"
    assert device.function(RELAY_GUID, "relay") == "on"


async def test_write_to_an_unknown_function_is_rejected(
    client: DeviceClient,
) -> None:
    """A write the device refuses raises RequestRejectedError with its problem."""
    with pytest.raises(RequestRejectedError, match="no function 'nonsense'") as err:
        await client.async_set_function(
            RELAY_GUID, Characteristic("number", "nonsense", 1)
        )
    assert err.value.status == 404
    assert err.value.problem is not None


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (b"<html>not json</html>", "not valid JSON"),
        (b"{}", "expected a JSON array, got dict"),
        (b"[1]", "expected a JSON object, got int"),
        (b'[{"deviceGuid": "x"}]', "'productGuid' is missing"),
        (
            (
                b'[{"deviceGuid": "x", "productGuid": "p", "displayName": "n",'
                b' "functions": [{"type": "number", "identifier": "t", "value": "50"}]}]'
            ),
            "the number characteristic has the value '50'",
        ),
        (
            (
                b'[{"deviceGuid": "x", "productGuid": "p", "displayName": "n",'
                b' "functions": [{"type": "enumeration", "identifier": "relay",'
                b' "value": true}]}]'
            ),
            "the enumeration characteristic has the value True",
        ),
    ],
)
async def test_malformed_devices_are_invalid_response(
    client: DeviceClient, device: FakeDevice, body: bytes, match: str
) -> None:
    """A GET /devices answer that is not the documented shape raises a typed error."""
    device.raw_bodies["/devices"] = body
    with pytest.raises(InvalidResponseError, match=match):
        await client.async_get_data()


async def test_system_without_version_or_manufacturer(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A device that omits its software version and manufacturer still has an identity."""
    del device.system["infos"]
    del device.system["product"]["manufacturer"]
    details = await client.async_test_connection()
    assert details.firmware_version is None
    assert details.manufacturer == "Eltako"


async def test_malformed_system_is_invalid_response(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A GET /system answer without a serial number raises InvalidResponseError."""
    del device.system["product"]["serialNumber"]
    with pytest.raises(InvalidResponseError, match="'serialNumber'"):
        await client.async_test_connection()


async def test_an_eleventh_login_revokes_the_oldest_key(
    make_client: ClientFactory, device: FakeDevice
) -> None:
    """The device keeps 10 keys, so a client that logs in needlessly locks others out."""
    first = make_client()
    await first.async_get_data()
    for _ in range(MAX_API_KEYS):
        await make_client().async_get_data()
    assert device.logins == MAX_API_KEYS + 1
    # The first client's key is gone: it logs in once more and goes on.
    await first.async_get_data()
    assert device.logins == MAX_API_KEYS + 2


async def test_wrong_credentials_are_invalid_auth(
    make_client: ClientFactory,
) -> None:
    """Rejected credentials raise InvalidAuthError, whose message hides them."""
    client = make_client(password="wrong-password-d41d8")
    with pytest.raises(InvalidAuthError, match="HTTP 401") as err:
        await client.async_get_data()
    assert "d41d8" not in str(err.value)
    assert "d41d8" not in repr(client)


async def test_forbidden_is_invalid_auth(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A 403 raises InvalidAuthError too, at once."""
    device.status = 403
    with pytest.raises(InvalidAuthError, match="HTTP 403"):
        await client.async_get_data()


async def test_server_error_is_tried_three_times(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A 5xx is retried; after the third answer it raises CannotConnectError."""
    device.status = 500
    with pytest.raises(CannotConnectError, match="HTTP 500: the device failed"):
        await client.async_get_data()
    assert device.requests_to("/devices") == 3


async def test_transient_failure_recovers(
    client: DeviceClient, device: FakeDevice
) -> None:
    """Two failed tries followed by a good one return the good answer."""
    device.fail_next = 2
    assert list((await client.async_get_data()).devices) == _expected_guids()
    assert device.requests_to("/devices") == 3


async def test_retry_after_is_honoured(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A 429 with a short Retry-After is tried again after it."""
    device.fail_status, device.fail_next = 429, 1
    device.headers = {"Retry-After": "0"}
    assert list((await client.async_get_data()).devices) == _expected_guids()
    assert device.requests_to("/devices") == 2


async def test_retry_after_beyond_the_cap_is_not_waited_for(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A device that asks for an hour's pause gets an error now, not a hung call."""
    device.status, device.headers = 429, {"Retry-After": "3600"}
    with pytest.raises(CannotConnectError, match="HTTP 429") as err:
        await client.async_get_data()
    assert err.value.retry_after == 3600
    assert device.requests_to("/devices") == 1


async def test_client_error_is_request_rejected(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A 4xx other than 401, 403 and 429 is not retried and keeps the problem."""
    device.status = 404
    with pytest.raises(RequestRejectedError) as err:
        await client.async_get_data()
    assert err.value.status == 404
    assert err.value.problem == ProblemDetails(
        title="Error", status=404, detail="the device failed"
    )
    assert device.requests_to("/devices") == 1


async def test_timeout_is_cannot_connect(
    make_client: ClientFactory, device: FakeDevice
) -> None:
    """A device slower than the timeout raises CannotConnectError."""
    device.delay = 1.0
    client = make_client(timeout=aiohttp.ClientTimeout(total=0.05))
    with pytest.raises(CannotConnectError, match=r"no answer within 0\.05 s"):
        await client.async_get_data()


async def test_refused_connection_is_cannot_connect(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A device that is not listening raises CannotConnectError."""
    await device.stop()
    with pytest.raises(CannotConnectError, match="ClientConnectorError"):
        await client.async_get_data()


async def test_dropped_connection_is_cannot_connect(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A connection closed mid-request raises CannotConnectError."""
    device.drop_connection = True
    with pytest.raises(CannotConnectError):
        await client.async_get_data()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"not json", None),
        (b'{"error": "no problem fields"}', None),
        (b'{"title": "Busy"}', "Busy"),
        (b'{"title": 5, "detail": 6, "status": "x"}', "no detail"),
    ],
)
def test_problem_details(body: bytes, expected: str | None) -> None:
    """Only RFC 7807 documents are read as problems; their text is the most specific."""
    problem = ProblemDetails.from_body(body)
    assert (None if problem is None else str(problem)) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("7", 7.0),
        ("next week", None),
        ("Wed, 21 Oct 2015 07:28:00 -0000", 0.0),
        ("Fri, 01 Jan 2100 00:00:00 GMT", pytest.approx(2.3e9, rel=0.5)),
    ],
)
def test_retry_after_header(header: str | None, expected: Any) -> None:
    """Retry-After is read as seconds or as an HTTP date; nonsense is ignored."""
    assert _retry_after(header) == expected


def test_repr_does_not_show_credentials(client: DeviceClient) -> None:
    """The client's repr names the device, never a credential."""
    for secret in CREDENTIALS.values():
        assert secret not in repr(client)
    assert repr(client).startswith("DeviceClient('http")


async def test_token_login_is_single_flight(
    client: DeviceClient, device: FakeDevice
) -> None:
    """Many calls without a token share one login."""
    await asyncio.gather(*(client.async_get_data() for _ in range(20)))
    assert device.logins == 1


async def test_rejected_token_is_renewed_once(
    client: DeviceClient, device: FakeDevice
) -> None:
    """Calls that find their token revoked share one new login and retry once."""
    await client.async_get_data()
    device.revoke_tokens()
    await asyncio.gather(*(client.async_get_data() for _ in range(20)))
    assert device.logins == 2


async def test_second_rejection_is_invalid_auth(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A token rejected right after a fresh login raises InvalidAuthError."""
    await client.async_get_data()
    device.revoke_tokens()
    device.status = 401
    with pytest.raises(InvalidAuthError):
        await client.async_get_data()
    assert device.logins == 2


async def test_forbidden_does_not_log_in_again(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A 403 means the token lacks rights: logging in again would not help."""
    device.status = 403
    with pytest.raises(InvalidAuthError):
        await client.async_get_data()
    assert device.logins == 1


async def test_stored_token_is_reused(
    make_client: ClientFactory, device: FakeDevice
) -> None:
    """A client given a valid token uses it and does not log in."""
    await make_client().async_get_data()
    stored = Token(device.tokens[0], issued_at=time.time())
    await make_client(token=stored).async_get_data()
    assert device.logins == 1


async def test_new_token_is_reported(
    make_client: ClientFactory, device: FakeDevice
) -> None:
    """on_token hears of every new token, so it can be stored."""
    seen: list[Token] = []
    await make_client(on_token=seen.append).async_get_data()
    assert [token.value for token in seen] == device.tokens
    assert device.tokens[0] not in repr(seen[0])


async def test_login_without_token_is_invalid_response(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A login answer without the token field raises InvalidResponseError."""
    device.login_answer = {"unexpected": "shape"}
    with pytest.raises(InvalidResponseError, match="the answer has no"):
        await client.async_get_data()


async def test_pinned_certificate_is_accepted(client: DeviceClient) -> None:
    """A device presenting the pinned certificate is talked to."""
    assert list((await client.async_get_data()).devices) == _expected_guids()


async def test_other_certificate_is_refused(
    make_client: ClientFactory, device: FakeDevice
) -> None:
    """A device presenting another certificate is refused before anything is sent."""
    client = make_client(fingerprint=make_certificate("impostor").fingerprint)
    with pytest.raises(CertificateMismatchError, match="not the pinned one"):
        await client.async_get_data()
    assert device.requests == []


async def test_fingerprint_is_read_from_the_device(
    device: FakeDevice, certificate: Certificate
) -> None:
    """The fingerprint read for pinning is the certificate's SHA-256."""
    fingerprint = await async_get_fingerprint(device.host, device.port)
    assert fingerprint == certificate.fingerprint
    assert format_fingerprint("0a1b") == "0A:1B"


async def test_fingerprint_of_an_absent_device(device: FakeDevice) -> None:
    """Reading the fingerprint of a device that is not listening fails clearly."""
    await device.stop()
    with pytest.raises(CannotConnectError, match="TLS connection"):
        await async_get_fingerprint(device.host, device.port)
