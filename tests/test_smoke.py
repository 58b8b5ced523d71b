"""Smoke test: a real Home Assistant of the newest release runs the rendered integration.

The newest release has no test harness yet, so nothing is patched here: `hass` runs as
its own process from .venv-newest, the project's fake device runs as another, and the
test speaks to Home Assistant only over its REST API, as a user's browser would:
onboarding, the config flow, entity states and a service call.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
import json
from pathlib import Path
import queue
import socket
import subprocess
import threading
import time
from typing import Any
import urllib.error
import urllib.parse
import urllib.request

import pytest
from pytest_copie.plugin import Copie

from .helpers import ROOT, clean_env

pytestmark = pytest.mark.smoke

NEWEST = ROOT / ".venv-newest"
EXAMPLE = ROOT / "examples" / "eltako_esr62pf"
SERVE_FAKE_DEVICE = Path(__file__).parent / "smoke" / "serve_fake_device.py"
STARTUP_TIMEOUT = 120.0
CLIENT_ID = "http://127.0.0.1/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class FakeDeviceProcess:
    """The project's fake device in a process of its own, and the requests it saw."""

    def __init__(self, project: Path) -> None:
        """Start the device from the project's tests and read its announcement."""
        self._process = subprocess.Popen(
            [ROOT / ".venv" / "bin" / "python", SERVE_FAKE_DEVICE],
            cwd=project,
            env=clean_env(),
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        self.announcement: dict[str, Any] = json.loads(self._process.stdout.readline())
        self._lines: queue.Queue[str] = queue.Queue()
        self.requests: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self._lines.put(line.rstrip("\n"))

    def requests_now(self) -> list[str]:
        """Return every request the device has received so far."""
        while not self._lines.empty():
            line = self._lines.get()
            if line.startswith("REQUEST "):
                self.requests.append(line.removeprefix("REQUEST "))
        return self.requests

    def stop(self) -> None:
        """Terminate the device process."""
        self._process.terminate()
        self._process.wait(timeout=10)


class HomeAssistantProcess:
    """A real `hass` of the newest release with the project's integration."""

    def __init__(self, project: Path, config_dir: Path) -> None:
        """Write a minimal configuration and start Home Assistant on a free port."""
        self.port = _free_port()
        domain = next((project / "custom_components").iterdir()).name
        config_dir.mkdir()
        (config_dir / "custom_components").symlink_to(project / "custom_components")
        (config_dir / "configuration.yaml").write_text(
            "homeassistant:\n"
            "  name: Smoke test\n"
            "  latitude: 0\n"
            "  longitude: 0\n"
            "  elevation: 0\n"
            "  unit_system: metric\n"
            "  time_zone: UTC\n"
            "http:\n"
            "  server_host: 127.0.0.1\n"
            f"  server_port: {self.port}\n"
            "api:\n"
            "config:\n"
            "onboarding:\n"
            "logger:\n"
            "  default: warning\n"
            f"  logs:\n    custom_components.{domain}: debug\n"
        )
        self.log = config_dir / "hass.log"
        with self.log.open("w") as log:
            # --skip-pip: no installs at run time; what a core integration of the
            # default set lacks fails that integration, not this test.
            self._process = subprocess.Popen(
                [NEWEST / "bin" / "hass", "--config", config_dir, "--skip-pip"],
                env=clean_env(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.token = ""

    def url(self, path: str) -> str:
        """Return the URL of a path on this Home Assistant."""
        return f"http://127.0.0.1:{self.port}{path}"

    def request(
        self, method: str, path: str, body: dict[str, Any] | None = None
    ) -> Any:
        """Send a JSON request with the access token; return the decoded answer."""
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.url(path), data=data, headers=headers, method=method
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def wait_until_up(self) -> None:
        """Wait for the onboarding API to answer, or fail with the log."""
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            assert self._process.poll() is None, self.log.read_text()[-6000:]
            try:
                self.request("GET", "/api/onboarding")
            except urllib.error.URLError, ConnectionError:
                time.sleep(0.5)
            else:
                return
        pytest.fail(f"Home Assistant did not start:\n{self.log.read_text()[-6000:]}")

    def onboard(self) -> None:
        """Create the owner as the onboarding page does, and log in as them."""
        created = self.request(
            "POST",
            "/api/onboarding/users",
            {
                "client_id": CLIENT_ID,
                "name": "Smoke",
                "username": "smoke",
                "password": "smoke-test-password",
                "language": "en",
            },
        )
        form = urllib.parse.urlencode(
            {
                "grant_type": "authorization_code",
                "code": created["auth_code"],
                "client_id": CLIENT_ID,
            }
        ).encode()
        with urllib.request.urlopen(
            urllib.request.Request(self.url("/auth/token"), data=form), timeout=30
        ) as response:
            self.token = json.loads(response.read())["access_token"]

    def states(self, domain: str) -> dict[str, dict[str, Any]]:
        """Return the states of the integration's entities, by entity id."""
        return {
            state["entity_id"]: state
            for state in self.request("GET", "/api/states")
            if state["entity_id"] in self.entity_ids(domain)
        }

    def entity_ids(self, domain: str) -> set[str]:
        """Return the entity ids the integration registered."""
        rendered = self.request(
            "POST",
            "/api/template",
            {"template": f"{{{{ integration_entities('{domain}') | tojson }}}}"},
        )
        return set(rendered)

    def stop(self) -> str:
        """Stop Home Assistant; return its log."""
        self._process.terminate()
        try:
            self._process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        return self.log.read_text()


@contextmanager
def running(
    project: Path, tmp_path: Path
) -> Iterator[tuple[HomeAssistantProcess, FakeDeviceProcess]]:
    """Run the fake device and Home Assistant for the length of a test."""
    device = FakeDeviceProcess(project)
    hass = HomeAssistantProcess(project, tmp_path / "config")
    try:
        hass.wait_until_up()
        hass.onboard()
        yield hass, device
    finally:
        log = hass.stop()
        device.stop()
        # Whatever else fails to load here, the integration itself logged no error.
        domain = next((project / "custom_components").iterdir()).name
        errors = [
            line
            for line in log.splitlines()
            if f"custom_components.{domain}" in line and " ERROR " in line
        ]
        assert not errors, "\n".join(errors)


def _configure(
    hass: HomeAssistantProcess, device: FakeDeviceProcess, domain: str
) -> None:
    """Run the integration's config flow over REST, as the UI does, to its entry."""
    announced = device.announcement
    result = hass.request(
        "POST", "/api/config/config_entries/flow", {"handler": domain}
    )
    assert result["type"] == "form", result
    assert result["step_id"] == "user", result
    result = hass.request(
        "POST",
        f"/api/config/config_entries/flow/{result['flow_id']}",
        {
            "host": announced["host"],
            "port": announced["port"],
            **announced["credentials"],
        },
    )
    if "fingerprint" in announced:
        # Trust on first use: the flow shows the certificate before anything is pinned.
        assert result["type"] == "form", result
        assert result["step_id"] == "certificate", result
        shown = result["description_placeholders"]["fingerprint"]
        assert shown.replace(":", "").lower() == announced["fingerprint"]
        result = hass.request(
            "POST", f"/api/config/config_entries/flow/{result['flow_id']}", {}
        )
    assert result["type"] == "create_entry", result


def _wait_for(condition: Any, what: str, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def _requests_caused_by(
    hass: HomeAssistantProcess,
    device: FakeDeviceProcess,
    service: str,
    data: dict[str, Any],
) -> list[str]:
    """Call a service over REST; return the requests it made the device receive."""
    before = len(device.requests_now())
    hass.request("POST", f"/api/services/{service.replace('.', '/')}", data)
    requests: list[str] = _wait_for(
        lambda: device.requests_now()[before:], f"{service} to reach the device"
    )
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
        _configure(hass, device, "my_device")
        states = _wait_for(
            lambda: hass.states("my_device"), "the integration's entities"
        )
        # The fake device's reading, as tests/fake_device.py defines it; the signal
        # strength sensor is disabled by default, so it has no state.
        values = {entity: state["state"] for entity, state in states.items()}
        assert values == {"sensor.model_x_sn_0042_temperature": "21.5"}
        requests = _requests_caused_by(
            hass,
            device,
            "homeassistant.update_entity",
            {"entity_id": "sensor.model_x_sn_0042_temperature"},
        )
        assert any(request.endswith("/api/data") for request in requests), requests


def test_eltako_example_runs_in_the_newest_home_assistant(tmp_path: Path) -> None:
    """Eltako: pinned TLS and PoP login; a switch turned on in HA switches the relay."""
    with running(EXAMPLE, tmp_path) as (hass, device):
        _configure(hass, device, "eltako_62ip")
        states = _wait_for(
            lambda: hass.states("eltako_62ip"), "the integration's entities"
        )
        # The fake device's actuators, as tests/fake_device.py defines them.
        assert states["switch.kitchen_light"]["state"] == "off"
        assert states["light.living_room"]["state"] == "on"
        assert states["cover.terrace_shutter"]["state"] == "open"
        assert states["cover.terrace_shutter"]["attributes"]["current_position"] == 30
        requests = _requests_caused_by(
            hass, device, "switch.turn_on", {"entity_id": "switch.kitchen_light"}
        )
        assert any(
            request.startswith("PUT ") and request.endswith("/functions/relay")
            for request in requests
        ), requests
        _wait_for(
            lambda: hass.states("eltako_62ip")["switch.kitchen_light"]["state"] == "on",
            "the relay's new state",
        )
