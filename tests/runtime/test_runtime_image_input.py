"""encode_image: URLs pass, files/bytes/base64 are checked against the field's stated limits and sent as bare base64.

The limits come from ``ImageRules`` (built from ``x-codegen-image`` in the spec), so each
test states the rules it checks, with the evidence they would carry.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from kling_client._runtime import RequestValidationError
from kling_client._runtime._image_input import ImageRules, encode_image, inspect_image

from generator.fake_server import png_bytes
from tests.runtime._rt_support import jpeg_bytes

GOOD_PNG = png_bytes(300, 400)
MAX_IMAGE_BYTES = 10 * 1024 * 1024
RULES = ImageRules(
    formats=("jpeg", "png"),
    formats_evidence="Supported image formats are .jpg, .jpeg, and .png.",
    max_bytes=MAX_IMAGE_BYTES,
    max_bytes_evidence="Image file size cannot exceed 10MB",
    min_side=300,
    min_side_evidence="image dimensions must be at least 300px",
    ratio=("2/5", "5/2"),
    ratio_evidence="aspect ratio must be between 1:2.5 and 2.5:1.",
)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.mark.parametrize("url", ["https://cdn.example.invalid/cat.png", "HTTP://example.invalid/x.jpg?sig=1"])
def test_urls_pass_unchanged(url: str) -> None:
    assert encode_image(url, rules=RULES) == url


def test_bytes_path_and_pathlike_become_bare_base64(tmp_path: Path) -> None:
    path = tmp_path / "ref.png"
    path.write_bytes(GOOD_PNG)
    expected = _b64(GOOD_PNG)
    assert encode_image(GOOD_PNG, rules=RULES) == expected
    assert encode_image(path, rules=RULES) == expected
    assert encode_image(str(path), rules=RULES) == expected
    assert not expected.startswith("data:")


def test_base64_and_data_urls_are_checked_and_unprefixed() -> None:
    raw = _b64(GOOD_PNG)
    assert encode_image(raw, rules=RULES) == raw
    assert encode_image(f"data:image/png;base64,{raw}", rules=RULES) == raw
    with pytest.raises(RequestValidationError) as info:
        encode_image(_b64(png_bytes(100, 100)), rules=RULES)
    assert info.value.rule == "min_side"


def test_jpeg_sizes_are_read_from_sof_headers() -> None:
    info = inspect_image(jpeg_bytes(640, 480), rules=RULES)
    assert info is not None
    assert (info.format, info.width, info.height) == ("jpeg", 640, 480)
    progressive = inspect_image(jpeg_bytes(500, 1000, sof=0xC2), rules=RULES)
    assert progressive is not None
    assert (progressive.width, progressive.height) == (500, 1000)
    assert encode_image(jpeg_bytes(1000, 1000), rules=RULES) == _b64(jpeg_bytes(1000, 1000))


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
        encode_image(data, rules=RULES)
    err = info.value
    assert isinstance(err, ValueError)
    assert err.field == "image"
    assert err.rule == rule
    assert value_part in str(err.value)
    assert err.errors[0].rule == rule
    assert str(err).startswith("image ")
    if rule in ("min_side", "aspect_ratio") or value_part in ("gif", "webp", "unknown"):
        # A broken stated limit cites its sentence; an unreadable file is a fact, not a rule.
        assert err.evidence and f'(spec: "{err.evidence}")' in str(err)


def test_exact_limits_are_allowed() -> None:
    tall, wide = inspect_image(png_bytes(300, 750), rules=RULES), inspect_image(png_bytes(750, 300), rules=RULES)
    assert tall is not None and tall.height == 750  # exactly 1:2.5
    assert wide is not None and wide.width == 750  # exactly 2.5:1


def test_size_limit(tmp_path: Path) -> None:
    big = png_bytes(400, 400) + b"\x00" * (MAX_IMAGE_BYTES + 1 - len(png_bytes(400, 400)))
    with pytest.raises(RequestValidationError) as info:
        encode_image(big, rules=RULES)
    assert info.value.rule == "max_bytes"
    assert info.value.value == MAX_IMAGE_BYTES + 1
    path = tmp_path / "big.png"
    path.write_bytes(big)
    with pytest.raises(RequestValidationError, match="at most 10 MB"):
        encode_image(path, rules=RULES)
    just_right = big[:MAX_IMAGE_BYTES]
    assert encode_image(just_right, rules=RULES)


@pytest.mark.parametrize("value", ["", "   "])
def test_empty_string_means_no_image(value: str) -> None:
    # The spec's own example sends image: "" and IDL treats "" as not set, so it passes through as "".
    assert encode_image(value, rules=RULES) == ""


@pytest.mark.parametrize("value", ["no-such-file.png", "not base64 at all!"])
def test_unusable_strings(value: str) -> None:
    with pytest.raises(RequestValidationError) as info:
        encode_image(value, rules=RULES)
    assert info.value.field == "image"


def test_missing_pathlike(tmp_path: Path) -> None:
    with pytest.raises(RequestValidationError) as info:
        encode_image(tmp_path / "missing.png", rules=RULES)
    assert info.value.rule == "readable"


def test_bad_base64() -> None:
    with pytest.raises(RequestValidationError) as info:
        encode_image("QUJDRAAAAAAAAAAAAAAAAAAAA", rules=RULES)  # 25 chars: bad padding
    assert info.value.rule == "base64"


def test_without_stated_rules_nothing_is_checked() -> None:
    """No limit is invented: a field whose spec states none accepts any bytes, sent as base64."""
    tiny_gif = b"GIF89a" + b"\x00" * 8
    assert encode_image(tiny_gif) == _b64(tiny_gif)
    assert inspect_image(png_bytes(10, 1000)) is None


def test_only_the_stated_rules_apply() -> None:
    only_size = ImageRules(max_bytes=200, max_bytes_evidence="at most 200 bytes")
    assert encode_image(png_bytes(10, 1000), rules=only_size)  # no side or ratio rule stated
    with pytest.raises(RequestValidationError) as info:
        encode_image(b"\x00" * 201, rules=only_size)
    assert info.value.rule == "max_bytes" and "at most 200 bytes" in str(info.value)
