# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Turning a reference image argument into what the API's ``image`` field accepts.

The API takes either an image URL or raw base64 (no ``data:`` prefix). Local
files and bytes are checked against Kling's documented limits before upload,
because the server only rejects them after a slow upload (and sometimes only
after the task was created and billed):

* format jpg/jpeg/png, detected from the magic bytes, not the file name;
* at most 10 MB (10 * 1024 * 1024 bytes of image data, before base64);
* width and height each at least 300 px;
* aspect ratio (width:height) between 1:2.5 and 2.5:1.

Dimensions are read from the PNG IHDR chunk or the JPEG SOFn segment, so no
imaging library is needed. URLs are passed through unchecked: the client
cannot see the image behind them.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import struct

from ._errors import RequestValidationError

__all__ = ["MAX_IMAGE_BYTES", "MIN_IMAGE_SIDE", "ImageInfo", "encode_image", "inspect_image"]

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MIN_IMAGE_SIDE = 300
# Ratio bounds as integers (2:5 .. 5:2) so the comparison is exact.
_RATIO_NUM, _RATIO_DEN = 5, 2

_FIELD = "image"
EVIDENCE_FORMAT = "Supported image formats include .jpg / .jpeg / .png"
EVIDENCE_SIZE = (
    "The image file size cannot exceed 10MB, and the width and height dimensions of the image "
    "shall not be less than 300px"
)
EVIDENCE_RATIO = "the aspect ratio of the image should be between 1:2.5 ~ 2.5:1"
EVIDENCE_BASE64 = (
    "The reference image supports passing in a Base64 encoded image or an image URL (ensure it is accessible)."
)

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
_BASE64_CHARS = re.compile(rb"^[A-Za-z0-9+/\s]*={0,2}\s*$")
_DATA_URL = re.compile(r"^data:image/[a-zA-Z0-9.+-]+;base64,", re.IGNORECASE)
# Formats people commonly try, named in the error instead of "unknown".
_OTHER_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)


class ImageInfo:
    """Format and pixel size of a checked image."""

    __slots__ = ("format", "height", "width")

    def __init__(self, format: str, width: int, height: int) -> None:
        self.format = format
        self.width = width
        self.height = height

    def __repr__(self) -> str:
        return f"ImageInfo(format={self.format!r}, width={self.width}, height={self.height})"


def _fail(rule: str, value: object, evidence: str, detail: str) -> RequestValidationError:
    return RequestValidationError.build(field=_FIELD, rule=rule, value=value, evidence=evidence, detail=detail)


def encode_image(value: str | bytes | os.PathLike[str]) -> str:
    """Return ``value`` as the API's ``image`` field: a URL unchanged, anything else checked base64.

    Accepts an http(s) URL, a path (``str`` or ``PathLike``), raw bytes, raw
    base64 or a ``data:image/...;base64,`` URL (whose prefix is removed,
    because the API rejects it). Raises ``RequestValidationError`` (field
    ``image``) naming the broken limit.
    """
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        inspect_image(data)
        return base64.b64encode(data).decode("ascii")
    if isinstance(value, os.PathLike):
        return _encode_file(os.fspath(value))
    if not isinstance(value, str):
        raise _fail("type", type(value).__name__, EVIDENCE_BASE64, "must be a URL, a path, bytes or base64 text")
    text = value.strip()
    if not text:
        # The API treats an empty image as no image (the spec's own example sends ""), so pass it on.
        return ""
    if text.lower().startswith(("http://", "https://")):
        return value
    data_url = _DATA_URL.match(text)
    if data_url:
        return _encode_base64(text[data_url.end() :])
    if _is_existing_file(text):
        return _encode_file(text)
    if _BASE64_CHARS.match(text.encode("ascii", "replace")) and len(text) >= 16:
        return _encode_base64(text)
    raise _fail(
        "source",
        value,
        EVIDENCE_BASE64,
        "is neither an http(s) URL, an existing file nor base64 image data",
    )


def _is_existing_file(text: str) -> bool:
    try:
        return os.path.isfile(text)
    except (ValueError, OSError):
        # Embedded NUL or a name too long for the OS: certainly not a path.
        return False


