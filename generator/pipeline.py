"""The whole pipeline in process: load -> validate -> augment -> (lint) -> release -> build -> render -> write.

Stage: orchestration; the only module that knows every stage. Input: spec
paths, the output folder and the package name. Output: a ``Build`` (the final
files and every finding) or a ``Check`` (what differs on disk); data flows
forward as arguments. The CLI and the tests call these functions; nothing here
prints or exits.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .load import SourceSet, load_side, load_texts, read_inputs
from .vocab.findings import Finding, OptionError, SpecError
from .write import (
    Stamp,
    generator_fingerprint,
    inputs_fingerprint,
    is_current,
    out_problem,
    read_tree,
    write_tree,
)

if TYPE_CHECKING:
    from .augment import Augmented
    from .build import ClientModel
    from .validate import PendingValidation
    from .write import GateFailure

DEFAULT_SPEC = Path("spec")
DEFAULT_OUT = Path("generated")
DEFAULT_PACKAGE = "kling_client"


@attrs.frozen(kw_only=True)
class Build:
    """What ``build`` made: the final files (formatted, stamped), or nothing when ``out`` was already current."""

    files: dict[str, str]
    findings: tuple[Finding, ...]
    stamp: Stamp
    up_to_date: bool
    operations: int = 0  # methods generated
    skipped: tuple[str, ...] = ()  # operations that could not be built, with why


@attrs.frozen(kw_only=True)
class Check:
    up_to_date: bool
    diff: str  # unified diff, output folder -> what generate would write
    rebuilt: bool  # False when the stamp proved the folder current without building


def check_package_name(name: str) -> str:
    from .vocab.packages import package_name_problem

    problem = package_name_problem(name)
    if problem is not None:
        raise OptionError(f"--package-name {name[:120]!r} {problem}")
    return name


def check_api_key_env(name: str | None) -> str | None:
    if name is not None and not re.fullmatch(r"[A-Z][A-Z0-9_]{0,99}", name):
        raise OptionError(f"--api-key-env {name[:120]!r} must be an environment variable name (A-Z, 0-9, _)")
    return name


def augment_sources(sources: SourceSet) -> Augmented:
    """Stages 1-3 on loaded sources: merge, check references, validate, extract, overlay."""
    spec, pending = _augment(sources)
    return _with_findings(spec, pending.result())


def _augment(sources: SourceSet) -> tuple[Augmented, PendingValidation]:
    """``augment_sources`` with the structural validation still running (concurrently, for a large document)."""
    from .augment import augment
    from .load import merge_documents
    from .validate import check_path_templates, check_patterns, check_references, start_validation

    merged = merge_documents(sources.documents)
    check_references(merged.document, merged.source_map)
    check_patterns(merged.document, merged.source_map)
    check_path_templates(merged.document, merged.source_map)
    size = sum(len(data) for _, data in sources.raw_bytes)
    pending = start_validation(merged.document, merged.source_map, size)
    spec = augment(merged, sources.overlays, findings=(*sources.repairs, *merged.findings))
    check_references(spec.document, spec.source_map)
    return spec, pending


def _with_findings(spec: Augmented, more: Sequence[Finding]) -> Augmented:
    return attrs.evolve(spec, findings=(*spec.findings, *more)) if more else spec


def augment_paths(paths: Sequence[Path]) -> Augmented:
    return augment_sources(load_texts(read_inputs(paths or [DEFAULT_SPEC])))


def diff_sides(old_side: str, new_side: str) -> tuple[list[Any], Any]:
    """The breaking-change diff of two sides (paths or ``git:REF[:PATH]``), and the ``Context`` that places each
    change at its line of the new spec and quotes the sentence it came from."""
    from .diff import Context, diff_documents, quote_for

    old, new = augment_side(old_side), augment_side(new_side)
    changes = diff_documents(old.document, new.document)

    def locate(change: Any) -> Any:
        if not change.pointer:
            return None
        if quote_for(change, old.document, new.document):  # a prose rule: the sentence's own line
            return new.source_map.locate(change.pointer + "/description")
        return new.source_map.locate(change.pointer)

    context = Context(locate=locate, quote=lambda change: quote_for(change, old.document, new.document))
    return changes, context


def augment_side(side: str) -> Augmented:
    """A diff side: a path or ``git:REF[:PATH]``."""
    return augment_sources(load_side(side))


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """The one speed seam: a large spec keeps hundreds of thousands of objects alive (the document, its line
    map), and the default collector rescans them every 700 allocations; ``ast``/IR building allocates
    millions. Bench 8 has a row with ``KLING_CODEGEN_DEFAULT_GC=1`` (the trick off) for comparison."""
    if os.environ.get("KLING_CODEGEN_DEFAULT_GC"):
        yield
        return
    old = gc.get_threshold()
    gc.set_threshold(20_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def build(
    paths: Sequence[Path] = (),
    out: Path = DEFAULT_OUT,
    package_name: str = DEFAULT_PACKAGE,
    *,
    api_key_env: str | None = None,
    reuse: bool = True,
) -> Build:
    """Everything but the final write. With ``reuse``, a folder whose stamp matches is not rebuilt.

    ``api_key_env``: the variable the client reads its key from (default: the spec's, if it ends in
    ``_API_KEY``, else one named after the package).
    """
    package_name = check_package_name(package_name)
    api_key_env = check_api_key_env(api_key_env)
    # Before anything reads the folder: the root or a home folder must not be walked, let alone replaced.
    problem = out_problem(out)
    if problem is not None:
        raise OptionError(f"--out {str(out)[:200]!r} {problem}")
    raw = read_inputs(paths or [DEFAULT_SPEC])
    options = {"package": package_name, "api_key_env": api_key_env or ""}
    stamp = Stamp(inputs=inputs_fingerprint(raw, options), generator=generator_fingerprint())
    if reuse and is_current(out, stamp):
        return Build(files={}, findings=(), stamp=stamp, up_to_date=True)
    with _fewer_collections():
        return _rebuild(raw, out, package_name, api_key_env, stamp)


def _rebuild(
    raw: tuple[tuple[str, bytes], ...], out: Path, package_name: str, api_key_env: str | None, stamp: Stamp
) -> Build:
    # Imported only now: a current folder needs none of them (openapi-python-client alone takes ~0.2 s).
    from .build import build_client_model
    from .release import INITIAL_VERSION, plan_release, surface_of
    from .render import release_files, render_client
    from .render.yaml_emit import dump
    from .write import GateFailure, formatted_files, read_previous, stamp_files

    spec, pending = _augment(load_texts(raw))
    augmented_yaml = dump(spec.document)
    previous = read_previous(out)
    model = build_client_model(
        spec.document,
        package_name=package_name,
        version=previous.version or INITIAL_VERSION,  # provisional: the release is planned on what is rendered
        source_map=spec.source_map,
        api_key_env_name=api_key_env,
        overlay_components=frozenset(_schemas(spec.document)) - frozenset(_schemas(spec.merged)),
    )
    rendered = render_client(model, overlay=spec.overlay, augmented_yaml=augmented_yaml, changelog=None,
                             inferred_overlay=spec.tasks_overlay)  # fmt: skip
    release = plan_release(
        previous_yaml=previous.augmented_yaml,
        previous_version=previous.version,
        previous_changelog=previous.changelog,
        document=spec.document,
        document_yaml=augmented_yaml,
        previous_surface=surface_of(previous.python_sources, package_name),
        surface=surface_of(rendered.files, package_name),
    )
    model = attrs.evolve(model, version=release.version)
    rendered.files.update(release_files(model, release.changelog))
    try:
        formatted = formatted_files(rendered.files)
    except GateFailure as failure:
        raise _gate_error(failure, rendered.origins, spec) from None
    files = stamp_files(formatted, stamp)
    spec = _with_findings(spec, pending.result())
    operations = sum(len(r.operations) for r in model.root.walk())
    return Build(files=files, findings=(*spec.findings, *model.findings), stamp=stamp, up_to_date=False,
                 operations=operations, skipped=tuple(why for _, why in model.skipped))  # fmt: skip


def _gate_error(failure: GateFailure, origins: dict[str, str], spec: Augmented) -> SpecError:
    """The first broken file, reported at the spec location it was generated from."""
    first = failure.problems[0]
    pointer = origins.get(first.path, "")
    location = spec.source_map.locate(pointer) if pointer else None
    more = f" (and {len(failure.problems) - 1} more)" if len(failure.problems) > 1 else ""
    what = f"the code generated from {pointer or 'this spec'}" if pointer else "the generated code"
    return SpecError(
        f"{what} is broken, so nothing was written: {first.path}:{first.line} {first.message}{more}; "
        "rename what this points at (an overlay with x-codegen-name works) and please report it",
        location,
    )


def _schemas(document: dict[str, Any]) -> list[str]:
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return [str(name) for name in schemas] if isinstance(schemas, dict) else []


def lint(paths: Sequence[Path] = (), package_name: str = DEFAULT_PACKAGE) -> list[Finding]:
    """Every finding: the spec's own defects, and what building a client from it ran into (renames,
    skipped operations, task pairs the models contradict)."""
    from .build import build_client_model
    from .lint import lint_spec

    spec = augment_paths(paths)
    model = build_client_model(
        spec.document,
        package_name=check_package_name(package_name),
        version="0.0.0",
        source_map=spec.source_map,
        overlay_components=frozenset(_schemas(spec.document)) - frozenset(_schemas(spec.merged)),
    )
    return lint_spec(spec, model.findings)


def describe(paths: Sequence[Path] = (), package_name: str = DEFAULT_PACKAGE) -> ClientModel:
    """The intermediate model alone (resources, methods, task pairs, renames): what ``describe`` prints."""
    from .build import build_client_model

    spec = augment_paths(paths)
    return build_client_model(
        spec.document,
        package_name=check_package_name(package_name),
        version="0.0.0",
        source_map=spec.source_map,
        overlay_components=frozenset(_schemas(spec.document)) - frozenset(_schemas(spec.merged)),
    )


def generate(
    paths: Sequence[Path] = (),
    out: Path = DEFAULT_OUT,
    package_name: str = DEFAULT_PACKAGE,
    *,
    api_key_env: str | None = None,
) -> Build:
    result = build(paths, out, package_name, api_key_env=api_key_env)
    if not result.up_to_date:
        write_tree(result.files, out)
    return result


def check(
    paths: Sequence[Path] = (),
    out: Path = DEFAULT_OUT,
    package_name: str = DEFAULT_PACKAGE,
    *,
    api_key_env: str | None = None,
) -> Check:
    result = build(paths, out, package_name, api_key_env=api_key_env)
    if result.up_to_date:
        return Check(up_to_date=True, diff="", rebuilt=False)
    actual = read_tree(out)
    lines: list[str] = []
    for name in sorted(set(result.files) | set(actual)):
        old, new = actual.get(name), result.files.get(name)
        if old == new:
            continue
        lines.extend(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                (new or "").splitlines(keepends=True),
                fromfile=f"{out}/{name}" if old is not None else "/dev/null",
                tofile=f"{out}/{name} (regenerated)" if new is not None else "/dev/null",
            )
        )
    return Check(up_to_date=not lines, diff="".join(lines), rebuilt=True)


def extraction_overlay_yaml(spec: Augmented) -> str:
    from .render import dump_yaml

    return dump_yaml(spec.overlay, "constraints extracted from description prose")
