"""JSON and JSON Lines: a streaming tokenizer that knows the line and column of every value.

Values come out with the key they belong to (the key of their array, inside arrays), the
record they are part of (`row`: the object's position in the nearest array of objects,
kept by nested objects such as a Django fixture's `fields`) and that array's key (`table`).
No recursion and no whole-file parse: memory is bounded by the read block and the longest
string, and nesting depth costs one small frame per level.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import BinaryIO, Literal, Protocol, overload

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
from bharosa.notices import Notice, NoticeLevel

_BLOCK = 64 * 1024
# A token with the whitespace before it: one match per token, not one more per gap. A
# string's runs of plain characters are one repeat each, not one per character.
_WS = r"[ \t\r\n]*"
_NUMBER = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
_TOKEN = re.compile(
    rf"""{_WS}(?:
    (?P<string>"[^"\\\n]*(?:\\.[^"\\\n]*)*")
    |(?P<number>{_NUMBER})
    |(?P<literal>true|false|null)
    |(?P<punct>[{{}}\[\]:,]))""",
    re.VERBOSE,
)
_SPACE = re.compile(r"[ \t\r\n]+")
# A key, its colon, a scalar value and the comma after it, on one line, as the tokens
# above read them (strings without escapes): one match for what is four tokens.
_MEMBER = re.compile(
    rf"""{_WS}(?P<key>"[^"\\\n]*")[ \t]*(?P<colon>:)[ \t]*(?:
    (?P<string>"[^"\\\n]*")
    |(?P<number>{_NUMBER})
    |(?P<literal>true|false|null))(?:[ \t]*(?P<comma>,))?""",
    re.VERBOSE,
)
# Keys like these are field names; other keys (emails used as keys, sentences) are data too.
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_$.-]{1,32}$")

# A record a partial read may pass over (see _RecordSkipper): an object of keys the table
# has declared and scalar values, one of them at least a string or a number (a cell),
# written as the tokens above read them, with no brace in its strings (so counting braces
# counts records) and no string longer than _SKIPPED_STRING (so none would have been cut to
# ReaderLimits.max_cell_chars).
_SKIPPED_STRING = 1024
_FLAT_TEXT = re.compile(rf'[^"\\\n{{}}]{{0,{_SKIPPED_STRING}}}')
_FLAT_CELL = rf'"{_FLAT_TEXT.pattern}"|{_NUMBER}'
_FLAT_SCALAR = rf"{_FLAT_CELL}|true|false|null"


@lru_cache(maxsize=64)
def _flat_run(keys: frozenset[str]) -> re.Pattern[str]:
    """Three or more flat records with these keys in a row, each but the last followed by
    its comma."""
    names = "|".join(re.escape(key) for key in sorted(keys) if _FLAT_TEXT.fullmatch(key))
    # No key of the table is written so (`(?!)` matches nothing): no record is.
    key = rf'{_WS}"(?:{names or "(?!)"})"{_WS}:{_WS}'
    record = (
        rf"{_WS}\{{(?:{key}(?:true|false|null){_WS},)*{key}(?:{_FLAT_CELL})"
        rf"(?:{_WS},{key}(?:{_FLAT_SCALAR}))*{_WS}\}}"
    )
    return re.compile(rf"(?P<first>{record}{_WS},)(?P<body>(?:{record}{_WS},)+)(?P<last>{record})")


# A gap between wanted lines shorter than this is read: a pass over it saves too little.
_MIN_GAP_LINES = 32
# What an array's next element starts with when it is an object.
_OBJECT_NEXT = re.compile(rf"{_WS}\{{")


class JsonSyntaxError(Exception):
    """The text is not JSON from this token on."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


# Not frozen: one is made for every value (token) a reader reads, and a frozen
# dataclass's __init__ costs four times as much. Nothing changes one once made.
@dataclass(slots=True)
class Token:
    """One JSON token: its kind (`string`, `number`, `literal`, `punct`), text and place."""

    kind: str
    text: str
    line: int
    column: int
    # Characters outside the BMP earlier on the line: UTF-16 column = column + this.
    astral_before: int = 0


