"""Jupyter notebooks: code and markdown, printed output, and DataFrames shown as tables.

The notebook's JSON is read with the JSON tokenizer, so every line of a cell's source
or output keeps its line in the .ipynb file. A DataFrame printed as text (fixed-width
columns under a header) or shown as HTML (`<table class="dataframe">`) becomes cells
with their column names as fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import BinaryIO

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
from bharosa.detectors.structured.json import JsonSyntaxError, Token, iter_tokens, walk_json

# Output keys whose text is read; images and other base64 payloads are not.
_TEXT_KEYS = frozenset({"source", "text", "text/plain", "text/markdown", "traceback", "evalue"})
_HTML_KEY = "text/html"
# A piece of a printed table: words joined by single spaces.
_PIECE = re.compile(r"\S+(?: \S+)*")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True, slots=True)
class _Line:
    """One string of a notebook's text list, decoded, with its place in the file."""

    text: str
    line: int
    column: int
    # Characters outside the BMP before the string on its line in the file.
    astral_before: int = 0

    def column_utf16(self, offset: int) -> int | None:
        """The UTF-16 column of `offset` in the text, where it differs from the code-point one."""
        return utf16_or_none(
            self.column + offset, self.astral_before + astral_count(self.text[:offset])
        )


@dataclass(slots=True)
class _Block:
    """The strings of one text list (a source, an output's text), read whole."""

    key: str
    lines: list[_Line] = field(default_factory=list)


def read_notebook(stream: BinaryIO, path: str, limits: ReaderLimits) -> Iterator[Item]:
    """Cells of a notebook: sources and outputs as text, DataFrames as tables."""
    tokens = iter_tokens(text_stream(stream, newline=None), limits.max_cell_chars * 6)
    head: list[Token] = []
    try:
        # A notebook names `cells` near its start; without it, it is plain JSON.
        for token in tokens:
            head.append(token)
            if token.text == '"cells"' or len(head) > 64:
                break
    except JsonSyntaxError as exc:
        yield malformed(path, f"not valid JSON: {exc}", exc.line)
        return
    if not any(t.text == '"cells"' for t in head):
        yield from walk_json(_chain(head, tokens), path, limits)
        return
    yield from _NotebookWalk(limits).walk(_chain(head, tokens), path)


def _chain(first: list[Token], rest: Iterator[Token]) -> Iterator[Token]:
    yield from first
    yield from rest


class _NotebookWalk:
    """Follows the JSON structure far enough to know which strings are notebook text."""

    def __init__(self, limits: ReaderLimits) -> None:
        self.limits = limits
        # One entry per open object or array: its kind, and for objects the current key.
        self.kinds: list[str] = []
        self.keys: list[str | None] = []
        self.expect_key: list[bool] = []
        # Where in `kinds` the open objects stand, innermost last: a text key is found
        # without walking the stack, so deep nesting stays linear.
        self.objects: list[int] = []
        self.block: _Block | None = None

    def walk(self, tokens: Iterator[Token], path: str) -> Iterator[Item]:
        line = 1
        try:
            for token in tokens:
                line = token.line
                yield from self._feed(token)
            if self.kinds:
                raise JsonSyntaxError("the notebook ends inside an object or array", line)
        except JsonSyntaxError as exc:
            yield malformed(path, f"not valid JSON: {exc}", exc.line)

    def _feed(self, token: Token) -> Iterator[Item]:
        char = token.text
        if token.kind != "punct":
            if self.kinds and self.kinds[-1] == "{" and self.expect_key[-1]:
                self._set_key(token)
            else:
                yield from self._scalar(token)
        elif char in "{[":
            key = self._text_key()
            if char == "{":
                self.objects.append(len(self.kinds))
            self.kinds.append(char)
            self.keys.append(None)
            self.expect_key.append(char == "{")
            if char == "[" and key is not None:
                self.block = _Block(key)
        elif char in "}]":
            if not self.kinds or self.kinds[-1] != ("{" if char == "}" else "["):
                raise JsonSyntaxError(f"unexpected {char!r}", token.line)
            if self.kinds.pop() == "{":
                self.objects.pop()
            self.keys.pop()
            self.expect_key.pop()
            if char == "]" and self.block is not None:
                yield from _block_items(self.block, self.limits)
                self.block = None
            self._value_done()
        elif char == "," and self.kinds and self.kinds[-1] == "{":
            self.expect_key[-1] = True

    def _set_key(self, token: Token) -> None:
        if token.kind != "string":
            raise JsonSyntaxError("expected a key", token.line)
        self.keys[-1] = _decode(token)
        self.expect_key[-1] = False

    def _value_done(self) -> None:
        if self.kinds and self.kinds[-1] == "{":
            self.expect_key[-1] = True

    def _text_key(self) -> str | None:
        """The key of the innermost object, when its value is notebook text."""
        if not self.objects:
            return None
        key = self.keys[self.objects[-1]]
        return key if key in _TEXT_KEYS or key == _HTML_KEY else None

    def _scalar(self, token: Token) -> Iterator[Item]:
        in_list = bool(self.kinds) and self.kinds[-1] == "["
        key = None if in_list else self._text_key()
        self._value_done()
        if token.kind != "string":
            return
        text = _decode(token)[: self.limits.max_cell_chars]
        line = _Line(text, token.line, token.column + 1, token.astral_before)
        if in_list and self.block is not None:
            self.block.lines.append(line)
        elif key is not None:
            yield from _block_items(_Block(key, [line]), self.limits)


