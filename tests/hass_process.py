"""Real processes for tests: a project's fake device, and Home Assistant over REST.

Nothing is patched: `hass` runs as its own process, the fake device as another, and
tests speak to Home Assistant only over its REST API, as a user's browser would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
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

from .helpers import ROOT, clean_env

NEWEST = ROOT / ".venv-newest"
SERVE_FAKE_DEVICE = Path(__file__).parent / "smoke" / "serve_fake_device.py"
RUN_HASS = Path(__file__).parent / "smoke" / "run_hass.py"
STARTUP_TIMEOUT = 120.0
CLIENT_ID = "http://127.0.0.1/"


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class FakeDeviceProcess:
    """The project's fake device in a process of its own, and the requests it saw."""

    def __init__(self, project: Path, env: dict[str, str] | None = None) -> None:
        """Start the device from the project's tests and read its announcement."""
        self._process = subprocess.Popen(
            [ROOT / ".venv" / "bin" / "python", SERVE_FAKE_DEVICE],
            cwd=project,
            env=env or clean_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        self.announcement: dict[str, Any] = json.loads(self._process.stdout.readline())
        # Module attributes Home Assistant must see changed (module.name: value): the
        # addresses of services off the local network that the project fakes too.
        self.patches: dict[str, str] = self.announcement.get("patches", {})
        self._lines: queue.Queue[str] = queue.Queue()
        self.requests: list[str] = []
        self.open_streams = 0
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
            elif line.startswith("STREAMS "):
                self.open_streams = int(line.removeprefix("STREAMS "))
        return self.requests

    def streams_now(self) -> int:
        """Return how many event channels are open now (for a device that pushes)."""
        self.requests_now()
        return self.open_streams

    def push(self, values: dict[str, Any]) -> None:
        """Change the device's values; it pushes its new state on the event channel."""
        assert self._process.stdin is not None
        self._process.stdin.write(f"PUSH {json.dumps(values)}\n")
        self._process.stdin.flush()

    def stop(self) -> None:
        """Terminate the device process."""
        self._process.terminate()
        self._process.wait(timeout=10)


def smoke_configuration(project: Path, config_dir: Path, port: int) -> None:
    """Write a minimal configuration with the project's integration linked in."""
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
        f"  server_port: {port}\n"
        "api:\n"
        "config:\n"
        "onboarding:\n"
        "logger:\n"
        "  default: warning\n"
        f"  logs:\n    custom_components.{domain}: debug\n"
    )


class HomeAssistantProcess:
    """A real Home Assistant process, started by a command, spoken to over REST."""

    def __init__(
        self,
        command: list[str | Path],
        log: Path,
        port: int,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        """Start Home Assistant; its output goes to log."""
        self.port = port
        self.log = log
        with self.log.open("w") as output:
            self._process = subprocess.Popen(
                command,
                cwd=cwd,
                env=env or clean_env(),
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        self.token = ""

    @classmethod
    def newest(
        cls,
        project: Path,
        config_dir: Path,
        patches: dict[str, str] | None = None,
        env: dict[str, str] | None = None,
    ) -> HomeAssistantProcess:
        """Start the newest release with a minimal configuration for the project.

        patches (module.name: value) point the integration at the project's fakes of
        services off the local network, which a test never reaches.
        """
        port = free_port()
        smoke_configuration(project, config_dir, port)
        # --skip-pip: no installs at run time; what a core integration of the
        # default set lacks fails that integration, not this test.
        arguments: list[str | Path] = ["--config", config_dir, "--skip-pip"]
        command: list[str | Path] = (
            [NEWEST / "bin" / "python", RUN_HASS, json.dumps(patches), *arguments]
            if patches
            else [NEWEST / "bin" / "hass", *arguments]
        )
        return cls(command, config_dir / "hass.log", port, env=env)

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


def with_client_package(project: Path, target: Path) -> dict[str, str]:
    """Return the environment for the project's processes, its client package installed.

    A project with a client package (library/) names it in manifest.json's
    requirements, which Home Assistant would install from PyPI; `--skip-pip` installs
    nothing. So the package is built into a wheel and installed into target, as pip
    would install it, and the processes find it there on PYTHONPATH. Without a client
    package, the environment is this one without the outer pytest's variables.
    """
    env = clean_env()
    if (project / "library" / "pyproject.toml").is_file():
        subprocess.run(
            [
                ROOT / ".venv" / "bin" / "uv",
                "pip",
                "install",
                "--quiet",
                "--no-deps",
                "--python",
                NEWEST / "bin" / "python",
                "--target",
                target,
                project / "library",
            ],
            check=True,
            env=env,
        )
        env["PYTHONPATH"] = str(target)
    return env


@contextmanager
def serving(
    project: Path,
    start: Callable[[FakeDeviceProcess], HomeAssistantProcess],
    env: dict[str, str] | None = None,
) -> Iterator[tuple[HomeAssistantProcess, FakeDeviceProcess]]:
    """Run the fake device and a Home Assistant that start(device) launches, onboarded.

    env is the fake device's environment (default: this one, cleaned).
    """
    device = FakeDeviceProcess(project, env)
    hass = start(device)
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


def configure(
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


def wait_for(condition: Any, what: str, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")
