"""Test support for ``tests/network``: one facade over the generated sync and async clients, timing, leak search.

Stage: tests. Input: a scenario URL of ``hostile_server`` and client options. Output: ``Caller`` (the
generated ``kling_client.Client`` or ``AsyncClient`` behind blocking methods, the async one driven on a
background event loop with a hang guard), ``timed`` (seconds taken and the exception raised) and
``leaks`` (every place inside an exception, its attributes, causes, notes and traceback where the
API key, or any 10 characters of it in any letter case, still shows).
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import httpx
from kling_client import AsyncClient, Client

from tests.runtime._rt_support import LoopThread

# Mixed case, so a lowercased echo (header values, encodings) is caught too.
KEY = "sk-live-Z9x8C7v6B5n4M3q2W1e0R9t8Y7u6I5o4"
WINDOW = 10
TASK_BODY: dict[str, Any] = {"model_name": "kling-v1", "prompt": "a lighthouse at dusk", "n": 1}


class Caller:
    """The same blocking calls on either client flavour."""

    def __init__(self, client: Client | AsyncClient, loop: LoopThread) -> None:
        self.client = client
        self._loop = loop

    @property
    def flavor(self) -> str:
        return "async" if isinstance(self.client, AsyncClient) else "sync"

    def _run(self, name: str, *args: Any, **kwargs: Any) -> Any:
        target: Any = self.client
        for part in name.split("."):
            target = getattr(target, part)
        if isinstance(self.client, AsyncClient):
            return self._loop.run(target(*args, **kwargs))
        return target(*args, **kwargs)

    def generate(self, **kwargs: Any) -> Any:
        return self._run("images.generate", **{**TASK_BODY, **kwargs})

    def get(self, task_id: str = "t-1", **kwargs: Any) -> Any:
        return self._run("images.get", task_id, **kwargs)

    def wait(self, task_id: str = "t-1", **kwargs: Any) -> Any:
        return self._run("images.wait", task_id, **kwargs)

    def request(self, **kwargs: Any) -> Any:
        return self._run("request", **kwargs)

    def download(self, url: str, **kwargs: Any) -> Any:
        return self._run("download", url, **kwargs)

    def close(self) -> None:
        if isinstance(self.client, AsyncClient):
            self._loop.run(self.client.close())
        else:
            self.client.close()


def make_caller(flavor: str, loop: LoopThread, base_url: str, **options: Any) -> Caller:
    options.setdefault("api_key", KEY)
    options.setdefault("timeout", httpx.Timeout(10.0))
    options.setdefault("max_retries", 0)
    client = Client(base_url=base_url, **options) if flavor == "sync" else AsyncClient(base_url=base_url, **options)
    return Caller(client, loop)


def timed(call: Callable[[], object]) -> tuple[float, BaseException | None]:
    """Seconds the call took and what it raised (None when it returned)."""
    started = time.monotonic()
    try:
        call()
    except BaseException as exc:  # the tests inspect whatever came out
        return time.monotonic() - started, exc
    return time.monotonic() - started, None


def _fragments(secret: str) -> set[str]:
    lower = secret.lower()
    return {lower[i : i + WINDOW] for i in range(len(lower) - WINDOW + 1)}


def _children(value: object) -> Iterator[tuple[str, object]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"<key {key!r:.20}>", key
            yield f"[{key!r:.20}]", item
    elif isinstance(value, list | tuple | set | frozenset):
        for i, item in enumerate(value):
            yield f"[{i}]", item
    elif isinstance(value, httpx.Headers):
        for i, (key, item) in enumerate(value.multi_items()):
            yield f".headers[{i}].name", key
            yield f".headers[{i}].value", item
    elif isinstance(value, BaseException):
        yield ".args", value.args
        yield ".__cause__", value.__cause__
        yield ".__context__", value.__context__
        yield ".__notes__", getattr(value, "__notes__", None)
        yield ".__dict__", dict(vars(value))
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):  # type: ignore[arg-type]
            yield f".{field.name}", getattr(value, field.name, None)
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        yield ".__dict__", dict(vars(value))


def leaks(found: object, secret: str = KEY) -> list[str]:
    """Where ``secret`` (or any ``WINDOW`` characters of it, any case) shows inside ``found``."""
    fragments = _fragments(secret)
    places: list[str] = []

    def check(where: str, text: str) -> None:
        lower = text.lower()
        hits = [lower.find(f) for f in fragments if f in lower]
        if hits:
            start = max(min(hits) - 60, 0)
            places.append(f"{where}: ...{text[start : start + 120]!r}...")

    if isinstance(found, BaseException):
        check("traceback", "".join(traceback.format_exception(found)))
    seen: set[int] = set()
    todo: list[tuple[str, object, int]] = [("exc", found, 0)]
    while todo:
        where, value, depth = todo.pop()
        if value is None or id(value) in seen or depth > 200:
            continue
        seen.add(id(value))
        if isinstance(value, str | bytes):
            check(where, value if isinstance(value, str) else value.decode("latin-1"))
            continue
        if isinstance(value, BaseException) or attrs.has(type(value)):
            check(f"repr({where})", repr(value))
            check(f"str({where})", str(value))
        todo.extend((where + name, child, depth + 1) for name, child in _children(value))
    return places
