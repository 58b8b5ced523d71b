"""End to end: Home Assistant, the config flow and the entities against the fake device.

Each test walks a user's path through the real harness over real HTTPS, from adding
the device to what happens when it changes, goes away, or is replaced.
"""

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass, replace
from datetime import timedelta
import logging
from pathlib import Path
import ssl
from typing import Any

from eltako62ip.tls import format_fingerprint
from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.eltako_62ip.const import CONF_TOKEN, DOMAIN
from homeassistant.components.cover import DOMAIN as COVER_DOMAIN
from homeassistant.components.light import DOMAIN as LIGHT_DOMAIN
from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.config_entries import (
    SOURCE_HOMEKIT,
    SOURCE_REAUTH,
    SOURCE_USER,
    ConfigEntry,
)
from homeassistant.const import (
    ATTR_ENTITY_ID,
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    SERVICE_CLOSE_COVER,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_UNAVAILABLE,
)
from homeassistant.core import HomeAssistant, ServiceResponse
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError

from .certificates import Certificate, make_certificate
from .conftest import poll
from .fake_device import (
    ESB62NP_IP,
    ESR62NP_IP,
    ESR62PF_IP,
    EUD62NPN_IP,
    SERIAL_NUMBER,
    FakeDevice,
    Product,
)
from .fake_server import PASSWORD
from .fixtures import HOMEKIT_PORT, homekit_announcement


@dataclass(frozen=True)
class UserPath:
    """One product as a user meets it: what it shows, a command, a change at the wall."""

    product: Product
    # The entities that show the device, with their states once it is added.
    states: dict[str, str]
    # What the user sends: the domain, the service and the entity.
    command: tuple[str, str, str]
    # The function the command writes, the value it writes, the state shown then.
    written: tuple[str, Any]
    commanded: str
    # What someone changes at the device, and the state the next poll shows.
    at_the_wall: tuple[str, Any]
    seen: str

    def __str__(self) -> str:
        """Return the product's model, which names the path in test ids."""
        return str(self.product)

    def send(self, hass: HomeAssistant) -> Coroutine[Any, Any, ServiceResponse]:
        """Return the user's command."""
        domain, service, entity_id = self.command
        return hass.services.async_call(
            domain, service, {ATTR_ENTITY_ID: entity_id}, blocking=True
        )


RELAY_PATH = UserPath(
    ESR62PF_IP,
    {"switch.kitchen_light": "off"},
    (SWITCH_DOMAIN, SERVICE_TURN_ON, "switch.kitchen_light"),
    ("relay", "on"),
    "on",
    ("relay", "off"),
    "off",
)
PATHS = [
    RELAY_PATH,
    # The relay that measures power, which shows it too.
    replace(
        RELAY_PATH,
        product=ESR62NP_IP,
        states={"switch.kitchen_light": "off", "sensor.kitchen_light_power": "42.5"},
    ),
    UserPath(
        EUD62NPN_IP,
        {"light.living_room": "on"},
        (LIGHT_DOMAIN, SERVICE_TURN_OFF, "light.living_room"),
        ("targetBrightness", 0),
        "off",
        ("targetBrightness", 70),
        "on",
    ),
    UserPath(
        ESB62NP_IP,
        {"cover.terrace_shutter": "open"},
        (COVER_DOMAIN, SERVICE_CLOSE_COVER, "cover.terrace_shutter"),
        ("targetPosition", 0),
        "closed",
        ("targetPosition", 100),
        "open",
    ),
]
every_path = pytest.mark.parametrize(
    ("product", "path"),
    [pytest.param(path.product, path, id=str(path)) for path in PATHS],
)


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None
    return state.state


def _turn_on_relay(hass: HomeAssistant) -> Coroutine[Any, Any, ServiceResponse]:
    """Return the call that switches the kitchen relay on, as a user does."""
    return hass.services.async_call(
        SWITCH_DOMAIN,
        SERVICE_TURN_ON,
        {ATTR_ENTITY_ID: "switch.kitchen_light"},
        blocking=True,
    )


