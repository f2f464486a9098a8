"""Stage 3, augment: turn the rules hidden in prose into schema keywords, then apply the hand overlays.

Input: the merged document (``load.MergedSpec``) and the hand-written overlays.
Output: an ``Augmented`` spec: the extraction overlay (one action per keyword,
citing its sentence), the document after it (what lint judges), the document
after the hand overlays too (what the client enforces) and the findings made
on the way. Modules: ``extract`` (the rule-based prose reader), ``tasks``
(task pairs found by rule, a vendor profile's envelope applied to them) and
``overlay`` (OpenAPI Overlay 1.0: written and applied).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from ..load import MergedSpec, SourceDocument
from ..vocab.findings import Extraction, Finding
from ..vocab.sourcemap import SourceMap
from .extract import extract_constraints
from .images import image_actions
from .overlay import apply_overlay, build_overlay
from .tasks import infer_tasks

EXTRACTION_OVERLAY_TITLE = "Constraints extracted from description prose"


@attrs.frozen(kw_only=True)
class Augmented:
    merged: dict[str, Any]
    extracted: dict[str, Any]  # merged + extraction overlay: what lint judges
    document: dict[str, Any]  # + the hand overlays: what the client enforces
    source_map: SourceMap = attrs.field(eq=False)
    extractions: tuple[Extraction, ...]
    overlay: dict[str, Any]  # what extraction found (applied first)
    tasks_overlay: dict[str, Any]  # task pairs and image limits found by rule (applied after the hand overlays)
    findings: tuple[Finding, ...]


def augment(merged: MergedSpec, overlays: Sequence[SourceDocument], findings: Sequence[Finding] = ()) -> Augmented:
    """Extract, write the extraction overlay, apply it, then apply ``overlays`` in order.

    ``findings`` (e.g. the loader's repairs) are carried along so lint reports everything in one place.
    """
    extracted = extract_constraints(merged.document, merged.source_map)
    overlay = build_overlay(merged.document, extracted.extractions, EXTRACTION_OVERLAY_TITLE)
    document, overlay_findings = apply_overlay(merged.document, overlay, name="extraction")
    collected: list[Finding] = [*findings, *extracted.findings, *overlay_findings]
    extracted_document = document
    for hand in overlays:
        document, more = apply_overlay(document, hand.data, name=hand.name, source_map=hand.source_map)
        collected.extend(more)
    tasks_overlay, task_findings = infer_tasks(document, merged.source_map)
    tasks_overlay["actions"].extend(image_actions(document))
    collected.extend(task_findings)
    if tasks_overlay["actions"]:
        document, more = apply_overlay(document, tasks_overlay, name="task pairs")
        collected.extend(more)
    return Augmented(
        merged=merged.document,
        extracted=extracted_document,
        document=document,
        source_map=merged.source_map,
        extractions=extracted.extractions,
        overlay=overlay,
        tasks_overlay=tasks_overlay,
        findings=tuple(collected),
    )


__all__ = ["EXTRACTION_OVERLAY_TITLE", "Augmented", "augment"]
