"""A Home Assistant instance of the test harness, for the benchmarks to set entries up in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from unittest.mock import patch


@asynccontextmanager
async def home_assistant(directory: Path) -> AsyncIterator[Any]:
    """Start Home Assistant with custom integrations loadable; stop it afterwards."""
    from aiohttp.resolver import ThreadedResolver
    from homeassistant import loader
    from pytest_homeassistant_custom_component.common import async_test_home_assistant

    # Home Assistant's shared session resolves names over mDNS through zeroconf, which
    # needs the network integration; the fake devices are IP addresses, so plain
    # resolution does the same job.
    def make_resolver(hass: Any) -> ThreadedResolver:
        resolver = ThreadedResolver()
        # The test harness closes the resolver through real_close when it stops.
        resolver.real_close = resolver.close  # type: ignore[attr-defined]
        return resolver

    with patch(
        "homeassistant.helpers.aiohttp_client._async_make_resolver",
        side_effect=make_resolver,
    ):
        async with async_test_home_assistant(config_dir=str(directory)) as hass:
            # Let Home Assistant load custom integrations, as the test fixture does.
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            yield hass
            await hass.async_stop(force=True)
