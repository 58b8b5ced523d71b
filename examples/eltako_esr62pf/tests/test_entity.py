"""Tests for the HA devices and entities that the Series 62-IP devices get."""

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.eltako_62ip.const import (
    DOMAIN,
    STALE_DEVICE_AFTER,
    STALE_DEVICE_READS,
)
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er

from .conftest import poll
from .fake_device import (
    DIMMER_GUID,
    FIRMWARE,
    INPUT_GUID,
    MODEL,
    RELAY_GUID,
    SERIAL_NUMBER,
    SHUTTER_GUID,
    SHUTTER_INPUT_GUID,
    FakeDevice,
    dimmer_device,
    input_device,
    relay_device,
)

NEW_RELAY_GUID = "5d3e8a71-4c2b-4f09-9e6a-0b7c1d2e3f48"
NEW_INPUT_GUID = "9b1c7e24-6a5d-4e38-8f02-3c4d5e6f7a81"


def _entity_ids(registry: er.EntityRegistry, entry: MockConfigEntry) -> set[str]:
    entries = er.async_entries_for_config_entry(registry, entry.entry_id)
    return {entity.entity_id for entity in entries}


async def test_each_device_is_one_ha_device(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """Every listed device is an HA device; GET /system identifies the physical one."""
    devices = dr.async_entries_for_config_entry(
        device_registry, init_integration.entry_id
    )
    assert {identifier for d in devices for identifier in d.identifiers} == {
        (DOMAIN, RELAY_GUID),
        (DOMAIN, INPUT_GUID),
        (DOMAIN, DIMMER_GUID),
        (DOMAIN, SHUTTER_GUID),
        (DOMAIN, SHUTTER_INPUT_GUID),
    }
    relay = device_registry.async_get_device_by_identifier(
        (DOMAIN, RELAY_GUID), init_integration.entry_id
    )
    assert relay is not None
    assert relay.name == "Kitchen light"
    assert relay.manufacturer == "Eltako"
    assert relay.model == MODEL
    assert relay.serial_number == SERIAL_NUMBER
    assert relay.sw_version == FIRMWARE
    assert relay.via_device_id is None
    dimmer = device_registry.async_get_device_by_identifier(
        (DOMAIN, DIMMER_GUID), init_integration.entry_id
    )
    assert dimmer is not None
    assert dimmer.name == "Living room"
    assert dimmer.manufacturer == "Eltako"
    # Another product than the one GET /system describes: none of its identity.
    assert (dimmer.model, dimmer.serial_number, dimmer.sw_version) == (None,) * 3


@pytest.mark.parametrize(
    "sub_device", [INPUT_GUID, DIMMER_GUID, SHUTTER_GUID, SHUTTER_INPUT_GUID]
)
async def test_sub_devices_are_connected_through_the_physical_device(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    init_integration: MockConfigEntry,
    sub_device: str,
) -> None:
    """What the physical device lists beside itself reaches HA through it."""
    relay = device_registry.async_get_device_by_identifier(
        (DOMAIN, RELAY_GUID), init_integration.entry_id
    )
    sub = device_registry.async_get_device_by_identifier(
        (DOMAIN, sub_device), init_integration.entry_id
    )
    assert relay is not None
    assert sub is not None
    assert sub.via_device_id == relay.id


async def test_without_the_physical_device_listed_no_device_claims_its_identity(
    hass: HomeAssistant,
    device: FakeDevice,
    device_registry: dr.DeviceRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """If GET /devices lists nothing of the product GET /system names, none is it.

    No device gets the serial number or firmware, and none is connected through
    another.
    """
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    for registered in dr.async_entries_for_config_entry(
        device_registry, init_integration.entry_id
    ):
        device_registry.async_remove_device(registered.id)
    device.system["product"]["productGuid"] = "another-product"
    await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()

    devices = dr.async_entries_for_config_entry(
        device_registry, init_integration.entry_id
    )
    assert len(devices) == len(device.devices)
    assert {(d.serial_number, d.sw_version, d.via_device_id) for d in devices} == {
        (None, None, None)
    }


async def test_wired_input_gets_no_actuator_entity(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """The wired-input sub-devices have no actuator function: only binary sensors."""
    domains = {
        entity.domain
        for entity in er.async_entries_for_config_entry(
            entity_registry, init_integration.entry_id
        )
        if entity.unique_id.startswith((INPUT_GUID, SHUTTER_INPUT_GUID))
    }
    assert domains == {"binary_sensor"}


async def test_unique_ids_are_device_guid_and_key(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """Unique ids survive renames and IP changes: device GUID plus characteristic."""
    unique_ids = {
        entity.unique_id
        for entity in er.async_entries_for_config_entry(
            entity_registry, init_integration.entry_id
        )
    }
    assert unique_ids == {
        f"{RELAY_GUID}_relay",
        f"{RELAY_GUID}_powerChannel1",
        f"{DIMMER_GUID}_targetBrightness",
        f"{SHUTTER_GUID}_targetPosition",
        f"{INPUT_GUID}_input",
        f"{SHUTTER_INPUT_GUID}_inputChannel1",
        f"{SHUTTER_INPUT_GUID}_inputChannel2",
        f"{SHUTTER_INPUT_GUID}_inputBridged",
    }


async def test_device_added_later_appears_without_reload(
    hass: HomeAssistant,
    device: FakeDevice,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A device that shows up in GET /devices gets its entities at the next poll."""
    before = _entity_ids(entity_registry, init_integration)
    device.devices += [
        relay_device(NEW_RELAY_GUID, "Garden pump"),
        input_device(NEW_INPUT_GUID),
    ]
    await poll(hass, freezer)
    # The relay's switch, and its wired input (named as the other inputs).
    assert _entity_ids(entity_registry, init_integration) == before | {
        "switch.garden_pump",
        "binary_sensor.eltako_wiredinput_input_3",
    }
    state = hass.states.get("switch.garden_pump")
    assert state is not None
    assert state.state == "off"
    assert device_registry.async_get_device_by_identifier(
        (DOMAIN, NEW_RELAY_GUID), init_integration.entry_id
    )


async def test_device_removed_is_cleaned_up_and_may_return(
    hass: HomeAssistant,
    device: FakeDevice,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A device gone from GET /devices for long loses its HA device and entities.

    Missing from one poll it stays, unavailable; back in time, it keeps its entities
    (none added twice); gone for good, it is removed; it can return after that too.
    """
    removed = device.device(DIMMER_GUID)
    device.devices.remove(removed)
    await poll(hass, freezer)
    state = hass.states.get("light.living_room")
    assert state is not None
    assert state.state == STATE_UNAVAILABLE

    device.devices.append(removed)
    await poll(hass, freezer)
    state = hass.states.get("light.living_room")
    assert state is not None
    assert state.state != STATE_UNAVAILABLE
    assert "does not generate unique IDs" not in caplog.text

    device.devices.remove(removed)
    for _ in range(STALE_DEVICE_READS):
        await poll(hass, freezer)
    freezer.tick(STALE_DEVICE_AFTER)
    await poll(hass, freezer)
    assert (
        device_registry.async_get_device_by_identifier(
            (DOMAIN, DIMMER_GUID), init_integration.entry_id
        )
        is None
    )
    assert entity_registry.async_get("light.living_room") is None
    assert hass.states.get("light.living_room") is None

    device.devices.append(dimmer_device(DIMMER_GUID, "Living room", brightness=0))
    await poll(hass, freezer)
    state = hass.states.get("light.living_room")
    assert state is not None
    assert state.state == "off"


async def test_entities_of_a_device_missing_from_one_poll_are_unavailable(
    hass: HomeAssistant,
    device: FakeDevice,
    init_integration: MockConfigEntry,
) -> None:
    """Between a device vanishing and its cleanup, its entities are unavailable."""
    coordinator = init_integration.runtime_data
    device.devices.remove(device.device(SHUTTER_GUID))
    # Data without the device, handed over before the coordinator's cleanup runs.
    coordinator.async_set_updated_data(await coordinator.client.async_get_data())
    state = hass.states.get("cover.terrace_shutter")
    assert state is not None
    assert state.state == STATE_UNAVAILABLE
