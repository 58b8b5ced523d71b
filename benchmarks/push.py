"""Measure a rendered push integration's event channel; print the figures as JSON.

benchmarks/run.py renders a project with a push class and runs this script with the
project's directory and its push_transport as arguments: the project's integration and
fake device are imported from there. Everything runs in real time, against the fake
device over HTTP.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
import importlib
import json
from pathlib import Path
import statistics
import sys
import tempfile
import time
from typing import Any

PROJECT = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(PROJECT))

# Home Assistant's harness, and the project's fake device and integration, importable
# once PROJECT is on the path.
from harness import home_assistant  # noqa: E402
from homeassistant.const import CONF_HOST, CONF_PORT, EVENT_STATE_CHANGED  # noqa: E402
from homeassistant.core import Event, EventStateChangedData, callback  # noqa: E402
from tests.fake_device import FakeDevice  # noqa: E402

DOMAIN = next(
    path.name
    for path in (PROJECT / "custom_components").iterdir()
    if (path / "manifest.json").exists()
)
const = importlib.import_module(f"custom_components.{DOMAIN}.const")
WEBSOCKET = sys.argv[2] == "websocket"

CHANGES = 200
# How long the storm and the steady state are watched, in real seconds.
STORM_WINDOW = 60.0
STEADY_WINDOW = 120.0
# How often the fake device sends a heartbeat comment in steady state: a Server-Sent
# Events device must, well within the channel's idle timeout (60 s). A WebSocket device
# sends none here; the integration pings it when it is quiet.
HEARTBEAT = 15.0


@asynccontextmanager
async def running(directory: Path) -> AsyncIterator[tuple[Any, FakeDevice]]:
    """Set the integration up against a fake device with the channel open."""
    from pytest_homeassistant_custom_component.common import MockConfigEntry

    device = FakeDevice()
    device.events_status = None
    device.heartbeat = 0.0 if WEBSOCKET else HEARTBEAT
    await device.start()
    async with home_assistant(directory) as hass:
        entry = MockConfigEntry(
            domain=DOMAIN, data={CONF_HOST: device.host, CONF_PORT: device.port}
        )
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        await _until(lambda: device.open_streams == 1)
        yield hass, device
        await hass.config_entries.async_unload(entry.entry_id)
    await device.stop()


async def _until(condition: Any, timeout: float = 10) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.001)


async def latency(hass: Any, device: FakeDevice) -> dict[str, float]:
    """From a change on the device to the sensor's new state in Home Assistant."""
    changed = asyncio.Event()
    expected = ""

    @callback
    def state_changed(event: Event[EventStateChangedData]) -> None:
        new_state = event.data["new_state"]
        if new_state is not None and new_state.state == expected:
            changed.set()

    hass.bus.async_listen(EVENT_STATE_CHANGED, state_changed)
    seconds = []
    for n in range(CHANGES):
        value = 15.0 + n / 10
        device.data["temperature"] = value
        expected = str(value)
        changed.clear()
        start = time.perf_counter()
        await device.push_state()
        await changed.wait()
        seconds.append(time.perf_counter() - start)
    cuts = statistics.quantiles(seconds, n=20)
    return {"median_ms": statistics.median(seconds) * 1000, "p95_ms": cuts[18] * 1000}


async def storm(device: FakeDevice) -> dict[str, float]:
    """Connection attempts while the device drops every connection as it opens."""
    attempts, reads = device.stream_requests, len(device.requests)
    end = time.monotonic() + STORM_WINDOW
    while time.monotonic() < end:
        if device.open_streams:
            device.drop_streams()
        await asyncio.sleep(0.005)
    return {
        "attempts": device.stream_requests - attempts,
        "reads": len(device.requests) - reads,
    }


async def steady(device: FakeDevice) -> dict[str, float]:
    """Requests, new connections and heartbeats in a quiet window."""
    requests, connections = len(device.requests), device.stream_requests
    heartbeats = device.heartbeats
    await asyncio.sleep(STEADY_WINDOW)
    return {
        "seconds": STEADY_WINDOW,
        "requests": len(device.requests) - requests,
        "connections": device.stream_requests - connections,
        "heartbeats": device.heartbeats - heartbeats,
    }


async def measure() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as name:
        async with running(Path(name)) as (hass, device):
            figures = {"latency": await latency(hass, device)}
            figures["steady"] = await steady(device)
            figures["storm"] = await storm(device)
    figures["bound"] = {
        "per_minute": const.RECONNECTS_PER_MINUTE,
        "base_delay": const.RECONNECT_BASE_DELAY,
        "max_delay": const.RECONNECT_MAX_DELAY,
    }
    return figures


if __name__ == "__main__":
    print(json.dumps(asyncio.run(measure())))
