"""Client for the device's HTTP API."""

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import parsedate_to_datetime
from http import HTTPStatus
import logging
import random
import time
from typing import Any, ClassVar, override

import aiohttp
from multidict import CIMultiDictProxy
import orjson
from yarl import URL

from .const import (
    API_BASE_PATH,
    DEFAULT_TIMEOUT,
    MAX_BODY_BYTES,
    MAX_DEVICE_TEXT,
    MAX_ERROR_TEXT,
    MAX_RETRY_AFTER,
    RETRY_ATTEMPTS,
    RETRY_BASE_DELAY,
    RETRY_MAX_DELAY,
    TOKEN_HEADER,
    TOKEN_LOGIN_PATH,
    TOKEN_PASSWORD_FIELD,
    TOKEN_RESPONSE_FIELD,
    TOKEN_USERNAME_FIELD,
)

_LOGGER = logging.getLogger(__name__)

# Only these are safe to send twice; anything else is tried once.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Every 3xx status: never followed, since a redirect would take the credentials along.
REDIRECTS = range(HTTPStatus.MULTIPLE_CHOICES, HTTPStatus.BAD_REQUEST)
# The size of the pieces an answer is read in, so that its size is known as it grows.
READ_CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class ProblemDetails:
    """An RFC 7807 problem document from the device."""

    title: str | None
    status: int | None
    detail: str | None

    @classmethod
    def from_body(cls, body: bytes) -> ProblemDetails | None:
        """Read a problem document, or return None if the body is not one."""
        try:
            payload = orjson.loads(body)
        except ValueError:
            return None
        if not isinstance(payload, dict) or not {"title", "detail"} & payload.keys():
            return None
        status = payload.get("status")
        return cls(
            title=_device_text(payload.get("title")),
            status=status if isinstance(status, int) else None,
            detail=_device_text(payload.get("detail")),
        )

    @override
    def __str__(self) -> str:
        """Return the most specific text the device gave."""
        return self.detail or self.title or "no detail"


def _device_text(value: Any) -> str | None:
    """Return a text field of the device's, cut to MAX_DEVICE_TEXT; None if none."""
    return (
        truncate(value, MAX_DEVICE_TEXT) if isinstance(value, str) and value else None
    )


def truncate(text: str, limit: int) -> str:
    """Return text cut to at most limit characters, an ellipsis marking a cut."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


class ApiError(Exception):
    """Base of every error the client raises."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        problem: ProblemDetails | None = None,
    ) -> None:
        """Keep the HTTP status and the device's problem document, if any.

        The message is cut to MAX_ERROR_TEXT: it may quote the device, and it is logged
        and kept (as the entry's last error).
        """
        super().__init__(truncate(message, MAX_ERROR_TEXT))
        self.status = status
        self.problem = problem


