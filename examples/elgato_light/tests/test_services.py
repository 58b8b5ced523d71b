"""Tests for the identify action."""

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.elgato_light.const import DOMAIN
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError

from .fake_device import FakeDevice

LIGHT = "light.elgato_key_light_mini"


async def _identify(hass: HomeAssistant) -> None:
    await hass.services.async_call(
        DOMAIN, "identify", {ATTR_ENTITY_ID: LIGHT}, blocking=True
    )


async def test_identify_blinks_the_light(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """The action reaches the light, once."""
    await _identify(hass)
    assert device.actions == ["identify"]


async def test_identify_failure_is_reported(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """An identify the light fails raises a translated error and is not repeated."""
    device.status = 500
    with pytest.raises(HomeAssistantError) as err:
        await _identify(hass)
    assert err.value.translation_key == "command_failed"
    assert device.requests_to("/identify") == 1
