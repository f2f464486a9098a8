# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Turning an image argument into what an image field accepts: a URL unchanged, anything else base64.

A field the spec marks as an image (``x-codegen-image``) takes an http(s) URL,
a path, raw bytes, raw base64 or a ``data:image/...;base64,`` URL (whose prefix
is removed). Local data is checked against the limits the spec states for the
field (``ImageRules``: formats, bytes, smallest side, aspect ratio), each rule
carrying the sentence it came from; with no rules, nothing is checked. The
format and pixel size are read from the PNG IHDR chunk or the JPEG SOFn
segment, so no imaging library is needed. URLs are passed through unchecked:
the client cannot see the image behind them.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import struct
from fractions import Fraction

import attrs

from ._errors import RequestValidationError, Violation

__all__ = ["ImageInfo", "ImageRules", "encode_image", "inspect_image"]

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
_SOURCE = "the field takes an http(s) URL, a path, bytes or base64 image data"


@attrs.frozen(kw_only=True)
class ImageRules:
    """What the spec says an uploaded image must be; each limit cites its sentence (``None``: not stated)."""

    formats: tuple[str, ...] | None = None
    formats_evidence: str = ""
    max_bytes: int | None = None
    max_bytes_evidence: str = ""
    min_side: int | None = None
    min_side_evidence: str = ""
    ratio: tuple[str, str] | None = None  # ("2/5", "5/2"): width/height bounds as exact fractions
    ratio_evidence: str = ""


NO_RULES = ImageRules()


class ImageInfo:
    """Format and pixel size of a checked image."""

    __slots__ = ("format", "height", "width")

    def __init__(self, format: str, width: int, height: int) -> None:
        self.format = format
        self.width = width
        self.height = height

    def __repr__(self) -> str:
        return f"ImageInfo(format={self.format!r}, width={self.width}, height={self.height})"


def _fail(field: str, rule: str, value: object, evidence: str, detail: str) -> RequestValidationError:
    violation = Violation(field=field, rule=rule, value=value, evidence=evidence, detail=detail)
    return RequestValidationError(field=field, rule=rule, value=value, evidence=evidence,
                                  message=violation.describe(), errors=(violation,))  # fmt: skip


def _size(count: float) -> str:
    for unit in ("bytes", "KB", "MB"):
        if count < 1024 or unit == "MB":
            return f"{count:g} {unit}" if unit == "bytes" else f"{count:.3g} {unit}"
        count /= 1024
    return f"{count:.3g} MB"


def encode_image(value: str | bytes | os.PathLike[str], field: str = "image", rules: ImageRules = NO_RULES) -> str:
    """Return ``value`` as the field's wire value: a URL unchanged, anything else checked base64.

    Raises ``RequestValidationError`` naming the field and the broken limit.
    """
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        inspect_image(data, field, rules)
        return base64.b64encode(data).decode("ascii")
    if isinstance(value, os.PathLike):
        return _encode_file(os.fspath(value), field, rules)
    if not isinstance(value, str):
        raise _fail(field, "type", type(value).__name__, "", "must be a URL, a path, bytes or base64 text")
    text = value.strip()
    if not text:
        # An empty image is "no image" (the vendor's own examples send ""), so pass it on.
        return ""
    if text.lower().startswith(("http://", "https://")):
        return value
    data_url = _DATA_URL.match(text)
    if data_url:
        return _encode_base64(text[data_url.end() :], field, rules)
    if _is_existing_file(text):
        return _encode_file(text, field, rules)
    if _BASE64_CHARS.match(text.encode("ascii", "replace")) and len(text) >= 16:
        return _encode_base64(text, field, rules)
    raise _fail(field, "source", value, "", f"is neither an http(s) URL, an existing file nor base64 ({_SOURCE})")


def _is_existing_file(text: str) -> bool:
    try:
        return os.path.isfile(text)
    except (ValueError, OSError):
        # Embedded NUL or a name too long for the OS: certainly not a path.
        return False


