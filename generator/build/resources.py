"""Stage 5, build: the client's shape, from the API's paths: resources, method names and task pairs.

Input: the operation drafts, the models, the naming scopes. Output: the root
``ResourceView`` (the client), whose children are the resources. Names come
from the paths, as hand-written SDKs have them:

* the common prefix up to and including a version segment is dropped
  (``/kling/v1/videos/text2video`` -> ``client.videos.text2video``);
* REST verbs name methods: ``POST`` on a collection is ``create``, ``GET`` on
  it ``list``, ``GET``/``PUT``/``PATCH``/``DELETE`` on ``.../{id}`` are
  ``get``/``update``/``delete``; a ``POST`` on a segment after an item is an
  action named after it (``/orders/{id}/cancel`` -> ``client.orders.cancel(id)``);
* ``x-codegen-resource`` (a dotted path) and ``x-codegen-method`` rename; the
  operationId or summary is used only where the path says nothing or two
  operations would share a name.

A resource with a ``create`` and a ``get`` marked as a task pair
(``x-codegen-task``) whose task model has an id and a status gets ``wait`` and
``<create>_and_wait``; a mark the models contradict is reported, not trusted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ..vocab import keys
from ..vocab.findings import Finding
from ..vocab.openapi import lookup
from ..vocab.sourcemap import SourceMap
from . import docstrings
from .naming import CLIENT_ATTRIBUTES, RESOURCE_ATTRIBUTES, NameScope, natural_name
from .operations import Draft
from .rules import show
from .views import EnumView, ModelView, OperationView, ResourceView, TaskPair, TypeRef

_VERSION = re.compile(r"^(v\d+(\.\d+)*[a-z]*|\d{4}-\d{2}-\d{2}|api)$", re.IGNORECASE)
_ITEM_VERBS = {"get": "get", "put": "update", "patch": "update", "delete": "delete"}
_COLLECTION_VERBS = {"get": "list", "post": "create", "put": "update", "patch": "update", "delete": "delete"}
_TASK_IDS = ("task_id", "id")
_TASK_STATUSES = ("task_status", "status", "state")
_SUCCEEDED = ("succeed", "succeeded", "success", "successful", "completed", "complete", "done", "finished")
_FAILED = ("failed", "failure", "error", "cancelled", "canceled", "rejected", "expired")


def common_prefix_length(paths: Sequence[str]) -> int:
    """How many leading static segments every path shares up to and including a version (or ``api``) segment."""
    split = [[s for s in p.split("/") if s] for p in paths]
    if not split:
        return 0
    shared = 0
    for column in zip(*split, strict=False):
        if len(set(column)) != 1 or column[0].startswith("{"):
            break
        shared += 1
    last_version = max((i + 1 for i in range(shared) if _VERSION.match(split[0][i])), default=0)
    # Never drop a path's last static segment: each operation keeps at least one word to be named by.
    shortest = min(sum(1 for s in segs if not s.startswith("{")) for segs in split)
    return min(last_version, max(shortest - 1, 0))


@attrs.define
class _Node:
    path: tuple[str, ...]  # natural segment names
    drafts: list[tuple[Draft, str]] = attrs.field(factory=list)  # (draft, natural method name)
    children: dict[str, _Node] = attrs.field(factory=dict)


def _explicit(draft: Draft) -> tuple[tuple[str, ...] | None, str | None]:
    op = draft.operation.node
    resource = op.get(keys.RESOURCE)
    method = op.get(keys.METHOD)
    path = tuple(p for p in str(resource).split(".") if p) if isinstance(resource, str) and resource.strip() else None
    return path, (str(method) if isinstance(method, str) and method.strip() else None)


def _fallback_name(draft: Draft) -> str:
    op = draft.operation.node
    for candidate in (op.get("operationId"), op.get("summary")):
        if isinstance(candidate, str) and natural_name(candidate, "snake").strip("_") and candidate.isascii():
            return natural_name(candidate, "snake")
    return draft.operation.method


def _place(drafts: Sequence[Draft]) -> _Node:
    """The resource tree with each draft at its resource and the method name its shape suggests."""
    root = _Node(path=())
    for draft in drafts:
        resource, method = _explicit(draft)
        segs = draft.segments
        verb = draft.operation.method
        if resource is None:
            if draft.item:
                resource, natural = segs, _ITEM_VERBS.get(verb)
            elif segs and verb == "post" and draft.after_item:
                resource, natural = segs[:-1], natural_name(segs[-1], "snake")
            else:
                resource, natural = segs, _COLLECTION_VERBS.get(verb)
            if not resource and natural in (None, "get", "list", "create", "update", "delete"):
                natural = _fallback_name(draft) if natural is None else natural
        else:
            natural = (_ITEM_VERBS if draft.item else _COLLECTION_VERBS).get(verb)
        name = method or natural or _fallback_name(draft)
        node = root
        for part in resource:
            node = node.children.setdefault(part, _Node(path=(*node.path, part)))
        node.drafts.append((draft, name))
    return root


class ResourceBuilder:
    def __init__(
        self,
        document: Mapping[str, Any],
        classes: NameScope,
        models: Mapping[str, ModelView],
        enums: Mapping[str, EnumView],
        source_map: SourceMap | None,
    ) -> None:
        self.document = document
        self.classes = classes
        self.models = {m.class_name: m for m in models.values()}
        self.enums = {e.class_name: e for e in enums.values()}
        self.source_map = source_map
        self.findings: list[Finding] = []
        self.scopes: list[NameScope] = []

    def build(self, drafts: Sequence[Draft]) -> ResourceView:
        ordered = sorted(drafts, key=lambda d: (d.operation.path, d.operation.method))
        return self._resource(_place(ordered), attr="", attrs_path=())

    def _resource(self, node: _Node, attr: str, attrs_path: tuple[str, ...]) -> ResourceView:
        reserved = CLIENT_ATTRIBUTES if not attrs_path else RESOURCE_ATTRIBUTES
        scope = NameScope(f"attributes of client.{'.'.join(attrs_path) or ''}".rstrip("."), reserved, attributes=True)
        self.scopes.append(scope)
        children = []
        for part in sorted(node.children):
            child_attr = scope.allocate(part, "snake", pointer="")
            children.append(self._resource(node.children[part], child_attr, (*attrs_path, child_attr)))
        operations: list[OperationView] = []
        for draft, natural in node.drafts:
            name = scope.allocate(natural, "snake", pointer=draft.operation.pointer,
                                  natural=natural_name(natural, "snake"))  # fmt: skip
            label = ".".join((*attrs_path, name)) if attrs_path else name
            view = attrs.evolve(draft.view, name=name, label=label)
            operations.append(attrs.evolve(view, docstring=operation_docstring(view)))
        class_name = (
            self.classes.allocate("".join(natural_name(p, "pascal") for p in node.path) + "Resource", "pascal")
            if attrs_path
            else ""
        )
        resource = ResourceView(
            attr=attr,
            path=attrs_path,
            class_name=class_name,
            operations=tuple(operations),
            children=tuple(children),
            docstring=f"Operations under ``client.{'.'.join(attrs_path)}``." if attrs_path else "",
        )
        task = self._task(resource, scope)
        return attrs.evolve(resource, task=task) if task is not None else resource

    # -- task pairs ------------------------------------------------------------

    def _finding(self, op: OperationView, message: str) -> None:
        where = self.source_map.locate(op.pointer) if self.source_map is not None else None
        self.findings.append(Finding(level="error", code="task-pair-mismatch", message=message, pointer=op.pointer,
                                     location=where))  # fmt: skip

    def _task_model(self, op: OperationView) -> ModelView | None:
        result = op.answer.returns
        return self.models.get(result.target) if result.kind == "model" else None

    def _task_field(self, op: OperationView, model: ModelView, key: str, conventional: tuple[str, ...]) -> str:
        explicit = lookup(self.document, op.pointer + "/" + key.replace("/", "~1"))
        wanted = [str(explicit)] if isinstance(explicit, str) else list(conventional)
        return next((f.attr for w in wanted for f in model.fields if f.wire == w), "")

    def _task(self, resource: ResourceView, scope: NameScope) -> TaskPair | None:
        creates = [o for o in resource.operations if o.task_role == "create"]
        gets = [o for o in resource.operations if o.task_role == "get"]
        if not creates or not gets:
            for op in creates or gets:
                other = "get" if op.task_role == "create" else "create"
                self._finding(op, f"{op.http_method} {op.path} is marked as a task {op.task_role} but its resource "
                                  f"client.{'.'.join(resource.path)} has no task {other}: no wait() is generated")  # fmt: skip
            return None
        create, get = creates[0], gets[0]
        path_params = [p for p in get.params if p.location == "path"]
        if len(path_params) != 1:
            self._finding(get, f"{get.http_method} {get.path} is marked as reading a task but takes "
                               f"{len(path_params)} path parameters (a task get takes the task id only)")  # fmt: skip
            return None
        more = [p.wire for p in get.params if p.required and p.location != "path"]
        if more or (get.body is not None and get.body.required):
            self._finding(get, f"{get.http_method} {get.path} is marked as reading a task but also requires "
                               f"{', '.join(repr(w) for w in more) or 'a body'} (a task get takes the task id only)")  # fmt: skip
            return None
        created, read = self._task_model(create), self._task_model(get)
        if created is None or read is None:
            bad = create if created is None else get
            self._finding(bad, f"{bad.http_method} {bad.path} is marked as a task operation but its answer is not "
                               "an object (set x-codegen-unwrap to the property that holds the task)")  # fmt: skip
            return None
        id_attr = self._task_field(create, created, keys.TASK_ID_FIELD, _TASK_IDS)
        status_attr = self._task_field(get, read, keys.TASK_STATUS_FIELD, _TASK_STATUSES)
        if not id_attr or not status_attr:
            missing = "id" if not id_attr else "status"
            self._finding(create if not id_attr else get,
                          f"the task model of client.{'.'.join(resource.path)} has no {missing} field "
                          f"(looked for {', '.join(_TASK_IDS if not id_attr else _TASK_STATUSES)}; "
                          f"set {keys.TASK_ID_FIELD if not id_attr else keys.TASK_STATUS_FIELD})")  # fmt: skip
            return None
        status_field = next(f for f in read.fields if f.attr == status_attr)
        values = self._status_values(status_field.type)
        succeeded = tuple(v for v in values if v.lower() in _SUCCEEDED) or _SUCCEEDED
        failed = tuple(v for v in values if v.lower() in _FAILED) or _FAILED
        pair = TaskPair(
            create=create,
            get=get,
            id_attr=id_attr,
            status_attr=status_attr,
            succeeded=succeeded,
            failed=failed,
            create_and_wait=scope.allocate(f"{create.name}_and_wait", "snake", pointer=create.pointer),
        )
        return attrs.evolve(
            pair, wait_docstring=wait_docstring(pair), create_and_wait_docstring=and_wait_docstring(pair)
        )

    def _status_values(self, status: TypeRef) -> list[str]:
        enum = self.enums.get(status.target) if status.kind == "enum" else None
        return [str(v) for _, v in enum.members] if enum is not None else []


# -- docstrings ------------------------------------------------------------------

_RAISES = (
    ("RequestValidationError", "arguments break rules of the spec; nothing was sent."),
    ("APIError", "the request failed; see the exception tree in ``errors``."),
)


def returns_text(op: OperationView) -> str:
    answer = op.answer
    if answer.unwrap_wire:
        return f"The ``{answer.unwrap_wire}`` object of the response envelope."
    if answer.kind == "none":
        return "None: the answer has no body."
    if answer.kind == "text":
        return "The answer's text."
    if answer.kind == "bytes":
        return "The answer's bytes."
    if answer.type.kind == "any":
        return "The decoded JSON answer (the spec gives it no schema)."
    return "The decoded answer."


def operation_docstring(op: OperationView) -> str:
    args: list[list[str]] = []
    for param in op.params:
        phrases = docstrings.rule_phrases(r for r in param.rules if r.keyword not in ("type", "nullable"))
        if param.required:
            phrases.insert(0, "Required.")
        args.append(docstrings.argument_entry(param.arg, param.description, phrases,
                                              f"The ``{param.wire}`` {param.location} parameter."))  # fmt: skip
    body = op.body
    if body is not None and body.args:
        for arg in body.args:
            field = arg.field
            phrases = docstrings.rule_phrases(
                r for r in field.rules if r.keyword not in ("type", "required", "nullable")
            )
            if field.required:
                phrases.insert(0, "Required.")
            if field.image is not None:
                phrases.append("A URL, a local path or raw bytes; local images are sent as base64.")
            phrases.extend(docstrings.field_dependency_phrase(d, field.wire) for d in body.dependencies
                           if field.wire in d.fields)  # fmt: skip
            if field.default is not None:
                phrases.append(f"The API's default when omitted: {show(field.default)}.")
            args.append(docstrings.argument_entry(arg.arg, field.description, phrases,
                                                  f"The ``{field.wire}`` field of the request body."))  # fmt: skip
    elif body is not None:
        args.append(docstrings.argument_entry(body.body_arg, "", (), f"The request body ({body.content_type})."))
    args.append(docstrings.argument_entry("extra_headers, extra_query, extra_body", "", (),
                "Sent as given, merged after validation: the escape hatch for what the spec does not list yet."))  # fmt: skip
    args.append(docstrings.argument_entry("timeout", "", (),
                "Seconds (or an ``httpx.Timeout``) for this call as a whole; defaults to the client's."))  # fmt: skip
    route = f"``{op.http_method} {op.path}``"
    return docstrings.compose(
        summary=op.summary or route,
        description=op.description,
        extra=(route,) if op.summary else (),  # without a summary the route is the summary, said once
        args=args,
        returns=returns_text(op),
        raises=_RAISES,
    )


def wait_docstring(pair: TaskPair) -> str:
    return docstrings.compose(
        summary=f"Poll ``{pair.get.name}`` until the task succeeds; always ends by ``wait_timeout``.",
        args=[
            docstrings.argument_entry("task_id", "The id of the task to wait for.", (), ""),
            docstrings.argument_entry("wait_timeout", "Seconds to wait in all, whatever the server does.", (), ""),
            docstrings.argument_entry("poll_interval", "Seconds between the first polls; the interval grows.", (), ""),
            docstrings.argument_entry("on_progress", "Called with every task fetched, the last one included.", (), ""),
        ],
        returns="The finished task.",
        raises=(
            ("TaskFailedError", "the task failed (it carries the task and its message)."),
            ("WaitTimeoutError", "``wait_timeout`` passed first; the task may still finish: wait again."),
            ("APIError", "a poll failed with an error that waiting cannot cure (e.g. a bad key)."),
        ),
    )


def and_wait_docstring(pair: TaskPair) -> str:
    return docstrings.compose(
        summary=f"``{pair.create.name}`` then ``wait``: create the task and return it once it has finished.",
        description=f"Takes the arguments of ``{pair.create.name}``, plus ``wait_timeout``, ``poll_interval`` and "
        "``on_progress`` of ``wait``. Interrupted or timed out, the task keeps running and ``wait`` resumes it.",
        returns="The finished task.",
        raises=(
            *_RAISES,
            ("TaskFailedError", "the task failed."),
            ("WaitTimeoutError", "``wait_timeout`` passed first."),
        ),
    )
