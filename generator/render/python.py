"""Stage 6, render: the Python spelling of the model's types, computed before the templates run.

Input: ``TypeRef`` values and where they are used (a request argument or
field, or an answer). Output: annotation text (``ImageGenerationRequestAspectRatio |
ImageGenerationRequestAspectRatioValue | _t.Unset``), codec expressions for the
runtime's decoding table (``_m.ListOf(_m.ModelOf("pkg.models.task_image",
"TaskImage"))``) and the class names a module must import. Generated modules
import the runtime and lowercase modules under underscore aliases (``_m``,
``_t``, ``_dt``), so no spec name can shadow them.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..build.views import TypeRef

_SCALAR_ANNOTATIONS = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "null": "None",
    "any": "Any",
    "datetime": "_dt.datetime",
    "date": "_dt.date",
    "uuid": "_uuid.UUID",
    "bytes": "bytes",
    "file": "_t.FileTypes",
}
_SCALAR_CODECS = {
    "str": "_m.STR",
    "int": "_m.INT",
    "float": "_m.FLOAT",
    "bool": "_m.BOOL",
    "null": "_m.NULL",
    "any": "_m.ANY",
    "datetime": "_m.DATETIME",
    "date": "_m.DATE",
    "uuid": "_m.UUID",
    "bytes": "_m.ANY",
    "file": "_m.ANY",
}


def annotation(ref: TypeRef, *, request: bool) -> str:
    """The type as written in a signature or a field; request sides also accept an enum's literal values."""
    if ref.kind in _SCALAR_ANNOTATIONS:
        return _SCALAR_ANNOTATIONS[ref.kind]
    if ref.kind == "model":
        return ref.target
    if ref.kind == "enum":
        return f"{ref.target} | {ref.literal}" if request else ref.target
    if ref.kind == "list":
        return f"list[{annotation(ref.items[0], request=request)}]"
    if ref.kind == "map":
        return f"dict[str, {annotation(ref.items[0], request=request)}]"
    if ref.kind == "union":
        parts: list[str] = []
        for item in ref.items:
            for part in split_union(annotation(item, request=request)):
                if part not in parts:
                    parts.append(part)
        return " | ".join(parts)
    return "Any"


def split_union(text: str) -> list[str]:
    """The members of an annotation's top-level ``|`` (not those inside ``dict[str, A | B]``)."""
    parts: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def field_annotation(ref: TypeRef, *, request: bool, required: bool, nullable: bool) -> str:
    """With ``None`` for nullable fields, ``_t.Unset`` for optional request fields, ``None`` for optional answers."""
    text = annotation(ref, request=request)
    extra: list[str] = []
    if nullable or (not request and not required):
        extra.append("None")
    if request and not required:
        extra.append("_t.Unset")
    parts = split_union(text)
    return " | ".join([*parts, *(e for e in extra if e not in parts)])


def codec(ref: TypeRef, package: str) -> str:
    """The runtime codec that decodes a JSON value into this type."""
    if ref.kind in _SCALAR_CODECS:
        return _SCALAR_CODECS[ref.kind]
    if ref.kind == "model":
        return f"_m.ModelOf({f'{package}.models.{ref.module}'!r}, {ref.target!r})"
    if ref.kind == "enum":
        return f"_m.EnumOf({ref.target})"
    if ref.kind == "list":
        return f"_m.ListOf({codec(ref.items[0], package)})"
    if ref.kind == "map":
        return f"_m.MapOf({codec(ref.items[0], package)})"
    if ref.kind == "union":
        return "_m.UnionOf(" + ", ".join(codec(item, package) for item in ref.items) + ")"
    return "_m.ANY"


def classes_in(refs: Iterable[TypeRef]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(module, name) of the models, and of the enums (plus their literal aliases), the types mention."""
    models: set[tuple[str, str]] = set()
    enums: set[tuple[str, str]] = set()
    for ref in refs:
        for inner in ref.walk():
            if inner.kind == "model":
                models.add((inner.module, inner.target))
            elif inner.kind == "enum":
                enums.add((inner.module, inner.target))
                enums.add((inner.module, inner.literal))
    return models, enums


def uses(refs: Iterable[TypeRef], *kinds: str) -> bool:
    return any(inner.kind in kinds for ref in refs for inner in ref.walk())
