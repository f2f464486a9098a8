"""Group operations into resources with meaningful method names.

Stage 5a: build model. Input: the augmented document, the prepared copy given
to openapi-python-client, its parsed endpoints and our model views. Output:
``ResourceView`` records: ``client.images.generate(...)`` rather than
``post_kling_v1_images_generations``. Names come from ``x-codegen-resource`` /
``x-codegen-method`` (a hand-written overlay), else the operationId, else the tag.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
from openapi_python_client.parser import import_string_from_class
from openapi_python_client.parser.properties import EnumProperty, ModelProperty
from openapi_python_client.parser.properties.list_property import ListProperty

from .client_model import (
    FieldView,
    ModelView,
    OperationView,
    ParamView,
    ResourceView,
    iter_operations,
    resolve_pointer_safe,
)
from .findings import SpecError
from .naming import class_name, identifier
from .schema_rules import coerce_example, example_passes, property_rules, resolve
from .sourcemap import SourceMap, join_pointer


def _path_shape(path: str) -> str:
    # openapi-python-client renames path placeholders to snake_case, so match on the shape.
    return re.sub(r"\{[^{}]*\}", "{}", path)


def _endpoints(opc: Any) -> dict[tuple[str, str], Any]:
    found = {}
    for collection in opc.endpoint_collections_by_tag.values():
        for endpoint in collection.endpoints:
            found[(endpoint.method.lower(), _path_shape(endpoint.path.get_untrusted_value()))] = endpoint
    return found


def _imports(prop: Any) -> tuple[str, ...]:
    """Imports a signature using ``prop``'s type needs: its own, and classes of inner properties."""
    lines = {line for line in prop.get_imports(prefix=".") if line.startswith(("from .models", "import datetime"))}
    stack = [prop]
    while stack:
        item = stack.pop()
        info = getattr(item, "class_info", None)
        if info is not None:
            lines.add(import_string_from_class(info, ".models"))
        inner = getattr(item, "inner_property", None)
        if inner is not None:
            stack.append(inner)
        stack.extend(getattr(item, "inner_properties", None) or [])
    return tuple(sorted(lines))


def _resource_name(path: str, op: dict[str, Any]) -> str:
    """``x-codegen-resource``, else the tag's last segment, else (non-ASCII tags) a path segment."""
    explicit = op.get("x-codegen-resource")
    if isinstance(explicit, str) and explicit:
        return identifier(explicit)
    tags = op.get("tags") or []
    if tags and isinstance(tags[0], str):
        name = identifier(tags[0].split("/")[-1].strip() or "default")
        if name.isascii():
            return name
    static = [s for s in path.split("/") if s and not s.startswith("{")]
    versions = [i for i, s in enumerate(static) if re.fullmatch(r"v\d+(\.\d+)?", s)]
    after = static[versions[-1] + 1 :] if versions else static
    name = identifier(after[0]) if after else "default"
    return name if name.isascii() else "default"


def _type_string(prop: Any, required: bool) -> str:
    base = str(prop.get_type_string(no_optional=True).as_unembedded_code())
    if isinstance(prop, EnumProperty):
        base = f"{base} | str"
    return base if required else f"{base} | Unset"


def _text(value: Any) -> str:
    raw = value.get_untrusted_value() if hasattr(value, "get_untrusted_value") else value
    return str(raw or "")


