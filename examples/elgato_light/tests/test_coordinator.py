"""Tests for polling: one read per interval, a read after each command, stale devices.

Availability and logging while the device fails are tested in test_faults.py.
"""

from collections.abc import Awaitable, Callable

from freezegun.api import FrozenDateTimeFactory
import pytest
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


async def test_each_command_is_read_back_at_once(
    hass: HomeAssistant,
    device: FakeDevice,
    init_integration: MockConfigEntry,
    send_command: Callable[[], Awaitable[object]] | None,
) -> None:
    """Right after each command the device is read again, however quick they come.

    No time passes: a debounced refresh would skip the reads of commands that follow
    one another closely, and the entities would show the old state for seconds.
    """
    if send_command is None:
        pytest.skip("the device takes no command (tests/fixtures.py: send_command)")
    before = device.requests_to(DATA_PATH)
    for sent in range(1, 4):
        await send_command()
        assert device.requests_to(DATA_PATH) == before + sent


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
