"""Time the generated Server-Sent Events parser on hostile streams; print JSON.

Run it with .venv/bin/python benchmarks/sse_parser.py [PROJECT]: PROJECT is a rendered
push project with Server-Sent Events; without one, the push defaults are rendered from
this checkout's HEAD into a temporary directory. The stream comes from memory, as fast
as the parser takes it, so the figures are the parser's own:

- a line of nearly MAX_BODY_BYTES (4 MiB) sent in 256-byte pieces: the time until its
  event is decoded (a parser that rebuilds its line buffer for every piece is
  quadratic here: seconds, not milliseconds);
- a flood of blank lines (16 MiB of them, in 64 KiB pieces): the time until the
  parser refuses it at MAX_BODY_BYTES, and the longest the event loop waited for the
  parser meanwhile (a parser that never yields blocks the loop for the whole flood).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
import importlib
import json
from pathlib import Path
import subprocess
import sys
import tempfile
import time
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


class Pieces:
    """A response whose body is all there, and is read in pieces of at most size."""

    def __init__(self, body: bytes, size: int) -> None:
        self.content = self
        self._body = memoryview(body)
        self._size = size
        self._at = 0

    async def read(self, n: int) -> bytes:
        piece = bytes(self._body[self._at : self._at + min(n, self._size)])
        self._at += len(piece)
        return piece


async def _ticker(gaps: list[float]) -> None:
    """Record how long each turn of the event loop took to come back."""
    last = time.perf_counter()
    while True:
        await asyncio.sleep(0)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now


async def _drain(events: AsyncIterator[Any], api: Any) -> tuple[int, str]:
    """Read every event until the stream's error; return the count and the error."""
    count = 0
    try:
        async for _ in events:
            count += 1
    except api.ApiError as err:
        return count, str(err)
    raise AssertionError("the stream ended without an error")


async def _timed(api: Any, body: bytes, size: int) -> dict[str, Any]:
    gaps: list[float] = []
    ticker = asyncio.create_task(_ticker(gaps))
    await asyncio.sleep(0)
    start = time.perf_counter()
    count, error = await _drain(api._read_events(Pieces(body, size)), api)
    seconds = time.perf_counter() - start
    ticker.cancel()
    return {
        "seconds": round(seconds, 3),
        "events": count,
        "error": error,
        "longest_loop_wait_ms": round(max(gaps, default=0.0) * 1000, 1),
    }


async def measure(api: Any, limit: int) -> dict[str, Any]:
    line = b'data: "' + b"x" * (limit - 1024) + b'"\n\n'
    flood = b"\n" * (4 * limit)
    return {
        "long_line_in_256_byte_pieces": await _timed(api, line, 256),
        "blank_line_flood_in_64_kib_pieces": await _timed(api, flood, 64 * 1024),
    }


def _project(directory: Path) -> Path:
    project = directory / "push-sse"
    subprocess.run(
        [BIN / "copier", "copy", "--defaults", "--quiet", "--vcs-ref=HEAD",
         "--data", "iot_class=local_push", "--data", "auth_method=none", ROOT, project],
        check=True, capture_output=True,
    )  # fmt: skip
    return project


def main(project_for: Callable[[Path], Path]) -> None:
    with tempfile.TemporaryDirectory() as name:
        project = project_for(Path(name))
        sys.path.insert(0, str(project))
        domain = next(
            path.name
            for path in (project / "custom_components").iterdir()
            if (path / "manifest.json").exists()
        )
        api = importlib.import_module(f"custom_components.{domain}.api")
        const = importlib.import_module(f"custom_components.{domain}.const")
        figures = asyncio.run(measure(api, const.MAX_BODY_BYTES))
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    given = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else None
    main(lambda directory: given or _project(directory))
