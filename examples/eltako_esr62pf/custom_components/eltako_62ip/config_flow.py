"""Config flow for the Eltako Series 62-IP integration."""

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, override

from eltako62ip.api import (
    ApiError,
    CertificateMismatchError,
    InvalidAuthError,
    InvalidResponseError,
    truncate,
)
from eltako62ip.const import MAX_DEVICE_TEXT
from eltako62ip.models import DeviceDetails
from eltako62ip.tls import async_get_fingerprint, format_fingerprint
import probatio

from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
)
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_TOKEN
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from homeassistant.util.network import is_host_valid

from .const import CONF_FINGERPRINT, CONF_TOKEN_ISSUED_AT, DEFAULT_PORT, DOMAIN, LOGGER
from .coordinator import create_client
from .hooks import USER_FIELDS

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
CREDENTIAL_FIELDS: dict[probatio.Marker, Any] = {
    probatio.Required(CONF_PASSWORD): TextSelector(
        TextSelectorConfig(
            type=TextSelectorType.PASSWORD, autocomplete="current-password"
        )
    ),
}
# hooks.USER_FIELDS: the author's own fields, kept in the entry's data.
USER_SCHEMA = probatio.Schema({**ADDRESS_FIELDS, **CREDENTIAL_FIELDS, **USER_FIELDS})
RECONFIGURE_SCHEMA = probatio.Schema({**ADDRESS_FIELDS, **USER_FIELDS})
REAUTH_SCHEMA = probatio.Schema(CREDENTIAL_FIELDS)
DISCOVERY_SCHEMA = probatio.Schema({**CREDENTIAL_FIELDS, **USER_FIELDS})
# A token belongs to the credentials it was issued for.
TOKEN_KEYS = (CONF_TOKEN, CONF_TOKEN_ISSUED_AT)
# Devices announce themselves as <prefix><serial number>.local.
SERIAL_HOSTNAME_PREFIX = "eltako-"


def _discovered_serial_number(discovery_info: ZeroconfServiceInfo) -> str | None:
    """Return the serial number in the announced host name, if it has one."""
    name = discovery_info.hostname.removesuffix(".").removesuffix(".local")
    if not name.lower().startswith(SERIAL_HOSTNAME_PREFIX):
        return None
    return name[len(SERIAL_HOSTNAME_PREFIX) :] or None


