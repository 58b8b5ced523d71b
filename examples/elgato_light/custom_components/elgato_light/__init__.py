"""The Elgato Light integration."""

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType

from .const import DOMAIN
from .coordinator import (
    ElgatoLightConfigEntry,
    ElgatoLightDataUpdateCoordinator,
    describes,
)
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


async def async_remove_config_entry_device(
    hass: HomeAssistant,
    entry: ElgatoLightConfigEntry,
    device: dr.AnyDeviceEntry,
) -> bool:
    """Let the user remove a device that the last data no longer describes.

    The coordinator removes such a device itself only after a while; one it still
    describes would come straight back, so removing it is refused. While the entry is
    not loaded there is no data to ask: the next setup registers what is still there.
    """
    if entry.state is not ConfigEntryState.LOADED:
        return True
    coordinator = entry.runtime_data
    return not describes(coordinator.data.device_ids(coordinator.device), device)


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
