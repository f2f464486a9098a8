"""Stage 5, build: each operation of the spec as a method draft: its arguments, its body and how to read the answer.

Input: the augmented document, the schema typer, the naming scopes. Output:
``Draft`` records (an ``OperationView`` still without its final name) for the
operations that can be built, and ``(pointer, why)`` for those that cannot.
Parameters in the path, query, headers and cookies become keyword arguments
(headers the security scheme or content negotiation already set are left to
the client); JSON object bodies become a model plus one argument per field,
other JSON bodies one ``body`` argument; ``multipart/form-data`` and
``application/x-www-form-urlencoded`` bodies become one argument per field
(files as ``FileTypes``); text and binary bodies one ``body``. Answers are
JSON (typed, optionally one property of an envelope), text, bytes or nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ..vocab import keys
from ..vocab.openapi import (
    IDEMPOTENT_METHODS,
    Operation,
    auth_header_names,
    is_redundant_header,
    lookup,
    resolve_schema,
)
from ..vocab.sourcemap import SourceMap, join_pointer
from .naming import METHOD_ARGUMENTS, NameScope, natural_name
from .rules import RuleSpec, coerce_example, example_passes, flatten, property_rules
from .schemas import SchemaTyper
from .views import AnswerView, BodyArg, BodyView, FieldView, OperationView, ParamView, TypeRef

_BODY_ORDER = ("json", "multipart", "form", "text", "bytes")
_NONE = TypeRef(kind="null")


@attrs.frozen(kw_only=True)
class Draft:
    operation: Operation
    view: OperationView  # name still empty
    segments: tuple[str, ...]  # static path segments after the common prefix
    item: bool  # the path ends with a parameter
    after_item: bool = False  # the path's last segment follows a parameter (``/orders/{id}/cancel``)


class Skip(Exception):
    """This operation cannot become a method; the message says why."""


def _json_type(content_type: str) -> bool:
    base = content_type.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json") or base == "*/*" or base == "application/*"


def _body_kind(content_type: str) -> str | None:
    base = content_type.split(";")[0].strip().lower()
    if _json_type(base):
        return "json"
    if base == "multipart/form-data":
        return "multipart"
    if base == "application/x-www-form-urlencoded":
        return "form"
    if base.startswith("text/"):
        return "text"
    if base in ("application/octet-stream", "application/pdf") or base.startswith(("image/", "audio/", "video/")):
        return "bytes"
    return None


class OperationBuilder:
    def __init__(
        self, document: Mapping[str, Any], typer: SchemaTyper, prefix_length: int, source_map: SourceMap | None
    ) -> None:
        self.document = document
        self.typer = typer
        self.prefix_length = prefix_length
        self.source_map = source_map
        self.auth_headers = auth_header_names(document)
        self.scopes: list[NameScope] = []

    def hint(self, operation: Operation) -> str:
        """A class-name hint from the path and method: ``/kling/v1/videos/text2video`` POST -> VideosText2videoPost."""
        statics = [s for s in operation.path.split("/") if s and not s.startswith("{")][self.prefix_length :]
        words = [natural_name(s, "pascal") for s in statics] or ["Root"]
        return "".join(words) + natural_name(operation.method, "pascal")

    def build(self, operation: Operation) -> Draft:
        op = operation.node
        scope = NameScope(f"arguments of {operation.label}", METHOD_ARGUMENTS)
        self.scopes.append(scope)
        params = self._params(operation, scope)
        body = self._body(operation, scope)
        answer = self._answer(operation)
        task = op.get(keys.TASK)
        segments = [s for s in operation.path.split("/") if s]
        view = OperationView(
            name="",
            http_method=operation.method.upper(),
            path=operation.path,
            pointer=operation.pointer,
            operation_id=str(op.get("operationId") or ""),
            summary=str(op.get("summary") or ""),
            description=str(op.get("description") or ""),
            params=tuple(params),
            body=body,
            answer=answer,
            idempotent=operation.method in IDEMPOTENT_METHODS,
            task_role=task if task in ("create", "get") else None,
        )
        statics = tuple(s for s in segments if not s.startswith("{"))[self.prefix_length :]
        return Draft(operation=operation, view=view, segments=statics,
                     item=bool(segments) and segments[-1].startswith("{"),
                     after_item=len(segments) >= 2 and segments[-2].startswith("{")
                     and not segments[-1].startswith("{"))  # fmt: skip

    # -- parameters ------------------------------------------------------------

    def _raw_params(self, operation: Operation) -> list[tuple[str, dict[str, Any]]]:
        found: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
        shared = lookup(self.document, join_pointer("/paths", operation.path, "parameters"))
        sources = [(join_pointer("/paths", operation.path, "parameters"), shared),
                   (join_pointer(operation.pointer, "parameters"), operation.node.get("parameters"))]  # fmt: skip
        for base, params in sources:
            for index, raw in enumerate(params if isinstance(params, list) else []):
                param = resolve_schema(self.document, raw)
                if not param.get("name") or param.get("in") not in ("path", "query", "header", "cookie"):
                    continue
                found[(str(param["name"]), str(param["in"]))] = (join_pointer(base, index), param)
        return list(found.values())

    def _params(self, operation: Operation, scope: NameScope) -> list[ParamView]:
        params = []
        declared = {p.strip("{}") for p in operation.path.split("/") if p.startswith("{") and p.endswith("}")}
        raw_params = self._raw_params(operation)
        named = {p["name"] for _, p in raw_params if p.get("in") == "path"}
        for missing in sorted(declared - named):
            raw_params.append((operation.pointer, {"name": missing, "in": "path", "required": True,
                                                   "schema": {"type": "string"}}))  # fmt: skip
        for pointer, param in raw_params:
            if is_redundant_header(param, self.auth_headers):
                continue
            wire = str(param["name"])
            location = str(param["in"])
            if location == "path" and wire not in declared:
                continue
            schema = param.get("schema")
            if not isinstance(schema, Mapping):
                content = param.get("content")
                schema = (
                    next((m.get("schema") for m in content.values() if isinstance(m, Mapping)), None)
                    if isinstance(content, Mapping)
                    else None
                )
            schema = schema if isinstance(schema, Mapping) else {"type": "string"}
            rename = param.get(keys.NAME)
            param_type, _ = self.typer.type_of(schema, join_pointer(pointer, "schema"), self.hint(operation)
                                               + natural_name(wire, "pascal"))  # fmt: skip
            if param_type.kind in ("model", "map", "list") and location != "query":
                param_type = TypeRef(kind="str")
            params.append(
                ParamView(
                    wire=wire,
                    arg=scope.allocate(str(rename or wire), "snake", pointer=pointer),
                    location=location,  # type: ignore[arg-type]
                    type=param_type,
                    required=bool(param.get("required")) or location == "path",
                    description=str(param.get("description") or ""),
                    rules=tuple(property_rules(wire, schema, self.document)),
                    example=param.get("example"),
                )
            )
        return params

    # -- request bodies --------------------------------------------------------

    def _body(self, operation: Operation, scope: NameScope) -> BodyView | None:
        body = resolve_schema(self.document, operation.node.get("requestBody"))
        content = body.get("content")
        if not isinstance(content, Mapping) or not content:
            return None
        choices = sorted(
            ((kind, ctype, media) for ctype, media in content.items()
             if isinstance(media, Mapping) and (kind := _body_kind(str(ctype))) is not None),
            key=lambda c: _BODY_ORDER.index(c[0]),
        )  # fmt: skip
        if not choices:
            raise Skip(f"no request body content type the client can send ({', '.join(map(str, content))})")
        kind, ctype, media = choices[0]
        pointer = join_pointer(operation.pointer, "requestBody", "content", ctype, "schema")
        schema = media.get("schema") if isinstance(media.get("schema"), Mapping) else {}
        required = bool(body.get("required"))
        hint = str(flatten(self.document, schema).get("title") or self.hint(operation) + "Request")
        if kind == "json":
            model = self.typer.model_for(schema, pointer, hint) if schema else None
            if model is not None:
                args = tuple(BodyArg(arg=scope.allocate(f.attr, "snake", pointer=pointer), field=f)
                             for f in model.fields)  # fmt: skip
                example = self._example(media, args)
                return BodyView(kind="model", content_type=str(ctype), required=required, model=model.class_name,
                                model_module=model.module, args=args, dependencies=model.dependencies,
                                example=example)  # fmt: skip
            body_type, _ = self.typer.type_of(schema, pointer, hint)
            return BodyView(kind="json", content_type=str(ctype), required=required, type=body_type,
                            body_arg=scope.allocate("body", "snake", pointer=pointer))  # fmt: skip
        if kind in ("multipart", "form"):
            flat = flatten(self.document, schema)
            raw_properties = flat.get("properties")
            properties: Mapping[str, Any] = raw_properties if isinstance(raw_properties, Mapping) else {}
            needed = {r for r in flat.get("required") or [] if isinstance(r, str)}
            args_list = []
            for wire, prop in properties.items():
                prop_pointer = join_pointer(pointer, "properties", wire)
                resolved = flatten(self.document, prop)
                prop_type, nullable = self.typer.type_of(prop, prop_pointer, hint + natural_name(str(wire), "pascal"))
                if kind == "multipart" and (prop_type.kind == "bytes" or resolved.get("format") == "binary"):
                    prop_type = TypeRef(kind="file")
                elif kind == "multipart" and prop_type.kind == "list" and prop_type.items[0].kind == "bytes":
                    prop_type = TypeRef(kind="list", items=(TypeRef(kind="file"),))
                rules = tuple(r for r in property_rules(str(wire), prop, self.document) if prop_type.kind != "file")
                field = FieldView(attr=str(wire), wire=str(wire), type=prop_type, required=wire in needed,
                                  nullable=nullable, description=str(resolved.get("description") or ""),
                                  rules=rules)  # fmt: skip
                args_list.append(BodyArg(arg=scope.allocate(str(wire), "snake", pointer=prop_pointer), field=field))
            return BodyView(kind=kind, content_type=str(ctype), required=required, args=tuple(args_list))  # type: ignore[arg-type]
        return BodyView(kind=kind, content_type=str(ctype), required=required,  # type: ignore[arg-type]
                        type=TypeRef(kind="str" if kind == "text" else "bytes"),
                        body_arg=scope.allocate("body", "snake", pointer=pointer))  # fmt: skip

    @staticmethod
    def _example(media: Mapping[str, Any], args: tuple[BodyArg, ...]) -> tuple[tuple[str, Any], ...]:
        """Keyword arguments from the spec's own example, keeping only values that pass the spec's rules."""
        example = media.get("example")
        if not isinstance(example, Mapping):
            return ()
        found: list[tuple[str, Any]] = []
        for arg in args:
            if arg.field.wire not in example:
                continue
            value = coerce_example(example[arg.field.wire], arg.field.rules)
            if value is None or (value == "" and not arg.field.required):
                continue
            if example_passes(value, arg.field.rules) and arg.field.type.kind in (
                "str",
                "int",
                "float",
                "bool",
                "enum",
            ):
                found.append((arg.arg, value))
        return tuple(found)

    # -- answers ---------------------------------------------------------------

    def _answer(self, operation: Operation) -> AnswerView:
        responses = operation.node.get("responses")
        responses = responses if isinstance(responses, Mapping) else {}
        statuses = sorted((str(s) for s in responses if str(s)[:1] == "2" or str(s).upper() == "2XX"),
                          key=lambda s: (s != "200", s))  # fmt: skip
        if not statuses and "default" in responses:
            statuses = ["default"]
        for status in statuses:
            response = resolve_schema(self.document, responses.get(status))
            content = response.get("content")
            if not isinstance(content, Mapping) or not content:
                continue
            for ctype, media in content.items():
                if not isinstance(media, Mapping):
                    continue
                kind = _body_kind(str(ctype))
                pointer = join_pointer(operation.pointer, "responses", status, "content", ctype, "schema")
                schema = media.get("schema") if isinstance(media.get("schema"), Mapping) else {}
                if kind == "json":
                    answer_type, _nullable = self.typer.type_of(schema, pointer, self.hint(operation) + "Response")
                    return self._unwrap(operation, AnswerView(kind="json", type=answer_type))
                if kind == "text":
                    return AnswerView(kind="text", type=TypeRef(kind="str"))
                if kind is not None:
                    return AnswerView(kind="bytes", type=TypeRef(kind="bytes"))
        if statuses:
            return AnswerView(kind="none", type=_NONE)
        return AnswerView(kind="json", type=TypeRef(kind="any"))

    def _unwrap(self, operation: Operation, answer: AnswerView) -> AnswerView:
        wire = operation.node.get(keys.UNWRAP)
        if not isinstance(wire, str) or answer.type.kind != "model":
            return answer
        model = next((m for m in self.typer.models.values() if m.class_name == answer.type.target), None)
        field = next((f for f in model.fields if f.wire == wire), None) if model else None
        if field is None:
            raise Skip(f"{keys.UNWRAP} {wire!r}: the response model {answer.type.target} has no such property")
        return attrs.evolve(answer, unwrap_wire=wire, unwrap_attr=field.attr, result=field.type)


def param_rules(params: tuple[ParamView, ...]) -> tuple[RuleSpec, ...]:
    """The rules checked on the arguments of parameters: required ones, then each parameter's schema rules."""
    rules = [RuleSpec(field=p.wire, keyword="required", value=True, evidence="required parameter")
             for p in params if p.required]  # fmt: skip
    for param in params:
        rules.extend(param.rules)
    return tuple(rules)
