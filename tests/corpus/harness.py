"""The real-document corpus, run through our generator and through stock openapi-python-client.

Stage: tests (corpus). Input: ``tests/corpus/SOURCES.yaml`` (every committed
document with where it came from). Output: one ``Outcome`` per document: did
ours generate, how many operations it generated and skipped, whether the
package imports, the same for stock openapi-python-client (OPC, pinned in
pyproject.toml) on the same file, and wall time and peak RSS of each whole
process. ``python -m tests.corpus.harness`` (``make corpus``) runs everything
and writes ``tests/corpus/REPORT.md``; ``tests/corpus/test_corpus.py`` runs a
fixed sample in ``make test``.

OPC cannot read markdown, so an Apifox page is handed to it as the OpenAPI
block the page holds (what our loader reads), written to a temporary file.
OPC's operation count is the number of endpoint modules it writes under
``api/``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
PYTHON = sys.executable
OPC = str(Path(PYTHON).parent / "openapi-python-client")
HANG_GUARD = 600.0
_SUMMARY = re.compile(r"(?P<ops>\d+) operations, (?P<skipped>\d+) skipped")


@dataclass(frozen=True)
class Document:
    file: Path  # absolute
    kind: str
    openapi: str
    size: int
    operations: int = 0  # as SOURCES.yaml counts them

    @property
    def relative(self) -> str:
        return self.file.relative_to(ROOT).as_posix()

    @property
    def large(self) -> bool:
        return "/large/" in self.relative


@dataclass(frozen=True)
class Run:
    returncode: int
    wall: float
    rss_mib: float
    stderr: str


@dataclass
class Outcome:
    document: Document
    ours: Run
    ours_operations: int | None
    ours_skipped: int | None
    imports: str | None = None  # None: imported; else the error
    opc: Run | None = None
    opc_operations: int | None = None

    @property
    def generated(self) -> bool:
        return self.ours.returncode == 0

    @property
    def first_error(self) -> str:
        lines = [ln for ln in self.ours.stderr.splitlines() if ln.strip()]
        return lines[-1][:300] if lines else ""


def documents(*, large: bool | None = None) -> list[Document]:
    entries = YAML(typ="safe", pure=True).load((CORPUS / "SOURCES.yaml").read_text(encoding="utf-8"))
    found = []
    for entry in entries:
        path = ROOT / entry["file"]
        doc = Document(file=path, kind=str(entry.get("kind", "")), openapi=str(entry.get("openapi", "")),
                       size=path.stat().st_size, operations=int(entry.get("operations") or 0))  # fmt: skip
        if large is None or doc.large == large:
            found.append(doc)
    return found


def measured(cmd: Sequence[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd``; wall time and peak RSS (of the process or its largest waited-for child) from ``wait4``."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env or _env(), stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + HANG_GUARD
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
            time.sleep(0.02)
        wall = time.perf_counter() - start
        err.seek(0)
        return Run(returncode=os.waitstatus_to_exitcode(status), wall=wall, rss_mib=usage.ru_maxrss / 1024,
                   stderr=err.read().decode(errors="replace"))  # fmt: skip


def _env(pythonpath: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PATH"] = f"{Path(PYTHON).parent}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONHASHSEED"] = "0"
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


def package_name(index: int) -> str:
    return f"corpus_{index:03d}"


def run_ours(doc: Document, out: Path, package: str) -> tuple[Run, int | None, int | None]:
    run = measured([PYTHON, "-m", "generator", "generate", str(doc.file), "--out", str(out), "--package-name", package])
    found = _SUMMARY.search(run.stderr)
    if run.returncode != 0 or found is None:
        return run, None, None
    return run, int(found["ops"]), int(found["skipped"])


def opc_input(doc: Document, scratch: Path) -> Path:
    """The file stock OPC reads: the document itself, or a page's OpenAPI block(s) as one JSON file."""
    if doc.file.suffix.lower() not in (".md", ".markdown"):
        return doc.file
    import json

    from generator.load import parse_document

    try:
        data = parse_document(doc.file.read_bytes(), doc.relative).data
    except Exception:  # OPC gets the raw block text then, and fails or not on its own
        from generator.load.files import decode_text
        from generator.load.markdown import select_spec_blocks

        block = select_spec_blocks(decode_text(doc.file.read_bytes(), doc.relative), doc.relative)[0]
        target = scratch / "opc-input.yaml"
        target.write_text(block.text, encoding="utf-8")
        return target
    target = scratch / "opc-input.json"
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return target


