"""Selects of the Elgato Light integration."""

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ElgatoLightConfigEntry
from .entity import ElgatoLightEntity, api_command

# One command at a time: small devices handle requests one by one.
PARALLEL_UPDATES = 1

MODE = SelectEntityDescription(key="mode", translation_key="mode")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ElgatoLightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the mode select if the device reports modes."""
    coordinator = entry.runtime_data
    if coordinator.data.modes:
        entity = ElgatoLightSelectEntity(coordinator, MODE)
        async_add_entities([entity])


class ElgatoLightSelectEntity(
    ElgatoLightEntity,
    SelectEntity,
):
    """A choice among the options the device offers, as it reports them."""

    @property
    def options(self) -> list[str]:
        """Return the options the device offers."""
        return list(self.coordinator.data.modes)

    @property
    def current_option(self) -> str | None:
        """Return the option the device reports."""
        return self.coordinator.data.mode

    @api_command
    async def async_select_option(self, option: str) -> None:
        """Choose an option."""
        await self._async_set_value(MODE.key, option)
