"""Tests for the Key Light Mini's battery switches: studio mode and energy saving."""

import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er

from .conftest import setup_platform
from .fake_device import FakeDevice

STUDIO_MODE = "switch.elgato_key_light_mini_studio_mode"
ENERGY_SAVING = "switch.elgato_key_light_mini_energy_saving"


async def _switch(hass: HomeAssistant, service: str, entity_id: str) -> str:
    await hass.services.async_call(
        SWITCH_DOMAIN, service, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )
    state = hass.states.get(entity_id)
    assert state is not None
    return state.state


async def test_studio_mode(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """Studio mode is the battery bypass, read back after each change."""
    assert await _switch(hass, SERVICE_TURN_ON, STUDIO_MODE) == STATE_ON
    assert device.settings["battery"]["bypass"] == 1
    assert await _switch(hass, SERVICE_TURN_OFF, STUDIO_MODE) == STATE_OFF
    assert device.settings["battery"]["bypass"] == 0


async def test_energy_saving_keeps_its_settings(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """Energy saving is switched with the rest of its settings kept."""
    assert await _switch(hass, SERVICE_TURN_ON, ENERGY_SAVING) == STATE_ON
    saving = device.settings["battery"]["energySaving"]
    assert saving == {
        "enable": 1,
        "minimumBatteryLevel": 15.0,
        "disableWifi": 0,
        "adjustBrightness": {"enable": 0, "brightness": 10.0},
    }
    assert await _switch(hass, SERVICE_TURN_OFF, ENERGY_SAVING) == STATE_OFF
    assert device.settings["battery"]["energySaving"]["enable"] == 0


async def test_switch_failure_is_reported(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """A change the light fails raises a translated error."""
    device.status = 500
    with pytest.raises(HomeAssistantError) as err:
        await _switch(hass, SERVICE_TURN_ON, STUDIO_MODE)
    assert err.value.translation_key == "command_failed"


async def test_switch_entities_match_snapshot(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Every switch entity's registry entry and state match the snapshot."""
    await setup_platform(hass, mock_config_entry, Platform.SWITCH)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)
