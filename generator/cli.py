"""Command line of the generator: the only module that prints or exits.

Commands: ``generate``, ``check``, ``extract``, ``lint``, ``diff``, ``serve``.
Exit codes: 0 success, 1 a finding/difference the command was asked to fail
on, 2 unreadable or invalid input (``file:line: message`` on stderr, never a
traceback).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .findings import Finding, SpecError

DEFAULT_SPEC = Path("spec")
DEFAULT_OUT = Path("generated")
DEFAULT_PACKAGE = "kling_client"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("generate", "render the client package into --out"),
        ("check", "exit 1 with a diff when --out is stale"),
    ):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("spec", nargs="*", type=Path, help="spec files or folders (default: spec/)")
        cmd.add_argument("--out", type=Path, default=DEFAULT_OUT)
        cmd.add_argument("--package-name", default=DEFAULT_PACKAGE)
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
    serve = sub.add_parser("serve", help="run the local fake Kling server on 127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--spec", type=Path, default=DEFAULT_OUT / "openapi.augmented.yaml")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        result: int = _COMMANDS[args.command](args)
        return result
    except SpecError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    except RecursionError:
        sys.stderr.write("<spec>:0: the spec is nested too deeply to process\n")
        return 2
    except KeyboardInterrupt:
        return 130


def _specs(args: argparse.Namespace) -> list[Path]:
    return list(args.spec) or [DEFAULT_SPEC]


def _build(args: argparse.Namespace) -> tuple[dict[str, str], list[Finding]]:
    from . import yaml_emit
    from .cache import remember, seen
    from .load import load_sources, read_previous
    from .pipeline import augment, spec_hash
    from .release import plan_release
    from .validate import spawn_validator

    package_name = _package_name(args.package_name)
    sources = load_sources(_specs(args))
    # The validator runs beside the build, started before the heavy imports when these exact inputs
    # have not validated before; a structural error explains any failure after it.
    inputs = spec_hash(sources.raw_bytes)
    validator = None if seen("validated-input", inputs) else spawn_validator()
    spec = augment(sources, defer_validation=True, validator=validator)
    # Imported only now: openapi-python-client is the slowest import, and the validator overlaps it.
    from .client_model import build_client_model
    from .render import render_client

    try:
        previous = read_previous(args.out)
        augmented_yaml = yaml_emit.dump(spec.document)
        release = plan_release(previous, spec.document, "\n" + augmented_yaml)
        document = {
            **spec.document,
            "info": {**(spec.document.get("info") or {}), "x-codegen-client-version": release.version},
        }
        model = build_client_model(document, package_name=package_name, spec_hash=spec.spec_hash,
                                   source_map=spec.source_map)
        files = render_client(model, augmented_document=spec.document, overlay=spec.overlay,
                              changelog=release.changelog, augmented_yaml=augmented_yaml)
    except Exception:
        spec.validation.wait()
        raise
    spec.validation.wait()
    remember("validated-input", inputs)
    return files, list(spec.findings)


def _package_name(name: str) -> str:
    if not name.isidentifier() or name.startswith("_"):
        raise SpecError(f"--package-name {name!r} is not a valid Python package name")
    return name


def _generate(args: argparse.Namespace) -> int:
    from .write import write_tree

    files, findings = _build(args)
    write_tree(files, args.out)
    warnings = sum(1 for f in findings if f.level in ("error", "warning"))
    sys.stderr.write(f"wrote {len(files)} files to {args.out}; {warnings} warning(s) while reading the spec "
                     "(`python -m generator lint` lists everything the spec's author should fix)\n")
    return 0


def _check(args: argparse.Namespace) -> int:
    from .write import formatted_files, read_tree

    files, _ = _build(args)
    expected = formatted_files(files)
    actual = read_tree(args.out)
    out: list[str] = []
    for name in sorted(set(expected) | set(actual)):
        old, new = actual.get(name), expected.get(name)
        if old == new:
            continue
        out.extend(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                (new or "").splitlines(keepends=True),
                fromfile=f"{args.out}/{name}" if old is not None else "/dev/null",
                tofile=f"{args.out}/{name} (regenerated)" if new is not None else "/dev/null",
            )
        )
    if out:
        sys.stdout.write("".join(out))
        sys.stderr.write(f"{args.out} is stale: run `python -m generator generate` (or `make generate`)\n")
        return 1
    sys.stderr.write(f"{args.out} is up to date\n")
    return 0


def _extract(args: argparse.Namespace) -> int:
    from .pipeline import augment_paths
    from .render import dump_yaml

    spec = augment_paths(_specs(args))
    if args.format == "json":
        rows = [
            {"pointer": e.pointer, "keyword": e.keyword, "value": e.value, "evidence": e.evidence, "rule": e.rule}
            for e in spec.extractions
        ]
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(dump_yaml(spec.overlay, "constraints extracted from description prose"))
    return 0


def _lint(args: argparse.Namespace) -> int:
    from .lint import lint_spec
    from .pipeline import augment_paths

    findings = lint_spec(augment_paths(_specs(args)))
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
    from .diff import diff_documents, render_changes
    from .load import load_side
    from .pipeline import augment

    old = augment(load_side(args.old)).document
    new = augment(load_side(args.new)).document
    changes = diff_documents(old, new)
    sys.stdout.write(render_changes(changes, args.format))
    levels = {"ERR": ("ERR",), "WARN": ("ERR", "WARN")}.get(args.fail_on or "", ())
    return 1 if any(c.level in levels for c in changes) else 0


def _serve(args: argparse.Namespace) -> int:
    from . import fake_server

    argv = ["--port", str(args.port), "--spec", str(args.spec)]
    result: int = fake_server.main(argv)
    return result


_COMMANDS: dict[str, Any] = {
    "generate": _generate,
    "check": _check,
    "extract": _extract,
    "lint": _lint,
    "diff": _diff,
    "serve": _serve,
}
