"""Config flow for the Elgato Light integration."""

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, override

import probatio

from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
)
from homeassistant.const import CONF_HOST, CONF_MAC, CONF_PORT
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
)
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from homeassistant.util.network import is_host_valid

from .api import ApiError, InvalidAuthError, InvalidResponseError, truncate
from .const import DEFAULT_PORT, DOMAIN, LOGGER, MAX_DEVICE_TEXT
from .coordinator import create_client
from .hooks import USER_FIELDS
from .models import DeviceDetails

ADDRESS_FIELDS: dict[probatio.Marker, Any] = {
    probatio.Required(CONF_HOST): TextSelector(),
    probatio.Required(CONF_PORT, default=DEFAULT_PORT): probatio.All(
        NumberSelector(
            NumberSelectorConfig(
                min=1,
                max=65535,
                step=1,
                mode=NumberSelectorMode.BOX,
            )
        ),
        probatio.Coerce(int),
    ),
}
CREDENTIAL_FIELDS: dict[probatio.Marker, Any] = {}
# hooks.USER_FIELDS: the author's own fields, kept in the entry's data.
USER_SCHEMA = probatio.Schema({**ADDRESS_FIELDS, **CREDENTIAL_FIELDS, **USER_FIELDS})
RECONFIGURE_SCHEMA = probatio.Schema({**ADDRESS_FIELDS, **USER_FIELDS})
DISCOVERY_SCHEMA = probatio.Schema({**CREDENTIAL_FIELDS, **USER_FIELDS})


def _announced_mac(discovery_info: ZeroconfServiceInfo) -> dict[str, str]:
    """Return the MAC address the announcement's TXT record carries, as entry data."""
    mac = discovery_info.properties.get("id")
    return {CONF_MAC: format_mac(mac)} if isinstance(mac, str) and mac else {}


class ElgatoLightConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up an Elgato Light device from the UI."""

    VERSION = 1
    MINOR_VERSION = 1
    # The discovered device's entry data, and what a configured entry takes from the
    # announcement (the port only when the announced service is the API).
    _discovered: dict[str, Any]
    _updates: dict[str, Any]
    # What the discovered device said it is, asked before the user confirms.
    _details: DeviceDetails

    @override
    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the device's address and credentials, and check them."""
        errors: dict[str, str] = {}
        if user_input is not None:
            result, errors = await self._async_submit("user", user_input)
            if result is not None:
                return result
        return self._async_show_step("user", user_input, errors)

    @override
    async def async_step_zeroconf(
        self, discovery_info: ZeroconfServiceInfo
    ) -> ConfigFlowResult:
        """Offer a device found on the network, or follow a configured one that moved."""
        # The announced service is the API: its port is the API's.
        return await self._async_step_discovered(
            discovery_info,
            {
                CONF_HOST: discovery_info.host,
                CONF_PORT: discovery_info.port or DEFAULT_PORT,
                **_announced_mac(discovery_info),
            },
        )

    async def _async_step_discovered(
        self, discovery_info: ZeroconfServiceInfo, updates: dict[str, Any]
    ) -> ConfigFlowResult:
        """Identify an announced device, or follow a configured one to its address.

        The updates are what a configured entry takes from the announcement.
        """
        self._updates = updates
        self._discovered = {CONF_PORT: DEFAULT_PORT, **self._updates}
        self.context["title_placeholders"] = {"name": discovery_info.name.split(".")[0]}
        # The device needs no credentials: ask it which device it is, once.
        try:
            self._details = await create_client(
                self.hass, self._discovered, attempts=1
            ).async_test_connection()
        except ApiError as err:
            LOGGER.debug("Cannot identify %s: %s", discovery_info.host, err)
            return self.async_abort(reason="cannot_connect")
        await self.async_set_unique_id(self._details.serial_number)
        # A configured device at a new address: store the address and reload.
        self._abort_if_unique_id_configured(updates=self._updates)
        self._set_confirm_only()
        return await self.async_step_zeroconf_confirm()

    async def async_step_zeroconf_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask the user to confirm the discovered device, which said what it is."""
        if user_input is not None:
            return await self._async_finish(
                {**self._discovered, **user_input}, self._details
            )
        return self._async_show_step("zeroconf_confirm", None, {})

    @override
    async def async_step_dhcp(
        self, discovery_info: DhcpServiceInfo
    ) -> ConfigFlowResult:
        """Follow a configured device that DHCP sees at a new address.

        Only devices registered with their MAC address come here (the manifest's
        registered_devices). DHCP knows no port: the entry keeps the API's.
        """
        mac = format_mac(discovery_info.macaddress)
        if entry := self._async_entry_with(CONF_MAC, mac) or self._async_entry_of(mac):
            return self._async_follow(entry, {CONF_HOST: discovery_info.ip})
        return self.async_abort(reason="no_devices_found")

    def _async_entry_of(self, mac: str) -> ConfigEntry | None:
        """Return the entry of the registered device with this MAC address, if any.

        An entry added by its address keeps no MAC address, but its device may have
        one as a connection (entity.py sets it from what the device reports).
        """
        device = dr.async_get(self.hass).async_get_device(
            connections={(dr.CONNECTION_NETWORK_MAC, mac)}
        )
        if device is None:
            return None
        return next(
            (
                entry
                for entry in self._async_current_entries(include_ignore=False)
                if entry.entry_id == device.config_entry_id
            ),
            None,
        )

    def _async_entry_with(self, key: str, value: str) -> ConfigEntry | None:
        """Return the configured entry whose data holds the value, if any."""
        return next(
            (
                entry
                for entry in self._async_current_entries(include_ignore=False)
                if entry.data.get(key) == value
            ),
            None,
        )

    def _async_follow(
        self, entry: ConfigEntry, updates: dict[str, Any]
    ) -> ConfigFlowResult:
        """Store what the announcement changed of a configured device, and abort.

        A changed entry reloads, to reach the device where it is now.
        """
        return self.async_update_reload_and_abort(
            entry,
            data_updates=updates,
            reason="already_configured",
            reload_even_if_entry_is_unchanged=False,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Let the user change the address of the same device; its credentials stay."""
        errors: dict[str, str] = {}
        if user_input is not None:
            result, errors = await self._async_submit(
                "reconfigure", {**self._get_reconfigure_entry().data, **user_input}
            )
            if result is not None:
                return result
        return self._async_show_step("reconfigure", user_input, errors)

    def _async_show_step(
        self,
        step_id: str,
        values: Mapping[str, Any] | None,
        errors: dict[str, str],
    ) -> ConfigFlowResult:
        """Show a step's form with its errors, keeping what the user typed."""
        placeholders: dict[str, str] = {}
        if step_id == "user":
            schema = self.add_suggested_values_to_schema(USER_SCHEMA, values)
        elif step_id == "reconfigure":
            schema = self.add_suggested_values_to_schema(
                RECONFIGURE_SCHEMA, values or self._get_reconfigure_entry().data
            )
        else:
            # A credentials form: secrets are never shown back.
            schema = DISCOVERY_SCHEMA
            address = self._discovered
            placeholders["host"] = address[CONF_HOST]
        return self.async_show_form(
            step_id=step_id,
            data_schema=schema,
            errors=errors,
            description_placeholders=placeholders,
        )

    def _address_updates(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Return what a configured entry of the same device takes from this flow."""
        if self.source != SOURCE_USER:
            # What the announcement said: the port only when it announced the API.
            return self._updates
        return {CONF_HOST: data[CONF_HOST], CONF_PORT: data[CONF_PORT]}

    def _async_abort_if_address_configured(self, data: Mapping[str, Any]) -> None:
        """Abort for an address an entry has, before any credential is sent."""
        self._async_abort_entries_match(
            {CONF_HOST: data[CONF_HOST], CONF_PORT: data[CONF_PORT]}
        )

    async def _async_submit(
        self, step_id: str, data: dict[str, Any]
    ) -> tuple[ConfigFlowResult | None, dict[str, str]]:
        """Check what a step's form gave and connect with it.

        Return the flow's next result, or None and the errors to show on the form.
        """
        host = data[CONF_HOST].strip()
        if not is_host_valid(host):
            # Neither an IP address nor a host name: nothing is sent anywhere.
            return None, {CONF_HOST: "invalid_host"}
        data = {**data, CONF_HOST: host}
        if self.source == SOURCE_USER:
            self._async_abort_if_address_configured(data)
        return await self._async_connect(data)

    async def _async_connect(
        self, data: dict[str, Any]
    ) -> tuple[ConfigFlowResult | None, dict[str, str]]:
        """Connect with the given settings and finish once the device has answered.

        Return the flow's next result, or None and the errors to show on the form.
        """
        try:
            # The user waits for the step: at most one timeout, no retries.
            client = create_client(self.hass, data, attempts=1)
            details = await client.async_test_connection()
        except InvalidAuthError:
            return None, {"base": "invalid_auth"}
        except InvalidResponseError as err:
            LOGGER.debug("Unexpected answer from %s: %s", data[CONF_HOST], err)
            return None, {"base": "invalid_response"}
        except ApiError as err:
            LOGGER.debug("Cannot connect to %s: %s", data[CONF_HOST], err)
            if err.status == HTTPStatus.FORBIDDEN:
                return None, {"base": "forbidden"}
            return None, {"base": "cannot_connect"}
        except Exception:  # noqa: BLE001  # the form says "unknown"; the log keeps the traceback
            LOGGER.exception("Unexpected error while connecting to %s", data[CONF_HOST])
            return None, {"base": "unknown"}
        return await self._async_finish(data, details), {}

    async def _async_finish(
        self, data: dict[str, Any], details: DeviceDetails
    ) -> ConfigFlowResult:
        """Create or update the entry once the device has said which device it is."""
        if self.source == SOURCE_RECONFIGURE:
            await self.async_set_unique_id(details.serial_number)
            self._abort_if_unique_id_mismatch()
            return self.async_update_reload_and_abort(
                self._get_reconfigure_entry(), data=data
            )
        # Another flow for the same device does not stop this one (a tab left open would
        # otherwise block the user); the first to finish wins and the others are aborted.
        await self.async_set_unique_id(details.serial_number, raise_on_progress=False)
        self._abort_if_unique_id_configured(updates=self._address_updates(data))
        # Model and serial number: entries of one model get distinct titles (the device
        # itself is named by its model). Cut, as all text from the device is where it
        # is kept.
        title = truncate(f"{details.model} {details.serial_number}", MAX_DEVICE_TEXT)
        return self.async_create_entry(title=title, data=data)
