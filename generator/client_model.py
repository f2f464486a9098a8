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

import copy
from collections.abc import Iterator
from typing import Any

import attrs
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import ErrorLevel, GeneratorError
from openapi_python_client.parser.properties import ModelProperty

from .findings import SpecError
from .naming import class_name, identifier
from .schema_rules import DependencySpec, RuleSpec, object_dependencies, object_rules, property_rules, resolve
from .sourcemap import SourceMap, join_pointer

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
    python_name: str
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
    document: dict[str, Any]


def iter_operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in (document.get("paths") or {}).items():
        if isinstance(item, dict):
            for method in METHODS:
                if isinstance(item.get(method), dict):
                    yield path, method, item[method]


def _auth_header_names(document: dict[str, Any]) -> set[str]:
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


def _walk_schemas(node: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    stack = [(pointer, node)]
    while stack:
        ptr, value = stack.pop()
        if isinstance(value, dict):
            yield ptr, value
            for key, child in value.items():
                if isinstance(child, dict | list):
                    stack.append((join_pointer(ptr, key), child))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                if isinstance(child, dict | list):
                    stack.append((join_pointer(ptr, index), child))


def prepare_for_parser(document: dict[str, Any]) -> dict[str, Any]:
    prepared = copy.deepcopy(document)
    auth_headers = _auth_header_names(prepared)
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
    request_pointers = _request_schema_pointers(prepared)
    for pointer, schema in list(_walk_schemas(prepared, "")):
        if "properties" in schema or schema.get("type") == "object":
            schema[POINTER_KEY] = pointer
        schema.pop("example", None)
        if any(pointer.startswith(p) for p in request_pointers) and "properties" in schema:
            for prop in (schema.get("properties") or {}).values():
                if isinstance(prop, dict):
                    prop.pop("default", None)
    return prepared


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
        for _ptr, schema in _walk_schemas(node, ""):
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


def parse_with_opc(prepared: dict[str, Any], package_name: str) -> Any:
    config = Config.from_sources(
        ConfigFile(post_hooks=[], literal_enums=False, use_path_prefixes_for_title_model_names=False),
        MetaType.NONE,
        document_source="spec",
        file_encoding="utf-8",
        overwrite=True,
        output_path=None,
    )
    config.package_name_override = package_name
    data = GeneratorData.from_dict(prepared, config=config)
    if isinstance(data, GeneratorError):
        raise SpecError(f"openapi-python-client cannot parse the spec: {data.header}: {data.detail}")
    for error in data.errors:
        if error.level == ErrorLevel.ERROR:
            raise SpecError(f"openapi-python-client: {error.header}: {error.detail}")
    for collection in data.endpoint_collections_by_tag.values():
        for error in collection.parse_errors:
            raise SpecError(f"openapi-python-client cannot build an endpoint: {error.header}: {error.detail}")
    return data, config


def build_client_model(
    augmented: dict[str, Any], *, package_name: str, spec_hash: str, source_map: SourceMap | None = None
) -> ClientModel:
    from .operations import build_resources

    prepared = prepare_for_parser(augmented)
    opc, opc_config = parse_with_opc(prepared, package_name)
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
                dependencies=tuple(object_dependencies(schema)),
                validates=pointer is not None and any(pointer.startswith(p) for p in request_pointers),
            )
        )
    resources = build_resources(augmented, opc, models)
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
    "class_name",
    "identifier",
    "iter_operations",
    "property_rules",
]
