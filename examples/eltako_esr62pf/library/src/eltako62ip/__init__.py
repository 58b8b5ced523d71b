"""Asynchronous client for Eltako Series 62-IP devices, typed, on aiohttp.

DeviceClient (device.py) asks the device what the integration needs; ApiClient
(api.py) is how every request travels, and the errors it raises are its API too.
"""

from .api import (
    ApiClient,
    ApiError,
    CannotConnectError,
    CertificateMismatchError,
    InvalidAuthError,
    InvalidResponseError,
    RequestRejectedError,
)
from .device import DeviceClient
from .models import DeviceData, DeviceDetails

__all__ = [
    "ApiClient",
    "ApiError",
    "CannotConnectError",
    "CertificateMismatchError",
    "DeviceClient",
    "DeviceData",
    "DeviceDetails",
    "InvalidAuthError",
    "InvalidResponseError",
    "RequestRejectedError",
]