class Eltako62ipConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up an Eltako Series 62-IP device from the UI."""

    VERSION = 1
    MINOR_VERSION = 1
    # The discovered device's entry data, and what a configured entry takes from the
    # announcement (the port only when the announced service is the API).
    _discovered: dict[str, Any]
    _updates: dict[str, Any]
    # Trust on first use: the entry data with the fingerprint the user is shown (and
    # the one shown or pinned before it, when it changed), and the form to go back to
    # when connecting with it fails.
    _pending: dict[str, Any]
    _previous_fingerprint: str
    _return_to: str

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
    async def async_step_homekit(
        self, discovery_info: ZeroconfServiceInfo
    ) -> ConfigFlowResult:
        """Offer a device found by its HomeKit announcement, or follow one that moved.

        The announced port is the HomeKit accessory's, not the API's: a new entry takes
        the default port, and a configured one keeps its own.
        """
        return await self._async_step_discovered(
            discovery_info, {CONF_HOST: discovery_info.host}
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
        if not (serial_number := _discovered_serial_number(discovery_info)):
            return self.async_abort(reason="no_serial_number")
        await self.async_set_unique_id(serial_number)
        # A configured device at a new address: store the address and reload.
        self._abort_if_unique_id_configured(updates=self._updates)
        return await self.async_step_zeroconf_confirm()

    async def async_step_zeroconf_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the credentials of the discovered device, and check them."""
        errors: dict[str, str] = {}
        if user_input is not None:
            result, errors = await self._async_submit(
                "zeroconf_confirm", {**self._discovered, **user_input}
            )
            if result is not None:
                return result
        return self._async_show_step("zeroconf_confirm", user_input, errors)

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Start here when the device rejects the stored credentials."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for new credentials and check them against the same device.

        Nothing is sent to the device before the user submits the form.
        """
        errors: dict[str, str] = {}
        if user_input is not None:
            entry_data = self._get_reauth_entry().data
            # The stored token was refused: log in with the credentials just entered.
            stored = {
                key: value for key, value in entry_data.items() if key not in TOKEN_KEYS
            }
            result, errors = await self._async_submit(
                "reauth_confirm", {**stored, **user_input}
            )
            if result is not None:
                return result
        return self._async_show_step("reauth_confirm", None, errors)

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

    async def async_step_certificate(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the fingerprint of the device's certificate; pin it once confirmed."""
        if user_input is not None:
            return await self._async_confirm_certificate()
        return self.async_show_form(
            step_id="certificate",
            description_placeholders={
                "fingerprint": format_fingerprint(self._pending[CONF_FINGERPRINT])
            },
        )

    async def async_step_certificate_changed(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the previous and the new fingerprint; pin the new one once confirmed."""
        if user_input is not None:
            return await self._async_confirm_certificate()
        return self.async_show_form(
            step_id="certificate_changed",
            description_placeholders={
                "host": self._pending[CONF_HOST],
                "previous_fingerprint": format_fingerprint(self._previous_fingerprint),
                "fingerprint": format_fingerprint(self._pending[CONF_FINGERPRINT]),
            },
        )

    async def _async_confirm_certificate(self) -> ConfigFlowResult:
        """Connect pinned to exactly the certificate the user confirmed."""
        if self.source == SOURCE_USER:
            # Another flow may have added the address while this one waited.
            self._async_abort_if_address_configured(self._pending)
        result, errors = await self._async_connect(self._pending)
        if result is not None:
            return result
        return self._async_show_step(self._return_to, self._pending, errors)

    async def _async_show_certificate(
        self, data: dict[str, Any]
    ) -> tuple[ConfigFlowResult | None, dict[str, str]]:
        """Read the device's certificate, sending nothing, and show it to the user.

        Data that holds a fingerprint already (pinned, or shown before) means the
        certificate changed: the user sees both and decides.
        """
        try:
            fingerprint = await async_get_fingerprint(data[CONF_HOST], data[CONF_PORT])
        except ApiError as err:
            LOGGER.debug("Cannot read the certificate of %s: %s", data[CONF_HOST], err)
            return None, {"base": "cannot_connect"}
        if self.source not in (SOURCE_REAUTH, SOURCE_RECONFIGURE) and (
            entry := self._async_entry_pinning(fingerprint)
        ):
            # A configured device at another address (its IP address rather than its
            # host name): logging in would spend a credential, on some devices one of
            # a few key slots, to learn what the certificate already says.
            return await self._async_abort_for_pinned(entry, data), {}
        self._pending = {**data, CONF_FINGERPRINT: fingerprint}
        if CONF_FINGERPRINT in data:
            self._previous_fingerprint = data[CONF_FINGERPRINT]
            return await self.async_step_certificate_changed(), {}
        return await self.async_step_certificate(), {}

    def _async_entry_pinning(self, fingerprint: str) -> ConfigEntry | None:
        """Return the one entry that pins this certificate, if exactly one does.

        Pinning assumes that each device makes its own certificate, so that the same
        certificate is the same device. Where several entries pin one, it names none.
        """
        pinning = [
            entry
            for entry in self._async_current_entries(include_ignore=False)
            if entry.data.get(CONF_FINGERPRINT) == fingerprint
        ]
        return pinning[0] if len(pinning) == 1 else None

    async def _async_abort_for_pinned(
        self, entry: ConfigEntry, data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Abort for a configured device; its entry follows it only if it moved.

        Where the entry's own address still presents the certificate, the device
        answers at both addresses and the entry keeps its own.
        """
        try:
            presented = await async_get_fingerprint(
                entry.data[CONF_HOST], entry.data[CONF_PORT]
            )
            moved = presented != entry.data[CONF_FINGERPRINT]
        except ApiError:
            moved = True
        return self.async_update_reload_and_abort(
            entry,
            data_updates=self._address_updates(data) if moved else {},
            reason="already_configured",
            reload_even_if_entry_is_unchanged=False,
        )

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
            discovered = step_id == "zeroconf_confirm"
            schema = DISCOVERY_SCHEMA if discovered else REAUTH_SCHEMA
            address = self._discovered if discovered else self._get_reauth_entry().data
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
        self._return_to = step_id
        if CONF_FINGERPRINT not in data:
            # Trust on first use: the user confirms the certificate before any request.
            return await self._async_show_certificate(data)
        return await self._async_connect(data)

    async def _async_connect(
        self, data: dict[str, Any]
    ) -> tuple[ConfigFlowResult | None, dict[str, str]]:
        """Connect with the given settings and finish once the device has answered.

        Return the flow's next result, or None and the errors to show on the form.
        """
        try:
            client = create_client(
                self.hass,
                data,
                # Keep the token the check logs in with: setup reuses it.
                on_token=lambda token: data.update(
                    {CONF_TOKEN: token.value, CONF_TOKEN_ISSUED_AT: token.issued_at}
                ),
                # The user waits for the step: at most one timeout, no retries.
                attempts=1,
            )
            details = await client.async_test_connection()
        except InvalidAuthError:
            return None, {"base": "invalid_auth"}
        except CertificateMismatchError:
            # Not the certificate the user confirmed: nothing was sent; show the new one.
            return await self._async_show_certificate(data)
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
        if self.source in (SOURCE_REAUTH, SOURCE_RECONFIGURE):
            await self.async_set_unique_id(details.serial_number)
            self._abort_if_unique_id_mismatch()
            entry = (
                self._get_reauth_entry()
                if self.source == SOURCE_REAUTH
                else self._get_reconfigure_entry()
            )
            return self.async_update_reload_and_abort(entry, data=data)
        if self.source != SOURCE_USER and details.serial_number != self.unique_id:
            # Another device answers at the announced address: add nothing.
            return self.async_abort(reason="not_the_discovered_device")
        # Another flow for the same device does not stop this one (a tab left open would
        # otherwise block the user); the first to finish wins and the others are aborted.
        await self.async_set_unique_id(details.serial_number, raise_on_progress=False)
        self._abort_if_unique_id_configured(updates=self._address_updates(data))
        # Model and serial number: entries of one model get distinct titles (the device
        # itself is named by its model). Cut, as all text from the device is where it
        # is kept.
        title = truncate(f"{details.model} {details.serial_number}", MAX_DEVICE_TEXT)
        return self.async_create_entry(title=title, data=data)
