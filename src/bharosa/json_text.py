"""Indented JSON text, exactly as `json.dumps(value, indent=n)` writes it, three times faster.

With an indent, the standard library encodes in Python, one generator step per token: the
SARIF log of a data-heavy tree (2 MB) took 65 ms of the parent's time after the workers were
done. This writes the same text from one recursive walk into a list of pieces, strings
escaped by the standard library's own C escaper, the pieces joined as they pile up. Values
it does not know how to write as json does (keys that are not strings, types json rejects
or a `default` would convert) are handed to json.dumps itself, so the text is json's in
every case. A part of a large document can wait as its text (RawJSON) instead of objects.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring_ascii
from typing import Any

# Pieces are joined into one string once this many wait: a large log's pieces (a few a
# token, ~50 bytes each beside the text's own) would otherwise take several times the
# memory of the text they make.
_JOIN_EVERY = 1 << 14


class _Pieces:
    """Where the text's pieces go (`write`), joined as they pile up (`settle`)."""

    __slots__ = ("_joined", "_waiting", "write")

    def __init__(self) -> None:
        self._joined: list[str] = []
        self._waiting: list[str] = []
        self.write = self._waiting.append

    def settle(self) -> None:
        """Join the waiting pieces, if there are many."""
        if len(self._waiting) >= _JOIN_EVERY:
            self._joined.append("".join(self._waiting))
            self._waiting.clear()

    def text(self) -> str:
        return "".join([*self._joined, *self._waiting])


class RawJSON:
    """A value kept as its JSON text, `dumps_indented(value, indent)` with the indent of the
    text it will stand in: a large document's parts can wait as text, not as objects. It is
    written as it is, its lines indented to where it stands. A document that holds one must
    hold nothing that only json.dumps can write (see dumps_indented)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class _UnwrittenError(Exception):
    """A value this module leaves to json.dumps."""


def dumps_indented(value: Any, indent: int = 2) -> str:
    """`json.dumps(value, indent=indent, ensure_ascii=True)`."""
    pieces = _Pieces()
    try:
        _write(value, "", " " * indent, pieces)
    except (_UnwrittenError, RecursionError):
        return json.dumps(value, indent=indent, ensure_ascii=True)
    return pieces.text()


def _write(value: Any, margin: str, step: str, pieces: _Pieces) -> None:
    write = pieces.write
    if isinstance(value, str):
        write(encode_basestring_ascii(value))
    elif value is None:
        write("null")
    elif value is True:
        write("true")
    elif value is False:
        write("false")
    elif isinstance(value, int):
        write(int.__repr__(value))
    elif isinstance(value, float):
        write(_float(value))
    elif isinstance(value, (list, tuple)):
        _write_list(value, margin, step, pieces)
    elif isinstance(value, dict):
        _write_dict(value, margin, step, pieces)
    elif type(value) is RawJSON:
        # A line break in JSON text is one between tokens (strings escape theirs).
        write(value.text.replace("\n", "\n" + margin) if margin else value.text)
    else:
        raise _UnwrittenError


def _write_list(
    value: list[Any] | tuple[Any, ...], margin: str, step: str, pieces: _Pieces
) -> None:
    write = pieces.write
    if not value:
        write("[]")
        return
    inner = margin + step
    separator = "[\n" + inner
    for item in value:
        write(separator)
        _write(item, inner, step, pieces)
        pieces.settle()
        separator = ",\n" + inner
    write("\n" + margin + "]")


def _write_dict(value: dict[Any, Any], margin: str, step: str, pieces: _Pieces) -> None:
    write = pieces.write
    if not value:
        write("{}")
        return
    inner = margin + step
    separator = "{\n" + inner
    for key, item in value.items():
        if not isinstance(key, str):
            raise _UnwrittenError
        write(separator)
        write(encode_basestring_ascii(key))
        write(": ")
        _write(item, inner, step, pieces)
        separator = ",\n" + inner
    write("\n" + margin + "}")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)
