"""The GENERATED client over real HTTP against ``generator.fake_server`` on 127.0.0.1.

The fake server validates every create against ``generated/openapi.augmented.yaml``
(schema and ``x-dependencies``), so a create it accepts is one the spec allows.
Covered: generate -> typed ``Task``, get, wait, generate_and_wait, a failed task,
the same scenario on ``AsyncClient`` (parity), local ``RequestValidationError``
with nothing sent, and the README's example executed against the server.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kling_client
import pytest
from kling_client import RequestValidationError, TaskFailedError
from kling_client.models import (
    ImageGenerationRequestImageReference,
    ImageGenerationRequestModelName,
    Task,
    TaskStatus,
)

from generator.fake_server import FakeKlingServer, failed_task
from tests.kling_testkit import API_KEY, GENERATED, FakeServerPool
from tests.kling_testkit import GENERATED_SPEC as SPEC

POLL = 0.01
ARGS: dict[str, Any] = {"model_name": "kling-v1", "prompt": "a lighthouse at dusk", "n": 2}
# Requests the client must refuse before sending anything (each breaks one rule of the spec).
INVALID_CALLS: list[Any] = [
    pytest.param({**ARGS, "prompt": "p" * 2501}, "prompt", "maxLength", id="prompt-too-long"),
    pytest.param({**ARGS, "n": 0}, "n", "minimum", id="n-zero"),
    pytest.param({**ARGS, "n": 10}, "n", "maximum", id="n-ten"),
    pytest.param({**ARGS, "model_name": "kling-v9"}, "model_name", "enum", id="model-unknown"),
    pytest.param({**ARGS, "image_fidelity": 1.5}, "image_fidelity", "maximum", id="fidelity-above-1"),
    pytest.param(
        {**ARGS, "model_name": "kling-v1-5", "image": "https://example.com/face.png"},
        "image_reference",
        "x-dependencies",
        id="v1-5-image-without-reference",
    ),
]


@pytest.fixture
def server(fake_server_pool: FakeServerPool) -> FakeKlingServer:
    assert kling_client.__file__ is not None and Path(kling_client.__file__).is_relative_to(GENERATED)
    return fake_server_pool(SPEC)


@pytest.fixture
def client(server: FakeKlingServer) -> Iterator[kling_client.Client]:
    with kling_client.Client(api_key=API_KEY, base_url=server.base_url, timeout=10.0) as c:
        yield c


def _images(task: Task) -> list[Any]:
    result = task.task_result
    return list(getattr(result, "images", None) or [])


# -- sync ------------------------------------------------------------------------------------------


def test_generate_returns_a_typed_task_and_sends_only_given_fields(
    client: kling_client.Client, server: FakeKlingServer
) -> None:
    task = client.images.generate(**ARGS)
    assert isinstance(task, Task)
    assert isinstance(task.task_id, str) and task.task_id
    assert task.task_status == TaskStatus.SUBMITTED
    assert isinstance(task.task_status, TaskStatus)
    creates = server.create_requests()
    assert len(creates) == 1
    assert creates[0].body == ARGS, "unset optional fields must not be sent"
    assert creates[0].authorization == f"Bearer {API_KEY}"
    assert server.created_task_ids() == [task.task_id]


def test_generate_accepts_enum_members_and_dependent_fields(
    client: kling_client.Client, server: FakeKlingServer
) -> None:
    task = client.images.generate(
        model_name=ImageGenerationRequestModelName.KLING_V1_5,
        prompt="a portrait",
        n=1,
        image="https://example.com/face.png",
        image_reference=ImageGenerationRequestImageReference.SUBJECT,
        image_fidelity=1,
        human_fidelity=0,
    )
    assert task.task_status == TaskStatus.SUBMITTED
    body = server.create_requests()[0].body
    assert body == {
        "model_name": "kling-v1-5",
        "prompt": "a portrait",
        "n": 1,
        "image": "https://example.com/face.png",
        "image_reference": "subject",
        "image_fidelity": 1,
        "human_fidelity": 0,
    }


def test_get_then_wait_until_succeed(client: kling_client.Client, server: FakeKlingServer) -> None:
    created = client.images.generate(**ARGS)
    polled = client.images.get(str(created.task_id))
    assert isinstance(polled, Task)
    assert polled.task_id == created.task_id
    assert polled.task_status == TaskStatus.PROCESSING
    seen: list[str] = []
    done = client.images.wait(
        str(created.task_id), wait_timeout=30, poll_interval=POLL, on_progress=lambda t: seen.append(str(t.task_status))
    )
    assert done.task_status == TaskStatus.SUCCEED
    assert done.task_id == created.task_id
    assert len(_images(done)) == ARGS["n"]
    assert seen and seen[-1] == "succeed"
    assert len(server.create_requests()) == 1


def test_generate_and_wait(client: kling_client.Client, server: FakeKlingServer) -> None:
    done = client.images.generate_and_wait(**ARGS, wait_timeout=30, poll_interval=POLL)
    assert isinstance(done, Task)
    assert done.task_status == TaskStatus.SUCCEED
    assert len(_images(done)) == ARGS["n"]
    assert server.created_task_ids() == [done.task_id]


def test_failed_task_raises_task_failed(client: kling_client.Client, server: FakeKlingServer) -> None:
    server.add_faults(failed_task("content risk check failed"))
    with pytest.raises(TaskFailedError) as info:
        client.images.generate_and_wait(**ARGS, wait_timeout=30, poll_interval=POLL)
    assert "content risk" in str(info.value)
    assert len(server.create_requests()) == 1


@pytest.mark.parametrize(("kwargs", "field", "rule"), INVALID_CALLS)
def test_invalid_request_raises_locally_and_sends_nothing(
    client: kling_client.Client, server: FakeKlingServer, kwargs: dict[str, Any], field: str, rule: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        client.images.generate(**kwargs)
    assert (info.value.field, info.value.rule) == (field, rule)
    assert info.value.evidence
    with pytest.raises(RequestValidationError):
        client.images.generate_and_wait(**kwargs, wait_timeout=5, poll_interval=POLL)
    assert server.requests == [], "nothing may be sent for a request that breaks the spec"


def test_integral_float_for_integer_is_refused_locally_or_sent_as_integer(
    server: FakeKlingServer,
) -> None:
    with kling_client.Client(api_key=API_KEY, base_url=server.base_url, timeout=10.0, max_retries=0) as c:
        try:
            c.images.generate(**{**ARGS, "n": 2.0})
        except RequestValidationError:
            assert server.requests == [], "refused locally, so nothing may be sent"
        else:
            assert server.create_requests()[0].body["n"] == 2
            assert type(server.create_requests()[0].body["n"]) is int


# -- async parity --------------------------------------------------------------------------------


def _sync_scenario(base_url: str) -> dict[str, Any]:
    with kling_client.Client(api_key=API_KEY, base_url=base_url, timeout=10.0) as c:
        created = c.images.generate(**ARGS)
        polled = c.images.get(str(created.task_id))
        done = c.images.wait(str(created.task_id), wait_timeout=30, poll_interval=POLL)
        both = c.images.generate_and_wait(**ARGS, wait_timeout=30, poll_interval=POLL)
        with pytest.raises(RequestValidationError) as info:
            c.images.generate(**{**ARGS, "n": 0})
    return _summary(created, polled, done, both, info.value)


async def _async_scenario(base_url: str) -> dict[str, Any]:
    async with kling_client.AsyncClient(api_key=API_KEY, base_url=base_url, timeout=10.0) as c:
        created = await c.images.generate(**ARGS)
        polled = await c.images.get(str(created.task_id))
        done = await c.images.wait(str(created.task_id), wait_timeout=30, poll_interval=POLL)
        both = await c.images.generate_and_wait(**ARGS, wait_timeout=30, poll_interval=POLL)
        with pytest.raises(RequestValidationError) as info:
            await c.images.generate(**{**ARGS, "n": 0})
    return _summary(created, polled, done, both, info.value)


def _summary(created: Task, polled: Task, done: Task, both: Task, err: RequestValidationError) -> dict[str, Any]:
    for task in (created, polled, done, both):
        assert isinstance(task, Task)
    assert created.task_id == polled.task_id == done.task_id != both.task_id
    return {
        "statuses": [str(t.task_status) for t in (created, polled, done, both)],
        "images": [len(_images(t)) for t in (done, both)],
        "error": (err.field, err.rule, err.evidence),
    }


def test_async_client_matches_sync_client(server: FakeKlingServer) -> None:
    sync = _sync_scenario(server.base_url)
    sync_bodies = [r.body for r in server.create_requests()]
    server.reset()
    asynchronous = asyncio.run(_async_scenario(server.base_url))
    async_bodies = [r.body for r in server.create_requests()]
    assert sync == asynchronous
    assert sync["statuses"] == ["submitted", "processing", "succeed", "succeed"]
    assert sync_bodies == async_bodies == [ARGS, ARGS]


# -- the README example ------------------------------------------------------------------------


def _readme_example() -> str:
    text = (GENERATED / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL):
        if "client.images.generate" in block:
            return str(block)
    raise AssertionError("generated/README.md has no python block calling client.images.generate...")


def test_readme_example_runs_against_the_fake_server(server: FakeKlingServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's example, run as written, with the environment it documents pointing at the fake server."""
    monkeypatch.setenv("CHAINHUB_API_KEY", API_KEY)
    monkeypatch.setenv("CHAINHUB_BASE_URL", server.base_url)
    server.configure(polls_to_finish=1)
    code = _readme_example()
    namespace: dict[str, Any] = {"__name__": "readme_example"}
    exec(compile(code, "generated/README.md", "exec"), namespace)
    creates = server.create_requests()
    assert len(creates) == 1, "the README example should create exactly one task"
    tasks = [v for k, v in namespace.items() if isinstance(v, Task)]
    assert tasks, "the README example's result is not a Task"
    assert tasks[0].task_id == server.created_task_ids()[0]
    call = code.split("client.images.generate", 1)[1].split(")", 1)[0]
    called = set(re.findall(r"^\s*(\w+)=", call, flags=re.MULTILINE))
    assert called == set(creates[0].body), "the example's arguments are exactly what went on the wire"
