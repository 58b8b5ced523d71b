"""Tests for setting up, unloading and migrating the Eltako Series 62-IP integration."""

from pathlib import Path

from eltako62ip.const import API_BASE_PATH
from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.eltako_62ip.const import DOMAIN
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import CONF_TOKEN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er

from .certificates import make_certificate
from .conftest import poll
from .fake_device import DATA_PATH, DETAILS_PATH, MODEL, SERIAL_NUMBER, FakeDevice


async def test_setup_and_unload(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """The entry loads, reads the device's identity first, then its data, and unloads."""
    assert init_integration.state is ConfigEntryState.LOADED
    reads = [request for request in device.requests if request.startswith("GET ")]
    assert reads[0] == f"GET {API_BASE_PATH}{DETAILS_PATH}"
    assert f"GET {API_BASE_PATH}{DATA_PATH}" in reads[1:]

    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.NOT_LOADED


async def test_another_device_at_the_address_is_not_taken_for_this_one(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """A different device answering at the address stops setup; nothing is removed."""
    entry = init_integration
    device_registry, entity_registry = dr.async_get(hass), er.async_get(hass)
    devices = dr.async_entries_for_config_entry(device_registry, entry.entry_id)
    entities = er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    assert devices
    assert await hass.config_entries.async_unload(entry.entry_id)

    device.serial_number = "SN-SOMEONE-ELSE"
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert entry.error_reason_translation_key == "device_mismatch"
    assert entry.error_reason_translation_placeholders == {
        "host": device.host,
        "expected": SERIAL_NUMBER,
        "found": "SN-SOMEONE-ELSE",
    }
    devices_now = dr.async_entries_for_config_entry(device_registry, entry.entry_id)
    entities_now = er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    assert (devices_now, entities_now) == (devices, entities)


async def test_failed_first_poll_is_retried(
    hass: HomeAssistant, device: FakeDevice, mock_config_entry: MockConfigEntry
) -> None:
    """A device that answers its identity but not its data is retried too."""
    device.raw_bodies[DATA_PATH] = b'"not the data"'
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY


async def test_rejected_credentials_start_reauth(
    hass: HomeAssistant, device: FakeDevice, mock_config_entry: MockConfigEntry
) -> None:
    """Credentials the device rejects fail setup and ask the user for new ones."""
    device.status = 401
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress()
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert flows[0]["context"]["entry_id"] == mock_config_entry.entry_id


@pytest.mark.parametrize("status", [403])
async def test_refused_access_is_retried_without_reauth(
    hass: HomeAssistant,
    device: FakeDevice,
    mock_config_entry: MockConfigEntry,
    status: int,
) -> None:
    """A 403 refuses the request, not the credentials: setup retries, no reauth."""
    device.status = status
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    assert mock_config_entry.state is ConfigEntryState.SETUP_RETRY
    assert hass.config_entries.flow.async_progress() == []


async def test_older_entry_is_migrated(
    hass: HomeAssistant, device: FakeDevice, entry_data: dict[str, object]
) -> None:
    """An entry stored by an older minor version still loads."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=MODEL,
        unique_id=SERIAL_NUMBER,
        data=entry_data,
        version=1,
        minor_version=0,
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


async def test_entry_from_a_newer_release_is_refused(
    hass: HomeAssistant, device: FakeDevice, entry_data: dict[str, object]
) -> None:
    """An entry stored by a newer major version is not misread."""
    entry = MockConfigEntry(
        domain=DOMAIN, title=MODEL, unique_id=SERIAL_NUMBER, data=entry_data, version=2
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.MIGRATION_ERROR


async def test_token_is_kept_across_restarts(
    hass: HomeAssistant, device: FakeDevice, init_integration: MockConfigEntry
) -> None:
    """The token from the first login is stored and reused after a reload."""
    assert device.logins == 1
    assert init_integration.data[CONF_TOKEN] == device.tokens[0]
    for _ in range(3):
        assert await hass.config_entries.async_reload(init_integration.entry_id)
        await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.LOADED
    assert device.logins == 1


async def test_revoked_token_is_replaced_once(
    hass: HomeAssistant,
    device: FakeDevice,
    freezer: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    """A token the device revoked is replaced by one login, and stored."""
    device.revoke_tokens()
    await poll(hass, freezer)
    assert init_integration.runtime_data.last_update_success
    assert device.logins == 2
    assert init_integration.data[CONF_TOKEN] == device.tokens[-1]


async def test_changed_certificate_starts_reauth(
    hass: HomeAssistant,
    device: FakeDevice,
    mock_config_entry: MockConfigEntry,
    tmp_path: Path,
) -> None:
    """A device presenting another certificate is not talked to; the user decides."""
    await device.stop()
    await device.start(make_certificate("replacement").server_context(tmp_path))
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress()
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert device.requests == []
