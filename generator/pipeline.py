"""Run stages 1-3: load, merge, validate, extract, overlay.

Stage: orchestration of load -> validate -> extract/augment. Input: spec paths
(or in-memory documents). Output: an ``Augmented`` spec: the merged document,
the extraction overlay, the augmented document (extraction overlay, then the
hand-written overlays under spec/) and every finding made on the way.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from .extract import extract_constraints
from .findings import Extraction, Finding
from .load import SourceDocument, SourceSet, load_sources
from .merge import merge_documents
from .overlay import apply_overlay, build_overlay
from .sourcemap import SourceMap
from .validate import PendingValidation, check_references, discard_validator, start_validation

EXTRACTION_OVERLAY_TITLE = "Constraints extracted from description prose"


@attrs.frozen(kw_only=True)
class Augmented:
    merged: dict[str, Any]
    extracted: dict[str, Any]  # merged + extraction overlay: what lint judges
    document: dict[str, Any]
    source_map: SourceMap = attrs.field(eq=False)
    extractions: tuple[Extraction, ...]
    overlay: dict[str, Any]
    findings: tuple[Finding, ...]
    spec_hash: str
    validation: PendingValidation = attrs.field(eq=False)


def spec_hash(raw: Sequence[tuple[str, bytes]]) -> str:
    """Content hash of the inputs, independent of where they live on disk."""
    digest = hashlib.sha256()
    for name, data in sorted((n.rsplit("/", 1)[-1], d) for n, d in raw):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:16]


def augment(
    sources: SourceSet,
    *,
    validate: bool = True,
    defer_validation: bool = False,
    validator: subprocess.Popen[bytes] | None = None,
) -> Augmented:
    """Stages 1-3. Validation checks the final document (after the overlays) in a child process
    (``validator`` if the caller started one early); with ``defer_validation`` the caller must
    ``wait()`` on ``Augmented.validation`` before trusting the result."""
    try:
        return _augment(sources, validate=validate, defer_validation=defer_validation, validator=validator)
    except BaseException:
        discard_validator(validator)
        raise


def _augment(
    sources: SourceSet, *, validate: bool, defer_validation: bool, validator: subprocess.Popen[bytes] | None
) -> Augmented:
    merged = merge_documents(sources.documents)
    check_references(merged.document, merged.source_map)
    extracted = extract_constraints(merged.document, merged.source_map)
    overlay = build_overlay(merged.document, extracted.extractions, EXTRACTION_OVERLAY_TITLE)
    document, overlay_findings = apply_overlay(merged.document, overlay, name="extraction")
    findings: list[Finding] = [*sources.repairs, *extracted.findings, *overlay_findings]
    extracted_document = document
    for hand in sources.overlays:
        document, more = apply_overlay(document, hand.data, name=hand.name, source_map=hand.source_map)
        findings.extend(more)
    if validate:
        validation = start_validation(document, merged.source_map, validator)
    else:
        discard_validator(validator)
        validation = PendingValidation(source_map=merged.source_map, done=True)
    if not defer_validation:
        validation.wait()
    return Augmented(
        merged=merged.document,
        extracted=extracted_document,
        document=document,
        source_map=merged.source_map,
        extractions=extracted.extractions,
        overlay=overlay,
        findings=tuple(findings),
        spec_hash=spec_hash(sources.raw_bytes),
        validation=validation,
    )


def augment_paths(paths: Sequence[Path], *, defer_validation: bool = False) -> Augmented:
    return augment(load_sources(paths), defer_validation=defer_validation)


def augment_documents(documents: list[tuple[str, dict[str, Any]]]) -> Augmented:
    """Augment documents that are already data (tests, diffs); they carry no line numbers."""
    docs = tuple(SourceDocument(name=name, data=data, source_map=SourceMap()) for name, data in documents)
    raw = tuple((name, repr(sorted(data.items())).encode()) for name, data in documents)
    return augment(SourceSet(documents=docs, overlays=(), raw_bytes=raw))
