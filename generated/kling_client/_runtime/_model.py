# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""Base classes of the generated models: the wire form in and out, driven by a table of fields.

Each generated model is an attrs class that lists its fields once, as data::

    _codegen_fields = (Field("task_id", "task_id", STR, required=True), Field("images", "images", ListOf(...)))

and inherits ``from_dict``/``to_dict`` from here:

* ``RequestModel`` (bodies the client sends): an optional field left ``UNSET``
  is not sent; the model validates itself against the spec's rules on
  construction and in ``from_dict`` (every violated rule at once, see
  ``_validation``); unknown keys go to ``additional_properties`` and are sent.
* ``ResponseModel`` (what the server returns): an optional field reads as
  ``None`` whether it was absent or null, yet ``to_dict()`` gives back exactly
  the keys that were present; values the spec does not know (an enum value, a
  field) are kept, never fatal; a missing *required* field raises ``KeyError``
  (the caller turns it into ``APIResponseError``).

Decoding is type-directed (``Codec`` values: models, enums, lists, dates, UUIDs,
unions); encoding follows the Python values themselves.
"""

from __future__ import annotations

import datetime
import enum
import functools
import importlib
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Self, TypeVar

import attrs

from ._types import UNSET, Unset
from ._validation import Dependency, Rule, validate_payload

__all__ = [
    "ANY",
    "DATE",
    "DATETIME",
    "STR",
    "UUID",
    "Codec",
    "EnumOf",
    "Field",
    "ListOf",
    "MapOf",
    "ModelOf",
    "RequestModel",
    "ResponseModel",
    "UnionOf",
    "as_bytes",
    "as_json",
    "as_none",
    "as_text",
    "files",
    "parse_list",
    "parse_model",
    "to_wire",
    "unwrap",
    "unwrap_value",
]


class Codec:
    """Turns a decoded JSON value into the Python value a field holds; anything it does not expect is kept."""

    __slots__ = ()

    def decode(self, value: Any, checked: bool = False) -> Any:
        """``checked``: nested request models are built with ``from_dict``, so their rules are checked too."""
        return value

    def matches(self, value: Any) -> int:
        """How well ``value`` fits (0: not at all); unions pick the best-fitting member."""
        return 1


class _Typed(Codec):
    __slots__ = ("_types",)

    def __init__(self, *types: type) -> None:
        self._types = types

    def matches(self, value: Any) -> int:
        if isinstance(value, bool) and bool not in self._types:
            return 0
        return 2 if isinstance(value, self._types) else 0


class _DateTime(Codec):
    __slots__ = ()

    def decode(self, value: Any, checked: bool = False) -> Any:
        if isinstance(value, str):
            try:
                return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return value
        return value

    def matches(self, value: Any) -> int:
        return 2 if isinstance(value, str) else 0


class _Date(Codec):
    __slots__ = ()

    def decode(self, value: Any, checked: bool = False) -> Any:
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                return value
        return value

    def matches(self, value: Any) -> int:
        return 2 if isinstance(value, str) else 0


class _UUID(Codec):
    __slots__ = ()

    def decode(self, value: Any, checked: bool = False) -> Any:
        if isinstance(value, str):
            try:
                return uuid.UUID(value)
            except ValueError:
                return value
        return value

    def matches(self, value: Any) -> int:
        return 2 if isinstance(value, str) else 0


ANY = Codec()
STR = _Typed(str)
INT = _Typed(int)
FLOAT = _Typed(int, float)
BOOL = _Typed(bool)
NULL = _Typed(type(None))
LIST = _Typed(list)
DICT = _Typed(dict)
DATETIME = _DateTime()
DATE = _Date()
UUID = _UUID()


class EnumOf(Codec):
    """A value of an enum class; values the class does not list are kept as they are."""

    __slots__ = ("_cls",)

    def __init__(self, cls: type[enum.Enum]) -> None:
        self._cls = cls

    def decode(self, value: Any, checked: bool = False) -> Any:
        try:
            return self._cls(value)
        except (ValueError, TypeError):
            return value

    def matches(self, value: Any) -> int:
        return 3 if any(value == m.value and type(value) is type(m.value) for m in self._cls) else 0


class ListOf(Codec):
    __slots__ = ("_item",)

    def __init__(self, item: Codec) -> None:
        self._item = item

    def decode(self, value: Any, checked: bool = False) -> Any:
        if isinstance(value, list):
            return [self._item.decode(v, checked) for v in value]
        return value

    def matches(self, value: Any) -> int:
        return 2 if isinstance(value, list) else 0


class MapOf(Codec):
    __slots__ = ("_value",)

    def __init__(self, value: Codec) -> None:
        self._value = value

    def decode(self, value: Any, checked: bool = False) -> Any:
        if isinstance(value, dict):
            return {k: self._value.decode(v, checked) for k, v in value.items()}
        return value

    def matches(self, value: Any) -> int:
        return 2 if isinstance(value, dict) else 0


class ModelOf(Codec):
    """A nested model, named by module and class and imported on first use, so models may refer to each other."""

    __slots__ = ("_cls", "_module", "_name")

    def __init__(self, module: str, name: str) -> None:
        self._module = module
        self._name = name
        self._cls: type[_Model] | None = None

    @property
    def cls(self) -> type[_Model]:
        if self._cls is None:
            found = getattr(importlib.import_module(self._module), self._name)
            if not (isinstance(found, type) and issubclass(found, _Model)):
                raise TypeError(f"{self._module}.{self._name} is not a model")
            self._cls = found
        return self._cls

    def decode(self, value: Any, checked: bool = False) -> Any:
        if isinstance(value, dict):
            cls = self.cls
            return cls.from_dict(value) if checked and issubclass(cls, RequestModel) else cls.from_wire(value)
        return value

    def matches(self, value: Any) -> int:
        if not isinstance(value, dict):
            return 0
        fields = self.cls._codegen_fields
        if any(f.required and f.wire not in value for f in fields):
            return 0
        known = {f.wire for f in fields}
        return 2 + sum(1 for key in value if key in known)


class UnionOf(Codec):
    """``oneOf``/``anyOf``/type lists: the member that fits the value best decodes it."""

    __slots__ = ("_members",)

    def __init__(self, *members: Codec) -> None:
        self._members = members

    def decode(self, value: Any, checked: bool = False) -> Any:
        best, score = None, 0
        for member in self._members:
            fit = member.matches(value)
            if fit > score:
                best, score = member, fit
        if best is None:
            return value
        try:
            return best.decode(value, checked)
        except (KeyError, TypeError):
            return value
        except ValueError:
            if checked:
                raise  # a rule of the chosen member is broken: report it
            return value

    def matches(self, value: Any) -> int:
        return max((m.matches(value) for m in self._members), default=0)


@attrs.frozen
class Field:
    """One property: its attribute, its wire name, how to decode it, whether the spec requires it."""

    attr: str
    wire: str
    codec: Codec = ANY
    required: bool = False


def _leaf(value: Any) -> tuple[bool, Any]:
    """``(True, wire form)`` for a value that holds no other values, else ``(False, None)``."""
    if isinstance(value, str | int | float | bool) or value is None:
        return True, value.value if isinstance(value, enum.Enum) else value
    if isinstance(value, _Model):
        return True, value.to_dict()
    if isinstance(value, enum.Enum):
        return True, value.value
    if isinstance(value, datetime.datetime | datetime.date):
        return True, value.isoformat()
    if isinstance(value, uuid.UUID):
        return True, str(value)
    if isinstance(value, Mapping) or (isinstance(value, Sequence) and not isinstance(value, bytes | bytearray)):
        return False, None
    return True, value


_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


def to_wire(value: Any) -> Any:
    """The JSON form of a Python value held by a model (models, enums, dates, UUIDs, containers).

    Iterative over containers, so data a server nested hundreds of levels deep converts back
    without exhausting the stack.
    """
    done, wire = _leaf(value)
    if done:
        return wire
    result: list[Any] = [None]
    stack: list[tuple[Any, Callable[[Any], None]]] = [(value, functools.partial(result.__setitem__, 0))]
    while stack:
        node, assign = stack.pop()
        done, wire = _leaf(node)
        if done:
            assign(wire)
        elif isinstance(node, Mapping):
            items = {str(k): v for k, v in node.items()}
            out: dict[str, Any] = dict.fromkeys(items)  # keys in order; values filled in below
            assign(out)
            stack.extend((v, functools.partial(out.__setitem__, k)) for k, v in items.items())
        else:
            seq: list[Any] = [None] * len(node)
            assign(seq)
            stack.extend((v, functools.partial(seq.__setitem__, i)) for i, v in enumerate(node))
    return result[0]


class _Model:
    __slots__ = ()
    _codegen_fields: ClassVar[tuple[Field, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        raise NotImplementedError

    @classmethod
    def from_wire(cls, data: Mapping[str, Any], checked: bool = False) -> Self:
        """Build from an answer's JSON without judging it (what the client does with what servers send)."""
        if not isinstance(data, Mapping):
            raise TypeError(f"{cls.__name__} expects a JSON object, got {type(data).__name__}")
        instance = cls.__new__(cls)
        known = set()
        for field in cls._codegen_fields:
            known.add(field.wire)
            object.__setattr__(instance, field.attr, cls._absent(field) if field.wire not in data
                               else field.codec.decode(data[field.wire], checked))  # fmt: skip
        object.__setattr__(instance, "additional_properties", {k: v for k, v in data.items() if k not in known})
        instance._received(data)
        return instance

    @classmethod
    def _absent(cls, field: Field) -> Any:
        return UNSET

    def _received(self, data: Mapping[str, Any]) -> None:
        pass


