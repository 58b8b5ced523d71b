"""Tests for polling: the device, its entities' availability, and what is logged."""

from __future__ import annotations

import logging

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.eltako_62ip.const import DOMAIN
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er

from .conftest import poll
from .fake_device import DATA_PATH, FakeDevice


def _states(hass: HomeAssistant, entry: MockConfigEntry) -> list[str]:
    """Return the states of the entry's enabled entities."""
    registry = er.async_get(hass)
    entities = er.async_entries_for_config_entry(registry, entry.entry_id)
    states = [hass.states.get(entity.entity_id) for entity in entities]
    return [state.state for state in states if state is not None]


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


async def test_entities_unavailable_while_device_fails(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Entities become unavailable while the device fails and recover afterwards.

    The log says so once when the device is lost and once when it is back, however
    many polls fail in between.
    """
    assert _states(hass, init_integration)
    assert STATE_UNAVAILABLE not in _states(hass, init_integration)

    device.status = 500
    for _ in range(3):
        await poll(hass, freezer)
    assert set(_states(hass, init_integration)) == {STATE_UNAVAILABLE}

    device.status = None
    await poll(hass, freezer)
    assert STATE_UNAVAILABLE not in _states(hass, init_integration)

    ours = [r for r in caplog.records if r.name.startswith("custom_components.")]
    lost = [r for r in ours if r.levelno >= logging.WARNING]
    back = [r for r in ours if "recovered" in r.getMessage()]
    assert len(lost) == 1
    assert "Could not read the device" in lost[0].getMessage()
    assert len(back) == 1


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
