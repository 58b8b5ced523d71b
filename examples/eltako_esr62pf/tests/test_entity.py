"""Tests for the HA devices and entities that a Series 62-IP device gets.

The device is one actuator with its wired input built in, and the devices the user
adds to it in the Eltako app, such as a wired push-button.
"""

import copy

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
    ESB62NP_IP,
    ESR62NP_IP,
    ESR62PF_IP,
    EUD62NPN_IP,
    FIRMWARE,
    INPUT_GUID,
    MODEL,
    PRODUCTS,
    RELAY_GUID,
    SERIAL_NUMBER,
    TWO_INPUTS,
    WIRED_INPUT_NAME,
    FakeDevice,
    Product,
    wired_pushbutton,
)

# A W2T55E wired push-button the user adds in the Eltako app.
PUSHBUTTON_GUID = "9b1c7e24-6a5d-4e38-8f02-3c4d5e6f7a81"
PUSHBUTTON = wired_pushbutton(PUSHBUTTON_GUID, "Hall push-button")
PUSHBUTTON_CHANNEL = "binary_sensor.hall_push_button_channel_1"
every_product = pytest.mark.parametrize("product", PRODUCTS, ids=str)


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
    wired_input = device_registry.async_get_device_by_identifier(
        (DOMAIN, INPUT_GUID), init_integration.entry_id
    )
    assert wired_input is not None
    # The device calls it ELTAKO-WiredInput, as every device calls its own.
    assert wired_input.name == "Kitchen light wired input"
    assert wired_input.manufacturer == "Eltako"
    # Another product than the one GET /system describes: none of its identity.
    assert (
        wired_input.model,
        wired_input.serial_number,
        wired_input.sw_version,
    ) == (None,) * 3


@every_product
async def test_wired_input_is_connected_through_the_physical_device(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    init_integration: MockConfigEntry,
    product: Product,
) -> None:
    """The actuator's wired input reaches HA through it, and is named after it."""
    actuator = device_registry.async_get_device_by_identifier(
        (DOMAIN, product.actuator_guid), init_integration.entry_id
    )
    wired_input = device_registry.async_get_device_by_identifier(
        (DOMAIN, product.input_guid), init_integration.entry_id
    )
    assert actuator is not None
    assert wired_input is not None
    assert actuator.model == product.model
    assert wired_input.via_device_id == actuator.id
    assert wired_input.name == f"{actuator.name} wired input"


async def test_renamed_wired_input_keeps_the_name_the_user_gave_it(
    hass: HomeAssistant,
    device: FakeDevice,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    mock_config_entry: MockConfigEntry,
) -> None:
    """A wired input named in the Eltako app is shown by that name."""
    device.device(INPUT_GUID)["displayName"] = "Hall switch"
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    wired_input = device_registry.async_get_device_by_identifier(
        (DOMAIN, INPUT_GUID), mock_config_entry.entry_id
    )
    assert wired_input is not None
    assert wired_input.name == "Hall switch"
    assert wired_input.via_device_id is not None
    assert (
        entity_registry.async_get_entity_id(
            "binary_sensor", DOMAIN, f"{INPUT_GUID}_input"
        )
        == "binary_sensor.hall_switch"
    )


