"""Elgato's firmware: what Elgato ships for each light, and how a light takes it.

Elgato runs no firmware download service: every image ships inside its Control Center
app, whose macOS build is a zip archive. Elgato's release index (CATALOG_URL) names
the archive of the current release; the archive's index, read with HTTP byte ranges,
names the firmware images in it, and the 128-byte header of each image its board type,
version and build. A light takes an image in three steps on its local API: prepare
(it erases a flash slot), the image in 4 KiB chunks, then execute (it restarts on it).
Each read is bounded: a hostile answer is a FirmwareError, never unbounded memory.
"""

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from http import HTTPStatus
import struct
from typing import Any, Final, override
import zlib

import aiohttp
from multidict import CIMultiDictProxy
from yarl import URL

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util.json import json_loads

from .const import API_BASE_PATH, DOMAIN, LOGGER
from .models import DeviceData

# Elgato's release index of its apps; "cc-mac" is the Control Center for macOS.
CATALOG_URL: Final = "https://gc-updates.elgato.com/"
CATALOG_PRODUCT: Final = "cc-mac"
# Elgato ships firmware a handful of times a year, with a new Control Center.
FIRMWARE_SCAN_INTERVAL: Final = timedelta(hours=12)
# Elgato's servers are not on the local network: a request may take a while.
CATALOG_TIMEOUT: Final = 30.0

# The images are the app's resources Firmware_<model>.bin.
FIRMWARE_MEMBER: Final = "/Resources/Firmware_"
# Zip records: the end of the central directory sits behind a comment of up to 64 KiB.
EOCD_SIGNATURE: Final = b"PK\x05\x06"
EOCD_MAX_SIZE: Final = 65557
CENTRAL_SIGNATURE: Final = b"PK\x01\x02"
STORED, DEFLATED = 0, 8
# Enough of a member for its local header and its image's header, compressed.
LOCAL_HEADER_WINDOW: Final = 4096
# Bounds of what is read: Elgato's release index is a few kilobytes, the archive's
# index a few hundred, an image about 600 KiB.
MAX_CATALOG_BYTES: Final = 1024 * 1024
MAX_INDEX_BYTES: Final = 4 * 1024 * 1024
MAX_IMAGE_BYTES: Final = 4 * 1024 * 1024

# An image: a 128-byte header, then the payload (the light checks its signature).
HEADER_SIZE: Final = 128
HEADER_MAGIC: Final = 0x00CE
HEADER_VERSION: Final = 1
HEADER_IDENTIFIER: Final = b"Elgato Firmware - (c) Elgato Systems GmbH"

# The upload, as Elgato's Control Center sends it.
UPLOAD_PATH: Final = f"{API_BASE_PATH}/firmware-update"
CHUNK_SIZE: Final = 4096
# The light asks for a chunk again with 400 or 408; it refuses an image the same way.
CHUNK_ATTEMPTS: Final = 3
CHUNK_RETRY_DELAY: Final = 0.2
# Erasing a flash slot, and restarting, take longer than an ordinary request.
UPLOAD_TIMEOUT: Final = 60.0
# A light on battery power (BatteryInfo.power_source 2) takes firmware only above this
# level, in percent: python-elgato's rule, not Elgato's, for a light that may die.
POWER_SOURCE_BATTERY: Final = 2
MINIMUM_BATTERY_LEVEL: Final = 20
# The longest message of the light's that an error carries.
MAX_MESSAGE: Final = 200


class FirmwareError(Exception):
    """Elgato's catalog or image cannot be used, or a light refused an image."""


class FirmwareConnectionError(FirmwareError):
    """Elgato's servers, or the light, could not be reached."""


@dataclass(frozen=True, slots=True)
class FirmwareVersion:
    """A firmware build for one board type, as its image's header names it."""

    board_type: int
    version: str
    build_number: int

    @property
    def full_version(self) -> str:
        """Return version and build: Elgato ships several builds of one version."""
        return f"{self.version}.{self.build_number}"

    @classmethod
    def from_header(cls, header: bytes) -> FirmwareVersion:
        """Read an image's header."""
        if len(header) < HEADER_SIZE:
            raise FirmwareError("the firmware image is shorter than its header")
        magic, version = struct.unpack_from("<HH", header)
        if (magic, version) != (HEADER_MAGIC, HEADER_VERSION) or (
            header[4:45] != HEADER_IDENTIFIER
        ):
            raise FirmwareError("the file is not an Elgato firmware image")
        major, minor, patch, build = struct.unpack_from("<HHHH", header, 46)
        return cls(header[45], f"{major}.{minor}.{patch}", build)


