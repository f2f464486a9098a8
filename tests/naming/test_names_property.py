"""Property-based: the generator emits correct code for any names (issue 12).

Hypothesis builds small OpenAPI 3.0 documents whose every name (schema, property,
parameter, tag, operationId, enum value, ``x-enum-varnames``) comes from a hostile
alphabet: keywords and soft keywords, builtins, dunders, leading digits, case and
NFKC twins, the names the generated modules and the runtime use, CLI flags,
punctuation, names that collide once sanitised, the empty string. Each document is
generated in process (``generator.pipeline.generate``); then every ``.py`` compiles,
``ruff check`` passes with the generated ``pyproject.toml``, the package imports in a
subprocess, a payload keyed by the spec's wire names round-trips through every
model (``Model.from_dict(d).to_dict() == d``) and every CLI command shows its ``--help``
(argparse refuses colliding flags). A ``SpecError`` is acceptable only
when it names ``file:line``. A handful of the outputs go through one ``mypy --strict``.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.pipeline import describe, generate
from generator.vocab.findings import SpecError

MAX_EXAMPLES = 30  # per property test; the file stays well under two minutes on two cores
MYPY_SAMPLE = 6  # generated packages collected for the one mypy --strict run
PYTHON = sys.executable
ROOT = Path(__file__).resolve().parents[2]

HOSTILE = (
    # keywords, soft keywords
    "class", "match", "type", "_", "case", "None", "lambda", "async",
    # builtins
    "list", "id", "print", "str", "dict", "object", "bytes",
    # dunders
    "__init__", "__class__", "__dict__",
    # leading digits
    "1abc", "2nd", "0",
    # case variants, NFKC twins
    "ABTest", "AbTest", "abtest", "ﬁle", "file", "Ａ", "a", "ｋｌｉｎｇ", "kling",
    # names of the generated modules and the runtime
    "Client", "Rule", "Callable", "ClassVar", "SyncAPIClient", "Unset", "UNSET", "T", "Mapping", "TypeVar",
    "attrs", "httpx", "self", "cls", "body", "task", "raw", "request_timeout", "extra_body", "timeout",
    "to_dict", "from_dict", "additional_properties", "models", "types", "errors",
    # CLI flags
    "help", "wait", "out", "poll-interval", "poll_interval", "wait-timeout",
    # punctuation
    "na-me", "a.b", "a b", "$x", "-", "...",
    # collisions after sanitising
    "name", "foo1bar", "foo_1bar", "c.a_b", "b_c.a", "straße", "strasse",
    # empty
    "",
)  # fmt: skip

BODY_TYPES = ("application/json", "application/json", "multipart/form-data", "application/x-www-form-urlencoded")
names = st.sampled_from(HOSTILE)
name_lists = st.lists(names, min_size=1, max_size=4, unique=True)


def _ref(name: str) -> str:
    return "#/components/schemas/" + name.replace("~", "~0").replace("/", "~1")


@st.composite
def property_schemas(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    kinds = ["string", "integer", "enum", "enum_varnames", "boolean"] + (["object", "array"] if depth == 0 else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "object":  # an inline object: its class is named after the model and the property
        fields = draw(st.lists(names, min_size=1, max_size=3, unique=True))
        return {"type": "object", "properties": {f: draw(property_schemas(depth + 1)) for f in fields}}
    if kind == "array":
        return {"type": "array", "items": draw(property_schemas(depth + 1))}
    if kind in ("enum", "enum_varnames"):
        values = draw(st.lists(names, min_size=1, max_size=4, unique=True))
        schema: dict[str, Any] = {"type": "string", "enum": values}
        if kind == "enum_varnames":
            schema["x-enum-varnames"] = draw(st.lists(names, min_size=len(values), max_size=len(values)))
        return schema
    return {"type": kind}


@st.composite
def object_schemas(draw: st.DrawFn) -> dict[str, Any]:
    fields = draw(name_lists)
    props = {f: draw(property_schemas()) for f in fields}
    for field in draw(st.lists(st.sampled_from(fields), unique=True, max_size=1)):
        props[field]["x-codegen-name"] = draw(names)  # a hand rename, as hostile as the rest
    required = draw(st.lists(st.sampled_from(fields), unique=True, max_size=2))
    schema: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        schema["required"] = required
    return schema


@st.composite
def plain_specs(draw: st.DrawFn) -> dict[str, Any]:
    """One to three operations (a POST with a body model and parameters, maybe a GET), hostile names everywhere."""
    schema_names = draw(st.lists(names, min_size=2, max_size=4, unique=True))
    schemas = {n: draw(object_schemas()) for n in schema_names}
    paths: dict[str, Any] = {}
    for index in range(draw(st.integers(1, 2))):
        params = []
        path_names = draw(st.lists(names, max_size=1))
        for location, group in (("query", draw(st.lists(names, max_size=3, unique=True))),
                                ("header", draw(st.lists(names, max_size=2, unique=True))),
                                ("cookie", draw(st.lists(names, max_size=1))),
                                ("path", path_names)):  # fmt: skip
            for n in group:
                param: dict[str, Any] = {"name": n, "in": location, "schema": draw(property_schemas())}
                if location == "path":
                    param["required"] = True
                params.append(param)
        path = f"/r{index}/{draw(names | st.sampled_from(['items', 'list', 'type', 'class']))}"
        path += "".join("/{" + n + "}" for n in path_names)
        operation: dict[str, Any] = {
            "operationId": draw(names),
            "tags": [draw(names)],
            "parameters": params,
            "requestBody": {"content": {draw(st.sampled_from(BODY_TYPES)): {"schema": {"$ref": _ref(schema_names[0])}}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": _ref(schema_names[1])}}}}},
        }  # fmt: skip
        if draw(st.booleans()):  # hand-named resource and method (``x-codegen-resource`` may be dotted)
            operation["x-codegen-resource"] = draw(names | st.sampled_from(["c.a_b", "b_c.a", "a..b", "wait.x"]))
            operation["x-codegen-method"] = draw(names)
        paths[path] = {"post": operation}
        if draw(st.booleans()):  # a GET beside it: its parameters only, the answer a model
            paths[path]["get"] = {"operationId": draw(names), "tags": [draw(names)], "parameters": params,
                                  "responses": operation["responses"]}  # fmt: skip
    return {
        "openapi": "3.0.3",
        "info": {"title": "names", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.test"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


@st.composite
def task_specs(draw: st.DrawFn) -> dict[str, Any]:
    """A task pair (POST P answers a task id and status, GET P/{id} reads it): ``create_and_wait`` takes the body
    fields as arguments, and the CLI makes flags of them."""
    fields = draw(st.lists(names, min_size=1, max_size=5, unique=True))
    body = {"type": "object", "properties": {f: draw(property_schemas()) for f in fields}}
    body_required = draw(st.lists(st.sampled_from(fields), unique=True, max_size=2))
    if body_required:
        body["required"] = body_required
    request, task = draw(st.lists(names.filter(bool), min_size=2, max_size=2, unique=True))
    resource = draw(st.sampled_from(["images", "jobs", "type", "list"]))
    task_schema = {
        "type": "object",
        "properties": {"task_id": {"type": "string"}, "task_status": {"type": "string",
                       "enum": ["submitted", "processing", "succeed", "failed"]}, **{
                       f: {"type": "string"} for f in draw(st.lists(names, max_size=2, unique=True))}},
    }  # fmt: skip
    answer = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": _ref(task)}}}}}
    id_name = draw(st.sampled_from(["id", "task_id", "class", "self"]))
    id_in = draw(st.sampled_from(["path", "path", "path", "query"]))  # query: the {id} of the path is undeclared
    paths: dict[str, Any] = {
        f"/v1/{resource}": {"post": {
            "operationId": draw(names), "tags": [draw(names)],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": _ref(request)}}}},
            "responses": answer}},
        f"/v1/{resource}/{{{id_name}}}": {"get": {
            "operationId": draw(names), "tags": [draw(names)],
            "parameters": [{"name": id_name, "in": id_in, "required": True, "schema": {"type": "string"}}],
            "responses": answer}},
    }  # fmt: skip
    if draw(st.booleans()):  # an operation named like the generated ``*_and_wait`` method
        paths[f"/v1/{resource}/extra"] = {"post": {"operationId": draw(st.sampled_from(
            ["create_and_wait", "generate_and_wait", "wait", "with_raw_response"])), "x-codegen-method": draw(
            st.sampled_from(["create_and_wait", "wait", "with_raw_response", "get"])), "responses": answer}}  # fmt: skip
    return {
        "openapi": "3.0.3",
        "info": {"title": "tasks", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.test"}],
        "paths": paths,
        "components": {"schemas": {request: body, task: task_schema}},
    }


# --------------------------------------------------------------------------- checking one document

_counter = itertools.count()
EXAMPLES_RUN: dict[str, int] = {}

_ROUND_TRIP = r"""
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
failures = []
for module, cls, payload in json.loads(sys.argv[2]):
    try:
        model = getattr(importlib.import_module(module), cls)
        back = model.from_dict(payload).to_dict()
    except BaseException as exc:
        failures.append(f"{cls}: {type(exc).__name__}: {exc}")
        continue
    if back != payload:
        failures.append(f"{cls}: {payload!r} came back as {back!r}")
