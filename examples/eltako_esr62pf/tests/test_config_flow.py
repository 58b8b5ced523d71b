"""Tests for the Eltako Series 62-IP config flow, against the fake device."""

from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import replace
from pathlib import Path
import socket
import ssl
from typing import Any
from unittest.mock import patch

from eltako62ip.api import CannotConnectError
from eltako62ip.const import MAX_DEVICE_TEXT
from eltako62ip.device import DeviceClient
from eltako62ip.models import DeviceDetails
from eltako62ip.tls import format_fingerprint
import probatio
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.eltako_62ip import config_flow
from custom_components.eltako_62ip.const import CONF_FINGERPRINT, DEFAULT_PORT, DOMAIN
from custom_components.eltako_62ip.hooks import USER_FIELDS
from homeassistant.components.zeroconf.discovery import (  # pylint: disable=home-assistant-component-root-import
    # HomeKit matching as Home Assistant does it: zeroconf exports no API for it.
    async_get_homekit_discovery,
    build_homekit_model_lookups,
)
from homeassistant.config_entries import (
    SOURCE_HOMEKIT,
    SOURCE_IGNORE,
    SOURCE_USER,
    ConfigEntryState,
)
from homeassistant.const import CONF_HOST, CONF_PORT, CONF_TOKEN
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from homeassistant.loader import async_get_homekit

from .certificates import Certificate, make_certificate
from .fake_device import DETAILS_PATH, MODEL, SERIAL_NUMBER, FakeDevice
from .fake_server import CREDENTIALS
from .fixtures import HOMEKIT_PORT, homekit_announcement

# The title of an entry the flow creates, which names the device: model and serial
# number, so that devices of one model get distinct names.
TITLE = f"{MODEL} {SERIAL_NUMBER}"

BAD_CREDENTIALS = {key: f"wrong-{value}" for key, value in CREDENTIALS.items()}
# The fields hooks.py adds to the forms: the author's, with their own defaults.
AUTHOR_FIELDS = {str(key) for key in USER_FIELDS}


def _user_input(device: FakeDevice, **credentials: Any) -> dict[str, Any]:
    return {
        CONF_HOST: device.host,
        CONF_PORT: device.port,
        **CREDENTIALS,
        **credentials,
    }


def _suggested_values(result: Any) -> dict[str, Any]:
    """Return the values a form shows pre-filled, in the template's fields."""
    return {
        str(key): (key.description or {}).get("suggested_value")
        for key in result["data_schema"].schema
        if str(key) not in AUTHOR_FIELDS
    }


def _fingerprints_shown(result: Any) -> tuple[str, ...]:
    """Return the previous and the new fingerprint a certificate_changed step shows."""
    shown = result["description_placeholders"]
    return shown["previous_fingerprint"], shown["fingerprint"]


def _fingerprints_of(*certificates: Certificate) -> tuple[str, ...]:
    return tuple(
        format_fingerprint(certificate.fingerprint) for certificate in certificates
    )


async def _start_user_flow(hass: HomeAssistant) -> Any:
    return await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )


@pytest.fixture
def old_address_refuses() -> Generator[None]:
    """Let the entry's old address, 192.0.2.1, refuse connections as a moved device's.

    The harness lets tests reach 127.0.0.1 only: the refusal is patched in there.
    """
    real = config_flow.async_get_fingerprint

    async def fingerprint(host: str, port: int) -> str:
        if host == "192.0.2.1":
            raise CannotConnectError(f"Cannot connect to {host}")
        return await real(host, port)

    with patch.object(config_flow, "async_get_fingerprint", fingerprint):
        yield


async def _submit(hass: HomeAssistant, result: Any, user_input: dict[str, Any]) -> Any:
    """Submit a form, confirm the certificate it shows if any, and wait for setup."""
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input
    )
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
    # Trust on first use: the user sees the fingerprint before anything is sent.
    assert result["step_id"] == "certificate"
    assert result["description_placeholders"] == {
        "fingerprint": format_fingerprint(certificate.fingerprint)
    }
    assert device.requests == []
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == TITLE
    entry = result["result"]
    assert entry.unique_id == SERIAL_NUMBER
    assert entry.state is ConfigEntryState.LOADED
    for key, value in _user_input(device).items():
        assert entry.data[key] == value
    assert entry.data[CONF_FINGERPRINT] == certificate.fingerprint
    # The token the flow logged in with is kept: setup did not log in again.
    assert entry.data[CONF_TOKEN] == device.tokens[0]
    assert device.logins == 1


