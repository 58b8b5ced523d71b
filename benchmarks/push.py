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
from tests.fixtures import event_for  # noqa: E402

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
# A flood: this many events a second, for this many seconds, each a new temperature.
FLOOD_RATE = 10_000
FLOOD_SECONDS = 10.0
# The loop's responsiveness is probed by a task that sleeps this long, again and again:
# how much later than asked it wakes is the loop's lag.
PROBE = 0.01


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


async def flood(hass: Any, device: FakeDevice) -> dict[str, float]:
    """State writes and the event loop's lag while the device floods its channel.

    The events go out in batches of a hundredth of a second's worth, so that the
    fake device's own work weighs little on the loop it shares with Home Assistant.
    """
    writes = 0

    @callback
    def state_changed(event: Event[EventStateChangedData]) -> None:
        nonlocal writes
        writes += 1

    remove = hass.bus.async_listen(EVENT_STATE_CHANGED, state_changed)
    lags: list[float] = []
    flooding = True

    async def probe() -> None:
        while flooding:
            start = time.perf_counter()
            await asyncio.sleep(PROBE)
            lags.append(time.perf_counter() - start - PROBE)

    prober = asyncio.create_task(probe())
    batch = FLOOD_RATE // 100
    sent = 0
    start = time.monotonic()
    while (now := time.monotonic()) - start < FLOOD_SECONDS:
        events = []
        for _ in range(batch):
            sent += 1
            device.data["temperature"] = 15.0 + sent % 1000 / 10
            events.append(json.dumps(event_for(device.data)))
        if WEBSOCKET:
            for event in events:
                await device.push_raw(event)
        else:
            await device.push_raw("".join(f"data: {e}\n\n" for e in events).encode())
        await asyncio.sleep(max(0.0, 0.01 - (time.monotonic() - now)))
    seconds = time.monotonic() - start
    await asyncio.sleep(1.0)
    flooding = False
    await prober
    remove()
    cuts = statistics.quantiles(lags, n=100)
    return {
        "events": sent,
        "seconds": seconds,
        "writes": writes,
        "lag_max_ms": max(lags) * 1000,
        "lag_p99_ms": cuts[98] * 1000,
        "write_interval_ms": const.EVENT_WRITE_INTERVAL.total_seconds() * 1000,
    }


async def measure() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as name:
        async with running(Path(name)) as (hass, device):
            figures = {"latency": await latency(hass, device)}
            figures["flood"] = await flood(hass, device)
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