async def _add_device(
    hass: HomeAssistant, device: FakeDevice, certificate: Certificate
) -> ConfigEntry:
    """Add the device as a user does: host, port and PoP, then trust the certificate."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_HOST: device.host, CONF_PORT: device.port, CONF_PASSWORD: PASSWORD},
    )
    assert result["step_id"] == "certificate"
    assert result["description_placeholders"] == {
        "fingerprint": format_fingerprint(certificate.fingerprint)
    }
    # The PoP code leaves only for the certificate the user confirmed.
    assert device.requests == []
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    # One login, one key slot: setup reuses the key the flow obtained.
    assert device.logins == 1
    entry: ConfigEntry = result["result"]
    return entry


@every_path
async def test_add_control_and_follow_the_device(
    hass: HomeAssistant,
    device: FakeDevice,
    certificate: Certificate,
    freezer: FrozenDateTimeFactory,
    product: Product,
    path: UserPath,
) -> None:
    """From the config flow to entities that show and change the device's real state."""
    entry = await _add_device(hass, device, certificate)
    assert entry.unique_id == SERIAL_NUMBER
    assert {entity: _state(hass, entity) for entity in path.states} == path.states

    await path.send(hass)
    identifier, value = path.written
    assert device.function(product.actuator_guid, identifier) == value
    entity_id = path.command[2]
    assert _state(hass, entity_id) == path.commanded

    # Someone uses the switch at the wall; one poll later Home Assistant knows.
    device.set_function(product.actuator_guid, *path.at_the_wall)
    await poll(hass, freezer)
    assert _state(hass, entity_id) == path.seen
    # The flow's login is the only one: its key is stored and used since.
    assert device.logins == 1
    assert entry.data[CONF_TOKEN] == device.tokens[-1]


async def test_revoked_key_is_replaced_by_one_login(
    hass: HomeAssistant,
    device: FakeDevice,
    certificate: Certificate,
    freezer: FrozenDateTimeFactory,
) -> None:
    """When the device forgets the key (10 newer logins elsewhere), one login follows."""
    entry = await _add_device(hass, device, certificate)
    device.revoke_tokens()
    await poll(hass, freezer)
    assert device.logins == 2
    assert device.tokens == [entry.data[CONF_TOKEN]]
    assert _state(hass, "switch.kitchen_light") == "off"
    await poll(hass, freezer)
    assert device.logins == 2


async def test_a_week_with_daily_restarts_logs_in_once(
    hass: HomeAssistant,
    device: FakeDevice,
    certificate: Certificate,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Keys never expire: a week of polling, restarted every day, needs one login."""
    entry = await _add_device(hass, device, certificate)
    polls = device.requests_to("/devices")
    for _day in range(7):
        for _hour in range(24):
            freezer.tick(timedelta(hours=1))
            async_fire_time_changed(hass)
            await hass.async_block_till_done(wait_background_tasks=True)
        # A Home Assistant restart: the entry is set up again from what it stored.
        assert await hass.config_entries.async_reload(entry.entry_id)
        await hass.async_block_till_done()
    assert device.requests_to("/devices") - polls == 7 * 24 + 7
    assert device.logins == 1
    assert _state(hass, "switch.kitchen_light") == "off"


@every_path
async def test_offline_device_is_unavailable_and_comes_back(
    hass: HomeAssistant,
    device: FakeDevice,
    certificate: Certificate,
    server_context: ssl.SSLContext,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    path: UserPath,
) -> None:
    """Unplugged, every entity is unavailable with one log line; plugged in, all return."""
    await _add_device(hass, device, certificate)
    caplog.clear()
    await device.stop()
    for _ in range(3):
        await poll(hass, freezer)
    assert {_state(hass, entity) for entity in path.states} == {STATE_UNAVAILABLE}

    await device.start(server_context)
    await poll(hass, freezer)
    assert {entity: _state(hass, entity) for entity in path.states} == path.states

    ours = [r for r in caplog.records if r.name.startswith("custom_components.")]
    assert len([r for r in ours if r.levelno >= logging.WARNING]) == 1
    assert len([r for r in ours if "recovered" in r.getMessage()]) == 1


async def test_changed_pop_asks_for_it_again(
    hass: HomeAssistant,
    device: FakeDevice,
    certificate: Certificate,
    freezer: FrozenDateTimeFactory,
) -> None:
    """After a factory reset (new PoP, keys gone), the user is asked for the PoP."""
    entry = await _add_device(hass, device, certificate)
    device.password = "NEW-POP-CODE"
    device.revoke_tokens()
    await poll(hass, freezer)

    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {CONF_PASSWORD: "NEW-POP-CODE"}
    )
    await hass.async_block_till_done()
    assert result["reason"] == "reauth_successful"
    assert entry.data[CONF_PASSWORD] == "NEW-POP-CODE"
    assert _state(hass, "switch.kitchen_light") == "off"


async def test_swapped_certificate_is_refused(
    hass: HomeAssistant,
    device: FakeDevice,
    certificate: Certificate,
    freezer: FrozenDateTimeFactory,
    tmp_path: Path,
) -> None:
    """Another certificate at the device's address is never trusted silently."""
    await _add_device(hass, device, certificate)
    requests = len(device.requests)
    await device.stop()
    impostor = make_certificate("impostor")
    await device.start(impostor.server_context(tmp_path))
    await poll(hass, freezer)

    # Nothing was sent over the connection with the unknown certificate.
    assert len(device.requests) == requests
    assert _state(hass, "switch.kitchen_light") == STATE_UNAVAILABLE
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    # The user sees the pinned and the new fingerprint and decides; nothing is sent
    # with the PoP code and nothing is pinned until then.
    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {CONF_PASSWORD: PASSWORD}
    )
    assert result["step_id"] == "certificate_changed"
    shown = result["description_placeholders"]
    assert shown["previous_fingerprint"] == format_fingerprint(certificate.fingerprint)
    assert shown["fingerprint"] == format_fingerprint(impostor.fingerprint)
    assert len(device.requests) == requests


