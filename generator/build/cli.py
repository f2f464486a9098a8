"""Stage 5, build: the command line of the generated client, as data.

Input: the resource tree. Output: one ``CliTaskView`` per task pair:
``python -m <package> [WORDS...] create ... --wait``, ``get ID``, ``wait ID``,
with one option per scalar body field. When the API has a single task pair,
its commands sit at the top (``python -m kling_client generate "a prompt"``).
Help texts, choices and limits are not copied here: the CLI reads them at run
time from the request model, so a prose edit rewrites the model, not
``__main__.py``. Flags are allocated by the naming authority, clear of the
CLI's own (``--help``, ``--wait``, ``--out``, ...).
"""

from __future__ import annotations

from .naming import CLI_FLAGS, NameScope
from .views import BodyArg, CliOptionView, CliTaskView, ResourceView, TaskPair

_KINDS = {"str": "string", "int": "integer", "float": "number", "bool": "boolean", "enum": "string"}


def _kind(arg: BodyArg) -> str | None:
    kind = arg.field.type.kind
    if kind == "enum":
        return "integer" if any(r.keyword == "type" and r.value == "integer" for r in arg.field.rules) else "string"
    return _KINDS.get(kind)


def _positional(args: tuple[BodyArg, ...]) -> BodyArg | None:
    """The first required free-text field (the prompt): typed without a flag."""
    return next(
        (a for a in args if a.field.required and a.field.image is None and a.field.type.kind == "str"
         and not any(r.keyword == "enum" for r in a.field.rules)),
        None,
    )  # fmt: skip


def _command(resource: ResourceView, task: TaskPair, words: tuple[str, ...]) -> CliTaskView:
    scope = NameScope(f"flags of {' '.join(words) or 'the CLI'}", CLI_FLAGS, reserve_words=False)
    body = task.create.body
    args = body.args if body is not None and body.kind == "model" else ()
    positional = _positional(args)
    options = []
    for arg in args:
        kind = _kind(arg)
        if kind is None:
            continue
        if arg is positional:
            flag = scope.allocate(arg.field.wire, "upper", pointer=task.create.pointer)
        else:
            flag = "--" + scope.allocate(arg.field.wire, "flag", pointer=task.create.pointer)
        options.append(CliOptionView(flag=flag, dest=arg.arg, wire=arg.field.wire, type=kind,
                                     required=arg.field.required))  # fmt: skip
    return CliTaskView(words=words, resource=resource, task=task, options=tuple(options))


def build_cli(root: ResourceView) -> tuple[CliTaskView, ...]:
    tasks = [(r, r.task) for r in root.walk() if r.task is not None]
    if len(tasks) == 1:
        resource, task = tasks[0]
        assert task is not None
        return (_command(resource, task, ()),)
    commands = []
    for resource, task in tasks:
        assert task is not None
        words = tuple(p.replace("_", "-") for p in resource.path)
        commands.append(_command(resource, task, words))
    return tuple(commands)
