"""Build the intermediate model of the client: what templates loop over.

Stage 5a: build model. Input: the augmented document. Output: ``ClientModel``:
openapi-python-client's parsed ``GeneratorData`` (models, enums, endpoints;
pinned 0.29.1, whose ``GeneratorData.from_dict``, ``ModelProperty.data`` and
``Endpoint`` fields we rely on) plus our views: validation rules per model,
resources and operations with meaningful names, task roles.
Before parsing we hand openapi-python-client a prepared copy of the document:
header parameters that duplicate auth or content negotiation are dropped,
request defaults are removed (unset optional fields are never sent), and every
object schema is tagged with its pointer so models can be matched back.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import re
from collections.abc import Iterator
from typing import Any

import attrs
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import ErrorLevel, GeneratorError
from openapi_python_client.parser.properties import ModelProperty

from .findings import SpecError
from .schema_rules import DependencySpec, RuleSpec, object_dependencies, object_rules, resolve
from .sourcemap import SourceMap, clone, join_pointer, walk_objects

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
POINTER_KEY = "x-codegen-pointer"
_CONTENT_HEADERS = frozenset({"content-type", "accept"})


@attrs.frozen(kw_only=True)
class ModelView:
    opc: Any  # openapi_python_client ModelProperty
    pointer: str
    rules: tuple[RuleSpec, ...]
    dependencies: tuple[DependencySpec, ...]
    validates: bool  # request models validate; response-only models parse leniently


@attrs.frozen(kw_only=True)
class ParamView:
    wire_name: str
    python_name: str
    location: str
    required: bool
    type_string: str
    description: str
    rules: tuple[RuleSpec, ...]
    imports: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class FieldView:
    """A body property exposed as a keyword argument of the high-level method."""

    wire_name: str
    python_name: str  # the model's attribute
    arg_name: str  # the method's keyword argument (differs when it would shadow a name the method uses)
    required: bool
    type_string: str
    description: str
    rules: tuple[RuleSpec, ...]
    is_image: bool
    default: Any
    imports: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class OperationView:
    resource: str
    method_name: str
    http_method: str
    path: str
    operation_id: str
    summary: str
    description: str
    params: tuple[ParamView, ...]
    body_class: str | None
    body_module: str | None
    body_fields: tuple[FieldView, ...]
    response_class: str | None
    response_module: str | None
    response_list: bool
    unwrap: str | None
    unwrap_attr: str | None
    unwrapped_class: str | None
    task_role: str | None
    idempotent: bool
    example: tuple[tuple[str, Any], ...] = ()
    dependencies: tuple[DependencySpec, ...] = ()


@attrs.frozen(kw_only=True)
class ResourceView:
    name: str
    class_name: str
    operations: tuple[OperationView, ...]
    task_create: OperationView | None
    task_get: OperationView | None
    task_id_field: str
    task_status_field: str


@attrs.frozen(kw_only=True)
class ClientModel:
    package_name: str
    title: str
    version: str
    spec_hash: str
    base_url: str
    api_key_env: str
    base_url_env: str
    models: tuple[ModelView, ...]
    enums: tuple[Any, ...]
    resources: tuple[ResourceView, ...]
    opc: Any  # GeneratorData
    opc_config: Any  # openapi_python_client Config
    raw_enum_values: dict[str, str]  # openapi-python-client's escaped enum value -> the spec's value
    document: dict[str, Any]


def iter_operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in (document.get("paths") or {}).items():
        if isinstance(item, dict):
            for method in METHODS:
                if isinstance(item.get(method), dict):
                    yield path, method, item[method]


def auth_header_names(document: dict[str, Any]) -> set[str]:
    names = set()
    for scheme in ((document.get("components") or {}).get("securitySchemes") or {}).values():
        if not isinstance(scheme, dict):
            continue
        if scheme.get("type") == "http" or scheme.get("type") == "oauth2" or scheme.get("type") == "openIdConnect":
            names.add("authorization")
        elif scheme.get("type") == "apiKey" and scheme.get("in") == "header":
            names.add(str(scheme.get("name", "")).lower())
    return names


def is_redundant_header(param: Any, auth_headers: set[str]) -> bool:
    """Header parameters that duplicate the security scheme or the content type."""
    if not isinstance(param, dict) or param.get("in") != "header":
        return False
    name = str(param.get("name", "")).lower()
    return name in _CONTENT_HEADERS or name in auth_headers or (name == "authorization")


_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")


def _schema_roots(document: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Where schemas start: components, parameters, request bodies, responses."""
    for name, schema in ((document.get("components") or {}).get("schemas") or {}).items():
        yield join_pointer("/components/schemas", name), schema
    for path, method, op in iter_operations(document):
        base = join_pointer("/paths", path, method)
        for index, param in enumerate(op.get("parameters") or []):
            if isinstance(param, dict):
                yield join_pointer(base, "parameters", index, "schema"), param.get("schema")
        for ctype, media in ((op.get("requestBody") or {}).get("content") or {}).items():
            if isinstance(media, dict):
                yield join_pointer(base, "requestBody", "content", ctype, "schema"), media.get("schema")
        for status, response in (op.get("responses") or {}).items():
            for ctype, media in ((response or {}).get("content") or {}).items() if isinstance(response, dict) else ():
                if isinstance(media, dict):
                    yield join_pointer(base, "responses", status, "content", ctype, "schema"), media.get("schema")


