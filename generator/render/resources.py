"""Stage 6, render: what each resource module shows, computed before its template runs.

Input: a top-level ``ResourceView`` (or the client itself) and the package
name. Output: per operation its signature lines, the statements that build
the request, the ``Endpoint`` constant and the return annotation; per module
its imports and constants. Every spec string is kept raw here and escaped once
by the template (``pyrepr`` for literals, ``fstring_path`` for paths).
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from ..build.naming import NameScope
from ..build.operations import param_rules
from ..build.views import BodyArg, ImageView, OperationView, ParamView, ResourceView, TaskPair, TypeRef
from .python import annotation, classes_in, field_annotation, uses

_IMAGE_ARG = "str | bytes | _os.PathLike[str]"


@attrs.frozen(kw_only=True)
class ImageConst:
    name: str
    image: ImageView


@attrs.frozen(kw_only=True)
class OpRender:
    view: OperationView
    positional: tuple[str, ...]  # "task_id: str"
    keywords: tuple[str, ...]  # "prompt: str", "n: int | _t.Unset = _t.UNSET"
    returns: str
    parse: str  # the Endpoint's parse expression
    endpoint: str  # the Endpoint constant's name
    rules: tuple[Any, ...]  # parameter (or form field) rules, checked before sending
    rules_const: str
    checked: tuple[tuple[str, str], ...]  # (wire, arg) checked against ``rules``
    body_lines: tuple[str, ...]  # statements building ``_body`` (model bodies)
    call_parts: tuple[tuple[str, str], ...]  # keyword -> expression for ``_call``
    arg_names: tuple[str, ...]  # every argument, for create_and_wait's forwarding


@attrs.frozen(kw_only=True)
class TaskRender:
    pair: TaskPair
    result: str  # the task class
    get_first_arg: str
    create_args: tuple[str, ...]
    id_annotation: str = "str"  # wait(task_id: ...)
    id_expr: str = "task_id"  # the get call's first argument, made from ``task_id``
    id_text: str = "task_id"  # ``task_id`` as text, for errors and notes


@attrs.frozen(kw_only=True)
class ResourceRender:
    view: ResourceView
    operations: tuple[OpRender, ...]
    children: tuple[ResourceView, ...]
    task: TaskRender | None
    create_render: OpRender | None = None


@attrs.frozen(kw_only=True)
class ModuleRender:
    resources: tuple[ResourceRender, ...]
    models: tuple[tuple[str, str], ...]  # (module, class) imported at run time
    images: tuple[ImageConst, ...]
    needs: frozenset[str]  # runtime aliases the module uses


def _arg_annotation(ref: TypeRef, *, required: bool, nullable: bool, image: bool) -> str:
    if image:
        return _IMAGE_ARG if required else _IMAGE_ARG + " | _t.Unset"
    return field_annotation(ref, request=True, required=required, nullable=nullable)


def _returns(op: OperationView) -> tuple[str, str]:
    """(return annotation, parse expression)."""
    answer = op.answer
    if answer.kind == "text":
        return "str", "_m.as_text"
    if answer.kind == "bytes":
        return "bytes", "_m.as_bytes"
    if answer.kind == "none":
        return "None", "_m.as_none"
    inner = answer.result
    if answer.unwrap_wire and inner is not None:
        if inner.kind == "model":
            return inner.target, f"_m.unwrap({answer.type.target}, {answer.unwrap_attr!r}, {inner.target})"
        return "Any", f"_m.unwrap_value({answer.type.target}, {answer.unwrap_attr!r})"
    if answer.type.kind == "model":
        return answer.type.target, f"_m.parse_model({answer.type.target})"
    if answer.type.kind == "list" and answer.type.items[0].kind == "model":
        name = answer.type.items[0].target
        return f"list[{name}]", f"_m.parse_list({name})"
    return "Any", "_m.as_json"


class _Module:
    """Collects the constants of one module while its operations are rendered."""

    def __init__(self, package: str, shadowed: frozenset[str] = frozenset()) -> None:
        self.package = package
        # Builtins a class member of this module shadows in the class's annotations (``list``).
        self.shadowed = shadowed
        self.constants = NameScope("module constants", reserve_words=False)
        self.images: list[ImageConst] = []
        self.refs: list[TypeRef] = []
        self.needs: set[str] = {"_w", "_m", "_t"}

    def image(self, view: ImageView) -> str:
        if not view.has_rules:
            return ""
        for const in self.images:
            if const.image == view:
                return const.name
        name = "_" + self.constants.allocate("image rules", "upper")
        self.images.append(ImageConst(name=name, image=view))
        return name

    def render(self, op: OperationView) -> OpRender:
        endpoint = "_" + self.constants.allocate(op.label.replace(".", "_"), "upper", pointer=op.pointer)
        path_params = [p for p in op.params if p.location == "path"]
        other = [p for p in op.params if p.location != "path"]
        positional = tuple(f"{p.arg}: {_arg_annotation(p.type, required=True, nullable=False, image=False)}"
                           for p in path_params)  # fmt: skip
        self.refs.extend(p.type for p in path_params)
        required: list[str] = []
        optional: list[str] = []
        for param in other:
            self.refs.append(param.type)
            text = f"{param.arg}: {_arg_annotation(param.type, required=param.required, nullable=False, image=False)}"
            (required if param.required else optional).append(text if param.required else text + " = _t.UNSET")
        body = op.body
        body_lines: list[str] = []
        parts: list[tuple[str, str]] = []
        checked = [(p.arg, p.arg) for p in op.params]
        rules = list(param_rules(op.params))
        for location, key in (("query", "params"), ("header", "headers"), ("cookie", "cookies")):
            chosen = [p for p in other if p.location == location]
            if chosen:
                parts.append((key, "{" + ", ".join(f"{p.wire!r}: {p.arg}" for p in chosen) + "}"))
        if body is not None and body.kind == "model":
            assigns = []
            for arg in body.args:
                self.refs.append(arg.field.type)
                image = arg.field.image is not None
                text = f"{arg.arg}: {_arg_annotation(arg.field.type, required=arg.field.required, nullable=arg.field.nullable, image=image)}"
                (required if arg.field.required else optional).append(
                    text if arg.field.required else text + " = _t.UNSET"
                )
                assigns.append(f"{arg.field.attr}={self._value(arg)}")
            body_lines.append(f"_body = {body.model}(" + ", ".join(assigns) + ")")
            self.refs.append(TypeRef(kind="model", target=body.model, module=body.model_module))
            parts.append(("json", "_body.to_dict()"))
            parts.extend(_json_content_type(body.content_type))
        elif body is not None and body.kind in ("multipart", "form"):
            for arg in body.args:
                self.refs.append(arg.field.type)
                text = f"{arg.arg}: {_arg_annotation(arg.field.type, required=arg.field.required, nullable=arg.field.nullable, image=False)}"
                (required if arg.field.required else optional).append(
                    text if arg.field.required else text + " = _t.UNSET"
                )
                if arg.field.type.kind != "file" and not (
                    arg.field.type.kind == "list" and arg.field.type.items[0].kind == "file"
                ):
                    checked.append((arg.arg, arg.arg))
                    rules.extend(attrs.evolve(r, field=arg.arg) for r in (*arg.field.rules, *_required_rule(arg)))
            files = [
                a
                for a in body.args
                if a.field.type.kind == "file" or (a.field.type.kind == "list" and a.field.type.items[0].kind == "file")
            ]
            fields = [a for a in body.args if a not in files]
            if fields:
                parts.append(
                    (
                        "data",
                        "{"
                        + ", ".join(
                            f"{a.field.wire!r}: _m.to_wire({a.arg})"
                            if a.field.type.kind in ("enum", "model")
                            else f"{a.field.wire!r}: {a.arg}"
                            for a in fields
                        )
                        + "}",
                    )
                )
            if files:
                parts.append(("files", "_m.files(" + ", ".join(f"({a.field.wire!r}, {a.arg})" for a in files) + ")"))
        elif body is not None:
            self.refs.append(body.type or TypeRef(kind="any"))
            kind = body.type or TypeRef(kind="any")
            text = f"{body.body_arg}: {annotation(kind, request=True)}"
            if body.required:
                required.append(text)
            else:
                optional.append(text + " | _t.Unset = _t.UNSET")
            if body.kind == "json":
                parts.append(("json", f"_m.to_wire({body.body_arg})" if body.required else
                              f"_t.NOT_GIVEN if isinstance({body.body_arg}, _t.Unset) else _m.to_wire({body.body_arg})"))  # fmt: skip
                parts.extend(_json_content_type(body.content_type))
            else:
                parts.append(
                    (
                        "content",
                        body.body_arg
                        if body.required
                        else f"None if isinstance({body.body_arg}, _t.Unset) else {body.body_arg}",
                    )
                )
                parts.append(("headers", "{" + f"'Content-Type': {body.content_type!r}" + "}"))
        returns, parse = _returns(op)
        self.refs.append(op.answer.returns)
        if op.answer.unwrap_wire:
            self.refs.append(op.answer.type)
        rules_const = "_" + self.constants.allocate(op.label.replace(".", "_") + " rules", "upper") if checked else ""
        if rules_const:
            self.needs.add("_v")
        args = [p.arg for p in op.params] + [a.arg for a in (body.args if body else ())]
        if body is not None and not body.args:
            args.append(body.body_arg)
        return OpRender(
            view=op,
            positional=tuple(self._qualified(t) for t in positional),
            keywords=tuple(self._qualified(t) for t in required + optional),
            returns=self._qualified(returns),
            parse=parse,
            endpoint=endpoint,
            rules=tuple(rules),
            rules_const=rules_const,
            checked=tuple(checked),
            body_lines=tuple(body_lines),
            call_parts=tuple(_merge_headers(parts)),
            arg_names=tuple(args),
        )

    def _qualified(self, text: str) -> str:
        """``list[X]`` as ``_builtins.list[X]`` where a class member named ``list`` would shadow it."""
        if "list" in self.shadowed:
            self.needs.add("_builtins")
            text = re.sub(r"(?<![\w.])list\[", "_builtins.list[", text)
        return text

    def _value(self, arg: BodyArg) -> str:
        if arg.field.image is None:
            return arg.arg
        self.needs.add("_img")
        self.needs.add("_os")
        rules = self.image(arg.field.image)
        call = f"_img.encode_image({arg.arg}, {arg.field.wire!r}" + (f", {rules})" if rules else ")")
        if arg.field.required:
            return call
        return f"{arg.arg} if isinstance({arg.arg}, _t.Unset) else {call}"


def _required_rule(arg: BodyArg) -> list[Any]:
    from ..build.rules import RuleSpec

    if not arg.field.required:
        return []
    return [RuleSpec(field=arg.field.wire, keyword="required", value=True, evidence="required field")]


def _json_content_type(content_type: str) -> list[tuple[str, str]]:
    """JSON bodies go out as ``application/json`` unless the spec names another JSON-ish type."""
    if content_type.split(";")[0].strip().lower() == "application/json":
        return []
    return [("headers", "{" + f"'Content-Type': {content_type!r}" + "}")]


def _merge_headers(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A text/bytes body's Content-Type joins the header parameters in one mapping."""
    headers = [expr for key, expr in parts if key == "headers"]
    others = [(k, e) for k, e in parts if k != "headers"]
    if len(headers) > 1:
        others.append(("headers", "{" + ", ".join(h.strip("{}") for h in headers) + "}"))
    elif headers:
        others.append(("headers", headers[0]))
    return others


