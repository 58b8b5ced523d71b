"""Config flow for the Eltako Series 62-IP integration."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import probatio

from homeassistant.config_entries import (
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SCAN_INTERVAL,
)
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.util.network import is_host_valid

from .api import (
    ApiError,
    CertificateMismatchError,
    InvalidAuthError,
    InvalidResponseError,
)
from .const import (
    CONF_FINGERPRINT,
    CONF_TOKEN,
    CONF_TOKEN_ISSUED_AT,
    DEFAULT_PORT,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    LOGGER,
    MIN_SCAN_INTERVAL,
)
from .coordinator import (
    Eltako62ipConfigEntry,
    create_client,
)
from .models import DeviceDetails
from .tls import async_get_fingerprint, format_fingerprint

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
USER_SCHEMA = probatio.Schema({**ADDRESS_FIELDS, **CREDENTIAL_FIELDS})
RECONFIGURE_SCHEMA = probatio.Schema(ADDRESS_FIELDS)
REAUTH_SCHEMA = probatio.Schema(CREDENTIAL_FIELDS)


class Eltako62ipConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up a Eltako Series 62-IP device from the UI."""

    VERSION = 1
    MINOR_VERSION = 1
    # Entry data and identity waiting for the user to confirm the certificate.
    _pending: dict[str, Any]
    _details: DeviceDetails

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the device's address and credentials, and check them."""
        errors: dict[str, str] = {}
        if user_input is not None:
            data, details, errors = await self._async_try_connect(user_input)
            if details is not None:
                return await self._async_finish(data, details)
        return self.async_show_form(
            step_id="user",
            # Keep what the user typed when the form comes back with an error.
            data_schema=self.add_suggested_values_to_schema(USER_SCHEMA, user_input),
            errors=errors,
        )

    async def _async_finish(
        self, data: dict[str, Any], details: DeviceDetails
    ) -> ConfigFlowResult:
        """Create the entry once the device is known, unless it is already set up.

        Another flow for the same device does not stop this one (a tab left open would
        otherwise block the user); the first to finish wins and the others are aborted.
        """
        await self.async_set_unique_id(details.serial_number, raise_on_progress=False)
        self._abort_if_unique_id_configured(
            updates={CONF_HOST: data[CONF_HOST], CONF_PORT: data[CONF_PORT]}
        )
        self._pending, self._details = data, details
        return await self.async_step_certificate()

    async def async_step_certificate(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show the certificate's fingerprint and pin it once the user confirms."""
        if user_input is not None:
            return self.async_create_entry(
                title=self._details.model, data=self._pending
            )
        return self.async_show_form(
            step_id="certificate",
            description_placeholders={
                "fingerprint": format_fingerprint(self._pending[CONF_FINGERPRINT])
            },
        )

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Start here when the device rejects the stored credentials."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for new credentials and check them against the same device."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        placeholders = {"host": entry.data[CONF_HOST]}
        # Read the certificate now, so the user sees what will be pinned.
        try:
            fingerprint = await async_get_fingerprint(
                entry.data[CONF_HOST], entry.data[CONF_PORT]
            )
        except ApiError:
            fingerprint = entry.data[CONF_FINGERPRINT]
            errors["base"] = "cannot_connect"
        placeholders["fingerprint"] = format_fingerprint(fingerprint)
        if user_input is not None and not errors:
            data, details, errors = await self._async_try_connect(
                {**entry.data, **user_input, CONF_FINGERPRINT: fingerprint}
            )
            if details is not None:
                await self.async_set_unique_id(details.serial_number)
                self._abort_if_unique_id_mismatch()
                return self.async_update_reload_and_abort(entry, data=data)
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=REAUTH_SCHEMA,
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Let the user change the address of the same device."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data, details, errors = await self._async_try_connect(
                {**entry.data, **user_input}
            )
            if details is not None:
                await self.async_set_unique_id(details.serial_number)
                self._abort_if_unique_id_mismatch()
                return self.async_update_reload_and_abort(entry, data=data)
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                RECONFIGURE_SCHEMA, user_input or entry.data
            ),
            errors=errors,
        )

    async def _async_try_connect(
        self, data: dict[str, Any]
    ) -> tuple[dict[str, Any], DeviceDetails | None, dict[str, str]]:
        """Connect with the given settings.

        Return the data to store (with what connecting added to it), the device's
        identity, and the errors to show; the identity is None when there are errors.
        """
        host = data[CONF_HOST].strip()
        if not is_host_valid(host):
            # Neither an IP address nor a host name: nothing is sent anywhere.
            return data, None, {CONF_HOST: "invalid_host"}
        data = {**data, CONF_HOST: host}
        # Credentials may have changed: a stored token must not outlive them.
        data = {
            key: value
            for key, value in data.items()
            if key not in (CONF_TOKEN, CONF_TOKEN_ISSUED_AT)
        }
        try:
            if CONF_FINGERPRINT not in data:
                data = {
                    **data,
                    CONF_FINGERPRINT: await async_get_fingerprint(
                        data[CONF_HOST], data[CONF_PORT]
                    ),
                }
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
            return data, None, {"base": "invalid_auth"}
        except CertificateMismatchError:
            return data, None, {"base": "certificate_changed"}
        except InvalidResponseError as err:
            LOGGER.debug("Unexpected answer from %s: %s", data[CONF_HOST], err)
            return data, None, {"base": "invalid_response"}
        except ApiError as err:
            LOGGER.debug("Cannot connect to %s: %s", data[CONF_HOST], err)
            return data, None, {"base": "cannot_connect"}
        except Exception:  # noqa: BLE001  # the form says "unknown"; the log keeps the traceback
            LOGGER.exception("Unexpected error while connecting to %s", data[CONF_HOST])
            return data, None, {"base": "unknown"}
        return data, details, {}

    @staticmethod
    @callback
    def async_get_options_flow(
        config_entry: Eltako62ipConfigEntry,
    ) -> Eltako62ipOptionsFlow:
        """Return the options flow."""
        return Eltako62ipOptionsFlow()


class Eltako62ipOptionsFlow(OptionsFlowWithReload):
    """Change how often the device is polled; the entry reloads with it."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the polling interval."""
        if user_input is not None:
            return self.async_create_entry(data=user_input)
        schema = probatio.Schema(
            {
                probatio.Required(CONF_SCAN_INTERVAL): probatio.All(
                    NumberSelector(
                        NumberSelectorConfig(
                            min=MIN_SCAN_INTERVAL.total_seconds(),
                            max=86400,
                            step=1,
                            unit_of_measurement="s",
                            mode=NumberSelectorMode.BOX,
                        )
                    ),
                    probatio.Coerce(int),
                    probatio.Range(min=int(MIN_SCAN_INTERVAL.total_seconds())),
                )
            }
        )
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                schema,
                {
                    CONF_SCAN_INTERVAL: int(DEFAULT_SCAN_INTERVAL.total_seconds()),
                    **self.config_entry.options,
                },
            ),
        )
