"""Tests for the Elgato Light service actions."""

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.elgato_light.const import DOMAIN
from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.setup import async_setup_component

from .fake_device import FakeDevice


async def _send(hass: HomeAssistant, entry_id: str, command: str = "reboot") -> None:
    await hass.services.async_call(
        DOMAIN,
        "send_command",
        {ATTR_CONFIG_ENTRY_ID: entry_id, "command": command},
        blocking=True,
    )


async def test_send_command_reaches_the_device(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """The command is sent to the device of the named entry, once."""
    await _send(hass, init_integration.entry_id)
    assert device.commands == ["reboot"]


async def test_send_command_failure_is_reported(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """A command the device fails raises a translated error and is not repeated."""
    device.status = 500
    with pytest.raises(HomeAssistantError) as err:
        await _send(hass, init_integration.entry_id)
    assert err.value.translation_key == "command_failed"
    assert device.requests_to("/api/commands") == 1


async def test_send_command_with_refused_credentials_starts_reauthentication(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """Credentials the device refuses for a command: a translated error, and reauth."""
    device.status = 401
    with pytest.raises(HomeAssistantError) as err:
        await _send(hass, init_integration.entry_id)
    assert err.value.translation_key == "invalid_auth"
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]


async def test_send_command_to_an_unknown_entry(hass: HomeAssistant) -> None:
    """An entry ID that is not one of ours is refused before anything is sent."""
    assert await async_setup_component(hass, DOMAIN, {})
    with pytest.raises(ServiceValidationError) as err:
        await _send(hass, "no-such-entry")
    assert err.value.translation_key == "entry_not_found"


async def test_send_command_to_an_entry_not_set_up(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """An entry that is not loaded is refused with its name in the message."""
    await hass.config_entries.async_unload(init_integration.entry_id)
    with pytest.raises(ServiceValidationError) as err:
        await _send(hass, init_integration.entry_id)
    assert err.value.translation_key == "entry_not_loaded"
    assert device.commands == []
