"""Tests for the relays, as switches."""

from freezegun.api import FrozenDateTimeFactory
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
    STATE_UNKNOWN,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er

from .conftest import poll, setup_platform
from .fake_device import RELAY_GUID, FakeDevice

RELAY = "switch.kitchen_light"


def _state(hass: HomeAssistant) -> str:
    state = hass.states.get(RELAY)
    assert state is not None
    return state.state


async def test_switch_reads_the_relay_state(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """The switch shows the relay as the device reports it, not as last commanded."""
    assert _state(hass) == STATE_OFF
    # Someone presses the button on the device.
    device.set_function(RELAY_GUID, "relay", "on")
    await poll(hass, freezer)
    assert _state(hass) == STATE_ON


async def test_unknown_relay_value_is_unknown(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A relay value other than on and off is shown as unknown, not guessed."""
    device.set_function(RELAY_GUID, "relay", "toggling")
    await poll(hass, freezer)
    assert _state(hass) == STATE_UNKNOWN


@pytest.mark.parametrize(
    ("service", "value", "expected"),
    [(SERVICE_TURN_ON, "on", STATE_ON), (SERVICE_TURN_OFF, "off", STATE_OFF)],
)
async def test_switch_sets_the_relay(
    hass: HomeAssistant,
    device: FakeDevice,
    init_integration: MockConfigEntry,
    service: str,
    value: str,
    expected: str,
) -> None:
    """Turning the switch writes the relay function, then reads the state back."""
    if service == SERVICE_TURN_OFF:
        device.set_function(RELAY_GUID, "relay", "on")
    await hass.services.async_call(
        SWITCH_DOMAIN, service, {ATTR_ENTITY_ID: RELAY}, blocking=True
    )
    assert device.writes == [
        (RELAY_GUID, {"type": "enumeration", "identifier": "relay", "value": value})
    ]
    assert device.function(RELAY_GUID, "relay") == value
    assert _state(hass) == expected


async def test_failed_command_raises_a_translated_error(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """A write the device refuses is a translated error, and the relay is unchanged."""
    device.status = 500
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            SWITCH_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: RELAY}, blocking=True
        )
    assert err.value.translation_key == "command_failed"
    assert device.function(RELAY_GUID, "relay") == "off"


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_switch_entities_match_snapshot(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Every switch entity's registry entry and state match the snapshot."""
    await setup_platform(hass, mock_config_entry, Platform.SWITCH)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)