async def test_user_flow_pins_only_a_certificate_it_showed(
    hass: HomeAssistant,
    device: FakeDevice,
    certificate: Certificate,
    tmp_path: Path,
) -> None:
    """A certificate replaced after it was shown is shown too, never pinned unseen."""
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(device)
    )
    assert result["step_id"] == "certificate"
    replacement = make_certificate("replacement")
    await device.stop()
    await device.start(replacement.server_context(tmp_path))

    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["step_id"] == "certificate_changed"
    assert result["description_placeholders"]["host"] == device.host
    assert _fingerprints_shown(result) == _fingerprints_of(certificate, replacement)
    assert device.requests == []

    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].data[CONF_FINGERPRINT] == replacement.fingerprint


async def test_user_form_defaults_to_the_default_port(hass: HomeAssistant) -> None:
    """The port field starts at the integration's default port."""
    result = await _start_user_flow(hass)
    defaults = {
        str(key): key.default()
        for key in result["data_schema"].schema
        if key.default is not probatio.UNDEFINED and str(key) not in AUTHOR_FIELDS
    }
    assert defaults == {CONF_PORT: DEFAULT_PORT}


async def test_entry_title_is_cut_to_a_bounded_length(
    hass: HomeAssistant, device: FakeDevice, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A device that reports an endless model still gets a title of bounded length."""
    identify = DeviceClient.async_test_connection

    async def endless_model(client: DeviceClient) -> DeviceDetails:
        return replace(await identify(client), model="M" * 100_000)

    monkeypatch.setattr(DeviceClient, "async_test_connection", endless_model)
    result = await _submit(hass, await _start_user_flow(hass), _user_input(device))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert len(result["title"]) == MAX_DEVICE_TEXT
    assert result["title"].endswith("…")


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ({"credentials": BAD_CREDENTIALS}, "invalid_auth"),
        ({"status": 401}, "invalid_auth"),
        ({"status": 403}, "forbidden"),
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
    result = await _submit(hass, result, _user_input(device, **credentials))
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {"base": error}
    assert _suggested_values(result) == _user_input(device, **credentials)

    device.status, device.raw_body = None, None
    result = await _submit(hass, result, _user_input(device))
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
    result = await _submit(
        hass, result, {**_user_input(device), CONF_HOST: f" {device.host}\n"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_HOST] == device.host


async def test_user_flow_step_tries_the_device_once(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """A failing device costs the waiting user one request, not retries with backoff."""
    device.status = 503
    result = await _start_user_flow(hass)
    result = await _submit(hass, result, _user_input(device))
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

    first = await hass.config_entries.flow.async_configure(first["flow_id"], {})
    await hass.async_block_till_done()
    assert first["type"] is FlowResultType.CREATE_ENTRY
    requests = len(device.requests)

    # The second is confirmed late: the address is known now, so nothing is sent.
    second = await hass.config_entries.flow.async_configure(second["flow_id"], {})
    assert second["type"] is FlowResultType.ABORT
    assert second["reason"] == "already_configured"
    assert len(device.requests) == requests
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_user_flow_unreachable_host(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """A host that refuses connections is reported as cannot_connect."""
    await device.stop()
    result = await _start_user_flow(hass)
    result = await _submit(hass, result, _user_input(device))
    assert result["errors"] == {"base": "cannot_connect"}


async def test_user_flow_unexpected_error(
    hass: HomeAssistant, device: FakeDevice, caplog: pytest.LogCaptureFixture
) -> None:
    """A bug in the client is reported as unknown and logged with its traceback."""
    result = await _start_user_flow(hass)
    # No device answer can raise an arbitrary exception, so this one is patched in.
    with patch(
        "eltako62ip.device.DeviceClient.async_test_connection",
        side_effect=RuntimeError("boom"),
    ):
        result = await _submit(hass, result, _user_input(device))
    assert result["errors"] == {"base": "unknown"}
    assert "Unexpected error while connecting" in caplog.text
    for secret in CREDENTIALS.values():
        assert secret not in caplog.text


async def test_user_flow_aborts_for_a_configured_address(
    hass: HomeAssistant, device: FakeDevice, mock_config_entry: MockConfigEntry
) -> None:
    """An address an entry has is refused before anything is sent to it."""
    mock_config_entry.add_to_hass(hass)
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(device)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert device.requests == []


async def test_user_flow_knows_a_configured_device_by_its_certificate(
    hass: HomeAssistant, device: FakeDevice, mock_config_entry: MockConfigEntry
) -> None:
    """A configured device that moved is known by its certificate, before any login.

    The certificate read is the one the entry pins, and the entry's old address no
    longer answers: the flow ends before the user is asked to confirm the certificate,
    so nothing is sent that could spend a login or a key slot, and the entry follows
    the device.
    """
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        old_port = unused.getsockname()[1]
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, data={**mock_config_entry.data, CONF_PORT: old_port}
    )
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(device)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    await hass.async_block_till_done()
    assert mock_config_entry.data[CONF_PORT] == device.port
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1
    # One login, by the entry's own setup at the new address (this test's entry holds
    # no token yet); the flow logged in none.
    assert device.logins == 1


async def test_user_flow_at_a_second_address_of_a_configured_device(
    hass: HomeAssistant, device: FakeDevice, mock_config_entry: MockConfigEntry
) -> None:
    """The device answers at both addresses: the flow ends and the entry keeps its own.

    A second device that presents the same certificate (a family that ships one
    certificate on every device, which pinning cannot tell apart) never takes the
    first one's entry either.
    """
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, data={**mock_config_entry.data, CONF_HOST: "localhost"}
    )
    result = await _start_user_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(device)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    await hass.async_block_till_done()
    assert mock_config_entry.data[CONF_HOST] == "localhost"
    assert device.requests == []


async def test_reauth_stores_new_credentials(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """Credentials entered in the reauth flow are checked, stored, and reloaded with."""
    requests = len(device.requests)
    result = await init_integration.start_reauth_flow(hass)
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"]["host"] == device.host
    # The form asks first: nothing reaches the device before the user submits.
    assert len(device.requests) == requests

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
    logins = device.logins

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], CREDENTIALS
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert init_integration.state is ConfigEntryState.LOADED
    # One login for the new credentials; setup reuses its token.
    assert device.logins == logins + 1
    assert init_integration.data[CONF_TOKEN] == device.tokens[-1]


async def test_reauth_with_the_device_offline(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """The reauth form needs no device; submitting to an absent one says so."""
    await device.stop()
    result = await init_integration.start_reauth_flow(hass)
    assert result["errors"] == {}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], CREDENTIALS
    )
    assert result["errors"] == {"base": "cannot_connect"}


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


async def test_reauth_pins_only_a_certificate_it_showed(
    hass: HomeAssistant,
    device: FakeDevice,
    certificate: Certificate,
    init_integration: MockConfigEntry,
    tmp_path: Path,
) -> None:
    """A replaced certificate gets its own step, with both fingerprints.

    Nothing is sent before the user confirms, and a certificate replaced again on the
    way is shown again, never pinned unseen.
    """
    first, second = make_certificate("first"), make_certificate("second")
    await device.stop()
    await device.start(first.server_context(tmp_path))
    requests = len(device.requests)
    result = await init_integration.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], CREDENTIALS
    )
    assert result["step_id"] == "certificate_changed"
    assert _fingerprints_shown(result) == _fingerprints_of(certificate, first)

    await device.stop()
    await device.start(second.server_context(tmp_path))
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["step_id"] == "certificate_changed"
    assert _fingerprints_shown(result) == _fingerprints_of(first, second)
    assert len(device.requests) == requests

    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    await hass.async_block_till_done()
    assert result["reason"] == "reauth_successful"
    assert init_integration.data[CONF_FINGERPRINT] == second.fingerprint


@pytest.fixture
async def moved(
    device: FakeDevice, server_context: ssl.SSLContext
) -> AsyncGenerator[FakeDevice]:
    """Return the device after a move: gone from its address, answering at another."""
    await device.stop()
    moved = FakeDevice()
    await moved.start(server_context)
    yield moved
    await moved.stop()


async def test_reconfigure_changes_the_address(
    hass: HomeAssistant,
    device: FakeDevice,
    init_integration: MockConfigEntry,
    moved: FakeDevice,
) -> None:
    """Reconfigure moves the entry to the device's new address."""
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


async def test_reconfigure_keeps_the_token(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """Unchanged credentials keep their token: reconfigure and reload log in zero times."""
    token, logins = init_integration.data[CONF_TOKEN], device.logins
    result = await init_integration.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: device.host, CONF_PORT: device.port}
    )
    await hass.async_block_till_done()
    assert result["reason"] == "reconfigure_successful"
    assert init_integration.state is ConfigEntryState.LOADED
    assert init_integration.data[CONF_TOKEN] == token
    assert device.logins == logins


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
    """An unreachable or invalid new address is reported and nothing changes."""
    result = await init_integration.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: "http://host", CONF_PORT: device.port}
    )
    assert result["errors"] == {CONF_HOST: "invalid_host"}
    await device.stop()
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: device.host, CONF_PORT: device.port}
    )
    assert result["errors"] == {"base": "cannot_connect"}
    assert _suggested_values(result)[CONF_HOST] == device.host


