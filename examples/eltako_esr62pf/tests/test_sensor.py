"""Tests for the power sensors, in the units the device's product database states.

They run against a fake ESR62NP-IP, the relay that measures power, unless a test
names another product.
"""

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import Platform, UnitOfPower
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from .conftest import poll, setup_platform
from .fake_device import (
    DATA_PATH,
    ESB62NP_IP,
    ESR62NP_IP,
    ESR62PF_IP,
    EUD62NPN_IP,
    PRODUCTS_PATH,
    RELAY_GUID,
    RELAY_NP_PRODUCT,
    SHUTTER_GUID,
    SHUTTER_PRODUCT,
    FakeDevice,
    Product,
)

RELAY_POWER = "sensor.kitchen_light_power"
SHUTTER_POWER = "sensor.terrace_shutter_power"


@pytest.fixture
def product() -> Product:
    """Return the product of the fake device: the ESR62NP-IP relay, which measures power."""
    return ESR62NP_IP


def _state_unit(
    device: FakeDevice, product_guid: str, identifier: str, unit: str
) -> None:
    """Make the fake device's product database state a unit for a characteristic."""
    for product in device.products["products"]:
        if product["productGuid"] != product_guid:
            continue
        for feature in product["features"]:
            for characteristic in feature["characteristics"]:
                if characteristic["identifier"] == identifier:
                    characteristic["unit"] = unit


def _sensors(entity_registry: er.EntityRegistry, entry: MockConfigEntry) -> list[str]:
    return sorted(
        entity.entity_id
        for entity in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
        if entity.domain == "sensor"
    )


async def test_power_sensor_shows_the_measured_power(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """The relay's power is stated in W by GET /products: a sensor in W follows it."""
    relay = hass.states.get(RELAY_POWER)
    assert relay is not None
    assert relay.state == "42.5"
    assert relay.attributes["unit_of_measurement"] == UnitOfPower.WATT
    assert relay.attributes["device_class"] == "power"
    entry = entity_registry.async_get(RELAY_POWER)
    assert entry is not None
    assert entry.unique_id == f"{RELAY_GUID}_powerChannel1"

    device.set_info(RELAY_GUID, "powerChannel1", 87)
    await poll(hass, freezer)
    relay = hass.states.get(RELAY_POWER)
    assert relay is not None
    assert relay.state == "87.0"


@pytest.mark.parametrize(
    ("product", "sensors"),
    [
        pytest.param(product, sensors, id=str(product))
        for product, sensors in (
            (ESR62NP_IP, [RELAY_POWER]),
            (ESB62NP_IP, []),
            (ESR62PF_IP, []),
            (EUD62NPN_IP, []),
        )
    ],
)
async def test_only_power_with_a_stated_unit_gets_a_sensor(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
    sensors: list[str],
) -> None:
    """Only the ESR62NP-IP's power has a stated unit (W), and only it gets a sensor.

    The shutter actuator reports a power whose unit nothing states: no sensor guesses
    one. The ESR62PF-IP relay, the dimmer and the wired inputs measure no power.
    """
    assert _sensors(entity_registry, init_integration) == sensors


@pytest.mark.parametrize("product", [ESB62NP_IP], ids=str)
@pytest.mark.parametrize(
    ("unit", "expected"),
    [("W", UnitOfPower.WATT), ("kW", UnitOfPower.KILO_WATT)],
)
async def test_power_is_shown_in_the_unit_the_device_states(
    hass: HomeAssistant,
    device: FakeDevice,
    mock_config_entry: MockConfigEntry,
    unit: str,
    expected: UnitOfPower,
) -> None:
    """A firmware whose product database gives the shutter's power a unit gets it."""
    _state_unit(device, SHUTTER_PRODUCT, "power", unit)
    device.set_info(SHUTTER_GUID, "power", 1.5)
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    shutter = hass.states.get(SHUTTER_POWER)
    assert shutter is not None
    assert shutter.state == "1.5"
    assert shutter.attributes["unit_of_measurement"] == expected


async def test_a_unit_that_is_not_one_of_power_gets_no_sensor(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    device: FakeDevice,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Power stated in a unit the integration does not know as power: no sensor."""
    _state_unit(device, RELAY_NP_PRODUCT, "powerChannel1", "VA")
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert _sensors(entity_registry, mock_config_entry) == []


async def test_product_database_is_read_once_not_with_every_poll(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """GET /products describes the firmware: one read per setup; each poll reads data."""
    assert device.requests_to(PRODUCTS_PATH) == 1
    polls = device.requests_to(DATA_PATH)
    for _ in range(3):
        await poll(hass, freezer)
    assert device.requests_to(DATA_PATH) == polls + 3
    assert device.requests_to(PRODUCTS_PATH) == 1


async def test_unreadable_product_database_retries_the_setup(
    hass: HomeAssistant,
    device: FakeDevice,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Without the units no sensor could be made right: the setup is tried again."""
    device.raw_bodies[PRODUCTS_PATH] = b'{"products": "none"}'
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
    assert device.requests_to(DATA_PATH) == 0

    device.heal()
    await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert hass.states.get(RELAY_POWER) is not None


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
