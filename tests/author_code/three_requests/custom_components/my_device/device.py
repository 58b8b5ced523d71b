"""The device's endpoints: what the integration asks the device and how it changes it.

This file is yours. The template renders it once and `copier update` never touches it
again. How a request travels (authentication, TLS, timeouts, retries, errors) is
ApiClient's job in api.py, which template updates keep current.
"""

from dataclasses import replace
import time
from typing import override

from .api import ApiClient, Token, parse_answer
from .models import Battery, DeviceData, DeviceDetails, Settings, token_from_login

# The entry's field (hooks.USER_FIELDS) naming the unit of the device to read.
CONF_UNIT = "unit"
DEFAULT_UNIT = 1


class DeviceClient(ApiClient):
    """The device's API, one method per endpoint the integration uses."""

    # The device answers within a second; a failed poll gives up sooner than the default.
    REQUEST_TIMEOUT = 5

    @override
    async def async_login(self) -> Token:
        """Log in; the device nests the token in its answer."""
        answer = await self.async_send(
            "POST",
            "/api/auth",
            payload={
                "username": self.credentials.username,
                "password": self.credentials.password,
            },
        )
        token = parse_answer("POST /api/auth", token_from_login, answer.data)
        return Token(value=token, issued_at=time.time())

    async def async_test_connection(self) -> DeviceDetails:
        """Check that the device answers and accepts the credentials; return its identity."""
        return await self.async_get("/health", DeviceDetails.from_json)

    async def async_get_data(self) -> DeviceData:
        """Read the unit's values, the settings and the battery, if the model has one."""
        unit = self.config.get(CONF_UNIT, DEFAULT_UNIT)
        data = await self.async_get(f"/api/units/{unit}/data", DeviceData.from_json)
        settings = await self.async_get("/api/settings", Settings.from_json)
        battery = await self.async_get_optional("/api/battery", Battery.from_json)
        return replace(
            data,
            led_brightness=settings.led_brightness,
            battery_level=None if battery is None else battery.level,
        )

    async def async_press(self, action: str) -> None:
        """Trigger a one-off action on the device (sent once, never retried)."""
        await self.async_request("POST", f"/api/actions/{action}")