def _encode_file(path: str) -> str:
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise _fail("readable", path, EVIDENCE_BASE64, f"cannot read the file: {exc.strerror}") from exc
    # Checked before reading so a huge file is not loaded into memory just to be refused.
    if size > MAX_IMAGE_BYTES:
        raise _size_error(size)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_IMAGE_BYTES + 1)
    except OSError as exc:
        raise _fail("readable", path, EVIDENCE_BASE64, f"cannot read the file: {exc.strerror}") from exc
    inspect_image(data)
    return base64.b64encode(data).decode("ascii")


def _encode_base64(text: str) -> str:
    compact = "".join(text.split())
    # Base64 grows data by 4/3; reject early rather than decoding a giant string.
    if len(compact) > (MAX_IMAGE_BYTES * 4) // 3 + 4:
        raise _size_error(len(compact) * 3 // 4)
    try:
        data = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise _fail("base64", f"<{len(compact)} chars>", EVIDENCE_BASE64, "is not valid base64") from exc
    inspect_image(data)
    return compact


def _size_error(size: int) -> RequestValidationError:
    return _fail(
        "max_size",
        size,
        EVIDENCE_SIZE,
        f"image is {size} bytes ({size / 1048576:.1f} MB), more than the 10 MB limit",
    )


def inspect_image(data: bytes) -> ImageInfo:
    """Check ``data`` against the limits in the module docstring; return its format and size."""
    if len(data) > MAX_IMAGE_BYTES:
        raise _size_error(len(data))
    if data.startswith(_PNG_MAGIC):
        info = _png_info(data)
    elif data.startswith(_JPEG_MAGIC):
        info = _jpeg_info(data)
    else:
        found = next((name for magic, name in _OTHER_MAGIC if data.startswith(magic)), None)
        if found is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            found = "webp"
        raise _fail(
            "format",
            found or f"unknown (starts with {data[:8]!r})",
            EVIDENCE_FORMAT,
            "image must be JPEG or PNG",
        )
    size_text = f"{info.width}x{info.height}"
    if min(info.width, info.height) < MIN_IMAGE_SIDE:
        raise _fail("min_side", size_text, EVIDENCE_SIZE, f"each side must be at least {MIN_IMAGE_SIDE} px")
    w, h = info.width, info.height
    if w * _RATIO_DEN > h * _RATIO_NUM or h * _RATIO_DEN > w * _RATIO_NUM:
        raise _fail(
            "aspect_ratio",
            f"{size_text} ({w / h:.2f}:1)",
            EVIDENCE_RATIO,
            "aspect ratio must be between 1:2.5 and 2.5:1",
        )
    return info


def _png_info(data: bytes) -> ImageInfo:
    # IHDR must be the first chunk: length (4) + type (4) + width (4) + height (4).
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise _fail("format", "truncated png", EVIDENCE_FORMAT, "PNG header is missing or damaged")
    width, height = struct.unpack(">II", data[16:24])
    return ImageInfo("png", width, height)


# SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Markers that stand alone, without a length field.
_STANDALONE = frozenset(range(0xD0, 0xD8)) | {0x01, 0xD8}


def _jpeg_info(data: bytes) -> ImageInfo:
    pos = 2
    end = len(data)
    while pos < end:
        if data[pos] != 0xFF:
            break
        # Any number of 0xFF fill bytes may precede a marker.
        while pos < end and data[pos] == 0xFF:
            pos += 1
        if pos >= end:
            break
        marker = data[pos]
        pos += 1
        if marker in _STANDALONE:
            continue
        if marker in (0xD9, 0xDA):
            # End of image, or start of scan before any frame header: no size to find.
            break
        if pos + 2 > end:
            break
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        if length < 2:
            break
        if marker in _SOF_MARKERS:
            if pos + 7 > end:
                break
            height, width = struct.unpack(">HH", data[pos + 3 : pos + 7])
            return ImageInfo("jpeg", width, height)
        pos += length
    raise _fail("format", "jpeg without frame header", EVIDENCE_FORMAT, "JPEG size could not be read (damaged file?)")
