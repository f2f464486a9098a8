"""Hostile and broken specs: the generator either emits inert, type-correct code or rejects cleanly.

Every case named in ``expected.yaml`` (small ones committed under ``cases/``, big
ones written by ``make_cases.write_large`` at test time) is run through
``python -m generator generate CASE --out <scratch>/out`` in a subprocess capped
at 1 GB of address space, with a sentinel file already in ``out``:

* ``reject``: exit 2, first stderr line ``file:line: message`` naming the case
  file (and the expected line / message when given), ``out`` untouched, no
  traceback;
* ``generate``: exit 0, no traceback, every ``.py`` compiles, no spec text turned
  into a call of ``system``/``__import__``/``open``..., one ``mypy --strict`` run
  over all generated packages together (each has its own ``--package-name``),
  every module imported in a subprocess, no canary file created, Jinja
  payloads printed literally and never evaluated.

For all cases: nothing outside ``out`` changes (the scratch folder, the case
file, the repo's ``spec/`` and ``generated/``); a local file named only by a
``$ref`` never shows up in messages or output (``forbidden_output``), and nothing
connects to a port named only by a ``$ref`` (``listens``). A separate check
compares the generated enum members with the spec's enum values.

The corpus is generated once per session, in parallel (under pytest-xdist the
first worker runs it and the others read its results), so mypy runs once.
Known generator bugs are strict xfails whose reasons start with ``BUG:``.
"""

from __future__ import annotations

import ast
import fcntl
import hashlib
import json
import os
import re
import resource
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.hostile import make_cases

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CASES = HERE / "cases"

PYTHON = sys.executable
MEMORY_LIMIT = 1 << 30  # 1 GB of address space for every child
HANG_GUARD = 180  # seconds; a hang guard only, not a timing assertion (the contract's 10 s is reported, not asserted)
SENTINEL = "SENTINEL.txt"
SENTINEL_TEXT = "written by the test before the run; a rejected spec must leave it alone\n"
STAMPED_PYPROJECT = "[tool.kling-codegen]\ninputs = 'old'\n"
FIRST_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<message>.+)$")
CANARY_NAMES = ("HOSTILE_CANARY", "HOSTILE_PWNED")
# Names a spec string must never become in generated (non-runtime) code.
FORBIDDEN_NAMES = frozenset({"system", "popen", "__import__", "exec", "eval", "execfile", "compile", "getattr"})
FORBIDDEN_CALLS = frozenset({"open", "print", "input", "breakpoint"})


def _load_expected() -> dict[str, dict[str, Any]]:
    raw = YAML(typ="safe", pure=True).load((HERE / "expected.yaml").read_text(encoding="utf-8"))
    out: dict[str, dict[str, Any]] = {}
    for name, value in raw.items():
        entry = {"outcome": value} if isinstance(value, str) else dict(value)
        assert entry["outcome"] in ("generate", "reject"), name
        out[name] = entry
    return out


EXPECTED = _load_expected()
LARGE_NAMES = {name for name, _ in make_cases.LARGE}


@dataclass
class Run:
    name: str
    index: int
    case_path: Path
    scratch: Path
    package: str
    cache: Path | None = None  # the generator's user cache (KLING_CODEGEN_CACHE), shared by the batch
    returncode: int | str = "not run"
    stderr: str = ""
    stdout: str = ""
    seconds: float = 0.0
    case_hash_before: str = ""
    problems: list[str] = field(default_factory=list)
    enums: dict[str, list[Any]] = field(default_factory=dict)  # enum classes of the generated package

    @property
    def out(self) -> Path:
        return self.scratch / "out"

    @property
    def package_dir(self) -> Path:
        return self.out / self.package


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _env(**extra: str) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1", **extra}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(root: Path, *, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    found: dict[str, str] = {}
    if not root.exists():
        return found
    for path in sorted(root.rglob("*")):
        if any(path == s or s in path.parents for s in skip) or "__pycache__" in path.parts:
            continue
        if path.is_symlink():
            found[path.relative_to(root).as_posix()] = "symlink:" + os.readlink(path)
        elif path.is_file():
            found[path.relative_to(root).as_posix()] = _sha(path)
    return found


def canaries(root: Path) -> list[str]:
    if not root.exists():
        return []
    return sorted(str(p) for p in root.rglob("*") if any(c in p.name for c in CANARY_NAMES))


