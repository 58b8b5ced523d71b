"""Your own fixtures, and what the template's tests ask of your device.

This file is yours, like fake_device.py: the template renders it once and `copier
update` never touches it again. conftest.py (the template's) loads it as a pytest
plugin, so every fixture here is available to every test without an import.
"""

from collections.abc import Awaitable, Callable
from functools import partial

import pytest

from homeassistant.core import HomeAssistant


@pytest.fixture
def send_command(hass: HomeAssistant) -> Callable[[], Awaitable[object]] | None:
    """Return one service call that commands the device, or None if it takes none.

    The template's fault and polling tests send it: while the device fails it must
    raise a translated error, and once it works the device is read back at once.
    """
    return partial(
        hass.services.async_call,
        "switch",
        "turn_on",
        {"entity_id": "switch.kitchen_light"},
        blocking=True,
    )
