"""Structural validation of the merged document with openapi-spec-validator.

Stage 2: validate. Input: the merged document and its line map. Output: nothing,
or a ``SpecError`` naming the first structural error at its file and line.
"""

from __future__ import annotations

from typing import Any

from .cache import fingerprint, remember, seen
from .findings import Location, SpecError
from .sourcemap import SourceMap, join_pointer

_VALIDATOR_SALT = "openapi-spec-validator==0.9.0/v30"


def validate_document(document: dict[str, Any], source_map: SourceMap) -> None:
    """Raise on the first structural error. A document that validated before is not checked again."""
    key = fingerprint(document, _VALIDATOR_SALT)
    if seen("validated", key):
        return
    _validate(document, source_map)
    remember("validated", key)


def _validate(document: dict[str, Any], source_map: SourceMap) -> None:
    # Imported here: the validator's import costs more than validating a small spec.
    from openapi_spec_validator import OpenAPIV30SpecValidator

    validator = OpenAPIV30SpecValidator(document)
    try:
        errors = list(validator.iter_errors())
    except RecursionError:
        raise SpecError("document nested too deeply to validate", source_map.locate("") or None) from None
    except Exception as exc:  # the validator raises its own types for unresolvable $refs
        raise SpecError(f"invalid OpenAPI document: {_first_line(str(exc))}", source_map.locate("")) from None
    if not errors:
        return
    error = min(errors, key=lambda e: len(list(getattr(e, "absolute_path", []))))
    path = [str(p) for p in getattr(error, "absolute_path", [])]
    pointer = join_pointer("", *path)
    location = source_map.locate(pointer) or Location(file="<spec>", line=0)
    where = ("/" + "/".join(path)) if path else "document root"
    raise SpecError(f"invalid OpenAPI at {where}: {_first_line(error.message)}", location)


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "unknown error"
    return line if len(line) <= 300 else line[:297] + "..."