def run_opc(doc: Document, scratch: Path) -> tuple[Run, int | None]:
    out = scratch / "opc-out"
    source = opc_input(doc, scratch)
    run = measured([OPC, "generate", "--path", str(source), "--output-path", str(out), "--meta", "none",
                    "--overwrite"], cwd=scratch)  # fmt: skip
    api = out / "api"
    if run.returncode != 0 or not api.is_dir():
        return run, None if run.returncode != 0 else 0
    return run, sum(1 for p in api.rglob("*.py") if p.name != "__init__.py")


def import_error(out: Path, package: str) -> str | None:
    """Import the package, its models and resources, and build a client: None, or the error."""
    code = (
        "import importlib, pkgutil\n"
        f"top = importlib.import_module({package!r})\n"
        f"for info in pkgutil.walk_packages(top.__path__, {package + '.'!r}):\n"
        "    if '._runtime' not in info.name and not info.name.endswith('__main__'):\n"
        "        importlib.import_module(info.name)\n"
        "top.Client(api_key='k', base_url='http://127.0.0.1:9').close()\n"
    )
    proc = subprocess.run([PYTHON, "-c", code], cwd=out, env=_env(out), capture_output=True, text=True,
                          timeout=HANG_GUARD, check=False)  # fmt: skip
    return None if proc.returncode == 0 else (proc.stderr.strip().splitlines() or ["?"])[-1][:300]


def ruff_problems(out: Path) -> str:
    proc = subprocess.run([PYTHON, "-m", "ruff", "check", "--no-cache", "."], cwd=out, capture_output=True,
                          text=True, check=False)  # fmt: skip
    return "" if proc.returncode == 0 else proc.stdout[-2000:]