def _encode_file(path: str, field: str, rules: ImageRules) -> str:
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise _fail(field, "readable", path, "", f"cannot read the file: {exc.strerror}") from None
    # Checked before reading so a huge file is not loaded into memory just to be refused.
    if rules.max_bytes is not None and size > rules.max_bytes:
        raise _size_error(size, field, rules)
    try:
        with open(path, "rb") as handle:
            data = handle.read() if rules.max_bytes is None else handle.read(rules.max_bytes + 1)
    except OSError as exc:
        raise _fail(field, "readable", path, "", f"cannot read the file: {exc.strerror}") from None
    inspect_image(data, field, rules)
    return base64.b64encode(data).decode("ascii")


def _encode_base64(text: str, field: str, rules: ImageRules) -> str:
    compact = "".join(text.split())
    # Base64 grows data by 4/3; reject early rather than decoding a giant string.
    if rules.max_bytes is not None and len(compact) > (rules.max_bytes * 4) // 3 + 4:
        raise _size_error(len(compact) * 3 // 4, field, rules)
    try:
        data = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise _fail(field, "base64", f"<{len(compact)} chars>", "", "is not valid base64") from None
    inspect_image(data, field, rules)
    return compact


def _size_error(size: int, field: str, rules: ImageRules) -> RequestValidationError:
    limit = rules.max_bytes or 0
    return _fail(field, "max_bytes", size, rules.max_bytes_evidence,
                 f"must be at most {_size(limit)} (is {_size(size)})")  # fmt: skip


def inspect_image(data: bytes, field: str = "image", rules: ImageRules = NO_RULES) -> ImageInfo | None:
    """Check ``data`` against ``rules``; return its format and size (None when no rule needs them)."""
    if rules.max_bytes is not None and len(data) > rules.max_bytes:
        raise _size_error(len(data), field, rules)
    if rules.formats is None and rules.min_side is None and rules.ratio is None:
        return None
    if data.startswith(_PNG_MAGIC):
        info = _png_info(data, field)
    elif data.startswith(_JPEG_MAGIC):
        info = _jpeg_info(data, field)
    else:
        found = next((name for magic, name in _OTHER_MAGIC if data.startswith(magic)), None)
        if found is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            found = "webp"
        if rules.formats is not None:
            allowed = " or ".join(f.upper() for f in rules.formats)
            raise _fail(field, "format", found or f"unknown (starts with {data[:8]!r})", rules.formats_evidence,
                        f"must be {allowed}")  # fmt: skip
        return None
    if rules.formats is not None and info.format not in rules.formats:
        allowed = " or ".join(f.upper() for f in rules.formats)
        raise _fail(field, "format", info.format, rules.formats_evidence, f"must be {allowed}")
    size_text = f"{info.width}x{info.height}"
    if rules.min_side is not None and min(info.width, info.height) < rules.min_side:
        raise _fail(field, "min_side", size_text, rules.min_side_evidence,
                    f"must be at least {rules.min_side} px on each side")  # fmt: skip
    if rules.ratio is not None and info.height:
        low, high = Fraction(rules.ratio[0]), Fraction(rules.ratio[1])
        ratio = Fraction(info.width, info.height)
        if not low <= ratio <= high:
            raise _fail(field, "aspect_ratio", f"{size_text} ({float(ratio):.2f}:1)", rules.ratio_evidence,
                        f"must have an aspect ratio (width:height) between {float(low):g}:1 and {float(high):g}:1")  # fmt: skip
    return info


def _png_info(data: bytes, field: str) -> ImageInfo:
    # IHDR must be the first chunk: length (4) + type (4) + width (4) + height (4).
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise _fail(field, "format", "truncated png", "", "PNG header is missing or damaged")
    width, height = struct.unpack(">II", data[16:24])
    return ImageInfo("png", width, height)


# SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Markers that stand alone, without a length field.
_STANDALONE = frozenset(range(0xD0, 0xD8)) | {0x01, 0xD8}


def _jpeg_info(data: bytes, field: str) -> ImageInfo:
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
    raise _fail(field, "format", "jpeg without frame header", "", "JPEG size could not be read (damaged file?)")