def _raw_params(document: dict[str, Any], path: str, op: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    components = (document.get("components") or {}).get("parameters") or {}
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for param in [*(document["paths"][path].get("parameters") or []), *(op.get("parameters") or [])]:
        if isinstance(param, dict) and isinstance(param.get("$ref"), str):
            param = components.get(param["$ref"].rsplit("/", 1)[-1], {})
        if isinstance(param, dict):
            found[(str(param.get("name")), str(param.get("in")))] = param
    return found


# Names a generated method body uses itself: an argument may not shadow them.
METHOD_RESERVED = frozenset({
    "self", "request_timeout", "body", "raw", "envelope", "task", "wait_timeout",
    "poll_interval", "on_progress", "quote", "os", "httpx", "Any", "Callable", "ClassVar", "encode_image",
    "parse_response", "parse_response_list", "require_field", "validate_payload", "Rule", "UNSET", "Unset",
    "NOT_GIVEN", "DEFAULT_TIMEOUT", "DEFAULT_MAX_RETRIES", "TimeoutTypes", "SyncAPIClient", "AsyncAPIClient",
    "wait_for_task", "async_wait_for_task", "k", "v",
})


def _unique(name: str, taken: set[str]) -> str:
    while name in taken or name in METHOD_RESERVED:
        name += "_"
    taken.add(name)
    return name


def build_operation(
    document: dict[str, Any],
    path: str,
    method: str,
    op: dict[str, Any],
    endpoint: Any,
    models: dict[str, ModelView],
    source_map: SourceMap | None = None,
) -> OperationView:
    components = (document.get("components") or {}).get("schemas") or {}
    raw_params = _raw_params(document, path, op)
    taken: set[str] = set()
    params = []
    for location, props in (("path", endpoint.path_parameters), ("query", endpoint.query_parameters)):
        for prop in props:
            raw = raw_params.get((_text(prop.name), location), {})
            rename = raw.get("x-codegen-name")
            params.append(
                ParamView(
                    wire_name=_text(prop.name),
                    python_name=_unique(identifier(rename) if isinstance(rename, str) else str(prop.python_name), taken),
                    location=location,
                    required=bool(prop.required),
                    type_string=_type_string(prop, bool(prop.required)),
                    description=str(raw.get("description") or ""),
                    rules=tuple(property_rules(_text(prop.name), raw.get("schema"), components)),
                    imports=_imports(prop),
                )
            )
    body_class = body_module = None
    view: ModelView | None = None
    fields: list[FieldView] = []
    json_bodies = [b for b in endpoint.bodies if str(b.body_type) == "json"]
    if json_bodies and isinstance(json_bodies[0].prop, ModelProperty):
        model = json_bodies[0].prop
        body_class, body_module = str(model.class_info.name), str(model.class_info.module_name)
        view = models.get(body_class)
        schema = resolve(resolve_pointer_safe(document, view.pointer) if view else None, components)
        raw_props = schema.get("properties") or {}
        for prop in [*(model.required_properties or []), *(model.optional_properties or [])]:
            raw = resolve(raw_props.get(_text(prop.name)), components)
            fields.append(
                FieldView(
                    wire_name=_text(prop.name),
                    python_name=str(prop.python_name),
                    arg_name=_unique(str(prop.python_name), taken),
                    required=bool(prop.required),
                    type_string=_type_string(prop, bool(prop.required)),
                    description=str(raw.get("description") or ""),
                    rules=tuple(r for r in (view.rules if view else ()) if r.field == _text(prop.name)),
                    is_image=bool(raw.get("x-codegen-image")),
                    default=raw.get("default"),
                    imports=_imports(prop),
                )
            )
    response_class = response_module = None
    response_list = False
    for response in endpoint.responses:
        if not str(getattr(response.status_code, "pattern", response.status_code)).startswith("2"):
            continue
        prop = response.prop
        if isinstance(prop, ListProperty) and isinstance(prop.inner_property, ModelProperty):
            prop, response_list = prop.inner_property, True
        if isinstance(prop, ModelProperty):
            response_class = str(prop.class_info.name)
            response_module = str(prop.class_info.module_name)
            break
    unwrap = op.get("x-codegen-unwrap") if isinstance(op.get("x-codegen-unwrap"), str) else None
    unwrapped_class = unwrap_attr = None
    if unwrap and response_class:
        found = _unwrapped_class(models.get(response_class), unwrap)
        if found is None:
            raise SpecError(f"x-codegen-unwrap {unwrap!r}: the response model has no object property of that name",
                            source_map.locate(join_pointer("/paths", path, method)) if source_map else None)
        unwrapped_class, unwrap_attr = found
    task = op.get("x-codegen-task")
    method_name = op.get("x-codegen-method") or op.get("operationId") or str(endpoint.name)
    return OperationView(
        resource=_resource_name(path, op),
        method_name=identifier(str(method_name)),
        http_method=method.upper(),
        path=path,
        operation_id=str(op.get("operationId") or endpoint.name),
        summary=str(op.get("summary") or ""),
        description=str(op.get("description") or ""),
        params=tuple(params),
        body_class=body_class,
        body_module=body_module,
        body_fields=tuple(fields),
        response_class=response_class,
        response_module=response_module,
        response_list=response_list,
        unwrap=unwrap,
        unwrap_attr=unwrap_attr,
        unwrapped_class=unwrapped_class,
        task_role=task if task in ("create", "get") else None,
        idempotent=method in ("get", "head", "options", "put", "delete"),
        example=_example_args(op, params, fields),
        dependencies=view.dependencies if view else (),
    )


def _unwrapped_class(view: ModelView | None, field: str) -> tuple[str, str] | None:
    """The class of the response property named ``field`` and its attribute name in the model."""
    if view is None:
        return None
    for prop in [*(view.opc.required_properties or []), *(view.opc.optional_properties or [])]:
        if _text(prop.name) == field and isinstance(prop, ModelProperty):
            return str(prop.class_info.name), str(prop.python_name)
    return None


# Attributes of the generated Client (and its runtime base) that a resource name may not replace.
CLIENT_RESERVED = frozenset({
    "request", "download", "close", "with_options", "copy", "base_url", "timeout", "max_retries", "api_key_env",
    "base_url_env", "default_base_url", "user_agent", "retry_policy", "retry_ambiguous_creates", "get",
})
RESOURCE_RESERVED = frozenset({"wait"})


def build_resources(
    document: dict[str, Any], opc: Any, models: list[ModelView], source_map: SourceMap | None = None
) -> tuple[ResourceView, ...]:
    endpoints = _endpoints(opc)
    by_class = {str(m.opc.class_info.name): m for m in models}
    grouped: dict[str, list[OperationView]] = {}
    for path, method, op in sorted(iter_operations(document), key=lambda t: (t[0], t[1])):
        endpoint = endpoints.get((method, _path_shape(path)))
        if endpoint is None:
            continue
        view = build_operation(document, path, method, op, endpoint, by_class, source_map)
        if view.resource in CLIENT_RESERVED or view.resource.startswith("_"):
            view = attrs.evolve(view, resource=view.resource.strip("_") + "_ops")
        if view.method_name in RESOURCE_RESERVED or view.method_name.startswith("_"):
            view = attrs.evolve(view, method_name=view.method_name.strip("_") + "_op")
        taken = {o.method_name for o in grouped.get(view.resource, [])}
        taken |= {f"{o.method_name}_and_wait" for o in grouped.get(view.resource, []) if o.task_role == "create"}
        if view.method_name in taken:
            where = source_map.locate(join_pointer("/paths", path, method)) if source_map else None
            raise SpecError(f"two operations map to {view.resource}.{view.method_name}; set distinct operationIds "
                            "(or x-codegen-method in a hand-written overlay)", where)
        grouped.setdefault(view.resource, []).append(view)
    resources = []
    for name in sorted(grouped):
        ops = tuple(grouped[name])
        create = next((o for o in ops if o.task_role == "create"), None)
        get = next((o for o in ops if o.task_role == "get"), None)
        resources.append(
            ResourceView(
                name=name,
                class_name=class_name(name) + "Resource",
                operations=ops,
                task_create=create,
                task_get=get,
                task_id_field="task_id",
                task_status_field="task_status",
            )
        )
    return tuple(resources)


def _example_args(op: dict[str, Any], params: list[ParamView], fields: list[FieldView]) -> tuple[tuple[str, Any], ...]:
    """Keyword arguments from the spec's own examples, keeping only values that pass the spec's rules."""
    args: list[tuple[str, Any]] = []
    raw_params = {str(p.get("name")): p for p in op.get("parameters") or [] if isinstance(p, dict)}
    for param in params:
        value = raw_params.get(param.wire_name, {}).get("example")
        if value is not None and example_passes(value, param.rules):
            args.append((param.python_name, value))
    media = ((op.get("requestBody") or {}).get("content") or {}).get("application/json") or {}
    example = media.get("example")
    if isinstance(example, dict):
        for field in fields:
            if field.wire_name not in example:
                continue
            value = coerce_example(example[field.wire_name], field.rules)
            if value is None or (value == "" and not field.required):
                continue
            if example_passes(value, field.rules):
                args.append((field.python_name, value))
    return tuple(args)
