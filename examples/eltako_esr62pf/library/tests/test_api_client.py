"""Tests for the transport every request goes through: auth, TLS, retries, errors.

They reach the device through DeviceClient: async_test_connection (one GET of
DETAILS_PATH) where requests are counted, async_get_data (which reads DATA_PATH, and
whatever else the device needs) where only the outcome matters. So they hold for any
device; tests of the device's own endpoints live in tests/test_device.py.

The client package's own tests: like the package, they import nothing from Home
Assistant (test_independence.py checks both).
"""

import asyncio
from collections.abc import Iterator
import gzip
import time
import tracemalloc
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
from eltako62ip.api import (
    ApiClient,
    ApiError,
    CannotConnectError,
    CertificateMismatchError,
    InvalidAuthError,
    InvalidResponseError,
    ProblemDetails,
    RequestRejectedError,
    Token,
    _retry_after,
)
from eltako62ip.const import (
    API_BASE_PATH,
    MAX_BODY_BYTES,
    MAX_DEVICE_TEXT,
    MAX_ERROR_TEXT,
    MAX_RETRY_AFTER,
)
from eltako62ip.device import DeviceClient
from eltako62ip.tls import async_get_fingerprint, format_fingerprint
import pytest

from tests.certificates import Certificate, make_certificate
from tests.client_fixtures import ClientFactory
from tests.fake_device import DATA_PATH, DETAILS_PATH, FakeDevice
from tests.fake_server import CREDENTIALS


async def test_wrong_credentials_are_invalid_auth(
    make_client: ClientFactory,
) -> None:
    """Rejected credentials raise InvalidAuthError, whose message hides them."""
    client = make_client(password="wrong-password-d41d8")
    with pytest.raises(InvalidAuthError, match="HTTP 401") as err:
        await client.async_get_data()
    assert "d41d8" not in str(err.value)
    assert "d41d8" not in repr(client)


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


def _chain(error: BaseException | None) -> Iterator[BaseException]:
    """Yield an error and every error chained to it, as a traceback would show them."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


@pytest.mark.parametrize(
    "fault",
    [
        # To the same URL again: a loop, which a following client gives up on.
        {"status": 307, "headers": {"Location": "SELF"}},
        {"status": 500},
        {"drop_connection": True},
        {"truncate_body": True},
        {"raw_bodies": {DATA_PATH: b'{"value": NaN}'}},
    ],
    ids=["redirect-loop", "server-error", "reset", "truncated", "bad-json"],
)
async def test_no_error_in_the_chain_holds_a_credential(
    client: DeviceClient, device: FakeDevice, fault: dict[str, Any]
) -> None:
    """Neither the error nor anything chained to it shows a credential."""
    device.inject(**fault)
    if device.headers.get("Location") == "SELF":
        url = f"https://{device.host}:{device.port}"
        device.headers = {"Location": f"{url}{API_BASE_PATH}{DATA_PATH}"}
    with pytest.raises(ApiError) as caught:
        await client.async_get_data()
    secrets = [*CREDENTIALS.values(), *device.tokens]
    for error in _chain(caught.value):
        for text in (repr(error), str(error), repr(vars(error))):
            for secret in secrets:
                assert secret not in text, f"{type(error).__name__} holds a credential"


def test_repr_does_not_show_credentials(client: DeviceClient) -> None:
    """The client's repr names the device, never a credential."""
    for secret in CREDENTIALS.values():
        assert secret not in repr(client)
        assert secret not in repr(client.credentials)
    assert client.credentials.password == CREDENTIALS["password"]
    assert repr(client).startswith("DeviceClient('http")


async def test_default_authentication_carries_the_credential(
    client: DeviceClient, device: FakeDevice
) -> None:
    """ApiClient's own auth_headers() and async_login(), whatever DeviceClient overrides."""
    token = await ApiClient.async_login(client)
    assert token.value == device.tokens[-1]
    headers = ApiClient.auth_headers(client, token)
    assert headers["Authorization"] == "" + token.value
    device.login_answer = {"unexpected": "shape"}
    with pytest.raises(InvalidResponseError, match="the answer has no"):
        await ApiClient.async_login(client)


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
    with pytest.raises(InvalidAuthError):
        await client.async_send("GET", DETAILS_PATH)
    await client.async_test_connection()
    headers = client.auth_headers(Token(device.tokens[-1], issued_at=time.time()))
    answer = await client.async_send("GET", DETAILS_PATH, headers=headers)
    assert answer.status == 200
    assert "Server" in answer.headers
    assert answer.data == await client.async_request("GET", DETAILS_PATH)
    assert repr(answer) == "Answer(status=200)"


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
    with pytest.raises(RequestRejectedError):
        await client.async_get_data()
    assert device.logins == 1


@pytest.mark.parametrize(
    ("status", "error"), [(403, InvalidAuthError), (404, RequestRejectedError)]
)
async def test_login_refused_with_forbidden_is_invalid_auth(
    client: DeviceClient,
    device: FakeDevice,
    monkeypatch: pytest.MonkeyPatch,
    status: int,
    error: type[ApiError],
) -> None:
    """A login refused with 403 refuses the credentials, as a 401 does.

    Whatever async_login() does (device.py may replace it, for a session cookie), so
    the login is replaced by one the device refuses.
    """

    async def refused_login(self: DeviceClient) -> Token:
        raise RequestRejectedError(f"POST /login: HTTP {status}", status=status)

    monkeypatch.setattr(DeviceClient, "async_login", refused_login)
    with pytest.raises(error, match=f"HTTP {status}") as err:
        await client.async_get_data()
    assert err.value.status == status
    assert device.requests_to(DATA_PATH) == 0


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
    with pytest.raises(InvalidResponseError):
        await client.async_get_data()


async def test_pinned_certificate_is_accepted(
    client: DeviceClient, device: FakeDevice
) -> None:
    """A device presenting the pinned certificate is talked to."""
    await client.async_test_connection()
    assert device.requests_to(DETAILS_PATH) == 1


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
