"""Fixtures of the client alone: the fake device, and clients of it.

Nothing here imports Home Assistant itself (the client it imports is the
integration's, whose package does). A plugin module, which tests/conftest.py registers
for every test.

PYTEST_DONT_REWRITE: conftest.py imports ClientFactory from here before pytest loads
the module as a plugin, too late to rewrite its asserts (it has none).
"""

from collections.abc import AsyncGenerator, Callable
from typing import Any

import aiohttp
import pytest

from custom_components.elgato_light.device import DeviceClient

from .fake_device import FakeDevice
from .fake_server import CREDENTIALS

type ClientFactory = Callable[..., DeviceClient]


@pytest.fixture(autouse=True)
def no_retry_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retry at once, without backoff sleeps.

    Under Home Assistant's harness, whose clock is frozen, they would never end.
    """
    monkeypatch.setattr(DeviceClient, "RETRY_BASE_DELAY", 0.0)


@pytest.fixture
async def device(socket_enabled: None) -> AsyncGenerator[FakeDevice]:
    """Run a fake device on a free local port for the length of a test."""
    fake = FakeDevice()
    await fake.start()
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
) -> ClientFactory:
    """Return a factory of clients for the fake device; keywords override defaults."""

    def make(**overrides: Any) -> DeviceClient:
        arguments: dict[str, Any] = {
            **CREDENTIALS,
            "retry_base_delay": 0.001,
            **overrides,
        }
        return DeviceClient(session, device.host, device.port, **arguments)

    return make


@pytest.fixture
def client(make_client: ClientFactory) -> DeviceClient:
    """Return a client for the fake device."""
    return make_client()
