"""Stage 5, build: the naming authority, through which every Python name the generator emits is allocated.

Input: untrusted names from the spec (schema, property, parameter, tag and
enum value names, path segments, operationIds). Output: identifiers, one per
thing, unique in their scope after NFKC normalisation (Python applies NFKC to
identifiers, so ``ﬁle`` and ``file`` are one name), clear of the scope's
reserved names (keywords, soft keywords, builtins, and every name the
generated module itself defines or imports), with a deterministic, readable
rename (``name_2``) and a note for each rename. Casing comes from
openapi-python-client's ``snake_case``/``pascal_case``. Wire names are never
changed: only the Python side is named here.
"""

from __future__ import annotations

import builtins
import hashlib
import keyword
import re
import unicodedata
from collections.abc import Iterable
from typing import Literal

import attrs
from openapi_python_client.strings import pascal_case, snake_case

Style = Literal["snake", "pascal", "upper", "flag"]

# Python refuses keywords; soft keywords and builtins compile but shadow or confuse. ``id`` is kept, as
# openapi-python-client does: it is the commonest property name of all, and generated code never calls id().
# ``l``, ``O`` and ``I`` compile, but read as 1 and 0: linters (ruff E741) refuse them as names.
KEYWORDS = (frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | {"l", "O", "I"}) - {"_"}
RESERVED_WORDS = KEYWORDS | (frozenset(dir(builtins)) - {"id", "_"})
# Builtins the generated classes write in annotations: a class member of that name would shadow them
# there (``list`` is not among them: it is the REST name of a collection GET, and the renderer writes
# ``_builtins.list`` in a class that has a ``list`` method).
ANNOTATION_NAMES = frozenset({"str", "int", "float", "bool", "bytes", "dict", "object", "type", "Mapping",
                              "Callable", "Any", "None"})  # fmt: skip
MAX_LENGTH = 80
_PREFIX = {"snake": "field_", "pascal": "Model", "upper": "VALUE_", "flag": "opt-"}
_NON_WORD = re.compile(r"[^0-9A-Za-z_\u0080-\U0010ffff]+")


@attrs.frozen(kw_only=True)
class Rename:
    """A name that could not be the natural one (collision, reserved word, too long); lint shows it as a note."""

    scope: str
    wanted: str
    natural: str
    given: str
    pointer: str
    why: str


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _ascii_words(text: str) -> str:
    """Punctuation becomes a word break, so ``na-me`` and ``na.me`` become ``na_me`` and not ``name``."""
    return _NON_WORD.sub("_", text)


def natural_name(wanted: str, style: Style) -> str:
    """The name ``wanted`` would get in an empty scope (style applied, never empty, always an identifier)."""
    text = _normalise(str(wanted)).strip()
    if style == "pascal":
        name = pascal_case(_ascii_words(text))
    elif style == "flag":
        name = "-".join(w for w in snake_case(_ascii_words(text)).split("_") if w)
    else:
        name = snake_case(_ascii_words(text))
        if style == "upper":
            name = name.upper()
    name = _normalise(name).lstrip("_")
    if style == "flag":
        if not name or not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z-]*", name):
            name = "opt-" + hashlib.sha256(text.encode()).hexdigest()[:6] if not name.isascii() else "opt" + name
        return name[:MAX_LENGTH]
    if not name or not name.isidentifier():
        name = _PREFIX[style] + name
        if not name.isidentifier():
            name = _PREFIX[style] + hashlib.sha256(text.encode()).hexdigest()[:8]
    if len(name) > MAX_LENGTH:
        name = name[: MAX_LENGTH - 9].rstrip("_") + "_" + hashlib.sha256(text.encode()).hexdigest()[:8]
    return name


class NameScope:
    """One namespace: a module's globals, a class's attributes, a method's arguments, an enum's members."""

    def __init__(
        self,
        label: str,
        reserved: Iterable[str] = (),
        *,
        casefold: bool = False,
        reserve_words: bool = True,
        attributes: bool = False,
        reserved_prefixes: Iterable[str] = (),
    ) -> None:
        """``attributes``: the scope holds class members (methods, resources), which may be builtins' names
        (``client.files.list``) but not keywords or the names the class's own annotations use.
        ``reserved_prefixes``: no name may start with one of them (a rename puts the style's prefix first)."""
        self.label = label
        self._casefold = casefold
        self._taken: set[str] = set()
        self._reserved = {self._key(n) for n in reserved}
        self._prefixes = tuple(self._key(n) for n in reserved_prefixes)
        if attributes:
            self._reserved |= {self._key(n) for n in KEYWORDS | ANNOTATION_NAMES}
        elif reserve_words:
            self._reserved |= {self._key(n) for n in RESERVED_WORDS}
        self.renames: list[Rename] = []

    def _key(self, name: str) -> str:
        name = _normalise(name)
        return name.casefold() if self._casefold else name

    def claim(self, name: str) -> str:
        """Take a fixed name the generated code itself defines in this scope."""
        self._taken.add(self._key(name))
        return name

    def is_free(self, name: str) -> bool:
        key = self._key(name)
        return key not in self._taken and key not in self._reserved

    def allocate(self, wanted: str, style: Style, *, pointer: str = "", natural: str | None = None) -> str:
        """A free name for ``wanted``: its natural form, else that form with ``_`` (reserved) or ``_2``, ``_3``..."""
        base = natural if natural is not None else natural_name(wanted, style)
        name, why = base, ""
        key = self._key(name)
        if self._prefixes and key.startswith(self._prefixes):
            name, why = _PREFIX[style] + base, "starts with a prefix reserved in this scope"
            key = self._key(name)
        if key in self._reserved:
            name, why = (name + "_" if style != "flag" else name + "-opt"), "reserved in this scope"
            key = self._key(name)
        number = 2
        root = name
        while key in self._taken or key in self._reserved:
            sep = "-" if style == "flag" else "_"
            name, why = f"{root}{sep}{number}", why or "taken by another name in this scope"
            key = self._key(name)
            number += 1
        self._taken.add(key)
        if name != base:
            self.renames.append(Rename(scope=self.label, wanted=str(wanted), natural=base, given=name,
                                       pointer=pointer, why=why))  # fmt: skip
        return name


