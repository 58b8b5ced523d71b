"""Tests for the Eltako Series 62-IP config flow, against the fake device."""

from __future__ import annotations

import ssl
from typing import Any
from unittest.mock import patch

import probatio
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.eltako_62ip.const import (
    CONF_FINGERPRINT,
    CONF_TOKEN,
    DEFAULT_PORT,
    DOMAIN,
)
from custom_components.eltako_62ip.tls import format_fingerprint
from homeassistant.config_entries import (
    SOURCE_USER,
    ConfigEntryState,
)
from homeassistant.const import CONF_HOST, CONF_PORT, CONF_SCAN_INTERVAL
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType

from .certificates import Certificate, make_certificate
from .conftest import CREDENTIALS
from .fake_device import DETAILS_PATH, MODEL, SERIAL_NUMBER, FakeDevice

BAD_CREDENTIALS = {key: f"wrong-{value}" for key, value in CREDENTIALS.items()}


def _user_input(device: FakeDevice, **credentials: Any) -> dict[str, Any]:
    return {
        CONF_HOST: device.host,
        CONF_PORT: device.port,
        **CREDENTIALS,
        **credentials,
    }


def _suggested_values(result: Any) -> dict[str, Any]:
    """Return the values a form shows pre-filled."""
    return {
        str(key): (key.description or {}).get("suggested_value")
        for key in result["data_schema"].schema
    }


async def _start_user_flow(hass: HomeAssistant) -> Any:
    return await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )


async def _finish(hass: HomeAssistant, result: Any) -> Any:
    """Confirm what the flow shows last, if anything, and wait for setup."""
    if result["type"] is FlowResultType.FORM and result["step_id"] == "certificate":
        result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    await hass.async_block_till_done()
    return result


async def test_user_flow_creates_entry(
    hass: HomeAssistant,
    device: FakeDevice,
    certificate: Certificate,
) -> None:
    """A reachable device with valid credentials becomes a config entry."""
    result = await _start_user_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(device)
    )
    # Trust on first use: the user sees the fingerprint before it is pinned.
    assert result["step_id"] == "certificate"
    assert result["description_placeholders"] == {
        "fingerprint": format_fingerprint(certificate.fingerprint)
    }
    result = await _finish(hass, result)

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == MODEL
    entry = result["result"]
    assert entry.unique_id == SERIAL_NUMBER
    assert entry.state is ConfigEntryState.LOADED
    for key, value in _user_input(device).items():
        assert entry.data[key] == value
    assert entry.data[CONF_FINGERPRINT] == certificate.fingerprint
    # The token the flow logged in with is kept: setup did not log in again.
    assert entry.data[CONF_TOKEN] == device.tokens[0]
    assert device.logins == 1


async def test_user_form_defaults_to_the_default_port(hass: HomeAssistant) -> None:
    """The port field starts at the integration's default port."""
    result = await _start_user_flow(hass)
    defaults = {
        str(key): key.default()
        for key in result["data_schema"].schema
        if key.default is not probatio.UNDEFINED
    }
    assert defaults == {CONF_PORT: DEFAULT_PORT}


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ({"credentials": BAD_CREDENTIALS}, "invalid_auth"),
        ({"status": 403}, "invalid_auth"),
        ({"status": 500}, "cannot_connect"),
        ({"status": 404}, "cannot_connect"),
        ({"raw_body": b"<html>maintenance</html>"}, "invalid_response"),
    ],
)
async def test_user_flow_errors_then_recovers(
    hass: HomeAssistant, device: FakeDevice, fault: dict[str, Any], error: str
) -> None:
    """Each fault is shown on the form, the input is kept, and a retry works."""
    fault = dict(fault)
    credentials = fault.pop("credentials", {})
    device.inject(**fault)
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(device, **credentials)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}
    assert _suggested_values(result) == _user_input(device, **credentials)

    device.status, device.raw_body = None, None
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(device)
    )
    result = await _finish(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1/evil?",
        "user@host",
        "http://host",
        "host:8080",
        "\n",
        "10.0.0.1\nevil",
        "",
        "x" * 10_000,
        "-dash.example",
    ],
)
async def test_user_flow_refuses_what_is_no_host(
    hass: HomeAssistant, device: FakeDevice, host: str
) -> None:
    """Anything but an IP address or host name is a field error, and nothing is sent."""
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**_user_input(device), CONF_HOST: host}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_HOST: "invalid_host"}
    assert device.requests == []


async def test_user_flow_trims_the_host(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """Spaces around a pasted address are no error; the entry stores the address."""
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**_user_input(device), CONF_HOST: f" {device.host}\n"}
    )
    result = await _finish(hass, result)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_HOST] == device.host


async def test_user_flow_step_tries_the_device_once(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """A failing device costs the waiting user one request, not retries with backoff."""
    device.status = 503
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(device)
    )
    assert result["errors"] == {"base": "cannot_connect"}
    assert device.requests_to(DETAILS_PATH) == 1


