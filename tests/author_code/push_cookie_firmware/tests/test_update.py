"""Tests for the firmware coordinator (hooks.py's extra runtime data) and its entity."""

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.my_device.firmware import FIRMWARE_INTERVAL
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant

from .fake_device import FakeDevice

FIRMWARE = "update.model_x_firmware"


async def test_firmware_entity_shows_the_versions(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """The second coordinator had its first refresh before the entity was added."""
    state = hass.states.get(FIRMWARE)
    assert state is not None
    assert state.state == STATE_ON
    assert state.attributes["installed_version"] == "1.2.3"
    assert state.attributes["latest_version"] == "1.3.0"
    assert device.requests_to("/api/firmware") == 1


async def test_latest_firmware_is_off(
    hass: HomeAssistant, no_firmware_news: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """A device on its latest firmware has no update (a fixture of fixtures.py)."""
    state = hass.states.get(FIRMWARE)
    assert state is not None
    assert state.state == STATE_OFF


async def test_firmware_is_read_at_its_own_interval(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """Twice a day; a failed read makes the entity unavailable, the rest stays."""
    device.firmware = {"installed": 5}
    freezer.tick(FIRMWARE_INTERVAL - timedelta(minutes=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert device.requests_to("/api/firmware") == 1
    freezer.tick(timedelta(minutes=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert device.requests_to("/api/firmware") == 2
    state = hass.states.get(FIRMWARE)
    assert state is not None
    assert state.state == STATE_UNAVAILABLE


async def test_unloading_stops_the_firmware_coordinator(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """Home Assistant shuts the second coordinator down with the entry."""
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert init_integration.state is ConfigEntryState.NOT_LOADED
    freezer.tick(FIRMWARE_INTERVAL * 2)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert device.requests_to("/api/firmware") == 1


async def test_firmware_failing_at_setup_is_retried(
    hass: HomeAssistant, device: FakeDevice, mock_config_entry: MockConfigEntry
) -> None:
    """The second coordinator's first refresh failing sets the entry up later."""
    device.firmware = {}
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
