"""Stage 3: extract. Derive JSON-schema keywords from description prose, rule by rule.

Input: the merged OpenAPI 3.0 document (plain data) and its ``SourceMap``.
Output: ``ExtractionResult``: ``Extraction`` records (keyword, value, verbatim
evidence, stable rule id, location) and lint ``Finding`` records for sentences
that are ambiguous or disagree with the schema. Precision over recall: a
sentence that does not clearly state a rule yields a note, never a constraint.
"""

from __future__ import annotations

from ._core import ExtractionResult, extract_constraints

__all__ = ["ExtractionResult", "extract_constraints"]
