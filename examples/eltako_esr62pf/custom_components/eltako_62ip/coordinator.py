"""Polls the Eltako Series 62-IP device and shares its state with every entity."""

from collections.abc import Awaitable, Callable, Coroutine, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, override

from eltako62ip.api import (
    ApiError,
    CannotConnectError,
    CertificateMismatchError,
    InvalidAuthError,
    Token,
)
from eltako62ip.device import DeviceClient
from eltako62ip.models import DeviceData, DeviceDetails

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_TOKEN
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
    ConfigEntryError,
    HomeAssistantError,
)
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .const import (
    CONF_FINGERPRINT,
    CONF_TOKEN_ISSUED_AT,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    FIXED_USERNAME,
    LOGGER,
    STALE_DEVICE_AFTER,
    STALE_DEVICE_READS,
)

if TYPE_CHECKING:
    # hooks.py builds on this module; only the type is needed here.
    from .hooks import ExtraRuntimeData

type Eltako62ipConfigEntry = ConfigEntry[
    Eltako62ipDataUpdateCoordinator  # kept in entry.runtime_data
]


def create_client(
    hass: HomeAssistant,
    data: Mapping[str, Any],
    on_token: Callable[[Token], None] | None = None,
    *,
    attempts: int | None = None,
) -> DeviceClient:
    """Build an API client from config entry data, or config flow input of that shape."""
    return DeviceClient(
        async_get_clientsession(hass),
        data[CONF_HOST],
        data[CONF_PORT],
        FIXED_USERNAME,
        data[CONF_PASSWORD],
        fingerprint=data[CONF_FINGERPRINT],
        token=(
            Token(data[CONF_TOKEN], data[CONF_TOKEN_ISSUED_AT])
            if CONF_TOKEN in data
            else None
        ),
        on_token=on_token,
        config=data,
        attempts=attempts,
    )


def describes(current: set[str], device: dr.AnyDeviceEntry) -> bool:
    """Return whether device is one of the devices whose identifiers are current."""
    return any(
        domain == DOMAIN and identifier in current
        for domain, identifier in device.identifiers
    )


class Eltako62ipDataUpdateCoordinator(
    DataUpdateCoordinator[DeviceData],
):
    """Fetches the device's state once per interval for all entities."""

    config_entry: Eltako62ipConfigEntry
    device: DeviceDetails
    # Yours: built by hooks.async_setup_extra_runtime_data() once the first refresh
    # succeeded (a second coordinator, say).
    extra: ExtraRuntimeData

    def __init__(
        self,
        hass: HomeAssistant,
        entry: Eltako62ipConfigEntry,
    ) -> None:
        """Build the API client from the config entry."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=DOMAIN,
            # The integration's choice: core does not let users set it.
            update_interval=DEFAULT_SCAN_INTERVAL,
        )
        self.client = create_client(hass, entry.data, on_token=self._store_token)
        # When each device of the entry that the data stopped describing went missing,
        # and from how many full reads in a row.
        self._missing: dict[str, tuple[datetime, int]] = {}

    def _store_token(self, token: Token) -> None:
        """Keep a new token in the entry, so that a restart reuses it."""
        self.hass.config_entries.async_update_entry(
            self.config_entry,
            data={
                **self.config_entry.data,
                CONF_TOKEN: token.value,
                CONF_TOKEN_ISSUED_AT: token.issued_at,
            },
        )

    @override
    async def _async_setup(self) -> None:
        """Read the device's identity once, before the first poll.

        Another device at the entry's address (a new DHCP lease, a replaced device)
        stops the setup: its data would be taken for this device's, and the stale-device
        sweep would delete the configured device and its entities.
        """
        self.device = await self._call(self.client.async_test_connection())
        expected = self.config_entry.unique_id
        if expected is not None and self.device.serial_number != expected:
            raise ConfigEntryError(
                translation_domain=DOMAIN,
                translation_key="device_mismatch",
                translation_placeholders={
                    "host": self.config_entry.data[CONF_HOST],
                    "expected": expected,
                    "found": self.device.serial_number,
                },
            )

    @override
    async def _async_update_data(self) -> DeviceData:
        """Fetch the device's current state; forget the devices it no longer reports."""
        data = await self._call(self.client.async_get_data())
        self._remove_stale_devices(data)
        return data

    def _remove_stale_devices(self, data: DeviceData) -> None:
        """Remove each device of this entry that full reads have long stopped describing.

        One answer without a device (a flaky hub, a partial list) proves nothing: it
        goes once STALE_DEVICE_READS reads in a row, over STALE_DEVICE_AFTER at least,
        have not described it. Events never remove a device. A device belongs to
        exactly one config entry (Home Assistant 2026.8 and newer), so removing it
        takes nothing from another entry.
        """
        current = data.device_ids(self.device)
        registry = dr.async_get(self.hass)
        now = dt_util.utcnow()
        missing: dict[str, tuple[datetime, int]] = {}
        for device in dr.async_entries_for_config_entry(
            registry, self.config_entry.entry_id
        ):
            if describes(current, device):
                continue
            since, reads = self._missing.get(device.id, (now, 0))
            reads += 1
            if reads >= STALE_DEVICE_READS and now - since >= STALE_DEVICE_AFTER:
                LOGGER.info(
                    "Removing %s: %s no longer reports it", device.name, self.client
                )
                registry.async_remove_device(device.id)
            else:
                missing[device.id] = (since, reads)
        self._missing = missing

    async def async_command(self, command: Awaitable[object]) -> None:
        """Carry out a command, then read the device back instead of assuming its state.

        A device error becomes a translated error. Rejected credentials also start
        reauthentication, as a rejected poll does: core asks actions to do so.
        """
        try:
            await command
        except InvalidAuthError as err:
            self.config_entry.async_start_reauth(self.hass)
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="invalid_auth",
            ) from err
        except CertificateMismatchError as err:
            self.config_entry.async_start_reauth(self.hass)
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="certificate_changed",
            ) from err
        except ApiError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="command_failed",
                translation_placeholders={"error": str(err)},
            ) from err
        # Read back at once, not debounced: the entities show the command's effect
        # right away, as core's integrations do.
        await self.async_refresh()

    async def _call[T](self, request: Coroutine[Any, Any, T]) -> T:
        """Await a client call, turning its errors into what the coordinator expects."""
        try:
            return await request
        except InvalidAuthError as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN,
                translation_key="invalid_auth",
            ) from err
        except CertificateMismatchError as err:
            # Never accepted silently: the reauth flow shows the new certificate.
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN,
                translation_key="certificate_changed",
            ) from err
        except ApiError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="update_failed",
                translation_placeholders={"error": str(err)},
                # A device that asked for a pause (429 Retry-After) is not polled sooner.
                retry_after=(
                    err.retry_after if isinstance(err, CannotConnectError) else None
                ),
            ) from err
