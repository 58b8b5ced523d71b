"""Tests for the Elgato Light diagnostics download."""

import json
import re

from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from homeassistant.core import HomeAssistant

from .fake_device import SERIAL_NUMBER
from .fake_server import CREDENTIALS

# Values that differ from run to run: the fake device's port.
VOLATILE = props(
    "port",
)


async def test_diagnostics_match_snapshot(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    snapshot: SnapshotAssertion,
    init_integration: MockConfigEntry,
) -> None:
    """The download has the entry, the device's identity and state, as recorded."""
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, init_integration
    )
    assert diagnostics == snapshot(exclude=VOLATILE)


async def test_diagnostics_hold_no_secret(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
) -> None:
    """No credential, token or serial number appears anywhere in the download."""
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, init_integration
    )
    dump = json.dumps(diagnostics)
    secrets = [SERIAL_NUMBER, *(str(value) for value in CREDENTIALS.values())]
    for secret in secrets:
        assert secret not in dump
    for key in CREDENTIALS:
        assert diagnostics["entry"]["data"][key] == "**REDACTED**"
    # Every serial number, also of devices behind the device, wherever it is nested.
    assert set(re.findall(r'"serial_number": ("[^"]*")', dump)) <= {'"**REDACTED**"'}
