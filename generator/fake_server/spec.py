"""Fake server: the API it simulates, read from the augmented spec.

Input: the augmented OpenAPI document (``generated/openapi.augmented.yaml`` or
any spec the generator wrote). Output: a ``FakeApi``: one ``TaskRoute`` per
task pair (a create operation and the operation that reads the task back),
each with the validator of its request body (the spec's own schema, by
OpenAPI version), its ``x-dependencies`` rules and the kind of media its
results hold. Pairs come from ``x-codegen-task`` marks; without marks, a
``POST P`` with a ``GET P/{id}`` is a pair.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
from openapi_schema_validator import OAS30Validator, OAS31Validator

from ..load.yaml_tree import parse_yaml
from ..vocab import keys
from ..vocab.openapi import Operation, iter_operations, lookup, resolve_schema
from .rules import ParsedDependency, parse_dependency

# What a finished task's result holds, by the property name the spec gives it, and the file served for it.
MEDIA = {"images": "png", "videos": "mp4", "audios": "mp3", "audio": "mp3", "works": "png"}
# Item properties named ``url_<ext>`` (Kling audio: url_mp3, url_wav) are files of that kind.
URL_KINDS = {"png": "png", "jpg": "png", "jpeg": "png", "mp4": "mp4", "mp3": "mp3", "wav": "wav"}


@attrs.frozen(kw_only=True)
class TaskRoute:
    create_path: str
    get_pattern: re.Pattern[str]
    validator: Any = attrs.field(eq=False)
    body_required: bool
    dependencies: tuple[ParsedDependency, ...]
    media: str  # the task_result property: images, videos, audios
    extension: str
    count_field: str | None  # an integer body field saying how many results to make ("n")
    # (property, type) of one result item as the spec describes it; () means {index, url}.
    item_fields: tuple[tuple[str, str], ...] = ()

    def url_extension(self, field: str) -> str | None:
        """The kind of file a result property names (``url`` -> the route's; ``url_wav`` -> wav), or None."""
        if field == "url":
            return self.extension
        if field.startswith("url_"):
            return URL_KINDS.get(field[4:].lower())
        return None

    @property
    def extensions(self) -> frozenset[str]:
        fields = [name for name, _ in self.item_fields] or ["url"]
        return frozenset(e for f in fields if (e := self.url_extension(f)) is not None)

    @property
    def label(self) -> str:
        return f"POST {self.create_path}"


@attrs.frozen(kw_only=True)
class FakeApi:
    routes: tuple[TaskRoute, ...]

    def create_route(self, method: str, path: str) -> TaskRoute | None:
        if method != "POST":
            return None
        return next((r for r in self.routes if r.create_path == path.rstrip("/") or r.create_path == path), None)

    def get_route(self, method: str, path: str) -> tuple[TaskRoute, str] | None:
        if method != "GET":
            return None
        for route in self.routes:
            match = route.get_pattern.fullmatch(path)
            if match:
                return route, match.group(1)
        return None

    def list_route(self, method: str, path: str) -> TaskRoute | None:
        if method != "GET":
            return None
        return next((r for r in self.routes if r.create_path == path.rstrip("/")), None)


def _pattern(path: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^{}]*\})", path)
    return re.compile("".join("([^/]+)" if p.startswith("{") else re.escape(p) for p in parts))


def _pairs(document: Mapping[str, Any]) -> list[tuple[Operation, Operation]]:
    ops = list(iter_operations(document))
    creates = [o for o in ops if o.node.get(keys.TASK) == "create"]
    gets = [o for o in ops if o.node.get(keys.TASK) == "get"]
    pairs = []
    if creates or gets:
        for create in creates:
            match = [g for g in gets if g.path.startswith(create.path.rstrip("/") + "/")] or gets[:1]
            if match:
                pairs.append((create, match[0]))
        return pairs
    by_path = {(o.method, o.path): o for o in ops}
    for create in (o for o in ops if o.method == "post"):
        for (method, path), get in by_path.items():
            if method == "get" and re.fullmatch(re.escape(create.path.rstrip("/")) + r"/\{[^{}/]+\}", path):
                pairs.append((create, get))
                break
    return pairs


def _media(document: Mapping[str, Any], get: Operation) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The result list's property name (images, videos, audios) and the fields of one item."""
    responses = get.node.get("responses") or {}
    for status in sorted(str(s) for s in responses):
        if not status.startswith("2"):
            continue
        media = lookup(responses, f"/{status}/content/application~1json/schema")
        seen = 0
        frontier = [resolve_schema(document, media)]
        while frontier and seen < 200:
            node = frontier.pop()
            seen += 1
            for name, prop in (node.get("properties") or {}).items() if isinstance(node, dict) else ():
                if name in MEDIA:
                    item = resolve_schema(document, resolve_schema(document, prop).get("items"))
                    raw = item.get("properties")
                    properties: dict[str, Any] = raw if isinstance(raw, dict) else {}
                    fields = tuple((str(k), str(resolve_schema(document, v).get("type") or "string"))
                                   for k, v in properties.items())  # fmt: skip
                    return str(name), fields
                frontier.append(resolve_schema(document, prop))
    return "images", ()


def _validator(document: Mapping[str, Any], schema: Any) -> Any:
    root = {**(schema if isinstance(schema, dict) else {}), "components": document.get("components") or {}}
    version = str(document.get("openapi", "3.0"))
    return (OAS31Validator if version.startswith("3.1") else OAS30Validator)(root)


def build_api(document: Mapping[str, Any]) -> FakeApi:
    routes = []
    for create, get in _pairs(document):
        body = resolve_schema(document, create.node.get("requestBody"))
        schema = lookup(body, "/content/application~1json/schema")
        resolved = resolve_schema(document, schema)
        rules = resolved.get(keys.DEPENDENCIES) or []
        count = resolved.get("properties", {}).get("n") if isinstance(resolved.get("properties"), dict) else None
        media, item_fields = _media(document, get)
        routes.append(
            TaskRoute(
                create_path=create.path,
                get_pattern=_pattern(get.path),
                validator=_validator(document, schema),
                body_required=bool(body.get("required")) or bool(resolved.get("required")),
                dependencies=tuple(parse_dependency(str(r)) for r in rules if isinstance(rules, list)),
                media=media,
                extension=MEDIA[media],
                count_field="n" if isinstance(count, dict) and count.get("type") == "integer" else None,
                item_fields=item_fields,
            )
        )
    return FakeApi(routes=tuple(routes))


def load_api(spec_path: str | Path) -> FakeApi:
    """The ``FakeApi`` of a spec file (YAML or JSON) as the generator wrote it."""
    path = Path(spec_path)
    document, _ = parse_yaml(path.read_text(encoding="utf-8"), file=path.as_posix())
    if not isinstance(document, dict):
        raise ValueError(f"{path}: not an OpenAPI document")
    api = build_api(document)
    if not api.routes:
        raise ValueError(f"{path}: no task operations (x-codegen-task, or POST P with GET P/{{id}})")
    return api


__all__ = ["FakeApi", "TaskRoute", "build_api", "load_api"]
