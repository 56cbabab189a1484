"""A Document: text bytes to match on, with where they came from and how to locate offsets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and the 1-based columns of a span on it, in code points and UTF-16 units."""

    line: int
    start_column: int
    end_column: int
    start_column_utf16: int
    end_column_utf16: int


@dataclass(frozen=True, slots=True)
class Document:
    """UTF-8 text (or bytes that are mostly UTF-8) of one file, or of one chunk of a large file.

    A chunk of a large file carries the bytes around it too (`data`), so a value across the
    chunk's edge is seen whole; only matches that start inside `window` belong to this chunk.
    `first_line` is the line number of `data[0]` and `first_column` the code points before it
    on that line.
    """

    path: str
    data: bytes
    first_line: int = 1
    first_column: int = 0
    window: tuple[int, int] | None = None

    @property
    def window_span(self) -> tuple[int, int]:
        """The byte range whose match starts this document reports."""
        return self.window if self.window is not None else (0, len(self.data))

    def owns(self, start: int) -> bool:
        """Whether a match starting at byte `start` is reported from this document."""
        low, high = self.window_span
        return low <= start < high

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """Byte offsets of the start and end (exclusive, without newline) of the offset's line."""
        start = self.data.rfind(b"\n", 0, offset) + 1
        end = self.data.find(b"\n", offset)
        return start, len(self.data) if end < 0 else end

    def position(self, start: int, end: int, line_hint: tuple[int, int] | None = None) -> Position:
        """Line and columns of the byte span [start, end).

        `line_hint` is (offset, line) of an earlier position, so locating many matches in
        order counts each newline once.
        """
        hint_offset, hint_line = line_hint if line_hint is not None else (0, self.first_line)
        line = hint_line + self.data.count(b"\n", hint_offset, start)
        line_start = self.data.rfind(b"\n", 0, start) + 1
        before = self.data[line_start:start].decode("utf-8", "replace")
        value = self.data[start:end].decode("utf-8", "replace")
        base = self.first_column if line_start == 0 else 0
        start_column = base + len(before) + 1
        start_utf16 = base + utf16_length(before) + 1
        return Position(
            line=line,
            start_column=start_column,
            end_column=start_column + len(value),
            start_column_utf16=start_utf16,
            end_column_utf16=start_utf16 + utf16_length(value),
        )


def utf16_length(text: str) -> int:
    """How many UTF-16 code units `text` takes (SARIF counts columns in them)."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)
