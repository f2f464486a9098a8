# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Enum bases for generated models: a value the spec does not list is kept, not fatal.

Servers add statuses and options before specs catch up. Response parsing must
not crash on them, so ``_missing_`` creates a pseudo-member named ``UNKNOWN``
that carries the raw value. Request validation still rejects such values by
comparing against the spec's list.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Any


class OpenStrEnum(StrEnum):
    @classmethod
    def _missing_(cls, value: object) -> Any:
        member = str.__new__(cls, str(value))
        member._name_ = "UNKNOWN"
        member._value_ = str(value)
        return member

    def __str__(self) -> str:
        return str(self.value)


class OpenIntEnum(IntEnum):
    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        member = int.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    def __str__(self) -> str:
        return str(self.value)
