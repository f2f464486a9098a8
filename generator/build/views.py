"""Stage 5, build: the intermediate model templates loop over.

Input: none (records only). Output: ``ClientModel`` and its views: models and
enums with their fields, resources (a tree, as the client's attributes) with
their operations, parameters, bodies and answers, task pairs, docstrings and
the CLI. Every name in here was allocated by the naming authority; every spec
string is still raw (the templates escape it once).
"""

from __future__ import annotations

from typing import Any, Literal

import attrs

from .naming import Rename
from .rules import DependencySpec, RuleSpec

TypeKind = Literal[
    "str", "int", "float", "bool", "null", "any", "model", "enum", "list", "map", "union", "datetime", "date",
    "uuid", "bytes", "file",
]  # fmt: skip


@attrs.frozen(kw_only=True)
class TypeRef:
    """A Python type for a schema: a builtin, a generated class, or a container of those."""

    kind: TypeKind
    target: str = ""  # class name (model, enum)
    module: str = ""  # module name under models/ (model, enum)
    items: tuple[TypeRef, ...] = ()  # list item, map value, union members
    literal: str = ""  # the enum's Literal alias, for request-side annotations

    def walk(self) -> list[TypeRef]:
        """This type and every type inside it."""
        found = [self]
        for item in self.items:
            found.extend(item.walk())
        return found


@attrs.frozen(kw_only=True)
class ImageView:
    """``x-codegen-image`` on a field: the limits the spec states for an uploaded image, with their evidence."""

    formats: tuple[str, ...] | None = None
    formats_evidence: str = ""
    max_bytes: int | None = None
    max_bytes_evidence: str = ""
    min_side: int | None = None
    min_side_evidence: str = ""
    ratio: tuple[str, str] | None = None
    ratio_evidence: str = ""

    @property
    def has_rules(self) -> bool:
        return any(v is not None for v in (self.formats, self.max_bytes, self.min_side, self.ratio))


@attrs.frozen(kw_only=True)
class FieldView:
    """One property of a model."""

    attr: str
    wire: str
    type: TypeRef
    required: bool
    nullable: bool
    description: str
    rules: tuple[RuleSpec, ...]
    default: Any = None
    image: ImageView | None = None
    docline: str = ""  # "description. Rules." for the Attributes section and the CLI


@attrs.frozen(kw_only=True)
class ModelView:
    class_name: str
    module: str
    pointer: str
    request: bool  # request models validate and use UNSET; response models read lenient, None for absent
    fields: tuple[FieldView, ...]
    rules: tuple[RuleSpec, ...]
    dependencies: tuple[DependencySpec, ...]
    extras: TypeRef | None  # additionalProperties value type (always kept, typed Any when not stated)
    docstring: str


@attrs.frozen(kw_only=True)
class EnumView:
    class_name: str
    module: str
    pointer: str
    value_type: Literal["str", "int"]
    members: tuple[tuple[str, Any], ...]  # (member name, value)
    literal: str  # name of the Literal alias of the values
    docstring: str


@attrs.frozen(kw_only=True)
class ParamView:
    """A path, query, header or cookie parameter as a keyword argument."""

    wire: str
    arg: str
    location: Literal["path", "query", "header", "cookie"]
    type: TypeRef
    required: bool
    description: str
    rules: tuple[RuleSpec, ...]
    example: Any = None


@attrs.frozen(kw_only=True)
class BodyArg:
    """One keyword argument that fills a body field."""

    arg: str
    field: FieldView


@attrs.frozen(kw_only=True)
class BodyView:
    kind: Literal["model", "json", "multipart", "form", "text", "bytes"]
    content_type: str
    required: bool
    model: str = ""  # class name ("model" bodies)
    model_module: str = ""
    args: tuple[BodyArg, ...] = ()  # model, multipart and form bodies: one argument per field
    type: TypeRef | None = None  # json/text/bytes bodies: the single ``body`` argument
    body_arg: str = ""
    dependencies: tuple[DependencySpec, ...] = ()
    example: tuple[tuple[str, Any], ...] = ()


@attrs.frozen(kw_only=True)
class AnswerView:
    """How to read the answer: JSON into a type (optionally one property of an envelope), text, bytes or none."""

    kind: Literal["json", "text", "bytes", "none"]
    type: TypeRef
    unwrap_wire: str = ""
    unwrap_attr: str = ""
    result: TypeRef | None = None  # the unwrapped type, when unwrapping

    @property
    def returns(self) -> TypeRef:
        return self.result or self.type


@attrs.frozen(kw_only=True)
class OperationView:
    name: str  # the method name
    http_method: str
    path: str
    pointer: str
    operation_id: str
    summary: str
    description: str
    params: tuple[ParamView, ...]
    body: BodyView | None
    answer: AnswerView
    idempotent: bool
    task_role: Literal["create", "get"] | None = None
    endpoint_const: str = ""  # module-level Endpoint constant
    rules_const: str = ""  # module-level parameter rules constant ("" when none)
    docstring: str = ""
    label: str = ""  # "images.generate"


@attrs.frozen(kw_only=True)
class TaskPair:
    create: OperationView
    get: OperationView
    id_attr: str  # attribute of the task model holding its id
    status_attr: str
    succeeded: tuple[str, ...]
    failed: tuple[str, ...]
    create_and_wait: str  # method name
    wait_docstring: str = ""
    create_and_wait_docstring: str = ""


@attrs.frozen(kw_only=True)
class ResourceView:
    attr: str  # the attribute on its parent (client or resource); "" for the client itself
    path: tuple[str, ...]  # attribute path from the client, e.g. ("videos", "text2video")
    class_name: str
    operations: tuple[OperationView, ...]
    children: tuple[ResourceView, ...]
    task: TaskPair | None = None
    docstring: str = ""

    def walk(self) -> list[ResourceView]:
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found


@attrs.frozen(kw_only=True)
class CliOptionView:
    flag: str
    dest: str
    wire: str
    type: str
    required: bool


@attrs.frozen(kw_only=True)
class CliTaskView:
    words: tuple[str, ...]
    resource: ResourceView
    task: TaskPair
    options: tuple[CliOptionView, ...]


@attrs.frozen(kw_only=True)
class ClientModel:
    package_name: str
    title: str
    version: str
    base_url: str
    api_key_env: str
    base_url_env: str
    envelope: dict[str, Any] | None
    models: tuple[ModelView, ...]
    enums: tuple[EnumView, ...]
    root: ResourceView  # the client itself: its operations and top-level resources
    cli: tuple[CliTaskView, ...]
    renames: tuple[Rename, ...]
    skipped: tuple[tuple[str, str], ...]  # (pointer, why) of operations that could not be built
    findings: tuple[Any, ...] = ()

    @property
    def resources(self) -> tuple[ResourceView, ...]:
        return tuple(r for r in self.root.walk() if r.attr)
