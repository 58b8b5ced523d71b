"""Tests for the Elgato Light numbers."""

import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from homeassistant.components.number import (
    ATTR_VALUE,
    DOMAIN as NUMBER_DOMAIN,
    SERVICE_SET_VALUE,
)
from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er

from .conftest import setup_platform
from .fake_device import FakeDevice

TARGET = "number.model_x_target_temperature"


async def test_number_commands_the_device(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """The number shows the device's value and sets a new one there."""
    state = hass.states.get(TARGET)
    assert state is not None
    assert state.state == "21.0"

    await hass.services.async_call(
        NUMBER_DOMAIN,
        SERVICE_SET_VALUE,
        {ATTR_ENTITY_ID: TARGET, ATTR_VALUE: 23.5},
        blocking=True,
    )
    assert device.data["target_temperature"] == 23.5
    state = hass.states.get(TARGET)
    assert state is not None
    assert state.state == "23.5"


async def test_number_out_of_range_is_refused(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """A value outside the device's range never reaches it."""
    with pytest.raises(ServiceValidationError):
        await hass.services.async_call(
            NUMBER_DOMAIN,
            SERVICE_SET_VALUE,
            {ATTR_ENTITY_ID: TARGET, ATTR_VALUE: 99},
            blocking=True,
        )
    assert device.data["target_temperature"] == 21.0


async def test_number_command_failure_is_reported(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """A command the device fails raises a translated error."""
    device.status = 500
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            NUMBER_DOMAIN,
            SERVICE_SET_VALUE,
            {ATTR_ENTITY_ID: TARGET, ATTR_VALUE: 20},
            blocking=True,
        )
    assert err.value.translation_key == "command_failed"


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_number_entities_match_snapshot(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Every number entity's registry entry and state match the snapshot."""
    await setup_platform(hass, mock_config_entry, Platform.NUMBER)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)
