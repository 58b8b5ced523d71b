"""Power-on behaviour of an Elgato light."""

from typing import override

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import ElgatoLightConfigEntry
from .entity import ElgatoLightEntity, api_command
from .models import PowerOnBehavior

# One command at a time: the light handles requests one by one.
PARALLEL_UPDATES = 1

# The light also reports 0 before the behaviour is first set; it cannot be chosen,
# so it is no option, and the entity is unknown until then.
POWER_ON_BEHAVIORS: dict[int, str] = {
    PowerOnBehavior.RESTORE_LAST: "restore_last",
    PowerOnBehavior.USE_DEFAULTS: "use_defaults",
}
OPTIONS = {option: behavior for behavior, option in POWER_ON_BEHAVIORS.items()}

POWER_ON_BEHAVIOR = SelectEntityDescription(
    key="power_on_behavior",
    translation_key="power_on_behavior",
    entity_category=EntityCategory.CONFIG,
    options=list(OPTIONS),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ElgatoLightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the power-on behaviour: every Elgato light has it."""
    coordinator = entry.runtime_data
    async_add_entities([ElgatoLightSelectEntity(coordinator, POWER_ON_BEHAVIOR)])


class ElgatoLightSelectEntity(
    ElgatoLightEntity,
    SelectEntity,
):
    """What the light does when it gets power."""

    @property
    @override
    def current_option(self) -> str | None:
        """Return the behaviour the light reports."""
        behavior = self.coordinator.data.settings.power_on_behavior
        return POWER_ON_BEHAVIORS.get(behavior)

    @api_command
    @override
    async def async_select_option(self, option: str) -> None:
        """Choose the behaviour."""
        settings = self.coordinator.data.settings
        await self._async_set_settings(
            settings.power_on_payload(behavior=OPTIONS[option])
        )