def tmp_canaries() -> set[str]:
    return {str(p) for p in Path("/tmp").iterdir() if any(c in p.name for c in CANARY_NAMES)}


# --------------------------------------------------------------------------- running the batch


def _generate(run: Run) -> None:
    run.case_hash_before = _sha(run.case_path)
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [
                PYTHON,
                "-m",
                "generator",
                "generate",
                str(run.case_path),
                "--out",
                str(run.out),
                "--package-name",
                run.package,
            ],
            cwd=run.scratch,
            capture_output=True,
            text=True,
            errors="replace",
            env=_env(PYTHONPATH=str(ROOT), KLING_CODEGEN_CACHE=str(run.cache or "off")),
            preexec_fn=_limit_memory,
            timeout=HANG_GUARD,
            check=False,
        )
        run.returncode, run.stderr, run.stdout = proc.returncode, proc.stderr, proc.stdout
    except subprocess.TimeoutExpired as exc:
        run.returncode = "timeout"
        run.stderr = (exc.stderr or b"").decode(errors="replace") if isinstance(exc.stderr, bytes) else ""
    run.seconds = time.monotonic() - started


_IMPORT_SCRIPT = r"""
import enum, importlib, json, pkgutil, sys, traceback
name = sys.argv[1]
failures, enums = {}, {}
try:
    package = importlib.import_module(name)
    modules = [name] + [m.name for m in pkgutil.walk_packages(package.__path__, name + ".")]
except BaseException:
    modules, failures[name] = [], traceback.format_exc(limit=3)
for module in modules:
    try:
        loaded = importlib.import_module(module)
    except BaseException:
        failures[module] = traceback.format_exc(limit=3)
        continue
    for attr in vars(loaded).values():
        if isinstance(attr, type) and issubclass(attr, enum.Enum) and attr.__module__ == module:
            enums[f"{module}.{attr.__name__}"] = [m.value for m in attr]
print(json.dumps({"modules": modules, "failures": failures, "enums": enums}))
"""


def _import_all(run: Run) -> None:
    try:
        proc = subprocess.run(
            [PYTHON, "-c", _IMPORT_SCRIPT, run.package],
            cwd=run.scratch,
            capture_output=True,
            text=True,
            env=_env(PYTHONPATH=str(run.out)),
            preexec_fn=_limit_memory,
            timeout=HANG_GUARD,
            check=False,
        )
    except subprocess.TimeoutExpired:
        run.problems.append("importing the generated package hung")
        return
    try:
        report = json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        run.problems.append(f"import subprocess failed: rc={proc.returncode} {proc.stderr[-2000:]}")
        return
    if len(report["modules"]) < 3:
        run.problems.append(f"import found too few modules: {report['modules']}")
    for module, error in report["failures"].items():
        run.problems.append(f"importing {module} failed:\n{error[-1500:]}")
    run.enums = report["enums"]


