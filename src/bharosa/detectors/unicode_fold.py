"""Folding look-alike characters to ASCII before matching, with offsets mapped back.

Full-width forms (`２３４１`, `＠`) and the decimal digits of every script (Devanagari
`२३४१`, Arabic-Indic, Bengali...) become their ASCII counterparts, one character for one
character, so patterns written for ASCII find them; reported offsets still point at the
original bytes.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import Any

from bharosa.sources.document import Document

_FULLWIDTH_FIRST, _FULLWIDTH_LAST, _FULLWIDTH_SHIFT = 0xFF01, 0xFF5E, 0xFEE0
_IDEOGRAPHIC_SPACE = 0x3000
_BMP_END = 0x10000


@cache
def _fold_table() -> dict[int, int]:
    table = {cp: cp - _FULLWIDTH_SHIFT for cp in range(_FULLWIDTH_FIRST, _FULLWIDTH_LAST + 1)}
    table[_IDEOGRAPHIC_SPACE] = ord(" ")
    # Digits outside the BMP are historic scripts and mathematical styles: not worth the
    # ~70 ms it takes to look through them on every run.
    for cp in range(0x80, _BMP_END):
        digit = unicodedata.decimal(chr(cp), None)
        if digit is not None:
            table[cp] = ord("0") + digit
    return table


@cache
def _foldable() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_fold_table())) + "]")


@cache
def _foldable_bytes() -> Any:
    import re2

    ranges: list[tuple[int, int]] = []
    for cp in sorted(_fold_table()):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    members = "".join(f"\\x{{{low:x}}}-\\x{{{high:x}}}" for low, high in ranges)
    return re2.compile(f"[{members}]")


def needs_folding(data: bytes) -> bool:
    """Whether UTF-8 `data` holds a character that folding changes (one RE2 pass)."""
    return not data.isascii() and _foldable_bytes().search(data) is not None


@dataclass(frozen=True, slots=True)
class FoldedDocument:
    """A document with look-alikes folded to ASCII, and how to map its offsets back."""

    document: Document
    _folded_offsets: list[int]
    _shrink_before: list[int]

    def original_offset(self, offset: int) -> int:
        """The byte offset in the original data of byte `offset` in the folded data."""
        index = bisect_right(self._folded_offsets, offset)
        return offset + (self._shrink_before[index - 1] if index else 0)


def fold_document(document: Document) -> FoldedDocument | None:
    """The folded document, or None when there is nothing to fold (always so for ASCII)."""
    data = document.data
    if data.isascii():
        return None
    text = data.decode("utf-8", "surrogateescape")
    found = list(_foldable().finditer(text))
    if not found:
        return None
    table = _fold_table()
    folded_offsets, shrink_before = [], []
    # Only the folded characters are looked up: translating the whole text costs a dict
    # look-up per character, which dominated scans of long non-ASCII files.
    pieces: list[str] = []
    shrink, last_char, byte_offset = 0, 0, 0
    for match in found:
        index = match.start()
        between = text[last_char:index]
        pieces.append(between)
        pieces.append(chr(table[ord(match.group())]))
        byte_offset += len(between.encode("utf-8", "surrogateescape"))
        width = len(match.group().encode("utf-8"))
        folded_at = byte_offset - shrink
        shrink += width - 1
        folded_offsets.append(folded_at + 1)
        shrink_before.append(shrink)
        byte_offset += width
        last_char = index + 1
    pieces.append(text[last_char:])
    folded = "".join(pieces).encode("utf-8", "surrogateescape")
    window = document.window
    if window is not None:
        mapper = _FoldMap(folded_offsets, shrink_before)
        window = (mapper.folded(window[0]), mapper.folded(window[1]))
    folded_document = Document(
        document.path, folded, document.first_line, document.first_column, window
    )
    return FoldedDocument(folded_document, folded_offsets, shrink_before)


@dataclass(frozen=True, slots=True)
class _FoldMap:
    folded_offsets: list[int]
    shrink_before: list[int]

    def folded(self, original: int) -> int:
        """The folded offset of an original offset that is not inside a folded character."""
        low, high = 0, len(self.folded_offsets)
        while low < high:
            mid = (low + high) // 2
            if self.folded_offsets[mid] + self.shrink_before[mid] <= original:
                low = mid + 1
            else:
                high = mid
        return original - (self.shrink_before[low - 1] if low else 0)
