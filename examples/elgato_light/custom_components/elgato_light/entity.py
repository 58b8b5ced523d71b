"""Base entity for the Elgato Light integration."""

from collections.abc import Callable, Coroutine
from functools import wraps
from typing import Any, cast

from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import ElgatoLightDataUpdateCoordinator


class ElgatoLightEntity(
    CoordinatorEntity[ElgatoLightDataUpdateCoordinator],
):
    """An entity of one Elgato Light device, named by its description."""

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: ElgatoLightDataUpdateCoordinator,
        description: EntityDescription,
    ) -> None:
        """Attach the entity to the device it belongs to."""
        super().__init__(coordinator)
        self.entity_description = description
        device = coordinator.device
        self._attr_unique_id = f"{device.serial_number}_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, device.serial_number)},
            manufacturer="Elgato Light",
            model=device.model,
            name=coordinator.config_entry.title,
            serial_number=device.serial_number,
            sw_version=device.firmware_version,
        )

    async def _async_set_value(self, key: str, value: Any) -> None:
        """Change one value of the device's state."""
        await self.coordinator.client.async_set_value(key, value)


def api_command[F: Callable[..., Coroutine[Any, Any, None]]](func: F) -> F:
    """Send an entity's command through the coordinator.

    Device errors become translated errors, rejected credentials start
    reauthentication, and the state is read back from the device afterwards.
    """

    @wraps(func)
    async def wrapper(
        self: ElgatoLightEntity,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        await self.coordinator.async_command(func(self, *args, **kwargs))

    return cast("F", wrapper)
