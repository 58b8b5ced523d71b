"""Tests for the My Device device and the entities it gets."""

from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.my_device.const import DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er

from .fake_device import MODEL, SERIAL_NUMBER, FakeDevice


async def test_device_info(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    device: FakeDevice,
    init_integration: MockConfigEntry,
) -> None:
    """The device is registered with its identity from the health check."""
    device_entry = device_registry.async_get_device_by_identifier(
        (DOMAIN, SERIAL_NUMBER), init_integration.entry_id
    )
    assert device_entry is not None
    assert device_entry.name == MODEL
    assert device_entry.model == MODEL
    assert device_entry.serial_number == SERIAL_NUMBER
    assert device_entry.sw_version == "1.2.3"
    # The device's own web page, at the address Home Assistant reaches it by.
    assert device_entry.configuration_url == f"http://127.0.0.1:{device.port}"
    assert device_entry.entry_type is None


async def test_device_without_values_has_only_actions(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    device: FakeDevice,
    mock_config_entry: MockConfigEntry,
) -> None:
    """A device that reports none of the values gets no entity for them."""
    device.data = {}
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    entities = er.async_entries_for_config_entry(
        entity_registry, mock_config_entry.entry_id
    )
    assert {entity.domain for entity in entities} <= {"button", "update"}