async def test_second_flow_for_the_same_device_is_not_refused(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """Two flows for one device both reach the certificate; the first to finish wins."""
    first = await _start_user_flow(hass)
    second = await _start_user_flow(hass)
    first = await hass.config_entries.flow.async_configure(
        first["flow_id"], _user_input(device)
    )
    second = await hass.config_entries.flow.async_configure(
        second["flow_id"], _user_input(device)
    )
    assert second["type"] is FlowResultType.FORM
    assert second["step_id"] == "certificate"

    first = await _finish(hass, first)

    assert first["type"] is FlowResultType.CREATE_ENTRY
    assert hass.config_entries.flow.async_progress() == []
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_user_flow_unreachable_host(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """A host that refuses connections is reported as cannot_connect."""
    await device.stop()
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(device)
    )
    assert result["errors"] == {"base": "cannot_connect"}


async def test_user_flow_unexpected_error(
    hass: HomeAssistant, device: FakeDevice, caplog: pytest.LogCaptureFixture
) -> None:
    """A bug in the client is reported as unknown and logged with its traceback."""
    result = await _start_user_flow(hass)
    # No device answer can raise an arbitrary exception, so this one is patched in.
    with patch(
        "custom_components.eltako_62ip.device.DeviceClient.async_test_connection",
        side_effect=RuntimeError("boom"),
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], _user_input(device)
        )
    assert result["errors"] == {"base": "unknown"}
    assert "Unexpected error while connecting" in caplog.text
    for secret in CREDENTIALS.values():
        assert secret not in caplog.text


async def test_user_flow_aborts_for_a_configured_device(
    hass: HomeAssistant, device: FakeDevice, mock_config_entry: MockConfigEntry
) -> None:
    """The same device (same serial number) cannot be added twice."""
    mock_config_entry.add_to_hass(hass)
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(device)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reauth_stores_new_credentials(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """Credentials entered in the reauth flow are checked, stored, and reloaded with."""
    result = await init_integration.start_reauth_flow(hass)
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"]["host"] == device.host

    device.status = 500
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], CREDENTIALS
    )
    assert result["errors"] == {"base": "cannot_connect"}
    device.status = None

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], BAD_CREDENTIALS
    )
    assert result["errors"] == {"base": "invalid_auth"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], CREDENTIALS
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert init_integration.state is ConfigEntryState.LOADED


async def test_reauth_refuses_another_device(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """Reauth aborts when the address now answers as a different device."""
    device.serial_number = "SN-OTHER"
    result = await init_integration.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], CREDENTIALS
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "unique_id_mismatch"


async def test_reauth_pins_a_replaced_certificate(
    hass: HomeAssistant,
    device: FakeDevice,
    init_integration: MockConfigEntry,
    tmp_path: Any,
) -> None:
    """After a certificate change, reauth shows the new fingerprint and pins it."""
    replacement = make_certificate("replacement")
    await device.stop()
    await device.start(replacement.server_context(tmp_path))
    result = await init_integration.start_reauth_flow(hass)
    assert result["description_placeholders"]["fingerprint"] == format_fingerprint(
        replacement.fingerprint
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], CREDENTIALS
    )
    await hass.async_block_till_done()
    assert result["reason"] == "reauth_successful"
    assert init_integration.data[CONF_FINGERPRINT] == replacement.fingerprint


async def test_reauth_with_the_device_offline(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """Reauth cannot read the certificate of an absent device and says so."""
    await device.stop()
    result = await init_integration.start_reauth_flow(hass)
    assert result["errors"] == {"base": "cannot_connect"}


async def test_reconfigure_changes_the_address(
    hass: HomeAssistant,
    device: FakeDevice,
    init_integration: MockConfigEntry,
    server_context: ssl.SSLContext,
) -> None:
    """Reconfigure moves the entry to the device's new address."""
    await device.stop()
    moved = FakeDevice()
    await moved.start(server_context)
    try:
        result = await init_integration.start_reconfigure_flow(hass)
        assert result["step_id"] == "reconfigure"
        assert _suggested_values(result)[CONF_PORT] == device.port

        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_HOST: moved.host, CONF_PORT: moved.port}
        )
        await hass.async_block_till_done()
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "reconfigure_successful"
        assert init_integration.data[CONF_PORT] == moved.port
    finally:
        await moved.stop()


async def test_reconfigure_refuses_another_device(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """Reconfigure aborts when the new address answers as a different device."""
    device.serial_number = "SN-OTHER"
    result = await init_integration.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: device.host, CONF_PORT: device.port}
    )
    assert result["reason"] == "unique_id_mismatch"


async def test_reconfigure_shows_errors(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """An unreachable new address is reported and nothing changes."""
    result = await init_integration.start_reconfigure_flow(hass)
    await device.stop()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: device.host, CONF_PORT: device.port}
    )
    assert result["errors"] == {"base": "cannot_connect"}


async def test_reconfigure_refuses_a_changed_certificate(
    hass: HomeAssistant,
    device: FakeDevice,
    init_integration: MockConfigEntry,
    tmp_path: Any,
) -> None:
    """A new address presenting another certificate is refused, never pinned silently."""
    await device.stop()
    await device.start(make_certificate("impostor").server_context(tmp_path))
    result = await init_integration.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: device.host, CONF_PORT: device.port}
    )
    assert result["errors"] == {"base": "certificate_changed"}


async def test_options_flow_sets_the_polling_interval(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The polling interval can be changed, and the entry reloads with it."""
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    assert result["step_id"] == "init"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_SCAN_INTERVAL: 70}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert init_integration.options == {CONF_SCAN_INTERVAL: 70}
    coordinator = init_integration.runtime_data
    assert coordinator.update_interval is not None
    assert coordinator.update_interval.total_seconds() == 70


async def test_options_flow_refuses_too_short_an_interval(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """An interval below the minimum is refused."""
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    with pytest.raises(probatio.Invalid):
        await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_SCAN_INTERVAL: 9}
        )
