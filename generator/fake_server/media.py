"""Fake server: small, valid media files built with the standard library only.

Input: a media kind and an index. Output: bytes a real decoder accepts (PNG
image, WAV audio, a minimal MP4 container), so a client that downloads a
result gets a file of the right kind.
"""

from __future__ import annotations

import struct
import zlib

CONTENT_TYPES = {"png": "image/png", "mp4": "video/mp4", "wav": "audio/wav", "mp3": "audio/mpeg"}


def png_bytes(width: int, height: int, rgb: tuple[int, int, int] = (200, 80, 40)) -> bytes:
    """A valid RGB PNG of one colour."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def wav_bytes(milliseconds: int = 100, rate: int = 8000) -> bytes:
    """A valid mono 8-bit PCM WAV of silence."""
    frames = rate * milliseconds // 1000
    data = b"\x80" * frames
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate, 1, 8)
    return (
        b"RIFF"
        + struct.pack("<I", 4 + 8 + len(fmt) + 8 + len(data))
        + b"WAVE"
        + b"fmt "
        + struct.pack("<I", len(fmt))
        + fmt
        + b"data"
        + struct.pack("<I", len(data))
        + data
    )


def mp3_bytes(frames: int = 4) -> bytes:
    """A valid MPEG-1 Layer III stream of silent frames (128 kbit/s, 44.1 kHz, mono)."""
    header = b"\xff\xfb\x90\xc4"  # sync, MPEG-1 L3, 128 kbit/s, 44.1 kHz, no padding, mono
    frame_length = 144 * 128_000 // 44_100
    return (header + b"\x00" * (frame_length - len(header))) * frames


def mp4_bytes() -> bytes:
    """A minimal ISO BMFF file: ``ftyp``, ``mdat`` and an empty-movie ``moov`` with an ``mvhd``."""

    def box(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", 8 + len(payload)) + kind + payload

    ftyp = box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2mp41")
    mvhd = box(
        b"mvhd",
        struct.pack(">BBBB", 0, 0, 0, 0)
        + struct.pack(">IIII", 0, 0, 1000, 0)
        + struct.pack(">IH", 0x00010000, 0x0100)
        + b"\x00" * 10
        + struct.pack(">9I", 0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000)
        + b"\x00" * 24
        + struct.pack(">I", 2),
    )
    return ftyp + box(b"mdat", b"") + box(b"moov", mvhd)


def media_bytes(extension: str, index: int) -> bytes:
    if extension == "png":
        return png_bytes(16, 16, ((index * 70) % 256, (index * 130 + 60) % 256, 180))
    if extension == "wav":
        return wav_bytes()
    if extension == "mp3":
        return mp3_bytes()
    return mp4_bytes()
