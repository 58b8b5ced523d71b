"""The fake device: its endpoints and state, on top of the fake server in fake_server.py.

This file is yours, like device.py: change it with your device's API. Tests that the
template keeps current use only SERIAL_NUMBER, MODEL, DETAILS_PATH, DATA_PATH and a
FakeDevice whose serial_number can be changed.
"""

import copy
from http.cookies import SimpleCookie
import secrets
from typing import Any

from aiohttp import web

from custom_components.my_device.const import API_BASE_PATH

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
}


def envelope(state: Any) -> dict[str, Any]:
    """Return the event the device pushes for a state: wrapped, with its type."""
    return {"type": "state", "data": state}


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
        self.firmware: dict[str, Any] = {"installed": "1.2.3", "latest": "1.3.0"}
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
        router.add_post(f"{API_BASE_PATH}/api/session", self._open_session)
        router.add_get(f"{API_BASE_PATH}/api/firmware", self._firmware)

    async def push_state(self) -> None:
        """Push the state, as GET DATA_PATH answers it now, on the event channel."""
        await self.push(envelope(self.data))

    async def _command(self, request: web.Request) -> web.StreamResponse:
        command = (await request.json())["command"]
        return await self._answer(request, None, lambda: self.commands.append(command))

    async def _set_value(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        state = self.data
        if key not in state:
            return problem(404, "Not Found", f"no value {key!r}")
        value = (await request.json())["value"]

        def write() -> Any:
            state[key] = value
            # The answer is the new state, as the template's test_device.py expects.
            return state

        return await self._answer(request, None, write)

    async def _action(self, request: web.Request) -> web.StreamResponse:
        action = request.match_info["action"]
        return await self._answer(request, None, lambda: self.actions.append(action))

    async def _health(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, self.details)

    async def _data(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, self.data)

    async def _firmware(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, self.firmware)

    async def _open_session(self, request: web.Request) -> web.StreamResponse:
        """Log in as the device does: a session cookie, in an empty answer."""
        self.requests.append(f"{request.method} {request.path}")
        body = await request.json()
        if (body.get("user"), body.get("password")) != (self.username, self.password):
            return problem(401, "Unauthorized", "wrong username or password")
        self.logins += 1
        if self.login_answer is not None:
            # A broken login: an answer without the cookie.
            return web.json_response(self.login_answer)
        session = secrets.token_hex(16)
        self.tokens.append(session)
        response = web.Response(status=204)
        response.set_cookie("sid", session, httponly=True)
        return response

    def _authorized(self, request: web.Request) -> bool:
        """Accept a request that carries the cookie of an open session."""
        cookie = SimpleCookie(request.headers.get("Cookie", "")).get("sid")
        return cookie is not None and cookie.value in self.tokens
