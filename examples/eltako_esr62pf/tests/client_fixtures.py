"""Fixtures of the client alone: the fake device, and clients of it.

Nothing here needs Home Assistant: the client is the package's. A plugin module, which
the project's root conftest.py registers for the integration's tests and the client
package's own (library/tests/) alike.

PYTEST_DONT_REWRITE: conftest.py imports ClientFactory from here before pytest loads
the module as a plugin, too late to rewrite its asserts (it has none).
"""

from collections.abc import AsyncGenerator, Callable
from pathlib import Path
import ssl
from typing import Any

import aiohttp
from eltako62ip.device import DeviceClient
import pytest

from .certificates import Certificate, make_certificate
from .fake_device import FakeDevice
from .fake_server import CREDENTIALS, USERNAME

type ClientFactory = Callable[..., DeviceClient]


@pytest.fixture(autouse=True)
def no_retry_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retry at once, without backoff sleeps.

    Under Home Assistant's harness, whose clock is frozen, they would never end.
    """
    monkeypatch.setattr(DeviceClient, "RETRY_BASE_DELAY", 0.0)


@pytest.fixture
def certificate() -> Certificate:
    """Return the device's self-signed certificate."""
    return make_certificate("device")


@pytest.fixture
def server_context(certificate: Certificate, tmp_path: Path) -> ssl.SSLContext:
    """Return the fake device's TLS context (made outside the event loop)."""
    return certificate.server_context(tmp_path)


@pytest.fixture
async def device(
    socket_enabled: None, server_context: ssl.SSLContext
) -> AsyncGenerator[FakeDevice]:
    """Run a fake device with TLS on a free local port for the length of a test."""
    fake = FakeDevice()
    await fake.start(server_context)
    yield fake
    await fake.stop()


@pytest.fixture
async def session() -> AsyncGenerator[aiohttp.ClientSession]:
    """Return an aiohttp session like Home Assistant's shared one."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def make_client(
    session: aiohttp.ClientSession,
    device: FakeDevice,
    certificate: Certificate,
) -> ClientFactory:
    """Return a factory of clients for the fake device; keywords override defaults."""

    def make(**overrides: Any) -> DeviceClient:
        arguments: dict[str, Any] = {
            **CREDENTIALS,
            "username": USERNAME,
            "fingerprint": certificate.fingerprint,
            "retry_base_delay": 0.001,
            **overrides,
        }
        return DeviceClient(session, device.host, device.port, **arguments)

    return make


@pytest.fixture
def client(make_client: ClientFactory) -> DeviceClient:
    """Return a client for the fake device."""
    return make_client()
