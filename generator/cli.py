"""Command line of the generator: the only module that prints or exits.

Commands: ``generate``, ``check``, ``extract``, ``lint``, ``diff``, ``serve``.
Exit codes: 0 success, 1 a finding/difference the command was asked to fail
on, 2 unreadable or invalid input (``file:line: message`` on stderr, never a
traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .pipeline import DEFAULT_OUT, DEFAULT_PACKAGE, DEFAULT_SPEC
from .vocab import keys
from .vocab.findings import Finding, OptionError, SpecError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("generate", "render the client package into --out (nothing to do when its stamp matches)"),
        ("check", "exit 1 with a diff when --out is stale"),
    ):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("spec", nargs="*", type=Path, help="spec files or folders (default: spec/)")
        cmd.add_argument("--out", type=Path, default=DEFAULT_OUT)
        cmd.add_argument("--package-name", default=DEFAULT_PACKAGE)
        cmd.add_argument(
            "--api-key-env",
            default=None,
            help=f"environment variable the client reads its API key from (default: the spec's "
            f"{keys.API_KEY_ENV} if it ends in _API_KEY, else <PACKAGE>_API_KEY)",
        )
    describe = sub.add_parser("describe", help="print the client's resources, methods and task pairs")
    describe.add_argument("spec", nargs="*", type=Path)
    describe.add_argument("--package-name", default=DEFAULT_PACKAGE)
    describe.add_argument("--format", choices=("text", "markdown"), default="text")
    extract = sub.add_parser("extract", help="print constraints found in description prose")
    extract.add_argument("spec", nargs="*", type=Path)
    extract.add_argument("--format", choices=("overlay", "json"), default="overlay")
    lint = sub.add_parser("lint", help="report what the spec's author should fix")
    lint.add_argument("spec", nargs="*", type=Path)
    lint.add_argument("--format", choices=("text", "json", "github"), default="text")
    diff = sub.add_parser("diff", help="breaking-change diff of two specs (files, folders or git:REF[:PATH])")
    diff.add_argument("old")
    diff.add_argument("new", nargs="?", default=str(DEFAULT_SPEC), help="default: spec/")
    diff.add_argument("--fail-on", choices=("ERR", "WARN"), default=None)
    diff.add_argument("--format", choices=("text", "json", "markdown", "github"), default="text")
    sub.add_parser("demo", help="run the generated CLI against the fake server (what `make demo` does)")
    serve = sub.add_parser("serve", help="run the local fake Kling server on 127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--spec", type=Path, default=DEFAULT_OUT / "openapi.augmented.yaml")
    serve.add_argument("--api-key", action="append", help="accepted bearer key (repeatable; default: any key)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        result: int = _COMMANDS[args.command](args)
        return result
    except SpecError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    except OptionError as exc:
        sys.stderr.write(f"python -m generator: error: {exc}\n")
        return 2
    except OSError as exc:
        sys.stderr.write(f"python -m generator: error: {exc.strerror or exc} ({exc.filename or ''})\n")
        return 2
    except RecursionError:
        sys.stderr.write("<spec>:0: the spec is nested too deeply to process\n")
        return 2
    except KeyboardInterrupt:
        return 130


def _specs(args: argparse.Namespace) -> list[Path]:
    return list(args.spec) or [DEFAULT_SPEC]


def _generate(args: argparse.Namespace) -> int:
    from .pipeline import generate

    result = generate(_specs(args), args.out, args.package_name, api_key_env=args.api_key_env)
    if result.up_to_date:
        sys.stderr.write(f"{args.out} is up to date (inputs and generator match its stamp): nothing to do\n")
        return 0
    counts = {level: sum(1 for f in result.findings if f.level == level) for level in ("error", "warning", "note")}
    for why in result.skipped:
        sys.stderr.write(f"skipped: {why}\n")
    sys.stderr.write(
        f"wrote {len(result.files)} files to {args.out}: {result.operations} operations, "
        f"{len(result.skipped)} skipped; {counts['error']} errors, {counts['warning']} warnings, "
        f"{counts['note']} notes about the spec (`python -m generator lint` lists them)\n"
    )
    return 0


def _check(args: argparse.Namespace) -> int:
    from .pipeline import check

    result = check(_specs(args), args.out, args.package_name, api_key_env=args.api_key_env)
    if not result.up_to_date:
        sys.stdout.write(result.diff)
        sys.stderr.write(f"{args.out} is stale: run `python -m generator generate` (or `make generate`)\n")
        return 1
    how = "regenerated and compared" if result.rebuilt else "its stamp matches the inputs and the generator"
    sys.stderr.write(f"{args.out} is up to date ({how})\n")
    return 0


def _describe(args: argparse.Namespace) -> int:
    from .pipeline import describe

    model = describe(_specs(args), args.package_name)
    rows: list[tuple[str, str, str]] = []
    for resource in model.root.walk():
        prefix = ".".join(("client", *resource.path))
        for op in resource.operations:
            role = f"task {op.task_role}" if op.task_role else ""
            rows.append((f"{prefix}.{op.name}(...)", f"{op.http_method} {op.path}", role))
        if resource.task is not None:
            pair = resource.task
            ends = f"succeeds on {'/'.join(pair.succeeded)}, fails on {'/'.join(pair.failed)}"
            rows.append((f"{prefix}.wait(task_id)", f"polls {pair.get.name}", ends))
            rows.append((f"{prefix}.{pair.create_and_wait}(...)", f"{pair.create.name} + wait", ""))
    if args.format == "markdown":
        lines = ["| call | HTTP | task |", "|---|---|---|"]
        lines += [f"| `{call}` | `{http}` | {role} |" for call, http, role in rows]
    else:
        width = max((len(r[0]) for r in rows), default=0)
        lines = [f"{call:<{width}}  {http}" + (f"  [{role}]" if role else "") for call, http, role in rows]
    operations = sum(len(r.operations) for r in model.root.walk())
    pairs = sum(1 for r in model.root.walk() if r.task is not None)
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stderr.write(f"{len(model.resources)} resources, {operations} operations, {pairs} task pairs, "
                     f"{len(model.skipped)} operations skipped\n")  # fmt: skip
    return 0


def _extract(args: argparse.Namespace) -> int:
    from .pipeline import augment_paths, extraction_overlay_yaml

    spec = augment_paths(_specs(args))
    if args.format == "json":
        rows = [
            {"pointer": e.pointer, "keyword": e.keyword, "value": e.value, "evidence": e.evidence, "rule": e.rule}
            for e in spec.extractions
        ]
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(extraction_overlay_yaml(spec))
    return 0


def _lint(args: argparse.Namespace) -> int:
    from .pipeline import lint

    findings = lint(_specs(args))
    sys.stdout.write(format_findings(findings, args.format))
    return 1 if any(f.level == "error" for f in findings) else 0


def format_findings(findings: Sequence[Finding], fmt: str) -> str:
    if fmt == "json":
        rows: list[dict[str, Any]] = [
            {
                "level": f.level,
                "code": f.code,
                "message": f.message,
                "pointer": f.pointer,
                "file": f.location.file if f.location else None,
                "line": f.location.line if f.location else None,
            }
            for f in findings
        ]
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt == "github":
        kinds = {"error": "error", "warning": "warning", "note": "notice"}
        lines = []
        for f in findings:
            where = f"file={f.location.file},line={f.location.line}," if f.location else ""
            message = f.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            lines.append(f"::{kinds[f.level]} {where}title={f.code}::{message}")
        return "\n".join(lines) + ("\n" if lines else "")
    lines = [f.render() for f in findings]
    counts = {level: sum(1 for f in findings if f.level == level) for level in ("error", "warning", "note")}
    lines.append(f"{counts['error']} errors, {counts['warning']} warnings, {counts['note']} notes")
    return "\n".join(lines) + "\n"


def _diff(args: argparse.Namespace) -> int:
    from .diff import render_changes
    from .pipeline import diff_sides

    changes, context = diff_sides(args.old, args.new)
    sys.stdout.write(render_changes(changes, args.format, context))
    levels = {"ERR": ("ERR",), "WARN": ("ERR", "WARN")}.get(args.fail_on or "", ())
    return 1 if any(c.level in levels for c in changes) else 0


def _serve(args: argparse.Namespace) -> int:
    import time

    from .fake_server import FakeKlingServer

    try:
        server = FakeKlingServer(spec_path=args.spec, port=args.port, api_keys=args.api_key or None).start()
    except (OSError, ValueError) as exc:
        sys.stderr.write(f"fake server: {exc}\n")
        return 2
    sys.stdout.write(f"fake Kling server listening on {server.base_url}\n")
    sys.stdout.flush()
    try:
        while True:
            time.sleep(3600)
    finally:
        server.stop()


def _demo(args: argparse.Namespace) -> int:
    import shlex

    from .fake_server.demo import pasteable, run_demo

    run = run_demo(DEFAULT_OUT)
    env = " ".join(f"{k}={shlex.quote(v)}" for k, v in run.environment)
    sys.stdout.write(f"$ {env} {shlex.join(run.command)}\n{run.output}")
    sys.stdout.write(
        f"downloaded {len(run.downloaded)} file(s): " + ", ".join(f"{n} ({s} bytes)" for n, s in run.downloaded) + "\n"
    )
    sys.stdout.write(
        f"\nTo try it yourself, start the fake server (`make serve`) and paste:\n  {pasteable(DEFAULT_OUT)}\n"
    )
    return run.returncode if run.downloaded else 1


_COMMANDS: dict[str, Any] = {
    "describe": _describe,
    "demo": _demo,
    "generate": _generate,
    "check": _check,
    "extract": _extract,
    "lint": _lint,
    "diff": _diff,
    "serve": _serve,
}
