"""Stage 2, validate: is the document a usable OpenAPI description?

Input: the merged document with its line map. Output: ``SpecError`` with
``file:line`` for what no client can come from (``references``: only local,
resolvable ``$ref``s; ``syntax``: regexes that compile, path templates whose braces pair up), and structural findings for the rest (``structure``:
openapi-spec-validator for the document's version, concurrently for large
documents).
"""

from .references import check_references
from .structure import PendingValidation, start_validation, validate_document
from .syntax import check_path_templates, check_patterns

__all__ = [
    "PendingValidation",
    "check_path_templates",
    "check_patterns",
    "check_references",
    "start_validation",
    "validate_document",
]
