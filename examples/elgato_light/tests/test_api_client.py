"""Tests for the transport every request goes through: auth, TLS, retries, errors.

They reach the device through DeviceClient: async_test_connection (one GET of
DETAILS_PATH) where requests are counted, async_get_data (which reads DATA_PATH, and
whatever else the device needs) where only the outcome matters. So they hold for any
device; tests of the device's own endpoints live in test_device.py.
"""

import gzip
import tracemalloc
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
import pytest

from custom_components.elgato_light.api import (
    ApiClient,
    CannotConnectError,
    InvalidAuthError,
    InvalidResponseError,
    ProblemDetails,
    RequestRejectedError,
    _retry_after,
)
from custom_components.elgato_light.const import (
    API_BASE_PATH,
    MAX_BODY_BYTES,
    MAX_DEVICE_TEXT,
    MAX_ERROR_TEXT,
    MAX_RETRY_AFTER,
)
from custom_components.elgato_light.device import DeviceClient

from .client_fixtures import ClientFactory
from .fake_device import DATA_PATH, DETAILS_PATH, FakeDevice
from .fake_server import CREDENTIALS


async def test_forbidden_is_a_refused_request(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A 403 refuses this request, not the credentials: RequestRejectedError, at once."""
    device.status = 403
    with pytest.raises(RequestRejectedError, match="HTTP 403") as err:
        await client.async_test_connection()
    assert err.value.status == 403
    assert not isinstance(err.value, InvalidAuthError)
    assert device.requests_to(DETAILS_PATH) == 1


async def test_server_error_is_tried_three_times(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A 5xx is retried; after the third answer it raises CannotConnectError."""
    device.status = 500
    with pytest.raises(CannotConnectError, match="HTTP 500: the device failed"):
        await client.async_test_connection()
    assert device.requests_to(DETAILS_PATH) == client.RETRY_ATTEMPTS == 3


async def test_transient_failure_recovers(
    client: DeviceClient, device: FakeDevice
) -> None:
    """Two failed tries followed by a good one return the good answer."""
    healthy = await client.async_test_connection()
    device.fail_next = 2
    assert await client.async_test_connection() == healthy
    assert device.requests_to(DETAILS_PATH) == 1 + 3


async def test_retry_after_is_honoured(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A 429 with a short Retry-After is tried again after it."""
    healthy = await client.async_test_connection()
    device.fail_status, device.fail_next = 429, 1
    device.headers = {"Retry-After": "0"}
    assert await client.async_test_connection() == healthy
    assert device.requests_to(DETAILS_PATH) == 1 + 2


async def test_retry_after_beyond_the_cap_is_not_waited_for(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A device that asks for an hour's pause gets an error now, not a hung call."""
    device.status, device.headers = 429, {"Retry-After": "600"}
    with pytest.raises(CannotConnectError, match="HTTP 429") as err:
        await client.async_test_connection()
    assert err.value.retry_after == 600
    assert device.requests_to(DETAILS_PATH) == 1


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("999999999", MAX_RETRY_AFTER),
        ("9" * 5000, MAX_RETRY_AFTER),
        ("Fri, 31 Dec 9999 23:59:59 GMT", MAX_RETRY_AFTER),
        ("\u00b2", None),
        ("\u0663\u0660", None),
        ("1e400", None),
        ("-5", None),
    ],
    ids=[
        "decades",
        "5000-digits",
        "year-9999",
        "superscript",
        "arabic-digits",
        "float",
        "negative",
    ],
)
async def test_hostile_retry_after_is_bounded_or_ignored(
    client: DeviceClient, device: FakeDevice, header: str, expected: float | None
) -> None:
    """A Retry-After of decades waits MAX_RETRY_AFTER; one not understood, nothing.

    Either way the answer is the typed error of a busy device, never another error.
    """
    device.status, device.headers = 503, {"Retry-After": header}
    with pytest.raises(CannotConnectError, match="HTTP 503") as err:
        await client.async_test_connection()
    assert err.value.retry_after == expected


