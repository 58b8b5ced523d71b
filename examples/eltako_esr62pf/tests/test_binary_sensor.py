"""Tests for the wired inputs, as binary sensors.

Every product has a wired input built in: one input on the relays and the dimmer, two
channels on the shutter actuator. Each device names it ELTAKO-WiredInput, so its
sensors are named after the actuator.
"""

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
from .fake_device import (
    ESB62NP_IP,
    ESR62NP_IP,
    ESR62PF_IP,
    EUD62NPN_IP,
    INPUT_GUID,
    PRODUCTS,
    FakeDevice,
    Product,
)

# The relays' wired input has one input; its sensor is named after the relay.
RELAY_INPUT = "binary_sensor.kitchen_light_wired_input"
# The shutter actuator's has two channels, and says whether they are bridged.
SHUTTER_INPUTS = {
    "inputChannel1": "binary_sensor.terrace_shutter_wired_input_channel_1",
    "inputChannel2": "binary_sensor.terrace_shutter_wired_input_channel_2",
    "inputBridged": "binary_sensor.terrace_shutter_wired_input_channels_bridged",
}
# The entity ids of each product's wired inputs, by the input's identifier.
INPUTS = {
    ESR62PF_IP.model: {"input": RELAY_INPUT},
    ESR62NP_IP.model: {"input": RELAY_INPUT},
    EUD62NPN_IP.model: {"input": "binary_sensor.living_room_wired_input"},
    ESB62NP_IP.model: SHUTTER_INPUTS,
}
every_product = pytest.mark.parametrize("product", PRODUCTS, ids=str)


def _inputs(
    entity_registry: er.EntityRegistry, entry: MockConfigEntry
) -> dict[str, str]:
    return {
        entity.unique_id: entity.entity_id
        for entity in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
        if entity.domain == "binary_sensor"
    }


@every_product
async def test_each_wired_input_is_a_binary_sensor_disabled_by_default(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
    product: Product,
) -> None:
    """Every input of the wired input gets one, named after the actuator."""
    inputs = _inputs(entity_registry, init_integration)
    assert inputs == {
        f"{product.input_guid}_{key}": entity_id
        for key, entity_id in INPUTS[product.model].items()
    }
    for entity_id in inputs.values():
        entry = entity_registry.async_get(entity_id)
        assert entry is not None
        assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
        assert hass.states.get(entity_id) is None


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize(
    ("product", "closed", "expected"),
    [
        pytest.param(ESR62PF_IP, "input", {RELAY_INPUT: STATE_ON}, id="one input"),
        pytest.param(
            ESB62NP_IP,
            "inputChannel2",
            {
                SHUTTER_INPUTS["inputChannel1"]: STATE_OFF,
                SHUTTER_INPUTS["inputChannel2"]: STATE_ON,
                SHUTTER_INPUTS["inputBridged"]: STATE_OFF,
            },
            id="two channels",
        ),
    ],
)
async def test_input_is_on_while_its_contact_is_closed(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    product: Product,
    closed: str,
    expected: dict[str, str],
) -> None:
    """Each input follows what the device reports: closed is on, opened is off."""
    for entity_id in expected:
        state = hass.states.get(entity_id)
        assert state is not None
        assert state.state == STATE_OFF

    device.set_function(product.input_guid, closed, "closed")
    await poll(hass, freezer)
    states = {
        entity_id: state.state
        for entity_id in expected
        if (state := hass.states.get(entity_id)) is not None
    }
    assert states == expected


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
@pytest.mark.parametrize("product", [ESR62PF_IP, ESB62NP_IP], ids=str)
async def test_binary_sensor_entities_match_snapshot(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Every binary sensor entity's registry entry and state match the snapshot."""
    await setup_platform(hass, mock_config_entry, Platform.BINARY_SENSOR)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)
