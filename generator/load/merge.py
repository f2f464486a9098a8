"""Merge several OpenAPI documents (pages of one vendor, blocks of one page) into one API.

Stage 1: load (still pure). Input: ``SourceDocument`` records. Output: one
merged document, its combined line map and the findings made on the way. Each
document is first repaired (``fixups``). Merging reads tolerantly and reports
loudly:

* OpenAPI 3.0.x and 3.1.x are read; anything else (Swagger 2.0, no version) is
  refused, since no client can come from it. Mixed 3.0/3.1 inputs are merged
  as 3.1, with a warning.
* ``servers`` equal by URL are one server (a differing ``description`` does not
  matter); other servers are added after the first document's, with a warning.
* ``security`` requirements are united.
* The same method and path defined twice with the same content is one
  operation; with different content the first wins and the second is an error.
* A component defined twice with different content keeps its name in the
  first document; the later one is renamed (``Name_2``) together with every
  ``$ref`` to it in its own document, with a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from ..vocab.findings import Finding, Location, SpecError
from ..vocab.openapi import HTTP_METHODS, ref_pointer
from ..vocab.sourcemap import SourceMap, clone, join_pointer, walk_objects
from .files import SourceDocument, parse_documents
from .fixups import repair_document


@attrs.frozen(kw_only=True)
class MergedSpec:
    document: dict[str, Any]
    source_map: SourceMap = attrs.field(eq=False)
    findings: tuple[Finding, ...] = ()


def openapi_version(data: dict[str, Any], where: Location) -> str:
    """``3.0.x`` or ``3.1.x``; anything else is refused."""
    version = data.get("openapi")
    if "swagger" in data:
        raise SpecError("Swagger 2.0 documents are not supported; convert to OpenAPI 3.0 or 3.1", where)
    if not isinstance(version, str) or not version.startswith(("3.0.", "3.1.")):
        raise SpecError(f"unsupported OpenAPI version {version!r}; this generator reads OpenAPI 3.0.x and 3.1.x",
                        where)  # fmt: skip
    return version


def merge_documents(documents: Sequence[SourceDocument]) -> MergedSpec:
    source_map = SourceMap()
    findings: list[Finding] = []
    merged: dict[str, Any] = {}
    first_version = ""
    for doc in documents:
        where = doc.source_map.locate("/openapi") or Location(file=doc.name, line=1)
        version = openapi_version(doc.data, where)
        data = clone(doc.data)
        doc_map = doc.source_map
        findings.extend(repair_document(data, doc_map, version))
        if not merged:
            merged, first_version = data, version
            merged.setdefault("paths", {})
            source_map.update(doc_map)
            continue
        if version[:3] != first_version[:3]:
            merged["openapi"] = max(version, str(merged.get("openapi")))
            findings.append(_finding("warning", "version-mixed", f"{doc.name} is OpenAPI {version}, the first input "
                                     f"{first_version}: the merged API is read as {merged['openapi']}", where))  # fmt: skip
        renames = _conflicting_components(merged, data)
        if renames:
            data, doc_map = _renamed(data, doc_map, renames)
            for (section, old), new in renames.items():
                findings.append(_finding("warning", "component-renamed", f"component {section}/{old} of {doc.name} "
                                         f"differs from the one merged earlier; it is {section}/{new} here",
                                         doc_map.locate(join_pointer("/components", section, new))))  # fmt: skip
        source_map.update(doc_map)
        _merge_one(merged, data, doc, doc_map, source_map, findings)
    return MergedSpec(document=merged, source_map=source_map, findings=tuple(findings))


def parse_document(data: bytes, name: str) -> SourceDocument:
    """One input as one document (a page's several OpenAPI blocks merged)."""
    documents = parse_documents(data, name)
    if len(documents) == 1:
        return documents[0]
    merged = merge_documents(documents)
    repairs = tuple(r for d in documents for r in d.repairs) + merged.findings
    return SourceDocument(name=name, data=merged.document, source_map=merged.source_map, repairs=repairs)


def _finding(level: Any, code: str, message: str, where: Location | None, pointer: str = "") -> Finding:
    return Finding(level=level, code=code, message=message, pointer=pointer, location=where)


def _conflicting_components(merged: dict[str, Any], data: dict[str, Any]) -> dict[tuple[str, str], str]:
    ours, theirs = merged.get("components"), data.get("components")
    if not isinstance(ours, dict) or not isinstance(theirs, dict):
        return {}
    renames: dict[tuple[str, str], str] = {}
    for section, entries in theirs.items():
        existing = ours.get(section)
        if not isinstance(entries, dict) or not isinstance(existing, dict):
            continue
        for name, value in entries.items():
            if name in existing and existing[name] != value:
                number = 2
                while f"{name}_{number}" in existing or f"{name}_{number}" in entries:
                    number += 1
                renames[(section, name)] = f"{name}_{number}"
    return renames


def _renamed(
    data: dict[str, Any], doc_map: SourceMap, renames: dict[tuple[str, str], str]
) -> tuple[dict[str, Any], SourceMap]:
    """``data`` with the components renamed and every local ``$ref`` to them (or into them) rewritten."""
    prefixes = {
        join_pointer("/components", section, old): join_pointer("/components", section, new)
        for (section, old), new in renames.items()
    }
    components = data["components"]
    for (section, old), new in renames.items():
        components[section] = {(new if k == old else k): v for k, v in components[section].items()}
    for _pointer, node in list(walk_objects(data)):
        target = ref_pointer(node.get("$ref")) if "$ref" in node else None
        if target is None:
            continue
        for old_prefix, new_prefix in prefixes.items():
            if target == old_prefix or target.startswith(old_prefix + "/"):
                node["$ref"] = "#" + new_prefix + target[len(old_prefix) :]
                break
    moved = SourceMap()
    for pointer, location in doc_map.items():
        for old_prefix, new_prefix in prefixes.items():
            if pointer == old_prefix or pointer.startswith(old_prefix + "/"):
                pointer = new_prefix + pointer[len(old_prefix) :]
                break
        moved.add(pointer, location)
    return data, moved


def _where(doc: SourceDocument, doc_map: SourceMap, pointer: str) -> Location:
    return doc_map.locate(pointer) or Location(file=doc.name, line=1)


def _merge_one(
    merged: dict[str, Any],
    data: dict[str, Any],
    doc: SourceDocument,
    doc_map: SourceMap,
    source_map: SourceMap,
    findings: list[Finding],
) -> None:
    paths = data.get("paths") or {}
    if not isinstance(paths, dict):
        findings.append(_finding("error", "paths-not-a-mapping", f"'paths' of {doc.name} is not a mapping; ignored",
                                 _where(doc, doc_map, "/paths")))  # fmt: skip
        paths = {}
    target_paths = merged.setdefault("paths", {})
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue  # validate reports it
        existing = target_paths.setdefault(path, {})
        for key, value in item.items():
            pointer = join_pointer("/paths", path, key)
            if key not in existing:
                existing[key] = value
            elif existing[key] != value:
                what = f"{key.upper()} {path}" if key in HTTP_METHODS else f"'{key}' of path {path}"
                findings.append(_finding("error", "defined-twice", f"{what} is defined again, differently (first at "
                                         f"{source_map.locate(pointer)}); the first definition is used",
                                         _where(doc, doc_map, pointer), pointer))  # fmt: skip
    components = data.get("components") or {}
    if isinstance(components, dict):
        target_components = merged.setdefault("components", {})
        for section, entries in components.items():
            if isinstance(entries, dict):
                target = target_components.setdefault(section, {})
                for name, value in entries.items():
                    target.setdefault(name, value)
    _merge_servers(merged, data, doc, doc_map, findings)
    security = data.get("security")
    if isinstance(security, list):
        ours = merged.setdefault("security", [])
        if isinstance(ours, list):
            ours.extend(r for r in security if r not in ours)
    tags = data.get("tags")
    if isinstance(tags, list):
        known = {t.get("name") for t in merged.get("tags", []) if isinstance(t, dict)}
        merged.setdefault("tags", []).extend(t for t in tags if isinstance(t, dict) and t.get("name") not in known)


def _merge_servers(
    merged: dict[str, Any], data: dict[str, Any], doc: SourceDocument, doc_map: SourceMap, findings: list[Finding]
) -> None:
    servers = data.get("servers")
    if not isinstance(servers, list):
        return
    ours = merged.setdefault("servers", [])
    if not isinstance(ours, list):
        return
    urls = {s.get("url") for s in ours if isinstance(s, dict)}
    for index, server in enumerate(servers):
        if not isinstance(server, dict) or server.get("url") in urls:
            continue
        ours.append(server)
        urls.add(server.get("url"))
        if len(ours) > 1:
            pointer = join_pointer("/servers", index)
            findings.append(_finding("warning", "servers-differ", f"{doc.name} names another server "
                                     f"{str(server.get('url'))[:100]!r}; the client uses the first, "
                                     f"{str(ours[0].get('url'))[:100]!r}", _where(doc, doc_map, pointer)))  # fmt: skip


__all__ = ["MergedSpec", "merge_documents", "openapi_version", "parse_document"]