def walk_schema(pointer: str, schema: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object below (and including) ``schema``, following the schema keywords only."""
    stack = [(pointer, schema)]
    while stack:
        ptr, node = stack.pop()
        if not isinstance(node, dict) or "$ref" in node:
            continue
        yield ptr, node
        props = node.get("properties")
        if isinstance(props, dict):
            stack.extend((join_pointer(ptr, "properties", k), v) for k, v in props.items())
        for key in ("items", "additionalProperties", "not"):
            if isinstance(node.get(key), dict):
                stack.append((join_pointer(ptr, key), node[key]))
        for key in _SCHEMA_LISTS:
            if isinstance(node.get(key), list):
                stack.extend((join_pointer(ptr, key, i), v) for i, v in enumerate(node[key]))


def prepare_for_parser(document: dict[str, Any]) -> dict[str, Any]:
    prepared: dict[str, Any] = clone(document)
    auth_headers = auth_header_names(prepared)
    for _path, _method, op in iter_operations(prepared):
        params = op.get("parameters")
        if isinstance(params, list):
            op["parameters"] = [p for p in params if not is_redundant_header(p, auth_headers)]
        body = op.get("requestBody")
        if isinstance(body, dict):
            for media in (body.get("content") or {}).values():
                if isinstance(media, dict):
                    media.pop("example", None)
                    media.pop("examples", None)
    for root, schema in _schema_roots(prepared):
        for pointer, node in walk_schema(root, schema):
            if "properties" in node or node.get("type") == "object":
                node[POINTER_KEY] = pointer
    for root in _request_schema_pointers(prepared):
        for _pointer, node in walk_schema(root, resolve_pointer_safe(prepared, root)):
            for prop in (node.get("properties") or {}).values():
                if isinstance(prop, dict):
                    prop.pop("default", None)
    return prepared


def within(pointer: str, roots: set[str]) -> bool:
    return any(pointer == r or pointer.startswith(r + "/") for r in roots)


def _request_schema_pointers(document: dict[str, Any]) -> set[str]:
    found = set()
    for path, method, op in iter_operations(document):
        for ctype in (op.get("requestBody") or {}).get("content") or {}:
            found.add(join_pointer("/paths", path, method, "requestBody", "content", ctype, "schema"))
    # Component schemas referenced from a request body are request schemas too.
    components = (document.get("components") or {}).get("schemas") or {}
    frontier = [resolve_pointer_safe(document, p) for p in sorted(found)]
    seen: set[str] = set()
    while frontier:
        node = frontier.pop()
        for _ptr, schema in walk_objects(node):
            ref = schema.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[-1]
                if name not in seen and name in components:
                    seen.add(name)
                    found.add(join_pointer("/components/schemas", name))
                    frontier.append(components[name])
    return found


def resolve_pointer_safe(document: Any, pointer: str) -> Any:
    from .sourcemap import resolve_pointer

    try:
        return resolve_pointer(document, pointer)
    except (KeyError, IndexError, ValueError):
        return None


_ENDPOINT_HEADER = re.compile(r"parsing ([A-Z]+) (\S+) within")


def _opc_error(error: Any, source_map: SourceMap | None, what: str) -> SpecError:
    header = str(getattr(error, "header", "") or "")
    detail = str(getattr(error, "detail", "") or "")
    location = source_map.locate("") if source_map is not None else None
    match = _ENDPOINT_HEADER.search(header)
    if match and source_map is not None:
        location = source_map.locate(join_pointer("/paths", match.group(2), match.group(1).lower())) or location
    text = f"{what}: {header} {detail}".strip()
    return SpecError(text if len(text) <= 500 else text[:497] + "...", location)


def _sort_path_parameters(*, endpoint: Any) -> Any:
    """``Endpoint.sort_parameters`` of openapi-python-client 0.29.1, minus its ``deepcopy`` of the whole
    endpoint (bodies and pydantic schemas included): it only reorders ``path_parameters`` and rewrites
    ``path``, so copying those two is enough. The deep copy was most of its parse time on large specs."""
    from openapi_python_client.parser import openapi as opc_openapi
    from openapi_python_client.parser.errors import ParseError
    from openapi_python_client.schema.untrusted_string import UntrustedString

    endpoint = dataclasses.replace(endpoint, path_parameters=list(endpoint.path_parameters))
    path = endpoint.path.get_untrusted_value()
    names = re.findall(opc_openapi._PATH_PARAM_REGEX, path)
    with contextlib.suppress(ValueError):  # a mismatch is reported just below
        endpoint.path_parameters.sort(key=lambda param: names.index(param.name))
    if names != [param.name for param in endpoint.path_parameters]:
        return ParseError(detail=f"Incorrect path templating for {path} (Path parameters do not match with path)")
    for parameter in endpoint.path_parameters:
        path = path.replace(f"{{{parameter.name.get_untrusted_value()}}}", f"{{{parameter.python_name}}}")
    endpoint.path = UntrustedString(path)
    return endpoint


@contextlib.contextmanager
def _fast_endpoint_parsing() -> Iterator[None]:
    from openapi_python_client.parser.openapi import Endpoint

    original = Endpoint.__dict__["sort_parameters"]
    Endpoint.sort_parameters = staticmethod(_sort_path_parameters)  # type: ignore[method-assign]
    try:
        yield
    finally:
        Endpoint.sort_parameters = original  # type: ignore[method-assign]


def parse_with_opc(prepared: dict[str, Any], package_name: str, source_map: SourceMap | None = None) -> Any:
    """openapi-python-client's parse; its errors (and exceptions) become SpecErrors with a location."""
    config = Config.from_sources(
        ConfigFile(post_hooks=[], literal_enums=False, use_path_prefixes_for_title_model_names=False),
        MetaType.NONE,
        document_source="spec",
        file_encoding="utf-8",
        overwrite=True,
        output_path=None,
    )
    config.package_name_override = package_name
    try:
        with _fast_endpoint_parsing():
            data = GeneratorData.from_dict(prepared, config=config)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        # It raises plain exceptions for some names (e.g. enum values that collide after sanitising).
        where = source_map.locate("") if source_map is not None else None
        raise SpecError(f"openapi-python-client cannot parse the spec: {type(exc).__name__}: {exc}", where) from None
    if isinstance(data, GeneratorError):
        raise _opc_error(data, source_map, "openapi-python-client cannot parse the spec")
    for error in data.errors:
        if error.level == ErrorLevel.ERROR:
            raise _opc_error(error, source_map, "openapi-python-client")
    for collection in data.endpoint_collections_by_tag.values():
        for error in collection.parse_errors:
            raise _opc_error(error, source_map, "openapi-python-client cannot build an endpoint")
    return data, config


# Names the model template itself uses: a property may not shadow them.
MODEL_RESERVED = frozenset({
    "cls", "self", "d", "src_dict", "field_dict", "T", "UNSET", "Unset", "to_dict", "from_dict",
    "additional_properties", "additional_keys", "Any", "Mapping", "TypeVar", "TYPE_CHECKING", "cast", "datetime",
    "json", "types", "File", "BinaryIO", "TextIO", "Generator", "validate_payload", "Rule", "Dependency",
    "Condition", "prop_name", "prop_dict", "prop", "files",
})
MAX_MODULE_NAME = 80


def _unique_name(name: str, taken: set[str]) -> str:
    while name in taken or name in MODEL_RESERVED:
        name += "_"
    taken.add(name)
    return name


def sanitize_parsed_names(opc: Any) -> None:
    """Fix names openapi-python-client lets through: attributes that shadow the template's own names, and
    module (file) names too long for a file system. Mutates its freshly parsed objects in place."""
    # Endpoint bodies and responses hold their own copies of the models: rename those the same way.
    copies = [b.prop for c in opc.endpoint_collections_by_tag.values() for e in c.endpoints for b in e.bodies]
    copies += [r.prop for c in opc.endpoint_collections_by_tag.values() for e in c.endpoints for r in e.responses]
    for model in [*opc.models, *(p for p in copies if isinstance(p, ModelProperty))]:
        props = [*(model.required_properties or []), *(model.optional_properties or [])]
        taken = {str(p.python_name) for p in props if str(p.python_name) not in MODEL_RESERVED}
        for prop in sorted(props, key=lambda p: str(p.python_name)):
            name = str(prop.python_name)
            if name in MODEL_RESERVED or name == str(model.class_info.module_name):
                prop.python_name = _unique_name(name, taken)
    renamed: dict[str, str] = {}
    for item in [*opc.models, *opc.enums]:
        info = item.class_info
        old = str(info.module_name)
        if len(old) > MAX_MODULE_NAME:
            new = old[: MAX_MODULE_NAME - 9] + "_" + hashlib.sha256(old.encode()).hexdigest()[:8]
            info.module_name = new
            renamed[old] = new
    if renamed:
        for model in opc.models:
            for attr in ("relative_imports", "lazy_imports"):
                lines = getattr(model, attr) or set()
                setattr(model, attr, {_rename_import(line, renamed) for line in lines})


def raw_enum_values(document: dict[str, Any], source_map: SourceMap | None) -> dict[str, str]:
    """openapi-python-client stores enum values escaped for a double-quoted literal (control characters
    dropped); map them back to the spec's values so templates escape exactly once."""
    from openapi_python_client.strings import in_double_quote_literal

    found: dict[str, str] = {}
    for root, schema in _schema_roots(document):
        for pointer, node in walk_schema(root, schema):
            for value in node.get("enum") or [] if isinstance(node.get("enum"), list) else []:
                if not isinstance(value, str):
                    continue
                escaped = in_double_quote_literal(value)
                if found.setdefault(escaped, value) != value:
                    where = source_map.locate(join_pointer(pointer, "enum")) if source_map else None
                    raise SpecError(f"enum values {found[escaped]!r} and {value!r} differ only in characters "
                                    "that cannot appear in generated code", where)
    return found


def _rename_import(line: str, renamed: dict[str, str]) -> str:
    match = re.match(r"(from \.*models\.)(\w+)( import .*)", line)
    if match and match.group(2) in renamed:
        return match.group(1) + renamed[match.group(2)] + match.group(3)
    return line


def build_client_model(
    augmented: dict[str, Any], *, package_name: str, spec_hash: str, source_map: SourceMap | None = None
) -> ClientModel:
    from .operations import build_resources

    prepared = prepare_for_parser(augmented)
    opc, opc_config = parse_with_opc(prepared, package_name, source_map)
    sanitize_parsed_names(opc)
    components = (augmented.get("components") or {}).get("schemas") or {}
    request_pointers = _request_schema_pointers(augmented)
    models = []
    for model in opc.models:
        pointer = _model_pointer(model)
        schema = resolve_pointer_safe(augmented, pointer) if pointer is not None else None
        schema = resolve(schema, components) if schema is not None else {}
        models.append(
            ModelView(
                opc=model,
                pointer=pointer or "",
                rules=tuple(object_rules(schema, components)),
                dependencies=tuple(object_dependencies(schema, pointer=pointer or "", source_map=source_map)),
                validates=pointer is not None and within(pointer, request_pointers),
            )
        )
    resources = build_resources(augmented, opc, models, source_map)
    api_key_env = str(augmented.get("x-codegen-api-key-env") or package_name.upper().split("_")[0] + "_API_KEY")
    servers = augmented.get("servers") or []
    base_url = str(servers[0].get("url", "")) if servers and isinstance(servers[0], dict) else ""
    info = augmented.get("info") or {}
    return ClientModel(
        package_name=package_name,
        title=str(info.get("title") or "") or package_name,
        version=str(info.get("x-codegen-client-version") or "0.1.0"),
        spec_hash=spec_hash,
        base_url=base_url,
        api_key_env=api_key_env,
        base_url_env=api_key_env.removesuffix("_API_KEY") + "_BASE_URL",
        models=tuple(sorted(models, key=lambda m: str(m.opc.class_info.name))),
        enums=tuple(sorted(opc.enums, key=lambda e: str(e.class_info.name))),
        resources=resources,
        opc=opc,
        opc_config=opc_config,
        raw_enum_values=raw_enum_values(augmented, source_map),
        document=augmented,
    )


def _model_pointer(model: ModelProperty) -> str | None:
    extra = getattr(model.data, "model_extra", None) or {}
    pointer = extra.get(POINTER_KEY)
    return str(pointer) if isinstance(pointer, str) else None


__all__ = [
    "ClientModel",
    "ModelView",
    "OperationView",
    "ParamView",
    "ResourceView",
    "build_client_model",
    "iter_operations",
]
