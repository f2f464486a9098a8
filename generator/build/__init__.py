"""Stage 5, build: the intermediate model of the client, what templates loop over.

Input: the augmented document (OpenAPI 3.0 or 3.1), the package name, the
release version and options. Output: ``ClientModel``: models and enums,
resources (a tree of the client's attributes) with their operations, task
pairs and docstrings, the CLI, every rename the naming authority made, and
the operations that could not be built (skipped, with the reason).
Modules: ``schemas`` (schemas -> types, models, enums), ``operations``
(arguments, bodies, answers), ``resources`` (names from the paths, task
pairs), ``rules`` (schema keywords -> validation rules), ``docstrings``,
``naming`` (the naming authority), ``cli``, ``views`` (the records).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..vocab import keys
from ..vocab.findings import Finding, SpecError
from ..vocab.openapi import iter_operations, schema_roots
from ..vocab.sourcemap import SourceMap, join_pointer
from .cli import build_cli
from .naming import CLASS_PREFIXES, MODEL_MODULES, MODULE_NAMES, NameScope, Rename
from .operations import Draft, OperationBuilder, Skip
from .resources import ResourceBuilder, common_prefix_length
from .schemas import SchemaTyper, reachable
from .views import ClientModel, ModelView, ResourceView

_API_KEY_ENV = re.compile(r"^[A-Z][A-Z0-9_]*_API_KEY$")


def _roots(document: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """Schema pointers where request data and response data start."""
    requests: list[str] = []
    responses: list[str] = []
    for pointer, _schema in schema_roots(document):
        if "/requestBody/" in pointer or "/parameters/" in pointer:
            requests.append(pointer)
        elif "/responses/" in pointer:
            responses.append(pointer)
    return requests, responses


def api_key_env(document: Mapping[str, Any], package_name: str, chosen: str | None) -> tuple[str, list[Finding]]:
    """The variable the client reads its key from: the generator's option, else the spec's if it ends in
    ``_API_KEY`` (a spec must not pick an arbitrary secret to send), else one named after the package."""
    default = package_name.upper().split("_")[0] + "_API_KEY"
    if chosen:
        return chosen, []
    wanted = document.get(keys.API_KEY_ENV)
    if wanted is None:
        return default, []
    if isinstance(wanted, str) and _API_KEY_ENV.match(wanted):
        return wanted, []
    finding = Finding(
        level="error",
        code="api-key-env-refused",
        message=f"{keys.API_KEY_ENV} {str(wanted)[:80]!r} does not end in _API_KEY: a spec may not choose which "
        f"secret the client sends; using {default} (choose with --api-key-env)",
        pointer="/" + keys.API_KEY_ENV,
    )
    return default, [finding]


def _envelope(document: Mapping[str, Any]) -> dict[str, Any] | None:
    raw = document.get(keys.ENVELOPE)
    if not isinstance(raw, Mapping):
        return None
    ok = raw.get("ok", [0])
    return {
        "code": str(raw.get("code", "code")),
        "ok": tuple(v for v in (ok if isinstance(ok, list) else [ok]) if isinstance(v, str | int)),
        "message": str(raw.get("message", "message")),
        "request_id": str(raw.get("request_id", "request_id")),
    }


def build_client_model(
    document: dict[str, Any],
    *,
    package_name: str,
    version: str,
    source_map: SourceMap | None = None,
    api_key_env_name: str | None = None,
    overlay_components: frozenset[str] = frozenset(),
) -> ClientModel:
    """``overlay_components``: component schemas the hand overlays added; unlike the spec's own, they become
    models only when an operation uses them (a vendor profile describes more than one API uses)."""
    classes = NameScope("classes of the package", MODULE_NAMES, reserved_prefixes=CLASS_PREFIXES)
    modules = NameScope("modules of models/", MODEL_MODULES, casefold=True)
    request_roots, response_roots = _roots(document)
    typer = SchemaTyper(
        document,
        classes=classes,
        modules=modules,
        request_pointers=reachable(document, request_roots),
        response_pointers=reachable(document, response_roots),
        source_map=source_map,
    )
    operations = sorted(iter_operations(document), key=lambda o: (o.path, o.method))
    builder = OperationBuilder(document, typer, common_prefix_length([o.path for o in operations]), source_map)
    drafts: list[Draft] = []
    skipped: list[tuple[str, str]] = []
    findings: list[Finding] = []
    for operation in operations:
        try:
            drafts.append(builder.build(operation))
        except (Skip, SpecError) as exc:
            skipped.append((operation.pointer, f"{operation.label}: {exc}"))
            findings.append(_skip_finding(operation.pointer, f"{operation.label} is not generated: {exc}", source_map))
    # Component schemas nothing references are models too (users build and parse them).
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, Mapping) else None
    for name, schema in (schemas or {}).items() if isinstance(schemas, Mapping) else ():
        if name not in overlay_components:
            typer.type_of(schema, join_pointer("/components/schemas", name), str(name))
    resources = ResourceBuilder(document, classes, typer.models, typer.enums, source_map)
    root = resources.build(drafts)
    findings.extend(resources.findings)
    key_env, key_findings = api_key_env(document, package_name, api_key_env_name)
    findings.extend(key_findings)
    scopes = [classes, modules, *typer.scopes, *builder.scopes, *resources.scopes]
    renames = tuple(r for scope in scopes for r in scope.renames)
    findings.extend(_rename_finding(r, source_map) for r in renames)
    servers = document.get("servers") or []
    base_url = str(servers[0].get("url", "")) if servers and isinstance(servers[0], Mapping) else ""
    raw_info = document.get("info")
    info: Mapping[str, Any] = raw_info if isinstance(raw_info, Mapping) else {}
    models = tuple(sorted(typer.models.values(), key=lambda m: m.class_name))
    return ClientModel(
        package_name=package_name,
        title=str(info.get("title") or "") or package_name,
        version=version,
        base_url=base_url if base_url.startswith(("http://", "https://")) else "",
        api_key_env=key_env,
        base_url_env=key_env.removesuffix("_API_KEY") + "_BASE_URL",
        envelope=_envelope(document),
        models=models,
        enums=tuple(sorted(typer.enums.values(), key=lambda e: e.class_name)),
        root=root,
        cli=build_cli(root),
        renames=renames,
        skipped=tuple(skipped),
        findings=tuple(findings),
    )


def _skip_finding(pointer: str, message: str, source_map: SourceMap | None) -> Finding:
    where = source_map.locate(pointer) if source_map is not None else None
    return Finding(level="warning", code="operation-skipped", message=message, pointer=pointer, location=where)


def _rename_finding(rename: Rename, source_map: SourceMap | None) -> Finding:
    where = source_map.locate(rename.pointer) if source_map is not None and rename.pointer else None
    return Finding(
        level="note",
        code="name-renamed",
        message=f"{rename.scope}: {rename.wanted!r} is {rename.given} (not {rename.natural}: {rename.why})",
        pointer=rename.pointer,
        location=where,
    )


__all__ = ["ClientModel", "ModelView", "ResourceView", "build_client_model"]
