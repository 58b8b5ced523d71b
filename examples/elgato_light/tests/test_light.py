"""Tests for the Elgato Light lights."""

from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from homeassistant.components.light import ATTR_BRIGHTNESS, DOMAIN as LIGHT_DOMAIN
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
from homeassistant.helpers.update_coordinator import REQUEST_REFRESH_DEFAULT_COOLDOWN

from .conftest import setup_platform
from .fake_device import FakeDevice

LIGHT = "light.model_x"


async def test_light_shows_the_device_state(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The light shows whether it is on and its brightness."""
    state = hass.states.get(LIGHT)
    assert state is not None
    assert state.state == STATE_ON
    assert state.attributes[ATTR_BRIGHTNESS] == 128


async def _command(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, service: str, **data: Any
) -> None:
    """Send a command, then let the read-back that follows it happen."""
    await hass.services.async_call(
        LIGHT_DOMAIN, service, {ATTR_ENTITY_ID: LIGHT, **data}, blocking=True
    )
    # Read-backs are debounced; move past the cool-down so this one runs now.
    freezer.tick(REQUEST_REFRESH_DEFAULT_COOLDOWN + 1)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def test_light_commands_the_device(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """Off keeps the brightness, on restores it or sets a new one."""
    await _command(hass, freezer, SERVICE_TURN_OFF)
    assert device.data["light"] == {"on": False, "brightness": 128}
    state = hass.states.get(LIGHT)
    assert state is not None
    assert state.state == STATE_OFF

    await _command(hass, freezer, SERVICE_TURN_ON)
    assert device.data["light"] == {"on": True, "brightness": 128}

    await _command(hass, freezer, SERVICE_TURN_ON, **{ATTR_BRIGHTNESS: 20})
    assert device.data["light"] == {"on": True, "brightness": 20}
    state = hass.states.get(LIGHT)
    assert state is not None
    assert state.attributes[ATTR_BRIGHTNESS] == 20


async def test_light_without_brightness_turns_on_full(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A light the device reports at brightness 0 comes on at full brightness."""
    device.data["light"] = {"on": False, "brightness": 0}
    await init_integration.runtime_data.async_refresh()
    await _command(hass, freezer, SERVICE_TURN_ON)
    assert device.data["light"] == {"on": True, "brightness": 255}
    device.data["light"] = {"on": True, "brightness": 0}
    await init_integration.runtime_data.async_refresh()
    await _command(hass, freezer, SERVICE_TURN_OFF)
    assert device.data["light"] == {"on": False, "brightness": 255}


async def test_light_command_failure_is_reported(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """A command the device fails raises a translated error."""
    device.status = 500
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            LIGHT_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: LIGHT}, blocking=True
        )
    assert err.value.translation_key == "command_failed"


async def test_light_lost_by_the_device_is_unknown(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """A light the device stops reporting has no state rather than a stale one."""
    del device.data["light"]
    await init_integration.runtime_data.async_refresh()
    await hass.async_block_till_done()
    state = hass.states.get(LIGHT)
    assert state is not None
    assert state.state == "unknown"
    assert state.attributes.get(ATTR_BRIGHTNESS) is None


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_light_entities_match_snapshot(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Every light entity's registry entry and state match the snapshot."""
    await setup_platform(hass, mock_config_entry, Platform.LIGHT)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)
