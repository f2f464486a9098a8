"""A local fake of the Kling API (ChainHub relay) for tests, demos and benchmarks: ``python -m generator serve``.

Stage: beside the pipeline (it reads what the generator wrote, never the other
way round). Input: an augmented spec. Output: an HTTP server on 127.0.0.1 that
validates every create against the spec's own request schema and
``x-dependencies`` rules (HTTP 400, code 1201), checks ``Authorization: Bearer``
(401, codes 1001/1002), simulates every task pair in the spec (submitted ->
processing -> succeed/failed, results as small valid media files), injects
faults from a queue and records requests. Modules: ``spec`` (what to simulate,
from the spec), ``state`` (tasks, log, answers), ``faults``, ``rules``
(dependency rules, read independently of the client), ``media``, ``http``.
"""

from __future__ import annotations

from .faults import (
    Fault,
    business_error,
    dropped,
    envelope,
    failed_task,
    html_error,
    non_json_ok,
    rate_limited,
    server_error,
    slow,
)
from .http import FakeKlingServer, running_fake_server
from .media import mp3_bytes, mp4_bytes, png_bytes, wav_bytes
from .spec import FakeApi, TaskRoute, build_api, load_api
from .state import RecordedRequest

__all__ = [
    "FakeApi",
    "FakeKlingServer",
    "Fault",
    "RecordedRequest",
    "TaskRoute",
    "build_api",
    "business_error",
    "dropped",
    "envelope",
    "failed_task",
    "html_error",
    "load_api",
    "mp3_bytes",
    "mp4_bytes",
    "non_json_ok",
    "png_bytes",
    "rate_limited",
    "running_fake_server",
    "server_error",
    "slow",
    "wav_bytes",
]