@dataclass(slots=True)
class Member:
    """A key, its colon, a scalar value and maybe a comma, read in one _MEMBER match (see
    iter_tokens) on `line`, which starts at `line_start` of the match's text, with
    `astral_before` characters outside the BMP before the member on it. The walk reads the
    match itself; tokens() gives the member as the tokens it is made of."""

    found: re.Match[str]
    line: int
    line_start: int
    astral_before: int

    def column(self, group: str) -> int:
        """The 1-based column where a group of the match starts."""
        return self.found.start(group) - self.line_start + 1

    def value_kind(self) -> str:
        """The value's token kind: string, number or literal."""
        found = self.found
        if found.start("string") >= 0:
            return "string"
        return "number" if found.start("number") >= 0 else "literal"

    def tokens(self) -> list[Token]:
        """The member as the tokens it is made of."""
        found, line, astral = self.found, self.line, self.astral_before
        kind = self.value_kind()
        parts = [
            Token("string", found.group("key"), line, self.column("key"), astral),
            Token("punct", ":", line, self.column("colon"), astral),
            Token(kind, found.group(kind), line, self.column(kind), astral),
        ]
        if found.start("comma") >= 0:
            parts.append(Token("punct", ",", line, self.column("comma"), astral))
        return parts


class Readable(Protocol):
    """Anything text can be read from in blocks."""

    def read(self, size: int = -1, /) -> str: ...


@overload
def iter_tokens(
    text: Readable, max_token: int, first_line: int = 1, members: Literal[False] = False
) -> Iterator[Token]: ...


@overload
def iter_tokens(
    text: Readable,
    max_token: int,
    first_line: int,
    members: Literal[True],
    skipper: _RecordSkipper | None = None,
) -> Iterator[Token | Member]: ...


def iter_tokens(
    text: Readable,
    max_token: int,
    first_line: int = 1,
    members: bool = False,
    skipper: _RecordSkipper | None = None,
) -> Iterator[Token | Member]:
    """The tokens of a JSON text stream, whitespace dropped, with 1-based line and column.

    With `members`, a key with its colon, scalar value and comma on one line comes as one
    Member (most of a data file: the walk then takes it in one step). With a `skipper`,
    runs of records far from the wanted lines give no tokens (see _RecordSkipper).
    """
    buffer = ""
    eof = False
    line, line_start, offset = first_line, 0, 0
    astral = 0
    # Characters dropped from the buffer's front so far: where the text's offsets start.
    base = 0
    skip: _Skip | None = None
    # Whether no character of the buffer is outside the BMP: then no token holds one.
    buffer_bmp_only = True
    # Whether what stands at `offset` needs the next block to be read whole.
    more = False
    while True:
        if not eof and (more or len(buffer) - offset < _BLOCK):
            block = text.read(_BLOCK)
            eof = not block
            kept = buffer[offset:]
            buffer_bmp_only = refilled_bmp_only(buffer_bmp_only, kept, block)
            buffer = kept + block
            line_start -= offset
            base += offset
            offset = 0
        more = False
        if skip is not None and base + offset == skip.start:
            # The records planned to be passed over start here: the walk counts them.
            assert skipper is not None
            skipper.pass_over(skip)
            if skip.newlines:
                line += skip.newlines
                line_start, astral = skip.last_newline + 1 - base, 0
            offset, skip = skip.end - base, None
            continue
        if offset >= len(buffer):
            return
        member = _MEMBER.match(buffer, offset) if members and buffer_bmp_only else None
        found = member or _TOKEN.match(buffer, offset)
        at_end = found is not None and len(buffer) - found.end() < SETTLED and not eof
        if found is None or at_end:
            if not eof and len(buffer) - offset <= max_token:
                more = True
                continue
            if found is None:
                space = _SPACE.match(buffer, offset)
                if space is None:
                    raise JsonSyntaxError(_unexpected(buffer, offset), line)
                # Whitespace with no token after it yet (the end, or a gap too long to
                # hold with the token): its lines are counted, then the token is read.
                found = space
        if member is not None:
            kind, start = None, member.start("key")
        else:
            kind = found.lastgroup
            start = found.start(kind) if kind else found.end()
        last_newline = buffer.rfind("\n", offset, start) if start > offset else -1
        if last_newline >= 0:
            line += buffer.count("\n", offset, start)
            line_start = last_newline + 1
            astral = 0
        if member is not None:
            yield Member(member, line, line_start, astral)
        elif kind:
            chunk = found.group(kind)
            yield Token(kind, chunk, line, start - line_start + 1, astral)
            if not buffer_bmp_only:
                astral += astral_count(chunk)
            elif skipper is not None and skip is None and chunk in ("[", ","):
                skip = skipper.plan(buffer, found.end(), base, line)
        offset = found.end()


