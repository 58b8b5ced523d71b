"""Client for the device's HTTP API."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
import json
from typing import Any

import aiohttp
from yarl import URL

from .const import DEFAULT_TIMEOUT
from .models import DeviceData, DeviceDetails


class ApiError(Exception):
    """Base of every error the client raises."""


class CannotConnectError(ApiError):
    """The device could not be reached, timed out or answered with an HTTP error."""


class InvalidAuthError(ApiError):
    """The device rejected the credentials (HTTP 401 or 403)."""


class InvalidResponseError(ApiError):
    """The device answered, but not with the data the client expects."""


class ApiClient:
    """Talks to one device over its HTTP API.

    Every call goes through _request(), which adds authentication, applies the timeout
    and turns every failure into one of the errors above.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession,
        host: str,
        port: int,
        api_key: str,
        *,
        timeout: aiohttp.ClientTimeout | None = None,
    ) -> None:
        """Use Home Assistant's shared session; the client never closes it."""
        self._session = session
        self._base_url = URL.build(scheme="http", host=host, port=port)
        self._api_key = api_key
        self._timeout = timeout or aiohttp.ClientTimeout(total=DEFAULT_TIMEOUT)

    def __repr__(self) -> str:
        """Describe the client without its credentials."""
        return f"{type(self).__name__}({str(self._base_url)!r})"

    def _get_auth_headers(self) -> dict[str, str]:
        """Return the headers that authenticate a request; override for other schemes."""
        return {"Authorization": f"Bearer {self._api_key}"}

    async def _request(self, method: str, path: str, *, payload: Any = None) -> Any:
        """Send one authenticated request and return its decoded JSON body (None if empty)."""
        url = self._base_url.with_path(path)
        try:
            async with self._session.request(
                method,
                url,
                headers=self._get_auth_headers(),
                json=payload,
                timeout=self._timeout,
            ) as response:
                if response.status in (HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN):
                    raise InvalidAuthError(
                        f"{method} {path}: the device rejected the credentials (HTTP {response.status})"
                    )
                if response.status >= HTTPStatus.BAD_REQUEST:
                    raise CannotConnectError(f"{method} {path}: HTTP {response.status}")
                body = await response.read()
        except TimeoutError as err:
            raise CannotConnectError(
                f"{method} {path}: no answer within {self._timeout.total} s"
            ) from err
        except aiohttp.ClientError as err:
            raise CannotConnectError(
                f"{method} {path}: {type(err).__name__}: {err}"
            ) from err
        if not body.strip():
            return None
        # Devices often send JSON under a wrong Content-Type, so the body is decoded as JSON
        # whatever the header says.
        try:
            return json.loads(body)
        except ValueError as err:
            raise InvalidResponseError(
                f"{method} {path}: the answer is not valid JSON"
            ) from err

    async def _get[T](self, path: str, parse: Callable[[Any], T]) -> T:
        """GET path and parse the answer into a model."""
        payload = await self._request("GET", path)
        try:
            return parse(payload)
        except (TypeError, ValueError) as err:
            raise InvalidResponseError(f"GET {path}: {err}") from err

    async def async_test_connection(self) -> DeviceDetails:
        """Check that the device answers and accepts the credentials; return its identity."""
        return await self._get("/health", DeviceDetails.from_json)

    async def async_get_data(self) -> DeviceData:
        """Read the device's current state."""
        return await self._get("/api/data", DeviceData.from_json)
