"""Merge several OpenAPI documents into one API.

Stage 1: load (still pure). Input: ``SourceDocument`` records. Output: one merged
document and its combined line map. Duplicate method+path, a component name
defined twice with different content, and conflicting servers or security are
errors naming both places.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from ..vocab.findings import Location, SpecError
from ..vocab.openapi import HTTP_METHODS
from ..vocab.sourcemap import SourceMap, clone, join_pointer
from .files import SourceDocument


@attrs.frozen(kw_only=True)
class MergedSpec:
    document: dict[str, Any]
    source_map: SourceMap = attrs.field(eq=False)


def merge_documents(documents: Sequence[SourceDocument]) -> MergedSpec:
    source_map = SourceMap()
    merged: dict[str, Any] = {}
    for doc in documents:
        _check_version(doc)
        source_map.update(doc.source_map)
        if not merged:
            merged = clone(doc.data)
            merged.setdefault("paths", {})
            continue
        _merge_one(merged, doc, source_map)
    return MergedSpec(document=merged, source_map=source_map)


def _check_version(doc: SourceDocument) -> None:
    version = doc.data.get("openapi")
    where = doc.source_map.locate("/openapi") or Location(file=doc.name, line=1)
    if "swagger" in doc.data:
        raise SpecError("Swagger 2.0 documents are not supported; convert to OpenAPI 3.0.x", where)
    if not isinstance(version, str) or not version.startswith("3.0."):
        raise SpecError(f"unsupported OpenAPI version {version!r}; this generator reads OpenAPI 3.0.x", where)


def _where(doc: SourceDocument, pointer: str) -> Location:
    return doc.source_map.locate(pointer) or Location(file=doc.name, line=1)


def _merge_one(merged: dict[str, Any], doc: SourceDocument, source_map: SourceMap) -> None:
    data = doc.data
    paths = data.get("paths") or {}
    if not isinstance(paths, dict):
        raise SpecError("'paths' must be a mapping", _where(doc, "/paths"))
    target_paths = merged.setdefault("paths", {})
    for path, item in paths.items():
        if not isinstance(item, dict):
            raise SpecError("path item must be a mapping", _where(doc, join_pointer("/paths", path)))
        existing = target_paths.setdefault(path, {})
        for key, value in item.items():
            pointer = join_pointer("/paths", path, key)
            if key in existing and (key in HTTP_METHODS or existing[key] != value):
                what = f"{key.upper()} {path}" if key in HTTP_METHODS else f"'{key}' of path {path}"
                raise SpecError(
                    f"{what} is defined twice (first at {source_map.locate(pointer)})", _where(doc, pointer)
                )
            existing[key] = clone(value)
    components = data.get("components") or {}
    if isinstance(components, dict):
        target_components = merged.setdefault("components", {})
        for section, entries in components.items():
            if not isinstance(entries, dict):
                continue
            target = target_components.setdefault(section, {})
            for name, value in entries.items():
                pointer = join_pointer("/components", section, name)
                if name in target and target[name] != value:
                    raise SpecError(
                        f"component {section}/{name} conflicts with the one at {source_map.locate(pointer)}",
                        _where(doc, pointer),
                    )
                target.setdefault(name, clone(value))
    for key in ("servers", "security"):
        if data.get(key):
            if merged.get(key) and merged[key] != data[key]:
                raise SpecError(
                    f"conflicting '{key}' (first at {source_map.locate('/' + key)})", _where(doc, "/" + key)
                )
            merged.setdefault(key, clone(data[key]))
    tags = data.get("tags")
    if isinstance(tags, list):
        known = {t.get("name") for t in merged.get("tags", []) if isinstance(t, dict)}
        merged.setdefault("tags", []).extend(
            clone(t) for t in tags if isinstance(t, dict) and t.get("name") not in known
        )
