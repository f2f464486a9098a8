"""Test support for ``tests/network``: one client call in a child process, its outcome and its peak memory as JSON.

Stage: tests. Input (argv): ``--url`` (a hostile scenario), ``--call``, ``--flavor``, an address-space cap
in MB (the guard: a client that would fill memory dies with ``MemoryError`` instead of taking the
machine down), client options as ``--option name=int``, and ``--generated`` (the folder holding
``kling_client``: this tree's by default, or an older tree's for before/after figures). Output: one
JSON line on stdout: the exception's class and its base classes (or null), its message, the resident
set size just before the call and its peak during the call (``VmHWM``, reset before the call through
``/proc/self/clear_refs``), and the seconds the call took.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

GENERATED = Path(__file__).resolve().parents[2] / "generated"
KEY = "sk-probe-0123456789abcdef"
BODY: dict[str, Any] = {"model_name": "kling-v1", "prompt": "a lighthouse at dusk", "n": 1}


def _status_kb(field: str) -> int:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of this process from /proc, in KB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    """Restart the kernel's peak-RSS count (``VmHWM``) so it measures the call alone (Linux 4.0+)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_kb() -> int:
    return max(_status_kb("VmHWM"), 0) or int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--call", choices=["generate", "get", "download", "download-file"], default="generate")
    parser.add_argument("--flavor", choices=["sync", "async"], default="sync")
    parser.add_argument("--as-cap-mb", type=int, default=2048)
    parser.add_argument("--generated", type=Path, default=GENERATED)
    parser.add_argument("--option", action="append", default=[], help="client option name=int")
    parser.add_argument("--max-bytes", type=int, default=None, help="download(max_bytes=...)")
    return parser.parse_args()


async def _async_call(client: Any, call: str, args: argparse.Namespace, target: Path) -> None:
    async with client:
        if call == "generate":
            await client.images.generate(**BODY)
        elif call == "get":
            await client.images.get("t-1")
        elif call == "download":
            await client.download(args.url + "/file.png", max_bytes=args.max_bytes)
        else:
            await client.download(args.url + "/file.png", destination=target, max_bytes=args.max_bytes)


def _sync_call(client: Any, call: str, args: argparse.Namespace, target: Path) -> None:
    with client:
        if call == "generate":
            client.images.generate(**BODY)
        elif call == "get":
            client.images.get("t-1")
        elif call == "download":
            client.download(args.url + "/file.png", max_bytes=args.max_bytes)
        else:
            client.download(args.url + "/file.png", destination=target, max_bytes=args.max_bytes)


def main() -> None:
    args = _parse()
    cap = args.as_cap_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    sys.path.insert(0, str(args.generated))
    kling = importlib.import_module("kling_client")
    options: dict[str, Any] = {"api_key": KEY, "base_url": args.url, "max_retries": 0, "timeout": 30.0}
    for item in args.option:
        name, _, value = item.partition("=")
        options[name] = int(value)
    client = (kling.Client if args.flavor == "sync" else kling.AsyncClient)(**options)
    baseline = _status_kb("VmRSS")
    _reset_peak()
    outcome: dict[str, Any] = {"error": None, "bases": [], "message": ""}
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "out.bin"
        try:
            if args.flavor == "sync":
                _sync_call(client, args.call, args, target)
            else:
                asyncio.run(_async_call(client, args.call, args, target))
        except BaseException as exc:  # reported to the parent, whatever it is
            outcome = {
                "error": type(exc).__name__,
                "bases": [c.__name__ for c in type(exc).__mro__],
                "message": str(exc)[:400],
            }
        written = target.stat().st_size if target.exists() else 0
    outcome.update(
        baseline_kb=baseline, peak_kb=_peak_kb(), seconds=round(time.monotonic() - started, 3), written=written
    )
    print(json.dumps(outcome), flush=True)


if __name__ == "__main__":
    main()
