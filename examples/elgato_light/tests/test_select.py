"""Tests for the power-on behaviour."""

import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from homeassistant.components.select import (
    ATTR_OPTION,
    DOMAIN as SELECT_DOMAIN,
    SERVICE_SELECT_OPTION,
)
from homeassistant.const import ATTR_ENTITY_ID, STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er

from .conftest import setup_platform
from .fake_device import FakeDevice

BEHAVIOR = "select.elgato_key_light_mini_power_on_behavior"


async def _select(hass: HomeAssistant, option: str) -> str:
    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: BEHAVIOR, ATTR_OPTION: option},
        blocking=True,
    )
    state = hass.states.get(BEHAVIOR)
    assert state is not None
    return state.state


async def test_power_on_behavior(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """The behaviour is read and set as the light's 1 and 2."""
    assert await _select(hass, "use_defaults") == "use_defaults"
    assert device.settings["powerOnBehavior"] == 2
    assert device.settings["powerOnBrightness"] == 20
    assert await _select(hass, "restore_last") == "restore_last"
    assert device.settings["powerOnBehavior"] == 1


async def test_behavior_not_set_yet_is_unknown(
    hass: HomeAssistant, device: FakeDevice, mock_config_entry: MockConfigEntry
) -> None:
    """A light that reports 0 (never set) shows the behaviour as unknown."""
    device.settings["powerOnBehavior"] = 0
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    state = hass.states.get(BEHAVIOR)
    assert state is not None
    assert state.state == STATE_UNKNOWN


async def test_select_failure_is_reported(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """A change the light fails raises a translated error."""
    device.status = 500
    with pytest.raises(HomeAssistantError) as err:
        await _select(hass, "use_defaults")
    assert err.value.translation_key == "command_failed"


async def test_select_entities_match_snapshot(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Every select entity's registry entry and state match the snapshot."""
    await setup_platform(hass, mock_config_entry, Platform.SELECT)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)