@dataclass(frozen=True, slots=True)
class FirmwareImage:
    """A whole image, header included, as the light takes it."""

    version: FirmwareVersion
    data: bytes

    @classmethod
    def from_bytes(cls, data: bytes) -> FirmwareImage:
        """Check that data is one whole image (its signature is the light's to check)."""
        version = FirmwareVersion.from_header(data)
        payload_size, payload_offset = struct.unpack_from("<IH", data, 54)
        if payload_offset != HEADER_SIZE or HEADER_SIZE + payload_size != len(data):
            raise FirmwareError("the firmware image is not whole")
        return cls(version, data)


@dataclass(frozen=True, slots=True)
class _Member:
    """A firmware image in the archive: where it starts, its size and compression."""

    offset: int
    size: int
    compression: int


def _members(index: bytes) -> Iterator[_Member]:
    """Walk the archive's central directory, yielding its firmware images."""
    offset = 0
    while index[offset : offset + 4] == CENTRAL_SIGNATURE:
        (compression,) = struct.unpack_from("<H", index, offset + 10)
        (size,) = struct.unpack_from("<I", index, offset + 20)
        name_size, extra_size, comment_size = struct.unpack_from(
            "<HHH", index, offset + 28
        )
        (local_offset,) = struct.unpack_from("<I", index, offset + 42)
        name = index[offset + 46 : offset + 46 + name_size].decode(errors="replace")
        offset += 46 + name_size + extra_size + comment_size
        if FIRMWARE_MEMBER in name and name.endswith(".bin"):
            yield _Member(local_offset, size, compression)


def _data_offset(local_header: bytes) -> int:
    """Return where a member's data starts, relative to its local header."""
    name_size, extra_size = struct.unpack_from("<HH", local_header, 26)
    return int(30 + name_size + extra_size)


def _inflate(data: bytes, compression: int, limit: int) -> bytes:
    """Return at most limit bytes of a member's data, uncompressed."""
    if compression == STORED:
        return data[:limit]
    if compression != DEFLATED:
        raise FirmwareError(f"the archive uses compression {compression}")
    try:
        return zlib.decompressobj(-zlib.MAX_WBITS).decompress(data, limit)
    except zlib.error as err:
        raise FirmwareError(f"the archive is corrupt: {err}") from err


async def _read_at_most(response: aiohttp.ClientResponse, limit: int) -> bytes:
    """Return the body, or raise FirmwareError once it is larger than limit."""
    body = bytearray()
    async for chunk in response.content.iter_chunked(64 * 1024):
        body += chunk
        if len(body) > limit:
            raise FirmwareError(f"the answer is larger than {limit} bytes")
    return bytes(body)


