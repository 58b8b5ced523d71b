"""The device's endpoints: what the integration asks the device and how it changes it.

This file is yours. The template renders it once and `copier update` never touches it
again, so change the paths and the models in models.py to your device's API. How a
request travels (authentication, TLS, timeouts, retries, errors) is ApiClient's job in
api.py, which template updates keep current.
"""

from typing import Any

from .api import ApiClient
from .models import DeviceData, DeviceDetails


class DeviceClient(ApiClient):
    """The device's API, one method per endpoint the integration uses."""

    async def async_test_connection(self) -> DeviceDetails:
        """Check that the device answers and accepts the credentials; return its identity."""
        return await self._get("/health", DeviceDetails.from_json)

    async def async_get_data(self) -> DeviceData:
        """Read the device's current state, everything the entities show, in one request."""
        return await self._get("/api/data", DeviceData.from_json)

    async def async_set_value(self, key: str, value: Any) -> None:
        """Change one value of the device's state."""
        await self._request("PUT", f"/api/data/{key}", payload={"value": value})

    async def async_send_command(self, command: str) -> None:
        """Send a free-form command to the device (sent once, never retried)."""
        await self._request("POST", "/api/commands", payload={"command": command})

    async def async_press(self, action: str) -> None:
        """Trigger a one-off action on the device (sent once, never retried)."""
        await self._request("POST", f"/api/actions/{action}")
