"""Indented JSON text, exactly as `json.dumps(value, indent=n)` writes it, three times faster.

With an indent, the standard library encodes in Python, one generator step per token: the
SARIF log of a data-heavy tree (2 MB) took 65 ms of the parent's time after the workers were
done. This writes the same text from one recursive walk into a list of pieces, strings
escaped by the standard library's own C escaper. Values it does not know how to write as
json does (keys that are not strings, types json rejects or a `default` would convert) are
handed to json.dumps itself, so the text is json's in every case.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring_ascii
from typing import Any

# Where the text's pieces go.
Write = Callable[[str], object]


class _UnwrittenError(Exception):
    """A value this module leaves to json.dumps."""


def dumps_indented(value: Any, indent: int = 2) -> str:
    """`json.dumps(value, indent=indent, ensure_ascii=True)`."""
    pieces: list[str] = []
    try:
        _write(value, "", " " * indent, pieces.append)
    except (_UnwrittenError, RecursionError):
        return json.dumps(value, indent=indent, ensure_ascii=True)
    return "".join(pieces)


def _write(value: Any, margin: str, step: str, write: Write) -> None:
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
        _write_list(value, margin, step, write)
    elif isinstance(value, dict):
        _write_dict(value, margin, step, write)
    else:
        raise _UnwrittenError


def _write_list(value: list[Any] | tuple[Any, ...], margin: str, step: str, write: Write) -> None:
    if not value:
        write("[]")
        return
    inner = margin + step
    separator = "[\n" + inner
    for item in value:
        write(separator)
        _write(item, inner, step, write)
        separator = ",\n" + inner
    write("\n" + margin + "]")


def _write_dict(value: dict[Any, Any], margin: str, step: str, write: Write) -> None:
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
        _write(item, inner, step, write)
        separator = ",\n" + inner
    write("\n" + margin + "}")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)
