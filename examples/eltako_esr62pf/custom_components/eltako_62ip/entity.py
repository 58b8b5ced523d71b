"""Base entity of the Eltako Series 62-IP integration: one HA device per device GUID.

The physical device (the one GET /system describes) is the main HA device; the
devices it lists beside itself, such as its wired input, are connected through it.
Its wired input is named after it, as every device gives its own the same name.

This file is yours: `copier update` leaves it alone once it exists.
"""

from collections.abc import Callable, Coroutine, Iterable
from functools import wraps
from typing import Any, cast, override

from eltako62ip.models import WIRED_INPUT_NAME, Device

from homeassistant.core import Event, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import Eltako62ipConfigEntry, Eltako62ipDataUpdateCoordinator

# The translation key of the name a wired input gets after its actuator.
WIRED_INPUT_DEVICE = "wired_input"


def device_info(
    coordinator: Eltako62ipDataUpdateCoordinator, device: Device
) -> DeviceInfo:
    """Describe the HA device of one device GUID.

    The physical device gets the model, serial number and firmware of GET /system; a
    sub-device gets none of them (they are not its own) and names the physical device
    as the one it is connected through. A wired input that still has the name every
    device gives its own is named after the physical device, the actuator it is in.
    """
    details = coordinator.device
    main = coordinator.data.main_device(details)
    info = DeviceInfo(
        identifiers={(DOMAIN, device.guid)},
        manufacturer=details.manufacturer,
        name=device.name,
    )
    if main is None:
        return info
    if device.guid == main.guid:
        info["model"] = details.model
        info["serial_number"] = details.serial_number
        info["sw_version"] = details.firmware_version
        return info
    # Registered by add_entities_for_new_devices before any entity.
    info["via_device_id"] = dr.async_get_device_id_by_identifier(
        coordinator.hass,
        (DOMAIN, main.guid),
        config_entry_id=coordinator.config_entry.entry_id,
    )
    if device.name == WIRED_INPUT_NAME:
        # "Kitchen light wired input", from strings.json; a name the user gave the
        # input in the Eltako app is kept.
        info["translation_key"] = WIRED_INPUT_DEVICE
        info["translation_placeholders"] = {"actuator": main.name}
    return info


class Eltako62ipEntity(
    CoordinatorEntity[Eltako62ipDataUpdateCoordinator],
):
    """An entity of one device that GET /devices lists, named by its description."""

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: Eltako62ipDataUpdateCoordinator,
        device: Device,
        description: EntityDescription,
    ) -> None:
        """Attach the entity to the HA device of its device GUID."""
        super().__init__(coordinator)
        self.entity_description = description
        self.device_guid = device.guid
        self._attr_unique_id = f"{device.guid}_{description.key}"
        self._attr_device_info = device_info(coordinator, device)

    @property
    def device(self) -> Device:
        """Return the entity's device as of the last poll."""
        return self.coordinator.data.devices[self.device_guid]

    @property
    @override
    def available(self) -> bool:
        """Return whether the last poll succeeded and still listed the device."""
        return super().available and self.device_guid in self.coordinator.data.devices


def add_entities_for_new_devices(
    entry: Eltako62ipConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    entities_for: Callable[[Eltako62ipDataUpdateCoordinator, Device], Iterable[Entity]],
) -> None:
    """Add entities for the devices listed now, and for each one listed later.

    A device added on the Eltako side appears after the next poll, without a reload. A
    device that disappears keeps its entities (unavailable) until the coordinator
    removes it as gone; if it comes back after that, it is added again.
    """
    coordinator = entry.runtime_data
    # The devices whose entities were added.
    known: set[str] = set()

    @callback
    def add_new_devices() -> None:
        devices = coordinator.data.devices
        new = [device for guid, device in devices.items() if guid not in known]
        known.update(device.guid for device in new)
        # The physical device first, so that its sub-devices can name it (every
        # platform does so; the registry keeps one).
        main = coordinator.data.main_device(coordinator.device)
        if main is not None and new:
            dr.async_get(coordinator.hass).async_get_or_create(
                config_entry_id=entry.entry_id, **device_info(coordinator, main)
            )
        entities = [
            entity for device in new for entity in entities_for(coordinator, device)
        ]
        if entities:
            async_add_entities(entities)

    @callback
    def forget_removed(event: Event[dr.EventDeviceRegistryUpdatedData]) -> None:
        # Removed (by the coordinator as gone, or by the user): listed again, it is
        # added again.
        data = event.data
        if (
            data["action"] == "remove"
            and data["device"]["config_entry_id"] == entry.entry_id
        ):
            known.difference_update(
                identifier
                for domain, identifier in data["device"]["identifiers"]
                if domain == DOMAIN
            )

    add_new_devices()
    entry.async_on_unload(coordinator.async_add_listener(add_new_devices))
    entry.async_on_unload(
        coordinator.hass.bus.async_listen(
            dr.EVENT_DEVICE_REGISTRY_UPDATED, forget_removed
        )
    )


def api_command[F: Callable[..., Coroutine[Any, Any, None]]](func: F) -> F:
    """Send an entity's command through the coordinator.

    Device errors become translated errors, rejected credentials start
    reauthentication, and the state is read back from the device afterwards.
    """

    @wraps(func)
    async def wrapper(
        self: Eltako62ipEntity,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        await self.coordinator.async_command(func(self, *args, **kwargs))

    return cast("F", wrapper)