package = importlib.import_module(sys.argv[3])
import pkgutil
for info in pkgutil.walk_packages(package.__path__, sys.argv[3] + "."):
    try:
        importlib.import_module(info.name)
    except BaseException as exc:
        failures.append(f"import {info.name}: {type(exc).__name__}: {exc}")
import contextlib, io
cli = importlib.import_module(sys.argv[3] + ".__main__")
for task in cli.TASKS:  # every task command's --help: argparse refuses flags that collide
    sys.argv[1:] = [*task.words, task.create, "--help"]
    shown = io.StringIO()
    try:
        with contextlib.redirect_stdout(shown), contextlib.redirect_stderr(shown):
            code = cli.run()
    except SystemExit as exc:
        code = exc.code
    if code not in (0, None):
        failures.append(f"{sys.argv[1:]}: exit {code}: {shown.getvalue()[-1500:]}")
    missing = [o.flag for o in task.options if o.flag.startswith("--") and o.flag not in shown.getvalue()]
    if missing:
        failures.append(f"{sys.argv[1:]}: --help does not show {missing}")
print(json.dumps(failures))
"""


def _value(schema: dict[str, Any]) -> Any:
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("type") == "object":
        return {k: _value(v) for k, v in schema["properties"].items()}
    if schema.get("type") == "array":
        return [_value(schema["items"])]
    return {"string": "text", "integer": 7, "boolean": True}.get(schema.get("type", ""), "text")


def _payloads(document: dict[str, Any], spec_path: Path, package: str) -> list[tuple[str, str, dict[str, Any]]]:
    """For every model built from a component schema: (module, class, a payload keyed by the spec's wire names)."""
    model = describe([spec_path], package)
    schemas = document["components"]["schemas"]
    out = []
    for view in model.models:
        name = next((n for n in schemas if view.pointer == _ref(n)[1:]), None)
        if name is None:
            continue
        props = schemas[name].get("properties", {})
        out.append((f"{package}.models.{view.module}", view.class_name, {k: _value(v) for k, v in props.items()}))
    return out


def check_document(document: dict[str, Any], label: str, collect: Path | None = None) -> None:
    """Generate ``document`` and check the package; ``collect``: copy it there (for the mypy run)."""
    EXAMPLES_RUN[label] = EXAMPLES_RUN.get(label, 0) + 1
    package = f"names_{next(_counter)}"
    with tempfile.TemporaryDirectory(prefix="naming-") as tmp:
        work = Path(tmp)
        spec_path = work / "spec.json"
        spec_path.write_text(json.dumps(document, indent=1), encoding="utf-8")
        out = work / "out"
        try:
            generate([spec_path], out, package)
        except SpecError as error:
            assert re.match(r".+:\d+: ", str(error)), f"a SpecError without file:line: {error}"
            return
        package_dir = out / package
        for path in package_dir.rglob("*.py"):
            compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
        ruff = subprocess.run(
            [str(Path(PYTHON).parent / "ruff"), "check", "--no-cache", "--config", str(out / "pyproject.toml"), "."],
            cwd=out, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert ruff.returncode == 0, ruff.stdout[-3000:]
        payloads = _payloads(document, spec_path, package)
        assert payloads, "no model came from the component schemas"
        proc = subprocess.run(
            [PYTHON, "-c", _ROUND_TRIP, str(out), json.dumps(payloads), package],
            capture_output=True, text=True, check=False, cwd=work,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-3000:]
        failures = json.loads(proc.stdout.strip().splitlines()[-1])
        assert not failures, "\n".join(failures[:20])
        if collect is not None:
            shutil.copytree(package_dir, collect / package)


def _document(paths: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "regression", "version": "1.0.0"},
            "servers": [{"url": "https://api.example.test"}], "paths": paths, "components": {"schemas": schemas}}  # fmt: skip


def _answer(schema: str) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": _ref(schema)}}}}}


def _body(schema: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": {"$ref": _ref(schema)}}}}


_TASK: dict[str, Any] = {
    "type": "object",
    "properties": {"task_id": {"type": "string"}, "task_status": {"type": "string"}},
}
_CLASS: dict[str, Any] = {"type": "object", "properties": {"class": {"type": "string"}}}

# Bug 1: the enum of schema ``ClassVar`` was ``ClassVarClass``, its field annotated ``ClassVarClass | ...``, and
# attrs takes an annotation text starting with ``ClassVar`` for a class variable: no field, from_dict failed.
CLASSVAR_ENUM = _document(
    {"/r0/items": {"post": {"operationId": "class", "requestBody": _body("ClassVar"), "responses": _answer("class")}}},
    {"ClassVar": {"type": "object", "properties": {"class": {"type": "string", "enum": ["class"]}}}, "class": _CLASS},
)
# Bug 1 again: a task model named ``ClassVar``: its fields' annotations did not start with ClassVar, but those of
# the request and answer models holding it as ``ClassVar_ | None`` would.
CLASSVAR_TASK = _document(
    {"/v1/images": {"post": {"operationId": "class", "requestBody": _body("class"), "responses": _answer("ClassVar")}},
     "/v1/images/{id}": {"get": {"operationId": "class", "responses": _answer("ClassVar"), "parameters": [
         {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]}}},
    {"class": _CLASS, "ClassVar": {**_TASK, "properties": {**_TASK["properties"], "task_result": {
        "$ref": _ref("ClassVarResult")}}}, "ClassVarResult": _CLASS},
)  # fmt: skip
# Bug 2: the task get's id declared as a query parameter beside an undeclared ``{id}``: get() took a path argument
# and a required ``id``, and the generated wait() called get(task_id) without it (mypy: missing named argument).
ID_IN_QUERY = _document(
    {"/v1/jobs": {"post": {"operationId": "create", "requestBody": _body("Req"), "responses": _answer("Job")}},
     "/v1/jobs/{id}": {"get": {"operationId": "get", "responses": _answer("Job"), "parameters": [
         {"name": "id", "in": "query", "required": True, "schema": {"type": "string"}}]}}},
    {"Req": {"type": "object", "properties": {"body": {"type": "string"}, "task": {"type": "string"}}}, "Job": _TASK},
)  # fmt: skip


PROPERTY = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@PROPERTY
@given(plain_specs())
@example(CLASSVAR_ENUM)
def test_any_names_in_plain_specs(document: dict[str, Any]) -> None:
    check_document(document, "plain")


@PROPERTY
@given(task_specs())
@example(CLASSVAR_TASK)
@example(ID_IN_QUERY)
def test_any_names_in_task_specs(document: dict[str, Any]) -> None:
    check_document(document, "task")


def test_mypy_strict_over_a_sample(tmp_path: Path) -> None:
    """A few documents of both shapes (drawn deterministically), generated into one folder, one mypy run."""
    documents: list[dict[str, Any]] = []

    @settings(max_examples=MYPY_SAMPLE, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(st.one_of(plain_specs(), task_specs()))
    def draw(document: dict[str, Any]) -> None:
        documents.append(document)

    draw()
    for document in [ID_IN_QUERY, *documents[-MYPY_SAMPLE:]]:  # bug 2 showed only under mypy
        check_document(document, "mypy", collect=tmp_path)
    packages = sorted(str(p) for p in tmp_path.iterdir() if p.is_dir())
    assert len(packages) >= 2, "too few documents generated to type-check"
    proc = subprocess.run(
        [PYTHON, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", str(tmp_path / ".mypy"), *packages],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_a_task_get_requiring_more_than_the_id_is_no_task_pair(tmp_path: Path) -> None:
    """Bug 2: wait() calls get(task_id) alone, so a get that requires another argument cannot be a task's."""
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(ID_IN_QUERY), encoding="utf-8")
    model = describe([spec], "regression")
    assert [r.task for r in model.resources] == [None]
    assert any(f.code == "task-pair-mismatch" and "'id'" in f.message for f in model.findings)
