"""Records as plain JSON data and back, checked field by field against their type hints.

The cache keeps reviews, problems and rendered pages between runs. Kept as data (JSON), not as
pickles, a cache file can only ever be data: reading one runs no code, whoever wrote it. Reading
checks the shape against the record's type hints and raises Malformed on anything else, so a
planted, truncated or outdated entry is thrown away and made again, never used.
"""

from __future__ import annotations

import base64
import dataclasses
import enum
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, Union

Decoder = Callable[[Any], Any]


class Malformed(ValueError):
    """The data does not have the shape of the record it should be."""


def to_data(value: Any) -> Any:
    """A record (frozen dataclasses, tuples, enums, dates as records) as JSON-ready data."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return {"bytes": base64.b64encode(value).decode("ascii")}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_data(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    raise TypeError(f"cannot keep a {type(value).__name__} as data")


def from_data(data: Any, hint: Any) -> Any:
    """The record of type `hint` that `data` describes; Malformed when it describes none."""
    return decoder(hint)(data)


def _fail(what: str, data: Any) -> typing.NoReturn:
    raise Malformed(f"expected {what}, got {type(data).__name__}")


def _exact(kind: type) -> Decoder:
    def decode(data: Any) -> Any:
        if type(data) is not kind:  # bool is an int to isinstance: not here
            _fail(kind.__name__, data)
        return data

    return decode


def _bytes(data: Any) -> bytes:
    if not isinstance(data, dict) or set(data) != {"bytes"} or not isinstance(data["bytes"], str):
        _fail("bytes", data)
    try:
        return base64.b64decode(data["bytes"], validate=True)
    except ValueError as error:
        raise Malformed(str(error)) from None


def _none(data: Any) -> None:
    if data is not None:
        _fail("null", data)


def _union(options: tuple[Any, ...]) -> Decoder:
    others = tuple(option for option in options if option is not type(None))
    if len(others) == 1 and len(options) == 2:  # X | None, the common case: no exception for None
        inner = decoder(others[0])

        def optional(data: Any) -> Any:
            return None if data is None else inner(data)

        return optional
    decoders = [decoder(option) for option in options]

    def decode(data: Any) -> Any:
        for each in decoders:
            try:
                return each(data)
            except Malformed:
                continue
        _fail(" or ".join(getattr(option, "__name__", str(option)) for option in options), data)

    return decode


def _sequence(item: Decoder, make: Callable[[Any], Any]) -> Decoder:
    def decode(data: Any) -> Any:
        if type(data) is not list:
            _fail("a list", data)
        return make([item(each) for each in data])

    return decode


def _scalars(kinds: tuple[type, ...]) -> Decoder:
    """A fixed tuple of plain values (a field's name, line and column): checked in one pass, as
    a review holds a hundred thousand of them."""
    size = len(kinds)

    def decode(data: Any) -> Any:
        if type(data) is not list or len(data) != size:
            _fail(f"a list of {size}", data)
        for value, kind in zip(data, kinds, strict=True):
            if type(value) is not kind:
                _fail(kind.__name__, value)
        return tuple(data)

    return decode


def _fixed(items: list[Decoder]) -> Decoder:
    def decode(data: Any) -> Any:
        if type(data) is not list or len(data) != len(items):
            _fail(f"a list of {len(items)}", data)
        return tuple([each(value) for each, value in zip(items, data, strict=True)])

    return decode


def _enum(kind: type[enum.Enum]) -> Decoder:
    def decode(data: Any) -> Any:
        try:
            return kind(data)
        except ValueError:
            _fail(kind.__name__, data)

    return decode


def _record(kind: type) -> Decoder:
    hints = typing.get_type_hints(kind)
    names = [field.name for field in dataclasses.fields(kind) if field.init]
    fields = [(name, decoder(hints[name])) for name in names]
    expected = frozenset(names)

    def decode(data: Any) -> Any:
        if type(data) is not dict or data.keys() != expected:
            _fail(kind.__name__, data)
        return kind(**{name: each(data[name]) for name, each in fields})

    return decode


@functools.cache
def decoder(hint: Any) -> Decoder:
    """One decoder per type, made once: reading a thousand reviews checks every field."""
    origin = typing.get_origin(hint)
    arguments = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        return _union(arguments)
    if origin is tuple:
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return _sequence(decoder(arguments[0]), tuple)
        if all(argument in (str, int, bool) for argument in arguments):
            return _scalars(arguments)
        return _fixed([decoder(argument) for argument in arguments])
    if origin is list:
        return _sequence(decoder(arguments[0]), list)
    if hint is type(None) or hint is None:
        return _none
    if hint is bytes:
        return _bytes
    if hint in (str, int, bool):
        return _exact(hint)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record(hint)
    raise TypeError(f"no decoder for {hint!r}")
