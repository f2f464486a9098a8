"""Benchmark 4's measuring process: generated client vs raw httpx against one fake server.

Run by ``bench.client`` with the generated package on ``PYTHONPATH`` (a copy,
so a concurrent regeneration cannot change it mid-run) and the URL of a fake
server of ``bench._echo_server``. Prints one JSON object: per variant, the
µs/request of each batch. Batches of the two variants alternate (and swap
order every round) so that noise hits both alike.

The raw baseline does what a careful hand-written caller would do with the
same connection pool: the same JSON body and headers, ``raise_for_status()``,
decode the JSON, check the business code, take ``data``. The generated client
adds validation, the model round trip (``to_dict``/``from_dict``), the retry
loop and logging hooks: that difference is the overhead measured.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

API_KEY = "bench-key"
PATH = "/kling/v1/images/generations"
ARGS: dict[str, Any] = {
    "model_name": "kling-v1",
    "prompt": "a seaside at dawn, wide shot, soft light",
    "n": 2,
    "negative_prompt": "blurry, low quality",
    "aspect_ratio": "16:9",
}


def _headers(user_agent: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {API_KEY}", "User-Agent": user_agent, "Accept": "application/json"}


def _check(body: Any) -> Any:
    if not isinstance(body, dict) or body.get("code") != 0:
        raise RuntimeError(f"unexpected answer: {body!r}")
    return body["data"]


def _interleave_sync(variants: dict[str, Callable[[], object]], rounds: int, batch: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for name in names:  # warm-up: connection, caches, lazy imports
        for _ in range(max(50, batch // 4)):
            variants[name]()
    for i in range(rounds):
        for name in names if i % 2 == 0 else reversed(names):
            call = variants[name]
            start = time.perf_counter()
            for _ in range(batch):
                call()
            out[name].append((time.perf_counter() - start) / batch * 1e6)
    return out


async def _interleave_async(
    variants: dict[str, Callable[[], Awaitable[object]]], rounds: int, batch: int
) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for name in names:
        for _ in range(max(50, batch // 4)):
            await variants[name]()
    for i in range(rounds):
        for name in names if i % 2 == 0 else reversed(names):
            call = variants[name]
            start = time.perf_counter()
            for _ in range(batch):
                await call()
            out[name].append((time.perf_counter() - start) / batch * 1e6)
    return out


def bench_sync(url: str, rounds: int, batch: int) -> dict[str, list[float]]:
    from kling_client import Client

    client = Client(api_key=API_KEY, base_url=url)
    raw = httpx.Client(timeout=client.timeout)
    headers = _headers(client.user_agent)
    target = url + PATH
    payload = dict(ARGS)

    def ours() -> object:
        return client.images.generate(**ARGS)

    def runtime() -> object:  # the generated runtime's request path alone: no models, no validation
        return client.request(method="POST", path=PATH, json=payload, idempotent=False)

    def baseline() -> object:
        response = raw.post(target, json=payload, headers=headers)
        response.raise_for_status()
        return _check(response.json())

    try:
        return _interleave_sync({"ours": ours, "runtime": runtime, "raw": baseline}, rounds, batch)
    finally:
        client.close()
        raw.close()


async def _bench_async(url: str, rounds: int, batch: int) -> dict[str, list[float]]:
    from kling_client import AsyncClient

    client = AsyncClient(api_key=API_KEY, base_url=url)
    raw = httpx.AsyncClient(timeout=client.timeout)
    headers = _headers(client.user_agent)
    target = url + PATH
    payload = dict(ARGS)

    async def ours() -> object:
        return await client.images.generate(**ARGS)

    async def baseline() -> object:
        response = await raw.post(target, json=payload, headers=headers)
        response.raise_for_status()
        return _check(response.json())

    try:
        return await _interleave_async({"ours": ours, "raw": baseline}, rounds, batch)
    finally:
        await client.close()
        await raw.aclose()


def bench_async(url: str, rounds: int, batch: int) -> dict[str, list[float]]:
    return asyncio.run(_bench_async(url, rounds, batch))


def bench_validation(rounds: int, batch: int) -> dict[str, list[float]]:
    """In-process, no HTTP: build the request model and serialise it vs build the dict by hand."""
    from kling_client.models.image_generation_request import ImageGenerationRequest

    model_name, prompt, n, negative_prompt, aspect_ratio = (ARGS[k] for k in ARGS)
    if ImageGenerationRequest(**ARGS).to_dict() != ARGS:
        raise RuntimeError("the model's to_dict() differs from the hand-built dict; fix ARGS")

    def ours() -> object:
        return ImageGenerationRequest(
            model_name=model_name, prompt=prompt, n=n, negative_prompt=negative_prompt, aspect_ratio=aspect_ratio
        ).to_dict()

    def by_hand() -> object:
        return {
            "model_name": model_name,
            "prompt": prompt,
            "n": n,
            "negative_prompt": negative_prompt,
            "aspect_ratio": aspect_ratio,
        }

    return _interleave_sync({"ours": ours, "by_hand": by_hand}, rounds, batch)


ANSWER: dict[str, Any] = {  # what bench._echo_server answers a create with
    "code": 0,
    "message": "SUCCEED",
    "request_id": "0123456789abcdef0123456789abcdef",
    "data": {
        "task_id": "bench-task",
        "task_status": "submitted",
        "created_at": 1764236400000,
        "updated_at": 1764236400000,
    },
}


def bench_response(rounds: int, batch: int) -> dict[str, list[float]]:
    """In-process, no HTTP: the typed response (envelope + task models) vs checking the dict by hand."""
    from kling_client._runtime._model import unwrap
    from kling_client.models.task import Task
    from kling_client.models.task_response import TaskResponse

    body = json.loads(json.dumps(ANSWER))
    parse = unwrap(TaskResponse, "data", Task)

    def ours() -> object:
        return parse(body)

    def by_hand() -> object:
        return _check(body)

    return _interleave_sync({"ours": ours, "by_hand": by_hand}, rounds, batch)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench._client_worker")
    parser.add_argument("mode", choices=("sync", "async", "validation", "response"))
    parser.add_argument("--url", default="")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--batch", type=int, default=250)
    args = parser.parse_args(argv)
    gc.collect()
    if args.mode == "sync":
        result = bench_sync(args.url, args.rounds, args.batch)
    elif args.mode == "async":
        result = bench_async(args.url, args.rounds, args.batch)
    elif args.mode == "validation":
        result = bench_validation(args.rounds, args.batch)
    else:
        result = bench_response(args.rounds, args.batch)
    import kling_client

    json.dump({"mode": args.mode, "version": kling_client.__version__, "us_per_call": result}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
