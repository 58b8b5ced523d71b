"""The Elgato Light integration."""

from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType

from .const import DOMAIN
from .coordinator import ElgatoLightConfigEntry, ElgatoLightDataUpdateCoordinator
from .hooks import PLATFORMS, async_setup_extra_runtime_data
from .services import async_setup_services

# Configured from the UI only; YAML is for the actions registered below.
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's actions, whether or not an entry is set up."""
    async_setup_services(hass)
    return True


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ElgatoLightConfigEntry,
) -> bool:
    """Set up Elgato Light from a config entry."""
    coordinator = ElgatoLightDataUpdateCoordinator(hass, entry)
    # Raises ConfigEntryNotReady (retried by Home Assistant) when the device is unreachable.
    await coordinator.async_config_entry_first_refresh()
    coordinator.extra = await async_setup_extra_runtime_data(hass, coordinator)
    entry.runtime_data = coordinator
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(
    hass: HomeAssistant,
    entry: ElgatoLightConfigEntry,
) -> bool:
    """Unload a config entry."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_migrate_entry(
    hass: HomeAssistant,
    entry: ElgatoLightConfigEntry,
) -> bool:
    """Migrate an entry stored by an older version of the integration.

    Version 1.1 is the first; add a step here whenever VERSION or MINOR_VERSION of the
    config flow grows, so entries made by older releases keep working. Home Assistant
    itself refuses an entry of a newer major version (a downgrade) before calling this.
    A step that needs the device raises ConfigEntryNotReady to be retried later.
    """
    return True
