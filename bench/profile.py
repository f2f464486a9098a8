"""Where the time goes: profile one stage of the generator, in a subprocess.

``python -m bench.profile generate [--ops N]`` (bundled spec, or a synthetic
spec of N operations), ``python -m bench.profile check``: runs it under cProfile and prints the top functions by
cumulative and by own time, the time in subprocesses (ruff), and for
``--importtime`` the slowest imports. cProfile inflates call-heavy pure-Python
code (ruamel.yaml's pure parser above all) several times over, so
``python -m bench.profile stages [--ops N]`` also times the pipeline's stages
without a profiler, by wrapping the stage functions of a real ``generate`` run.
``python -m bench.profile client [N]`` profiles N calls of the generated
client's ``images.generate`` against ``bench._echo_server``. Nothing here is part of ``python -m bench``;
it is what to run when a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import pstats
import sys
import tempfile
from pathlib import Path

from ._util import PYTHON, ROOT, child_env, run_measured, tail
from .imports import parse_importtime
from .synth import write_spec


def _target(args: argparse.Namespace, tmp: Path) -> list[str]:
    specs: list[str] = []
    if args.ops:
        specs = [str(write_spec(args.ops, tmp / f"synth-{args.ops}.yaml"))]
    out = tmp / "out"
    if args.stage == "check":
        # check needs an up-to-date folder to compare with
        run_measured([PYTHON, "-m", "generator", "generate", *specs, "--out", str(out)])
    return ["-m", "generator", args.stage, *specs, "--out", str(out)]


def _print_stats(path: Path, limit: int, focus: str | None) -> None:
    stats = pstats.Stats(str(path), stream=sys.stdout)
    stats.strip_dirs()
    print(f"\n=== top {limit} by cumulative time ===")
    if focus:
        stats.sort_stats("cumulative").print_stats(focus, limit)
    else:
        stats.sort_stats("cumulative").print_stats(limit)
    print(f"\n=== top {limit} by own time ===")
    stats.sort_stats("tottime").print_stats(limit)
    print("\n=== subprocesses (ruff) ===")
    stats.sort_stats("cumulative").print_stats("subprocess.py.*run|communicate|_wait", 5)


# Stage functions, wrapped where their callers look them up (``module:attribute``).
# Nested ones overlap: each figure is inclusive. Missing names are skipped, so
# this keeps working while the generator changes.
STAGES = (
    "generator.load.files:parse_document",
    "generator.load.yaml_tree:parse_yaml",
    "generator.load:merge_documents",
    "generator.validate:check_references",
    "generator.validate:validate_document",
    "generator.augment:extract_constraints",
    "generator.augment:build_overlay",
    "generator.augment:apply_overlay",
    "generator.write:read_previous",
    "generator.release:plan_release",
    "generator.build:build_client_model",
    "generator.build:prepare_for_parser",
    "generator.build:parse_with_opc",
    "generator.render:render_client",
    "generator.render.yaml_emit:dump",
    "generator.lint:lint_spec",
    "generator.write:write_tree",
    "generator.write.tree:materialize",
    "generator.write.format:format_tree",
    "generator.write:formatted_files",
    "generator.write:is_current",
    "subprocess:run",
    "shutil:rmtree",
)


def stages(argv: list[str], json_path: Path | None = None) -> int:
    """Run ``python -m generator ARGV`` in this process with the stage functions timed."""
    import functools
    import importlib
    import time

    t0 = time.perf_counter()
    totals: dict[str, list[float]] = {}
    for spec in STAGES:
        module_name, attr = spec.split(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        original = getattr(module, attr, None)
        if original is None:
            continue

        def wrapper(*a: object, __f: object = original, __k: str = spec, **kw: object) -> object:
            start = time.perf_counter()
            try:
                return __f(*a, **kw)  # type: ignore[operator]
            finally:
                entry = totals.setdefault(__k, [0.0, 0])
                entry[0] += time.perf_counter() - start
                entry[1] += 1

        setattr(module, attr, functools.wraps(original)(wrapper))
    from generator.cli import main as cli_main

    t_imports = time.perf_counter() - t0
    t1 = time.perf_counter()
    code = cli_main(argv)
    total = time.perf_counter() - t1
    if json_path is not None:
        json_path.write_text(
            json.dumps({"imports": t_imports, "main": total, "exit": code, "stages": totals}), encoding="utf-8"
        )
        return 0
    print(f"imports before main: {t_imports * 1000:.0f} ms; main: {total:.3f} s; exit {code}")
    print("inclusive time per stage function (nested ones overlap):")
    for spec in STAGES:
        if spec in totals:
            seconds, calls = totals[spec]
            print(f"  {seconds:8.3f} s  {seconds / total:6.1%}  {int(calls):4d}×  {spec}")
    return 0


CLIENT_SCRIPT = """
import cProfile, pstats, sys
from kling_client import Client
from bench._client_worker import ARGS
client = Client(api_key="bench-key", base_url=sys.argv[1])
for _ in range(200):
    client.images.generate(**ARGS)
profile = cProfile.Profile()
profile.enable()
for _ in range(int(sys.argv[2])):
    client.images.generate(**ARGS)