def _compile_and_scan(run: Run) -> bool:
    ok = True
    for path in sorted(run.package_dir.rglob("*.py")):
        rel = path.relative_to(run.out).as_posix()
        source = path.read_bytes()
        try:
            tree = compile(source, str(path), "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
            compile(source, str(path), "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as exc:
            run.problems.append(f"{rel} does not compile: {exc}")
            ok = False
            continue
        if "/_runtime/" in f"/{rel}":
            continue  # copied verbatim from templates/runtime, no spec text reaches it
        for node in ast.walk(tree):
            name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
            if name in FORBIDDEN_NAMES:
                run.problems.append(f"{rel}:{getattr(node, 'lineno', 0)}: spec text became code: name {name!r}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
                run.problems.append(f"{rel}:{node.lineno}: spec text became code: call {node.func.id}()")
    return ok


def _mypy(runs: list[Run], cache: Path) -> None:
    if not runs:
        return
    config = cache / "mypy.ini"
    config.write_text("[mypy]\n")
    proc = subprocess.run(
        [
            PYTHON,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            str(config),
            "--cache-dir",
            str(cache / "cache"),
            "--no-error-summary",
            "--show-absolute-path",
            *(str(r.package_dir) for r in runs),
        ],
        cwd=cache,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=600,
        check=False,
    )
    by_dir = {str(r.package_dir) + "/": r for r in runs}
    unattributed = []
    for line in proc.stdout.splitlines() + proc.stderr.splitlines():
        if ": note:" in line or not line.strip():
            continue
        owner = next((r for prefix, r in by_dir.items() if line.startswith(prefix)), None)
        if owner is None:
            unattributed.append(line)
        else:
            owner.problems.append("mypy --strict: " + line[len(str(owner.out)) + 1 :])
    if proc.returncode not in (0, 1) or unattributed:
        for run in runs:
            run.problems.append(f"mypy failed to run (rc={proc.returncode}): {unattributed[:5]}")


@dataclass
class Batch:
    runs: dict[str, Run]
    root: Path
    repo_before: dict[str, str]
    tmp_canaries_before: set[str]
    connections: int  # connections made to make_cases.LISTEN_PORT while the corpus ran (-1: could not listen)


def _repo_digest() -> dict[str, str]:
    found = {}
    for sub in ("spec", "generated", "tests/hostile/cases"):
        found.update({f"{sub}/{k}": v for k, v in tree_digest(ROOT / sub).items()})
    return found


def _listen() -> socket.socket | None:
    # Another run on the machine may hold the port for a while (or leave it in TIME_WAIT): wait for it.
    deadline = time.monotonic() + 60
    while True:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", make_cases.LISTEN_PORT))
        except OSError:
            sock.close()
            if time.monotonic() > deadline:
                return None
            time.sleep(0.5)
            continue
        sock.listen(16)
        sock.setblocking(False)
        return sock


def _count_connections(sock: socket.socket | None) -> int:
    if sock is None:
        return -1  # the port was taken: the check cannot be made, so it must not pass
    count = 0
    while True:
        try:
            conn, _ = sock.accept()
        except OSError:
            break
        conn.close()
        count += 1
    sock.close()
    return count


def _run_batch(root: Path, mypy_cache: Path, large_dir: Path, codegen_cache: Path) -> Batch:
    large = make_cases.write_large(large_dir)
    repo_before = _repo_digest()
    before_tmp = tmp_canaries()
    runs: dict[str, Run] = {}
    for index, name in enumerate(sorted(EXPECTED)):
        case_path = large[name] if name in LARGE_NAMES else CASES / name
        scratch = root / f"c{index:03d}"
        (scratch / "out").mkdir(parents=True)
        (scratch / "out" / SENTINEL).write_text(SENTINEL_TEXT)
        # A folder an earlier run wrote (the stamp table), so generating may replace it.
        (scratch / "out" / "pyproject.toml").write_text(STAMPED_PYPROJECT)
        runs[name] = Run(
            name=name,
            index=index,
            case_path=case_path,
            scratch=scratch,
            package=f"hostile_{index:03d}",
            cache=codegen_cache,
        )
    secret = Path(make_cases.SECRET_FILE)
    secret.write_text(make_cases.SECRET_TOKEN + "\n")
    listener = _listen()
    try:
        workers = max(2, os.cpu_count() or 2)
        # Big cases first, so they do not serialise the tail of the batch.
        order = sorted(runs.values(), key=lambda r: (r.name not in LARGE_NAMES, r.name))
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(_generate, order))
    finally:
        secret.unlink(missing_ok=True)
        connections = _count_connections(listener)
    generated = [r for r in runs.values() if r.returncode == 0 and r.package_dir.is_dir()]
    compiled = [r for r in generated if _compile_and_scan(r)]
    _mypy(compiled, mypy_cache)
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(_import_all, compiled))
    timings = sorted(runs.values(), key=lambda r: -r.seconds)[:8]
    sys.stderr.write("\nslowest hostile cases: " + ", ".join(f"{r.name} {r.seconds:.1f}s" for r in timings) + "\n")
    return Batch(runs=runs, root=root, repo_before=repo_before, tmp_canaries_before=before_tmp, connections=connections)


def _save(batch: Batch, path: Path) -> None:
    data = {
        "runs": {
            n: {**asdict(r), "case_path": str(r.case_path), "scratch": str(r.scratch), "cache": str(r.cache)}
            for n, r in batch.runs.items()
        },
        "root": str(batch.root),
        "repo_before": batch.repo_before,
        "tmp_canaries_before": sorted(batch.tmp_canaries_before),
        "connections": batch.connections,
    }
    path.write_text(json.dumps(data))


def _load(path: Path) -> Batch:
    data = json.loads(path.read_text())
    runs = {
        n: Run(**{**r, "case_path": Path(r["case_path"]), "scratch": Path(r["scratch"]), "cache": Path(r["cache"])})
        for n, r in data["runs"].items()
    }
    return Batch(
        runs=runs,
        root=Path(data["root"]),
        repo_before=data["repo_before"],
        tmp_canaries_before=set(data["tmp_canaries_before"]),
        connections=data["connections"],
    )


@pytest.fixture(scope="session")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    """The corpus runs once per test session; under pytest-xdist the first worker runs it and the others load it."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    with open(shared / "hostile-batch.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = shared / "hostile-batch.json"
        if result.exists():
            return _load(result)
        work = shared / "hostile-batch"
        work.mkdir()
        (work / "cases").mkdir()
        (work / "mypy").mkdir()
        batch = _run_batch(work / "cases", work / "mypy", work / "large", work / "codegen-cache")
        _save(batch, result)
        return batch


# --------------------------------------------------------------------------- per-case checks


def _params() -> list[Any]:
    params = []
    for name, entry in sorted(EXPECTED.items()):
        marks = [pytest.mark.xfail(strict=True, reason=entry["xfail"])] if entry.get("xfail") else []
        params.append(pytest.param(name, marks=marks, id=name))
    return params


def _describe(run: Run) -> str:
    tail = "\n".join(run.stderr.strip().splitlines()[-6:])
    return f"\ncase {run.name} (exit {run.returncode}, {run.seconds:.1f}s), stderr:\n{tail[-3000:]}"


@pytest.mark.parametrize("name", _params())
def test_case(batch: Batch, name: str) -> None:
    run = batch.runs[name]
    entry = EXPECTED[name]
    info = _describe(run)
    assert run.returncode != "timeout", "generator hung" + info
    assert "Traceback (most recent call last)" not in run.stderr, "traceback" + info
    assert _sha(run.case_path) == run.case_hash_before, "the spec file itself was modified" + info

    # Nothing beside the output folder: only its lock file may appear in the scratch folder.
    extra = sorted(p.name for p in run.scratch.iterdir() if p.name not in ("out", ".out.lock"))
    assert not extra, f"files written outside the output folder: {extra}" + info
    assert not canaries(run.scratch), f"canary created: {canaries(run.scratch)}" + info
    if entry.get("listens"):
        assert batch.connections >= 0, f"could not listen on 127.0.0.1:{entry['listens']} to check" + info
        assert batch.connections == 0, f"the generator connected to 127.0.0.1:{entry['listens']}" + info
    for secret in entry.get("forbidden_output", []):
        assert secret not in run.stderr + run.stdout, f"{secret!r} leaked into the generator's messages" + info
        if run.out.is_dir():
            leaked = [p.name for p in run.out.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]
            assert not leaked, f"{secret!r} leaked into generated files {leaked}" + info

    if entry["outcome"] == "reject":
        assert run.returncode == 2, "expected a rejection (exit 2)" + info
        first = run.stderr.splitlines()[0] if run.stderr else ""
        match = FIRST_LINE.match(first)
        assert match, f"first stderr line is not `file:line: message`: {first!r}" + info
        assert Path(match["file"]).name == run.case_path.name, f"error names {match['file']!r}, not the case" + info
        assert int(match["line"]) >= 1, "line number must point into the file" + info
        if "line" in entry:
            assert int(match["line"]) == entry["line"], f"expected line {entry['line']}" + info
        if "message" in entry:
            assert entry["message"] in match["message"], f"expected message containing {entry['message']!r}" + info
        assert sorted(p.name for p in run.out.iterdir()) == [SENTINEL, "pyproject.toml"], "output folder changed" + info
        assert (run.out / SENTINEL).read_text() == SENTINEL_TEXT, "sentinel changed" + info
        return

    assert run.returncode == 0, "expected generated code (exit 0)" + info
    assert not (run.out / SENTINEL).exists(), "the old tree was not replaced as a whole" + info
    assert run.package_dir.is_dir(), "no package written" + info
    for path in run.out.rglob("*"):
        assert not path.is_symlink(), f"symlink in output: {path}"
        assert path.resolve().is_relative_to(run.out.resolve()), f"path escapes the output: {path}"
    assert not run.problems, "\n".join(run.problems[:40]) + info
    texts = [p.read_text(encoding="utf-8") for p in run.out.rglob("*") if p.suffix in (".py", ".md") and p.is_file()]
    for evaluated in make_cases.JINJA_EVALUATED:
        assert not any(evaluated in t for t in texts), f"Jinja in the spec was evaluated: {evaluated!r}" + info
    for literal in entry.get("survives", []):
        assert any(literal in t for t in texts), f"{literal!r} does not survive literally in code or README" + info
    if entry.get("findings"):
        # Read tolerantly, report loudly: what was renamed or dropped is a finding at the spec's line.
        lint = subprocess.run(
            [PYTHON, "-m", "generator", "lint", "--format", "json", str(run.case_path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=HANG_GUARD,
            check=False,
        )
        rows = json.loads(lint.stdout)
        for code in entry["findings"]:
            hits = [r for r in rows if r["code"] == code]
            assert hits, f"lint reports no {code!r}" + info
            assert all(r["line"] and Path(r["file"]).name == run.case_path.name for r in hits), hits


# --------------------------------------------------------------------------- corpus-wide checks


def test_corpus_is_complete() -> None:
    committed = {p.name for p in CASES.iterdir() if p.is_file()}
    assert committed | LARGE_NAMES == set(EXPECTED), "cases/ + large cases and expected.yaml disagree"
    assert len(EXPECTED) >= 45
    assert all(p.stat().st_size <= 200_000 for p in CASES.iterdir()), "commit no case over 200 kB"
    assert {e["outcome"] for e in EXPECTED.values()} == {"generate", "reject"}


def test_committed_cases_match_their_generator(tmp_path: Path) -> None:
    written = make_cases.write_static(tmp_path)
    for path in written:
        assert path.read_bytes() == (CASES / path.name).read_bytes(), f"re-run make_cases.py: {path.name}"


def _spec_enum_values(node: Any) -> list[Any]:
    found: list[Any] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("enum"), list):
                found.extend(item["enum"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def test_generated_enum_values_are_the_specs(batch: Batch) -> None:
    """Escaping must keep values intact: every generated enum member's value is one of the spec's enum values."""
    wrong: list[str] = []
    for run in batch.runs.values():
        augmented = run.out / "openapi.augmented.yaml"
        if not run.enums or not augmented.is_file():
            continue
        allowed = _spec_enum_values(YAML(typ="safe", pure=True).load(augmented.read_text(encoding="utf-8")))
        for cls, values in ((c, v) for c, v in run.enums.items() if ".models." in c):
            wrong.extend(f"{run.name}: {cls} = {v!r}" for v in values if v not in allowed)
    assert not wrong, "\n".join(wrong[:30])


def test_no_canary_anywhere(batch: Batch) -> None:
    assert not canaries(batch.root)
    assert not canaries(ROOT / "spec") and not canaries(ROOT / "generated")
    assert not any(any(c in p.name for c in CANARY_NAMES) for p in ROOT.iterdir())
    assert tmp_canaries() <= batch.tmp_canaries_before


def test_generator_cache_holds_only_fingerprints(batch: Batch) -> None:
    """The user cache is the one place outside --out the generator writes to: nothing there may be named by a spec."""
    cache = next(iter(batch.runs.values())).cache
    assert cache is not None
    names = [p.relative_to(cache).as_posix() for p in cache.rglob("*") if p.is_file()] if cache.exists() else []
    allowed = re.compile(
        r"^(validated/[0-9a-f]{64}|validated-input/[0-9a-f]{16}|jinja-[0-9.]+/__jinja2_[0-9a-f]+\.cache)$"
    )
    assert all(allowed.match(n) for n in names), [n for n in names if not allowed.match(n)][:10]
    assert not any(make_cases.SECRET_TOKEN.encode() in p.read_bytes() for p in cache.rglob("*") if p.is_file())


def test_repo_spec_and_generated_untouched(batch: Batch) -> None:
    after = _repo_digest()
    changed = sorted(k for k in set(after) | set(batch.repo_before) if after.get(k) != batch.repo_before.get(k))
    assert not changed, f"the corpus run changed files in the repository: {changed[:20]}"


def test_no_staging_or_backup_left_behind(batch: Batch) -> None:
    leftovers = sorted(str(p.relative_to(batch.root)) for p in batch.root.glob("c*/.*") if p.name != ".out.lock")
    assert not leftovers
