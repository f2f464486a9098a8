"""The generic CLI, driven by metadata, against a small client built on SyncAPIClient and the fake server."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest
from kling_client._runtime import MissingAPIKeyError, SyncAPIClient
from kling_client._runtime._cli import CliOption, TaskCli, main
from kling_client._runtime._tasks import wait_for_task
from kling_client._runtime._validation import Rule

from generator.fake_server import FakeKlingServer, business_error, failed_task, png_bytes
from tests.runtime._rt_support import API_KEY, CREATE


class Model:
    """Stands in for a generated request model: the CLI reads help and choices from these."""

    _codegen_help: ClassVar[dict[str, str]] = {"prompt": "Prompt.", "n": "Number of images.", "draft": "Not real."}
    _codegen_rules: ClassVar[tuple[Rule, ...]] = (
        Rule(field="model_name", keyword="enum", value=("kling-v1", "kling-v2")),
        Rule(field="aspect_ratio", keyword="enum", value=("16:9", "1:1")),
    )


TASKS = (
    TaskCli(
        resource="images",
        create="generate",
        get="get",
        summary="Create an image generation task.",
        model=Model,
        options=(
            CliOption(flag="PROMPT", dest="prompt", wire="prompt", required=True),
            CliOption(flag="--model", dest="model_name", wire="model_name", required=True),
            CliOption(flag="--n", dest="n", wire="n", type="integer"),
            CliOption(flag="--aspect-ratio", dest="aspect_ratio", wire="aspect_ratio"),
            CliOption(flag="--image-fidelity", dest="image_fidelity", wire="image_fidelity", type="number"),
            CliOption(flag="--draft", dest="draft", wire="draft", type="boolean"),
        ),
    ),
)
NESTED = (
    TaskCli(words=("videos", "text2video"), resource="images", create="generate", get="get", model=Model,
            options=(CliOption(flag="PROMPT", dest="prompt", wire="prompt", required=True),)),
)  # fmt: skip


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


class Obj:
    """Attribute view of decoded JSON, standing in for the generated models."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data
        for key, value in data.items():
            if isinstance(value, dict):
                value = Obj(value)
            elif isinstance(value, list):
                value = [Obj(v) if isinstance(v, dict) else v for v in value]
            setattr(self, key, value)

    def to_dict(self) -> dict[str, Any]:
        return self._data


class Images:
    def __init__(self, client: SyncAPIClient, clock: Clock, calls: list[dict[str, Any]]) -> None:
        self._client = client
        self._clock = clock
        self.calls = calls

    def generate(self, **kwargs: Any) -> Obj:
        self.calls.append(kwargs)
        body = {"model_name": "kling-v1", "n": 1, **kwargs}
        return Obj(self._client.request(method="POST", path=CREATE, json=body, idempotent=False)["data"])

    def get(self, task_id: str) -> Obj:
        return Obj(self._client.request(method="GET", path=f"{CREATE}/{task_id}", idempotent=True)["data"])

    def wait(
        self,
        task_id: str,
        *,
        wait_timeout: float,
        poll_interval: float,
        on_progress: Callable[[Obj], None] | None = None,
    ) -> Obj:
        return wait_for_task(
            lambda _remaining: self.get(task_id),
            task_id=task_id,
            status_of=lambda t: str(t.to_dict()["task_status"]),
            timeout=wait_timeout,
            poll_interval=poll_interval,
            on_progress=on_progress,
            sleep=self._clock.sleep,
            clock=self._clock,
        )


