"""Tests for the Elgato light's device entry and the entities each model gets."""

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.elgato_light.const import DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er

from .fake_device import MODEL, SERIAL_NUMBER, FakeDevice, setup_light


async def test_device_info(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """The light is registered as the light reports itself, with its MAC address."""
    device_entry = device_registry.async_get_device_by_identifier(
        (DOMAIN, SERIAL_NUMBER), init_integration.entry_id
    )
    assert device_entry is not None
    assert device_entry.name == "Elgato Key Light Mini"
    assert device_entry.manufacturer == "Elgato"
    assert device_entry.model == MODEL
    assert device_entry.serial_number == SERIAL_NUMBER
    assert device_entry.sw_version == "1.0.4 (229)"
    assert device_entry.hw_version == "202"
    assert device_entry.connections == {
        (dr.CONNECTION_NETWORK_MAC, "3c:6a:9d:14:d0:19")
    }
    assert device_entry.configuration_url is None


async def test_light_without_name_or_mac(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry, device: FakeDevice
) -> None:
    """The Key Light Air has an empty name and no MAC: the product names it."""
    device.use_model("key_light_air")
    entry = await setup_light(hass, device)
    (device_entry,) = dr.async_entries_for_config_entry(device_registry, entry.entry_id)
    assert device_entry.name == "Elgato Key Light Air"
    assert device_entry.connections == set()


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        (
            "key_light",
            {
                "button": 2,
                "light": 1,
                "number": 2,
                "select": 1,
                "sensor": 2,
                "update": 1,
            },
        ),
        (
            "key_light_air",
            {"button": 2, "light": 1, "number": 2, "select": 1, "update": 1},
        ),
        (
            "key_light_mini",
            {
                "button": 2,
                "light": 1,
                "number": 2,
                "select": 1,
                "sensor": 7,
                "switch": 2,
                "update": 1,
            },
        ),
        (
            "light_strip",
            {"button": 2, "light": 1, "number": 2, "select": 1, "update": 1},
        ),
    ],
)
async def test_entities_of_each_model(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    device: FakeDevice,
    model: str,
    expected: dict[str, int],
) -> None:
    """Battery entities on the Mini only, Wi-Fi ones where it reports Wi-Fi; firmware."""
    device.use_model(model)
    entry = await setup_light(hass, device)
    entities = er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    domains: dict[str, int] = {}
    for entity in entities:
        domains[entity.domain] = domains.get(entity.domain, 0) + 1
    assert domains == expected
