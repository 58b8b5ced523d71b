"""A fake device that speaks the integration's API over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

API_KEY = "fake-device-api-key-7f3a9c"
SERIAL_NUMBER = "SN-0042"
MODEL = "Model X"


class FakeDevice:
    """Answers the API's endpoints from state a test can change between requests."""

    def __init__(self) -> None:
        """Start as a healthy device."""
        self.api_key = API_KEY
        self.details: dict[str, Any] = {
            "serial_number": SERIAL_NUMBER,
            "model": MODEL,
            "firmware_version": "1.2.3",
        }
        self.data: Any = {"temperature": 21.5, "signal_strength": -61}
        # Faults a test can inject; each applies to every request until cleared.
        self.status: int | None = None
        self.raw_body: bytes | None = None
        self.delay = 0.0
        self.drop_connection = False
        self.requests: list[str] = []
        self._server = TestServer(self._app(), host="127.0.0.1")
        self._port = 0

    @property
    def host(self) -> str:
        """Return the address the device listens on."""
        return "127.0.0.1"

    @property
    def port(self) -> int:
        """Return the port the device listens on (or listened on, once stopped)."""
        return self._port

    async def start(self) -> None:
        """Start listening on a free port."""
        await self._server.start_server()
        assert self._server.port is not None
        self._port = self._server.port

    async def stop(self) -> None:
        """Stop listening; connections are refused from now on."""
        await self._server.close()

    def _app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/health", self._health)
        app.router.add_get("/api/data", self._data)
        return app

    async def _health(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, self.details)

    async def _data(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, self.data)

    async def _answer(self, request: web.Request, payload: Any) -> web.StreamResponse:
        self.requests.append(f"{request.method} {request.path}")
        if request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return web.json_response({"error": "unauthorized"}, status=401)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.drop_connection:
            assert request.transport is not None
            request.transport.close()
            return web.Response()
        if self.status is not None:
            return web.Response(status=self.status, text="error")
        if self.raw_body is not None:
            # Like many devices: whatever the body is, the header says text/html.
            return web.Response(body=self.raw_body, content_type="text/html")
        return web.json_response(payload)
