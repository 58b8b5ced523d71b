"""Tests for the dimmer, as a light, against a fake EUD62NPN-IP."""

from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from homeassistant.components.light import ATTR_BRIGHTNESS, DOMAIN as LIGHT_DOMAIN
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.util.color import value_to_brightness

from .conftest import poll, setup_platform
from .fake_device import DIMMER_GUID, EUD62NPN_IP, FakeDevice, Product

DIMMER = "light.living_room"


@pytest.fixture
def product() -> Product:
    """Return the product of the fake device: the EUD62NPN-IP dimmer."""
    return EUD62NPN_IP


def _attributes(hass: HomeAssistant) -> tuple[str, Any]:
    state = hass.states.get(DIMMER)
    assert state is not None
    return state.state, state.attributes.get(ATTR_BRIGHTNESS)


async def test_light_reads_the_brightness(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """The light shows the dimmer's brightness, scaled from percent to 1-255."""
    assert _attributes(hass) == (STATE_ON, value_to_brightness((1, 100), 40))
    device.set_function(DIMMER_GUID, "targetBrightness", 0)
    await poll(hass, freezer)
    assert _attributes(hass) == (STATE_OFF, None)


@pytest.mark.parametrize(
    ("data", "percent"),
    [
        ({ATTR_BRIGHTNESS: 255}, 100),
        ({ATTR_BRIGHTNESS: 1}, 1),
        ({ATTR_BRIGHTNESS: 128}, 51),
        ({}, 40),
    ],
)
async def test_turn_on_sets_the_target_brightness(
    hass: HomeAssistant,
    device: FakeDevice,
    init_integration: MockConfigEntry,
    data: dict[str, Any],
    percent: int,
) -> None:
    """Turning on writes the brightness, or the dimmer's last one when none is asked."""
    device.set_function(DIMMER_GUID, "targetBrightness", 0)
    await hass.services.async_call(
        LIGHT_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: DIMMER, **data}, blocking=True
    )
    assert device.function(DIMMER_GUID, "targetBrightness") == percent
    assert _attributes(hass)[0] == STATE_ON


async def test_turn_on_without_a_last_brightness_goes_to_full(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A dimmer that reports no last brightness is turned on fully."""
    device.set_info(DIMMER_GUID, "lastBrightness", 0)
    await poll(hass, freezer)
    await hass.services.async_call(
        LIGHT_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: DIMMER}, blocking=True
    )
    assert device.function(DIMMER_GUID, "targetBrightness") == 100


async def test_turn_off_sets_zero(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """Turning off writes brightness 0, and the light reads off afterwards."""
    await hass.services.async_call(
        LIGHT_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: DIMMER}, blocking=True
    )
    assert device.writes[-1] == (
        DIMMER_GUID,
        {"type": "number", "identifier": "targetBrightness", "value": 0},
    )
    assert _attributes(hass) == (STATE_OFF, None)


async def test_failed_command_raises_a_translated_error(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """A write the device refuses is a translated error."""
    device.status = 503
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            LIGHT_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: DIMMER}, blocking=True
        )
    assert err.value.translation_key == "command_failed"


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_light_entities_match_snapshot(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Every light entity's registry entry and state match the snapshot."""
    await setup_platform(hass, mock_config_entry, Platform.LIGHT)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)