profile.disable()
stats = pstats.Stats(profile, stream=sys.stdout).strip_dirs()
print("=== by own time ===")
stats.sort_stats("tottime").print_stats(25)
print("=== kling_client functions by cumulative time ===")
full = pstats.Stats(profile, stream=sys.stdout)
full.sort_stats("cumulative").print_stats("/kling_client/|<attrs generated", 30)
"""


def client(requests: int) -> int:
    """Profile ``client.images.generate`` against ``bench._echo_server``."""
    from .client import copy_generated_package, fake_server

    with tempfile.TemporaryDirectory(prefix="kling-profile-") as name:
        tmp = Path(name)
        site = copy_generated_package(tmp)
        with fake_server(tmp) as url:
            result = run_measured(
                [PYTHON, "-c", CLIENT_SCRIPT, url, str(requests)], cwd=ROOT, env=child_env(pythonpath=[site, ROOT])
            )
        print(result.stdout)
        if result.returncode != 0:
            print(tail(result.stderr, 20))
            return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["client"]:
        return client(int(argv[1]) if len(argv) > 1 else 3000)
    if argv[:1] == ["stages"]:
        sub = argparse.ArgumentParser(prog="python -m bench.profile stages")
        sub.add_argument("--ops", type=int, default=0)
        sub.add_argument("--command", default="generate", choices=("generate", "check"))
        sub.add_argument("--out", type=Path, default=None, help="output folder (default: a fresh temporary one)")
        sub.add_argument("--spec", type=Path, action="append", default=[], help="spec file (instead of --ops)")
        sub.add_argument("--json", type=Path, default=None, help="write the figures here as JSON instead")
        opts = sub.parse_args(argv[1:])
        with tempfile.TemporaryDirectory(prefix="kling-stages-") as name:
            specs = [str(p) for p in opts.spec]
            if opts.ops:
                specs.append(str(write_spec(opts.ops, Path(name) / f"synth-{opts.ops}.yaml")))
            out = opts.out or Path(name) / "out"
            return stages([opts.command, *specs, "--out", str(out)], opts.json)
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=("generate", "check"))
    parser.add_argument("--ops", type=int, default=0, help="use a synthetic spec of this many operations")
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--focus", default=None, help="regex restricting the cumulative listing")
    parser.add_argument("--importtime", action="store_true", help="also list the slowest imports")
    parser.add_argument("--save", type=Path, default=None, help="keep the .prof file here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kling-profile-") as name:
        tmp = Path(name)
        target = _target(args, tmp)
        prof = args.save or tmp / "run.prof"
        plain = run_measured([PYTHON, *target], cwd=ROOT, env=child_env())
        print(
            f"plain run: {plain.wall:.3f} s wall, {plain.cpu:.3f} s CPU, {plain.maxrss_mib:.0f} MiB peak, exit {plain.returncode}"
        )
        if plain.returncode not in (0, 1):
            print(tail(plain.stderr, 20))
            return 1
        profiled = run_measured([PYTHON, "-m", "cProfile", "-o", str(prof), *target], cwd=ROOT, env=child_env())
        print(f"under cProfile: {profiled.wall:.3f} s wall")
        _print_stats(prof, args.limit, args.focus)
        if args.importtime:
            result = run_measured([PYTHON, "-X", "importtime", *target], cwd=ROOT, env=child_env())
            rows = parse_importtime(result.stderr)
            print("\n=== slowest imports (cumulative, top level) ===")
            for _self, cum, depth, module in sorted((r for r in rows if r[2] <= 1), key=lambda r: -r[1])[:20]:
                print(f"{cum / 1000:8.1f} ms  {'  ' * depth}{module}")
            total = sum(r[0] for r in rows) / 1000
            print(f"all imports: {total:.1f} ms self time in total, {len(rows)} modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())


# Stages that do not contain one another, for a one-line summary (derived ones are computed below).
_SUMMARY = (
    ("generator.load.yaml_tree:parse_yaml", "YAML parsing"),
    ("generator.validate:validate_document", "spec validation"),
    ("generator.augment:extract_constraints", "extraction"),
    ("generator.augment:apply_overlay", "overlays"),
    ("generator.build:prepare_for_parser", "prepare_for_parser"),
    ("generator.build:parse_with_opc", "openapi-python-client parsing"),
    ("generator.render.yaml_emit:dump", "YAML dumps"),
    ("generator.write.tree:materialize", "writing files"),
    ("generator.write.format:format_tree", "ruff (2 runs)"),
    ("shutil:rmtree", "removing the old output"),
)


def stage_summary(args: list[str], env: dict[str, str], tmp: Path, top: int = 7) -> str:
    """Run ``python -m bench.profile stages ARGS`` and describe where the time went, in one sentence."""
    out = tmp / "stages.json"
    result = run_measured([PYTHON, "-m", "bench.profile", "stages", *args, "--json", str(out)], env=env)
    if result.returncode != 0 or not out.is_file():
        return f"stage timer failed: {tail(result.stderr, 3)}"
    data = json.loads(out.read_text(encoding="utf-8"))
    stages_ = {k: v[0] for k, v in data["stages"].items()}
    parts = [(seconds, label) for key, label in _SUMMARY if (seconds := stages_.get(key, 0.0)) > 0]
    render_rest = stages_.get("generator.render:render_client", 0.0)
    parts.append((render_rest, "template rendering"))
    model_rest = (
        stages_.get("generator.build:build_client_model", 0.0)
        - stages_.get("generator.build:prepare_for_parser", 0.0)
        - stages_.get("generator.build:parse_with_opc", 0.0)
    )
    parts.append((model_rest, "client model (rest)"))
    parts.append((data["imports"], "imports"))
    whole = data["imports"] + data["main"]
    parts.sort(reverse=True)

    def span(seconds: float) -> str:
        return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"

    shown = ", ".join(f"{label} {span(seconds)} ({seconds / whole:.0%})" for seconds, label in parts[:top])
    return f"imports + main {span(whole)} in-process: {shown}"
