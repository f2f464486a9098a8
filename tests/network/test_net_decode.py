"""Bodies that do not decode: every failure is a typed ``KlingError``, never a bare ``RecursionError``/``MemoryError``.

A 2xx answer that cannot be read is ``APIResponseError``; an error status keeps its class
(``AuthenticationError`` for a 401) whatever its body; a broken HTTP stream is ``APIConnectionError``.
``MemoryError`` and ``RecursionError`` are also injected where no real server can reach them reliably
(inside the JSON parser, the decompressor and the model parser), to check that they are caught there.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

import attrs
import pytest
from kling_client._runtime import _base, _stream
from kling_client.errors import (
    APIConnectionError,
    APIResponseError,
    APIStatusError,
    AuthenticationError,
    KlingError,
)
from kling_client.resources import images

from tests.network.conftest import MakeCaller
from tests.network.netkit import timed

UNREADABLE_2XX = [
    "nested-list",
    "nested-object",
    "nested-envelope",
    "nested-data-990",
    "nested-data-5000",
    "huge-int",
    "bad-utf8",
    "charset-idna-200",
    "corrupt-gzip",
    "corrupt-deflate",
    "truncated-gzip",
    "unknown-encoding",
    "many-layers",
    "not-json",
    "json-array",
    "empty-200",
    "lone-surrogate",
]


@pytest.mark.parametrize("scenario", UNREADABLE_2XX)
def test_an_unreadable_success_is_an_api_response_error(caller: MakeCaller, scenario: str) -> None:
    elapsed, exc = timed(caller(scenario).get)
    assert type(exc) is APIResponseError, f"{type(exc).__name__}: {str(exc)[:300]}"
    assert exc.status_code == 200
    assert elapsed < 10


@pytest.mark.parametrize("scenario", ["nested-401", "bad-utf8-401", "charset-idna", "charset-punycode"])
def test_an_unreadable_error_keeps_its_class(caller: MakeCaller, scenario: str) -> None:
    elapsed, exc = timed(caller(scenario).get)
    assert type(exc) is AuthenticationError, f"{type(exc).__name__}: {str(exc)[:300]}"
    assert isinstance(exc.body, str) and len(exc.body) <= 303  # the start of the text, not the whole body
    assert elapsed < 10


@pytest.mark.parametrize("scenario", ["nested-data-500", "nested-data-900", "wrong-types"])
def test_odd_but_parseable_data_is_kept_as_sent(caller: MakeCaller, scenario: str) -> None:
    """Answers are read leniently (``ResponseModel.from_wire``): deep or mistyped data is kept, never a crash."""
    task = caller(scenario).get()
    assert task.to_dict()["task_id"] in ("t", ["x"])


def test_a_nan_code_is_a_status_error(caller: MakeCaller) -> None:
    _, exc = timed(caller("nan-code").get)
    assert type(exc) is APIStatusError, repr(exc)


@pytest.mark.parametrize("scenario", ["short-body", "bad-chunked"])
def test_a_broken_stream_is_a_connection_error(caller: MakeCaller, scenario: str) -> None:
    _, exc = timed(caller(scenario).get)
    assert type(exc) is APIConnectionError, repr(exc)


def test_nesting_the_client_reads_is_redacted_without_recursion(caller: MakeCaller) -> None:
    _, exc = timed(caller("nested-401-900").get)
    assert isinstance(exc, AuthenticationError)
    depth, node = 0, exc.body
    while isinstance(node, dict | list) and node:
        node = node["data"] if isinstance(node, dict) and "data" in node else node
        node = node.get("task_result", node) if isinstance(node, dict) else node
        node = node.get("images", node) if isinstance(node, dict) else node[0]
        depth += 1
    assert depth >= 800  # the body is kept whole, copied by the iterative redaction


class _Boom:
    """Stands in for a module, raising ``error`` from the function named ``name``."""

    def __init__(self, real: Any, name: str, error: BaseException) -> None:
        self._real, self._name, self._error = real, name, error

    def __getattr__(self, attr: str) -> Any:
        if attr == self._name:

            def boom(*args: object, **kwargs: object) -> Any:
                raise self._error

            return boom
        return getattr(self._real, attr)


@pytest.mark.parametrize("error", [MemoryError(), RecursionError("maximum recursion depth exceeded")])
def test_the_json_parser_running_out(caller: MakeCaller, monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    monkeypatch.setattr(_base, "jsonlib", _Boom(json, "loads", error))
    _, exc = timed(caller("ok").get)
    assert type(exc) is APIResponseError, repr(exc)


def test_the_decompressor_running_out_of_memory(caller: MakeCaller, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_stream, "zlib", _Boom(zlib, "decompressobj", MemoryError()))
    _, exc = timed(caller("gzip-bomb").generate)
    assert type(exc) is APIResponseError, repr(exc)


@pytest.mark.parametrize("error", [MemoryError(), RecursionError("maximum recursion depth exceeded")])
def test_the_model_parser_running_out(caller: MakeCaller, monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    def parse(body: object) -> Any:
        raise error

    monkeypatch.setattr(images, "_IMAGES_GET", attrs.evolve(images._IMAGES_GET, parse=parse))
    _, exc = timed(caller("ok").get)
    assert type(exc) is APIResponseError, repr(exc)
    assert isinstance(exc, KlingError)
