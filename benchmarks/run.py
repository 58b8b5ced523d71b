"""Measure the generated code and print the figures as a Markdown table.

Run it with scripts/benchmark. Times are ratios or medians from one run on one machine;
absolute times on a shared machine are noise, so the table says where it was measured.
The client figures use the Eltako example's client and fake device over HTTPS with a
pinned certificate and token login; the first minute renders the defaults and sets them up as an author does.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
import json
import os
from pathlib import Path
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

import aiohttp
from harness import home_assistant

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples/eltako_esr62pf"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(EXAMPLE))

# The example's own code and test doubles, importable once EXAMPLE is on the path.
from custom_components.eltako_62ip.const import (  # noqa: E402
    API_BASE_PATH,
    CONF_FINGERPRINT,
    DOMAIN,
    FIXED_USERNAME,
)
from custom_components.eltako_62ip.device import DeviceClient  # noqa: E402
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT  # noqa: E402
from tests.certificates import Certificate, make_certificate  # noqa: E402
from tests.fake_device import (  # noqa: E402
    DATA_PATH,
    MODEL,
    SERIAL_NUMBER,
    FakeDevice,
    relay_device,
)
from tests.fake_server import PASSWORD  # noqa: E402

CLIENT_REQUESTS = 400
STORM_CALLS = 100
DEVICE_COUNTS = (1, 10, 50)
SETUP_RUNS = 5


@dataclass
class Row:
    """One figure of the table."""

    measure: str
    result: str
    target: str


async def _device(
    certificate: Certificate, directory: Path, devices: int = 0
) -> FakeDevice:
    device = FakeDevice()
    if devices:
        device.devices = [
            relay_device(f"00000000-0000-4000-8000-{n:012d}", f"Relay {n}", power=1.0)
            for n in range(devices)
        ]
    await device.start(certificate.server_context(directory))
    return device


def _client(
    session: aiohttp.ClientSession, device: FakeDevice, certificate: Certificate
) -> DeviceClient:
    return DeviceClient(
        session,
        device.host,
        device.port,
        FIXED_USERNAME,
        PASSWORD,
        fingerprint=certificate.fingerprint,
    )


async def client_overhead(certificate: Certificate, directory: Path) -> Row:
    """Median ratio of a request through ApiClient to the same request with bare aiohttp."""
    device = await _device(certificate, directory)
    fingerprint = aiohttp.Fingerprint(bytes.fromhex(certificate.fingerprint))
    url = f"https://{device.host}:{device.port}{API_BASE_PATH}{DATA_PATH}"
    async with aiohttp.ClientSession() as session:
        client = _client(session, device, certificate)
        await client.async_get_data()  # log in once, like a running integration
        headers = {
            "Authorization": device.tokens[-1],
            "Content-Type": "application/json",
        }

        async def bare() -> Any:
            async with session.get(url, headers=headers, ssl=fingerprint) as response:
                response.raise_for_status()
                return json.loads(await response.read())

        async def through_client() -> Any:
            return await client._request("GET", DATA_PATH)

        async def timed(call: Callable[[], Awaitable[Any]]) -> float:
            start = time.perf_counter()
            await call()
            return time.perf_counter() - start

        for _ in range(20):  # warm the connection pool and the code paths
            await bare()
            await through_client()
        ratios = []
        for n in range(CLIENT_REQUESTS):
            # Interleaved, alternating which goes first, so drift hits both alike.
            if n % 2:
                ours, theirs = await timed(through_client), await timed(bare)
            else:
                theirs, ours = await timed(bare), await timed(through_client)
            ratios.append(ours / theirs)
    await device.stop()
    return Row(
        f"Client overhead ({CLIENT_REQUESTS} GET {DATA_PATH}, interleaved)",
        f"median ratio {statistics.median(ratios):.3f}",
        "at most 1.10",
    )


async def login_storm(certificate: Certificate, directory: Path) -> list[Row]:
    """Logins made by 100 concurrent calls without a token, then with a revoked one."""
    device = await _device(certificate, directory)
    rows = []
    async with aiohttp.ClientSession() as session:
        client = _client(session, device, certificate)
        for situation, prepare in (
            ("no token", lambda: None),
            ("token just revoked", device.revoke_tokens),
        ):
            prepare()
            before = device.logins
            results = await asyncio.gather(
                *(client.async_get_data() for _ in range(STORM_CALLS)),
                return_exceptions=True,
            )
            failed = sum(isinstance(result, BaseException) for result in results)
            rows.append(
                Row(
                    f"Login storm ({STORM_CALLS} concurrent calls, {situation})",
                    f"{device.logins - before} login, "
                    f"{STORM_CALLS - failed}/{STORM_CALLS} calls succeeded",
                    f"1 login, {STORM_CALLS}/{STORM_CALLS}",
                )
            )
    await device.stop()
    return rows


@dataclass
class Running:
    """The Eltako integration set up in Home Assistant against a fake device."""

    hass: Any
    device: FakeDevice
    entry: Any
    setup_seconds: float
    setup_requests: int


@asynccontextmanager
async def running_integration(
    certificate: Certificate, directory: Path, devices: int = 0
) -> AsyncIterator[Running]:
    """Set the integration up against a fake device; unload and stop both afterwards."""
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    device = await _device(certificate, directory, devices)
    async with home_assistant(directory) as hass:
        entry = MockConfigEntry(
            domain=DOMAIN,
            title=MODEL,
            unique_id=SERIAL_NUMBER,
            data={
                CONF_HOST: device.host,
                CONF_PORT: device.port,
                CONF_PASSWORD: PASSWORD,
                CONF_FINGERPRINT: certificate.fingerprint,
            },
        )
        entry.add_to_hass(hass)
        before = len(device.requests)
        start = time.perf_counter()
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        took = time.perf_counter() - start
        yield Running(hass, device, entry, took, len(device.requests) - before)
        await hass.config_entries.async_unload(entry.entry_id)
    await device.stop()


async def with_home_assistant(certificate: Certificate, directory: Path) -> list[Row]:
    """Requests per coordinator refresh by device count, and the cost of setting up."""
    rows = []
    for count in DEVICE_COUNTS:
        async with running_integration(certificate, directory, count) as running:
            before = len(running.device.requests)
            refreshes = 10
            for _ in range(refreshes):
                await running.entry.runtime_data.async_refresh()
            per_refresh = (len(running.device.requests) - before) / refreshes
            entities = len(running.hass.states.async_entity_ids())
        rows.append(
            Row(
                f"Requests per poll ({count} device{'s' * (count > 1)}, {entities} entities)",
                f"{per_refresh:g}",
                "1, whatever the device count",
            )
        )

    times, requests = [], set()
    for _ in range(SETUP_RUNS):
        async with running_integration(certificate, directory) as running:
            times.append(running.setup_seconds)
            requests.add(running.setup_requests)
    rows.append(
        Row(
            "Setup cost (async_setup_entry against the fake device, first start)",
            f"median {statistics.median(times) * 1000:.0f} ms, "
            f"{'/'.join(map(str, sorted(requests)))} requests (login, /system, /devices)",
            "measured",
        )
    )
    return rows


def _author_env(bin_dir: Path) -> dict[str, str]:
    """An author's shell: uv on PATH (Home Assistant's), Python 3.14 in $PYTHON."""
    bin_dir.mkdir(exist_ok=True)
    if not (bin_dir / "uv").exists():
        (bin_dir / "uv").symlink_to(BIN / "uv")
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("PYTEST") and key != "VIRTUAL_ENV"}  # fmt: skip
    return {
        **env,
        "PATH": f"{bin_dir}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
        "PYTHON": sys._base_executable,  # type: ignore[attr-defined]
    }


def _timed(args: list[str | Path], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    """Run a command that must succeed; return its seconds and its output."""
    start = time.perf_counter()
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(
            f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"
        )
    return elapsed, result.stdout + result.stderr


def first_hour(directory: Path) -> list[Row]:
    """An author's first minute: copier copy, scripts/setup, scripts/test; and pip's.

    uv's package cache is warmed by one untimed setup first, as on any machine that
    set up a project before. pip installs the same locked versions into its own
    environment twice: the second run is the one with pip's cache warm.
    """
    env = _author_env(directory / "bin")

    def copy(name: str) -> tuple[float, Path]:
        seconds, _ = _timed(
            [BIN / "copier", "copy", "--defaults", "--quiet", "--vcs-ref=HEAD", ROOT, name],
            directory, env,
        )  # fmt: skip
        return seconds, directory / name

    _, warm_up = copy("warm-up")
    _, output = _timed(["scripts/setup"], warm_up, env)
    left_out = re.findall(r"Leaving out (\S+):", output)

    copy_time, project = copy("my-device")
    setup_time, _ = _timed(["scripts/setup"], project, env)
    test_time, tests = _timed(["scripts/test", "-p", "no:sugar", "-q"], project, env)
    passed = re.search(r"(\d+ passed)", tests)
    total = copy_time + setup_time + test_time

    exported = directory / "requirements.txt"
    _, pins = _timed(
        ["uv", "export", "--locked", "--no-hashes", "--no-emit-project", "--quiet",
         "--python", env["PYTHON"], *(f"--no-emit-package={name}" for name in left_out)],
        warm_up, env,
    )  # fmt: skip
    exported.write_text(pins)
    pip_times = []
    for run in ("cold", "warm"):
        # An environment with pip in it (not timed: Debian's Python has no ensurepip).
        venv = directory / f"pip-{run}"
        _timed(["uv", "venv", "--seed", "--quiet", "--python", env["PYTHON"], venv],
               directory, env)  # fmt: skip
        seconds, _ = _timed(
            [venv / "bin" / "pip", "install", "--quiet", "--disable-pip-version-check",
             "-r", exported],
            directory, env,
        )  # fmt: skip
        pip_times.append(seconds)
    return [
        Row(
            "First minute: `copier copy --defaults` + `scripts/setup` + `scripts/test`"
            " (uv, package cache warm)",
            f"{total:.1f} s (copy {copy_time:.1f} s, setup {setup_time:.1f} s, "
            f"tests {test_time:.1f} s, {passed[1] if passed else 'no test'})",
            "under 60 s",
        ),
        Row(
            "The same environment with pip (`pip install -r` of the locked versions)",
            f"{pip_times[1]:.1f} s with pip's cache warm, {pip_times[0]:.1f} s on its "
            "first run",
            "for comparison with setup",
        ),
    ]


def push_channel(directory: Path) -> list[Row]:
    """The event channel of a push render, with Server-Sent Events and a WebSocket."""
    env = _author_env(directory / "bin")
    rows = []
    for kind, name in (("sse", "Server-Sent Events"), ("websocket", "WebSocket")):
        project = directory / f"push-{kind}"
        _timed(
            [BIN / "copier", "copy", "--defaults", "--quiet", "--vcs-ref=HEAD",
             "--data", "iot_class=local_push", "--data", "auth_method=none",
             "--data", f"push_transport={kind}", ROOT, project],
            directory, env,
        )  # fmt: skip
        measured = subprocess.run(
            [sys.executable, ROOT / "benchmarks" / "push.py", project, kind],
            cwd=project, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if measured.returncode:
            sys.exit(f"benchmarks/push.py failed:\n{measured.stderr}")
        figures = json.loads(measured.stdout)
        latency, storm, steady = figures["latency"], figures["storm"], figures["steady"]
        bound, flood = figures["bound"], figures["flood"]
        rows += [
            Row(
                f"Push latency, {name} (change on the device to the new state in"
                f" Home Assistant, 200 changes)",
                f"median {latency['median_ms']:.1f} ms, 95th percentile "
                f"{latency['p95_ms']:.1f} ms",
                "median under 50 ms",
            ),
            Row(
                f"Event flood, {name} ({flood['events'] / flood['seconds']:,.0f} events"
                f" a second for {flood['seconds']:.0f} s, each a new value)",
                f"{flood['writes']} state writes; event loop lag at most "
                f"{flood['lag_max_ms']:.0f} ms, 99th percentile "
                f"{flood['lag_p99_ms']:.0f} ms",
                f"a write per entity at most every {flood['write_interval_ms']:g} ms;"
                " the loop stays responsive",
            ),
            Row(
                f"Reconnection storm, {name} (one minute, every connection dropped"
                " as it opens)",
                f"{storm['attempts']} connection attempts, {storm['reads']} state reads"
                " (one per connection)",
                f"at most {bound['per_minute']} a minute; backoff "
                f"{bound['base_delay']:g} s doubling to {bound['max_delay']:g} s",
            ),
            Row(
                f"Steady push, {name} (nothing changes for {steady['seconds']:g} s)",
                f"{steady['requests']} requests, {steady['connections']} new "
                f"connections, {steady['heartbeats']} heartbeats (about "
                f"{steady['heartbeats'] * 3600 / steady['seconds']:.0f} an hour)",
                "only the channel and its heartbeats",
            ),
        ]
    return rows


def machine() -> str:
    """Say where the figures were measured."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )


async def measure(directory: Path) -> list[Row]:
    certificate = make_certificate("benchmark")
    rows = [await client_overhead(certificate, directory)]
    rows += await login_storm(certificate, directory)
    rows += await with_home_assistant(certificate, directory)
    return rows


def main() -> None:
    """Print the figures; --first-hour or --push prints only those figures."""
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        if "--push" in sys.argv:
            rows = push_channel(directory)
        else:
            rows = [] if "--first-hour" in sys.argv else asyncio.run(measure(directory))
            rows += first_hour(directory)
            if "--first-hour" not in sys.argv:
                rows += push_channel(directory)
    today = datetime.now(UTC).date().isoformat()
    print(f"Measured {today} on {machine()}.\n")
    print("| measure | result | target |")
    print("| --- | --- | --- |")
    for row in rows:
        print(f"| {row.measure} | {row.result} | {row.target} |")


if __name__ == "__main__":
    main()