class Client(SyncAPIClient):
    def __init__(self, *, clock: Clock, calls: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(sleep=lambda _: None, **kwargs)
        self.images = Images(self, clock, calls)


def run(
    server: FakeKlingServer, *argv: str, calls: list[dict[str, Any]] | None = None, tasks: tuple[TaskCli, ...] = TASKS
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    clock = Clock()

    def make_client(**options: Any) -> Client:
        options = {"api_key": API_KEY, "base_url": server.base_url, **options}
        return Client(clock=clock, calls=[] if calls is None else calls, **options)

    code = main(
        list(argv),
        tasks=tasks,
        make_client=make_client,
        prog="kling",
        stdout=out,
        stderr=err,
        clock=clock,
        base_url_env="CHAINHUB_BASE_URL",
    )
    return code, out.getvalue(), err.getvalue()


def test_generate_wait_downloads_every_image(server: FakeKlingServer, tmp_path: Path) -> None:
    calls: list[dict[str, Any]] = []
    code, out, err = run(
        server,
        "generate",
        "a red fox",
        "--n",
        "3",
        "--aspect-ratio",
        "16:9",
        "--image-fidelity",
        "0.5",
        "--draft",
        "--wait",
        "--out",
        str(tmp_path / "imgs"),
        calls=calls,
    )
    assert code == 0, err
    assert calls == [
        {
            "prompt": "a red fox",
            "model_name": "kling-v1",
            "n": 3,
            "aspect_ratio": "16:9",
            "image_fidelity": 0.5,
            "draft": True,
        }
    ]
    paths = [Path(line) for line in out.splitlines()]
    assert len(paths) == 3
    for index, path in enumerate(paths):
        assert path.parent == tmp_path / "imgs"
        assert path.name.endswith(f"-{index}.png")
        assert path.read_bytes().startswith(b"\x89PNG")
    assert "submitted" in err and "processing" in err and "succeed" in err
    assert server.create_requests()[0].body["aspect_ratio"] == "16:9"


def test_generate_without_wait_prints_the_task(server: FakeKlingServer) -> None:
    calls: list[dict[str, Any]] = []
    code, out, _ = run(server, "generate", "a boat", calls=calls)
    assert code == 0
    # A required choice is sent with its first value; omitted options (n, aspect_ratio, draft) are left out.
    assert calls == [{"prompt": "a boat", "model_name": "kling-v1"}]
    task = json.loads(out)
    assert task["task_status"] == "submitted"
    assert task["task_id"] in server.created_task_ids()


def test_get_prints_json(server: FakeKlingServer) -> None:
    _, out, _ = run(server, "generate", "a boat")
    task_id = json.loads(out)["task_id"]
    code, out, _ = run(server, "get", task_id)
    assert code == 0
    assert json.loads(out)["task_id"] == task_id


def _assert_one_line(err: str) -> None:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err


def test_failed_task_exit_code_and_message(server: FakeKlingServer, tmp_path: Path) -> None:
    server.add_faults(failed_task("prompt rejected by risk control"))
    code, out, err = run(server, "generate", "x", "--wait", "--out", str(tmp_path))
    assert code == 3
    last = err.splitlines()[-1]
    assert last.startswith("kling: error:") and "prompt rejected by risk control" in last
    assert out == ""


def test_wait_timeout_exit_code_and_hint(server: FakeKlingServer, tmp_path: Path) -> None:
    server.configure(polls_to_finish=10_000)
    code, _, err = run(
        server, "generate", "x", "--wait", "--wait-timeout", "10", "--poll-interval", "2", "--out", str(tmp_path)
    )
    assert code == 4
    last = err.splitlines()[-1]
    assert "after 10s" in last and "kling wait " in last and f"--out {tmp_path}" in last


def test_api_error_is_one_line(server: FakeKlingServer) -> None:
    code, out, err = run(server, "generate", "x", "--n", "12")
    assert code == 1
    _assert_one_line(err)
    assert "n: 12 is greater than the maximum of 9" in err
    assert out == ""


def test_echoed_key_is_redacted_in_cli_errors(server: FakeKlingServer) -> None:
    server.add_faults(business_error(1002, status_code=401, echo_authorization=True))
    code, _, err = run(server, "generate", "x")
    assert code == 1
    _assert_one_line(err)
    assert API_KEY not in err


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["generate"], "PROMPT"),
        (["generate", "x", "--aspect-ratio", "5:4"], "invalid choice"),
        (["generate", "x", "--n", "two"], "invalid int value"),
        (["nope"], "invalid choice"),
        ([], "required"),
    ],
)
def test_usage_errors(server: FakeKlingServer, argv: list[str], needle: str) -> None:
    code, _, err = run(server, *argv)
    assert code == 2
    _assert_one_line(err)
    assert needle in err
    assert server.requests == []


def test_help_shows_metadata_environment_and_exit_codes(server: FakeKlingServer) -> None:
    code, out, _ = run(server, "generate", "--help")
    assert code == 0
    assert "--aspect-ratio" in out and "(default here: kling-v1)" in out and "--wait" in out and "--no-draft" in out
    assert "Number of images." in out and "CHAINHUB_API_KEY" in out and "CHAINHUB_BASE_URL" in out
    assert "exit codes:" in out and "4   waiting timed out" in out


