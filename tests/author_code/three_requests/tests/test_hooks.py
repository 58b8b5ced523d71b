"""Tests for hooks.py: the unit field, the options field, the MAC address redacted."""

from typing import Any

from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.my_device.const import DOMAIN
from custom_components.my_device.device import CONF_UNIT
from custom_components.my_device.hooks import CONF_SHOW_BATTERY
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import CONF_HOST, CONF_PORT, CONF_SCAN_INTERVAL
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from .fake_device import MAC_ADDRESS, FakeDevice
from .fake_server import CREDENTIALS


async def test_user_step_keeps_the_unit(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """The unit entered in the user step is kept in the entry's data, and read."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_HOST: device.host, CONF_PORT: device.port, **CREDENTIALS, CONF_UNIT: 2},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_UNIT] == 2
    await hass.async_block_till_done()
    assert device.requests_to("/api/units/2/data") == 1


async def test_options_keep_the_battery_choice(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The options form has the extra field, and its value is kept."""
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_SCAN_INTERVAL: 60, CONF_SHOW_BATTERY: False}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert init_integration.options[CONF_SHOW_BATTERY] is False


async def test_diagnostics_redact_the_mac_address(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
) -> None:
    """hooks.DIAGNOSTICS_TO_REDACT keeps the MAC address out of the download."""
    shown: Any = await get_diagnostics_for_config_entry(
        hass, hass_client, init_integration
    )
    assert MAC_ADDRESS not in str(shown)
    assert shown["device"]["mac_address"] == "**REDACTED**"
