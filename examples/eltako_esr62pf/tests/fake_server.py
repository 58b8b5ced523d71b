"""A fake HTTP server with the device's authentication, and faults a test can inject.

It listens on 127.0.0.1 over real HTTPS and checks credentials the way the device
does. Endpoints answer through _answer(), which applies the faults. The device's own
endpoints and state are added by FakeDevice, in fake_device.py.
"""

import asyncio
from collections.abc import Callable
import secrets
import ssl
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer
from eltako62ip.const import API_BASE_PATH

USERNAME = "admin"
PASSWORD = "fake-device-password-5e1d"

# What the user enters besides host and port, under the client's keyword names, which
# are also the config entry's keys (CONF_USERNAME, CONF_PASSWORD, CONF_API_KEY).
CREDENTIALS: dict[str, Any] = {
    "password": PASSWORD,
}

# What asyncio (in debug mode) reports when a client breaks off the TLS handshake.
HANDSHAKE_FAILED = "Error on transport creation for incoming connection"


class FakeServer:
    """Authenticates requests and injects faults; subclasses add the endpoints."""

    def __init__(self) -> None:
        """Start as a healthy server."""
        self.username = USERNAME
        self.password = PASSWORD
        self.tokens: list[str] = []
        self.logins = 0
        # Replaces the login answer when set, to test malformed ones.
        self.login_answer: dict[str, Any] | None = None
        # Devices that keep few tokens revoke the oldest one when a login needs room.
        self.max_tokens: int | None = None
        # Faults a test can inject. Each applies to every request until heal(), except
        # fail_next, which answers that many requests with fail_status, then recovers.
        # What the device is like, which FakeDevice sets for its kind: the Content-Type
        # header of its JSON answers (many say text/html or text/plain), and whether it
        # answers an HTML page to a request that does not say Content-Type:
        # application/json, as Eltako's do.
        self.content_type = "application/json"
        self.html_unless_json = False
        self.heal()
        self.requests: list[str] = []
        self._outer_exception_handler: Any = None
        self._server: TestServer | None = None
        self._port = 0

    def heal(self) -> None:
        """Clear every injected fault: the server answers normally again."""
        self.status: int | None = None
        self.fail_next = 0
        self.fail_status = 503
        self.headers: dict[str, str] = {}
        self.raw_body: bytes | None = None
        # Bodies for single paths (below the API base path), like raw_body.
        self.raw_bodies: dict[str, bytes] = {}
        self.delay = 0.0
        self.drop_connection = False
        # Promise a whole body, send part of it, then close the connection.
        self.truncate_body = False
        # Send a raw body in chunks with no Content-Length, as an endless stream would.
        self.stream_body = False
        # The Content-Encoding of a raw body that is already encoded (such as "gzip").
        self.content_encoding: str | None = None
        # The title and detail of the problem document an injected status answers.
        self.problem_title = "Error"
        self.problem_detail = "the device failed"

    def inject(self, **faults: Any) -> None:
        """Set fault settings (the attributes heal() resets) until the next heal()."""
        for name, value in faults.items():
            if not hasattr(self, name):
                raise AttributeError(f"the fake server has no fault {name!r}")
            setattr(self, name, value)

    @property
    def host(self) -> str:
        """Return the address the device listens on."""
        return "127.0.0.1"

    @property
    def port(self) -> int:
        """Return the port the device listens on (or listened on, once stopped)."""
        return self._port

    async def start(self, ssl_context: ssl.SSLContext) -> None:
        """Start listening with TLS, on the same port as before if it ran already."""
        self._server = TestServer(self._app(), host=self.host, port=self._port or None)
        await self._server.start_server(ssl=ssl_context)
        loop = asyncio.get_running_loop()
        self._outer_exception_handler = loop.get_exception_handler()
        loop.set_exception_handler(self._ignore_refused_handshake)
        assert self._server.port is not None
        self._port = self._server.port

    def _ignore_refused_handshake(
        self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]
    ) -> None:
        """Drop the report of a TLS handshake a client broke off; pass on the rest.

        A client that refuses the certificate closes the connection mid-handshake, and
        asyncio in debug mode reports that to the loop. It is what such a test wants, not
        an error of the code under test. In a test only fake servers accept connections.
        """
        if context.get("message") == HANDSHAKE_FAILED and isinstance(
            context.get("exception"), OSError
        ):
            return
        if self._outer_exception_handler is not None:
            self._outer_exception_handler(loop, context)
        else:
            loop.default_exception_handler(context)

    def requests_to(self, path: str) -> int:
        """Return how many requests reached path (below the API base path)."""
        return sum(
            request.endswith(f"{API_BASE_PATH}{path}") for request in self.requests
        )

    async def stop(self) -> None:
        """Stop listening; connections are refused from now on."""
        if self._server is not None:
            await self._server.close()
            self._server = None
            asyncio.get_running_loop().set_exception_handler(
                self._outer_exception_handler
            )

    def revoke_tokens(self) -> None:
        """Forget every token, as a device does after a reset or a new login elsewhere."""
        self.tokens.clear()

    def _app(self) -> web.Application:
        app = web.Application()
        app.router.add_post(f"{API_BASE_PATH}/login", self._login)
        self.add_routes(app.router)
        # Last, so it only answers what no endpoint serves.
        app.router.add_route("*", "/{path:.*}", self._not_served)
        return app

    def add_routes(self, router: web.UrlDispatcher) -> None:
        """Add the device's endpoints; each answers through _answer()."""
        raise NotImplementedError

    async def _login(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(f"{request.method} {request.path}")
        body = await request.json()
        username_ok = body.get("user") == self.username
        password_ok = body.get("password") == self.password
        if not (username_ok and password_ok):
            return problem(401, "Unauthorized", "wrong username or password")
        self.logins += 1
        token = secrets.token_hex(16)
        self.tokens.append(token)
        if self.max_tokens is not None:
            del self.tokens[: -self.max_tokens]
        answer = self.login_answer or {"apiKey": token}
        return web.json_response(answer, content_type=self.content_type)

    def _authorized(self, request: web.Request) -> bool:
        expected = set(self.tokens)
        return request.headers.get("Authorization") in expected

    async def _answer(
        self,
        request: web.Request,
        payload: Any,
        change: Callable[[], Any] | None = None,
    ) -> web.StreamResponse:
        """Answer with payload, or make the change of a write, unless a fault comes first.

        A write answers what change returns, as JSON (devices such as Elgato's answer
        with the new state), or, when it returns None, 202 with no body (accepted for
        later, as many devices answer).
        """
        fault = await self._fault(request)
        if fault is not None:
            return fault
        if change is not None:
            answer = change()
            if answer is None:
                return web.Response(status=202)
            return web.json_response(answer, content_type=self.content_type)
        raw_body = self.raw_bodies.get(request.path.removeprefix(API_BASE_PATH))
        if raw_body is None:
            raw_body = self.raw_body
        if raw_body is not None:
            return await self._raw_answer(request, raw_body)
        return web.json_response(payload, content_type=self.content_type)

    async def _raw_answer(
        self, request: web.Request, raw_body: bytes
    ) -> web.StreamResponse:
        """Answer with raw bytes, as the fault settings say to send them."""
        # Like many devices: whatever the body is, the header says text/html.
        headers = {"Content-Type": "text/html"}
        if self.content_encoding is not None:
            headers["Content-Encoding"] = self.content_encoding
        if not self.stream_body:
            return web.Response(body=raw_body, headers=headers)
        response = web.StreamResponse(headers=headers)
        response.enable_chunked_encoding()
        await response.prepare(request)
        chunk = 64 * 1024
        try:
            for start in range(0, len(raw_body), chunk):
                await response.write(raw_body[start : start + chunk])
        except ConnectionError:
            # The client stopped reading, as it should past its limit.
            return response
        await response.write_eof()
        return response

    async def _not_served(self, request: web.Request) -> web.StreamResponse:
        """Answer a path or method no endpoint serves: 404, unless a fault comes first."""
        fault = await self._fault(request)
        if fault is not None:
            return fault
        return problem(
            404, "Not Found", f"{request.method} {request.path} is not served"
        )

    async def _fault(self, request: web.Request) -> web.StreamResponse | None:
        """Record the request; answer it with the fault it meets, or None if none."""
        self.requests.append(f"{request.method} {request.path}")
        if (
            self.html_unless_json
            and request.headers.get("Content-Type") != "application/json"
        ):
            return web.Response(text="<html>use JSON</html>", content_type="text/html")
        if not self._authorized(request):
            return problem(401, "Unauthorized", "missing or invalid credentials")
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.drop_connection:
            assert request.transport is not None
            request.transport.close()
            return web.Response()
        if self.truncate_body:
            response = web.StreamResponse(headers={"Content-Length": "4096"})
            response.content_type = "application/json"
            await response.prepare(request)
            await response.write(b'{"cut off')
            assert request.transport is not None
            request.transport.close()
            return response
        return self._failure()

    def _failure(self) -> web.Response | None:
        """Answer with the injected error status, if any (fail_next counts down)."""
        if self.fail_next:
            self.fail_next -= 1
            return problem(self.fail_status, "Busy", "try again", self.headers)
        if self.status is not None:
            return problem(
                self.status, self.problem_title, self.problem_detail, self.headers
            )
        return None


def problem(
    status: int, title: str, detail: str, headers: dict[str, str] | None = None
) -> web.Response:
    """Answer with an RFC 7807 problem document."""
    return web.json_response(
        {"title": title, "status": status, "detail": detail, "instance": "/"},
        status=status,
        headers=headers,
        content_type="application/problem+json",
    )
