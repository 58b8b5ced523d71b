"""Tests for polling: one read per interval, a read after each command, stale devices.

Availability and logging while the device fails are tested in test_faults.py.
"""

from collections.abc import Awaitable, Callable

from eltako62ip.models import DeviceData, DeviceDetails
from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.eltako_62ip.const import (
    DOMAIN,
    STALE_DEVICE_AFTER,
    STALE_DEVICE_READS,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component

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


async def read(entry: MockConfigEntry) -> None:
    """Read the device's state in full once, as a poll does, without time passing."""
    await entry.runtime_data.async_refresh()


async def test_device_missing_from_one_read_is_kept(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A device the data stops describing stays until it has long been missing.

    It must be missing from STALE_DEVICE_READS reads in a row over STALE_DEVICE_AFTER:
    many quick reads are not enough, nor is a long time with fewer reads.
    """
    entry_id = init_integration.entry_id
    current = dr.async_entries_for_config_entry(device_registry, entry_id)
    gone = device_registry.async_get_or_create(
        config_entry_id=entry_id, identifiers={(DOMAIN, "gone")}
    )
    for _ in range(STALE_DEVICE_READS + 2):
        await read(init_integration)
    assert device_registry.async_get(gone.id) is not None, "quick reads are not enough"
    freezer.tick(STALE_DEVICE_AFTER)
    await read(init_integration)
    assert device_registry.async_get(gone.id) is None
    assert dr.async_entries_for_config_entry(device_registry, entry_id) == current


async def test_device_missing_for_long_with_few_reads_is_kept(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A long time is not enough either: the reads in a row must be there too."""
    gone = device_registry.async_get_or_create(
        config_entry_id=init_integration.entry_id, identifiers={(DOMAIN, "gone")}
    )
    await read(init_integration)
    freezer.tick(STALE_DEVICE_AFTER * 4)
    for _ in range(STALE_DEVICE_READS - 2):
        await read(init_integration)
    assert device_registry.async_get(gone.id) is not None
    await read(init_integration)
    assert device_registry.async_get(gone.id) is None


async def test_device_described_again_starts_over(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A device that comes back before it counts as gone is kept, its count reset."""
    gone = device_registry.async_get_or_create(
        config_entry_id=init_integration.entry_id, identifiers={(DOMAIN, "flaky")}
    )
    for _ in range(STALE_DEVICE_READS - 1):
        await read(init_integration)
    # One read that describes it (as a hub that lists it again would).
    monkeypatch.setattr(DeviceData, "device_ids", _also_flaky)
    freezer.tick(STALE_DEVICE_AFTER)
    await read(init_integration)
    monkeypatch.undo()
    for _ in range(STALE_DEVICE_READS - 1):
        await read(init_integration)
    assert device_registry.async_get(gone.id) is not None
    await read(init_integration)
    assert device_registry.async_get(gone.id) is not None, "not yet long enough"
    freezer.tick(STALE_DEVICE_AFTER)
    await read(init_integration)
    assert device_registry.async_get(gone.id) is None


def _also_flaky(data: DeviceData, details: DeviceDetails) -> set[str]:
    """Return what the data describes, plus the device called "flaky"."""
    return {*_DEVICE_IDS(data, details), "flaky"}


_DEVICE_IDS = DeviceData.device_ids


async def test_user_removes_a_device_the_data_no_longer_describes(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    device_registry: dr.DeviceRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """A device that is gone can be removed by hand; one still reported cannot."""
    assert await async_setup_component(hass, "config", {})
    client = await hass_ws_client(hass)
    entry_id = init_integration.entry_id
    reported = dr.async_entries_for_config_entry(device_registry, entry_id)
    gone = device_registry.async_get_or_create(
        config_entry_id=entry_id, identifiers={(DOMAIN, "gone")}
    )
    await client.send_json_auto_id(
        {"type": "config/device_registry/remove", "device_id": reported[0].id}
    )
    refused = await client.receive_json()
    assert not refused["success"]
    assert device_registry.async_get(reported[0].id) is not None
    await client.send_json_auto_id(
        {"type": "config/device_registry/remove", "device_id": gone.id}
    )
    removed = await client.receive_json()
    assert removed["success"]
    assert device_registry.async_get(gone.id) is None


async def test_device_of_an_entry_not_loaded_can_be_removed(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    device_registry: dr.DeviceRegistry,
    init_integration: MockConfigEntry,
) -> None:
    """Without data to ask, removing is allowed: the next setup registers what is there."""
    assert await async_setup_component(hass, "config", {})
    client = await hass_ws_client(hass)
    reported = dr.async_entries_for_config_entry(
        device_registry, init_integration.entry_id
    )
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await client.send_json_auto_id(
        {"type": "config/device_registry/remove", "device_id": reported[0].id}
    )
    assert (await client.receive_json())["success"]
