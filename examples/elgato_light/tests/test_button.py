"""Tests for the identify and restart buttons."""

import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er

from .conftest import setup_platform
from .fake_device import FakeDevice


async def _press(hass: HomeAssistant, entity_id: str) -> None:
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


@pytest.mark.parametrize("action", ["identify", "restart"])
async def test_press_sends_the_action(
    hass: HomeAssistant,
    device: FakeDevice,
    init_integration: MockConfigEntry,
    action: str,
) -> None:
    """Pressing a button sends its action to the light, once."""
    await _press(hass, f"button.elgato_key_light_mini_{action}")
    assert device.actions == [action]


async def test_press_failure_is_reported(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """A press the light fails raises a translated error and is not repeated."""
    device.status = 500
    with pytest.raises(HomeAssistantError) as err:
        await _press(hass, "button.elgato_key_light_mini_restart")
    assert err.value.translation_key == "command_failed"
    assert device.requests_to("/restart") == 1


async def test_button_entities_match_snapshot(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Every button entity's registry entry and state match the snapshot."""
    await setup_platform(hass, mock_config_entry, Platform.BUTTON)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)
