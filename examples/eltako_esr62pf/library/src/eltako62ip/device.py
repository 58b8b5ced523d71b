"""The Series 62-IP endpoints: what the integration asks the device and how it changes it.

This file is yours. The template renders it once and `copier update` never touches it
again. How a request travels (the API key, the pinned certificate, timeouts, retries,
typed errors) is ApiClient's job in api.py, which template updates keep current.
"""

from functools import partial

from .api import ApiClient
from .models import Characteristic, DeviceData, DeviceDetails, Products


class DeviceClient(ApiClient):
    """The device's API, one method per endpoint the integration uses."""

    # The product database, read with the first data and kept for the client's life
    # (one setup of the entry): it describes the firmware's products, not their state.
    _products: Products | None = None

    async def async_test_connection(self) -> DeviceDetails:
        """Check that the device answers and accepts the API key; return its identity."""
        return await self._get("/system", DeviceDetails.from_json)

    async def async_get_products(self) -> Products:
        """Read the product database: the units of each product's characteristics.

        A firmware without it (404) states no units: its values get no unit.
        """
        products = await self.async_get_optional("/products", Products.from_json)
        return products if products is not None else Products()

    async def async_get_data(self) -> DeviceData:
        """Read every device's state, for all entities, in one request.

        The first read also fetches the product database, once for this client.
        """
        if self._products is None:
            self._products = await self.async_get_products()
        return await self._get(
            "/devices", partial(DeviceData.from_json, products=self._products)
        )

    async def async_set_function(
        self, device_guid: str, function: Characteristic
    ) -> None:
        """Write one function of a device; the device accepts it with 202."""
        await self._request(
            "PUT",
            f"/devices/{device_guid}/functions/{function.identifier}",
            payload=function.as_json(),
        )
