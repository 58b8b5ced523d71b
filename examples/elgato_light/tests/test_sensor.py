"""Tests for the Elgato Light sensors."""

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from homeassistant.const import Platform, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from .conftest import poll, setup_platform
from .fake_device import SERIAL_NUMBER, FakeDevice

TEMPERATURE = "sensor.model_x_temperature"
SIGNAL_STRENGTH = "sensor.model_x_signal_strength"


async def test_sensors_show_the_device_state(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """The temperature is shown; the diagnostic signal sensor starts disabled."""
    state = hass.states.get(TEMPERATURE)
    assert state is not None
    assert state.state == "21.5"
    assert state.attributes["unit_of_measurement"] == UnitOfTemperature.CELSIUS
    assert state.attributes["device_class"] == "temperature"
    entry = entity_registry.async_get(TEMPERATURE)
    assert entry is not None
    assert entry.unique_id == f"{SERIAL_NUMBER}_temperature"

    assert hass.states.get(SIGNAL_STRENGTH) is None
    signal = entity_registry.async_get(SIGNAL_STRENGTH)
    assert signal is not None
    assert signal.disabled_by is er.RegistryEntryDisabler.INTEGRATION


async def test_enabled_signal_strength_sensor(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """Once enabled, the signal strength sensor reports the device's value."""
    entity_registry.async_update_entity(SIGNAL_STRENGTH, disabled_by=None)
    await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    state = hass.states.get(SIGNAL_STRENGTH)
    assert state is not None
    assert state.state == "-61"


async def test_sensor_follows_the_device(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A change on the device shows after one poll."""
    device.data["temperature"] = 23.25
    await poll(hass, freezer)
    state = hass.states.get(TEMPERATURE)
    assert state is not None
    assert state.state == "23.25"


async def test_value_the_device_lacks_creates_no_sensor(
    hass: HomeAssistant, device: FakeDevice, mock_config_entry: MockConfigEntry
) -> None:
    """A device that reports no temperature gets no temperature sensor."""
    del device.data["temperature"]
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(TEMPERATURE) is None


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_sensor_entities_match_snapshot(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Every sensor entity's registry entry and state match the snapshot."""
    await setup_platform(hass, mock_config_entry, Platform.SENSOR)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)
