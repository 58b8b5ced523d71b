"""The fake device: its endpoints and state, on top of the fake server in fake_server.py.

This file is yours, like device.py: change it with your device's API. Tests that the
template keeps current use only SERIAL_NUMBER, MODEL, DETAILS_PATH, DATA_PATH and a
FakeDevice whose serial_number can be changed.
"""

import copy
import secrets
from typing import Any

from aiohttp import web

from custom_components.my_device.const import API_BASE_PATH

from .fake_server import FakeServer, problem

SERIAL_NUMBER = "SN-0042"
MODEL = "Model X"
MAC_ADDRESS = "AA:BB:CC:DD:EE:FF"
# Where the integration reads the device's identity, and its state on every poll (of
# unit 1, the default); each poll also reads SETTINGS_PATH, and BATTERY_PATH, which
# this model lacks unless a test gives it a battery.
DETAILS_PATH = "/health"
DATA_PATH = "/api/units/1/data"
SETTINGS_PATH = "/api/settings"
BATTERY_PATH = "/api/battery"
LOGIN_PATH = "/api/auth"
# What the healthy device answers to GET DATA_PATH.
DATA: dict[str, Any] = {
    "temperature": 21.5,
    "signal_strength": -61,
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
            "mac_address": MAC_ADDRESS,
        }
        # The state of each unit, by number.
        self.units: dict[str, Any] = {"1": copy.deepcopy(DATA), "2": {}}
        self.settings: dict[str, Any] = {"led_brightness": 40}
        self.battery: dict[str, Any] | None = None
        self.actions: list[str] = []
        self.commands: list[str] = []

    @property
    def data(self) -> Any:
        """Return the state of unit 1, the one most tests change."""
        return self.units["1"]

    @data.setter
    def data(self, value: Any) -> None:
        self.units["1"] = value

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
        units = f"{API_BASE_PATH}/api/units/{{unit}}/data"
        router.add_route("*", units, self._data)
        router.add_get(f"{API_BASE_PATH}{SETTINGS_PATH}", self._settings)
        router.add_get(f"{API_BASE_PATH}{BATTERY_PATH}", self._battery)
        router.add_post(f"{API_BASE_PATH}{LOGIN_PATH}", self._nested_login)
        router.add_post(f"{API_BASE_PATH}/api/actions/{{action}}", self._action)
        router.add_post(f"{API_BASE_PATH}/api/commands", self._command)

    async def _command(self, request: web.Request) -> web.StreamResponse:
        command = (await request.json())["command"]
        return await self._answer(request, None, lambda: self.commands.append(command))

    async def _action(self, request: web.Request) -> web.StreamResponse:
        action = request.match_info["action"]
        return await self._answer(request, None, lambda: self.actions.append(action))

    async def _health(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, self.details)

    async def _data(self, request: web.Request) -> web.StreamResponse:
        state = self.units.get(request.match_info["unit"])
        if state is None:
            return problem(404, "Not Found", "no such unit")
        return await self._answer(request, state)

    async def _settings(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, self.settings)

    async def _battery(self, request: web.Request) -> web.StreamResponse:
        if self.battery is None:
            self.requests.append(f"{request.method} {request.path}")
            return problem(404, "Not Found", "this model has no battery")
        return await self._answer(request, self.battery)

    async def _nested_login(self, request: web.Request) -> web.StreamResponse:
        """Log in as the device does: the token comes nested in the answer."""
        self.requests.append(f"{request.method} {request.path}")
        body = await request.json()
        if (body.get("username"), body.get("password")) != (
            self.username,
            self.password,
        ):
            return problem(401, "Unauthorized", "wrong username or password")
        self.logins += 1
        token = secrets.token_hex(16)
        self.tokens.append(token)
        answer = self.login_answer or {"auth": {"token": token, "expires_in": 3600}}
        return web.json_response(answer)
