"""Tests for the Elgato Light config flow, against the fake device."""

from collections.abc import AsyncGenerator, Callable
from dataclasses import replace
from fnmatch import fnmatchcase
from typing import Any
from unittest.mock import patch

import probatio
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.elgato_light.const import DEFAULT_PORT, DOMAIN, MAX_DEVICE_TEXT
from custom_components.elgato_light.device import DeviceClient
from custom_components.elgato_light.hooks import USER_FIELDS
from custom_components.elgato_light.models import DeviceDetails
from homeassistant.config_entries import (
    SOURCE_DHCP,
    SOURCE_IGNORE,
    SOURCE_USER,
    SOURCE_ZEROCONF,
    ConfigEntryState,
)
from homeassistant.const import CONF_HOST, CONF_MAC, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from homeassistant.loader import async_get_dhcp, async_get_zeroconf

from .fake_device import DETAILS_PATH, MODEL, SERIAL_NUMBER, FakeDevice
from .fake_server import CREDENTIALS
from .fixtures import MAC_ADDRESS, dhcp_announcement, zeroconf_announcement

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


async def _start_user_flow(hass: HomeAssistant) -> Any:
    return await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )


async def _submit(hass: HomeAssistant, result: Any, user_input: dict[str, Any]) -> Any:
    """Submit a form, confirm the certificate it shows if any, and wait for setup."""
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input
    )
    await hass.async_block_till_done()
    return result


async def test_user_flow_creates_entry(
    hass: HomeAssistant,
    device: FakeDevice,
) -> None:
    """A reachable device with valid credentials becomes a config entry."""
    result = await _start_user_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _user_input(device)
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == TITLE
    entry = result["result"]
    assert entry.unique_id == SERIAL_NUMBER
    assert entry.state is ConfigEntryState.LOADED
    for key, value in _user_input(device).items():
        assert entry.data[key] == value


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
        "custom_components.elgato_light.device.DeviceClient.async_test_connection",
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


async def test_user_flow_finds_a_configured_device_at_a_new_address(
    hass: HomeAssistant, device: FakeDevice, mock_config_entry: MockConfigEntry
) -> None:
    """The same device (same serial number) is not added twice; its entry follows it."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, data={**mock_config_entry.data, CONF_HOST: "192.0.2.1"}
    )
    result = await _start_user_flow(hass)
    result = await _submit(hass, result, _user_input(device))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert mock_config_entry.data[CONF_HOST] == device.host
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


@pytest.fixture
async def moved(device: FakeDevice) -> AsyncGenerator[FakeDevice]:
    """Return the device after a move: gone from its address, answering at another."""
    await device.stop()
    moved = FakeDevice()
    await moved.start()
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


# How the device announces itself, by discovery source: what the fake device says.
ANNOUNCEMENTS: dict[str, Callable[[FakeDevice], ZeroconfServiceInfo]] = {
    SOURCE_ZEROCONF: lambda device: zeroconf_announcement(device.host, device.port),
}


def _announcement(device: FakeDevice, source: str) -> ZeroconfServiceInfo:
    """Return what the device announces through the source."""
    return ANNOUNCEMENTS[source](device)


async def _discover(
    hass: HomeAssistant, source: str, discovery_info: ZeroconfServiceInfo
) -> Any:
    return await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": source}, data=discovery_info
    )


async def test_manifest_matches_the_announcement(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """Home Assistant reads the manifest's matcher, and it accepts the announcement."""
    announcement = zeroconf_announcement(device.host, device.port)
    matchers = [
        matcher
        for matcher in (await async_get_zeroconf(hass))[announcement.type]
        if matcher["domain"] == DOMAIN
    ]
    assert matchers
    for matcher in matchers:
        assert fnmatchcase(announcement.name.lower(), matcher.get("name", "*"))
        for key, pattern in matcher.get("properties", {}).items():
            assert fnmatchcase(announcement.properties[key].lower(), pattern)


