"""Tests for the Elgato Light switches."""

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
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er

from .conftest import poll, setup_platform
from .fake_device import FakeDevice

POWER = "switch.model_x_power"


async def test_switch_shows_the_device_state(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """The switch shows the state read from the device, also when changed there."""
    state = hass.states.get(POWER)
    assert state is not None
    assert state.state == STATE_OFF
    assert state.attributes["device_class"] == "switch"

    device.data["power"] = True
    await poll(hass, freezer)
    state = hass.states.get(POWER)
    assert state is not None
    assert state.state == STATE_ON


@pytest.mark.parametrize(
    ("service", "value"), [(SERVICE_TURN_ON, True), (SERVICE_TURN_OFF, False)]
)
async def test_switch_commands_the_device(
    hass: HomeAssistant,
    device: FakeDevice,
    init_integration: MockConfigEntry,
    service: str,
    value: bool,
) -> None:
    """Turning the switch sets the device; the state shown is read back from it."""
    device.data["power"] = not value
    await hass.services.async_call(
        SWITCH_DOMAIN, service, {ATTR_ENTITY_ID: POWER}, blocking=True
    )
    await hass.async_block_till_done()
    assert device.data["power"] is value
    state = hass.states.get(POWER)
    assert state is not None
    assert state.state == (STATE_ON if value else STATE_OFF)


async def test_switch_command_failure_is_reported(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """A command the device fails raises a translated error."""
    device.status = 500
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            SWITCH_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: POWER}, blocking=True
        )
    assert err.value.translation_key == "command_failed"
    assert device.data["power"] is False


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
