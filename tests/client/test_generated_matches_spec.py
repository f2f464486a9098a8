"""Nothing missing, nothing invented: the GENERATED package against the augmented spec.

Every check inspects the generated code itself (imported modules, ``attrs``
fields, ``inspect.signature`` and the AST of ``_client.py``), never the
templates. Each check runs twice: on the committed ``generated/kling_client``
and on a package regenerated into a temporary folder (``python -m generator
generate --out`` over a copy of the committed tree, loaded under an alias so
both live in one interpreter). A last test asserts the committed tree is byte
for byte what the generator produces today.
"""

from __future__ import annotations

import ast
import enum
import importlib
import importlib.util
import inspect
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

from generator.vocab.idl import Conditional, Group, parse_rule

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"
PACKAGE = "kling_client"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
# Keywords that become validation rules; ``type``/``nullable``/``required`` are handled beside them.
CONSTRAINT_KEYWORDS = (
    "enum",
    "maxLength",
    "minLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "maxItems",
    "minItems",
)
BOUND_OF = {"exclusiveMinimum": "minimum", "exclusiveMaximum": "maximum"}
GROUP_KINDS = {"Or": "or", "OnlyOne": "only_one", "AllOrNone": "all_or_none", "ZeroOrOne": "zero_or_one"}
CONDITION_OPS = {"set": "set", "unset": "unset", "eq": "==", "ne": "!="}
# Extra keyword-only arguments a method may have beyond the spec's fields.
TRANSPORT_KWARGS = {"timeout", "extra_headers", "extra_query", "extra_body"}
WAIT_KWARGS = {"wait_timeout", "poll_interval", "on_progress"}


# -- the spec -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spec_doc() -> dict[str, Any]:
    from generator.pipeline import augment_paths

    return augment_paths([ROOT / "spec"]).document


def _resolve(doc: Mapping[str, Any], schema: Any) -> dict[str, Any]:
    for _ in range(64):
        if not isinstance(schema, dict):
            return {}
        ref = schema.get("$ref")
        if not isinstance(ref, str):
            return schema
        node: Any = doc
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        schema = node
    raise AssertionError("$ref chain too long")


