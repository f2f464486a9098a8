"""The shape of the generator: one package per stage, data flowing one way, every extension key registered.

Read from the source (``ast``), so function-level and ``TYPE_CHECKING`` imports count too: an import hidden
inside a function is still a dependency.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.kling_testkit import ROOT

GENERATOR = ROOT / "generator"
RUNTIME = ROOT / "templates" / "runtime"

# Pipeline order. A module may import its own stage and earlier ones, never a later one; stages of equal
# rank stand beside each other and may not import each other either.
RANK = {
    "vocab": 0,
    "load": 1,
    "validate": 2,
    "augment": 3,
    "lint": 4,
    "diff": 4,
    "release": 5,
    "build": 6,
    "render": 7,
    "write": 8,
    "fake_server": 9,
    "pipeline": 10,
    "cli": 11,
    "__main__": 12,
    "__init__": 12,
}
MAX_TOP_LEVEL_MODULES = 10
MAX_LINES = 600


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(GENERATOR.rglob("*.py")) if "__pycache__" not in p.parts}


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imports() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, path, node)
                # ``from pkg import mod`` depends on the module; ``from pkg import name`` on the package.
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            for target in targets:
                # The longest known module the import names (``from .x import y`` may import module x.y).
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    found.add(target)
        graph[name] = found
    return graph


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_no_stage_imports_a_later_or_sibling_stage() -> None:
    wrong = []
    for module, targets in _imports().items():
        here = _stage(module)
        assert here in RANK, f"{module}: stage {here!r} has no place in the pipeline order (add it to RANK)"
        for target in targets:
            there = _stage(target)
            if there == here or target == "generator":
                continue
            if RANK[there] > RANK[here] or (RANK[there] == RANK[here]):
                wrong.append(f"{module} imports {target} ({here} -> {there})")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles() -> None:
    graph = _imports()
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt == "generator":
                continue  # the package itself only re-exports
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, "\n".join(cycles)


def test_the_layout_is_readable() -> None:
    top = sorted(p.name for p in GENERATOR.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top
    long = {
        str(p.relative_to(ROOT)): n
        for p in [*GENERATOR.rglob("*.py"), *RUNTIME.glob("*.py")]
        if "__pycache__" not in p.parts and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_every_module_opens_with_a_docstring() -> None:
    missing = [
        str(p.relative_to(ROOT))
        for p in [*GENERATOR.rglob("*.py"), *RUNTIME.glob("*.py")]
        if "__pycache__" not in p.parts
        and p.read_text(encoding="utf-8").strip()
        and not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))
    ]
    assert not missing, missing


def test_every_extension_key_is_registered_once() -> None:
    from generator.vocab.keys import BY_NAME, KEYS

    assert len(BY_NAME) == len(KEYS)
    used: dict[str, str] = {}
    for path in [*GENERATOR.rglob("*.py"), *(ROOT / "templates").rglob("*.jinja"), *RUNTIME.glob("*.py")]:
        if "__pycache__" in path.parts or path.name == "keys.py":
            continue
        for key in re.findall(r"x-codegen-[a-z-]*[a-z]", path.read_text(encoding="utf-8")):
            used.setdefault(key, str(path.relative_to(ROOT)))
    unknown = {key: where for key, where in used.items() if key not in BY_NAME}
    assert not unknown, f"x-codegen keys used but not documented in generator/vocab/keys.py: {unknown}"
    # Outside the registry, the code names keys through its constants, not as string literals.
    literals = {
        str(p.relative_to(ROOT))
        for p in GENERATOR.rglob("*.py")
        if p.name != "keys.py" and "__pycache__" not in p.parts and re.search(r'"x-codegen-', p.read_text())
    }
    assert not literals, f"x-codegen keys spelt as literals (use generator.vocab.keys): {sorted(literals)}"


def test_http_methods_and_ref_resolution_are_written_once() -> None:
    method_lists = []
    ref_walkers = []
    for path in GENERATOR.rglob("*.py"):
        if "__pycache__" in path.parts or path.name == "openapi.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r'\(\s*"get",\s*"put",', text):
            method_lists.append(str(path.relative_to(ROOT)))
        if re.search(r'startswith\("#/components/schemas/"\)', text):
            ref_walkers.append(str(path.relative_to(ROOT)))
    assert not method_lists, f"HTTP method lists outside generator/vocab/openapi.py: {method_lists}"
    assert not ref_walkers, f"$ref resolution outside generator/vocab/openapi.py: {ref_walkers}"
