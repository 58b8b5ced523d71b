"""Your own fixtures, and what the template's tests ask of your device.

This file is yours, like fake_device.py: the template renders it once and `copier
update` never touches it again. conftest.py (the template's) loads it as a pytest
plugin, so every fixture here is available to every test without an import.
"""

from collections.abc import AsyncGenerator, Awaitable, Callable
from ipaddress import ip_address

import pytest

from custom_components.elgato_light import firmware
from custom_components.elgato_light.const import DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo

from .fake_device import KEY_LIGHT_MINI, FakeElgatoCloud

# The light's MAC address, as its announcement carries it (TXT id) and as the fake's
# GET /elgato/accessory-info reports it.
MAC_ADDRESS: str = KEY_LIGHT_MINI["info"]["macAddress"]


def zeroconf_announcement(host: str, port: int) -> ZeroconfServiceInfo:
    """Return what an Elgato light announces over zeroconf, as a real Key Light does.

    The service name and host name carry four hex digits of the light's own; the TXT
    record its MAC address (id), model (md), board type (dt), maker and protocol
    version, never its serial number, which the flow asks the light for.
    """
    return ZeroconfServiceInfo(
        ip_address=ip_address(host),
        ip_addresses=[ip_address(host)],
        hostname="elgato-key-light-1a2b.local.",
        name="Elgato Key Light 1A2B._elg._tcp.local.",
        port=port,
        type="_elg._tcp.local.",
        properties={
            "mf": "Elgato",
            "dt": "53",
            "id": MAC_ADDRESS,
            "md": "Elgato Key Light 20GAK9901",
            "pv": "1.0",
        },
    )


def dhcp_announcement(ip: str) -> DhcpServiceInfo:
    """Return what DHCP sees of the light: the discovery tests send this."""
    return DhcpServiceInfo(
        ip=ip,
        hostname="elgato-key-light-1a2b",
        # DHCP gives MAC addresses in lowercase, without separators.
        macaddress=MAC_ADDRESS.replace(":", "").lower(),
    )


@pytest.fixture(autouse=True)
async def elgato_cloud(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> AsyncGenerator[FakeElgatoCloud | None]:
    """Serve Elgato's firmware catalog from a local fake, in every test with a light.

    Tests never reach Elgato's servers: the catalog's address, the one thing not on
    the local network, points at the fake. A test without sockets sets up no light,
    and so reads no catalog.
    """
    if "socket_enabled" not in request.fixturenames:
        yield None
        return
    # Sockets first: autouse fixtures start before the test's own.
    request.getfixturevalue("socket_enabled")
    cloud = FakeElgatoCloud()
    await cloud.start()
    monkeypatch.setattr(firmware, "CATALOG_URL", cloud.url)
    yield cloud
    await cloud.stop()


@pytest.fixture
def send_command(hass: HomeAssistant) -> Callable[[], Awaitable[object]] | None:
    """Return one service call that commands the device, or None if it takes none.

    The template's fault and polling tests send it: while the device fails it must
    raise a translated error, and once it works the device is read back at once.
    """

    async def send() -> None:
        """Send the integration's first switch entity a turn_on command."""
        entity_id = next(
            entry.entity_id
            for entry in er.async_get(hass).entities.values()
            if entry.platform == DOMAIN
            and entry.domain == "switch"
            and not entry.disabled
        )
        await hass.services.async_call(
            "switch",
            "turn_on",
            {"entity_id": entity_id},
            blocking=True,
        )

    return send
