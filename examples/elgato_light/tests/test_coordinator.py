"""Tests for polling: one read per interval, and the devices the data describes.

Availability and logging while the device fails are tested in test_faults.py.
"""

from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.elgato_light.const import DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr

from .conftest import poll
from .fake_device import DATA_PATH, FakeDevice


async def test_poll_reads_the_device(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """Every interval the coordinator reads the device once, for all entities."""
    before = device.requests_to(DATA_PATH)
    await poll(hass, freezer)
    assert device.requests_to(DATA_PATH) == before + 1


async def test_devices_the_data_no_longer_describes_are_removed(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A device of the entry that the data no longer describes is removed."""
    entry_id = init_integration.entry_id
    current = dr.async_entries_for_config_entry(device_registry, entry_id)
    device_registry.async_get_or_create(
        config_entry_id=entry_id, identifiers={(DOMAIN, "gone")}
    )
    await poll(hass, freezer)
    assert dr.async_entries_for_config_entry(device_registry, entry_id) == current
