"""Stage 1, load: read what the user points us at and turn it into one OpenAPI document with line numbers.

Input: paths (files or folders: Apifox markdown pages, YAML, JSON, overlays) or
``git:REF[:PATH]``. Output: a ``SourceSet`` (``files``), merged into one
``MergedSpec`` (``merge``). Modules: ``files`` (reading, size limits, folders,
git), ``markdown`` (the code block inside an Apifox page), ``yaml_tree`` (YAML
and JSON to plain data plus a pointer -> line map, bounded against hostile
input), ``repair`` (the vendor's known YAML defect), ``merge``.
"""

from .files import (
    SourceDocument,
    SourceSet,
    load_side,
    load_sources,
    load_texts,
    parse_documents,
    read_inputs,
)
from .merge import MergedSpec, merge_documents, parse_document

__all__ = [
    "MergedSpec",
    "SourceDocument",
    "SourceSet",
    "load_side",
    "load_sources",
    "load_texts",
    "merge_documents",
    "parse_document",
    "parse_documents",
    "read_inputs",
]
