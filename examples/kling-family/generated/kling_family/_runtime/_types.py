# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""The two sentinels of the client, each with one meaning and a readable ``repr``.

* ``UNSET`` (type ``Unset``): a request field or argument that is not sent at
  all, so the server applies its own default. ``None`` would be sent as JSON
  ``null``.
* ``NOT_GIVEN`` (type ``NotGiven``): a client option that was not passed
  (``timeout=NOT_GIVEN`` means "the client's default", where ``None`` means
  "no timeout").

Both are falsy singletons and survive ``copy`` and ``pickle`` as themselves.
"""

from __future__ import annotations

from typing import IO, Final, Literal

__all__ = ["NOT_GIVEN", "UNSET", "FileContent", "FileTypes", "NotGiven", "Unset"]

# What a file field of a multipart body takes: the content, or (file name, content[, content type]).
FileContent = IO[bytes] | bytes | str
FileTypes = FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str | None]


class Unset:
    """The type of ``UNSET``: "not sent"."""

    _instance: Unset | None = None

    def __new__(cls) -> Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        return "UNSET"

    def __copy__(self) -> Unset:
        return self

    def __deepcopy__(self, memo: object) -> Unset:
        return self


class NotGiven:
    """The type of ``NOT_GIVEN``: "option not passed"."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"

    def __copy__(self) -> NotGiven:
        return self

    def __deepcopy__(self, memo: object) -> NotGiven:
        return self


UNSET: Final = Unset()
NOT_GIVEN: Final = NotGiven()
