"""Service actions of the Elgato Light integration."""

import probatio

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_CONFIG_ENTRY_ID
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv

from .const import DOMAIN
from .coordinator import ElgatoLightConfigEntry

ATTR_COMMAND = "command"
SERVICE_SEND_COMMAND = "send_command"

SEND_COMMAND_SCHEMA = probatio.Schema(
    {
        probatio.Required(ATTR_CONFIG_ENTRY_ID): cv.string,
        probatio.Required(ATTR_COMMAND): probatio.All(
            cv.string, probatio.Length(min=1, max=64)
        ),
    }
)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions once, when the integration loads."""
    hass.services.async_register(
        DOMAIN, SERVICE_SEND_COMMAND, _async_send_command, schema=SEND_COMMAND_SCHEMA
    )


def _loaded_entry(call: ServiceCall) -> ElgatoLightConfigEntry:
    """Return the config entry the call names, if it is set up."""
    entry_id = call.data[ATTR_CONFIG_ENTRY_ID]
    entry = call.hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="entry_not_found",
            translation_placeholders={"entry_id": entry_id},
        )
    if entry.state is not ConfigEntryState.LOADED:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="entry_not_loaded",
            translation_placeholders={"title": entry.title},
        )
    return entry


async def _async_send_command(call: ServiceCall) -> None:
    """Send a command to the device of the named config entry."""
    entry = _loaded_entry(call)
    coordinator = entry.runtime_data
    await coordinator.async_command(
        coordinator.client.async_send_command(call.data[ATTR_COMMAND])
    )
