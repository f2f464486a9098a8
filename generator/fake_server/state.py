"""Fake server: what it remembers and how the API answers, independent of HTTP.

Input: parsed requests (method, path, body, Authorization) from ``http``.
Output: ``(status, payload)`` answers, tasks that move submitted ->
processing -> succeed/failed as they are polled, a bounded log of recorded
requests and the fault queue. Everything is guarded by one lock; memory is
bounded (the log keeps the last ``MAX_RECORDED`` requests, each with at most
``MAX_RECORDED_BODY`` raw bytes of its body, parsed again only when asked for,
one at a time: a parsed body can take twenty times its size; at most
``MAX_TASKS`` tasks and ``MAX_FAULTS`` queued faults).
"""

from __future__ import annotations

import collections
import json
import threading
import time
import uuid
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from .faults import MAX_JSON_DEPTH, Fault, envelope, json_depth
from .rules import violation
from .spec import FakeApi, TaskRoute

CONTROL = "/__fake__"
MAX_RECORDED = 1000
MAX_RECORDED_BODY = 64 * 1024
# Listing re-parses every body: a 64 KB body of tiny objects parses into ~1.5 MB, so listings stop lower.
MAX_LISTED_BODY = 16 * 1024
MAX_TASKS = 10_000
MAX_RESULTS = 16
MAX_POLLS = 1_000_000
MAX_FAULTS = 10_000
RequestKind = Literal["create", "get", "other"]


@attrs.frozen(kw_only=True)
class RecordedRequest:
    """One API request as received (control and media requests are not recorded).

    Only the raw bytes are kept; ``body`` parses them on each access (None when the body was cut, is
    not JSON or nests deeper than ``MAX_JSON_DEPTH``).
    """

    method: str
    path: str
    query: str
    authorization: str | None
    user_agent: str | None
    raw_body: bytes  # the first MAX_RECORDED_BODY bytes
    body_size: int
    fault: str | None
    kind: RequestKind

    @property
    def body(self) -> Any:
        if not self.raw_body or self.body_size > len(self.raw_body):
            return None
        try:
            value = json.loads(self.raw_body)
        except (ValueError, RecursionError):
            return None
        return value if json_depth(value) <= MAX_JSON_DEPTH else None

    @property
    def is_create(self) -> bool:
        return self.kind == "create"

    def to_json(self) -> dict[str, Any]:
        """The record as listed by ``GET /__fake__/requests``: bodies over ``MAX_LISTED_BODY`` bytes as null."""
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "authorization": self.authorization,
            "user_agent": self.user_agent,
            "body": self.body if self.body_size <= MAX_LISTED_BODY else None,
            "body_size": self.body_size,
            "fault": self.fault,
        }


@attrs.define(kw_only=True)
class Task:
    task_id: str
    route: TaskRoute
    count: int
    created_ms: int
    updated_ms: int
    polls: int = 0
    fail_message: str | None = None
    status: str = "submitted"


