"""Fixtures for the Eltako Series 62-IP tests."""

from collections.abc import Generator
from typing import Any
from unittest.mock import PropertyMock, patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from custom_components.eltako_62ip.const import (
    CONF_FINGERPRINT,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
)
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant

from .certificates import Certificate
from .client_fixtures import ClientFactory  # noqa: F401
from .fake_device import MODEL, FakeDevice
from .fake_server import CREDENTIALS

# Plugin modules, so that their fixtures need no import here (an imported fixture would
# shadow its parameter, which ruff refuses): the client's, which need no Home Assistant,
# then yours (tests/fixtures.py), which may override them. ClientFactory is imported
# above only for tests that import it from here, as they did before it moved.
pytest_plugins = ["tests.client_fixtures", "tests.fixtures"]


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Serialize snapshots the way Home Assistant core's tests do, into snapshots/.

    The harness declares this fixture too, but syrupy's own may win by plugin order;
    a conftest fixture always does.
    """
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load the integration from custom_components/."""


@pytest.fixture
def entry_data(
    device: FakeDevice,
    certificate: Certificate,
) -> dict[str, Any]:
    """Return the data a config entry for the fake device holds."""
    return {
        CONF_HOST: device.host,
        CONF_PORT: device.port,
        **CREDENTIALS,
        CONF_FINGERPRINT: certificate.fingerprint,
    }


@pytest.fixture
def mock_config_entry(
    device: FakeDevice, entry_data: dict[str, Any]
) -> MockConfigEntry:
    """Return a config entry for the fake device, with the serial number it reports."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=MODEL,
        unique_id=device.serial_number,
        data=entry_data,
    )


async def poll(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Let one polling interval pass and wait for the poll to finish."""
    freezer.tick(DEFAULT_SCAN_INTERVAL)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.fixture
async def init_integration(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
) -> MockConfigEntry:
    """Set up the integration against the fake device."""
    mock_config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    return mock_config_entry


@pytest.fixture
def entity_registry_enabled_by_default() -> Generator[None]:
    """Create every entity enabled, so that snapshots cover the disabled ones too."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


async def setup_platform(
    hass: HomeAssistant, entry: MockConfigEntry, platform: str
) -> None:
    """Set up the integration with only one of its platforms."""
    with patch(f"custom_components.{DOMAIN}.PLATFORMS", [platform]):
        entry.add_to_hass(hass)
        await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