def test_missing_key_is_reported(server: FakeKlingServer) -> None:
    def make_client() -> Any:
        raise MissingAPIKeyError("CHAINHUB_API_KEY")

    err = io.StringIO()
    code = main(["get", "t"], tasks=TASKS, make_client=make_client, stdout=io.StringIO(), stderr=err)
    assert code == 1
    _assert_one_line(err.getvalue())
    assert "CHAINHUB_API_KEY" in err.getvalue()


def test_hostile_task_id_cannot_escape_the_output_dir(tmp_path: Path) -> None:
    class StubImages:
        def generate(self, **kwargs: Any) -> Obj:
            return Obj({"task_id": "../../etc/evil", "task_status": "submitted"})

        def wait(self, task_id: str, **kwargs: Any) -> Obj:
            return Obj(
                {
                    "task_id": task_id,
                    "task_status": "succeed",
                    "task_result": {"images": [{"index": 0, "url": "https://cdn.example.invalid/0"}]},
                }
            )

    class StubClient:
        images = StubImages()

        def __init__(self, **options: Any) -> None:
            pass

        def download(self, url: str) -> bytes:
            return png_bytes(4, 4)

    out_dir = tmp_path / "out"
    out = io.StringIO()
    code = main(
        ["generate", "x", "--wait", "--out", str(out_dir)],
        tasks=TASKS,
        make_client=StubClient,
        stdout=out,
        stderr=io.StringIO(),
    )
    assert code == 0
    written = Path(out.getvalue().strip())
    assert written.parent == out_dir
    assert written.resolve().is_relative_to(out_dir.resolve())


def test_wait_resumes_a_task_and_downloads(server: FakeKlingServer, tmp_path: Path) -> None:
    _, out, _ = run(server, "generate", "a boat", "--n", "2")
    task_id = json.loads(out)["task_id"]
    code, out, err = run(server, "wait", task_id, "--out", str(tmp_path))
    assert code == 0, err
    assert [Path(line).name for line in out.splitlines()] == [f"{task_id}-0.png", f"{task_id}-1.png"]
    assert "downloaded 2/2" in err


def test_nested_commands_and_global_options(server: FakeKlingServer) -> None:
    seen: list[dict[str, Any]] = []

    def make_client(**options: Any) -> Client:
        seen.append(options)
        return Client(clock=Clock(), calls=[], **{"api_key": API_KEY, **options})

    out = io.StringIO()
    code = main(
        ["--base-url", server.base_url, "--api-key", API_KEY, "videos", "text2video", "create", "a boat"],
        tasks=NESTED,
        make_client=make_client,
        stdout=out,
        stderr=io.StringIO(),
    )
    assert code == 0
    assert seen == [{"api_key": API_KEY, "base_url": server.base_url}]
    assert json.loads(out.getvalue())["task_status"] == "submitted"


def test_validation_errors_name_the_flag() -> None:
    from kling_client._runtime import RequestValidationError

    class Failing:
        def __init__(self, **options: Any) -> None:
            self.images = self

        def generate(self, **kwargs: Any) -> None:
            raise RequestValidationError(
                field="aspect_ratio",
                rule="enum",
                value="5:4",
                evidence="Enumerated values",
                message="Model.aspect_ratio: must be one of '16:9'; got '5:4'",
            )

    err = io.StringIO()
    code = main(["generate", "x"], tasks=TASKS, make_client=Failing, stdout=io.StringIO(), stderr=err)
    assert code == 2
    assert err.getvalue().startswith("kling: error: --aspect-ratio: must be one of")


def test_ctrl_c_while_waiting_prints_the_resume_command(tmp_path: Path) -> None:
    class Interrupting:
        def __init__(self, **options: Any) -> None:
            self.images = self

        def generate(self, **kwargs: Any) -> dict[str, str]:
            return {"task_id": "t-42", "task_status": "submitted"}

        def wait(self, task_id: str, **kwargs: Any) -> None:
            raise KeyboardInterrupt

    err = io.StringIO()
    code = main(
        ["generate", "x", "--wait", "--out", str(tmp_path)],
        tasks=TASKS,
        make_client=Interrupting,
        stdout=io.StringIO(),
        stderr=err,
        prog="kling",
    )
    assert code == 130
    assert "task t-42 was created" in err.getvalue() and f"kling wait t-42 --out {tmp_path}" in err.getvalue()
