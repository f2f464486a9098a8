"""encode_image: URLs pass, files/bytes/base64 are checked against Kling's limits and sent as bare base64."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from kling_client._runtime import RequestValidationError
from kling_client._runtime._image_input import MAX_IMAGE_BYTES, encode_image, inspect_image

from generator.fake_server import png_bytes
from tests.runtime._rt_support import jpeg_bytes

GOOD_PNG = png_bytes(300, 400)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.mark.parametrize("url", ["https://cdn.example.invalid/cat.png", "HTTP://example.invalid/x.jpg?sig=1"])
def test_urls_pass_unchanged(url: str) -> None:
    assert encode_image(url) == url


def test_bytes_path_and_pathlike_become_bare_base64(tmp_path: Path) -> None:
    path = tmp_path / "ref.png"
    path.write_bytes(GOOD_PNG)
    expected = _b64(GOOD_PNG)
    assert encode_image(GOOD_PNG) == expected
    assert encode_image(path) == expected
    assert encode_image(str(path)) == expected
    assert not expected.startswith("data:")


def test_base64_and_data_urls_are_checked_and_unprefixed() -> None:
    raw = _b64(GOOD_PNG)
    assert encode_image(raw) == raw
    assert encode_image(f"data:image/png;base64,{raw}") == raw
    with pytest.raises(RequestValidationError) as info:
        encode_image(_b64(png_bytes(100, 100)))
    assert info.value.rule == "min_side"


def test_jpeg_sizes_are_read_from_sof_headers() -> None:
    info = inspect_image(jpeg_bytes(640, 480))
    assert (info.format, info.width, info.height) == ("jpeg", 640, 480)
    progressive = inspect_image(jpeg_bytes(500, 1000, sof=0xC2))
    assert (progressive.width, progressive.height) == (500, 1000)
    assert encode_image(jpeg_bytes(1000, 1000)) == _b64(jpeg_bytes(1000, 1000))


@pytest.mark.parametrize(
    ("data", "rule", "value_part"),
    [
        (png_bytes(299, 500), "min_side", "299x500"),
        (jpeg_bytes(800, 200), "min_side", "800x200"),
        (png_bytes(300, 751), "aspect_ratio", "300x751"),
        (jpeg_bytes(1251, 500), "aspect_ratio", "1251x500"),
        (b"GIF89a" + b"\x00" * 64, "format", "gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 32, "format", "webp"),
        (b"hello world, not an image", "format", "unknown"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "format", "truncated"),
        (b"\xff\xd8\xff\xd9", "format", "jpeg without frame header"),
    ],
)
def test_violations_name_field_rule_value_and_evidence(data: bytes, rule: str, value_part: str) -> None:
    with pytest.raises(RequestValidationError) as info:
        encode_image(data)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.field == "image"
    assert err.rule == rule
    assert value_part in str(err.value)
    assert err.evidence and err.evidence in str(err)
    assert str(err).startswith("image: ")
    assert rule in str(err)


def test_exact_limits_are_allowed() -> None:
    assert inspect_image(png_bytes(300, 750)).height == 750  # exactly 1:2.5
    assert inspect_image(png_bytes(750, 300)).width == 750  # exactly 2.5:1


def test_size_limit(tmp_path: Path) -> None:
    big = png_bytes(400, 400) + b"\x00" * (MAX_IMAGE_BYTES + 1 - len(png_bytes(400, 400)))
    with pytest.raises(RequestValidationError) as info:
        encode_image(big)
    assert info.value.rule == "max_size"
    assert info.value.value == MAX_IMAGE_BYTES + 1
    path = tmp_path / "big.png"
    path.write_bytes(big)
    with pytest.raises(RequestValidationError, match="10 MB"):
        encode_image(path)
    just_right = big[:MAX_IMAGE_BYTES]
    assert encode_image(just_right)


@pytest.mark.parametrize("value", ["", "   "])
def test_empty_string_means_no_image(value: str) -> None:
    # The spec's own example sends image: "" and IDL treats "" as not set, so it passes through as "".
    assert encode_image(value) == ""


@pytest.mark.parametrize("value", ["no-such-file.png", "not base64 at all!"])
def test_unusable_strings(value: str) -> None:
    with pytest.raises(RequestValidationError) as info:
        encode_image(value)
    assert info.value.field == "image"


def test_missing_pathlike(tmp_path: Path) -> None:
    with pytest.raises(RequestValidationError) as info:
        encode_image(tmp_path / "missing.png")
    assert info.value.rule == "readable"


def test_bad_base64() -> None:
    with pytest.raises(RequestValidationError) as info:
        encode_image("QUJDRAAAAAAAAAAAAAAAAAAAA")  # 25 chars: bad padding
    assert info.value.rule == "base64"
