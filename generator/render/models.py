"""Stage 6, render: what each model and enum module shows, computed before its template runs.

Input: ``ModelView`` / ``EnumView``. Output: plain records of strings and
spec values (field annotations and defaults, the codec table, the rules, the
imports), so the templates only place them and escape spec text once.
"""

from __future__ import annotations

from typing import Any

import attrs

from ..build.views import EnumView, ModelView
from .python import classes_in, codec, field_annotation, uses


@attrs.frozen(kw_only=True)
class FieldLine:
    attr: str
    wire: str
    annotation: str
    default: str  # "" (required), "_t.UNSET" or "None"
    codec: str
    required: bool


@attrs.frozen(kw_only=True)
class ModelFile:
    view: ModelView
    base: str
    fields: tuple[FieldLine, ...]
    extras: str  # the additional_properties value annotation
    runtime_imports: tuple[str, ...]
    enum_imports: tuple[tuple[str, str], ...]  # (module, name) imported at run time
    model_imports: tuple[tuple[str, str], ...]  # (module, name) imported for type checking only
    helps: tuple[tuple[str, str], ...]


def model_file(view: ModelView, package: str) -> ModelFile:
    lines = []
    for field in view.fields:
        annotation = field_annotation(field.type, request=view.request, required=field.required,
                                      nullable=field.nullable)  # fmt: skip
        default = "" if field.required else ("_t.UNSET" if view.request else "None")
        lines.append(FieldLine(attr=field.attr, wire=field.wire, annotation=annotation, default=default,
                               codec=codec(field.type, package), required=field.required))  # fmt: skip
    refs = [f.type for f in view.fields] + ([view.extras] if view.extras is not None else [])
    models, enums = classes_in(refs)
    models.discard((view.module, view.class_name))
    runtime = {"_m", "_attrs"}
    if view.request:
        runtime |= {"_t", "_v"}
    if uses(refs, "datetime", "date"):
        runtime.add("_dt")
    if uses(refs, "uuid"):
        runtime.add("_uuid")
    extras = (
        field_annotation(view.extras, request=view.request, required=True, nullable=False) if view.extras else "Any"
    )
    return ModelFile(
        view=view,
        base="_m.RequestModel" if view.request else "_m.ResponseModel",
        fields=tuple(lines),
        extras=extras,
        runtime_imports=tuple(sorted(runtime)),
        enum_imports=tuple(sorted(enums)),
        model_imports=tuple(sorted(models)),
        helps=tuple((f.wire, f.docline) for f in view.fields),
    )


@attrs.frozen(kw_only=True)
class EnumFile:
    view: EnumView
    base: str
    members: tuple[tuple[str, Any], ...]


def enum_file(view: EnumView) -> EnumFile:
    return EnumFile(view=view, base="OpenStrEnum" if view.value_type == "str" else "OpenIntEnum",
                    members=view.members)  # fmt: skip
