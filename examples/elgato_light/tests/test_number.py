"""Tests for the power-on brightness and colour temperature."""

import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from homeassistant.components.number import (
    ATTR_MAX,
    ATTR_MIN,
    ATTR_VALUE,
    DOMAIN as NUMBER_DOMAIN,
    SERVICE_SET_VALUE,
)
from homeassistant.const import ATTR_ENTITY_ID, STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er

from .conftest import setup_platform
from .fake_device import FakeDevice, setup_light

BRIGHTNESS = "number.elgato_key_light_mini_power_on_brightness"
TEMPERATURE = "number.elgato_key_light_mini_power_on_color_temperature"


async def _set(hass: HomeAssistant, entity_id: str, value: float) -> State:
    await hass.services.async_call(
        NUMBER_DOMAIN,
        SERVICE_SET_VALUE,
        {ATTR_ENTITY_ID: entity_id, ATTR_VALUE: value},
        blocking=True,
    )
    state = hass.states.get(entity_id)
    assert state is not None
    return state


async def test_power_on_brightness(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """The power-on brightness is set with the rest of the power-on settings."""
    state = await _set(hass, BRIGHTNESS, 55)
    assert state.state == "55"
    assert device.settings["powerOnBrightness"] == 55
    assert device.settings["powerOnTemperature"] == 230


async def test_power_on_temperature(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """The power-on temperature is in Kelvin, within the light's range."""
    state = hass.states.get(TEMPERATURE)
    assert state is not None
    assert (state.state, state.attributes[ATTR_MIN], state.attributes[ATTR_MAX]) == (
        "4347",
        2900,
        6993,
    )
    state = await _set(hass, TEMPERATURE, 5000)
    assert device.settings["powerOnTemperature"] == 200
    assert state.state == "5000"


async def test_light_strip_powering_on_to_a_colour(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """A strip set to power on to a colour has no temperature: unknown, settable."""
    device.use_model("light_strip")
    await setup_light(hass, device)
    entity_id = "number.elgato_light_strip_power_on_color_temperature"
    state = hass.states.get(entity_id)
    assert state is not None
    assert (state.state, state.attributes[ATTR_MAX]) == (STATE_UNKNOWN, 6500)
    state = await _set(hass, entity_id, 6500)
    # 6500 K is 153 mireds, which reads back as 6535 K: shown at the maximum.
    assert device.settings["powerOnTemperature"] == 153
    assert state.state == "6500"


async def test_light_strip_keeps_its_power_on_colour(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """Changing the strip's power-on brightness keeps its power-on colour."""
    device.use_model("light_strip")
    await setup_light(hass, device)
    await _set(hass, "number.elgato_light_strip_power_on_brightness", 60)
    assert device.settings["powerOnHue"] == 40.0
    assert device.settings["powerOnBrightness"] == 60


async def test_number_failure_is_reported(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """A change the light fails raises a translated error."""
    device.status = 500
    with pytest.raises(HomeAssistantError) as err:
        await _set(hass, BRIGHTNESS, 10)
    assert err.value.translation_key == "command_failed"


async def test_number_entities_match_snapshot(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Every number entity's registry entry and state match the snapshot."""
    await setup_platform(hass, mock_config_entry, Platform.NUMBER)
    await snapshot_platform(hass, entity_registry, snapshot, mock_config_entry.entry_id)
