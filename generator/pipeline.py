"""The whole pipeline in process: load -> validate -> augment -> (lint) -> release -> build -> render -> write.

Stage: orchestration; the only module that knows every stage. Input: spec
paths, the output folder and the package name. Output: a ``Build`` (the final
files and every finding) or a ``Check`` (what differs on disk); data flows
forward as arguments. The CLI and the tests call these functions; nothing here
prints or exits.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .load import SourceSet, load_side, load_texts, read_inputs
from .vocab.findings import Finding, SpecError
from .write import Stamp, generator_fingerprint, inputs_fingerprint, is_current, read_tree, write_tree

if TYPE_CHECKING:
    from .augment import Augmented

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


@attrs.frozen(kw_only=True)
class Check:
    up_to_date: bool
    diff: str  # unified diff, output folder -> what generate would write
    rebuilt: bool  # False when the stamp proved the folder current without building


def check_package_name(name: str) -> str:
    if not name.isidentifier() or name.startswith("_"):
        raise SpecError(f"--package-name {name!r} is not a valid Python package name")
    return name


def augment_sources(sources: SourceSet) -> Augmented:
    """Stages 1-3 on loaded sources: merge, check references, extract, overlay, validate."""
    from .augment import augment
    from .load import merge_documents
    from .validate import check_references, validate_document

    merged = merge_documents(sources.documents)
    check_references(merged.document, merged.source_map)
    spec = augment(merged, sources.overlays, findings=sources.repairs)
    check_references(spec.document, spec.source_map)
    validate_document(spec.document, spec.source_map)
    return spec


def augment_paths(paths: Sequence[Path]) -> Augmented:
    return augment_sources(load_texts(read_inputs(paths or [DEFAULT_SPEC])))


def augment_side(side: str) -> Augmented:
    """A diff side: a path or ``git:REF[:PATH]``."""
    return augment_sources(load_side(side))


def build(
    paths: Sequence[Path] = (), out: Path = DEFAULT_OUT, package_name: str = DEFAULT_PACKAGE, *, reuse: bool = True
) -> Build:
    """Everything but the final write. With ``reuse``, a folder whose stamp matches is not rebuilt."""
    package_name = check_package_name(package_name)
    raw = read_inputs(paths or [DEFAULT_SPEC])
    stamp = Stamp(inputs=inputs_fingerprint(raw, {"package": package_name}), generator=generator_fingerprint())
    if reuse and is_current(out, stamp):
        return Build(files={}, findings=(), stamp=stamp, up_to_date=True)
    # Imported only now: a current folder needs none of them (openapi-python-client alone takes ~0.2 s).
    from .build import build_client_model
    from .release import plan_release
    from .render import render_client
    from .render.yaml_emit import dump
    from .write import formatted_files, read_previous, stamp_files

    spec = augment_sources(load_texts(raw))
    augmented_yaml = dump(spec.document)
    previous = read_previous(out)
    release = plan_release(
        previous_yaml=previous.augmented_yaml,
        previous_version=previous.version,
        previous_changelog=previous.changelog,
        document=spec.document,
        document_yaml=augmented_yaml,
    )
    model = build_client_model(
        spec.document,
        package_name=package_name,
        version=release.version,
        source_map=spec.source_map,
        overlay_components=frozenset(_schemas(spec.document)) - frozenset(_schemas(spec.merged)),
    )
    rendered = render_client(model, overlay=spec.overlay, augmented_yaml=augmented_yaml, changelog=release.changelog,
                             inferred_overlay=spec.tasks_overlay)  # fmt: skip
    files = stamp_files(formatted_files(rendered.files), stamp)
    return Build(files=files, findings=(*spec.findings, *model.findings), stamp=stamp, up_to_date=False)


def _schemas(document: dict[str, Any]) -> list[str]:
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return [str(name) for name in schemas] if isinstance(schemas, dict) else []


def generate(paths: Sequence[Path] = (), out: Path = DEFAULT_OUT, package_name: str = DEFAULT_PACKAGE) -> Build:
    result = build(paths, out, package_name)
    if not result.up_to_date:
        write_tree(result.files, out)
    return result


def check(paths: Sequence[Path] = (), out: Path = DEFAULT_OUT, package_name: str = DEFAULT_PACKAGE) -> Check:
    result = build(paths, out, package_name)
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
