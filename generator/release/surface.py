"""Release planning: the public Python API of a generated package, read from its source.

Stage: release (beside build). Input: ``{relative path: Python source}`` of one
generated package (the previous output, or what was just rendered). Output: a
``Surface``: every name a user's code can depend on, as sorted lines, e.g.

    class ImageGenerationRequestAspectRatio
    member ImageGenerationRequestAspectRatio.RATIO_16_9
    literal ImageGenerationRequestAspectRatioValue '16:9'
    field Task.task_result
    method ImagesResource.generate
    argument ImagesResource.generate(aspect_ratio)
    required ImagesResource.generate(prompt)

Classes are keyed by name (the naming authority keeps class names unique in a
package), so moving a class between modules is not a change; ``_``-names and
the copied runtime are not public. Reading the source (not the intermediate
model) means the previous output, whatever generator wrote it, is compared the
same way as the new one.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Iterator, Mapping

import attrs


@attrs.frozen
class Surface:
    lines: frozenset[str]

    def removed_since(self, older: Surface) -> list[str]:
        return sorted(older.lines - self.lines)

    def added_since(self, older: Surface) -> list[str]:
        return sorted(self.lines - older.lines)


def _public(name: str) -> bool:
    return not name.startswith("_")


def _is_enum(node: ast.ClassDef) -> bool:
    return any((isinstance(b, ast.Attribute) and "Enum" in b.attr) or (isinstance(b, ast.Name) and "Enum" in b.id)
               for b in node.bases)  # fmt: skip


def _literal_values(value: ast.expr) -> list[str]:
    """The values of ``Literal[...]`` (a type alias the package defines for an enum's values)."""
    if not (isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name) and value.value.id == "Literal"):
        return []
    items = value.slice.elts if isinstance(value.slice, ast.Tuple) else [value.slice]
    return [repr(i.value) for i in items if isinstance(i, ast.Constant)]


def _function_lines(owner: str, node: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[str]:
    yield f"method {owner}.{node.name}"
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    for arg, default in zip(positional, defaults, strict=True):
        if arg.arg in ("self", "cls"):
            continue
        yield f"argument {owner}.{node.name}({arg.arg})"
        if default is None:
            yield f"required {owner}.{node.name}({arg.arg})"
    for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        yield f"argument {owner}.{node.name}({arg.arg})"
        if kw_default is None:
            yield f"required {owner}.{node.name}({arg.arg})"


def _class_lines(node: ast.ClassDef) -> Iterator[str]:
    yield f"class {node.name}"
    enum = _is_enum(node)
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and _public(item.name):
            decorators = {d.attr if isinstance(d, ast.Attribute) else getattr(d, "id", "") for d in item.decorator_list}
            if decorators & {"cached_property", "_cached_property", "property"}:
                yield f"field {node.name}.{item.name}"
            else:
                yield from _function_lines(node.name, item)
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name) and _public(item.target.id):
            yield f"field {node.name}.{item.target.id}"
        elif isinstance(item, ast.Assign) and enum:
            for target in item.targets:
                if isinstance(target, ast.Name) and _public(target.id):
                    yield f"member {node.name}.{target.id}"


def _base_names(node: ast.ClassDef) -> list[str]:
    return [
        b.attr if isinstance(b, ast.Attribute) else b.id for b in node.bases if isinstance(b, ast.Attribute | ast.Name)
    ]


def surface_of(sources: Mapping[str, str], package: str) -> Surface:
    """The public surface of ``package`` among ``sources`` (paths relative to the output folder).

    Members a class inherits from the runtime it ships with (``to_dict`` of every model) count as its own.
    """
    lines: set[str] = set()
    classes: dict[str, ast.ClassDef] = {}
    public: list[ast.ClassDef] = []
    for path, text in sources.items():
        parts = path.split("/")
        if not path.endswith(".py") or parts[0] != package:
            continue
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        runtime = "_runtime" in parts
        private = any(p.startswith("_") and p not in ("__init__.py", "__main__.py", "_client.py") for p in parts[1:])
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                classes.setdefault(node.name, node)
                if not runtime and not private and _public(node.name):
                    public.append(node)
            elif not runtime and not private and isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                values = _literal_values(node.value)
                if isinstance(target, ast.Name) and values and _public(target.id):
                    lines.add(f"alias {target.id}")
                    lines.update(f"literal {target.id} {v}" for v in values)
    for node in public:
        lines.update(_class_lines(node))
        lines.update(_inherited(node, classes))
    return Surface(lines=frozenset(lines))


def _inherited(node: ast.ClassDef, classes: Mapping[str, ast.ClassDef]) -> set[str]:
    found: set[str] = set()
    todo = _base_names(node)
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        base = classes.get(name)
        if base is None or name in seen:
            continue
        seen.add(name)
        for line in _class_lines(base):
            kind, rest = line.split(" ", 1)
            if kind != "class" and rest.startswith(base.name + "."):
                found.add(f"{kind} {node.name}.{rest[len(base.name) + 1 :]}")
        todo.extend(_base_names(base))
    return found


def python_api_changes(older: Surface, newer: Surface) -> list[tuple[str, str, str]]:
    """``(rule id, name, what)`` for every difference a user's code can notice, most severe first.

    Removing anything (a class, member, field, method, argument, literal value) breaks code that uses it;
    a new required argument on an existing method breaks its callers; the rest is added.
    """
    removed = newer.removed_since(older)
    added = newer.added_since(older)
    gone_classes = {line.split(" ", 1)[1] for line in removed if line.startswith("class ")}
    gone_methods = {line.split(" ", 1)[1] for line in removed if line.startswith("method ")}
    old_methods = {line.split(" ", 1)[1] for line in older.lines if line.startswith("method ")}
    changes: list[tuple[str, str, str]] = []
    new_classes = [line.split(" ", 1)[1] for line in added if line.startswith("class ")]
    for line in removed:
        kind, name = line.split(" ", 1)
        owner = name.split(".", 1)[0].split(" ", 1)[0]
        method = name.split("(", 1)[0]
        if kind == "required":
            continue  # an argument that became optional is a relaxation, listed below
        if (kind != "class" and owner in gone_classes) or (kind == "argument" and method in gone_methods):
            continue  # reported with its class or method
        hint = ""
        if kind == "class":
            close = difflib.get_close_matches(name, new_classes, n=1, cutoff=0.8)
            hint = f" (perhaps now `{close[0]}`)" if close else ""
        elif kind == "argument":
            now = [a.split("(", 1)[1][:-1] for a in added if a.startswith(f"argument {method}(")]
            hint = f" (the method now also takes {', '.join(f'`{a}`' for a in now)})" if now else ""
        shown = f"`{name}`" if kind != "literal" else f"the value {name}"
        changes.append(("python-api-removed", shown + hint, ""))
    for line in added:
        kind, name = line.split(" ", 1)
        method = name.split("(", 1)[0]
        if kind == "required" and method in old_methods:
            changes.append(("python-api-changed", f"`{method}`", f"the argument `{name.split('(', 1)[1][:-1]}` "
                            "is now required"))  # fmt: skip
        elif kind in ("class", "method", "argument", "member", "field", "alias", "literal"):
            changes.append(("python-api-added", f"`{name}`" if kind != "literal" else f"the value {name}", ""))
    relaxed = [line for line in removed if line.startswith("required ") and line.split(" ", 1)[1].split("(")[0]
               not in gone_methods and "argument " + line.split(" ", 1)[1] in newer.lines]  # fmt: skip
    changes.extend(("python-api-relaxed", f"`{line.split(' ', 1)[1]}`", "") for line in relaxed)
    return changes