def _bounded_int(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be an integer from {low} to {high}, got {value!r}")
    return value


class ServerState:
    def __init__(
        self, api: FakeApi, *, api_keys: frozenset[str] | None, polls_to_finish: int, timestamps_as_strings: bool
    ) -> None:
        self.api = api
        self.api_keys = api_keys
        self.polls_to_finish = _bounded_int(polls_to_finish, "polls_to_finish", 1, MAX_POLLS)
        self.timestamps_as_strings = timestamps_as_strings
        self.lock = threading.Lock()
        self.faults: list[Fault] = []
        self.recorded: collections.deque[RecordedRequest] = collections.deque(maxlen=MAX_RECORDED)
        self.tasks: collections.OrderedDict[str, Task] = collections.OrderedDict()
        self.created: collections.deque[str] = collections.deque(maxlen=MAX_TASKS)

    # -- bookkeeping ------------------------------------------------------------

    def take_fault(self, kind: RequestKind) -> Fault | None:
        with self.lock:
            for i, fault in enumerate(self.faults):
                if fault.match in ("any", kind):
                    return self.faults.pop(i)
        return None

    def record(self, request: RecordedRequest) -> None:
        with self.lock:
            self.recorded.append(request)

    def reset(self) -> None:
        with self.lock:
            self.faults.clear()
            self.recorded.clear()
            self.tasks.clear()
            self.created.clear()

    def configure(self, options: Mapping[str, object]) -> dict[str, Any]:
        """Apply ``{"polls_to_finish": int, "timestamps_as_strings": bool}``; anything else is a ValueError."""
        unknown = set(options) - {"polls_to_finish", "timestamps_as_strings"}
        if unknown:
            raise ValueError(f"unknown config keys: {sorted(map(str, unknown))}")
        polls = options.get("polls_to_finish")
        strings = options.get("timestamps_as_strings")
        if polls is not None:
            polls = _bounded_int(polls, "polls_to_finish", 1, MAX_POLLS)
        if strings is not None and not isinstance(strings, bool):
            raise ValueError(f"timestamps_as_strings must be true or false, got {strings!r}")
        with self.lock:
            if polls is not None:
                self.polls_to_finish = polls
            if strings is not None:
                self.timestamps_as_strings = strings
            return {"polls_to_finish": self.polls_to_finish, "timestamps_as_strings": self.timestamps_as_strings}

    # -- the API ----------------------------------------------------------------

    def check_auth(self, authorization: str | None) -> tuple[int, dict[str, Any]] | None:
        if not authorization or not authorization.startswith("Bearer ") or not authorization[7:].strip():
            return 401, envelope(1001, "Authorization is empty")
        if self.api_keys is not None and authorization[7:].strip() not in self.api_keys:
            return 401, envelope(1002, "Authorization is invalid")
        return None

    @staticmethod
    def problems(route: TaskRoute, body: Any) -> str | None:
        if body is None and not route.body_required:
            return None
        if not isinstance(body, dict):
            return "request body must be a JSON object"
        errors = sorted(route.validator.iter_errors(body), key=lambda e: list(map(str, e.path)))
        found = [f"{'/'.join(map(str, e.path)) or '<body>'}: {e.message}"[:300] for e in errors[:3]]
        found.extend(broken for rule in route.dependencies if (broken := violation(body, rule)))
        return "; ".join(found) if found else None

    def _stamp(self, ms: int) -> int | str:
        return str(ms) if self.timestamps_as_strings else ms

    def task_json(self, task: Task, media_base: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "task_id": task.task_id,
            "task_status": task.status,
            "task_status_msg": (task.fail_message or "") if task.status == "failed" else "",
            "created_at": self._stamp(task.created_ms),
            "updated_at": self._stamp(task.updated_ms),
        }
        if task.status == "succeed":
            data["task_result"] = {task.route.media: [self._item(task, i, media_base) for i in range(task.count)]}
        return data

    @staticmethod
    def _item(task: Task, index: int, media_base: str) -> dict[str, Any]:
        """One result item with the fields the spec gives it: file URLs of their kind, ids, durations."""
        route = task.route
        fields = route.item_fields or (("index", "integer"), ("url", "string"))
        item: dict[str, Any] = {}
        for name, kind in fields:
            extension = route.url_extension(name)
            if extension is not None:
                item[name] = f"{media_base}{CONTROL}/media/{task.task_id}/{index}.{extension}"
            elif name == "index":
                item[name] = index
            elif name == "id":
                item[name] = f"{task.task_id}-{index}"
            elif name.startswith("duration"):
                item[name] = "5" if kind == "string" else 5
            else:
                item[name] = index if kind == "integer" else ""
        return item

    def create(self, route: TaskRoute, body: Any, fault: Fault | None, media_base: str) -> tuple[int, dict[str, Any]]:
        problem = self.problems(route, body)
        if problem:
            return 400, envelope(1201, problem)
        count = body.get(route.count_field, 1) if isinstance(body, dict) and route.count_field else 1
        count = count if isinstance(count, int) and not isinstance(count, bool) and 0 < count <= MAX_RESULTS else 1
        now = int(time.time() * 1000)
        task = Task(task_id=uuid.uuid4().hex[:20], route=route, count=count, created_ms=now, updated_ms=now)
        if fault is not None and fault.kind == "fail_task":
            task.fail_message = fault.message or "task failed"
        with self.lock:
            self.tasks[task.task_id] = task
            while len(self.tasks) > MAX_TASKS:
                self.tasks.popitem(last=False)
            self.created.append(task.task_id)
            return 200, envelope(0, "SUCCEED", self.task_json(task, media_base))

    def advance(self, route: TaskRoute, task_id: str, media_base: str) -> tuple[int, dict[str, Any]]:
        with self.lock:
            task = self.tasks.get(task_id)
            if task is None or task.route is not route:
                return 404, envelope(1203, f"task {task_id[:64]} not found")
            task.polls += 1
            if task.status in ("submitted", "processing"):
                finished = task.polls >= self.polls_to_finish
                task.status = ("failed" if task.fail_message else "succeed") if finished else "processing"
                task.updated_ms = int(time.time() * 1000)
            return 200, envelope(0, "SUCCEED", self.task_json(task, media_base))

    def listing(self, route: TaskRoute, media_base: str) -> tuple[int, dict[str, Any]]:
        with self.lock:
            tasks = [self.task_json(t, media_base) for t in self.tasks.values() if t.route is route]
            return 200, envelope(0, "SUCCEED", tasks)

    def media(self, task_id: str, index: int, extension: str) -> bool:
        """Whether a finished task has a result ``index`` of that kind."""
        with self.lock:
            task = self.tasks.get(task_id)
            return bool(task and task.status == "succeed" and extension in task.route.extensions and index < task.count)
