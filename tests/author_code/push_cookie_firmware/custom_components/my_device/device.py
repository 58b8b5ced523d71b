"""The device's endpoints: what the integration asks the device and how it changes it.

This file is yours. The template renders it once and `copier update` never touches it
again, so change the paths and the models in models.py to your device's API. How a
request travels (authentication, TLS, timeouts, retries, errors) is ApiClient's job in
api.py, which template updates keep current.
"""

from http.cookies import SimpleCookie
import time
from typing import Any, override

from .api import ApiClient, InvalidResponseError, Token
from .models import DeviceData, DeviceDetails, Firmware

# The cookie that holds the session the device opens at login.
SESSION_COOKIE = "sid"


class DeviceClient(ApiClient):
    """The device's API, one method per endpoint the integration uses."""

    @override
    async def async_login(self) -> Token:
        """Open a session: the device answers with a cookie, not with a token."""
        answer = await self.async_send(
            "POST",
            "/api/session",
            payload={
                "user": self.credentials.username,
                "password": self.credentials.password,
            },
        )
        cookies: SimpleCookie = SimpleCookie()
        for header in answer.headers.getall("Set-Cookie", []):
            cookies.load(header)
        session = cookies.get(SESSION_COOKIE)
        if session is None or not session.value:
            raise InvalidResponseError("POST /api/session: no session cookie")
        return Token(value=session.value, issued_at=time.time())

    @override
    def auth_headers(self, token: Token) -> dict[str, str]:
        """Send the session's cookie with every request."""
        return {"Cookie": f"{SESSION_COOKIE}={token.value}"}

    async def async_test_connection(self) -> DeviceDetails:
        """Check that the device answers and accepts the credentials; return its identity."""
        return await self.async_get("/health", DeviceDetails.from_json)

    async def async_get_data(self) -> DeviceData:
        """Read the device's current state, everything the entities show, in one request."""
        return await self.async_get("/api/data", DeviceData.from_json)

    async def async_set_value(self, key: str, value: Any) -> None:
        """Change one value of the device's state."""
        await self._request("PUT", f"/api/data/{key}", payload={"value": value})

    async def async_get_firmware(self) -> Firmware:
        """Read the installed and the latest firmware version."""
        return await self.async_get("/api/firmware", Firmware.from_json)
