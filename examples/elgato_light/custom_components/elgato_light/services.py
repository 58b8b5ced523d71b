"""The identify action: blink an Elgato light, for instance as a notification."""

from homeassistant.components.light import DOMAIN as LIGHT_DOMAIN
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import service

from .const import DOMAIN

SERVICE_IDENTIFY = "identify"


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions once, when the integration loads."""
    service.async_register_platform_entity_service(
        hass,
        DOMAIN,
        SERVICE_IDENTIFY,
        entity_domain=LIGHT_DOMAIN,
        schema=None,
        func="async_identify",
    )
