"""Tests for the light of each Elgato model."""

from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from homeassistant.components.light import (
    ATTR_BRIGHTNESS,
    ATTR_COLOR_MODE,
    ATTR_COLOR_TEMP_KELVIN,
    ATTR_HS_COLOR,
    ATTR_MAX_COLOR_TEMP_KELVIN,
    ATTR_MIN_COLOR_TEMP_KELVIN,
    ATTR_SUPPORTED_COLOR_MODES,
    DOMAIN as LIGHT_DOMAIN,
    ColorMode,
)
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    Platform,
)
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er

from .conftest import setup_platform
from .fake_device import FakeDevice, entry_for, setup_light

MINI = "light.elgato_key_light_mini"
STRIP = "light.elgato_light_strip"


def _state(hass: HomeAssistant, entity_id: str) -> State:
    state = hass.states.get(entity_id)
    assert state is not None
    return state


async def _turn(
    hass: HomeAssistant, service: str, entity_id: str = MINI, **data: Any
) -> State:
    """Call a light service and return the state right after it."""
    await hass.services.async_call(
        LIGHT_DOMAIN, service, {ATTR_ENTITY_ID: entity_id, **data}, blocking=True
    )
    return _state(hass, entity_id)


async def test_key_light_mini_shows_white(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A Key Light Mini: on, 21 % brightness, 297 mireds, in its temperature range."""
    state = _state(hass, MINI)
    assert state.state == STATE_ON
    assert state.attributes[ATTR_BRIGHTNESS] == 54
    assert state.attributes[ATTR_COLOR_MODE] == ColorMode.COLOR_TEMP
    assert state.attributes[ATTR_COLOR_TEMP_KELVIN] == 3367
    assert state.attributes[ATTR_SUPPORTED_COLOR_MODES] == [ColorMode.COLOR_TEMP]
    assert state.attributes[ATTR_MIN_COLOR_TEMP_KELVIN] == 2900
    assert state.attributes[ATTR_MAX_COLOR_TEMP_KELVIN] == 6993


@pytest.mark.parametrize(
    ("model", "entity_id"),
    [("key_light", "light.frenck"), ("key_light_air", "light.elgato_key_light_air")],
)
async def test_key_lights_do_white_only(
    hass: HomeAssistant, device: FakeDevice, model: str, entity_id: str
) -> None:
    """The Key Light and the Air: colour temperature only, 2900-6993 K."""
    device.use_model(model)
    await setup_light(hass, device)
    state = await _turn(
        hass, SERVICE_TURN_ON, entity_id, **{ATTR_COLOR_TEMP_KELVIN: 6000}
    )
    assert state.attributes[ATTR_SUPPORTED_COLOR_MODES] == [ColorMode.COLOR_TEMP]
    assert state.attributes[ATTR_MIN_COLOR_TEMP_KELVIN] == 2900
    assert state.attributes[ATTR_MAX_COLOR_TEMP_KELVIN] == 6993
    # The light keeps whole mireds: 6000 K is 166 mireds, which is 6024 K.
    assert device.light["temperature"] == 166
    assert state.attributes[ATTR_COLOR_TEMP_KELVIN] == 6024


async def test_light_strip_shows_a_colour(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """The Light Strip: HS as well as temperature, in the narrower range."""
    device.use_model("light_strip")
    await setup_light(hass, device)
    state = _state(hass, STRIP)
    assert state.attributes[ATTR_COLOR_MODE] == ColorMode.HS
    assert state.attributes[ATTR_HS_COLOR] == (358.0, 6.0)
    assert set(state.attributes[ATTR_SUPPORTED_COLOR_MODES]) == {
        ColorMode.COLOR_TEMP,
        ColorMode.HS,
    }
    assert state.attributes[ATTR_MIN_COLOR_TEMP_KELVIN] == 3500
    assert state.attributes[ATTR_MAX_COLOR_TEMP_KELVIN] == 6500


async def test_each_change_shows_at_once(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """Quick changes each show right after the call, from the light's answer."""
    state = await _turn(hass, SERVICE_TURN_OFF)
    assert state.state == STATE_OFF
    assert device.light["on"] == 0
    for brightness, percent in ((255, 100), (128, 50), (1, 1), (77, 30)):
        state = await _turn(hass, SERVICE_TURN_ON, **{ATTR_BRIGHTNESS: brightness})
        assert state.state == STATE_ON
        assert device.light["brightness"] == percent
        assert state.attributes[ATTR_BRIGHTNESS] == round(percent * 255 / 100)
    # A brightness alone keeps the temperature: it is sent along.
    assert device.light["temperature"] == 297


@pytest.mark.parametrize(
    ("kelvin", "mireds"), [(4000, 250), (2000, 344), (7000, 143), (6500, 153)]
)
async def test_colour_temperature_within_the_lights_range(
    hass: HomeAssistant,
    device: FakeDevice,
    init_integration: MockConfigEntry,
    kelvin: int,
    mireds: int,
) -> None:
    """A temperature is sent in mireds, kept within what the light accepts."""
    await _turn(hass, SERVICE_TURN_ON, **{ATTR_COLOR_TEMP_KELVIN: kelvin})
    assert device.light["temperature"] == mireds


async def test_turn_on_alone_sends_only_on(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """Switching on without a value keeps the light's brightness and temperature."""
    device.light["on"] = 0
    await _turn(hass, SERVICE_TURN_ON)
    assert device.light == {"on": 1, "brightness": 21, "temperature": 297}


async def test_light_strip_colour_and_back_to_white(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """The strip takes a colour, and a temperature turns it white again."""
    device.use_model("light_strip")
    await setup_light(hass, device)
    state = await _turn(hass, SERVICE_TURN_ON, STRIP, **{ATTR_HS_COLOR: (120, 50)})
    assert state.attributes[ATTR_HS_COLOR] == (120.0, 50.0)
    state = await _turn(hass, SERVICE_TURN_ON, STRIP, **{ATTR_COLOR_TEMP_KELVIN: 5000})
    assert state.attributes[ATTR_COLOR_MODE] == ColorMode.COLOR_TEMP
    assert state.attributes[ATTR_COLOR_TEMP_KELVIN] == 5000
    assert "hue" not in device.light
    # White now: a brightness alone sends the temperature along, or the strip would
    # return to its colour.
    await _turn(hass, SERVICE_TURN_ON, STRIP, **{ATTR_BRIGHTNESS: 255})
    assert device.light == {"on": 1, "brightness": 100, "temperature": 200}


async def test_light_strip_brightness_while_coloured(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """In colour, a brightness alone is sent alone."""
    device.use_model("light_strip")
    await setup_light(hass, device)
    await _turn(hass, SERVICE_TURN_ON, STRIP, **{ATTR_BRIGHTNESS: 255})
    assert device.light == {"on": 1, "hue": 358.0, "saturation": 6.0, "brightness": 100}


async def test_command_failure_is_reported(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """A change the light fails raises a translated error; nothing changes."""
    device.status = 500
    with pytest.raises(HomeAssistantError) as err:
        await _turn(hass, SERVICE_TURN_OFF)
    assert err.value.translation_key == "command_failed"
    device.heal()
    assert _state(hass, MINI).state == STATE_ON


@pytest.mark.parametrize("model", ["key_light_mini", "light_strip"])
async def test_light_entities_match_snapshot(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    device: FakeDevice,
    model: str,
) -> None:
    """The light's registry entry and state match the snapshot, per model."""
    device.use_model(model)
    entry = entry_for(device)
    await setup_platform(hass, entry, Platform.LIGHT)
    await snapshot_platform(hass, entity_registry, snapshot, entry.entry_id)
