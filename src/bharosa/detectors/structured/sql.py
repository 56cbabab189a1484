"""SQL dumps (mysqldump, pg_dump, plain DDL): columns from CREATE TABLE, values from
INSERT ... VALUES rows and COPY ... FROM stdin blocks, comments as free text.

A streaming tokenizer reads the dump in blocks and knows the line and column of every
token; a small statement reader follows CREATE TABLE, INSERT and COPY and skips the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from bharosa.detectors.structured.cells import (
    SETTLED,
    Cell,
    FieldDecl,
    Item,
    LineFilter,
    ReaderLimits,
    UnwantedEnd,
    astral_count,
    malformed,
    refilled_bmp_only,
    text_stream,
    utf16_or_none,
    wanted_near,
)

_BLOCK = 64 * 1024
# A token with the whitespace before it (one match per token, not one more per gap), or
# whitespace alone where no token follows it yet. A string's runs of plain characters are
# one repeat each, not one per character. A bracketed (T-SQL) identifier has at most 128
# characters: so a `[` never closed costs a short look ahead, not a scan of the rest of
# the line.
_WORD = r"[A-Za-z_][A-Za-z0-9_$]*"
_NUMBER = r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
_TOKEN = re.compile(
    rf"""\s*(?:
     (?P<comment>--[^\n]*|\#[^\n]*|/\*.*?\*/)
    |(?P<string>[EeNn]?'[^'\\]*(?:(?:\\.|'')[^'\\]*)*')
    |(?P<quoted>"[^"]*(?:""[^"]*)*"|`[^`]*(?:``[^`]*)*`|\[[^\]\n]{{0,128}}\])
    |(?P<word>{_WORD})
    |(?P<number>{_NUMBER})
    |(?P<other>\S))
    |(?P<ws>\s+)""",
    re.VERBOSE | re.DOTALL,
)


def _item(excluded: str = "") -> str:
    """A literal as a row written simply holds it: a plain string (holding none of
    `excluded`), a number or a word."""
    return rf"(?:'[^'\\\n{excluded}]*'|{_NUMBER}|{_WORD})"


def _row(item: str) -> str:
    """A row of `item`s in parentheses, on one line."""
    return rf"\([ \t]*{item}(?:[ \t]*,[ \t]*{item})*[ \t]*\)"


# A row of VALUES as dump tools write it: literals (plain strings, numbers, words such as
# NULL) on one line, without comments, escapes, doubled quotes or nested parentheses. Such
# a row is read in one match, with the `,` before it (an item is read as the tokenizer
# reads it, for one followed by `,` or `)` is one token); any other row is read token by
# token.
_SIMPLE_ITEM = _item()
_SIMPLE_ROW = re.compile(rf"\s*(?:,\s*)?({_row(_SIMPLE_ITEM)})")
_ROW_ITEM = re.compile(rf"[ \t]*({_SIMPLE_ITEM})[ \t]*[,)]")
# Rows written simply, one after the other, with no parenthesis in their strings (so
# counting parentheses counts rows): a run of them far from the wanted lines is passed over
# in one match.
_PLAIN_ROWS = re.compile(rf"(?:\s*,\s*{_row(_item('()'))})+")
# Tokens that are ASCII and never span lines: reading one moves the column only.
_PLAIN_KINDS = frozenset({"word", "number"})
# CREATE TABLE items that are constraints, not columns.
_NOT_COLUMNS = frozenset(
    {"PRIMARY", "KEY", "UNIQUE", "CONSTRAINT", "INDEX", "FOREIGN", "CHECK", "FULLTEXT",
     "SPATIAL", "EXCLUDE", "LIKE", "PERIOD"}
)  # fmt: skip
# Words that may stand between a statement's verb and its table name.
_NAME_PREFIX = frozenset(
    {"IF", "NOT", "EXISTS", "INTO", "ONLY", "IGNORE", "LOW_PRIORITY", "DELAYED"}
)
_COPY_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\", "b": "\b", "f": "\f", "v": "\v"}


class SqlSyntaxError(Exception):
    """The dump breaks off (an unterminated string or comment)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


# Not frozen: one is made for every value (token) a reader reads, and a frozen
# dataclass's __init__ costs four times as much. Nothing changes one once made.
@dataclass(slots=True)
class _Token:
    kind: str
    text: str
    line: int
    column: int
    # Characters outside the BMP earlier on the line: UTF-16 column = column + this.
    astral_before: int = 0


class _Tokenizer:
    """SQL tokens (whitespace dropped) from a text stream, and raw lines for COPY data."""

    def __init__(self, text: BinaryIO, max_token: int) -> None:
        self._text = text_stream(text, newline=None)
        self._buffer = ""
        self._offset = 0
        self._unwanted_end: UnwantedEnd | None = None
        self._eof = False
        self._max_token = max_token
        self.line = 1
        self._line_start = 0
        self._astral = 0
        # Whether no character of the buffer is outside the BMP.
        self._bmp_only = True

    def _fill(self) -> bool:
        if self._eof:
            return False
        block = self._text.read(_BLOCK)
        self._eof = not block
        kept = self._buffer[self._offset :]
        self._bmp_only = refilled_bmp_only(self._bmp_only, kept, block)
        self._buffer = kept + block
        self._line_start -= self._offset
        self._offset = 0
        return bool(block)

    def _advance(self, end: int) -> None:
        buffer, offset = self._buffer, self._offset
        newlines = buffer.count("\n", offset, end)
        if newlines:
            self.line += newlines
            self._line_start = buffer.rfind("\n", offset, end) + 1
            self._astral = 0 if self._bmp_only else astral_count(buffer[self._line_start : end])
        elif not self._bmp_only:
            self._astral += astral_count(buffer[offset:end])
        self._offset = end

    def next_token(self) -> _Token | None:
        while True:
            if len(self._buffer) - self._offset < _BLOCK and not self._eof:
                self._fill()
            buffer = self._buffer
            if self._offset >= len(buffer):
                return None
            found = _TOKEN.match(buffer, self._offset)
            if found is None:
                return None
            kind = found.lastgroup or "other"
            start, end = found.start(kind), found.end()
            if start > self._offset:
                self._advance(start)
            # A number's fraction or exponent may follow in the next block (see SETTLED).
            incomplete = len(buffer) - end < SETTLED and not self._eof
            if kind == "other" and (buffer[start] in "'\"`" or buffer.startswith("/*", start)):
                incomplete = True
            if incomplete:
                if len(buffer) - start <= self._max_token and not self._eof:
                    # Read on (or learn that the text ends here) and match again.
                    self._fill()
                    continue
                if kind == "other":
                    raise SqlSyntaxError("unterminated string or comment", self.line)
            if kind == "ws":
                self._advance(end)
                continue
            column = start - self._line_start + 1
            token = _Token(kind, found.group(kind), self.line, column, self._astral)
            if kind in _PLAIN_KINDS:
                self._offset = end
            else:
                self._advance(end)
            return token

    def simple_row(self, wanted: LineFilter | None = None) -> _SimpleRow | None:
        """The next row of VALUES, read in one match if it is written simply (see
        _SIMPLE_ROW); None, with nothing read, for any other text. A row on a line not
        `wanted` (see wanted_near) is passed over: it has no items."""
        if len(self._buffer) - self._offset < _BLOCK and not self._eof:
            self._fill()
        # Characters outside the BMP would shift the UTF-16 columns within the row.
        if not self._bmp_only:
            return None
        buffer = self._buffer
        found = _SIMPLE_ROW.match(buffer, self._offset)
        if found is None:
            return None
        opening = found.start(1)
        if opening > self._offset:
            self._advance(opening)
        if wanted is not None and not wanted_near(wanted, self.line, self.line):
            # Passed over, with the rows after it that lie as far from a wanted line.
            line, astral, end = self.line, self._astral, found.end()
            if self._unwanted_end is None:
                self._unwanted_end = UnwantedEnd(wanted)
            limit = self._unwanted_end(buffer, end, line)
            more = _PLAIN_ROWS.match(buffer, end, limit)
            self._offset = end
            if more is None:
                return _SimpleRow(line, astral, [])
            self._advance(more.end())
            return _SimpleRow(line, astral, [], 1 + buffer.count("(", end, more.end()))
        line_start = self._line_start
        items = [
            (item.group(1), item.start(1) - line_start + 1)
            for item in _ROW_ITEM.finditer(buffer, opening + 1, found.end())
        ]
        self._offset = found.end()
        return _SimpleRow(self.line, self._astral, items)

    def next_line(self) -> tuple[str, int] | None:
        """The next raw line (for COPY data), without its newline."""
        while "\n" not in self._buffer[self._offset :] and self._fill():
            pass
        if self._offset >= len(self._buffer):
            return None
        end = self._buffer.find("\n", self._offset)
        end = len(self._buffer) if end < 0 else end
        text, line = self._buffer[self._offset : end], self.line
        self._advance(min(end + 1, len(self._buffer)))
        return text, line


@dataclass(frozen=True, slots=True)
class _SimpleRow:
    """A row of VALUES read in one match: its line, the characters outside the BMP before
    it on that line, and its items' text and column."""

    line: int
    astral_before: int
    items: list[tuple[str, int]]
    # How many rows the match read: more than one are rows passed over (no items).
    rows: int = 1


@dataclass(slots=True)
class _Statements:
    """Follows statements and turns the interesting ones into cells and fields."""

    tokens: _Tokenizer
    limits: ReaderLimits
    columns: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    def read(self) -> Iterator[Cell | FieldDecl]:
        while (token := self._next()) is not None:
            if token.kind == "comment":
                yield _comment_cell(token, self.limits.max_cell_chars)
                continue
            if token.kind != "word":
                continue
            keyword = token.text.upper()
            if keyword == "CREATE":
                yield from self._create()
            elif keyword in ("INSERT", "REPLACE"):
                yield from self._insert()
            elif keyword == "COPY":
                yield from self._copy()

    def _next(self) -> _Token | None:
        return self.tokens.next_token()

    def _skip_statement(self, token: _Token | None) -> None:
        while token is not None and token.text != ";":
            token = self._next()

    def _table_name(self) -> tuple[str | None, _Token | None]:
        """A possibly qualified table name (its last part), and the token after it."""
        token = self._next()
        while token is not None and token.kind == "word" and token.text.upper() in _NAME_PREFIX:
            token = self._next()
        if token is None or token.kind not in ("word", "quoted"):
            return None, token
        name = _identifier(token)
        token = self._next()
        while token is not None and token.text == ".":
            token = self._next()
            if token is None or token.kind not in ("word", "quoted"):
                return name, token
            name = _identifier(token)
            token = self._next()
        return name, token

    def _create(self) -> Iterator[Cell | FieldDecl]:
        token = self._next()
        while token is not None and token.kind == "word" and token.text.upper() in (
            "TEMPORARY", "TEMP", "UNLOGGED", "GLOBAL", "LOCAL", "OR", "REPLACE",
        ):  # fmt: skip
            token = self._next()
        if token is None or token.text.upper() != "TABLE":
            self._skip_statement(token)
            return
        table, token = self._table_name()
        if table is None or token is None or token.text != "(":
            self._skip_statement(token)
            return
        names: list[str] = []
        depth, expect_name = 1, True
        while depth and (token := self._next()) is not None:
            if token.text == "(":
                depth += 1
            elif token.text == ")":
                depth -= 1
            elif token.text == "," and depth == 1:
                expect_name = True
            elif expect_name and depth == 1 and token.kind in ("word", "quoted"):
                expect_name = False
                if token.kind == "word" and token.text.upper() in _NOT_COLUMNS:
                    continue
                name = _identifier(token)
                column = token.column + (1 if token.kind == "quoted" else 0)
                yield FieldDecl(
                    name,
                    token.line,
                    column,
                    len(names),
                    table,
                    column_utf16=utf16_or_none(column, token.astral_before),
                )
                names.append(name)
        self.columns[table] = names
        self._skip_statement(token)

    def _insert(self) -> Iterator[Cell | FieldDecl]:
        table, token = self._table_name()
        names: list[str] | None = None
        if token is not None and token.text == "(":
            names, token = self._name_list()
        while token is not None and token.kind == "word" and token.text.upper() != "VALUES":
            if token.text.upper() == "SELECT":
                break
            token = self._next()
        if token is None or token.text.upper() != "VALUES" or table is None:
            self._skip_statement(token)
            return
        fields = names if names is not None else self.columns.get(table, [])
        yield from self._value_rows(table, fields)

    def _value_rows(self, table: str, fields: list[str]) -> Iterator[Cell]:
        depth, index = 0, 0
        while True:
            if depth == 0 and (row := self.tokens.simple_row(self.limits.wanted_lines)) is not None:
                self.rows[table] = self.rows.get(table, 0) + row.rows
                yield from self._simple_row_cells(row, table, fields)
                continue
            token = self._next()
            if token is None or (depth == 0 and token.text == ";"):
                return
            if token.text == "(":
                depth += 1
                if depth == 1:
                    index = 0
                    self.rows[table] = self.rows.get(table, 0) + 1
            elif token.text == ")":
                depth -= 1
            elif token.text == "," and depth == 1:
                index += 1
            elif depth == 1 and token.kind in ("string", "number"):
                value, column = _literal(token.kind, token.text, token.column)
                if value:
                    yield self._row_value(table, fields, index, value, token, column)

    def _simple_row_cells(self, row: _SimpleRow, table: str, fields: list[str]) -> Iterator[Cell]:
        """The cells of a row read in one match, as _row_value makes them from its tokens
        (spelled out here: a dump's rows are most of its values)."""
        line, astral, number = row.line, row.astral_before, self.rows[table]
        max_chars, named = self.limits.max_cell_chars, len(fields)
        for index, (text, column) in enumerate(row.items):
            first = text[0]
            if first == "'":
                value, column = _literal("string", text, column)
            elif first in "-0123456789":
                value = text
            else:
                # A word (NULL, TRUE, DEFAULT) is no value.
                continue
            if value:
                field = fields[index] if index < named else None
                wide = column + astral if astral else None
                yield Cell(value[:max_chars], line, column, field, number, index, table, 0, wide)

    def _row_value(
        self,
        table: str,
        fields: list[str],
        index: int,
        value: str,
        token: _Token,
        column: int,
    ) -> Cell:
        """A row's value at `index`, in the table's current row, read from `token`."""
        return Cell(
            value[: self.limits.max_cell_chars],
            token.line,
            column,
            fields[index] if index < len(fields) else None,
            self.rows[table],
            index,
            table,
            column_utf16=utf16_or_none(column, token.astral_before),
        )

    def _name_list(self) -> tuple[list[str], _Token | None]:
        names = []
        token = self._next()
        while token is not None and token.text != ")":
            if token.kind in ("word", "quoted"):
                names.append(_identifier(token))
            token = self._next()
        return names, self._next()

    def _copy(self) -> Iterator[Cell | FieldDecl]:
        table, token = self._table_name()
        names: list[str] | None = None
        if token is not None and token.text == "(":
            names, token = self._name_list()
        stdin = False
        while token is not None and token.text != ";":
            stdin = stdin or token.text.upper() == "STDIN"
            token = self._next()
        if not stdin or table is None:
            return
        fields = names if names is not None else self.columns.get(table, [])
        self.tokens.next_line()  # the rest of the COPY line
        wanted = self.limits.wanted_lines
        while (raw := self.tokens.next_line()) is not None:
            text, line = raw
            if text == "\\.":
                return
            self.rows[table] = self.rows.get(table, 0) + 1
            # A row is one line (its line breaks are escaped): one far from an edit is
            # passed over.
            if wanted is None or wanted_near(wanted, line, line):
                yield from _copy_row(text, line, fields, self.rows[table], table, self.limits)


def _copy_row(
    text: str, line: int, fields: list[str], row: int, table: str, limits: ReaderLimits
) -> Iterator[Cell]:
    column, astral = 1, 0
    for index, raw in enumerate(text.split("\t")):
        if raw and raw != "\\N":
            value = _unescape_backslashes(raw)[: limits.max_cell_chars]
            name = fields[index] if index < len(fields) else None
            column16 = utf16_or_none(column, astral)
            yield Cell(value, line, column, name, row, index, table, column_utf16=column16)
        column += len(raw) + 1
        astral += astral_count(raw)


def _unescape_backslashes(raw: str) -> str:
    if "\\" not in raw:
        return raw
    return re.sub(r"\\(.)", lambda m: _COPY_ESCAPES.get(m.group(1), m.group(1)), raw)


def _identifier(token: _Token) -> str:
    text = token.text
    if token.kind == "quoted":
        return text[1:-1].replace(text[0] * 2, text[0]) if text[0] != "[" else text[1:-1]
    return text


def _literal(kind: str, text: str, column: int) -> tuple[str, int]:
    """A literal's value and the column where it starts (inside the quotes), given the
    column where its token starts."""
    if kind == "number":
        return text, column
    prefix = 1 if text[0] in "EeNn" else 0
    body = _unescape_backslashes(text[prefix + 1 : -1])
    return body.replace("''", "'"), column + prefix + 1


def _comment_cell(token: _Token, max_chars: int) -> Cell:
    """A comment's text as a cell, placed where that text starts (after `--` and spaces)."""
    text = token.text
    block = text.startswith("/*")
    start = 2 if block else len(text) - len(text.lstrip("-#"))
    body = text[start:-2] if block else text[start:]
    lead = body[: len(body) - len(body.lstrip())]
    line, column = token.line, token.column + start + len(lead)
    astral = token.astral_before
    if "\n" in lead:
        line += lead.count("\n")
        column, astral = len(lead) - lead.rfind("\n"), 0
    value = body.strip()[:max_chars]
    return Cell(value, line, column, column_utf16=utf16_or_none(column, astral))


def read_sql(stream: BinaryIO, path: str, limits: ReaderLimits) -> Iterator[Item]:
    """Cells and columns of an SQL dump."""
    tokens = _Tokenizer(stream, limits.max_cell_chars * 2)
    try:
        yield from _Statements(tokens, limits).read()
    except SqlSyntaxError as exc:
        yield malformed(path, f"SQL breaks off: {exc}", exc.line)
