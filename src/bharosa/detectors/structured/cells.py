"""What structured readers produce: cells (values with their field), field declarations.

Every reader is a function `(stream, path, limits) -> Iterator[Cell | FieldDecl | Notice]`
that streams: memory stays bounded whatever the size of the file. A reader never raises
for a problem with the file: a malformed or truncated file ends with a Notice (code
`malformed`) after the cells read so far, and the pipeline scans the file as plain text
from the line the notice names.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Protocol, TextIO

from bharosa.notices import Notice, NoticeLevel
from bharosa.sources.decoding import SNIFF_BYTES, sniff_encoding


# Not frozen: one is made for every value (token) a reader reads, and a frozen
# dataclass's __init__ costs four times as much. Nothing changes one once made.
@dataclass(slots=True)
class Cell:
    """One value of a data file, where it stands and which field it belongs to.

    `line` is 1-based; for formats without lines (spreadsheets, Parquet) it is the 1-based
    row number. `column` is the 1-based character column of the value's first character
    on that line when the reader knows it. `field` is the column header, key or column
    name (None for free text such as a notebook's code). `row` is the 1-based data row and
    `column_index` the 0-based position of the column, for tabular formats. `table` names
    the sheet, SQL table or JSON array the cell belongs to, when there is one.
    """

    value: str
    line: int
    column: int | None = None
    field: str | None = None
    row: int | None = None
    column_index: int | None = None
    table: str | None = None
    # How many values this cell stands for, when the reader sampled (0: not decided).
    weight: int = 0
    # `column` in UTF-16 code units, when astral characters before it make them differ.
    column_utf16: int | None = None


@dataclass(frozen=True, slots=True)
class FieldDecl:
    """A field name as declared: a CSV header, a CREATE TABLE column, a Parquet schema field,
    a JSON or YAML key. Readers declare each field once per table, where it first appears.
    """

    name: str
    line: int
    column: int | None = None
    column_index: int | None = None
    table: str | None = None
    # `column` in UTF-16 code units, when astral characters before it make them differ.
    column_utf16: int | None = None


Place = tuple[str | None, str | None, int | None]


# How many characters after a token settle where it ends, for the tokenizers that read a
# text in blocks: a number's fraction or exponent (`.5`, `e-3`) may follow it. A token
# nearer the end of their buffer is read again once the next block is in, unless the text
# ends there.
SETTLED = 3
# A character outside the BMP (two units in UTF-16).
ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def astral_count(text: str) -> int:
    """How many characters of `text` lie outside the BMP: each takes two UTF-16 units,
    so columns counted in code points and in UTF-16 units differ by this much."""
    if text.isascii():
        return 0
    return len(ASTRAL.findall(text))


def bmp_only(text: str) -> bool:
    """Whether every character of `text` is in the BMP: then UTF-16 columns are code point
    columns all along it (one search of a reader's whole buffer, not one per token)."""
    return text.isascii() or ASTRAL.search(text) is None


def refilled_bmp_only(was_bmp_only: bool, kept: str, block: str) -> bool:
    """bmp_only of a reader's buffer refilled as `kept + block`, where `kept` is the end of
    the buffer before, which was all in the BMP if `was_bmp_only` (searched when it was
    read: only the new block needs a search then)."""
    return (was_bmp_only or bmp_only(kept)) and bmp_only(block)


def utf16_or_none(column: int | None, astral_before: int) -> int | None:
    """A UTF-16 column to store beside a code-point one, only where the two differ."""
    return column + astral_before if column is not None and astral_before else None


class CellSampler(Protocol):
    """Decides, per column, how many values one read value stands for (0: skip it).

    Readers of long tables (CSV) ask before building a cell, so a column already counted
    in full costs almost nothing to pass over. Until `sampling` is true every value counts
    once, and readers need not ask.
    """

    @property
    def sampling(self) -> bool:
        """Whether some column is sampled now (else every weight is 1)."""

    def weight(self, place: Place) -> int:
        """The weight of the next value at (table, field, column index)."""


class LineFilter(Protocol):
    """The lines whose values a scan wants (history's partial read of an edit)."""

    def touch(self, first: int, last: int) -> bool:
        """Whether any of the lines `first` to `last` (1-based, inclusive) is wanted."""

    def first_from(self, line: int) -> int | None:
        """The first wanted line at or after `line` (None: there is none)."""


def wanted_near(lines: LineFilter, first: int, last: int) -> bool:
    """Whether a record on lines `first` to `last` is to be read: it, or a line next to it,
    is wanted (the scan reads a wanted value's neighbours for context)."""
    return lines.touch(first - 1, last + 1)


class UnwantedEnd:
    """Where, in a reader's buffer, the line before the next wanted line starts: a record
    that ends before it is near no wanted line after the one it starts on.

    The last answer is kept: a reader asks again and again within one buffer for the same
    wanted line (at each statement of an SQL dump, each run of a JSON array), and finding
    a line by number walks the buffer's line breaks.
    """

    __slots__ = ("_at", "_line", "_lines", "_text")

    def __init__(self, lines: LineFilter) -> None:
        self._lines = lines
        self._text = ""
        self._line = 0
        self._at = 0

    def __call__(self, text: str, offset: int, line: int) -> int:
        """The offset in `text`, read from `offset` on `line`, where the line before the
        next wanted line starts (the end of `text` if it holds none)."""
        wanted = self._lines.first_from(line)
        if wanted is None:
            return len(text)
        target = wanted - 1
        if text is self._text and target == self._line and self._at >= offset:
            return self._at
        at = offset
        for _ in range(target - line):
            at = text.find("\n", at) + 1
            if at == 0:
                at = len(text)
                break
        self._text, self._line, self._at = text, target, at
        return at


@dataclass(frozen=True, slots=True)
class ReaderLimits:
    """Bounds every reader honours, so no input can exhaust memory or time."""

    # A longer cell value is cut to this many characters (with one notice per file).
    max_cell_chars: int = 1 << 20
    # Decompressed bytes a zipped format (XLSX) may expand to before it is refused.
    max_decompressed_bytes: int = 512 << 20
    # Nesting deeper than this is read as text (JSON, YAML).
    max_depth: int = 512
    sampler: CellSampler | None = field(default=None, compare=False)
    # The lines whose values are wanted (None: all). A reader whose records stand alone
    # on their lines (JSON Lines, CSV rows without quotes, SQL rows of VALUES written
    # simply or of COPY data) may pass over the others unread (see wanted_near), and the
    # JSON reader over runs of flat records far from them; any reader may read everything.
    wanted_lines: LineFilter | None = field(default=None, compare=False)


Item = Cell | FieldDecl | Notice
Reader = Callable[[BinaryIO, str, ReaderLimits], Iterator[Item]]


def malformed(path: str, message: str, line: int | None = None) -> Notice:
    """The notice a reader ends with when the file breaks its format."""
    where = f" at line {line}" if line is not None else ""
    return Notice(
        NoticeLevel.WARNING, "malformed", f"{message}{where}; the rest is read as text", path
    )


class _BorrowedBuffer(io.BufferedReader):
    """A buffer over a stream it does not own: closing the text wrapper leaves it open."""

    def close(self) -> None:
        return None


def text_stream(stream: BinaryIO, newline: str | None = "") -> TextIO:
    """The binary stream as text: encoding sniffed (UTF-8, UTF-16/32 with or without BOM),
    undecodable bytes replaced, line endings kept as written when `newline` is ''.
    The caller keeps owning `stream`: it is not closed with the text stream.
    """
    buffered = _BorrowedBuffer(stream)  # type: ignore[arg-type]
    sample = buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    encoding = sniff_encoding(sample)
    name = "utf-8" if encoding is None else encoding.name
    if name == "utf-8" and sample.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"
    if encoding is not None and encoding.bom_length and name != "utf-8-sig":
        buffered.read(encoding.bom_length)
    return io.TextIOWrapper(buffered, encoding=name, errors="replace", newline=newline)
