"""Stage 5, build: safe Python names for things the spec names, and the names no spec may take.

Input: untrusted names from the spec. Output: valid, non-reserved identifiers
and class names (openapi-python-client's sanitising, which keeps keywords,
builtins and leading digits out), never raw spec text; plus the reserved-name
sets of each scope a generated name lives in.
"""

from __future__ import annotations

import builtins
import keyword

from openapi_python_client import strings

_RESERVED = frozenset(dir(builtins)) | frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)
MAX_IDENTIFIER = 80

# Names the model template itself uses: a property may not shadow them.
MODEL_RESERVED = frozenset({
    "cls", "self", "d", "src_dict", "field_dict", "T", "UNSET", "Unset", "to_dict", "from_dict",
    "additional_properties", "additional_keys", "Any", "Mapping", "TypeVar", "TYPE_CHECKING", "cast", "datetime",
    "json", "types", "File", "BinaryIO", "TextIO", "Generator", "validate_payload", "Rule", "Dependency",
    "Condition", "prop_name", "prop_dict", "prop", "files",
})  # fmt: skip

# Names a generated method body uses itself: an argument may not shadow them.
METHOD_RESERVED = frozenset({
    "self", "request_timeout", "body", "raw", "envelope", "task", "wait_timeout",
    "poll_interval", "on_progress", "quote", "os", "httpx", "Any", "Callable", "ClassVar", "encode_image",
    "parse_response", "parse_response_list", "require_field", "validate_payload", "Rule", "UNSET", "Unset",
    "NOT_GIVEN", "DEFAULT_TIMEOUT", "DEFAULT_MAX_RETRIES", "TimeoutTypes", "SyncAPIClient", "AsyncAPIClient",
    "wait_for_task", "async_wait_for_task", "k", "v",
})  # fmt: skip

# Attributes of the generated Client (and its runtime base) that a resource name may not replace.
CLIENT_RESERVED = frozenset({
    "request", "download", "close", "with_options", "copy", "base_url", "timeout", "max_retries", "api_key_env",
    "base_url_env", "default_base_url", "user_agent", "retry_policy", "retry_ambiguous_creates", "get",
})  # fmt: skip

# Methods every task resource has besides the spec's operations.
RESOURCE_RESERVED = frozenset({"wait"})


def identifier(value: str, *, prefix: str = "field_") -> str:
    name = str(strings.PythonIdentifier(value, prefix))
    if not name or not name.isidentifier():
        name = prefix + "unnamed"
    if name in _RESERVED or name.startswith("__"):
        name = name.strip("_") + "_"
        if not name.isidentifier() or keyword.iskeyword(name):
            name = prefix + name
    return name[:MAX_IDENTIFIER]


def class_name(value: str, *, prefix: str = "Model") -> str:
    name = str(strings.ClassName(value, prefix))
    if not name.isidentifier() or keyword.iskeyword(name):
        name = prefix + "Unnamed"
    return name[:MAX_IDENTIFIER]
