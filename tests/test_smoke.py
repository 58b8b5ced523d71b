"""Smoke test: a real Home Assistant of the newest release runs the rendered integration.

The newest release has no test harness yet, so nothing is patched here but what points
off the local network (Elgato's firmware catalog, which the fake device's process fakes
too; see tests/smoke/run_hass.py): `hass` runs as its own process from .venv-newest,
the project's fake device runs as another, and the test speaks to Home Assistant only
over its REST API, as a user's browser would: onboarding, the config flow, entity
states, a service call and a pushed change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from pytest_copie.plugin import Copie

from .hass_process import (
    FakeDeviceProcess,
    HomeAssistantProcess,
    configure,
    serving,
    wait_for,
    with_client_package,
)
from .helpers import ROOT

pytestmark = pytest.mark.smoke

EXAMPLE = ROOT / "examples" / "eltako_esr62pf"
ELGATO = ROOT / "examples" / "elgato_light"


@contextmanager
def running(
    project: Path, tmp_path: Path
) -> Iterator[tuple[HomeAssistantProcess, FakeDeviceProcess]]:
    """Run the fake device and Home Assistant for the length of a test."""
    env = with_client_package(project, tmp_path / "site-packages")
    with serving(
        project,
        lambda device: HomeAssistantProcess.newest(
            project, tmp_path / "config", device.patches, env
        ),
        env,
    ) as running_pair:
        yield running_pair


def _requests_caused_by(
    hass: HomeAssistantProcess,
    device: FakeDeviceProcess,
    service: str,
    data: dict[str, Any],
    until: Callable[[str], bool],
) -> list[str]:
    """Call a service over REST; return the device's requests up to the awaited one.

    The device process reports its requests a little late, so requests made before
    the call (the setup's, say) may still arrive after it: the wait is for the request
    `until` picks, not for any request.
    """
    before = len(device.requests_now())
    hass.request("POST", f"/api/services/{service.replace('.', '/')}", data)

    def since_the_call() -> list[str]:
        requests = device.requests_now()[before:]
        return requests if any(map(until, requests)) else []

    requests: list[str] = wait_for(since_the_call, f"{service} to reach the device")
    return requests


def test_default_render_runs_in_the_newest_home_assistant(
    copie: Copie, tmp_path: Path
) -> None:
    """Defaults: the flow creates the entry, sensors show the device, a refresh reads it."""
    result = copie.copy(extra_answers={})
    assert result.exception is None, result.exception
    project = result.project_dir
    assert project is not None
    with running(project, tmp_path) as (hass, device):
        configure(hass, device, "my_device")
        states = wait_for(
            lambda: hass.states("my_device"), "the integration's entities"
        )
        # The fake device's reading, as tests/fake_device.py defines it; the signal
        # strength sensor is disabled by default, so it has no state.
        values = {entity: state["state"] for entity, state in states.items()}
        assert values == {"sensor.model_x_temperature": "21.5"}

        def data_read(request: str) -> bool:
            return request.endswith("/api/data")

        requests = _requests_caused_by(
            hass,
            device,
            "homeassistant.update_entity",
            {"entity_id": "sensor.model_x_temperature"},
            until=data_read,
        )
        assert any(map(data_read, requests)), requests


@pytest.mark.parametrize("push_transport", ["sse", "websocket"])
def test_push_render_runs_in_the_newest_home_assistant(
    copie: Copie, tmp_path: Path, push_transport: str
) -> None:
    """Push: the event channel opens, and a change on the device shows without a poll."""
    result = copie.copy(
        extra_answers={"iot_class": "local_push", "push_transport": push_transport}
    )
    assert result.exception is None, result.exception
    project = result.project_dir
    assert project is not None
    sensor = "sensor.model_x_temperature"
    with running(project, tmp_path) as (hass, device):
        configure(hass, device, "my_device")
        wait_for(lambda: hass.states("my_device").get(sensor), "the sensor")
        wait_for(lambda: device.streams_now() == 1, "the event channel to open")

        def reads() -> int:
            return sum(r.endswith("/api/data") for r in device.requests_now())

        # The first refresh, and the full read when the channel opened.
        wait_for(lambda: reads() >= 2, "the catch-up read")
        before = reads()
        device.push({"temperature": 30.5})
        wait_for(
            lambda: hass.states("my_device")[sensor]["state"] == "30.5",
            "the pushed state",
        )
        assert reads() == before


def test_eltako_example_runs_in_the_newest_home_assistant(tmp_path: Path) -> None:
    """Eltako: pinned TLS and PoP login; a switch turned on in HA switches the relay.

    Home Assistant imports the client from the example's package, eltako62ip, as its
    wheel installs it (typed) and not from the example's tree.
    """
    with running(EXAMPLE, tmp_path) as (hass, device):
        installed = tmp_path / "site-packages" / "eltako62ip"
        assert (installed / "py.typed").is_file()
        assert (installed / "device.py").is_file()
        configure(hass, device, "eltako_62ip")
        states = wait_for(
            lambda: hass.states("eltako_62ip"), "the integration's entities"
        )
        # The fake device's default product, the ESR62PF-IP relay, as the example's
        # tests/fake_device.py defines it; its wired input's binary sensor is disabled
        # by default.
        assert states.keys() == {"switch.kitchen_light"}
        assert states["switch.kitchen_light"]["state"] == "off"

        def relay_switched(request: str) -> bool:
            return request.startswith("PUT ") and request.endswith("/functions/relay")

        requests = _requests_caused_by(
            hass,
            device,
            "switch.turn_on",
            {"entity_id": "switch.kitchen_light"},
            until=relay_switched,
        )
        assert any(map(relay_switched, requests)), requests
        wait_for(
            lambda: hass.states("eltako_62ip")["switch.kitchen_light"]["state"] == "on",
            "the relay's new state",
        )


def test_elgato_example_runs_in_the_newest_home_assistant(tmp_path: Path) -> None:
    """Elgato: the Key Light Mini and its battery; a light turned off shows off."""
    light = "light.elgato_key_light_mini"
    with running(ELGATO, tmp_path) as (hass, device):
        configure(hass, device, "elgato_light")
        states = wait_for(
            lambda: hass.states("elgato_light"), "the integration's entities"
        )
        # The recorded Key Light Mini, as tests/fake_device.py defines it.
        assert states[light]["state"] == "on"
        assert states[light]["attributes"]["color_temp_kelvin"] == 3367
        assert states["sensor.elgato_key_light_mini_battery"]["state"] == "78.57"
        # What the fake of Elgato's catalog ships: never Elgato's own servers.
        firmware = wait_for(
            lambda: hass.states("elgato_light")[
                "update.elgato_key_light_mini_firmware"
            ]["attributes"]["latest_version"],
            "the firmware Elgato ships",
        )
        assert firmware == "1.0.4.240"
        requests = _requests_caused_by(
            hass,
            device,
            "light.turn_off",
            {"entity_id": light},
            until=lambda request: request == "PUT /elgato/lights",
        )
        assert "PUT /elgato/lights" in requests, requests
        wait_for(
            lambda: hass.states("elgato_light")[light]["state"] == "off",
            "the light's new state",
        )