def _unexpected(buffer: str, offset: int) -> str:
    char = buffer[offset]
    if char == '"':
        return "unterminated string"
    return f"unexpected character {char!r}"


@dataclass(frozen=True, slots=True)
class _Skip:
    """Records a partial read passes over: the text's offsets [start, end), how many
    records and line breaks it holds, and the offset of its last line break (-1: none)."""

    start: int
    end: int
    records: int
    newlines: int
    last_newline: int


class _RecordSkipper:
    """Passes over records of an array of objects that lie far from the wanted lines
    (history's partial read of an edit, see ReaderLimits.wanted_lines), the way the CSV
    and SQL readers pass over rows: the walk counts them as rows and reads none of their
    cells.

    Only records of keys and scalar values are passed over (see _flat_run), in runs of
    three or more of which the first and last are read, so the cells next to those read
    are read too: the cell before a wanted one, and after it (which the scan of an edit
    reads for context), belong to a record that is read. A run ends at a record that
    names a key the table has not declared yet (the full read declares it there), and is
    not passed over if it holds characters outside the BMP (the tokenizer then counts
    columns by hand).
    """

    __slots__ = ("_known", "_pattern", "_unwanted_end", "_walk", "_wanted")

    def __init__(self, walk: _Walk, wanted: LineFilter) -> None:
        self._walk = walk
        self._wanted = wanted
        self._unwanted_end = UnwantedEnd(wanted)
        # The table and count of declared keys the pattern was made for (keys only add up).
        self._known: tuple[str | None, int] | None = None
        self._pattern = _flat_run(frozenset())

    def plan(self, buffer: str, offset: int, base: int, line: int) -> _Skip | None:
        """After a `[` or `,` ending at `offset` on `line`: the records to pass over
        from the end of the next one on, if the array goes on with a run of them."""
        stack = self._walk.stack
        frame = stack[-1] if stack else None
        if frame is None or frame.is_object or frame.expect != "value":
            return None
        wanted = self._wanted
        next_wanted = wanted.first_from(line)
        if next_wanted is not None and next_wanted - line < _MIN_GAP_LINES:
            return None
        if _OBJECT_NEXT.match(buffer, offset) is None:
            return None
        records = self._records(frame.field)
        run = records.match(buffer, offset)
        if run is not None and self._near_wanted(buffer, offset, line, run):
            if next_wanted is None:
                return None
            # The run reaches the next wanted line: only its records well before it.
            run = records.match(buffer, offset, self._unwanted_end(buffer, offset, line))
            if run is not None and self._near_wanted(buffer, offset, line, run):
                return None
        if run is None:
            return None
        start, end = run.span("body")
        newlines = buffer.count("\n", start, end)
        last_newline = buffer.rfind("\n", start, end)
        return _Skip(
            base + start,
            base + end,
            buffer.count("{", start, end),
            newlines,
            base + last_newline if newlines else -1,
        )

    def _records(self, table: str | None) -> re.Pattern[str]:
        """The pattern of runs of the table's records, as its keys declared so far allow."""
        declared = self._walk.declared
        known = (table, len(declared))
        if known != self._known:
            keys = frozenset(name for owner, name in declared if owner == table)
            self._known, self._pattern = known, _flat_run(keys)
        return self._pattern

    def _near_wanted(self, buffer: str, offset: int, line: int, run: re.Match[str]) -> bool:
        """Whether a line of the run's records (from the first's `{` to the last's `}`), or
        one next to them, is wanted. The first and last records are read, but they must
        not be near a wanted line either: their cells would then be the neighbours of
        wanted cells, and their own neighbours (in the records passed over) wanted."""
        opening = buffer.index("{", offset)
        first = line + buffer.count("\n", offset, opening)
        return wanted_near(self._wanted, first, first + buffer.count("\n", opening, run.end()))

    def pass_over(self, skip: _Skip) -> None:
        """The walk counts the records passed over, as if it had read them and the comma
        after each."""
        frame = self._walk.stack[-1]
        frame.objects += skip.records
        frame.members += skip.records


