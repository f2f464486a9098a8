"""Stage 5, build: operations grouped into resources with meaningful method names.

Input: the augmented document, the prepared copy given
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

from ..vocab import keys
from ..vocab.findings import SpecError
from ..vocab.openapi import IDEMPOTENT_METHODS, Operation, iter_operations, lookup, resolve_schema
from ..vocab.sourcemap import SourceMap, join_pointer
from . import docstrings
from .naming import CLIENT_RESERVED, METHOD_RESERVED, RESOURCE_RESERVED, class_name, identifier
from .rules import coerce_example, example_passes, property_rules
from .views import FieldView, ModelView, OperationView, ParamView, ResourceView


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
    explicit = op.get(keys.RESOURCE)
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


def _raw_params(document: dict[str, Any], operation: Operation) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    shared = lookup(document, join_pointer("/paths", operation.path, "parameters"))
    for param in [*(shared if isinstance(shared, list) else []), *(operation.node.get("parameters") or [])]:
        param = resolve_schema(document, param)
        if param:
            found[(str(param.get("name")), str(param.get("in")))] = param
    return found


def _unique(name: str, taken: set[str]) -> str:
    while name in taken or name in METHOD_RESERVED:
        name += "_"
    taken.add(name)
    return name


def build_operation(
    document: dict[str, Any],
    operation: Operation,
    endpoint: Any,
    models: dict[str, ModelView],
    source_map: SourceMap | None = None,
) -> OperationView:
    path, method, op = operation.path, operation.method, operation.node
    raw_params = _raw_params(document, operation)
    taken: set[str] = set()
    params = []
    for location, props in (("path", endpoint.path_parameters), ("query", endpoint.query_parameters)):
        for prop in props:
            raw = raw_params.get((_text(prop.name), location), {})
            rename = raw.get(keys.NAME)
            params.append(
                ParamView(
                    wire_name=_text(prop.name),
                    python_name=_unique(identifier(rename) if isinstance(rename, str) else str(prop.python_name), taken),
                    location=location,
                    required=bool(prop.required),
                    type_string=_type_string(prop, bool(prop.required)),
                    description=str(raw.get("description") or ""),
                    rules=tuple(property_rules(_text(prop.name), raw.get("schema"), document)),
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
        schema = resolve_schema(document, lookup(document, view.pointer) if view else None)
        raw_props = schema.get("properties") or {}
        for prop in [*(model.required_properties or []), *(model.optional_properties or [])]:
            raw = resolve_schema(document, raw_props.get(_text(prop.name)))
            fields.append(
                FieldView(
                    wire_name=_text(prop.name),
                    python_name=str(prop.python_name),
                    arg_name=_unique(str(prop.python_name), taken),
                    required=bool(prop.required),
                    type_string=_type_string(prop, bool(prop.required)),
                    description=str(raw.get("description") or ""),
                    rules=tuple(r for r in (view.rules if view else ()) if r.field == _text(prop.name)),
                    is_image=bool(raw.get(keys.IMAGE)),
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
    unwrap = op.get(keys.UNWRAP) if isinstance(op.get(keys.UNWRAP), str) else None
    unwrapped_class = unwrap_attr = None
    if unwrap and response_class:
        found = _unwrapped_class(models.get(response_class), unwrap)
        if found is None:
            raise SpecError(f"{keys.UNWRAP} {unwrap!r}: the response model has no object property of that name",
                            source_map.locate(operation.pointer) if source_map else None)
        unwrapped_class, unwrap_attr = found
    task = op.get(keys.TASK)
    task_fields = {k: str(op[k]) for k in (keys.TASK_ID_FIELD, keys.TASK_STATUS_FIELD) if isinstance(op.get(k), str)}
    method_name = op.get(keys.METHOD) or op.get("operationId") or str(endpoint.name)
    view_ = OperationView(
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
        task_fields=task_fields,
        idempotent=method in IDEMPOTENT_METHODS,
        example=_example_args(op, params, fields),
        dependencies=view.dependencies if view else (),
    )
    return attrs.evolve(view_, docstring=operation_docstring(view_))


def _unwrapped_class(view: ModelView | None, field: str) -> tuple[str, str] | None:
    """The class of the response property named ``field`` and its attribute name in the model."""
    if view is None:
        return None
    for prop in [*(view.opc.required_properties or []), *(view.opc.optional_properties or [])]:
        if _text(prop.name) == field and isinstance(prop, ModelProperty):
            return str(prop.class_info.name), str(prop.python_name)
    return None


def build_resources(
    document: dict[str, Any], opc: Any, models: list[ModelView], source_map: SourceMap | None = None
) -> tuple[ResourceView, ...]:
    endpoints = _endpoints(opc)
    by_class = {str(m.opc.class_info.name): m for m in models}
    grouped: dict[str, list[OperationView]] = {}
    for operation in sorted(iter_operations(document), key=lambda o: (o.path, o.method)):
        endpoint = endpoints.get((operation.method, _path_shape(operation.path)))
        if endpoint is None:
            continue
        view = build_operation(document, operation, endpoint, by_class, source_map)
        if view.resource in CLIENT_RESERVED or view.resource.startswith("_"):
            view = attrs.evolve(view, resource=view.resource.strip("_") + "_ops")
        if view.method_name in RESOURCE_RESERVED or view.method_name.startswith("_"):
            view = attrs.evolve(view, method_name=view.method_name.strip("_") + "_op")
        taken = {o.method_name for o in grouped.get(view.resource, [])}
        taken |= {f"{o.method_name}_and_wait" for o in grouped.get(view.resource, []) if o.task_role == "create"}
        if view.method_name in taken:
            where = source_map.locate(operation.pointer) if source_map else None
            raise SpecError(f"two operations map to {view.resource}.{view.method_name}; set distinct operationIds "
                            f"(or {keys.METHOD} in a hand-written overlay)", where)
        grouped.setdefault(view.resource, []).append(view)
    return tuple(_resource(name, tuple(grouped[name]), by_class) for name in sorted(grouped))


def _resource(name: str, ops: tuple[OperationView, ...], models: dict[str, ModelView]) -> ResourceView:
    create = next((o for o in ops if o.task_role == "create"), None)
    get = next((o for o in ops if o.task_role == "get"), None)
    id_field = status_field = ""
    if create is not None and get is not None:
        id_field = _task_field(create, models, keys.TASK_ID_FIELD, _TASK_ID_NAMES)
        status_field = _task_field(get, models, keys.TASK_STATUS_FIELD, _TASK_STATUS_NAMES)
        if not id_field or not status_field:
            create = get = None
    resource = ResourceView(
        name=name,
        class_name=class_name(name) + "Resource",
        operations=ops,
        task_create=create,
        task_get=get,
        task_id_field=id_field,
        task_status_field=status_field,
    )
    if create is None or get is None:
        return resource
    return attrs.evolve(
        resource, wait_docstring=wait_docstring(resource), create_and_wait_docstring=create_and_wait_docstring(resource)
    )


# Where a task model keeps its id and status when the spec does not say (x-codegen-task-id-field, ...).
_TASK_ID_NAMES = ("task_id", "id")
_TASK_STATUS_NAMES = ("task_status", "status", "state")


def _task_field(op: OperationView, models: dict[str, ModelView], key: str, conventional: tuple[str, ...]) -> str:
    """The attribute of the task model ``op`` returns that holds the id (or status)."""
    task_class = op.unwrapped_class or op.response_class
    view = models.get(task_class or "")
    if view is None:
        return ""
    attrs_by_wire = {
        _text(prop.name): str(prop.python_name)
        for prop in [*(view.opc.required_properties or []), *(view.opc.optional_properties or [])]
    }
    explicit = op.task_fields.get(key)
    if explicit:
        return attrs_by_wire.get(explicit, "")
    return next((attrs_by_wire[n] for n in conventional if n in attrs_by_wire), "")


def _returns(op: OperationView) -> str:
    if op.unwrapped_class:
        return f"{op.unwrapped_class}: the ``{op.unwrap}`` object of the response envelope."
    if op.response_class and op.response_list:
        return f"list[{op.response_class}]: the decoded response."
    if op.response_class:
        return f"{op.response_class}: the decoded response."
    return "The decoded JSON response (the spec gives it no schema)."


_RAISES = (
    ("RequestValidationError", "an argument breaks a rule of the spec; nothing was sent."),
    ("APIError", "the request failed; see the exception tree in ``errors``."),
)


def operation_docstring(op: OperationView) -> str:
    args: list[list[str]] = []
    for param in op.params:
        phrases = docstrings.rule_phrases(r for r in param.rules if r.keyword != "type")
        if param.required:
            phrases.insert(0, "Required.")
        args.append(docstrings.argument_entry(param.python_name, param.description, phrases,
                                              f"The ``{param.wire_name}`` {param.location} parameter."))
    dependencies = {
        f.wire_name: [docstrings.field_dependency_phrase(d, f.wire_name) for d in op.dependencies if f.wire_name in d.fields]
        for f in op.body_fields
    }
    for field in op.body_fields:
        phrases = docstrings.rule_phrases(r for r in field.rules if r.keyword not in ("type", "required"))
        if field.required:
            phrases.insert(0, "Required.")
        if field.is_image:
            phrases.append("A URL, a local path or raw bytes; local images are sent as base64.")
        phrases.extend(dependencies.get(field.wire_name, []))
        if field.default is not None:
            phrases.append(f"The API's default when omitted: {docstrings.show(field.default)}.")
        args.append(docstrings.argument_entry(field.arg_name, field.description, phrases,
                                              f"The ``{field.wire_name}`` field of the request body."))
    args.append(docstrings.argument_entry("request_timeout", "", (),
                                          "HTTP timeout for this call (seconds or an ``httpx.Timeout``); "
                                          "defaults to the client's."))
    return docstrings.compose(
        summary=op.summary or f"{op.http_method} {op.path}",
        description=op.description,
        extra=(f"``{op.http_method} {op.path}``",),
        args=args,
        returns=_returns(op),
        raises=_RAISES,
    )


def wait_docstring(resource: ResourceView) -> str:
    get = resource.task_get
    assert get is not None
    return docstrings.compose(
        summary=f"Poll ``{get.method_name}`` until the task succeeds.",
        args=[
            docstrings.argument_entry("task_id", "The id of the task to wait for.", (), ""),
            docstrings.argument_entry("wait_timeout", "Seconds to wait in all; nothing waits forever.", (), ""),
            docstrings.argument_entry("poll_interval", "Seconds between the first polls; the interval grows.", (), ""),
            docstrings.argument_entry("on_progress", "Called with every task fetched, the last one included.", (), ""),
            docstrings.argument_entry("timeout", "The former name of ``wait_timeout``; it wins when given.", (), ""),
        ],
        returns=(_returns(get) or "").replace(": the ``", ": the finished task, the ``"),
        raises=(
            ("TaskFailedError", "the task ended in ``failed`` (it carries the task and its message)."),
            ("WaitTimeoutError", "``wait_timeout`` seconds passed first."),
            ("APIError", "a poll failed after the client's retries."),
        ),
    )


def create_and_wait_docstring(resource: ResourceView) -> str:
    create, get = resource.task_create, resource.task_get
    assert create is not None and get is not None
    return docstrings.compose(
        summary=f"``{create.method_name}`` then ``wait``: create the task and return it once it has finished.",
        description=f"Takes the arguments of ``{create.method_name}``, plus ``wait_timeout``, ``poll_interval`` "
        f"and ``on_progress`` of ``wait``.",
        returns=_returns(get),
        raises=(*_RAISES, ("TaskFailedError", "the task ended in ``failed``."),
                ("WaitTimeoutError", "``wait_timeout`` seconds passed first.")),
    )


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