# Names every generated module may import or define at module level; no class, alias or constant takes them.
MODULE_NAMES = frozenset({
    "annotations", "Any", "Callable", "ClassVar", "Literal", "Mapping", "Sequence", "Self", "TypeVar", "T",
    "TYPE_CHECKING", "Awaitable", "Iterator", "attrs", "httpx", "datetime", "uuid", "UUID", "enum", "os", "io",
    "quote", "cached_property", "functools", "Path", "Field", "RequestModel", "ResponseModel", "Rule",
    "Dependency", "Condition", "UNSET", "Unset", "NOT_GIVEN", "NotGiven", "SyncAPIClient", "AsyncAPIClient",
    "Endpoint", "Envelope", "ImageRules", "APIResponse", "TimeoutTypes", "OpenStrEnum", "OpenIntEnum",
    "ANY", "STR", "INT", "FLOAT", "BOOL", "NULL", "LIST", "DICT", "DATETIME", "DATE", "EnumOf", "ListOf",
    "MapOf", "ModelOf", "UnionOf", "encode_image", "wait_for_task", "async_wait_for_task",
    "raw_response_wrapper", "async_raw_response_wrapper", "File", "FileTypes", "Client", "AsyncClient",
    "KlingError", "APIError", "APIStatusError", "APIConnectionError", "APITimeoutError", "APIResponseError",
    "RequestValidationError", "ConfigurationError", "MissingAPIKeyError", "AuthenticationError",
    "PermissionDeniedError", "InvalidRequestError", "NotFoundError", "ContentPolicyError", "RateLimitError",
    "ServerError", "TaskError", "TaskFailedError", "WaitTimeoutError", "Violation", "sys", "main", "run",
    "TASKS", "TaskCli", "CliOption", "DEFAULT_TIMEOUT", "DEFAULT_MAX_RETRIES", "DEFAULT_MAX_RESPONSE_BYTES",
    "RetryPolicy", "models", "types", "errors",
})  # fmt: skip

# attrs takes a field whose annotation *text* starts with ``ClassVar`` for a class variable (``from __future__
# import annotations`` makes every annotation text), so no class an annotation names may start with it.
CLASS_PREFIXES = ("ClassVar",)

# Attributes every model class has from its base: a property may not take them.
# ``self`` is the first argument of the __init__ attrs writes; the rest are the base class's members.
MODEL_ATTRIBUTES = frozenset(
    {"self", "cls", "additional_properties", "to_dict", "from_dict", "from_wire", "checked_payload"}
)

# Keyword arguments every generated method has, and the names its body uses.
METHOD_ARGUMENTS = frozenset({
    "self", "timeout", "extra_headers", "extra_query", "extra_body", "wait_timeout", "poll_interval",
    "on_progress",
})  # fmt: skip

# Attributes of the runtime client (and of every resource) a resource or method name may not replace.
CLIENT_ATTRIBUTES = frozenset({
    "request", "download", "close", "with_options", "copy", "base_url", "timeout", "max_retries",
    "retry_policy", "retry_ambiguous_creates", "max_response_bytes", "default_base_url", "api_key_env",
    "base_url_env", "envelope", "logger_name", "user_agent",
})  # fmt: skip
RESOURCE_ATTRIBUTES = frozenset({"wait", "with_raw_response"})

# The generated CLI's own flags; options made from body fields must not take them.
CLI_FLAGS = frozenset({
    "help", "h", "wait", "out", "wait-timeout", "timeout", "poll-interval", "api-key", "base-url",
})  # fmt: skip

# Module names inside models/ (files; unique case-insensitively).
MODEL_MODULES = frozenset({"__init__"})

# Top-level modules of the generated package's dependencies (httpx, attrs and theirs): a package of that
# name would shadow them for its users.
