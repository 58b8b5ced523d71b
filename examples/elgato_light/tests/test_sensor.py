"""Tests for the battery and Wi-Fi sensors."""

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from .conftest import poll, setup_platform
from .fake_device import FakeDevice

BATTERY = "sensor.elgato_key_light_mini_battery"


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_battery_and_wifi_of_the_mini(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The Mini reports its battery, charging and Wi-Fi, in Home Assistant's units."""
    expected = {
        BATTERY: "78.57",
        "sensor.elgato_key_light_mini_battery_voltage": "3.86",
        "sensor.elgato_key_light_mini_charging_voltage": "4.208",
        "sensor.elgato_key_light_mini_charging_current": "3.008",
        "sensor.elgato_key_light_mini_charging_power": "12.66",
        "sensor.elgato_key_light_mini_wi_fi_rssi": "-41",
        "sensor.elgato_key_light_mini_wi_fi_signal_strength": "100",
    }
    for entity_id, value in expected.items():
        state = hass.states.get(entity_id)
        assert state is not None, entity_id
        assert state.state == value, entity_id


async def test_battery_follows_the_light(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """Each poll reads the battery again."""
    assert device.battery is not None
    device.battery["level"] = 11.4
    await poll(hass, freezer)
    state = hass.states.get(BATTERY)
    assert state is not None
    assert state.state == "11.4"


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
