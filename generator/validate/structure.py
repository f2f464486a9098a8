"""Stage 2, validate: the document's structure, checked by openapi-spec-validator for its own version.

Input: the document (after the overlays) and its line map. Output: one
``Finding`` (level error) per structural problem, at the deepest key the
validator blames, naming the key and its value; generation goes on, because a
client can usually still come from the rest (the build stage skips what it
cannot use, with a warning). ``oneOf`` failures are unwrapped to the branch
that got furthest, so "``'null' is not one of [...]``" is reported at
``.../type`` and not as a dump of the whole response. The validator recurses
once per nesting level, so it runs in a thread with a large stack and a raised
recursion limit; the loader already capped nesting depth.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from typing import Any

from ..vocab.findings import Finding, SpecError
from ..vocab.openapi import lookup
from ..vocab.sourcemap import SourceMap, join_pointer

_STACK_BYTES = 256 * 1024 * 1024
_RECURSION_LIMIT = 20_000
MAX_FINDINGS = 200  # a broken generator of specs can make thousands; the first ones say it all
_REF_ALTERNATIVE = "'$ref' is a required property"

Problem = tuple[list[str], str]


def _leaves(error: Any) -> Iterator[Any]:
    stack = [error]
    while stack:
        current = stack.pop()
        context = list(getattr(current, "context", None) or [])
        if context:
            stack.extend(context)
        else:
            yield current


def _deepest(error: Any) -> Any:
    """The leaf of a ``oneOf``/``anyOf`` failure that got furthest into the document (not the ``$ref`` branch)."""
    leaves = [e for e in _leaves(error) if _REF_ALTERNATIVE not in str(e.message)]
    return max(leaves, key=lambda e: len(list(e.absolute_path)), default=error)


def _problems(document: dict[str, Any]) -> list[Problem]:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    version = str(document.get("openapi", ""))
    validator = OpenAPIV31SpecValidator if version.startswith("3.1") else OpenAPIV30SpecValidator
    found: list[Problem] = []
    for error in validator(document).iter_errors():
        leaf = _deepest(error)
        path = [str(p) for p in getattr(leaf, "absolute_path", [])]
        found.append((path, _describe(leaf)))
        if len(found) >= MAX_FINDINGS:
            break
    return found


def _describe(error: Any) -> str:
    message = str(getattr(error, "message", error))
    validator = getattr(error, "validator", None)
    if validator in ("oneOf", "anyOf") and message.startswith("{"):
        message = "matches none of the forms OpenAPI allows here"
    return _first_line(message)


def _run_deep(document: dict[str, Any]) -> list[Problem] | BaseException:
    box: list[list[Problem] | BaseException] = []

    def work() -> None:
        try:
            box.append(_problems(document))
        except BaseException as exc:  # handed to the caller's thread
            box.append(exc)

    old_stack = threading.stack_size(_STACK_BYTES)
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, _RECURSION_LIMIT))
    try:
        thread = threading.Thread(target=work, name="openapi-validator")
        thread.start()
        thread.join()
    finally:
        threading.stack_size(old_stack)
        sys.setrecursionlimit(old_limit)
    return box[0]


def validate_document(document: dict[str, Any], source_map: SourceMap) -> list[Finding]:
    """Structural findings; raises ``SpecError`` only when the validator itself cannot run on the document."""
    outcome = _run_deep(document)
    if isinstance(outcome, RecursionError):
        raise SpecError("document nested too deeply to validate", source_map.locate(""))
    if isinstance(outcome, BaseException):
        # openapi-spec-validator trips over some malformed documents (a KeyError on ``responses: 5``); the
        # build stage copes with them, so this is a finding, not a refusal.
        return [
            Finding(
                level="warning",
                code="validator-failed",
                message="the structural validator could not check this document "
                f"({_first_line(f'{type(outcome).__name__}: {outcome}')}); lint shows what the build stage skipped",
                pointer="",
                location=source_map.locate(""),
            )
        ]
    return _findings(outcome, source_map, document)


def _findings(outcome: list[Problem], source_map: SourceMap, document: dict[str, Any]) -> list[Finding]:
    findings = []
    for path, message in outcome:
        pointer = join_pointer("", *path)
        if path and lookup(document, pointer) is None:
            continue  # a path relative to some inner schema (the validator's schema checks): a duplicate
        where = ("/" + "/".join(path)) if path else "the document root"
        findings.append(
            Finding(
                level="error",
                code="invalid-openapi",
                message=f"invalid OpenAPI at {_short(where)}: {message}",
                pointer=pointer,
                location=source_map.locate(pointer),
            )
        )
    return findings


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "unknown error"
    return line if len(line) <= 300 else line[:297] + "..."


# Documents at least this large are validated in a forked child while the rest of the pipeline runs:
# openapi-spec-validator takes seconds on a 3 MB spec (bench row "large specs"), and the machine has
# more than one core. Smaller documents validate inline, where a fork would cost more than it saves.
PARALLEL_MIN_BYTES = 512 * 1024


class PendingValidation:
    """Structural validation started now, its findings collected by ``result()``."""

    def __init__(self, document: dict[str, Any], source_map: SourceMap, size_hint: int) -> None:
        self._document = document
        self._source_map = source_map
        self._child: Any = None
        self._reader: Any = None
        if size_hint >= PARALLEL_MIN_BYTES and _can_fork():
            import multiprocessing

            context = multiprocessing.get_context("fork")
            self._reader, writer = context.Pipe(duplex=False)
            self._child = context.Process(target=_validate_in_child, args=(document, writer), daemon=True)
            self._child.start()
            writer.close()

    def result(self) -> list[Finding]:
        if self._child is None:
            return validate_document(self._document, self._source_map)
        try:
            outcome = self._reader.recv()
        except EOFError:  # the child died (e.g. out of memory): validate here instead
            outcome = None
        finally:
            self._child.join()
            self._reader.close()
        if outcome is None:
            return validate_document(self._document, self._source_map)
        return _findings(outcome, self._source_map, self._document)


def _can_fork() -> bool:
    # Forking a process that runs other threads can deadlock the child; only fork from a quiet process.
    return sys.platform != "win32" and threading.active_count() == 1


def _validate_in_child(document: dict[str, Any], writer: Any) -> None:
    outcome = _run_deep(document)
    writer.send(None if isinstance(outcome, BaseException) else outcome)
    writer.close()


def start_validation(document: dict[str, Any], source_map: SourceMap, size_hint: int = 0) -> PendingValidation:
    return PendingValidation(document, source_map, size_hint)