def mypy_problems(outs: Iterable[tuple[Path, str]]) -> str:
    """One ``mypy --strict`` over several generated packages; "" when clean."""
    pairs = list(outs)
    if not pairs:
        return ""
    env = {**_env(), "MYPYPATH": os.pathsep.join(str(out) for out, _ in pairs)}
    args = [arg for _, package in pairs for arg in ("-p", package)]
    proc = subprocess.run([PYTHON, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # fmt: skip
    return "" if proc.returncode == 0 else proc.stdout[-4000:]


def run_one(index: int, doc: Document, scratch: Path, *, with_opc: bool) -> Outcome:
    work = scratch / f"d{index:03d}"
    work.mkdir(parents=True, exist_ok=True)
    out = work / "out"
    package = package_name(index)
    run, operations, skipped = run_ours(doc, out, package)
    outcome = Outcome(document=doc, ours=run, ours_operations=operations, ours_skipped=skipped)
    if run.returncode == 0:
        outcome.imports = import_error(out, package)
    if with_opc:
        outcome.opc, outcome.opc_operations = run_opc(doc, work)
    return outcome


def run_all(docs: Sequence[Document], scratch: Path, *, with_opc: bool, jobs: int = 2) -> list[Outcome]:
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(lambda item: run_one(item[0], item[1], scratch, with_opc=with_opc), enumerate(docs)))


def report(outcomes: Sequence[Outcome], mypy_note: str) -> str:
    generated = [o for o in outcomes if o.generated]
    opc_generated = [o for o in outcomes if o.opc is not None and o.opc.returncode == 0]
    both = [o for o in generated if o.opc is not None and o.opc.returncode == 0]
    refused_by_us_only = [o for o in outcomes if not o.generated and o in opc_generated]
    lines = [
        "# Corpus report",
        "",
        "Written by `make corpus` (`python -m tests.corpus.harness`): every document of `tests/corpus/SOURCES.yaml` "
        "through `python -m generator generate` and through stock openapi-python-client (pinned) on the same "
        "file. *ops* = operations generated (ours: methods; OPC: endpoint modules); wall time and peak RSS are "
        "of the whole process, cold.",
        "",
        f"- documents: {len(outcomes)}; ours generated {len(generated)}, OPC generated {len(opc_generated)}; "
        f"refused by ours but generated by OPC: {len(refused_by_us_only)}",
        f"- every package ours generated imports: {all(o.imports is None for o in generated)} "
        f"({sum(1 for o in generated if o.imports is not None)} failed to import)",
        f"- operations where both generated: ours {sum(o.ours_operations or 0 for o in both)}, "
        f"OPC {sum(o.opc_operations or 0 for o in both)}; ours skipped {sum(o.ours_skipped or 0 for o in generated)}",
        f"- mypy --strict: {mypy_note}",
        "",
        "| document | kind | OpenAPI | ours | ops | skipped | OPC | OPC ops | wall ours / OPC (s) | RSS ours / OPC (MiB) |",
        "|---|---|---|---|---:|---:|---|---:|---|---|",
    ]
    for o in outcomes:
        ours = "ok" if o.generated and o.imports is None else ("no import" if o.generated else "refused")
        opc = "n/a" if o.opc is None else ("ok" if o.opc.returncode == 0 else "failed")
        opc_wall = f"{o.opc.wall:.2f}" if o.opc is not None else "n/a"
        opc_rss = f"{o.opc.rss_mib:.0f}" if o.opc is not None else "n/a"
        lines.append(
            f"| `{o.document.relative}` | {o.document.kind} | {o.document.openapi} | {ours} | "
            f"{o.ours_operations if o.ours_operations is not None else '-'} | "
            f"{o.ours_skipped if o.ours_skipped is not None else '-'} | {opc} | "
            f"{o.opc_operations if o.opc_operations is not None else '-'} | {o.ours.wall:.2f} / {opc_wall} | "
            f"{o.ours.rss_mib:.0f} / {opc_rss} |"
        )
    refused = [o for o in outcomes if not o.generated]
    if refused:
        lines += ["", "## Refused (exit 2), with the first line of the message", ""]
        lines += [f"- `{o.document.relative}`: {o.first_error}" for o in refused]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.corpus.harness", description=__doc__.splitlines()[0])
    parser.add_argument("--no-opc", action="store_true", help="skip stock openapi-python-client")
    parser.add_argument("--small-only", action="store_true", help="leave out tests/corpus/large")
    parser.add_argument("--report", type=Path, default=CORPUS / "REPORT.md")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    docs = documents(large=False if args.small_only else None)
    with tempfile.TemporaryDirectory(prefix="kling-corpus-") as tmp:
        scratch = Path(tmp)
        outcomes = run_all(docs, scratch, with_opc=not args.no_opc, jobs=args.jobs)
        small = [(scratch / f"d{i:03d}" / "out", package_name(i)) for i, o in enumerate(outcomes)
                 if o.generated and not o.document.large]  # fmt: skip
        problems = [mypy_problems(small[i : i + 80]) for i in range(0, len(small), 80)]
        failed = [p for p in problems if p]
        mypy_note = "clean on every small package" if not failed else "PROBLEMS:\n```\n" + "\n".join(failed) + "\n```"
        ruff = [ruff_problems(scratch / f"d{i:03d}" / "out") for i, o in enumerate(outcomes) if o.generated]
        mypy_note += "; ruff check clean on every package" if not any(ruff) else "; ruff PROBLEMS"
    text = report(outcomes, mypy_note)
    args.report.write_text(text, encoding="utf-8")
    sys.stdout.write(text.split("\n| document")[0] + "\n")
    return 0 if all(o.imports is None for o in outcomes if o.generated) and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
