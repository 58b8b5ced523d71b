"""Your own fixtures, and what the template's tests ask of your device.

This file is yours, like fake_device.py: the template renders it once and `copier
update` never touches it again. conftest.py (the template's) loads it as a pytest
plugin, so every fixture here is available to every test without an import.
"""

from collections.abc import Awaitable, Callable
from ipaddress import ip_address

import pytest

from custom_components.eltako_62ip.const import DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo

from .fake_device import ESR62PF_IP, MODEL, SERIAL_NUMBER, FakeDevice, Product

# The port of the HomeKit accessory service the device announces; the API is on 443.
HOMEKIT_PORT = 51827


def homekit_announcement(host: str) -> ZeroconfServiceInfo:
    """Return the HomeKit accessory announcement of a provisioned ESR62PF-IP.

    The model is in md, the host name is eltako-<serial number>, and the port is the
    accessory's, not the API's. The id is the HomeKit accessory's own identifier.
    """
    return ZeroconfServiceInfo(
        ip_address=ip_address(host),
        ip_addresses=[ip_address(host)],
        hostname=f"eltako-{SERIAL_NUMBER}.local.",
        name=f"{MODEL} 3C4D._hap._tcp.local.",
        port=HOMEKIT_PORT,
        type="_hap._tcp.local.",
        properties={
            "c#": "3",
            "ci": "8",
            "ff": "2",
            "id": "5A:1C:9E:07:B3:42",
            "md": MODEL,
            "pv": "1.1",
            "s#": "1",
            "sf": "1",
        },
    )


@pytest.fixture
def product() -> Product:
    """Return the product the fake device is: the ESR62PF-IP relay.

    A test module that tests another product overrides this fixture; a test that runs
    against several parametrizes it.
    """
    return ESR62PF_IP


@pytest.fixture(autouse=True)
def fake_device_product(product: Product, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the fake devices that the template's fixtures start of that product."""
    monkeypatch.setattr(FakeDevice, "default_product", product)


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