@dataclass(slots=True)
class _Frame:
    """One open object or array."""

    is_object: bool
    field: str | None
    table: str | None
    row: int | None
    expect: str = "value"
    key: str | None = None
    objects: int = 0
    members: int = 0


@dataclass(slots=True)
class _Walk:
    """Turns tokens into cells and field declarations."""

    limits: ReaderLimits
    declared: set[tuple[str | None, str]] = field(default_factory=set)
    # The row of every cell, when the text is one record (a JSON Lines line).
    row: int | None = None
    stack: list[_Frame] = field(default_factory=list)
    truncated: bool = False
    done: bool = False

    def feed(self, token: Token) -> tuple[Cell | FieldDecl, ...]:
        """What the token adds (most add nothing): a tuple, not a generator, as this runs
        for every token."""
        if self.done:
            raise JsonSyntaxError("text after the end of the document", token.line)
        frame = self.stack[-1] if self.stack else None
        kind = token.kind
        if kind == "punct":
            self._punct(token, frame)
            return ()
        if frame is not None and frame.is_object and frame.expect == "key":
            if kind != "string":
                raise JsonSyntaxError("expected a key", token.line)
            return self._key(token.text, token.line, token.column, token.astral_before, frame)
        self._expect_value(token, frame)
        cell = None
        if kind in ("string", "number"):
            line, astral = token.line, token.astral_before
            cell = self._cell(kind, token.text, line, token.column, astral, frame)
        self._value_done(frame)
        return () if cell is None else (cell,)

    def take(self, token: Token | Member) -> Iterable[Cell | FieldDecl]:
        """What a token or a member adds. A member the walk does not take whole is fed as
        its tokens (a generator: the items of those before an error are kept)."""
        if isinstance(token, Token):
            return self.feed(token)
        items = self.member(token)
        return self.feed_tokens(token) if items is None else items

    def member(self, member: Member) -> tuple[Cell | FieldDecl, ...] | None:
        """What a member of the object being read adds, as its key, colon, value and comma
        would; None where the walk does not expect a key (see feed_tokens)."""
        frame = self.stack[-1] if self.stack else None
        if self.done or frame is None or not frame.is_object or frame.expect != "key":
            return None
        found, line, astral = member.found, member.line, member.astral_before
        items = self._key(found.group("key"), line, member.column("key"), astral, frame)
        frame.expect = "value"
        kind = member.value_kind()
        cell = None
        if kind != "literal":
            text = found.group(kind)
            cell = self._cell(kind, text, line, member.column(kind), astral, frame)
        self._value_done(frame)
        if found.start("comma") >= 0:
            frame.expect = "key"
        return items if cell is None else (*items, cell)

    def feed_tokens(self, member: Member) -> Iterator[Cell | FieldDecl]:
        """A member the walk does not take whole, fed as its tokens: the same items and
        errors, at the same tokens."""
        for token in member.tokens():
            yield from self.feed(token)

    def _punct(self, token: Token, frame: _Frame | None) -> None:
        char = token.text
        if char in "{[":
            self._expect_value(token, frame)
            self.stack.append(self._open(char == "{", frame))
        elif char in "}]":
            closes = frame is not None and frame.is_object == (char == "}")
            if not closes or frame is None or not _may_close(frame):
                raise JsonSyntaxError(f"unexpected {char!r}", token.line)
            self.stack.pop()
            self._value_done(self.stack[-1] if self.stack else None)
        elif char == ":":
            if frame is None or frame.expect != "colon":
                raise JsonSyntaxError("unexpected ':'", token.line)
            frame.expect = "value"
        else:
            if frame is None or frame.expect != "comma":
                raise JsonSyntaxError("unexpected ','", token.line)
            frame.expect = "key" if frame.is_object else "value"

    def _open(self, is_object: bool, parent: _Frame | None) -> _Frame:
        if parent is None:
            return _Frame(is_object, None, None, None, "key" if is_object else "value")
        owner = parent.key if parent.is_object else parent.field
        if is_object and not parent.is_object:
            # A record of an array of objects: the array's key names the table.
            parent.objects += 1
            return _Frame(True, owner, parent.field, parent.objects, "key")
        table = parent.table
        return _Frame(is_object, owner, table, parent.row, "key" if is_object else "value")

    def _key(
        self, text: str, line: int, column: int, astral: int, frame: _Frame
    ) -> tuple[Cell | FieldDecl, ...]:
        """A key (a string token's text, where it starts) read in the frame."""
        name = _decode_string(text, line)
        frame.key = name
        frame.expect = "colon"
        items: tuple[Cell | FieldDecl, ...] = ()
        if (frame.table, name) not in self.declared:
            self.declared.add((frame.table, name))
            items = (
                FieldDecl(
                    name,
                    line,
                    column + 1,
                    table=frame.table,
                    column_utf16=utf16_or_none(column + 1, astral),
                ),
            )
        if not _PLAIN_KEY.match(name):
            if len(name) > self.limits.max_cell_chars:
                name, self.truncated = name[: self.limits.max_cell_chars], True
            cell = Cell(
                name,
                line,
                column + 1,
                None,
                frame.row if self.row is None else self.row,
                table=frame.table,
                column_utf16=utf16_or_none(column + 1, astral),
            )
            items = (*items, cell)
        return items

    def _expect_value(self, token: Token, frame: _Frame | None) -> None:
        if frame is None:
            if self.done:
                raise JsonSyntaxError("text after the end of the document", token.line)
            return
        if frame.expect != "value":
            raise JsonSyntaxError(f"unexpected {_describe(token)}", token.line)

    def _value_done(self, frame: _Frame | None) -> None:
        if frame is None:
            self.done = True
            return
        frame.expect = "comma"
        frame.members += 1

    def _cell(
        self, kind: str, text: str, line: int, column: int, astral: int, frame: _Frame | None
    ) -> Cell:
        """A string's or number's cell (its token's kind and text, where it starts)."""
        if kind == "string":
            value, column = _decode_string(text, line), column + 1
        else:
            value = text
        if len(value) > self.limits.max_cell_chars:
            value, self.truncated = value[: self.limits.max_cell_chars], True
        column16 = utf16_or_none(column, astral)
        if frame is None:
            return Cell(value, line, column, row=self.row, column_utf16=column16)
        owner = frame.key if frame.is_object else frame.field
        row = frame.row if self.row is None else self.row
        return Cell(value, line, column, owner, row, None, frame.table, 0, column16)


