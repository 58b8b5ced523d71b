"""Tests for the power sensors."""

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from homeassistant.const import Platform, UnitOfPower
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from .conftest import poll, setup_platform
from .fake_device import RELAY_GUID, SHUTTER_GUID, FakeDevice

RELAY_POWER = "sensor.kitchen_light_power"
SHUTTER_POWER = "sensor.terrace_shutter_power"


async def test_power_sensors_show_the_measured_power(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """Each device that measures power gets a power sensor in W, which follows it."""
    relay = hass.states.get(RELAY_POWER)
    assert relay is not None
    assert relay.state == "42.5"
    assert relay.attributes["unit_of_measurement"] == UnitOfPower.WATT
    assert relay.attributes["device_class"] == "power"
    shutter = hass.states.get(SHUTTER_POWER)
    assert shutter is not None
    assert shutter.state == "0.0"
    entry = entity_registry.async_get(RELAY_POWER)
    assert entry is not None
    assert entry.unique_id == f"{RELAY_GUID}_powerChannel1"

    device.set_info(SHUTTER_GUID, "power", 87)
    await poll(hass, freezer)
    shutter = hass.states.get(SHUTTER_POWER)
    assert shutter is not None
    assert shutter.state == "87.0"


async def test_power_sensors_are_only_where_power_is_measured(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """The dimmer and the wired input measure no power, so they get no sensor."""
    sensors = [
        entry.entity_id
        for entry in er.async_entries_for_config_entry(
            entity_registry, init_integration.entry_id
        )
        if entry.domain == "sensor"
    ]
    assert sorted(sensors) == [RELAY_POWER, SHUTTER_POWER]


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
