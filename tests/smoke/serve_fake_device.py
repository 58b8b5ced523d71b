"""Serve a rendered project's fake device as a standalone process, for the smoke test.

Run from the project's directory with a Python that has the project's test stack:
    python serve_fake_device.py
It prints one JSON line with the address, the credentials a user enters, for TLS
the certificate's fingerprint, and, when the project's tests/fake_device.py has an
async start_fakes_off_the_network(), the module attributes it returns (module.name:
value) that point the integration at the fakes it started of services off the local
network; then one line "REQUEST <method> <path>" for each request
the device receives, until it is terminated. A device that pushes serves its event
channel, prints "STREAMS <n>" whenever the number of open channels changes, and takes
"PUSH <json object>" lines on its standard input: the values change, and the new state
is pushed.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
from pathlib import Path
import signal
import sys
import tempfile
import threading
from typing import Any


def project_module(name: str) -> Any:
    """Import a module of the project's own tests package (the working directory)."""
    if str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))
    return importlib.import_module(f"tests.{name}")


async def serve() -> None:
    """Start the fake device, announce it, and report its requests until stopped."""
    device = project_module("fake_device").FakeDevice()
    announcement: dict[str, Any] = {
        "credentials": project_module("conftest").CREDENTIALS
    }
    if (Path.cwd() / "tests" / "certificates.py").exists():
        # Self-signed: the pinned transport trusts exactly this fingerprint.
        certificate = project_module("certificates").make_certificate("device")
        with tempfile.TemporaryDirectory() as directory:
            await device.start(certificate.server_context(Path(directory)))
        announcement["fingerprint"] = certificate.fingerprint
    else:
        await device.start()
    announcement.update(host=device.host, port=device.port)
    fakes = project_module("fake_device")
    if hasattr(fakes, "start_fakes_off_the_network"):
        # The project fakes a service off the local network too (a maker's firmware
        # catalog, say): Home Assistant gets its address instead of the real one.
        announcement["patches"] = await fakes.start_fakes_off_the_network()
    print(json.dumps(announcement), flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    pushes: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    pushing = hasattr(device, "push_state")
    if pushing:
        device.events_status = None  # serve the event channel
        threading.Thread(target=read_pushes, args=(loop, pushes), daemon=True).start()
    reported, streams = 0, 0
    while not stop.is_set():
        for request in device.requests[reported:]:
            print(f"REQUEST {request}", flush=True)
        reported = len(device.requests)
        if pushing and device.open_streams != streams:
            streams = device.open_streams
            print(f"STREAMS {streams}", flush=True)
        while not pushes.empty():
            device.data.update(pushes.get_nowait())
            await device.push_state()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.05)
    await device.stop()


def read_pushes(
    loop: asyncio.AbstractEventLoop, pushes: asyncio.Queue[dict[str, Any]]
) -> None:
    """Hand each "PUSH <json object>" line of standard input to the serving loop."""
    for line in sys.stdin:
        if line.startswith("PUSH "):
            loop.call_soon_threadsafe(pushes.put_nowait, json.loads(line[5:]))


if __name__ == "__main__":
    asyncio.run(serve())
