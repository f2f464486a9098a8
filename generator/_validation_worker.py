"""Child process of ``validate``: runs openapi-spec-validator on a document read from stdin.

Stage 2: validate. Input: the document as JSON on stdin. Output: one JSON
object on stdout, ``{"errors": [{"path": [...], "message": "..."}]}`` or
``{"exception": "..."}``; nothing else is printed.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def main() -> None:
    sys.setrecursionlimit(10_000)
    document = json.loads(sys.stdin.buffer.read())
    result: dict[str, Any]
    try:
        from openapi_spec_validator import OpenAPIV30SpecValidator

        errors = list(OpenAPIV30SpecValidator(document).iter_errors())
        result = {"errors": [{"path": [str(p) for p in getattr(e, "absolute_path", [])], "message": e.message}
                             for e in errors]}
    except RecursionError:
        result = {"exception": "document nested too deeply to validate"}
    except Exception as exc:  # the validator raises its own types for odd documents
        result = {"exception": f"{type(exc).__name__}: {exc}"}
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main()