class FirmwareCatalog:
    """The firmware Elgato currently ships, per board type.

    The archive's index is read again only when Elgato names a new archive, so an
    ordinary check is one small request.
    """

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        """Read Elgato's release index at url."""
        self._session = session
        self._url = url
        # Offsets into one archive: a check must not move them while a download reads.
        self._lock = asyncio.Lock()
        self._archive = ""
        self._size = 0
        self._members: dict[int, _Member] = {}
        self._versions: dict[int, FirmwareVersion] = {}

    async def async_versions(self) -> dict[int, FirmwareVersion]:
        """Return the newest firmware of each board type, checking for a new release."""
        async with self._lock:
            archive = await self._published_archive()
            if archive != self._archive:
                await self._read_index(archive)
            return dict(self._versions)

    async def async_download(self, board_type: int) -> FirmwareImage:
        """Download the newest image Elgato ships for board_type."""
        async with self._lock:
            if (member := self._members.get(board_type)) is None:
                raise FirmwareError(f"Elgato ships no firmware for board {board_type}")
            if member.size > MAX_IMAGE_BYTES:
                raise FirmwareError(f"the image is over {MAX_IMAGE_BYTES} bytes")
            window = await self._local_header(self._archive, self._size, member)
            start = member.offset + _data_offset(window)
            data = await self._read(self._archive, start, member.size)
        return FirmwareImage.from_bytes(
            _inflate(data, member.compression, MAX_IMAGE_BYTES)
        )

    async def _published_archive(self) -> str:
        """Return the address of the Control Center archive Elgato publishes now."""
        _, _, body = await self._request("GET", self._url, MAX_CATALOG_BYTES)
        try:
            catalog: Any = json_loads(body)
            archive = catalog[CATALOG_PRODUCT]["downloadURL"]
        except (ValueError, LookupError, TypeError) as err:
            raise FirmwareError("Elgato's release index names no archive") from err
        if not isinstance(archive, str) or URL(archive).scheme not in {"http", "https"}:
            raise FirmwareError("Elgato's release index names no archive")
        return archive

    async def _read_index(self, archive: str) -> None:
        """Read the archive's index, and the header of each firmware image in it."""
        _, headers, _ = await self._request("HEAD", archive, 0)
        try:
            size = int(headers["Content-Length"])
        except (KeyError, ValueError) as err:
            raise FirmwareError("the archive's size is unknown") from err
        tail_size = min(size, EOCD_MAX_SIZE)
        tail = await self._read(archive, size - tail_size, tail_size)
        if (end := tail.rfind(EOCD_SIGNATURE)) == -1 or len(tail) < end + 20:
            raise FirmwareError("the archive has no index")
        index_size, index_offset = struct.unpack_from("<II", tail, end + 12)
        if index_size > MAX_INDEX_BYTES:
            raise FirmwareError(f"the archive's index is over {MAX_INDEX_BYTES} bytes")
        index = await self._read(archive, index_offset, index_size)
        try:
            found = list(_members(index))
        except struct.error as err:
            raise FirmwareError("the archive's index is cut short") from err
        members: dict[int, _Member] = {}
        versions: dict[int, FirmwareVersion] = {}
        for member in found:
            window = await self._local_header(archive, size, member)
            header = _inflate(
                window[_data_offset(window) :], member.compression, HEADER_SIZE
            )
            version = FirmwareVersion.from_header(header)
            members[version.board_type] = member
            versions[version.board_type] = version
        # Only a whole index is kept: one that failed halfway is read again next time.
        self._archive, self._size = archive, size
        self._members, self._versions = members, versions

    async def _local_header(self, archive: str, size: int, member: _Member) -> bytes:
        """Read a member's local header and the start of its data."""
        window = await self._read(
            archive, member.offset, min(LOCAL_HEADER_WINDOW, size - member.offset)
        )
        if len(window) < 30:
            raise FirmwareError("the archive is cut short")
        return window

    async def _read(self, archive: str, start: int, length: int) -> bytes:
        """Read exactly length bytes of the archive from start, by a byte range."""
        if start < 0 or length <= 0:
            raise FirmwareError("the archive's index points outside the archive")
        headers = {"Range": f"bytes={start}-{start + length - 1}"}
        status, _, body = await self._request("GET", archive, length, headers)
        # A server that ignores the range sends the whole archive: nothing read from it
        # would be where the index says.
        if status != HTTPStatus.PARTIAL_CONTENT or len(body) != length:
            raise FirmwareError("the archive was not served by byte ranges")
        return body

    async def _request(
        self,
        method: str,
        url: str,
        limit: int,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, CIMultiDictProxy[str], bytes]:
        """Send one request to Elgato's servers; return its status, headers and body."""
        try:
            async with self._session.request(
                method,
                url,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=CATALOG_TIMEOUT),
            ) as response:
                response.raise_for_status()
                body = await _read_at_most(response, limit)
                return response.status, response.headers, body
        except (TimeoutError, aiohttp.ClientError) as err:
            raise FirmwareConnectionError(
                f"{method} {URL(url).host}: {type(err).__name__}"
            ) from None


