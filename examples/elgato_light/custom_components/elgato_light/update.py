"""The light's firmware: the version it runs, the one Elgato ships, and the install."""

from datetime import datetime
from typing import Any, override

from homeassistant.components.update import (
    UpdateDeviceClass,
    UpdateEntity,
    UpdateEntityDescription,
    UpdateEntityFeature,
)
from homeassistant.const import EntityCategory
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_call_later

from .const import DOMAIN
from .coordinator import ElgatoLightConfigEntry, ElgatoLightDataUpdateCoordinator
from .entity import ElgatoLightEntity
from .firmware import UPLOAD_PATH

# An install has the light to itself.
PARALLEL_UPDATES = 1
# A light takes about a minute to restart on new firmware; one that has not come back
# on it after this long is no longer shown installing.
RESTART_TIMEOUT = 300

FIRMWARE = UpdateEntityDescription(
    key="firmware",
    device_class=UpdateDeviceClass.FIRMWARE,
    entity_category=EntityCategory.CONFIG,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ElgatoLightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the light's firmware entity."""
    async_add_entities([ElgatoLightUpdateEntity(entry.runtime_data)])


class ElgatoLightUpdateEntity(ElgatoLightEntity, UpdateEntity):
    """The light's firmware, against what Elgato ships for its board.

    Versions are "version.build": Elgato ships several builds of one version. The
    entity follows the light's coordinator and the shared firmware coordinator, and is
    available while both read.
    """

    _attr_supported_features = (
        UpdateEntityFeature.INSTALL | UpdateEntityFeature.PROGRESS
    )
    # Whether an install runs, which build it waits for the light to report after its
    # restart, and the timer that stops waiting. Home Assistant resets
    # _attr_in_progress once async_install returns, before the light has restarted.
    _installing = False
    _installing_build: int | None = None
    _installing_timeout: CALLBACK_TYPE | None = None

    def __init__(self, coordinator: ElgatoLightDataUpdateCoordinator) -> None:
        """Attach the entity to the light and to the firmware coordinator."""
        super().__init__(coordinator, FIRMWARE)
        self.firmware = coordinator.extra.firmware

    @override
    async def async_added_to_hass(self) -> None:
        """Follow the firmware coordinator too."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.firmware.async_add_listener(self._handle_coordinator_update)
        )
        # The restart timer goes with the entity.
        self.async_on_remove(self._installing_finished)

    @property
    @override
    def available(self) -> bool:
        """Return True while the light answers and Elgato's catalog was read."""
        return super().available and self.firmware.last_update_success

    @override
    async def async_update(self) -> None:
        """Read the light and check Elgato's catalog again (update_entity)."""
        await super().async_update()
        await self.firmware.async_request_refresh()

    @property
    @override
    def installed_version(self) -> str:
        """Return the firmware the light runs."""
        info = self.coordinator.data.info
        return f"{info.firmware_version}.{info.firmware_build_number}"

    @property
    @override
    def in_progress(self) -> bool:
        """Return True from the download until the light runs the new build."""
        return self._installing

    @property
    @override
    def latest_version(self) -> str | None:
        """Return what Elgato ships for the light's board; None if nothing."""
        catalog = self.firmware.data or {}
        latest = catalog.get(self.coordinator.data.info.hardware_board_type)
        return None if latest is None else latest.full_version

    @override
    async def async_install(
        self, version: str | None, backup: bool, **kwargs: Any
    ) -> None:
        """Download what Elgato ships for the light and send it.

        The light restarts on it, which takes about a minute: the entity stays
        installing until the light reports the new build, so the old version does not
        look current meanwhile.
        """
        self._installing = True
        self._attr_update_percentage = None
        self.async_write_ha_state()
        coordinator = self.coordinator
        # The install has the light to itself: a light erasing its flash answers
        # nothing else, and enough requests then take its HTTP server down. No poll
        # until it is done (setting the data again cancels the one that is due).
        interval = coordinator.update_interval
        coordinator.update_interval = None
        coordinator.async_set_updated_data(coordinator.data)
        try:
            sent = await self.firmware.async_install(
                coordinator.data,
                coordinator.client.base_url.with_path(UPLOAD_PATH),
                self._progress,
            )
        except BaseException:
            self._installing_finished()
            raise
        finally:
            self._attr_update_percentage = None
            coordinator.update_interval = interval
            # Polls again from now on; every entity of the light writes its state.
            coordinator.async_set_updated_data(coordinator.data)
        self._installing_build = sent.build_number
        self._installing_timeout = async_call_later(
            self.hass, RESTART_TIMEOUT, self._installing_timed_out
        )
        # Read the light back at once: it may already run the new build.
        await self.coordinator.async_refresh()

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        """Notice the light running its new firmware, and show it on its device."""
        if self.coordinator.last_update_success:
            info = self.coordinator.data.info
            if (
                self._installing_build is not None
                and info.firmware_build_number >= self._installing_build
            ):
                self._installing_finished()
            # DeviceInfo is read once, when the entity is added: the device's page
            # would show the firmware of the setup.
            registry = dr.async_get(self.hass)
            sw_version = f"{info.firmware_version} ({info.firmware_build_number})"
            device = registry.async_get_device_by_identifier(
                (DOMAIN, info.serial_number), self.coordinator.config_entry.entry_id
            )
            if device is not None and device.sw_version != sw_version:
                registry.async_update_device(device.id, sw_version=sw_version)
        super()._handle_coordinator_update()

    @callback
    def _installing_finished(self) -> None:
        """Stop showing an install, however it ended."""
        self._installing = False
        self._installing_build = None
        if self._installing_timeout is not None:
            self._installing_timeout()
            self._installing_timeout = None

    @callback
    def _installing_timed_out(self, _now: datetime) -> None:
        """Give up on a light that never came back on its new firmware."""
        self._installing_timeout = None
        self._installing_finished()
        self.async_write_ha_state()

    @callback
    def _progress(self, sent: int, total: int) -> None:
        """Show how much of the image the light took."""
        self._attr_update_percentage = round(sent / total * 100)
        self.async_write_ha_state()