async def test_reconfigure_shows_a_changed_certificate(
    hass: HomeAssistant,
    device: FakeDevice,
    certificate: Certificate,
    init_integration: MockConfigEntry,
    tmp_path: Path,
) -> None:
    """A new address presenting another certificate is shown, never pinned silently."""
    impostor = make_certificate("impostor")
    await device.stop()
    await device.start(impostor.server_context(tmp_path))
    requests = len(device.requests)
    result = await init_integration.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_HOST: device.host, CONF_PORT: device.port}
    )
    assert result["step_id"] == "certificate_changed"
    assert _fingerprints_shown(result) == _fingerprints_of(certificate, impostor)
    assert len(device.requests) == requests
    assert init_integration.data[CONF_FINGERPRINT] == certificate.fingerprint


# How the device announces itself, by discovery source: what the fake device says.
ANNOUNCEMENTS: dict[str, Callable[[FakeDevice], ZeroconfServiceInfo]] = {
    SOURCE_HOMEKIT: lambda device: homekit_announcement(device.host),
}


def _announcement(
    device: FakeDevice, source: str, serial_number: str | None = SERIAL_NUMBER
) -> ZeroconfServiceInfo:
    """Return what the device announces through the source, naming this serial number."""
    announcement = ANNOUNCEMENTS[source](device)
    hostname = "device.local."
    if serial_number is not None:
        hostname = f"eltako-{serial_number}.local."
    return replace(announcement, hostname=hostname)


