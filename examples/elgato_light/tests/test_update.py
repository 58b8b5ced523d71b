"""The firmware entity: the light's version against Elgato's catalog, and the install."""

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.elgato_light.const import DOMAIN
from homeassistant.components.update import (
    ATTR_IN_PROGRESS,
    ATTR_INSTALLED_VERSION,
    ATTR_LATEST_VERSION,
    ATTR_UPDATE_PERCENTAGE,
    UpdateEntityFeature,
)
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_SUPPORTED_FEATURES,
    EVENT_STATE_CHANGED,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    EntityCategory,
)
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component

from .conftest import poll
from .fake_device import SHIPPED, FakeDevice, FakeElgatoCloud, setup_light

MINI = "update.elgato_key_light_mini_firmware"


async def _setup(hass: HomeAssistant, device: FakeDevice) -> None:
    """Set up the light, and wait for the catalog read that setup starts."""
    assert await async_setup_component(hass, "homeassistant", {})
    await setup_light(hass, device)
    await hass.async_block_till_done(wait_background_tasks=True)


async def _install(hass: HomeAssistant, entity_id: str = MINI) -> None:
    await hass.services.async_call(
        "update", "install", {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


async def test_update_available(
    hass: HomeAssistant, entity_registry: er.EntityRegistry, device: FakeDevice
) -> None:
    """The Key Light Mini runs build 229; Elgato ships build 240 of 1.0.4."""
    await _setup(hass, device)
    state = hass.states.get(MINI)
    assert state is not None
    assert state.state == STATE_ON
    assert state.attributes[ATTR_INSTALLED_VERSION] == "1.0.4.229"
    assert state.attributes[ATTR_LATEST_VERSION] == "1.0.4.240"
    assert state.attributes["device_class"] == "firmware"
    assert state.attributes[ATTR_SUPPORTED_FEATURES] == (
        UpdateEntityFeature.INSTALL | UpdateEntityFeature.PROGRESS
    )
    entry = entity_registry.async_get(MINI)
    assert entry is not None
    assert entry.entity_category is EntityCategory.CONFIG
    assert entry.unique_id == f"{device.serial_number}_firmware"


async def test_up_to_date(hass: HomeAssistant, device: FakeDevice) -> None:
    """The recorded Key Light runs what Elgato ships for its board."""
    device.use_model("key_light")
    await _setup(hass, device)
    state = hass.states.get("update.frenck_firmware")
    assert state is not None
    assert state.state == STATE_OFF
    assert state.attributes[ATTR_LATEST_VERSION] == "1.0.3.218"


async def test_board_not_in_catalog(hass: HomeAssistant, device: FakeDevice) -> None:
    """Elgato ships nothing for the Light Strip's board: nothing to compare against."""
    device.use_model("light_strip")
    await _setup(hass, device)
    state = hass.states.get("update.elgato_light_strip_firmware")
    assert state is not None
    assert state.state == STATE_UNKNOWN
    assert state.attributes[ATTR_INSTALLED_VERSION] == "1.0.4.211"
    assert state.attributes[ATTR_LATEST_VERSION] is None


@pytest.mark.parametrize(
    "fault",
    [{"status": 503}, {"catalog": b"<html>maintenance</html>"}],
    ids=["unreachable", "unreadable"],
)
async def test_catalog_failure_makes_it_unavailable(
    hass: HomeAssistant,
    device: FakeDevice,
    elgato_cloud: FakeElgatoCloud,
    fault: dict[str, Any],
) -> None:
    """Without Elgato's catalog there is no latest version: unavailable, until it is back.

    The light's own entities stay available: the failure is Elgato's.
    """
    for name, value in fault.items():
        setattr(elgato_cloud, name, value)
    await _setup(hass, device)
    assert hass.states.get(MINI).state == STATE_UNAVAILABLE  # type: ignore[union-attr]
    assert hass.states.get("light.elgato_key_light_mini").state == STATE_ON  # type: ignore[union-attr]

    elgato_cloud.heal()
    await hass.services.async_call(
        "homeassistant", "update_entity", {ATTR_ENTITY_ID: MINI}, blocking=True
    )
    assert hass.states.get(MINI).state == STATE_ON  # type: ignore[union-attr]


async def test_catalog_checked_again_reads_the_archive_once(
    hass: HomeAssistant, device: FakeDevice, elgato_cloud: FakeElgatoCloud
) -> None:
    """A check while Elgato names the same archive is one request to its index."""
    await _setup(hass, device)
    before = len(elgato_cloud.requests)
    await hass.services.async_call(
        "homeassistant", "update_entity", {ATTR_ENTITY_ID: MINI}, blocking=True
    )
    assert elgato_cloud.requests[before:] == ["GET /"]


async def test_install(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry, device: FakeDevice
) -> None:
    """The image goes to the light with its progress shown; the new build is read back."""
    await _setup(hass, device)
    seen: list[tuple[Any, Any]] = []

    @callback
    def progress(event: Event[Any]) -> None:
        if event.data["entity_id"] == MINI:
            attributes = event.data["new_state"].attributes
            seen.append(
                (attributes[ATTR_IN_PROGRESS], attributes[ATTR_UPDATE_PERCENTAGE])
            )

    unsubscribe = hass.bus.async_listen(EVENT_STATE_CHANGED, progress)
    await _install(hass)
    await hass.async_block_till_done()
    unsubscribe()

    chunks = -(-len(SHIPPED["Key_Light_Mini"]) // 4096)
    assert seen[0] == (True, None)
    percentages = [percentage for _, percentage in seen if percentage is not None]
    assert percentages == sorted(percentages)
    assert len(percentages) == chunks
    assert percentages[-1] == 100
    assert seen[-1] == (False, None)
    assert device.requests_to("/firmware-update/prepare") == 1
    assert device.requests_to("/firmware-update/data") == chunks
    assert device.requests_to("/firmware-update/execute") == 1

    state = hass.states.get(MINI)
    assert state is not None
    assert state.state == STATE_OFF
    assert state.attributes[ATTR_INSTALLED_VERSION] == "1.0.4.240"
    assert state.attributes[ATTR_IN_PROGRESS] is False
    # The device's page shows the firmware it runs now.
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    light = device_registry.async_get_device_by_identifier(
        (DOMAIN, device.serial_number), entry.entry_id
    )
    assert light is not None
    assert light.sw_version == "1.0.4 (240)"


async def test_install_waits_for_the_restart(
    hass: HomeAssistant, device: FakeDevice, freezer: FrozenDateTimeFactory
) -> None:
    """Until the light reports the new build, it is shown installing, not finished."""
    await _setup(hass, device)
    device.keeps_old_firmware = True
    await _install(hass)
    state = hass.states.get(MINI)
    assert state is not None
    assert state.attributes[ATTR_IN_PROGRESS] is True
    assert state.attributes[ATTR_INSTALLED_VERSION] == "1.0.4.229"

    # Restarting: the light does not answer.
    device.inject(drop_connection=True)
    await poll(hass, freezer)
    assert hass.states.get(MINI).state == STATE_UNAVAILABLE  # type: ignore[union-attr]

    # Back, on the new build, at a later poll.
    device.heal()
    device.info["firmwareBuildNumber"] = 240
    await poll(hass, freezer)
    state = hass.states.get(MINI)
    assert state is not None
    assert state.attributes[ATTR_IN_PROGRESS] is False
    assert state.attributes[ATTR_INSTALLED_VERSION] == "1.0.4.240"


async def test_install_gives_up_on_a_light_that_does_not_come_back(
    hass: HomeAssistant, device: FakeDevice, freezer: FrozenDateTimeFactory
) -> None:
    """A light still on its old build five minutes on is no longer shown installing."""
    await _setup(hass, device)
    device.keeps_old_firmware = True
    await _install(hass)
    freezer.tick(timedelta(seconds=299))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get(MINI).attributes[ATTR_IN_PROGRESS] is True  # type: ignore[union-attr]

    freezer.tick(timedelta(seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    state = hass.states.get(MINI)
    assert state is not None
    assert state.attributes[ATTR_IN_PROGRESS] is False
    assert state.state == STATE_ON


async def test_install_refused_on_a_low_battery(
    hass: HomeAssistant, device: FakeDevice, elgato_cloud: FakeElgatoCloud
) -> None:
    """A Key Light Mini on a low battery is not updated: nothing is downloaded or sent."""
    assert device.battery is not None
    device.battery.update(powerSource=2, level=11.0)
    await _setup(hass, device)
    before = len(elgato_cloud.requests)
    with pytest.raises(HomeAssistantError) as refused:
        await _install(hass)
    assert refused.value.translation_key == "firmware_battery_low"
    assert str(refused.value) == (
        "The Elgato light's battery is at 11%: connect it to power before updating"
        " its firmware"
    )
    assert len(elgato_cloud.requests) == before
    assert device.requests_to("/firmware-update/prepare") == 0
    assert hass.states.get(MINI).attributes[ATTR_IN_PROGRESS] is False  # type: ignore[union-attr]


async def test_install_on_battery_power(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """A Key Light Mini on a battery with enough charge is updated."""
    assert device.battery is not None
    device.battery.update(powerSource=2, level=50.0)
    await _setup(hass, device)
    await _install(hass)
    assert hass.states.get(MINI).state == STATE_OFF  # type: ignore[union-attr]


async def test_no_poll_during_an_install(
    hass: HomeAssistant, device: FakeDevice, freezer: FrozenDateTimeFactory
) -> None:
    """While the light takes the image, polling stops; afterwards, it goes on."""
    entry = await setup_light(hass, device)
    await hass.async_block_till_done(wait_background_tasks=True)
    coordinator = entry.runtime_data
    intervals: list[timedelta | None] = []

    @callback
    def record(event: Event[Any]) -> None:
        if event.data["entity_id"] == MINI and event.data["new_state"].attributes.get(
            ATTR_UPDATE_PERCENTAGE
        ):
            intervals.append(coordinator.update_interval)

    unsubscribe = hass.bus.async_listen(EVENT_STATE_CHANGED, record)
    await _install(hass)
    unsubscribe()
    assert intervals
    assert set(intervals) == {None}
    assert coordinator.update_interval == timedelta(seconds=10)

    before = len(device.requests)
    await poll(hass, freezer)
    assert "GET /elgato/lights" in device.requests[before:]


async def test_install_chunk_sent_again(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """A chunk the light asks for again (408) is sent again."""
    await _setup(hass, device)
    device.chunk_retries = 2
    await _install(hass)
    chunks = -(-len(SHIPPED["Key_Light_Mini"]) // 4096)
    assert device.requests_to("/firmware-update/data") == chunks + 2
    assert hass.states.get(MINI).state == STATE_OFF  # type: ignore[union-attr]


async def test_install_refused_by_the_light(
    hass: HomeAssistant, device: FakeDevice
) -> None:
    """A light that refuses the image says why; it keeps its firmware."""
    await _setup(hass, device)
    device.firmware_refusal = "Firmware signature invalid"
    with pytest.raises(HomeAssistantError) as refused:
        await _install(hass)
    assert refused.value.translation_key == "firmware_install_error"
    assert str(refused.value) == (
        "The Elgato light did not accept the firmware: Firmware signature invalid"
    )
    assert device.requests_to("/firmware-update/execute") == 0
    state = hass.states.get(MINI)
    assert state is not None
    assert state.state == STATE_ON
    assert state.attributes[ATTR_INSTALLED_VERSION] == "1.0.4.229"
    assert state.attributes[ATTR_IN_PROGRESS] is False


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ({"status": 500}, "HTTP 500"),
        ({"drop_connection": True}, "PUT /elgato/firmware-update/prepare"),
    ],
    ids=["error", "no-answer"],
)
async def test_install_light_fails(
    hass: HomeAssistant, device: FakeDevice, fault: dict[str, Any], message: str
) -> None:
    """A light that fails during the upload is a translated error naming its failure."""
    await _setup(hass, device)
    device.inject(**fault)
    with pytest.raises(HomeAssistantError, match=message) as failed:
        await _install(hass)
    assert failed.value.translation_key == "firmware_install_error"


async def test_install_download_unreachable(
    hass: HomeAssistant, device: FakeDevice, elgato_cloud: FakeElgatoCloud
) -> None:
    """Elgato gone at install time: its error, and the entity is unavailable."""
    await _setup(hass, device)
    elgato_cloud.status = 503
    with pytest.raises(HomeAssistantError) as failed:
        await _install(hass)
    assert failed.value.translation_key == "firmware_communication_error"
    assert device.requests_to("/firmware-update/prepare") == 0
    assert hass.states.get(MINI).state == STATE_UNAVAILABLE  # type: ignore[union-attr]


async def test_install_download_unusable(
    hass: HomeAssistant, device: FakeDevice, elgato_cloud: FakeElgatoCloud
) -> None:
    """An archive that cannot be read at install time: an error, nothing sent."""
    await _setup(hass, device)
    elgato_cloud.ignore_ranges = True
    with pytest.raises(HomeAssistantError) as failed:
        await _install(hass)
    assert failed.value.translation_key == "firmware_unknown_error"
    assert device.requests_to("/firmware-update/prepare") == 0
