"""Base entity for the Elgato Light integration."""

from collections.abc import Callable, Coroutine
from dataclasses import replace
from functools import wraps
from typing import Any, cast

from homeassistant.const import ATTR_CONNECTIONS, CONF_MAC
from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC, DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import ElgatoLightDataUpdateCoordinator


class ElgatoLightEntity(
    CoordinatorEntity[ElgatoLightDataUpdateCoordinator],
):
    """An entity of one Elgato light, named by its description."""

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: ElgatoLightDataUpdateCoordinator,
        description: EntityDescription,
    ) -> None:
        """Attach the entity to the light it belongs to."""
        super().__init__(coordinator)
        self.entity_description = description
        info = coordinator.device
        self._attr_unique_id = f"{info.serial_number}_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, info.serial_number)},
            manufacturer="Elgato",
            model=info.model,
            # The name the user gave it in Elgato's app, else the product's.
            name=info.display_name or info.model,
            serial_number=info.serial_number,
            sw_version=f"{info.firmware_version} ({info.firmware_build_number})",
            hw_version=str(info.hardware_board_type),
        )
        # The MAC address the light reports, else the one it announced on discovery
        # (the Key Light Air reports none): DHCP finds the light by it.
        mac = info.mac_address or coordinator.config_entry.data.get(CONF_MAC)
        if mac is not None:
            self._attr_device_info[ATTR_CONNECTIONS] = {(CONNECTION_NETWORK_MAC, mac)}

    async def _async_set_settings(self, settings: dict[str, Any]) -> None:
        """Change some of the light's settings, and show them as read back at once.

        The coordinator's own read-back after a command waits while others are recent;
        reading the settings alone shows each of several quick changes right away.
        """
        client = self.coordinator.client
        await client.async_set_settings(settings)
        self.coordinator.async_set_updated_data(
            replace(self.coordinator.data, settings=await client.async_get_settings())
        )


def api_command[F: Callable[..., Coroutine[Any, Any, None]]](func: F) -> F:
    """Send an entity's command through the coordinator.

    Device errors become translated errors, and the state is read back from the
    light afterwards.
    """

    @wraps(func)
    async def wrapper(
        self: ElgatoLightEntity,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        await self.coordinator.async_command(func(self, *args, **kwargs))

    return cast("F", wrapper)
