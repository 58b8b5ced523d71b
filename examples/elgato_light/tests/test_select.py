"""Tests for the Elgato Light selects."""

import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from homeassistant.components.select import (
    ATTR_OPTION,
    ATTR_OPTIONS,
    DOMAIN as SELECT_DOMAIN,
    SERVICE_SELECT_OPTION,
)
from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er

from .conftest import setup_platform
from .fake_device import FakeDevice

MODE = "select.model_x_mode"


async def test_select_commands_the_device(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """The select offers the device's options and sets the chosen one there."""
    state = hass.states.get(MODE)
    assert state is not None
    assert state.state == "auto"
    assert state.attributes[ATTR_OPTIONS] == ["auto", "eco", "comfort"]

    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: MODE, ATTR_OPTION: "eco"},
        blocking=True,
    )
    assert device.data["mode"] == "eco"
    state = hass.states.get(MODE)
    assert state is not None
    assert state.state == "eco"


async def test_select_command_failure_is_reported(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """A command the device fails raises a translated error."""
    device.status = 500
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            SELECT_DOMAIN,
            SERVICE_SELECT_OPTION,
            {ATTR_ENTITY_ID: MODE, ATTR_OPTION: "eco"},
            blocking=True,
        )
    assert err.value.translation_key == "command_failed"


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_select_entities_match_snapshot(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Every select entity's registry entry and state match the snapshot."""
    await setup_platform(hass, mock_config_entry, Platform.SELECT)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)