def _operations(doc: Mapping[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in doc["paths"].items():
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                yield method.upper(), path, item[method]


def _body_schema(doc: Mapping[str, Any], op: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(model class name, resolved schema) of an operation's JSON body, if it has one."""
    body = _resolve(doc, op.get("requestBody"))
    raw = ((body.get("content") or {}).get("application/json") or {}).get("schema")
    if raw is None:
        return None
    ref = raw.get("$ref") if isinstance(raw, dict) else None
    schema = _resolve(doc, raw)
    name = ref.rsplit("/", 1)[-1] if isinstance(ref, str) else schema.get("title")
    assert name, f"{op.get('operationId')}: request body schema has neither $ref nor title"
    return str(name), schema


def _api_params(doc: Mapping[str, Any], op: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Path/query/cookie parameters: the ones a caller passes as arguments (headers are the transport's)."""
    params = [_resolve(doc, p) for p in op.get("parameters") or []]
    return [p for p in params if p.get("in") != "header"]


def _python_name(param_or_prop: Mapping[str, Any], wire: str) -> str:
    return str(param_or_prop.get("x-codegen-name") or wire)


def _norm(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_norm(v) for v in value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _keyword_rules(field: str, schema: Mapping[str, Any], items: bool) -> list[tuple[Any, ...]]:
    """The rules a schema states for one field, derived independently of the generator."""
    out: list[tuple[Any, ...]] = []
    if isinstance(schema.get("type"), str):
        out.append((field, "type", schema["type"], items))
    for kw in CONSTRAINT_KEYWORDS:
        if kw not in schema:
            continue
        value = schema[kw]
        if kw in BOUND_OF and isinstance(value, bool):
            # OpenAPI 3.0: a boolean flag beside minimum/maximum; the rule carries the bound.
            if not value:
                continue
            value = schema[BOUND_OF[kw]]
        if kw in ("minimum", "maximum") and schema.get("exclusive" + kw[0].upper() + kw[1:]) is True:
            continue  # stated as the exclusive rule instead
        out.append((field, kw, _norm(value), items))
    return out


def _expected_property_rules(doc: Mapping[str, Any], field: str, prop: Any) -> list[tuple[Any, ...]]:
    schema = _resolve(doc, prop)
    out: list[tuple[Any, ...]] = []
    if schema.get("nullable") is True:
        out.append((field, "nullable", True, False))
    out.extend(_keyword_rules(field, schema, items=False))
    if schema.get("type") == "array" and schema.get("items") is not None:
        out.extend(_keyword_rules(field, _resolve(doc, schema["items"]), items=True))
    return out


def _expected_object_rules(doc: Mapping[str, Any], schema: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    out = [(name, "required", True, False) for name in schema.get("required") or []]
    for name, prop in (schema.get("properties") or {}).items():
        out.extend(_expected_property_rules(doc, name, prop))
    return out


def _rule_key(rule: Any) -> tuple[Any, ...]:
    return (rule.field, rule.keyword, _norm(rule.value), bool(getattr(rule, "items", False)))


# -- the generated package ---------------------------------------------------------------------


class Pkg:
    """One generated package: its modules, imported, and the AST of its client and resource modules."""

    def __init__(self, name: str, root: Path) -> None:
        self.name = name
        self.root = root
        self.top = importlib.import_module(name)
        self.models = importlib.import_module(f"{name}.models")
        self.client_ast = ast.parse((root / "_client.py").read_text(encoding="utf-8"))
        self.resource_modules: dict[str, ModuleType] = {}
        self.resource_asts: dict[str, ast.Module] = {}
        for path in sorted((root / "resources").glob("*.py")):
            if path.stem == "__init__":
                continue
            self.resource_modules[path.stem] = importlib.import_module(f"{name}.resources.{path.stem}")
            self.resource_asts[path.stem] = ast.parse(path.read_text(encoding="utf-8"))
        assert self.resource_modules, "no resource modules"

    def model_class(self, class_name: str) -> Any:
        cls = getattr(self.models, class_name, None)
        assert isinstance(cls, type), f"{self.name}.models has no class {class_name}"
        return cls

    def enum_classes(self) -> dict[str, type[enum.Enum]]:
        found: dict[str, type[enum.Enum]] = {}
        for mod_name, mod in list(sys.modules.items()):
            if not mod_name.startswith(f"{self.name}.models"):
                continue
            for attr, obj in vars(mod).items():
                if isinstance(obj, type) and issubclass(obj, enum.Enum) and obj.__module__ == mod_name:
                    found[attr] = obj
        return found

    def client(self, async_: bool = False) -> Any:
        cls = self.top.AsyncClient if async_ else self.top.Client
        return cls(api_key="test-key", base_url="http://127.0.0.1:9")

    def resource_class(self, class_name: str) -> tuple[ast.ClassDef, str]:
        for stem, tree in self.resource_asts.items():
            for node in tree.body:
                if isinstance(node, ast.ClassDef) and node.name == class_name:
                    return node, stem
        raise AssertionError(f"no resource class {class_name}")


def _load_alias(alias: str, pkg_dir: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        alias, pkg_dir / "__init__.py", submodule_search_locations=[str(pkg_dir)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[alias] = module
    spec.loader.exec_module(module)
    importlib.import_module(f"{alias}.models")
    for path in sorted((pkg_dir / "models").glob("*.py")):
        if path.stem != "__init__":
            importlib.import_module(f"{alias}.models.{path.stem}")


@pytest.fixture(scope="module")
def fresh_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Regenerate over a copy of the committed tree: the version and CHANGELOG are derived from
    # what the folder held before, so an empty folder would legitimately differ there.
    out = tmp_path_factory.mktemp("regen") / "out"
    shutil.copytree(GENERATED, out, ignore=shutil.ignore_patterns(".*", "__pycache__"))
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"generate failed:\n{proc.stdout}\n{proc.stderr}"
    return out


@pytest.fixture(scope="module", params=["committed", "fresh"])
def pkg(request: pytest.FixtureRequest) -> Pkg:
    if request.param == "committed":
        if str(GENERATED) not in sys.path:
            sys.path.insert(0, str(GENERATED))
        top = importlib.import_module(PACKAGE)
        assert Path(str(top.__file__)).resolve().parent == (GENERATED / PACKAGE).resolve()
        models_dir = GENERATED / PACKAGE / "models"
        for path in sorted(models_dir.glob("*.py")):
            if path.stem != "__init__":
                importlib.import_module(f"{PACKAGE}.models.{path.stem}")
        return Pkg(PACKAGE, GENERATED / PACKAGE)
    out: Path = request.getfixturevalue("fresh_out")
    alias = "kling_client_fresh_under_test"
    if alias not in sys.modules:
        _load_alias(alias, out / PACKAGE)
    return Pkg(alias, out / PACKAGE)


# -- AST of the client and resource modules ---------------------------------------------------


def _path_template(node: ast.expr) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    assert isinstance(node, ast.JoinedStr), ast.dump(node)
    parts: list[str] = []
    for piece in node.values:
        if isinstance(piece, ast.Constant):
            parts.append(str(piece.value))
        else:
            assert isinstance(piece, ast.FormattedValue)
            names = [n.id for n in ast.walk(piece.value) if isinstance(n, ast.Name) and n.id not in {"_quote", "str"}]
            assert len(names) == 1, f"path piece uses {names}"
            parts.append("{" + names[0] + "}")
    return "".join(parts)


def _kw(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _is_call_of(node: ast.AST, attr: str) -> bool:
    """``self._client.<attr>(...)``."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == attr
        and isinstance(node.func.value, ast.Attribute)
        and node.func.value.attr == "_client"
        and isinstance(node.func.value.value, ast.Name)
        and node.func.value.value.id == "self"
    )


def _endpoint_methods(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = _w.Endpoint(method="POST", ...)`` -> {NAME: "POST"}."""
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Attribute) and func.attr == "Endpoint":
                method = _kw(node.value, "method")
                assert isinstance(method, ast.Constant)
                found[node.targets[0].id] = str(method.value)  # type: ignore[attr-defined]
    return found


def _properties(cls: ast.ClassDef) -> dict[str, str]:
    """``@cached_property def <attr>(self) -> <Class>`` -> {attr: Class}."""
    found: dict[str, str] = {}
    for node in cls.body:
        if (
            isinstance(node, ast.FunctionDef)
            and node.decorator_list
            and isinstance(node.returns, ast.Name)
            and node.name != "with_raw_response"
        ):
            found[node.name] = node.returns.id
    return found


def _methods(cls: ast.ClassDef) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    return {
        n.name: n
        for n in cls.body
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and not n.name.startswith("_") and not n.decorator_list
    }


def _generated_operations(pkg: Pkg, client_class: str) -> tuple[set[tuple[str, str, str, str]], set[tuple[str, str]]]:
    """({(resource path, method name, HTTP method, path template)}, {(resource path, helper method)})."""
    client_cls = next(n for n in pkg.client_ast.body if isinstance(n, ast.ClassDef) and n.name == client_class)
    ops: set[tuple[str, str, str, str]] = set()
    helpers: set[tuple[str, str]] = set()
    todo = list(_properties(client_cls).items())
    while todo:
        attr, class_name = todo.pop()
        cls, stem = pkg.resource_class(class_name)
        endpoints = _endpoint_methods(pkg.resource_asts[stem])
        todo.extend((f"{attr}.{sub}", sub_cls) for sub, sub_cls in _properties(cls).items())
        for name, fn in _methods(cls).items():
            calls = [n for n in ast.walk(fn) if _is_call_of(n, "_call")]
            if not calls:
                helpers.add((attr, name))
                continue
            assert len(calls) == 1, f"{class_name}.{name} sends {len(calls)} requests"
            call = calls[0]
            assert isinstance(call, ast.Call)
            endpoint, path_node = call.args[0], _kw(call, "path")
            assert isinstance(endpoint, ast.Name) and path_node is not None
            ops.add((attr, name, endpoints[endpoint.id], _path_template(path_node)))
    return ops, helpers


def _spec_operations(doc: Mapping[str, Any]) -> set[tuple[str, str, str, str]]:
    expected = set()
    for method, path, op in _operations(doc):
        resource = op.get("x-codegen-resource")
        name = op.get("x-codegen-method") or op.get("operationId")
        assert resource and name, f"{method} {path}: no x-codegen-resource/x-codegen-method"
        template = path
        for param in _api_params(doc, op):
            if param.get("in") == "path":
                template = template.replace("{" + param["name"] + "}", "{" + _python_name(param, param["name"]) + "}")
        expected.add((str(resource), str(name), method, template))
    return expected


# -- operations -----------------------------------------------------------------------------------


@pytest.mark.parametrize("client_class", ["Client", "AsyncClient"])
def test_every_operation_has_a_method_and_no_method_lacks_one(
    pkg: Pkg, spec_doc: dict[str, Any], client_class: str
) -> None:
    expected = _spec_operations(spec_doc)
    actual, helpers = _generated_operations(pkg, client_class)
    assert expected, "the spec has no operations"
    missing, invented = expected - actual, actual - expected
    assert not missing, f"operations with no {client_class} method: {sorted(missing)}"
    assert not invented, f"{client_class} methods with no operation in the spec: {sorted(invented)}"

    # Methods that send nothing themselves are the task helpers, and only where the spec marks tasks.
    tasks = {
        (str(op.get("x-codegen-resource")), str(op.get("x-codegen-task")), str(op.get("x-codegen-method")))
        for _, _, op in _operations(spec_doc)
        if op.get("x-codegen-task")
    }
    allowed: set[tuple[str, str]] = set()
    for resource, kind, method in tasks:
        if kind == "get":
            allowed.add((resource, "wait"))
        if kind == "create" and any(r == resource and k == "get" for r, k, _ in tasks):
            allowed.add((resource, f"{method}_and_wait"))
    assert helpers <= allowed, f"{client_class} helper methods not backed by the spec: {sorted(helpers - allowed)}"
    assert allowed <= helpers, f"task helpers the spec calls for but {client_class} lacks: {sorted(allowed - helpers)}"

    # The runtime objects agree with the AST.
    client = pkg.client(async_=client_class == "AsyncClient")
    for resource, name, _, _ in expected:
        assert callable(getattr(getattr(client, resource), name))


# -- request bodies: keyword arguments and attrs fields --------------------------------------------


def _body_operations(doc: Mapping[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """[(resource, method name, model class name, resolved body schema)]."""
    out = []
    for _, _, op in _operations(doc):
        found = _body_schema(doc, op)
        if found is not None:
            out.append((str(op["x-codegen-resource"]), str(op["x-codegen-method"]), found[0], found[1]))
    return out


def _kw_params(fn: Any) -> dict[str, inspect.Parameter]:
    return {n: p for n, p in inspect.signature(fn).parameters.items() if p.kind is inspect.Parameter.KEYWORD_ONLY}


@pytest.mark.parametrize("async_", [False, True], ids=["sync", "async"])
def test_body_properties_are_exactly_the_method_keywords(pkg: Pkg, spec_doc: dict[str, Any], async_: bool) -> None:
    bodies = _body_operations(spec_doc)
    assert bodies, "the spec has no request body"
    client = pkg.client(async_=async_)
    for resource, method, _, schema in bodies:
        props = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        expected = {_python_name(p, name): name in required for name, p in props.items()}
        for fn_name, extras in ((method, TRANSPORT_KWARGS), (f"{method}_and_wait", TRANSPORT_KWARGS | WAIT_KWARGS)):
            fn = getattr(getattr(client, resource), fn_name, None)
            if fn is None:
                continue
            params = _kw_params(fn)
            actual = {n: p.default is inspect.Parameter.empty for n, p in params.items() if n not in extras}
            assert set(actual) == set(expected), (
                f"{resource}.{fn_name}: missing {sorted(set(expected) - set(actual))}, "
                f"invented {sorted(set(actual) - set(expected))}"
            )
            wrong = {n for n in expected if expected[n] != actual[n]}
            assert not wrong, f"{resource}.{fn_name}: required-ness differs from the spec for {sorted(wrong)}"
            assert extras >= set(params) - set(expected)


def test_body_properties_are_exactly_the_model_fields(pkg: Pkg, spec_doc: dict[str, Any]) -> None:
    for _, _, class_name, schema in _body_operations(spec_doc):
        cls = pkg.model_class(class_name)
        # ``additional_properties`` keeps keys the spec does not list (sent as given).
        fields = {f.name: f for f in attrs.fields(cls) if f.init and f.name != "additional_properties"}
        props = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        expected = {_python_name(p, name): name in required for name, p in props.items()}
        assert set(fields) == set(expected), (
            f"{class_name}: missing {sorted(set(expected) - set(fields))}, "
            f"invented {sorted(set(fields) - set(expected))}"
        )
        for name, is_required in expected.items():
            has_default = fields[name].default is not attrs.NOTHING
            assert has_default is not is_required, f"{class_name}.{name}: required={is_required} in the spec"


def test_path_and_query_parameters_are_method_arguments(pkg: Pkg, spec_doc: dict[str, Any]) -> None:
    client = pkg.client()
    for _, _, op in _operations(spec_doc):
        params = _api_params(spec_doc, op)
        fn = getattr(getattr(client, op["x-codegen-resource"]), op["x-codegen-method"])
        sig = inspect.signature(fn).parameters
        body = _body_schema(spec_doc, op)
        body_names = {_python_name(p, n) for n, p in ((body[1].get("properties") or {}) if body else {}).items()}
        expected = {_python_name(p, p["name"]): bool(p.get("required")) for p in params}
        actual = {
            n: p.default is inspect.Parameter.empty
            for n, p in sig.items()
            if n not in body_names and n not in TRANSPORT_KWARGS
        }
        assert actual == expected, f"{op['x-codegen-method']}: arguments {actual} but spec parameters {expected}"


# -- enums ---------------------------------------------------------------------------------------


def _reachable_schemas(doc: Mapping[str, Any]) -> set[str]:
    """Component schema names the operations use, directly or through other schemas (what gets a model)."""
    prefix = "#/components/schemas/"
    seen: set[str] = set()
    todo: list[Any] = [doc.get("paths")]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(prefix) and ref[len(prefix) :] not in seen:
                name = ref[len(prefix) :]
                seen.add(name)
                todo.append(doc["components"]["schemas"][name])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return seen


def _enum_sites(doc: Mapping[str, Any]) -> list[tuple[str, str, tuple[Any, ...]]]:
    """(model class, python field name, enum values) for every enum in a modelled schema."""
    sites: list[tuple[str, str, tuple[Any, ...]]] = []
    objects = [(class_name, schema) for _, _, class_name, schema in _body_operations(doc)]
    used = _reachable_schemas(doc)
    objects += [
        (name, _resolve(doc, s)) for name, s in (doc.get("components", {}).get("schemas") or {}).items() if name in used
    ]
    for class_name, schema in objects:
        for prop_name, prop in (schema.get("properties") or {}).items():
            resolved = _resolve(doc, prop)
            for candidate in (resolved, _resolve(doc, resolved.get("items"))):
                if isinstance(candidate.get("enum"), list):
                    values = tuple(v for v in candidate["enum"] if v is not None)
                    sites.append((class_name, _python_name(prop, prop_name), values))
    return sites


def test_enum_values_match_generated_enum_classes(pkg: Pkg, spec_doc: dict[str, Any]) -> None:
    sites = _enum_sites(spec_doc)
    assert sites, "the spec has no enums"
    enums = pkg.enum_classes()
    used: set[str] = set()
    for class_name, field_name, values in sites:
        cls = pkg.model_class(class_name)
        field = attrs.fields_dict(cls)[field_name]
        annotation = field.type if isinstance(field.type, str) else repr(field.type)
        candidates = [name for name in enums if name in annotation.replace("|", " ").replace("[", " ").split()]
        assert len(candidates) == 1, f"{class_name}.{field_name}: annotation {annotation!r} names no single enum"
        enum_cls = enums[candidates[0]]
        used.add(candidates[0])
        members = {m.value for m in enum_cls}
        assert set(values) == members, (
            f"{class_name}.{field_name}: spec enum {sorted(values)} but {enum_cls.__name__} has {sorted(members)}"
        )
    unused = set(enums) - used
    assert not unused, f"generated enum classes with no enum in the spec: {sorted(unused)}"


# -- rules and dependencies -------------------------------------------------------------------------


def test_model_rules_are_exactly_the_schema_constraints(pkg: Pkg, spec_doc: dict[str, Any]) -> None:
    for _, _, class_name, schema in _body_operations(spec_doc):
        module = pkg.model_class(class_name)
        expected = Counter(_expected_object_rules(spec_doc, schema))
        actual = Counter(_rule_key(r) for r in module._codegen_rules)
        missing = expected - actual
        invented = actual - expected
        assert not missing, f"{class_name}: schema constraints with no rule: {sorted(missing, key=repr)}"
        assert not invented, f"{class_name}: rules the schema does not state: {sorted(invented, key=repr)}"


def test_model_dependencies_are_exactly_the_schema_rules(pkg: Pkg, spec_doc: dict[str, Any]) -> None:
    for _, _, class_name, schema in _body_operations(spec_doc):
        module = pkg.model_class(class_name)
        texts = list(schema.get("x-dependencies") or [])
        deps = list(module._codegen_dependencies)
        assert [d.rule for d in deps] == texts
        for dep, text in zip(deps, texts, strict=True):
            parsed = parse_rule(text)
            if isinstance(parsed, Group):
                assert (dep.kind, tuple(dep.fields), tuple(dep.conditions)) == (
                    GROUP_KINDS[parsed.kind],
                    parsed.fields,
                    (),
                )
            else:
                assert isinstance(parsed, Conditional)
                assert dep.kind == "if"
                assert tuple(dep.fields) == parsed.then
                got = [(c.field, c.op, c.value) for c in dep.conditions]
                want = [(p.field, CONDITION_OPS[p.op], p.literal) for p in parsed.when]
                assert got == want, f"{text}: compiled conditions {got}"


def test_every_evidence_sentence_is_carried_by_its_rule(pkg: Pkg, spec_doc: dict[str, Any]) -> None:
    checked = 0
    for _, _, class_name, schema in _body_operations(spec_doc):
        module = pkg.model_class(class_name)
        rules = list(module._codegen_rules)
        evidence = schema.get("x-evidence") or {}
        for text, sentence in (evidence.get("x-dependencies") or {}).items():
            dep = next((d for d in module._codegen_dependencies if d.rule == text), None)
            assert dep is not None, f"{class_name}: evidence for a dependency the model lacks: {text}"
            assert dep.evidence == sentence
            checked += 1
        for kw in set(evidence) - {"x-dependencies"}:
            raise AssertionError(f"{class_name}: object-level evidence for {kw!r} has no object-level rule")
        for prop_name, prop in (schema.get("properties") or {}).items():
            resolved = _resolve(spec_doc, prop)
            for kw, sentence in (resolved.get("x-evidence") or {}).items():
                names = (
                    {kw} | {e for e, b in BOUND_OF.items() if b == kw} | ({BOUND_OF[kw]} if kw in BOUND_OF else set())
                )
                carriers = [r for r in rules if r.field == prop_name and r.keyword in names and not r.items]
                assert carriers, f"{class_name}.{prop_name}: evidence for {kw!r} but no such rule"
                assert any(r.evidence == sentence for r in carriers), (
                    f"{class_name}.{prop_name}.{kw}: evidence {sentence!r} not carried; "
                    f"rules carry {[r.evidence for r in carriers]}"
                )
                checked += 1
    assert checked, "the augmented spec carries no x-evidence at all"


def test_parameter_rules_are_exactly_the_parameter_schemas(pkg: Pkg, spec_doc: dict[str, Any]) -> None:
    client = pkg.client()
    checked = 0
    for _, _, op in _operations(spec_doc):
        params = _api_params(spec_doc, op)
        resource = getattr(client, op["x-codegen-resource"])
        cls, stem = pkg.resource_class(type(resource).__name__)
        fn = _methods(cls)[op["x-codegen-method"]]
        calls = [
            n
            for n in ast.walk(fn)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "validate_payload"
        ]
        if not params:
            assert not calls, f"{op['x-codegen-method']}: validates parameters the spec does not have"
            continue
        assert len(calls) == 1, f"{op['x-codegen-method']}: parameters are not validated"
        payload, table = calls[0].args[1], calls[0].args[2]
        assert isinstance(payload, ast.Dict) and isinstance(table, ast.Name)
        # Parameter rules are keyed by the argument's name (what the caller typed; unique, unlike wire names).
        sent = {k.value for k in payload.keys if isinstance(k, ast.Constant)}
        assert sent == {_python_name(p, p["name"]) for p in params}
        expected: list[tuple[Any, ...]] = []
        for p in params:
            arg = _python_name(p, p["name"])
            if p.get("required"):
                expected.append((arg, "required", True, False))
            expected.extend(_expected_property_rules(spec_doc, arg, p.get("schema") or {}))
        actual = [_rule_key(r) for r in getattr(pkg.resource_modules[stem], table.id)]
        assert Counter(actual) == Counter(expected)
        checked += 1
    assert checked, "no operation with parameters"


# -- the committed tree is what the generator writes today -------------------------------------------


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not any(part == "__pycache__" or part.startswith(".") for part in p.relative_to(root).parts)
    }


def test_committed_generated_tree_is_up_to_date(fresh_out: Path) -> None:
    committed, fresh = _tree(GENERATED), _tree(fresh_out)
    assert sorted(committed) == sorted(fresh), (
        f"only committed: {sorted(set(committed) - set(fresh))}; only regenerated: {sorted(set(fresh) - set(committed))}"
    )
    stale = sorted(name for name in fresh if committed[name] != fresh[name])
    assert not stale, f"generated/ differs from a fresh `python -m generator generate` in: {stale}"
