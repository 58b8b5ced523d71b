"""Reads a device's certificate fingerprint, to pin it on first use."""

import asyncio
import contextlib
import hashlib

from homeassistant.util.ssl import get_default_no_verify_context

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
                host, port, ssl=get_default_no_verify_context()
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


def format_fingerprint(fingerprint: str) -> str:
    """Return the fingerprint as upper-case pairs joined by colons, as browsers show it."""
    pairs = (fingerprint[i : i + 2] for i in range(0, len(fingerprint), 2))
    return ":".join(pairs).upper()
