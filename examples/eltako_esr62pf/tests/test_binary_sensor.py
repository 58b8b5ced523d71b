"""Tests for the wired inputs, as binary sensors."""

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from .conftest import poll, setup_platform
from .fake_device import INPUT_GUID, SHUTTER_INPUT_GUID, FakeDevice

# The relay's wired input has one input; the shutter's has two channels.
RELAY_INPUT = "binary_sensor.eltako_wiredinput_input"
SHUTTER_INPUTS = {
    "inputChannel1": "binary_sensor.eltako_wiredinput_input_1",
    "inputChannel2": "binary_sensor.eltako_wiredinput_input_2",
    "inputBridged": "binary_sensor.eltako_wiredinput_inputs_bridged",
}


def _inputs(
    entity_registry: er.EntityRegistry, entry: MockConfigEntry
) -> dict[str, str]:
    return {
        entity.unique_id: entity.entity_id
        for entity in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
        if entity.domain == "binary_sensor"
    }


async def test_each_wired_input_is_a_binary_sensor_disabled_by_default(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """Every input the wired-input sub-devices list gets one, which the user enables."""
    inputs = _inputs(entity_registry, init_integration)
    assert inputs == {
        f"{INPUT_GUID}_input": RELAY_INPUT,
        **{
            f"{SHUTTER_INPUT_GUID}_{key}": entity_id
            for key, entity_id in SHUTTER_INPUTS.items()
        },
    }
    for entity_id in inputs.values():
        entry = entity_registry.async_get(entity_id)
        assert entry is not None
        assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
        assert hass.states.get(entity_id) is None


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_input_is_on_while_its_contact_is_closed(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """Each input follows what the device reports: closed is on, opened is off."""
    for entity_id in (RELAY_INPUT, *SHUTTER_INPUTS.values()):
        state = hass.states.get(entity_id)
        assert state is not None
        assert state.state == STATE_OFF

    device.set_function(SHUTTER_INPUT_GUID, "inputChannel2", "closed")
    device.set_function(INPUT_GUID, "input", "closed")
    await poll(hass, freezer)
    states = {
        entity_id: state.state
        for entity_id in (RELAY_INPUT, *SHUTTER_INPUTS.values())
        if (state := hass.states.get(entity_id)) is not None
    }
    assert states == {
        RELAY_INPUT: STATE_ON,
        SHUTTER_INPUTS["inputChannel1"]: STATE_OFF,
        SHUTTER_INPUTS["inputChannel2"]: STATE_ON,
        SHUTTER_INPUTS["inputBridged"]: STATE_OFF,
    }


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_input_in_an_unknown_state_is_unknown(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A value other than opened or closed is not taken for either."""
    device.set_function(INPUT_GUID, "input", "shorted")
    await poll(hass, freezer)
    state = hass.states.get(RELAY_INPUT)
    assert state is not None
    assert state.state == STATE_UNKNOWN


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_binary_sensor_entities_match_snapshot(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Every binary sensor entity's registry entry and state match the snapshot."""
    await setup_platform(hass, mock_config_entry, Platform.BINARY_SENSOR)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)