async def _discover(
    hass: HomeAssistant, source: str, discovery_info: ZeroconfServiceInfo
) -> Any:
    return await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": source}, data=discovery_info
    )


@pytest.fixture
def api_at_the_default_port(
    device: FakeDevice, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Make the default port the fake device's.

    A HomeKit announcement names no API port, so the flow uses the default one; a test
    cannot listen on it.
    """
    monkeypatch.setattr(config_flow, "DEFAULT_PORT", device.port)


async def test_manifest_homekit_models_match_the_announcement(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """Home Assistant hands the HomeKit announcement to this integration, by its model."""
    announcement = homekit_announcement(device.host)
    assert announcement.type == "_hap._tcp.local."
    lookups, matchers = build_homekit_model_lookups(await async_get_homekit(hass))
    discovery = async_get_homekit_discovery(lookups, matchers, announcement.properties)
    assert discovery is not None
    assert discovery.domain == DOMAIN


@pytest.mark.usefixtures("api_at_the_default_port")
@pytest.mark.parametrize("source", ANNOUNCEMENTS)
async def test_discovery_creates_entry(
    hass: HomeAssistant, device: FakeDevice, source: str
) -> None:
    """A discovered device is known by its serial number and asks only for credentials."""
    result = await _discover(hass, source, _announcement(device, source))
    assert result["step_id"] == "zeroconf_confirm"
    assert result["description_placeholders"] == {"host": device.host}
    flow = hass.config_entries.flow.async_get(result["flow_id"])
    assert flow["context"]["unique_id"] == SERIAL_NUMBER
    assert device.requests == []

    device.status = 500
    result = await _submit(hass, result, CREDENTIALS)
    assert result["step_id"] == "zeroconf_confirm"
    assert result["errors"] == {"base": "cannot_connect"}
    device.status = None
    result = await _submit(hass, result, BAD_CREDENTIALS)
    assert result["errors"] == {"base": "invalid_auth"}
    logins = device.logins
    result = await _submit(hass, result, CREDENTIALS)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    entry = result["result"]
    assert entry.unique_id == SERIAL_NUMBER
    assert entry.title == TITLE
    assert entry.state is ConfigEntryState.LOADED
    assert entry.data[CONF_HOST] == device.host
    assert entry.data[CONF_PORT] == device.port
    # One login for the entry; setup reuses its token.
    assert device.logins == logins + 1


@pytest.mark.usefixtures("api_at_the_default_port")
@pytest.mark.parametrize("source", ANNOUNCEMENTS)
async def test_discovered_device_gone_before_the_user_confirms(
    hass: HomeAssistant, device: FakeDevice, source: str
) -> None:
    """A discovered device that went away is reported on the form."""
    result = await _discover(hass, source, _announcement(device, source))
    await device.stop()
    result = await _submit(hass, result, CREDENTIALS)
    assert result["step_id"] == "zeroconf_confirm"
    assert result["errors"] == {"base": "cannot_connect"}


async def test_homekit_announcement_keeps_the_api_port(
    hass: HomeAssistant, device: FakeDevice, mock_config_entry: MockConfigEntry
) -> None:
    """The HomeKit accessory's port is not the API's: an entry keeps its own port."""
    mock_config_entry.add_to_hass(hass)
    # A configured device at a new address: its entry takes the announced host.
    address = "192.0.2.1"
    hass.config_entries.async_update_entry(
        mock_config_entry, data={**mock_config_entry.data, CONF_HOST: address}
    )
    announcement = _announcement(device, SOURCE_HOMEKIT)
    assert announcement.port == HOMEKIT_PORT
    result = await _discover(hass, SOURCE_HOMEKIT, announcement)
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert mock_config_entry.data[CONF_HOST] == device.host
    assert mock_config_entry.data[CONF_PORT] == device.port


@pytest.mark.parametrize("source", ANNOUNCEMENTS)
async def test_discovered_device_can_be_ignored(
    hass: HomeAssistant, device: FakeDevice, source: str
) -> None:
    """Ignoring a discovered device keeps it from being offered again."""
    result = await _discover(hass, source, _announcement(device, source))
    flow = hass.config_entries.flow.async_get(result["flow_id"])
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_IGNORE},
        data={"unique_id": flow["context"]["unique_id"], "title": MODEL},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    result = await _discover(hass, source, _announcement(device, source))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


@pytest.mark.parametrize("source", ANNOUNCEMENTS)
async def test_discovery_without_a_serial_number_is_not_offered(
    hass: HomeAssistant, device: FakeDevice, source: str
) -> None:
    """An announcement that does not say which device it is starts nothing."""
    result = await _discover(
        hass, source, _announcement(device, source, serial_number=None)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_serial_number"


@pytest.mark.usefixtures("api_at_the_default_port")
@pytest.mark.parametrize("source", ANNOUNCEMENTS)
async def test_discovery_refuses_another_device_at_the_address(
    hass: HomeAssistant, device: FakeDevice, source: str
) -> None:
    """The device must be the one announced; another one at the address is not added."""
    result = await _discover(
        hass, source, _announcement(device, source, serial_number="SN-ANNOUNCED")
    )
    result = await _submit(hass, result, CREDENTIALS)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_the_discovered_device"
    assert hass.config_entries.async_entries(DOMAIN) == []