def _decode(token: Token) -> str:
    import json

    if "\\" not in token.text:
        return token.text[1:-1]
    try:
        decoded: str = json.loads(token.text)
    except ValueError:
        raise JsonSyntaxError("bad escape in a string", token.line) from None
    return decoded


def _block_items(block: _Block, limits: ReaderLimits) -> Iterator[Item]:
    if block.key == _HTML_KEY:
        yield from _html_items(block, limits.max_cell_chars)
        return
    if block.key in ("text", "text/plain"):
        table = _printed_frame(block)
        if table is not None:
            yield from table
            return
    for line in block.lines:
        if line.text.strip():
            text = _ANSI.sub("", line.text.rstrip("\n"))
            yield Cell(text, line.line, line.column, column_utf16=line.column_utf16(0))


def _printed_frame(block: _Block) -> list[Item] | None:
    """A DataFrame printed as text: a header of names, then rows led by an index.

    Columns are separated by two or more spaces; pandas right-aligns values under their
    header, so when a row has more or fewer pieces than there are columns, each piece goes
    to the column whose header ends nearest to where the piece ends.
    """
    texts = [_ANSI.sub("", line.text.rstrip("\n")) for line in block.lines]
    if len(texts) < 2:
        return None
    names = [(m.group(), m.end()) for m in _PIECE.finditer(texts[0])]
    if not names or not any(_PIECE.search(t) for t in texts[1:]):
        return None
    first = block.lines[0]
    items: list[Item] = [
        FieldDecl(
            name,
            first.line,
            first.column + end - len(name),
            index,
            column_utf16=first.column_utf16(end - len(name)),
        )
        for index, (name, end) in enumerate(names)
    ]
    for row, (line, text) in enumerate(zip(block.lines[1:], texts[1:], strict=True), start=1):
        pieces = list(_PIECE.finditer(text))[1:]  # the first piece is the row's index
        ends = [end for _, end in names]
        for order, piece in enumerate(pieces):
            if len(pieces) == len(names):
                index = order
            else:
                index = min(range(len(ends)), key=lambda i: abs(ends[i] - piece.end()))
            column = line.column + piece.start()
            items.append(
                Cell(
                    piece.group(),
                    line.line,
                    column,
                    names[index][0],
                    row,
                    index,
                    column_utf16=line.column_utf16(piece.start()),
                )
            )
    return items if len(items) > len(names) else None


class _TableParser(HTMLParser):
    """Header names and cell texts of HTML tables, with the position of each text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headers: list[tuple[str, tuple[int, int]]] = []
        self.cells: list[tuple[int, int, str, tuple[int, int]]] = []
        self.text: list[tuple[str, tuple[int, int]]] = []
        self._in: str | None = None
        self._section = ""
        self._row = 0
        self._column = -1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr":
            # A new row ends a cell left open (`<td>a<tr>`), as browsers read it.
            self._in, self._column = None, -1
            if self._section == "tbody":
                self._row += 1
        elif tag in ("th", "td"):
            self._in = tag
            self._column += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if not data.strip():
            return
        where = self.getpos()
        if self._in == "th" and self._section == "thead":
            self.headers.append((data.strip(), where))
        elif self._in == "td":
            self.cells.append((self._row, self._column, data.strip(), where))
        elif self._in is None:
            self.text.append((data.strip(), where))


def _html_items(block: _Block, max_chars: int) -> Iterator[Item]:
    """An HTML output: table cells under their header names, other text as free text
    (a text may span the strings of the output, so it is cut again)."""
    parser = _TableParser()
    parser.feed("".join(line.text for line in block.lines))
    parser.close()
    lines = block.lines

    def place(where: tuple[int, int]) -> tuple[int, int, int | None]:
        source = lines[min(where[0], len(lines)) - 1]
        return source.line, source.column + where[1], source.column_utf16(where[1])

    # pandas puts an empty corner header first, then one <th> per column.
    names = [name for name, _ in parser.headers]
    for index, (name, where) in enumerate(parser.headers):
        line, column, column16 = place(where)
        yield FieldDecl(name, line, column, index, column_utf16=column16)
    offset = (
        1 if parser.cells and len(names) and max(c[1] for c in parser.cells) >= len(names) else 0
    )
    for row, column_index, value, where in parser.cells:
        line, column, column16 = place(where)
        position = column_index - offset
        field_name = names[position] if 0 <= position < len(names) else None
        # A <td> outside the rows of a <tbody> (row 0) has no data row.
        yield Cell(
            value[:max_chars],
            line,
            column,
            field_name,
            row or None,
            column_index,
            column_utf16=column16,
        )
    for text, where in parser.text:
        line, column, column16 = place(where)
        yield Cell(text[:max_chars], line, column, column_utf16=column16)
