"""Structural validation of the merged document with openapi-spec-validator.

Stage 2: validate. Input: the document and its line map. Output: nothing, or a
``SpecError`` naming the first structural error at its file and line.
References are checked here first (local and resolvable only: a spec may not
make us read files or fetch URLs). The validator itself runs in a child
process (``_validation_worker``) started early and awaited late, so its
import and run overlap with extraction and rendering on the second core; a
document that validated before is not checked again (user cache).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import attrs

from .cache import remember, seen
from .findings import Location, SpecError
from .sourcemap import SourceMap, join_pointer, resolve_pointer, walk_objects

_VALIDATOR_SALT = b"openapi-spec-validator==0.9.0/v30\0"
_ROOT = str(Path(__file__).resolve().parent.parent)
_WORKER = "import sys; sys.path.insert(0, sys.argv[1]); from generator._validation_worker import main; main()"


def check_references(document: dict[str, Any], source_map: SourceMap) -> None:
    """Every ``$ref`` must be local and resolve: a spec may not make us read files or fetch URLs."""
    for pointer, node in walk_objects(document):
        if "$ref" not in node:
            continue
        ref = node.get("$ref")
        where = source_map.locate(join_pointer(pointer, "$ref")) or source_map.locate(pointer)
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise SpecError(f"only local references (#/...) are allowed; got $ref {ref!r}", where)
        try:
            resolve_pointer(document, ref[1:])
        except (KeyError, IndexError, ValueError):
            raise SpecError(f"unresolved reference {ref!r}", where) from None


@attrs.define(kw_only=True)
class PendingValidation:
    """A validation under way; ``wait()`` returns when it passed and raises the first error otherwise."""

    source_map: SourceMap
    key: str = ""
    process: subprocess.Popen[bytes] | None = None
    feeder: threading.Thread | None = None
    outcome: SpecError | None = None
    done: bool = False

    def wait(self) -> None:
        if not self.done:
            self.done = True
            self.outcome = self._collect()
            if self.outcome is None:
                remember("validated", self.key)
        if self.outcome is not None:
            raise self.outcome

    def _collect(self) -> SpecError | None:
        assert self.process is not None and self.feeder is not None
        self.feeder.join()
        self.process.stdin = None  # the feeder closed it; communicate() must not flush it again
        out, err = self.process.communicate()
        try:
            result = json.loads(out)
        except ValueError:
            detail = _first_line(err.decode(errors="replace")) if err else f"exit code {self.process.returncode}"
            return SpecError(f"the OpenAPI validator failed: {detail}", self.source_map.locate(""))
        if "exception" in result:
            return SpecError(f"invalid OpenAPI document: {_first_line(str(result['exception']))}",
                             self.source_map.locate(""))
        errors = result.get("errors") or []
        if not errors:
            return None
        error = min(errors, key=lambda e: len(e["path"]))
        path = [str(p) for p in error["path"]]
        location = self.source_map.locate(join_pointer("", *path)) or Location(file="<spec>", line=0)
        where = ("/" + "/".join(path)) if path else "document root"
        return SpecError(f"invalid OpenAPI at {where}: {_first_line(str(error['message']))}", location)


def spawn_validator() -> subprocess.Popen[bytes]:
    """Start a validator child now; it imports while the caller works and waits for its document."""
    return subprocess.Popen([sys.executable, "-c", _WORKER, _ROOT], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def start_validation(
    document: dict[str, Any], source_map: SourceMap, worker: subprocess.Popen[bytes] | None = None
) -> PendingValidation:
    """Validate ``document`` in a child (``worker`` if one was started early); a cache hit needs none."""
    try:
        check_references(document, source_map)
        payload = json.dumps(document).encode()
        key = hashlib.sha256(_VALIDATOR_SALT + payload).hexdigest()
        cached = seen("validated", key)
    except BaseException:
        discard_validator(worker)
        raise
    if cached:
        discard_validator(worker)
        return PendingValidation(source_map=source_map, key=key, done=True)
    process = worker or spawn_validator()

    def feed() -> None:
        assert process.stdin is not None
        try:
            process.stdin.write(payload)
            process.stdin.close()
        except OSError:
            pass  # the worker died; _collect reports it

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    return PendingValidation(source_map=source_map, key=key, process=process, feeder=feeder)


def discard_validator(worker: subprocess.Popen[bytes] | None) -> None:
    if worker is not None and worker.poll() is None:
        worker.kill()
        worker.communicate()


def validate_document(document: dict[str, Any], source_map: SourceMap) -> None:
    """Raise on the first structural error (synchronously)."""
    start_validation(document, source_map).wait()


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "unknown error"
    return line if len(line) <= 300 else line[:297] + "..."
