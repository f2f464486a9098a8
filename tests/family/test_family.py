"""The second committed client, ``examples/kling-family/generated`` (the vendor's whole Kling family of pages
with the vendor profile, no per-endpoint overlay), end to end over real HTTP against the fake server.

Checked: names come from the paths and carry no noise; every task pair has create/get/wait/create_and_wait
and can be waited on; a create-and-wait for each media kind (image, video, audio) works sync, async and
from the CLI, and the downloaded files are of the right kind. Arguments for each create are built from the
request model's own fields and rules (first enum value, smallest allowed number, a URL for images), so the
fake server, which validates every body against the spec, accepts them.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.fake_server import FakeKlingServer
from tests.kling_testkit import API_KEY, ROOT, FakeServerPool

FAMILY = ROOT / "examples" / "kling-family" / "generated"
SPEC = FAMILY / "openapi.augmented.yaml"
if str(FAMILY) not in sys.path:
    sys.path.insert(0, str(FAMILY))

import kling_family  # noqa: E402
from kling_family._runtime._model import ListOf, ModelOf, RequestModel  # noqa: E402

POLL = 0.01
MEDIA = {"images": b"\x89PNG", "videos": b"\x00\x00\x00", "audios": b"\xff\xfb"}


@pytest.fixture
def server(fake_server_pool: FakeServerPool) -> FakeKlingServer:
    server = fake_server_pool(SPEC)
    server.configure(polls_to_finish=1)
    return server


def _task_resources(client: Any) -> dict[str, Any]:
    """dotted path -> resource object, for every resource with a ``wait`` (a task pair)."""
    found: dict[str, Any] = {}
    stack: list[tuple[str, Any]] = [("", client)]
    while stack:
        prefix, node = stack.pop()
        for name, member in inspect.getmembers(type(node)):
            if not isinstance(member, functools.cached_property) or name == "with_raw_response":
                continue
            child = getattr(node, name)
            path = f"{prefix}.{name}".lstrip(".")
            if callable(getattr(child, "wait", None)):
                found[path] = child
            stack.append((path, child))
    return found


def _value(field: Any, rules: list[Any], model: type) -> Any:
    """A value the spec accepts for one required field."""
    by_keyword = {r.keyword: r.value for r in rules if not r.items}
    if "enum" in by_keyword:
        return by_keyword["enum"][0]
    kind = by_keyword.get("type")
    if isinstance(field.codec, ModelOf):
        return _valid_kwargs(field.codec.cls)
    if kind == "integer":
        return int(by_keyword.get("minimum", 1))
    if kind == "number":
        return float(by_keyword.get("minimum", 0.5))
    if kind == "boolean":
        return False
    if kind == "array":
        count = int(by_keyword.get("minItems", 0))
        item = field.codec._item if isinstance(field.codec, ListOf) else None
        if isinstance(item, ModelOf):
            return [item.cls(**_valid_kwargs(item.cls)) for _ in range(count)]
        return ["https://cdn.example.invalid/input.png"] * count
    return "https://cdn.example.invalid/input.png" if "image" in field.wire or "url" in field.wire else "a boat"


def _valid_kwargs(model: Any) -> dict[str, Any]:
    """The required fields, plus the first member of each "at least one"/"exactly one" group left empty."""
    rules: list[Any] = list(model._codegen_rules)
    wanted = {f.wire for f in model._codegen_fields if f.required}
    for dependency in model._codegen_dependencies:
        if dependency.kind in ("or", "only_one") and not wanted & set(dependency.fields):
            wanted.add(dependency.fields[0])
    kwargs: dict[str, Any] = {}
    for field in model._codegen_fields:
        if field.wire in wanted:
            value = _value(field, [r for r in rules if r.field == field.wire], model)
            if isinstance(value, dict) and isinstance(field.codec, ModelOf):
                value = field.codec.cls(**value)
            kwargs[field.attr] = value
    return kwargs


EXTRAS = {"extra_headers", "extra_query", "extra_body", "timeout"}


def _create_kwargs(resource: Any) -> dict[str, Any]:
    """Valid arguments for ``resource.create``: its request model is the one whose fields are its keywords."""
    wanted = set(inspect.signature(resource.create).parameters) - EXTRAS
    module = sys.modules[type(resource).__module__]
    models: list[Any] = [
        obj
        for obj in vars(module).values()
        if isinstance(obj, type) and issubclass(obj, RequestModel) and {f.attr for f in obj._codegen_fields} == wanted
    ]
    assert len(models) == 1, f"{type(resource).__name__}.create: request models {models}"
    return _valid_kwargs(models[0])


def test_names_come_from_the_paths_without_noise() -> None:
    client = kling_family.Client(api_key=API_KEY, base_url="http://127.0.0.1:9")
    tasks = _task_resources(client)
    for expected in ("videos.text2video", "videos.image2video", "images.generations", "audio.text_to_audio"):
        assert expected in tasks, sorted(tasks)
    names = set(tasks)
    for resource in tasks.values():
        names.update(n for n in dir(resource) if not n.startswith("_"))
    noisy = sorted(n for n in names for part in n.split(".") if part.startswith(("post_", "get_")) or "kling" in part
                   or part == "v1" or part.endswith("_v1"))  # fmt: skip
    assert not noisy, noisy


def test_every_task_pair_has_the_four_methods_sync_and_async() -> None:
    for flavour in (kling_family.Client, kling_family.AsyncClient):
        client = flavour(api_key=API_KEY, base_url="http://127.0.0.1:9")
        tasks = _task_resources(client)
        assert len(tasks) >= 8
        for path, resource in tasks.items():
            for method in ("create", "get", "wait", "create_and_wait"):
                assert callable(getattr(resource, method, None)), f"{path}.{method}"
            if flavour is kling_family.AsyncClient:
                assert inspect.iscoroutinefunction(resource.create_and_wait), path


def test_every_task_pair_can_be_waited_on(server: FakeKlingServer) -> None:
    with kling_family.Client(api_key=API_KEY, base_url=server.base_url, timeout=10.0) as client:
        tasks = _task_resources(client)
        for path, resource in sorted(tasks.items()):
            done = resource.create_and_wait(**_create_kwargs(resource), wait_timeout=30, poll_interval=POLL)
            assert str(done.task_status) == "succeed", path
            result = done.task_result
            assert result is not None, path
            files = [item for items in result.to_dict().values() if isinstance(items, list) for item in items]
            assert files, f"{path}: the finished task has no results"
    assert len(server.create_requests()) == len(tasks)


KINDS = [
    pytest.param("images.generations", "images", id="image"),
    pytest.param("videos.text2video", "videos", id="video"),
    pytest.param("audio.text_to_audio", "audios", id="audio"),
]


def _resource(client: Any, path: str) -> Any:
    node = client
    for part in path.split("."):
        node = getattr(node, part)
    return node


def _urls(task: Any, kind: str) -> list[str]:
    items = task.task_result.to_dict()[kind]
    return [v for item in items for k, v in item.items() if k == "url" or k.startswith("url_")]


@pytest.mark.parametrize(("path", "kind"), KINDS)
def test_create_and_wait_each_media_kind_sync(server: FakeKlingServer, path: str, kind: str) -> None:
    with kling_family.Client(api_key=API_KEY, base_url=server.base_url, timeout=10.0) as client:
        resource = _resource(client, path)
        done = resource.create_and_wait(**_create_kwargs(resource), wait_timeout=30, poll_interval=POLL)
        urls = _urls(done, kind)
        assert urls
        for url in urls:
            data = client.download(url)
            assert data.startswith(MEDIA[kind]) or (kind == "audios" and data.startswith(b"RIFF")), url
            if kind == "videos":
                assert data[4:8] == b"ftyp"
        assert isinstance(done._request_id, str) and done._request_id


@pytest.mark.parametrize(("path", "kind"), KINDS)
def test_create_and_wait_each_media_kind_async(server: FakeKlingServer, path: str, kind: str) -> None:
    async def scenario() -> list[str]:
        async with kling_family.AsyncClient(api_key=API_KEY, base_url=server.base_url, timeout=10.0) as client:
            resource = _resource(client, path)
            done = await resource.create_and_wait(**_create_kwargs(resource), wait_timeout=30, poll_interval=POLL)
            urls = _urls(done, kind)
            for url in urls:
                assert len(await client.download(url)) > 0
            return urls

    assert asyncio.run(scenario())


@pytest.mark.parametrize(
    ("words", "kind", "suffixes"),
    [
        pytest.param(["images", "generations"], "images", {".png"}, id="image"),
        pytest.param(["videos", "text2video"], "videos", {".mp4"}, id="video"),
        pytest.param(["audio", "text-to-audio"], "audios", {".mp3", ".wav"}, id="audio"),
    ],
)
def test_cli_creates_waits_and_downloads_each_media_kind(
    server: FakeKlingServer, tmp_path: Path, words: list[str], kind: str, suffixes: set[str]
) -> None:
    client = kling_family.Client(api_key=API_KEY, base_url="http://127.0.0.1:9")
    resource = _resource(client, ".".join(w.replace("-", "_") for w in words))
    kwargs = _create_kwargs(resource)
    from kling_family.__main__ import TASKS

    (cli,) = [t for t in TASKS if t.words == tuple(words)]
    argv = [*words, "create"]
    for option in cli.options:
        if option.dest in kwargs:
            value = kwargs[option.dest]
            if option.is_positional:
                argv.insert(len(words) + 1, str(value))
            elif option.type == "boolean":
                argv.append(option.flag if value else "--no-" + option.flag[2:])
            else:
                argv += [option.flag, str(getattr(value, "value", value))]
    argv += ["--wait", "--out", str(tmp_path), "--poll-interval", "0.01", "--wait-timeout", "30"]
    env = {**os.environ, "CHAINHUB_API_KEY": API_KEY, "CHAINHUB_BASE_URL": server.base_url,
           "PYTHONPATH": str(FAMILY)}  # fmt: skip
    proc = subprocess.run([sys.executable, "-m", "kling_family", *argv], capture_output=True, text=True, env=env,
                          timeout=120, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    written = [Path(line) for line in proc.stdout.splitlines()]
    assert written and {p.suffix for p in written} == suffixes, proc.stdout
    for path in written:
        assert path.parent == tmp_path and path.stat().st_size > 0
    assert "downloaded" in proc.stderr and "succeed" in proc.stderr
    assert io.StringIO(proc.stderr).read().count("Traceback") == 0