# coordinator.py is the template's (the light's own coordinator); this one is ours.
# pylint: disable-next=home-assistant-enforce-class-module
class FirmwareCoordinator(DataUpdateCoordinator[dict[int, FirmwareVersion]]):
    """The firmware Elgato ships, per board type, for every light.

    One catalog covers every model, so one coordinator serves every entry (it belongs
    to none), at its own, slow interval.
    """

    def __init__(self, hass: HomeAssistant) -> None:
        """Read Elgato's catalog through Home Assistant's shared session."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=None,
            name=f"{DOMAIN} firmware",
            update_interval=FIRMWARE_SCAN_INTERVAL,
        )
        # Read here, not at import: the tests point it at their fake of Elgato.
        self.catalog = FirmwareCatalog(async_get_clientsession(hass), CATALOG_URL)

    @override
    async def _async_update_data(self) -> dict[int, FirmwareVersion]:
        """Read the firmware Elgato ships now."""
        try:
            return await self.catalog.async_versions()
        except FirmwareConnectionError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="firmware_communication_error",
            ) from err
        except FirmwareError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="firmware_unknown_error",
            ) from err

    async def async_install(
        self,
        data: DeviceData,
        light: URL,
        on_progress: Callable[[int, int], None],
    ) -> FirmwareVersion:
        """Install what Elgato ships for the light (as data reads it) at light.

        Returns the version sent, which the light runs once it has restarted. The
        download's failure is Elgato's, not the light's: it marks this coordinator
        failed, never the light's. Each failure is a translated error.
        """
        battery = data.battery
        if (
            battery is not None
            and battery.power_source == POWER_SOURCE_BATTERY
            and battery.level < MINIMUM_BATTERY_LEVEL
        ):
            # A light that runs out of power halfway through is worse off than one
            # that was never updated.
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="firmware_battery_low",
                translation_placeholders={"level": f"{battery.level:.0f}"},
            )
        try:
            image = await self.catalog.async_download(data.info.hardware_board_type)
        except FirmwareConnectionError as err:
            self.async_set_update_error(err)
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="firmware_communication_error",
            ) from err
        except FirmwareError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="firmware_unknown_error",
            ) from err
        try:
            await async_upload(
                async_get_clientsession(self.hass), light, image, on_progress
            )
        except FirmwareError as err:
            # The light turns an image away for reasons someone can act on: say which.
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="firmware_install_error",
                translation_placeholders={"error": str(err)},
            ) from err
        return image.version


async def async_upload(
    session: aiohttp.ClientSession,
    light: URL,
    image: FirmwareImage,
    on_progress: Callable[[int, int], None],
) -> None:
    """Install image on the light at light: prepare, the chunks, then execute.

    The light keeps running its old firmware until execute, so an upload that stops
    halfway leaves a working light. on_progress gets the bytes it took and the total.
    """
    total = len(image.data)
    await _upload_step(session, "PUT", light / "prepare", json={"size": total})
    for offset in range(0, total, CHUNK_SIZE):
        chunk = image.data[offset : offset + CHUNK_SIZE]
        url = (light / "data").with_query(offset=offset)
        attempt = 1
        while (
            await _upload_step(
                session, "PUT", url, data=chunk, retry=attempt < CHUNK_ATTEMPTS
            )
            is None
        ):
            attempt += 1
            await asyncio.sleep(CHUNK_RETRY_DELAY)
        on_progress(offset + len(chunk), total)
    await _upload_step(session, "POST", light / "execute")


async def _upload_step(
    session: aiohttp.ClientSession,
    method: str,
    url: URL,
    *,
    retry: bool = False,
    **body: Any,
) -> int | None:
    """Send one step of the upload; return its status, or None to send it again."""
    try:
        async with session.request(
            method,
            url,
            headers={"Content-Type": "application/octet-stream"}
            if "data" in body
            else None,
            timeout=aiohttp.ClientTimeout(total=UPLOAD_TIMEOUT),
            allow_redirects=False,
            **body,
        ) as response:
            status = response.status
            answer = await response.content.read(4096)
    except (TimeoutError, aiohttp.ClientError) as err:
        raise FirmwareConnectionError(
            f"{method} {url.path}: {type(err).__name__}"
        ) from None
    if status in (HTTPStatus.OK, HTTPStatus.ACCEPTED):
        return status
    if retry and status in (HTTPStatus.BAD_REQUEST, HTTPStatus.REQUEST_TIMEOUT):
        return None
    raise FirmwareError(_refusal(status, answer))


def _refusal(status: int, answer: bytes) -> str:
    """Return the light's own messages, as it sends them ({"errors": [...]})."""
    try:
        document: Any = json_loads(answer)
        messages = "; ".join(str(error["message"]) for error in document["errors"])
    except ValueError, LookupError, TypeError:
        messages = ""
    return (messages or f"HTTP {status}")[:MAX_MESSAGE]