class CannotConnectError(ApiError):
    """A transient failure: no connection, a timeout, HTTP 429 or a 5xx answer."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        problem: ProblemDetails | None = None,
        retry_after: float | None = None,
    ) -> None:
        """Keep how long the device asked the client to wait, if it did."""
        super().__init__(message, status=status, problem=problem)
        self.retry_after = retry_after


class InvalidAuthError(ApiError):
    """The device rejected the credentials (HTTP 401, or a refused login)."""


class RequestRejectedError(ApiError):
    """The device refused the request itself (a 4xx other than 401 and 429).

    That includes 403 Forbidden: the device knows who asks and refuses this one
    request or command, so entering the credentials again would not help.
    """


class InvalidResponseError(ApiError):
    """The device answered, but not with the data the client expects.

    That includes a redirect (never followed: the device must answer itself), an
    answer larger than MAX_BODY_BYTES, and JSON that Home Assistant cannot hold
    (non-finite or out-of-range numbers, nesting too deep, invalid Unicode).
    """


class CertificateMismatchError(ApiError):
    """The device presented a certificate other than the pinned one."""


@dataclass(frozen=True, slots=True)
class Answer:
    """A device's answer to one request: its status, headers and decoded JSON body.

    Neither the headers nor the body are part of its repr: they may hold a session
    cookie or a token.
    """

    status: int
    headers: CIMultiDictProxy[str] = field(repr=False)
    data: Any = field(repr=False)


@dataclass(frozen=True, slots=True)
class Credentials:
    """The username and password the user entered; neither is ever shown."""

    username: str = field(repr=False)
    password: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class Token:
    """A token from the login endpoint and the wall-clock time it was issued."""

    value: str = field(repr=False)
    issued_at: float


class ApiClient:
    """Talks to one device over its HTTP API: how to ask, not what to ask.

    Every call goes through async_request(), which authenticates it, applies the
    timeout, retries transient failures of idempotent requests and turns every failure
    into one of the errors above. Credentials never appear in its repr, logs or errors.
    The device's endpoints are methods of DeviceClient, in device.py.

    DeviceClient may override these public hooks, which updates keep: the class
    attributes below, auth_headers() and async_login(); it reads with
    async_get(), async_get_optional() and async_request(), and sends with async_send().
    """

    # Seconds the device gets to answer one request. One failed poll takes at most
    # RETRY_ATTEMPTS of them (plus the backoff), well inside the polling interval.
    REQUEST_TIMEOUT: ClassVar[float] = DEFAULT_TIMEOUT
    # How often an idempotent request that fails transiently is tried in all, and the
    # backoff between tries: RETRY_BASE_DELAY * 2**n seconds (with jitter), at most
    # RETRY_MAX_DELAY (also the longest Retry-After waited for).
    RETRY_ATTEMPTS: ClassVar[int] = RETRY_ATTEMPTS
    RETRY_BASE_DELAY: ClassVar[float] = RETRY_BASE_DELAY
    RETRY_MAX_DELAY: ClassVar[float] = RETRY_MAX_DELAY

    def __init__(
        self,
        session: aiohttp.ClientSession,
        host: str,
        port: int,
        username: str,
        password: str,
        *,
        fingerprint: str,
        token: Token | None = None,
        on_token: Callable[[Token], None] | None = None,
        config: Mapping[str, Any] | None = None,
        timeout: aiohttp.ClientTimeout | None = None,
        retry_base_delay: float | None = None,
        attempts: int | None = None,
    ) -> None:
        """Use Home Assistant's shared session; the client never closes it.

        config is the config entry's data, the fields of hooks.USER_FIELDS included
        (it holds the credentials too: never log it). attempts overrides
        RETRY_ATTEMPTS; a config flow's client tries once, so that a step waits at most
        one timeout.
        """
        self._session = session
        self._base_url = URL.build(scheme="https", host=host, port=port)
        self.config: Mapping[str, Any] = config or {}
        self._credentials = Credentials(username, password)
        # Verification by a CA is impossible for this device; the pin replaces it.
        self._ssl: aiohttp.Fingerprint | bool = aiohttp.Fingerprint(
            bytes.fromhex(fingerprint)
        )
        self._token = token
        self._on_token = on_token
        self._login_lock = asyncio.Lock()
        self._timeout = timeout or aiohttp.ClientTimeout(total=self.REQUEST_TIMEOUT)
        self._retry_base_delay = retry_base_delay
        self._attempts = self.RETRY_ATTEMPTS if attempts is None else attempts

    @override
    def __repr__(self) -> str:
        """Describe the client without its credentials."""
        return f"{type(self).__name__}({str(self.base_url)!r})"

    @property
    def base_url(self) -> URL:
        """Return the address of the device (or service), without the API's path."""
        return self._base_url

    @property
    def credentials(self) -> Credentials:
        """Return the username and password, for an auth_headers() or async_login() of your own."""
        return self._credentials

    def auth_headers(self, token: Token) -> dict[str, str]:
        """Return the headers that send the token; override for another scheme (a cookie)."""
        return {TOKEN_HEADER: token.value}

    async def async_get[T](self, path: str, parse: Callable[[Any], T]) -> T:
        """GET path and parse the answer into a model."""
        return parse_answer(f"GET {path}", parse, await self.async_request("GET", path))

    async def async_get_optional[T](
        self, path: str, parse: Callable[[Any], T]
    ) -> T | None:
        """GET an endpoint that some devices (or firmware versions) lack: 404 is None."""
        try:
            payload = await self.async_request("GET", path)
        except RequestRejectedError as err:
            if err.status == HTTPStatus.NOT_FOUND:
                return None
            raise
        return parse_answer(f"GET {path}", parse, payload)

    async def async_request(
        self, method: str, path: str, *, payload: Any = None
    ) -> Any:
        """Send one authenticated request and return its decoded JSON body (None if empty)."""
        return await self._with_token(
            f"{method} {path}",
            lambda headers: self._send(method, path, payload, headers),
        )

    # The names device.py files of earlier releases call.
    _get = async_get
    _request = async_request

    async def async_send(
        self,
        method: str,
        path: str,
        *,
        payload: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Answer:
        """Send one request with exactly these headers (no authentication), tried once.

        For an async_login() of your own: the answer's headers hold a session cookie.
        An error answer, a redirect, a failure or a body that is not JSON raises the
        typed errors of any request.
        """
        answer = await self._exchange(method, path, payload, dict(headers or {}))
        # Raised here, outside any except clause, so that no library exception is
        # chained to it: theirs may hold the request's headers, and the credentials.
        if isinstance(answer, ApiError):
            raise answer
        status, response_headers, body = answer
        if status >= HTTPStatus.BAD_REQUEST:
            raise _error_for(method, path, status, body or b"", response_headers)
        if body is None:
            raise InvalidResponseError(
                f"{method} {path}: the answer is larger than {MAX_BODY_BYTES} bytes"
            )
        return Answer(status, response_headers, _decode(f"{method} {path}", body))

    async def async_login(self) -> Token:
        """Log in with the credentials and return the new token.

        Override it for another login: a token nested deeper in the answer, or a
        session cookie (read from async_send()'s answer headers, and sent by an
        auth_headers() of your own).
        """
        answer = await self.async_send(
            "POST",
            TOKEN_LOGIN_PATH,
            payload={
                TOKEN_USERNAME_FIELD: self._credentials.username,
                TOKEN_PASSWORD_FIELD: self._credentials.password,
            },
        )
        data = answer.data
        value = data.get(TOKEN_RESPONSE_FIELD) if isinstance(data, dict) else None
        if not isinstance(value, str) or not value:
            raise InvalidResponseError(
                f"POST {TOKEN_LOGIN_PATH}: the answer has no {TOKEN_RESPONSE_FIELD!r}"
            )
        return Token(value=value, issued_at=time.time())

    async def _with_token[T](
        self,
        what: str,
        attempt: Callable[[dict[str, str]], Awaitable[T]],
    ) -> T:
        """Run attempt with the token's headers; after a 401, log in and run it again.

        The device no longer accepts the token: one login, however many calls saw
        the 401, and one more try.
        """
        token = await self._async_valid_token()
        try:
            return await attempt(self.auth_headers(token))
        except InvalidAuthError:
            # A 401: a 403 is a RequestRejectedError, which a new token would not help.
            _LOGGER.debug("%s: token rejected, logging in again", what)
        token = await self._async_valid_token(rejected=token)
        return await attempt(self.auth_headers(token))

    async def _async_valid_token(self, *, rejected: Token | None = None) -> Token:
        """Return a token to use, logging in only if none is held or it is due.

        The lock makes login single-flight: callers that arrive while a login runs wait
        for it and use its token instead of logging in themselves.
        """
        async with self._login_lock:
            token = self._token
            if token is None or token is rejected:
                token = self._token = await self._async_log_in()
                _LOGGER.debug("Logged in to %s", self)
                if self._on_token is not None:
                    self._on_token(token)
            return token

    async def _async_log_in(self) -> Token:
        """Log in with async_login(); a 403 refuses the credentials, as a 401 does.

        Here rather than in async_login(), so that a login of device.py's own (a
        session cookie) is covered too.
        """
        try:
            return await self.async_login()
        except RequestRejectedError as err:
            if err.status != HTTPStatus.FORBIDDEN:
                raise
            raise InvalidAuthError(
                str(err), status=err.status, problem=err.problem
            ) from err

    async def _send(
        self, method: str, path: str, payload: Any, headers: dict[str, str]
    ) -> Any:
        """Send a request, trying a transient failure again if that is safe."""
        attempts = self._attempts if method in IDEMPOTENT_METHODS else 1
        attempt = 1
        while True:
            try:
                answer = await self.async_send(
                    method, path, payload=payload, headers=headers
                )
            except CannotConnectError as err:
                delay = self._retry_delay(attempt, err.retry_after)
                if attempt >= attempts or delay is None:
                    raise
                _LOGGER.debug(
                    "%s %s failed (%s); try %d of %d in %.2f s",
                    method,
                    path,
                    err,
                    attempt + 1,
                    attempts,
                    delay,
                )
                await asyncio.sleep(delay)
                attempt += 1
            else:
                return answer.data

    def _retry_delay(self, attempt: int, retry_after: float | None) -> float | None:
        """Return how long to wait before the next try, or None not to try again."""
        if retry_after is not None:
            # The device said when to come back; later than the cap is too late.
            return retry_after if retry_after <= self.RETRY_MAX_DELAY else None
        base = (
            self.RETRY_BASE_DELAY
            if self._retry_base_delay is None
            else self._retry_base_delay
        )
        backoff = min(self.RETRY_MAX_DELAY, base * 2.0 ** (attempt - 1))
        # Jitter keeps several clients from retrying in lockstep.
        return backoff * random.uniform(0.5, 1.0)  # not for security

    async def _exchange(
        self, method: str, path: str, payload: Any, headers: dict[str, str]
    ) -> tuple[int, CIMultiDictProxy[str], bytes | None] | ApiError:
        """Send the request and read the answer's status, headers and body.

        The body is None when it is larger than MAX_BODY_BYTES. A failure is returned,
        not raised, for async_send to raise outside this except clause.
        """
        url = self._base_url.with_path(f"{API_BASE_PATH}{path}")
        try:
            async with self._session.request(
                method,
                url,
                # Many devices answer with an HTML page unless the request says JSON.
                headers={
                    "Accept": "application/json",
                    "Content-Type": "application/json",
                    **headers,
                },
                json=payload,
                timeout=self._timeout,
                ssl=self._ssl,
                allow_redirects=False,
            ) as response:
                if response.status in REDIRECTS:
                    return _redirect_error(f"{method} {path}", response.status)
                body = await _read_at_most(response, MAX_BODY_BYTES)
                return response.status, response.headers, body
        except (TimeoutError, aiohttp.ClientError) as err:
            return _connection_error(
                f"{method} {path}", err, f"no answer within {self._timeout.total} s"
            )


def parse_answer[T](what: str, parse: Callable[[Any], T], payload: Any) -> T:
    """Parse decoded JSON into a model; an answer of the wrong shape is a typed error."""
    try:
        return parse(payload)
    except (TypeError, ValueError, LookupError, ArithmeticError) as err:
        raise InvalidResponseError(f"{what}: {err}") from err


def _decode(what: str, body: bytes) -> Any:
    """Decode a body as JSON (None if empty), whatever its Content-Type says.

    Devices often send JSON under a wrong Content-Type. orjson, the decoder Home
    Assistant uses too, refuses NaN, Infinity, numbers out of range, deep nesting and
    lone surrogates.
    """
    if not body.strip():
        return None
    try:
        return orjson.loads(body)
    except ValueError:
        pass
    raise InvalidResponseError(f"{what}: the answer is not valid JSON")


async def _read_at_most(response: aiohttp.ClientResponse, limit: int) -> bytes | None:
    """Return the body, or None once it is larger than limit (nothing more is read).

    The declared length is checked first; the count covers what aiohttp decompresses,
    so a compressed answer cannot grow past limit either.
    """
    if response.content_length is not None and response.content_length > limit:
        response.close()
        return None
    body = bytearray()
    async for chunk in response.content.iter_chunked(READ_CHUNK_BYTES):
        body += chunk
        if len(body) > limit:
            response.close()
            return None
    return bytes(body)


def _redirect_error(request: str, status: int) -> InvalidResponseError:
    """Return the error for a redirect, which would take the credentials along."""
    return InvalidResponseError(
        f"{request}: HTTP {status}, a redirect, which the client does not follow"
    )


def _connection_error(
    request: str, err: TimeoutError | aiohttp.ClientError, silence: str
) -> ApiError:
    """Return the typed error for a failed connection; silence says what a timeout is.

    It is returned for the caller to raise outside its except clause, so that the
    library's exception, which may hold the request's headers, is not chained to it.
    """
    if isinstance(err, aiohttp.ServerFingerprintMismatch):
        return CertificateMismatchError(
            f"{request}: the device's certificate is not the pinned one"
        )
    if isinstance(err, TimeoutError):
        return CannotConnectError(f"{request}: {silence}")
    return CannotConnectError(f"{request}: {type(err).__name__}: {err}")


def _error_for(
    method: str, path: str, status: int, body: bytes, headers: Any
) -> ApiError:
    """Return the typed error for an HTTP error answer."""
    problem = ProblemDetails.from_body(body)
    message = f"{method} {path}: HTTP {status}" + (f": {problem}" if problem else "")
    if status == HTTPStatus.UNAUTHORIZED:
        return InvalidAuthError(message, status=status, problem=problem)
    if (
        status == HTTPStatus.TOO_MANY_REQUESTS
        or status >= HTTPStatus.INTERNAL_SERVER_ERROR
    ):
        return CannotConnectError(
            message,
            status=status,
            problem=problem,
            retry_after=_retry_after(headers.get("Retry-After")),
        )
    return RequestRejectedError(message, status=status, problem=problem)


def _retry_after(value: str | None) -> float | None:
    """Read a Retry-After header (seconds, or an HTTP date) as seconds to wait.

    At most MAX_RETRY_AFTER, whatever the device asks for; a value that is neither
    (no ASCII digits, no date) is None, as if the device had asked for nothing.
    """
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        # Past ten digits (over 300 years) the rest cannot matter: it is not read.
        return min(MAX_RETRY_AFTER, float(value.lstrip("0")[:10] or "0"))
    try:
        when = parsedate_to_datetime(value)
    except TypeError, ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = when.timestamp() - time.time()
    return min(MAX_RETRY_AFTER, max(0.0, seconds))