async def test_without_the_physical_device_listed_no_device_claims_its_identity(
    hass: HomeAssistant,
    device: FakeDevice,
    device_registry: dr.DeviceRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """If GET /devices lists nothing of the product GET /system names, none is it.

    No device gets the serial number or firmware, none is connected through another,
    and the wired input has no actuator to be named after.
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
    assert {d.name for d in devices} == {"Kitchen light", WIRED_INPUT_NAME}


@every_product
async def test_wired_input_gets_no_actuator_entity(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
    product: Product,
) -> None:
    """The wired-input sub-devices have no actuator function: only binary sensors."""
    domains = {
        entity.domain
        for entity in er.async_entries_for_config_entry(
            entity_registry, init_integration.entry_id
        )
        if entity.unique_id.startswith(product.input_guid)
    }
    assert domains == {"binary_sensor"}


@pytest.mark.parametrize(
    ("product", "actuator_keys", "input_keys"),
    [
        pytest.param(product, actuator_keys, input_keys, id=str(product))
        for product, actuator_keys, input_keys in (
            (ESR62PF_IP, {"relay"}, {"input"}),
            (ESR62NP_IP, {"relay", "powerChannel1"}, {"input"}),
            (EUD62NPN_IP, {"targetBrightness"}, {"input"}),
            (ESB62NP_IP, {"targetPosition"}, set(TWO_INPUTS)),
        )
    ],
)
async def test_unique_ids_are_device_guid_and_key(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
    product: Product,
    actuator_keys: set[str],
    input_keys: set[str],
) -> None:
    """Unique ids survive renames and IP changes: device GUID plus characteristic."""
    unique_ids = {
        entity.unique_id
        for entity in er.async_entries_for_config_entry(
            entity_registry, init_integration.entry_id
        )
    }
    assert unique_ids == {
        *(f"{product.actuator_guid}_{key}" for key in actuator_keys),
        *(f"{product.input_guid}_{key}" for key in input_keys),
    }


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_device_added_later_appears_without_reload(
    hass: HomeAssistant,
    device: FakeDevice,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A device that shows up in GET /devices gets its entities at the next poll.

    The user adds a wired push-button in the Eltako app: it is connected through the
    physical device, and named as the user named it.
    """
    before = _entity_ids(entity_registry, init_integration)
    device.devices.append(copy.deepcopy(PUSHBUTTON))
    await poll(hass, freezer)
    assert _entity_ids(entity_registry, init_integration) == before | {
        PUSHBUTTON_CHANNEL,
        "binary_sensor.hall_push_button_channel_2",
        "binary_sensor.hall_push_button_channels_bridged",
    }
    state = hass.states.get(PUSHBUTTON_CHANNEL)
    assert state is not None
    assert state.state == "off"
    relay = device_registry.async_get_device_by_identifier(
        (DOMAIN, RELAY_GUID), init_integration.entry_id
    )
    pushbutton = device_registry.async_get_device_by_identifier(
        (DOMAIN, PUSHBUTTON_GUID), init_integration.entry_id
    )
    assert relay is not None
    assert pushbutton is not None
    assert pushbutton.name == "Hall push-button"
    assert pushbutton.via_device_id == relay.id


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
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

    The user removes a push-button in the Eltako app. Missing from one poll it stays,
    unavailable; back in time, it keeps its entities (none added twice); gone for
    good, it is removed; it can return after that too.
    """
    device.devices.append(copy.deepcopy(PUSHBUTTON))
    await poll(hass, freezer)
    removed = device.device(PUSHBUTTON_GUID)
    device.devices.remove(removed)
    await poll(hass, freezer)
    state = hass.states.get(PUSHBUTTON_CHANNEL)
    assert state is not None
    assert state.state == STATE_UNAVAILABLE

    device.devices.append(removed)
    await poll(hass, freezer)
    state = hass.states.get(PUSHBUTTON_CHANNEL)
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
            (DOMAIN, PUSHBUTTON_GUID), init_integration.entry_id
        )
        is None
    )
    assert entity_registry.async_get(PUSHBUTTON_CHANNEL) is None
    assert hass.states.get(PUSHBUTTON_CHANNEL) is None

    device.devices.append(copy.deepcopy(PUSHBUTTON))
    await poll(hass, freezer)
    state = hass.states.get(PUSHBUTTON_CHANNEL)
    assert state is not None
    assert state.state == "off"


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_entities_of_a_device_missing_from_one_poll_are_unavailable(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """Between a device vanishing and its cleanup, its entities are unavailable."""
    device.devices.append(copy.deepcopy(PUSHBUTTON))
    await poll(hass, freezer)
    coordinator = init_integration.runtime_data
    device.devices.remove(device.device(PUSHBUTTON_GUID))
    # Data without the device, handed over before the coordinator's cleanup runs.
    coordinator.async_set_updated_data(await coordinator.client.async_get_data())
    state = hass.states.get(PUSHBUTTON_CHANNEL)
    assert state is not None
    assert state.state == STATE_UNAVAILABLE
