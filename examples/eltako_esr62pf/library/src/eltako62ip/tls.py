"""Reads a device's certificate fingerprint, to pin it on first use."""

import asyncio
import contextlib
import hashlib
import ssl

from .api import CannotConnectError
from .const import DEFAULT_TIMEOUT


async def async_get_fingerprint(host: str, port: int) -> str:
    """Return the SHA-256 fingerprint (hex) of the certificate the device presents.

    This connection trusts nothing and sends nothing: it only reads the certificate so
    the user can confirm it. Every later request checks the pinned fingerprint.
    """
    try:
        async with asyncio.timeout(DEFAULT_TIMEOUT):
            _, writer = await asyncio.open_connection(
                host, port, ssl=_trust_nothing_context()
            )
    except (OSError, TimeoutError) as err:
        raise CannotConnectError(
            f"TLS connection to {host}:{port} failed: {type(err).__name__}"
        ) from err
    try:
        certificate = writer.get_extra_info("ssl_object").getpeercert(binary_form=True)
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
    return hashlib.sha256(certificate).hexdigest()


def _trust_nothing_context() -> ssl.SSLContext:
    """Return a TLS context that checks no certificate: it is only read, to be shown."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def format_fingerprint(fingerprint: str) -> str:
    """Return the fingerprint as upper-case pairs joined by colons, as browsers show it."""
    pairs = (fingerprint[i : i + 2] for i in range(0, len(fingerprint), 2))
    return ":".join(pairs).upper()