def _extras(model: Any) -> dict[str, Any]:
    extras: dict[str, Any] = model.additional_properties
    return extras


class RequestModel(_Model):
    """A body the client sends: validated against the spec's rules; ``UNSET`` fields are left out."""

    __slots__ = ()
    _codegen_rules: ClassVar[tuple[Rule, ...]] = ()
    _codegen_dependencies: ClassVar[tuple[Dependency, ...]] = ()
    _codegen_help: ClassVar[dict[str, str]] = {}

    def __attrs_post_init__(self) -> None:
        validate_payload(type(self).__name__, self.to_dict(), self._codegen_rules, self._codegen_dependencies)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object to send: every field that is not ``UNSET``, then ``additional_properties``."""
        out: dict[str, Any] = {}
        for field in self._codegen_fields:
            value = getattr(self, field.attr)
            if type(value) in _JSON_SCALARS:  # the common case, already its own JSON form (enums are not)
                out[field.wire] = value
            elif not isinstance(value, Unset):
                out[field.wire] = to_wire(value)
        extras = _extras(self)
        if extras:
            out.update(to_wire(extras))
        return out

    def checked_payload(self) -> dict[str, Any]:
        """``to_dict()`` validated again: fields may have been changed since construction."""
        payload = self.to_dict()
        validate_payload(type(self).__name__, payload, self._codegen_rules, self._codegen_dependencies)
        return payload

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Validate ``data`` against the spec's rules, then build the model (unknown keys are kept)."""
        validate_payload(cls.__name__, data, cls._codegen_rules, cls._codegen_dependencies)
        return cls.from_wire(data, checked=True)