def _describe(token: Token) -> str:
    """A token as an error names it: strings and numbers by kind only, as they may be the
    very values a report masks (a notice is printed as it is)."""
    return repr(token.text) if token.kind in ("punct", "literal") else token.kind


def _may_close(frame: _Frame) -> bool:
    """After a member, or in an empty container (not after a trailing comma)."""
    return frame.expect == "comma" or (frame.members == 0 and frame.expect in ("key", "value"))


def _decode_string(text: str, line: int) -> str:
    """A string token's value (its text, quotes and all, on `line`)."""
    if "\\" not in text:
        return text[1:-1]
    try:
        decoded: str = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonSyntaxError(f"bad escape in a string ({exc.msg})", line) from None
    return decoded


def read_json(stream: BinaryIO, path: str, limits: ReaderLimits) -> Iterator[Item]:
    """Cells and keys of a JSON document; with `limits.wanted_lines`, runs of records far
    from them are passed over (see _RecordSkipper)."""
    text = text_stream(stream, newline=None)
    walk = _Walk(limits)
    wanted = limits.wanted_lines
    skipper = None
    if wanted is not None and limits.max_cell_chars >= _SKIPPED_STRING:
        skipper = _RecordSkipper(walk, wanted)
    tokens = iter_tokens(text, limits.max_cell_chars * 6, 1, True, skipper)
    yield from walk_json(tokens, path, limits, walk)