async def test_device_text_is_cut_where_it_is_kept(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A problem document's megabyte of text: its fields and the error are cut."""
    device.status = 400
    device.problem_title = "t" * 1_000_000
    device.problem_detail = "d" * 1_000_000
    with pytest.raises(RequestRejectedError) as err:
        await client.async_test_connection()
    problem = err.value.problem
    assert problem is not None
    assert problem.title is not None
    assert problem.detail is not None
    assert len(problem.title) == len(problem.detail) == MAX_DEVICE_TEXT
    assert problem.detail.endswith("…")
    assert len(str(err.value)) <= MAX_ERROR_TEXT
    assert str(err.value).startswith(f"GET {DETAILS_PATH}: HTTP 400: ddd")


async def test_non_idempotent_request_is_tried_once(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A POST is never sent twice, whatever the failure."""
    device.status = 503
    with pytest.raises(CannotConnectError):
        await client.async_request("POST", DATA_PATH, payload={"x": 1})
    assert device.requests_to(DATA_PATH) == 1


async def test_requests_say_they_carry_json(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A device that answers HTML unless a request says it is JSON is still read."""
    device.html_unless_json = True
    await client.async_get_data()
    assert device.requests_to(DATA_PATH) == 1


async def test_unknown_path_is_request_rejected(client: DeviceClient) -> None:
    """A path the device does not serve raises RequestRejectedError with its 404."""
    with pytest.raises(RequestRejectedError, match="is not served") as err:
        await client.async_request("GET", "/no/such/path")
    assert err.value.status == 404


async def test_client_error_is_request_rejected(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A 4xx other than 401 and 429 is not retried and keeps the problem."""
    device.status = 404
    with pytest.raises(RequestRejectedError) as err:
        await client.async_test_connection()
    assert err.value.status == 404
    assert err.value.problem == ProblemDetails(
        title="Error", status=404, detail="the device failed"
    )
    assert device.requests_to(DETAILS_PATH) == 1


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


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_redirect_is_refused_and_not_followed(
    client: DeviceClient, device: FakeDevice, status: int
) -> None:
    """A redirect is an error naming its status; nothing reaches where it points."""
    reached: list[str] = []

    async def record(request: web.Request) -> web.Response:
        reached.append(f"{request.method} {request.path} {dict(request.headers)}")
        return web.json_response({})

    elsewhere = web.Application()
    elsewhere.router.add_route("*", "/{path:.*}", record)
    other = TestServer(elsewhere, host="127.0.0.1")
    await other.start_server()
    try:
        device.status = status
        device.headers = {
            "Location": str(other.make_url(f"{API_BASE_PATH}{DETAILS_PATH}"))
        }
        with pytest.raises(InvalidResponseError, match=f"HTTP {status}, a redirect"):
            await client.async_test_connection()
    finally:
        await other.close()
    assert reached == []
    # Not transient: tried once.
    assert device.requests_to(DETAILS_PATH) == 1


async def test_answer_longer_than_the_limit_is_refused(
    client: DeviceClient, device: FakeDevice
) -> None:
    """An answer that declares more than MAX_BODY_BYTES is refused."""
    device.raw_bodies = {DATA_PATH: b"[" + b"0," * (MAX_BODY_BYTES // 2) + b"0]"}
    with pytest.raises(InvalidResponseError, match=f"larger than {MAX_BODY_BYTES}"):
        await client.async_get_data()


@pytest.mark.parametrize("encoding", [None, "gzip"])
async def test_endless_answer_is_cut_off_and_memory_stays_flat(
    client: DeviceClient, device: FakeDevice, encoding: str | None
) -> None:
    """Streamed with no length, or compressed a thousandfold, the client stops reading."""
    body = b"[" + b"0," * (2 * MAX_BODY_BYTES) + b"0]"
    device.stream_body = True
    device.content_encoding = encoding
    device.raw_bodies = {DATA_PATH: gzip.compress(body) if encoding else body}
    tracemalloc.start()
    try:
        with pytest.raises(InvalidResponseError, match="larger than"):
            await client.async_get_data()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The whole answer is four times the limit; what the client held stayed near it.
    assert peak < 2 * MAX_BODY_BYTES


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="nested-100000-deep"),
        pytest.param(b'{"value": NaN}', id="nan"),
        pytest.param(b'{"value": -Infinity}', id="infinity"),
        pytest.param(b'{"value": 1e400}', id="float-out-of-range"),
        pytest.param(b'{"value": ' + b"9" * 4000 + b"}", id="4000-digit-number"),
        pytest.param(b'{"value": "\\ud800"}', id="lone-surrogate"),
    ],
)
@pytest.mark.parametrize("path", [DATA_PATH, DETAILS_PATH])
async def test_hostile_json_is_invalid_response(
    client: DeviceClient, device: FakeDevice, body: bytes, path: str
) -> None:
    """JSON Home Assistant cannot hold is refused as a typed error, nothing else."""
    device.raw_bodies = {path: body}
    read = client.async_get_data if path == DATA_PATH else client.async_test_connection
    with pytest.raises(InvalidResponseError, match="not valid JSON"):
        await read()


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
        (" 0007 ", 7.0),
        ("Fri, 01 Jan 2100 00:00:00 GMT", MAX_RETRY_AFTER),
        ("Fri, 31 Feb 2100 00:00:00 GMT", None),
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


async def test_default_authentication_carries_the_credential(
    client: DeviceClient, device: FakeDevice
) -> None:
    """ApiClient's own auth_headers(), whatever DeviceClient overrides."""
    assert ApiClient.auth_headers(client) == {}


async def test_optional_endpoint_the_device_lacks_is_none(
    client: DeviceClient, device: FakeDevice
) -> None:
    """async_get_optional(): a 404 is None, the endpoint's answer is parsed, else errors."""
    assert await client.async_get_optional("/no/such/path", dict) is None
    details = await client.async_get_optional(DETAILS_PATH, dict)
    assert details == await client.async_request("GET", DETAILS_PATH)
    device.status = 400
    with pytest.raises(RequestRejectedError):
        await client.async_get_optional(DETAILS_PATH, dict)


async def test_send_adds_no_credentials_and_shows_none(
    client: DeviceClient, device: FakeDevice
) -> None:
    """async_send(), what a login of your own builds on: the answer as it came."""
    headers = client.auth_headers()
    answer = await client.async_send("GET", DETAILS_PATH, headers=headers)
    assert answer.status == 200
    assert "Server" in answer.headers
    assert answer.data == await client.async_request("GET", DETAILS_PATH)
    assert repr(answer) == "Answer(status=200)"