@pytest.mark.parametrize("source", ANNOUNCEMENTS)
async def test_discovery_creates_entry(
    hass: HomeAssistant, device: FakeDevice, source: str
) -> None:
    """A discovered device says which device it is; the user confirms, nothing more."""
    result = await _discover(hass, source, _announcement(device, source))
    assert result["step_id"] == "zeroconf_confirm"
    assert result["description_placeholders"] == {"host": device.host}
    flow = hass.config_entries.flow.async_get(result["flow_id"])
    # The device needs no credentials: it was asked which device it is, once.
    assert flow["context"]["unique_id"] == SERIAL_NUMBER
    assert device.requests_to(DETAILS_PATH) == len(device.requests) == 1
    result = await _submit(hass, result, CREDENTIALS)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    entry = result["result"]
    assert entry.unique_id == SERIAL_NUMBER
    assert entry.title == TITLE
    assert entry.state is ConfigEntryState.LOADED
    assert entry.data[CONF_HOST] == device.host
    assert entry.data[CONF_PORT] == device.port
    # The announced MAC address is the device's network connection.
    device_entry = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, SERIAL_NUMBER), entry.entry_id
    )
    assert device_entry is not None
    mac = {SOURCE_ZEROCONF: format_mac(MAC_ADDRESS)}.get(source)
    assert entry.data.get(CONF_MAC) == mac
    assert device_entry.connections == (
        {(dr.CONNECTION_NETWORK_MAC, mac)} if mac else set()
    )


@pytest.mark.parametrize("source", ANNOUNCEMENTS)
async def test_discovered_device_that_does_not_answer_is_not_offered(
    hass: HomeAssistant, device: FakeDevice, source: str
) -> None:
    """A device that cannot say which device it is starts nothing."""
    await device.stop()
    result = await _discover(hass, source, _announcement(device, source))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "cannot_connect"


async def test_zeroconf_follows_a_configured_device_to_its_new_address(
    hass: HomeAssistant, init_integration: MockConfigEntry, moved: FakeDevice
) -> None:
    """A known device announced elsewhere: its entry takes the address and reloads."""
    result = await _discover(
        hass, SOURCE_ZEROCONF, _announcement(moved, SOURCE_ZEROCONF)
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert init_integration.data[CONF_PORT] == moved.port
    assert init_integration.state is ConfigEntryState.LOADED
    assert moved.requests_to(DETAILS_PATH) >= 1


async def test_zeroconf_knows_a_configured_device_by_its_mac_address(
    hass: HomeAssistant, device: FakeDevice, mock_config_entry: MockConfigEntry
) -> None:
    """A device configured with its MAC address, announced elsewhere, is followed."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry,
        data={
            **mock_config_entry.data,
            CONF_HOST: "192.0.2.1",
            CONF_MAC: format_mac(MAC_ADDRESS),
        },
    )
    result = await _discover(
        hass, SOURCE_ZEROCONF, _announcement(device, SOURCE_ZEROCONF)
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert mock_config_entry.data[CONF_HOST] == device.host
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_manifest_asks_dhcp_for_registered_devices(hass: HomeAssistant) -> None:
    """DHCP reports the addresses of devices registered with a MAC address."""
    matchers = [
        matcher for matcher in await async_get_dhcp(hass) if matcher["domain"] == DOMAIN
    ]
    assert matchers == [{"domain": DOMAIN, "registered_devices": True}]


async def test_dhcp_follows_a_configured_device_to_its_new_address(
    hass: HomeAssistant, device: FakeDevice, mock_config_entry: MockConfigEntry
) -> None:
    """DHCP sees a configured device elsewhere: the entry takes the address, not a port."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry,
        data={
            **mock_config_entry.data,
            CONF_HOST: "192.0.2.1",
            CONF_MAC: format_mac(MAC_ADDRESS),
        },
    )
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=dhcp_announcement(device.host)
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert mock_config_entry.data[CONF_HOST] == device.host
    assert mock_config_entry.data[CONF_PORT] == device.port
    assert mock_config_entry.state is ConfigEntryState.LOADED

    # Seen again where it is: nothing changes, nothing reloads.
    requests = len(device.requests)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=dhcp_announcement(device.host)
    )
    await hass.async_block_till_done()
    assert result["reason"] == "already_configured"
    assert len(device.requests) == requests


async def test_dhcp_follows_a_device_registered_with_its_mac_address(
    hass: HomeAssistant,
    device: FakeDevice,
    mock_config_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """An entry added by its address is followed by its device's MAC connection."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, data={**mock_config_entry.data, CONF_HOST: "192.0.2.1"}
    )
    device_registry.async_get_or_create(
        config_entry_id=mock_config_entry.entry_id,
        connections={(dr.CONNECTION_NETWORK_MAC, format_mac(MAC_ADDRESS))},
        identifiers={(DOMAIN, "known-by-its-mac-address")},
    )
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=dhcp_announcement(device.host)
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert mock_config_entry.data[CONF_HOST] == device.host
    assert CONF_MAC not in mock_config_entry.data


async def test_dhcp_offers_no_unknown_device(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """A MAC address no entry has starts nothing and changes no entry."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_DHCP},
        data=replace(dhcp_announcement("192.0.2.9"), macaddress="020000000001"),
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_devices_found"
    assert init_integration.data[CONF_HOST] == device.host


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
