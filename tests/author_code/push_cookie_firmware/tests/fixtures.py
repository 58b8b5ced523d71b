"""Your own fixtures, and what the template's tests ask of your device.

This file is yours, like fake_device.py: the template renders it once and `copier
update` never touches it again. conftest.py (the template's) loads it as a pytest
plugin, so every fixture here is available to every test without an import.
"""

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from custom_components.my_device.const import DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from .fake_device import FakeDevice, envelope


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


def event_for(state: Any) -> Any:
    """Return the event the device pushes for this state: wrapped in its envelope."""
    return envelope(state)


@pytest.fixture
def no_firmware_news(device: FakeDevice) -> FakeDevice:
    """Return the fake device, running the latest firmware."""
    device.firmware["latest"] = device.firmware["installed"]
    return device
