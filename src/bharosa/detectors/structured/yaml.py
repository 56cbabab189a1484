"""YAML: keys and scalars from PyYAML's event stream, comments from a line scan.

Events construct nothing and never expand aliases, so anchors cannot blow up (no
billion laughs). Values come out with their key, their record (`row`: the mapping's
position in the nearest sequence of mappings) and that sequence's key (`table`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from bharosa.detectors.structured.cells import (
    Cell,
    FieldDecl,
    Item,
    ReaderLimits,
    astral_count,
    malformed,
    text_stream,
    utf16_or_none,
)
from bharosa.notices import Notice, NoticeLevel

# Plain scalars YAML reads as null or booleans: not data.
_NOT_DATA = frozenset({"", "~", "null", "true", "false", "yes", "no", "on", "off"})
# Keys like these are names; any other key is read as a value too (an email used as a key).
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_$.-]{1,32}$")
# Files larger than this are read as text, not parsed.
MAX_YAML_CHARS = 256 << 20
_COMMENT = re.compile(r"(?:^|[ \t])#(.*)$")


@dataclass(slots=True)
class _Frame:
    is_mapping: bool
    owner: str | None
    table: str | None
    row: int | None
    expect_key: bool = True
    key: str | None = None
    mappings: int = 0


def read_yaml(stream: BinaryIO, path: str, limits: ReaderLimits) -> Iterator[Item]:
    """Cells, keys and comments of a YAML file (every document of it)."""
    import yaml

    text = text_stream(stream, newline=None).read(MAX_YAML_CHARS + 1)
    if len(text) > MAX_YAML_CHARS:
        yield malformed(path, f"YAML over {MAX_YAML_CHARS >> 20} MiB is not parsed", 1)
        return
    yield from _comments(text, limits.max_cell_chars)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    # Lines are kept only for text with characters outside the BMP: SARIF's UTF-16 columns.
    walk = _Walk(limits, None if text.isascii() else text.split("\n"))
    line = 1
    try:
        for event in yaml.parse(text, Loader=loader):
            mark: Any = event.start_mark
            line = mark.line + 1 if mark is not None else line
            yield from walk.feed(event)
    except yaml.YAMLError as exc:
        problem: Any = getattr(exc, "problem_mark", None)
        yield malformed(path, "not valid YAML", problem.line + 1 if problem is not None else line)
    if walk.too_deep:
        yield Notice(
            NoticeLevel.WARNING, "too-deep", f"nesting over {limits.max_depth} levels", path
        )


class _Walk:
    def __init__(self, limits: ReaderLimits, lines: list[str] | None = None) -> None:
        self.limits = limits
        self.lines = lines
        self.stack: list[_Frame] = []
        self.declared: set[tuple[str | None, str]] = set()
        self.too_deep = False

    def feed(self, event: Any) -> Iterator[Cell | FieldDecl]:
        import yaml

        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self._open(isinstance(event, yaml.MappingStartEvent))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            if self.stack:
                self.stack.pop()
            self._value_done()
        elif isinstance(event, yaml.ScalarEvent):
            yield from self._scalar(event)
        elif isinstance(event, yaml.AliasEvent):
            self._value_done()

    def _open(self, is_mapping: bool) -> None:
        parent = self.stack[-1] if self.stack else None
        if len(self.stack) >= self.limits.max_depth:
            self.too_deep = True
        if parent is None:
            self.stack.append(_Frame(is_mapping, None, None, None))
            return
        owner = parent.key if parent.is_mapping else parent.owner
        if is_mapping and not parent.is_mapping:
            parent.mappings += 1
            self.stack.append(_Frame(True, owner, parent.owner, parent.mappings))
            return
        self.stack.append(_Frame(is_mapping, owner, parent.table, parent.row))

    def _value_done(self) -> None:
        if self.stack and self.stack[-1].is_mapping:
            self.stack[-1].expect_key = True

    def _scalar(self, event: Any) -> Iterator[Cell | FieldDecl]:
        frame = self.stack[-1] if self.stack else None
        value: str = event.value
        line, column = _place(event)
        column16 = self._utf16_column(line, column)
        if frame is not None and frame.is_mapping and frame.expect_key:
            frame.key, frame.expect_key = value, False
            if not self.too_deep and (frame.table, value) not in self.declared:
                self.declared.add((frame.table, value))
                yield FieldDecl(value, line, column, table=frame.table, column_utf16=column16)
            if not self.too_deep and not _PLAIN_KEY.match(value):
                yield Cell(
                    value[: self.limits.max_cell_chars],
                    line,
                    column,
                    None,
                    frame.row,
                    table=frame.table,
                    column_utf16=column16,
                )
            return
        self._value_done()
        if not event.style and value.strip().lower() in _NOT_DATA:
            return
        value = value[: self.limits.max_cell_chars]
        if frame is None:
            yield Cell(value, line, column, column_utf16=column16)
            return
        owner = frame.key if frame.is_mapping else frame.owner
        yield Cell(value, line, column, owner, frame.row, table=frame.table, column_utf16=column16)

    def _utf16_column(self, line: int, column: int | None) -> int | None:
        if self.lines is None or column is None or not 0 < line <= len(self.lines):
            return None
        return utf16_or_none(column, astral_count(self.lines[line - 1][: column - 1]))


def _place(event: Any) -> tuple[int, int | None]:
    """Where a scalar's text starts: after its quote, or on the line after `|` and `>`."""
    mark = event.start_mark
    if event.style in ("|", ">"):
        return mark.line + 2, None
    if event.style in ("'", '"'):
        return mark.line + 1, mark.column + 2
    return mark.line + 1, mark.column + 1


def _comments(text: str, max_chars: int) -> Iterator[Cell]:
    """Comments as free text (YAML's parser drops them)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if "#" not in line:
            continue
        stripped = _without_quoted(line)
        found = _COMMENT.search(stripped)
        if found is not None and found.group(1).strip():
            body = line[found.start(1) :]
            text = body.strip()
            yield Cell(text[:max_chars], number, found.start(1) + body.index(text) + 1)


def _without_quoted(line: str) -> str:
    """The line with quoted stretches blanked out, so a `#` inside quotes is no comment."""
    out, quote = [], ""
    for char in line:
        if quote:
            out.append(" ")
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)