def _members(resource: ResourceView, client: bool) -> set[str]:
    names: set[str] = set()
    for node in resource.walk() if not client else [resource]:
        names.update(op.name for op in node.operations)
        names.update(child.attr for child in node.children)
        if node.task is not None:
            names.update(("wait", node.task.create_and_wait))
    return names


def render_module(resource: ResourceView, package: str, *, client: bool = False) -> ModuleRender:
    module = _Module(package, frozenset(_members(resource, client) & {"list"}))
    renders = []
    for node in resource.walk() if not client else [resource]:
        ops = tuple(module.render(op) for op in node.operations)
        task = None
        create_render = None
        if node.task is not None:
            pair = node.task
            result = pair.get.answer.returns.target
            create_render = next(r for r in ops if r.view is pair.create)
            create_args = create_render.arg_names
            first_param = next(p for p in pair.get.params if p.location == "path")
            id_annotation, id_expr = _task_id_conversion(first_param.type)
            if "_uuid" in id_expr:
                module.needs.add("_uuid")
            task = TaskRender(pair=pair, result=result, get_first_arg=first_param.arg, create_args=create_args,
                              id_annotation=id_annotation, id_expr=id_expr,
                              id_text="task_id" if id_annotation == "str" else "str(task_id)")  # fmt: skip
            module.needs.add("_tasks")
        renders.append(ResourceRender(view=node, operations=ops, children=node.children, task=task,
                                      create_render=create_render))  # fmt: skip
    models, enums = classes_in(module.refs)
    if uses(module.refs, "datetime", "date"):
        module.needs.add("_dt")
    if uses(module.refs, "uuid"):
        module.needs.add("_uuid")
    return ModuleRender(
        resources=tuple(renders),
        models=tuple(sorted(models | enums)),
        images=tuple(module.images),
        needs=frozenset(module.needs),
    )


def _task_id_conversion(param_type: TypeRef) -> tuple[str, str]:
    """``wait``'s ``task_id`` annotation, and how it becomes the get call's argument (ids read as text)."""
    if param_type.kind == "uuid":
        return "str | _uuid.UUID", "_uuid.UUID(str(task_id))"
    if param_type.kind == "int":
        return "str | int", "int(task_id)"
    return "str", "task_id"


def path_params(op: OperationView) -> list[ParamView]:
    return [p for p in op.params if p.location == "path"]
