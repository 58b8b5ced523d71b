"""The Series 62-IP endpoints: what the integration asks the device and how it changes it.

This file is yours. The template renders it once and `copier update` never touches it
again. How a request travels (the API key, the pinned certificate, timeouts, retries,
typed errors) is ApiClient's job in api.py, which template updates keep current.
"""

from .api import ApiClient
from .models import Characteristic, DeviceData, DeviceDetails


class DeviceClient(ApiClient):
    """The device's API, one method per endpoint the integration uses."""

    async def async_test_connection(self) -> DeviceDetails:
        """Check that the device answers and accepts the API key; return its identity."""
        return await self._get("/system", DeviceDetails.from_json)

    async def async_get_data(self) -> DeviceData:
        """Read every device's state, for all entities, in one request."""
        return await self._get("/devices", DeviceData.from_json)

    async def async_set_function(
        self, device_guid: str, function: Characteristic
    ) -> None:
        """Write one function of a device; the device accepts it with 202."""
        await self._request(
            "PUT",
            f"/devices/{device_guid}/functions/{function.identifier}",
            payload=function.as_json(),
        )
