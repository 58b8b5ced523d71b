"""The fake device: its endpoints and state, on top of the fake server in fake_server.py.

This file is yours, like device.py: change it with your device's API. Tests that the
template keeps current use only SERIAL_NUMBER, MODEL, DETAILS_PATH, DATA_PATH and a
FakeDevice whose serial_number can be changed.
"""

import copy
from typing import Any

from aiohttp import web

from custom_components.elgato_light.const import API_BASE_PATH

from .fake_server import FakeServer, problem

SERIAL_NUMBER = "SN-0042"
MODEL = "Model X"
# Where the integration reads the device's identity, and its state on every poll.
DETAILS_PATH = "/health"
DATA_PATH = "/api/data"
# What the healthy device answers to GET DATA_PATH.
DATA: dict[str, Any] = {
    "temperature": 21.5,
    "signal_strength": -61,
    "power": False,
    "light": {"on": True, "brightness": 128},
    "target_temperature": 21.0,
    "mode": "auto",
    "modes": ["auto", "eco", "comfort"],
}


class FakeDevice(FakeServer):
    """Answers the device's endpoints from state a test can change between requests."""

    def __init__(self) -> None:
        """Start as a healthy device."""
        super().__init__()
        self.details: dict[str, Any] = {
            "serial_number": SERIAL_NUMBER,
            "model": MODEL,
            "firmware_version": "1.2.3",
        }
        self.data: Any = copy.deepcopy(DATA)
        self.actions: list[str] = []
        self.commands: list[str] = []

    @property
    def serial_number(self) -> str:
        """Return the serial number the device reports."""
        return str(self.details["serial_number"])

    @serial_number.setter
    def serial_number(self, value: str) -> None:
        self.details["serial_number"] = value

    def add_routes(self, router: web.UrlDispatcher) -> None:
        """Add the device's endpoints."""
        router.add_get(f"{API_BASE_PATH}{DETAILS_PATH}", self._health)
        # Any method, so tests can check how the client treats non-idempotent ones.
        router.add_route("*", f"{API_BASE_PATH}{DATA_PATH}", self._data)
        router.add_put(f"{API_BASE_PATH}/api/data/{{key}}", self._set_value)
        router.add_post(f"{API_BASE_PATH}/api/actions/{{action}}", self._action)
        router.add_post(f"{API_BASE_PATH}/api/commands", self._command)

    async def _command(self, request: web.Request) -> web.StreamResponse:
        command = (await request.json())["command"]
        return await self._answer(request, None, lambda: self.commands.append(command))

    async def _set_value(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        state = self.data
        if key not in state:
            return problem(404, "Not Found", f"no value {key!r}")
        value = (await request.json())["value"]
        return await self._answer(request, None, lambda: state.update({key: value}))

    async def _action(self, request: web.Request) -> web.StreamResponse:
        action = request.match_info["action"]
        return await self._answer(request, None, lambda: self.actions.append(action))

    async def _health(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, self.details)

    async def _data(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, self.data)
