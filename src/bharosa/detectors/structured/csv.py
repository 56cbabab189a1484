"""CSV and TSV: dialect sniffed, header detected, every value with its line and column.

The stdlib csv module parses (quoted newlines, doubled quotes, ragged rows); a thin
iterator around its input remembers which physical lines each row consumed, so every
value is placed on the line and column where it starts in the file.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import sys
from bisect import bisect_left
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import BinaryIO

from bharosa.detectors.structured.cells import (
    ASTRAL,
    Cell,
    FieldDecl,
    Item,
    LineFilter,
    ReaderLimits,
    malformed,
    text_stream,
    wanted_near,
)
from bharosa.notices import Notice, NoticeLevel

_SNIFF_CHARS = 64 * 1024
# What csv.Sniffer sees: its regexes take time quadratic in the sample (16 KiB of `'\n`
# took seconds), and a few KiB tell a dialect as well.
_SNIFFER_SAMPLE = 4 * 1024
_DELIMITERS = ",;\t|"
_DEFAULT_DELIMITER = {".tsv": "\t", ".tab": "\t", ".psv": "|"}
_NUMBER = re.compile(r"^[-+]?\d[\d,._ ]*$")
_NOT_A_NAME = re.compile(r"@|://|^\s*$")
# A value starts this near the end of the one before (a closing quote, the delimiter, an
# opening quote)...
_NEAR = 8
# ...or, after values that could not be placed, at most this much further on.
_MAX_AHEAD = 4096


class _PhysicalLines:
    """The lines handed to csv.reader, remembered until the row that used them is read.

    `line` is the line the next row starts on, `row_line` the line the row last taken
    started on. With `wanted` lines, a line that is a whole row by itself (it starts a row
    and holds no quote) is passed over unread unless wanted (see wanted_near), once
    `skipping` is set: `skipped_rows` counts those since the last row taken.
    """

    def __init__(self, source: Iterator[str], wanted: LineFilter | None, quote: str) -> None:
        self._source = source
        self.consumed: list[str] = []
        self.nul_bytes = 0
        self._wanted = wanted
        self._quote = quote
        self.skipping = False
        self.line = self.row_line = 1
        self.skipped_rows = 0

    def __iter__(self) -> _PhysicalLines:
        return self

    def __next__(self) -> str:
        line = next(self._source)
        while self._passes_over(line):
            self.skipped_rows += 1
            self.line += _lines_in(line)
            line = next(self._source)
        if "\0" in line:
            # The csv module refuses NUL; a replacement character keeps columns in place.
            self.nul_bytes += line.count("\0")
            line = line.replace("\0", "\ufffd")
        self.consumed.append(line)
        return line

    def _passes_over(self, line: str) -> bool:
        """Whether a line the source gave is a row that is not wanted."""
        wanted = self._wanted
        return (
            wanted is not None
            and self.skipping
            and not self.consumed
            and self._quote not in line
            and not wanted_near(wanted, self.line, self.line)
        )

    def take_skipped(self) -> int:
        """How many rows were passed over before the row just parsed."""
        skipped, self.skipped_rows = self.skipped_rows, 0
        return skipped

    def take(self) -> str:
        """The raw text of the row just parsed."""
        raw = "".join(self.consumed)
        self.consumed.clear()
        self.row_line = self.line
        self.line += _lines_in(raw)
        return raw


def _lines_in(raw: str) -> int:
    """How many lines a row's raw text takes (the last may end with no line feed: a lone
    carriage return, or the end of the file)."""
    return raw.count("\n") if raw.endswith("\n") else raw.count("\n") + 1


def read_csv(stream: BinaryIO, path: str, limits: ReaderLimits) -> Iterator[Item]:
    """Cells and header fields of a delimited text file."""
    text = text_stream(stream)
    head = text.read(_SNIFF_CHARS)
    dialect = _sniff(head, path)
    lines = _PhysicalLines(
        iter(_lines_of(head, text)), limits.wanted_lines, dialect.quotechar or '"'
    )
    csv.field_size_limit(min(sys.maxsize, 1 << 31))
    reader = csv.reader(lines, dialect)
    header: list[str] | None = None
    # Each column's field name (None for a column without one), from the header.
    fields: list[str | None] = []
    sampler = limits.sampler
    data_row = 0
    truncated = False
    try:
        for values in reader:
            raw = lines.take()
            line = lines.row_line
            data_row += lines.take_skipped()
            # Rows are passed over once the first (maybe the header) is read.
            lines.skipping = True
            starts = _value_starts(raw, values, dialect.delimiter)
            astral = [m.start() for m in ASTRAL.finditer(raw)] if not raw.isascii() else []
            if header is None and data_row == 0 and _looks_like_header(values):
                header = values
                fields = [name or None for name in values]
                yield from _header_fields(values, starts, raw, line, astral)
            else:
                data_row += 1
                # Most rows sit on one line: then a value's column is just its offset + 1.
                one_line = raw.find("\n") in (-1, len(raw) - 1)
                for index, value in enumerate(values):
                    if not value or value.isspace():
                        continue
                    field = fields[index] if index < len(fields) else None
                    weight = 0
                    # Until some column is sampled, every value counts once (weight 0:
                    # not decided here).
                    if sampler is not None and sampler.sampling:
                        weight = sampler.weight((None, field, index))
                        if weight == 0:
                            continue
                    if len(value) > limits.max_cell_chars:
                        value, truncated = value[: limits.max_cell_chars], True
                    start = starts[index]
                    if one_line:
                        at_line, column = line, (start + 1 if start >= 0 else None)
                    else:
                        at_line, column = _place(raw, start, line)
                    wide = _utf16_column(raw, start, astral) if astral else None
                    yield Cell(value, at_line, column, field, data_row, index, None, weight, wide)
    except csv.Error as exc:
        # The line the row that breaks starts on.
        line = lines.line
        lines.take()
        yield malformed(path, f"CSV parse error ({exc})", line)
    if truncated:
        yield Notice(
            NoticeLevel.WARNING,
            "truncated",
            f"values cut at {limits.max_cell_chars} characters",
            path,
        )
    if lines.nul_bytes:
        yield Notice(
            NoticeLevel.WARNING, "nul-bytes", f"{lines.nul_bytes} NUL bytes read as U+FFFD", path
        )


def _lines_of(head: str, text: Iterator[str]) -> Iterator[str]:
    """The lines of the sniffed head joined with the rest of the stream, the head split
    where the stream splits lines (`\n`, `\r\n`, `\r`; `str.splitlines` would split at a
    form feed or U+2028 in a value too)."""
    first = list(io.StringIO(head, newline=""))
    if first and not first[-1].endswith(("\n", "\r")):
        # The head ended mid-line: finish that line from the stream.
        rest = next(text, "")
        first[-1] += rest
    return itertools.chain(first, text)


def _sniff(head: str, path: str) -> type[csv.Dialect] | csv.Dialect:
    default = _DEFAULT_DELIMITER.get(PurePosixPath(path).suffix.lower(), ",")
    sample = head[:_SNIFFER_SAMPLE]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
    except csv.Error:
        sniffed = None
    if sniffed is None or (
        sniffed.delimiter != default and sample.count(default) > sample.count(sniffed.delimiter)
    ):
        dialect = csv.excel_tab if default == "\t" else csv.excel
        if default == "|":
            return _with_delimiter("|")
        return dialect
    return _with_delimiter(sniffed.delimiter, sniffed.quotechar or '"')


def _with_delimiter(delimiter: str, quotechar: str = '"') -> type[csv.Dialect]:
    class _Dialect(csv.excel):
        pass

    _Dialect.delimiter = delimiter
    _Dialect.quotechar = quotechar
    return _Dialect


def _looks_like_header(values: list[str]) -> bool:
    """Cells that are all names: non-empty (but for a leading index), distinct, not data."""
    names = [v.strip() for v in values]
    named = names[1:] if names and not names[0] else names
    if not named or any(not n for n in named) or len(set(named)) != len(named):
        return False
    return not any(_NUMBER.match(n) or _NOT_A_NAME.search(n) for n in named)


def _header_fields(
    values: list[str], starts: list[int], raw: str, line: int, astral: list[int]
) -> Iterator[FieldDecl]:
    for index, name in enumerate(values):
        if name.strip():
            at_line, column = _place(raw, starts[index], line)
            column16 = _utf16_column(raw, starts[index], astral)
            yield FieldDecl(name.strip(), at_line, column, index, column_utf16=column16)


def _value_starts(raw: str, values: list[str], delimiter: str) -> list[int]:
    """Where each parsed value starts in the row's raw text (-1 when it cannot be placed)."""
    if '"' not in raw and "'" not in raw:
        starts, at = [], 0
        for value in values:
            starts.append(at)
            at += len(value) + len(delimiter)
        return starts
    # A value is looked for only near where it can start (after quotes and delimiters, or
    # past values that could not be placed), so a long row costs linear time, not quadratic.
    starts, at, ahead = [], 0, 0
    for value in values:
        if not value:
            starts.append(at)
            ahead = min(ahead + len(delimiter) + 2, _MAX_AHEAD)
            continue
        found = raw.find(value, at, at + ahead + _NEAR + len(value))
        if found < 0:
            starts.append(-1)
            # Its raw text (quoted, quotes doubled) is at least as long as the value.
            at += len(value)
            ahead = min(ahead + len(value) + _NEAR, _MAX_AHEAD)
            continue
        starts.append(found)
        at, ahead = found + len(value), 0
    return starts


def _place(raw: str, start: int, line: int) -> tuple[int, int | None]:
    """The line and 1-based column of offset `start` in a row that begins on `line`."""
    if start < 0:
        return line, None
    newline = raw.rfind("\n", 0, start)
    return line + raw.count("\n", 0, start), start - newline


def _utf16_column(raw: str, start: int, astral: list[int]) -> int | None:
    """The 1-based UTF-16 column of offset `start` in a row, when astral characters before it
    on its line (offsets in `astral`) make it differ from the code point column."""
    if not astral or start < 0:
        return None
    line_start = raw.rfind("\n", 0, start) + 1
    wide = bisect_left(astral, start) - bisect_left(astral, line_start)
    return start - line_start + 1 + wide if wide else None
