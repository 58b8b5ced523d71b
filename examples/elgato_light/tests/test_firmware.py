"""Elgato's firmware catalog as the integration reads it, over real HTTP.

What Elgato serves, and every way its answer can be unusable, from the fake of Elgato.
"""

from collections.abc import Callable
import io
import struct
from typing import Any
import zipfile

import pytest

from custom_components.elgato_light.firmware import (
    CENTRAL_SIGNATURE,
    EOCD_SIGNATURE,
    MAX_IMAGE_BYTES,
    FirmwareCatalog,
    FirmwareError,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .fake_device import RESOURCES, SHIPPED, FakeElgatoCloud, make_archive

MINI_IMAGE = f"{RESOURCES}Firmware_Key_Light_Mini.bin"


def _eocd(index_size: int, index_offset: int) -> bytes:
    """Return a zip's end record pointing at its central directory."""
    return struct.pack(
        "<4sHHHHIIH", EOCD_SIGNATURE, 0, 0, 1, 1, index_size, index_offset, 0
    )


def _index_entry(local_offset: int, size: int = 100) -> bytes:
    """Return one central directory entry of a firmware image."""
    name = f"{RESOURCES}Firmware_Key_Light.bin".encode()
    entry = bytearray(46)
    entry[0:4] = CENTRAL_SIGNATURE
    struct.pack_into("<I", entry, 20, size)
    struct.pack_into("<H", entry, 28, len(name))
    struct.pack_into("<I", entry, 42, local_offset)
    return bytes(entry) + name


def _archive_pointing_at(offset_from_end: int) -> bytes:
    """Return an archive whose one image starts offset_from_end before its end."""
    body = b"x" * 64
    index_length = len(_index_entry(0))
    size = len(body) + index_length + 22
    index = _index_entry(size - offset_from_end)
    return body + index + _eocd(index_length, len(body))


def _with_central_size(archive: bytes, size: int) -> bytes:
    """Return the archive with its Mini image's compressed size changed in the index."""
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        info = zipped.getinfo(MINI_IMAGE)
    start = archive.index(CENTRAL_SIGNATURE)
    while True:
        (offset,) = struct.unpack_from("<I", archive, start + 42)
        if offset == info.header_offset:
            break
        start = archive.index(CENTRAL_SIGNATURE, start + 4)
    patched = bytearray(archive)
    struct.pack_into("<I", patched, start + 20, size)
    return bytes(patched)


def _with_corrupt_data(archive: bytes) -> bytes:
    """Return the archive with the Mini image's compressed data overwritten."""
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        info = zipped.getinfo(MINI_IMAGE)
    name_size, extra_size = struct.unpack_from("<HH", archive, info.header_offset + 26)
    start = info.header_offset + 30 + name_size + extra_size
    return archive[:start] + b"\xff" * 16 + archive[start + 16 :]


@pytest.fixture
async def catalog(
    hass: HomeAssistant, socket_enabled: None, elgato_cloud: FakeElgatoCloud
) -> FirmwareCatalog:
    """Return a catalog reading the fake of Elgato."""
    return FirmwareCatalog(async_get_clientsession(hass), elgato_cloud.url)


async def test_versions_and_download(catalog: FirmwareCatalog) -> None:
    """Each board's newest build is read from the images' headers; one downloads whole."""
    versions = await catalog.async_versions()
    assert {board: v.full_version for board, v in versions.items()} == {
        53: "1.0.3.218",
        201: "1.0.4.151",
        202: "1.0.4.240",
    }
    image = await catalog.async_download(202)
    assert image.data == SHIPPED["Key_Light_Mini"]


async def test_uncompressed_archive(
    catalog: FirmwareCatalog, elgato_cloud: FakeElgatoCloud
) -> None:
    """An archive that stores its images as they are is read the same."""
    elgato_cloud.archive = make_archive(SHIPPED, zipfile.ZIP_STORED)
    assert (await catalog.async_versions())[53].full_version == "1.0.3.218"
    assert (await catalog.async_download(53)).data == SHIPPED["Key_Light"]


async def test_board_not_shipped(catalog: FirmwareCatalog) -> None:
    """A board Elgato ships nothing for has nothing to download."""
    await catalog.async_versions()
    with pytest.raises(FirmwareError, match="no firmware for board 70"):
        await catalog.async_download(70)


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ({"catalog": b"[]"}, "names no archive"),
        (
            {"catalog": b'{"cc-mac": {"downloadURL": "file:///etc/passwd"}}'},
            "names no archive",
        ),
        ({"catalog": b" " * (1024 * 1024 + 1)}, "larger than"),
        ({"hide_size": True}, "size is unknown"),
        ({"range_status": 200}, "not served by byte ranges"),
        ({"archive": b"not a zip file" * 16}, "has no index"),
        ({"archive": b"x" * 64 + _eocd(5 * 2**20, 0)}, "index is over"),
        (
            {"archive": CENTRAL_SIGNATURE + b"\0" * 10 + _eocd(14, 0)},
            "index is cut short",
        ),
        ({"archive": _archive_pointing_at(10)}, "cut short"),
        ({"archive": _archive_pointing_at(-10)}, "points outside"),
        (
            {"archive": make_archive(SHIPPED, zipfile.ZIP_BZIP2)},
            "uses compression 12",
        ),
        ({"archive": make_archive({"Key_Light": b"\xce\x00"})}, "shorter than"),
        ({"archive": make_archive({"Key_Light": b"x" * 200})}, "not an Elgato"),
        ({"archive": _with_corrupt_data(make_archive(SHIPPED))}, "corrupt"),
    ],
    ids=[
        "catalog-not-an-object",
        "archive-not-http",
        "catalog-too-large",
        "no-size",
        "range-as-200",
        "not-a-zip",
        "index-too-large",
        "index-cut-short",
        "image-at-the-end",
        "image-outside",
        "bzip2",
        "image-too-short",
        "not-an-image",
        "corrupt",
    ],
)
async def test_unusable_catalog(
    catalog: FirmwareCatalog,
    elgato_cloud: FakeElgatoCloud,
    fault: dict[str, Any],
    message: str,
) -> None:
    """Whatever Elgato's servers answer, an unusable answer is a FirmwareError."""
    for name, value in fault.items():
        setattr(elgato_cloud, name, value)
    with pytest.raises(FirmwareError, match=message):
        await catalog.async_versions()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda archive: _with_central_size(archive, MAX_IMAGE_BYTES + 1), "over"),
        (
            lambda _: make_archive(
                {**SHIPPED, "Key_Light_Mini": SHIPPED["Key_Light_Mini"] + b"+"}
            ),
            "not whole",
        ),
    ],
    ids=["too-large", "not-whole"],
)
async def test_unusable_image(
    catalog: FirmwareCatalog,
    elgato_cloud: FakeElgatoCloud,
    change: Callable[[bytes], bytes],
    message: str,
) -> None:
    """An image whose header reads but which cannot be installed is a FirmwareError."""
    elgato_cloud.archive = change(elgato_cloud.archive)
    await catalog.async_versions()
    with pytest.raises(FirmwareError, match=message):
        await catalog.async_download(202)
