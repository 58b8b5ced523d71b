"""Tests for the shutter actuator, as a cover, against a fake ESB62NP-IP."""

from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from homeassistant.components.cover import (
    ATTR_CURRENT_POSITION,
    ATTR_POSITION,
    DOMAIN as COVER_DOMAIN,
    CoverEntityFeature,
    CoverState,
)
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_SUPPORTED_FEATURES,
    SERVICE_CLOSE_COVER,
    SERVICE_OPEN_COVER,
    SERVICE_SET_COVER_POSITION,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er

from .conftest import poll, setup_platform
from .fake_device import ESB62NP_IP, SHUTTER_GUID, FakeDevice, Product

SHUTTER = "cover.terrace_shutter"


@pytest.fixture
def product() -> Product:
    """Return the product of the fake device: the ESB62NP-IP shutter actuator."""
    return ESB62NP_IP


def _state(hass: HomeAssistant) -> tuple[str, Any]:
    state = hass.states.get(SHUTTER)
    assert state is not None
    return state.state, state.attributes.get(ATTR_CURRENT_POSITION)


async def test_cover_reads_the_position(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """The cover shows where the shutter is, and closed at position 0."""
    assert _state(hass) == (CoverState.OPEN, 30)
    state = hass.states.get(SHUTTER)
    assert state is not None
    # The API documents no stop command, so none is offered.
    assert not state.attributes[ATTR_SUPPORTED_FEATURES] & CoverEntityFeature.STOP
    device.set_function(SHUTTER_GUID, "targetPosition", 0)
    await poll(hass, freezer)
    assert _state(hass) == (CoverState.CLOSED, 0)


@pytest.mark.parametrize(
    ("target", "current", "expected"),
    [
        (90, 40, CoverState.OPENING),
        (10, 40, CoverState.CLOSING),
        (40, 40, CoverState.OPEN),
    ],
)
async def test_cover_reports_its_movement(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
    target: int,
    current: int,
    expected: CoverState,
) -> None:
    """While the shutter's position trails its target, it is opening or closing."""
    device.set_function(SHUTTER_GUID, "targetPosition", target)
    device.set_info(SHUTTER_GUID, "currentPosition", current)
    await poll(hass, freezer)
    assert _state(hass) == (expected, current)


async def test_target_position_is_shown_without_a_current_one(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A shutter that reports no current position shows its target."""
    shutter = device.device(SHUTTER_GUID)
    shutter["infos"] = [i for i in shutter["infos"] if i["identifier"] == "power"]
    device.set_function(SHUTTER_GUID, "targetPosition", 55)
    await poll(hass, freezer)
    assert _state(hass) == (CoverState.OPEN, 55)


@pytest.mark.parametrize(
    ("service", "data", "position"),
    [
        (SERVICE_OPEN_COVER, {}, 100),
        (SERVICE_CLOSE_COVER, {}, 0),
        (SERVICE_SET_COVER_POSITION, {ATTR_POSITION: 70}, 70),
    ],
)
async def test_cover_moves_the_shutter(
    hass: HomeAssistant,
    device: FakeDevice,
    init_integration: MockConfigEntry,
    service: str,
    data: dict[str, Any],
    position: int,
) -> None:
    """Each command writes the target position, then reads the position back."""
    await hass.services.async_call(
        COVER_DOMAIN, service, {ATTR_ENTITY_ID: SHUTTER, **data}, blocking=True
    )
    assert device.writes == [
        (
            SHUTTER_GUID,
            {"type": "number", "identifier": "targetPosition", "value": position},
        )
    ]
    assert _state(hass)[1] == position


async def test_failed_command_raises_a_translated_error(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """A write the device refuses is a translated error, and the shutter stays."""
    device.status = 500
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            COVER_DOMAIN, SERVICE_OPEN_COVER, {ATTR_ENTITY_ID: SHUTTER}, blocking=True
        )
    assert err.value.translation_key == "command_failed"
    assert device.function(SHUTTER_GUID, "targetPosition") == 30


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_cover_entities_match_snapshot(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Every cover entity's registry entry and state match the snapshot."""
    await setup_platform(hass, mock_config_entry, Platform.COVER)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)