@every_path
async def test_concurrent_commands_after_a_revoked_key(
    hass: HomeAssistant,
    device: FakeDevice,
    certificate: Certificate,
    product: Product,
    path: UserPath,
) -> None:
    """Three commands at once, with the key revoked: one login, all land."""
    await _add_device(hass, device, certificate)
    device.revoke_tokens()
    await asyncio.gather(*(path.send(hass) for _ in range(3)))
    assert device.logins == 2
    identifier, value = path.written
    assert [
        (guid, written["identifier"], written["value"])
        for guid, written in device.writes
    ] == [(product.actuator_guid, identifier, value)] * 3
    assert device.function(product.actuator_guid, identifier) == value


async def test_pop_and_key_never_reach_the_log(
    hass: HomeAssistant,
    device: FakeDevice,
    certificate: Certificate,
    server_context: ssl.SSLContext,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """At DEBUG, through setup, a re-login, an outage and a failed command: no secret."""
    caplog.set_level(logging.DEBUG)
    await _add_device(hass, device, certificate)
    first_key = device.tokens[0]
    device.revoke_tokens()
    await poll(hass, freezer)
    await device.stop()
    await poll(hass, freezer)
    await device.start(server_context)
    await poll(hass, freezer)
    device.status = 500
    with pytest.raises(HomeAssistantError) as err:
        await _turn_on_relay(hass)
    assert device.logins == 2
    secrets = [PASSWORD, first_key, *device.tokens]
    logged = caplog.text + str(err.value) + repr(err.value.__cause__)
    assert "Logged in" in caplog.text
    for secret in secrets:
        assert secret not in logged


async def test_rediscovered_device_keeps_its_api_port(
    hass: HomeAssistant, device: FakeDevice, mock_config_entry: MockConfigEntry
) -> None:
    """A relay set up at port 443, announced by HomeKit elsewhere, moves but keeps 443.

    The HomeKit accessory's port (51827 here) is not the API's; writing it into the
    entry would leave the entry in setup retry.
    """
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry,
        data={**mock_config_entry.data, CONF_HOST: "192.0.2.1", CONF_PORT: 443},
    )
    announcement = homekit_announcement(device.host)
    assert announcement.port == HOMEKIT_PORT == 51827
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_HOMEKIT}, data=announcement
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert mock_config_entry.data[CONF_HOST] == device.host
    assert mock_config_entry.data[CONF_PORT] == 443
    # Known by the serial number in its host name: nothing was sent to find out.
    assert device.requests == []
