"""Stage 2, validate: is the document a usable OpenAPI description?

Input: the merged (and later the augmented) document with its line map.
Output: nothing, or a ``SpecError`` with ``file:line``. Modules:
``references`` (local, resolvable ``$ref``s only) and ``structure``
(openapi-spec-validator).
"""

from .references import check_references
from .structure import validate_document

__all__ = ["check_references", "validate_document"]