def walk_json(
    tokens: Iterable[Token | Member], path: str, limits: ReaderLimits, walk: _Walk | None = None
) -> Iterator[Item]:
    """Cells and keys from a token stream (read by `walk`, a new one if None); a syntax
    error ends it with a notice."""
    if walk is None:
        walk = _Walk(limits)
    line = 1
    try:
        for token in tokens:
            line = token.line
            items = walk.take(token)
            if items:
                yield from items
        if walk.stack:
            raise JsonSyntaxError("the document ends inside an object or array", line)
    except JsonSyntaxError as exc:
        yield malformed(path, f"not valid JSON: {exc}", exc.line)
    if walk.truncated:
        yield _truncated_notice(path, limits)


def read_jsonl(stream: BinaryIO, path: str, limits: ReaderLimits) -> Iterator[Item]:
    """Cells of a JSON Lines file: each line a document, its line number its row.

    A line that is not JSON is one free-text cell (its values are still found) and the
    lines after it are records again. The `malformed` notice comes last, after every cell:
    the file is then read as text only past them, so no line is scanned twice.
    """
    truncated = False
    declared: set[tuple[str | None, str]] = set()
    # The first line that is not JSON, with why, and how many there are.
    first_broken: tuple[int, str] | None = None
    broken = 0
    wanted = limits.wanted_lines
    for number, text in enumerate(text_stream(stream, newline=None), start=1):
        if not text.strip() or (wanted is not None and not wanted_near(wanted, number, number)):
            continue
        walk = _Walk(limits, declared, number)
        items: list[Cell | FieldDecl] = []
        try:
            tokens = iter_tokens(_StringReader(text), limits.max_cell_chars * 6, number, True)
            for token in tokens:
                items.extend(walk.take(token))
            if walk.stack:
                raise JsonSyntaxError("the line ends inside an object or array", number)
        except JsonSyntaxError as exc:
            first_broken = first_broken or (number, str(exc))
            broken += 1
            line = text.rstrip("\r\n")
            if len(line) > limits.max_cell_chars:
                line, walk.truncated = line[: limits.max_cell_chars], True
            # The fields it named stay declared; its values are in one free-text cell.
            items = [item for item in items if isinstance(item, FieldDecl)]
            items.append(Cell(line, number, 1, row=number))
        yield from items
        truncated = truncated or walk.truncated
    if truncated:
        yield _truncated_notice(path, limits)
    if first_broken is not None:
        (first, reason), more = first_broken, broken - 1
        others = f" and {more} more line{'s' * (more != 1)}" if more else ""
        yield Notice(
            NoticeLevel.WARNING,
            "malformed",
            f"line {first} is not valid JSON ({reason}){others}; read as text",
            path,
        )


class _StringReader:
    """A text stream over one string (for the tokenizer)."""

    def __init__(self, text: str) -> None:
        self._text: str | None = text

    def read(self, size: int = -1, /) -> str:
        text, self._text = self._text or "", None
        return text


def _truncated_notice(path: str, limits: ReaderLimits) -> Notice:
    return Notice(
        NoticeLevel.WARNING, "truncated", f"values cut at {limits.max_cell_chars} characters", path
    )