class ResponseModel(_Model):
    """A body the server returns: lenient, and ``to_dict()`` round-trips what was received."""

    __slots__ = ()

    @property
    def _request_id(self) -> str | None:
        """The request id of the answer this model came from (the envelope's ``request_id`` or ``x-request-id``)."""
        value: str | None = getattr(self, "_codegen_request_id", None)
        return value

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build the model; raises ``KeyError`` when a field the spec requires is missing."""
        return cls.from_wire(data)

    @classmethod
    def _absent(cls, field: Field) -> Any:
        if field.required:
            raise KeyError(f"{cls.__name__}: the field {field.wire!r} the spec requires is missing")
        return None

    def _received(self, data: Mapping[str, Any]) -> None:
        known = {f.wire for f in self._codegen_fields}
        object.__setattr__(self, "_codegen_present", frozenset(k for k in data if k in known))
        object.__setattr__(self, "_codegen_request_id", None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object: the keys received (nulls included), plus any field set since, then the extras."""
        present: frozenset[str] = getattr(self, "_codegen_present", frozenset())
        out: dict[str, Any] = {}
        for field in self._codegen_fields:
            value = getattr(self, field.attr)
            if value is not None or field.wire in present:
                out[field.wire] = to_wire(value)
        out.update(to_wire(_extras(self)))
        return out


_M = TypeVar("_M", bound=_Model)


def parse_model(cls: type[_M]) -> Callable[[Any], _M]:
    """How an endpoint reads a JSON object answer into ``cls``."""
    return cls.from_wire


def parse_list(cls: type[_M]) -> Callable[[Any], list[_M]]:
    """How an endpoint reads a JSON array of objects."""

    def parse(body: Any) -> list[_M]:
        if not isinstance(body, list):
            raise TypeError(f"expected a JSON array of {cls.__name__}, got {type(body).__name__}")
        return [cls.from_wire(item) for item in body]

    return parse


def unwrap(envelope: type[_Model], attr: str, cls: type[_M]) -> Callable[[Any], _M]:
    """How an endpoint reads ``envelope.<attr>``, which must be a ``cls``: the envelope itself is checked too."""

    def parse(body: Any) -> _M:
        inner = getattr(envelope.from_wire(body), attr)
        if not isinstance(inner, cls):
            raise TypeError(f"the answer's {attr!r} is not a {cls.__name__} object: {type(inner).__name__}")
        return inner

    return parse


def unwrap_value(envelope: type[_Model], attr: str) -> Callable[[Any], Any]:
    """``unwrap`` for an inner value that is not a model (a list, a map, a scalar)."""

    def parse(body: Any) -> Any:
        return getattr(envelope.from_wire(body), attr)

    return parse


def files(*pairs: tuple[str, Any]) -> list[tuple[str, Any]]:
    """The ``files`` of a multipart body: fields left ``UNSET`` are dropped, a list gives one part per item."""
    parts: list[tuple[str, Any]] = []
    for name, value in pairs:
        if isinstance(value, Unset):
            continue
        for item in value if isinstance(value, list) else [value]:
            parts.append((name, item))
    return parts


def as_json(body: Any) -> Any:
    return body


def as_text(body: Any) -> str:
    return str(body)


def as_bytes(body: Any) -> bytes:
    return bytes(body)


def as_none(body: Any) -> None:
    return None
