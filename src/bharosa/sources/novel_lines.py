"""What a new version of a file adds to the one before it: the changed region, narrowed to
the lines the old version did not hold.

A history scan asks this of every changed blob: most of a new version repeats the old one,
so only its novel lines need a detector. `_novel_lines.c` does it in C, where the line
splitting and hashing cost a tenth of what they cost in Python; the Python functions below
are the reference it must equal, and serve where the C module was not built.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from itertools import compress
from operator import not_
from typing import NamedTuple

Span = tuple[int, int]
ChangedRegion = Callable[[bytes, bytes], Span | None]
LinesAround = Callable[[bytes, list[Span]], bytes]


def python_changed_region(old: bytes, new: bytes) -> Span | None:
    """Byte offsets in `new` of what differs from `old` (common prefix and suffix cut off).

    None when `new` adds nothing (it is `old` with bytes removed). Comparing in blocks keeps
    the work in C: a new version of a large file costs a few memcmp calls, not a diff.
    """
    prefix = _common_prefix(old, new)
    limit = min(len(old), len(new)) - prefix
    suffix = _common_suffix(old, new, limit)
    start, end = prefix, len(new) - suffix
    return (start, end) if start < end else None


# Below this many bytes, a common prefix or suffix is walked byte by byte.
_SHORT_COMPARE = 64


class Anchoring(NamedTuple):
    """How a long changed stretch is split before its lines are compared (see
    python_novel_spans); tests pass small values to try every path on small versions."""

    # A stretch of the new version at least this long looks for an anchor.
    stretch: int = 4096
    # An anchor is a line at least this long: short ones (`return x`) recur too often.
    line: int = 16
    # It is looked for this far either side of where it would stand in the old stretch
    # had the edits all been after it, or all before it.
    window: int = 4096
    # The lines around it that both versions share must make a block at least this long.
    block: int = 1024
    # How many lines from the middle down are tried for an anchor.
    tries: int = 8


ANCHORING = Anchoring()
NovelSpans = Callable[[bytes, bytes, Span, Anchoring], list[Span]]
# A stretch of both versions: old[old_low:old_high] (None: no old lines at all) and
# new[low:high], each whole lines.
_Stretch = tuple[int, int | None, int, int]


def python_novel_spans(
    old: bytes, new: bytes, region: Span, anchoring: Anchoring = ANCHORING
) -> list[Span]:
    """The runs of lines of `new` within `region` that the same stretch of `old` lacks.

    A file edited at its top and bottom differs over its whole length, yet only a few of
    its lines are new. A long stretch is first split where both versions share a block of
    lines: a line from its middle, found near where it would stand in the old stretch, and
    the lines around it that both hold. The stretches either side of it are split the same
    way, and what is left is compared line by line: a line is novel when the old stretch
    facing it lacks it (lines moved within a stretch are not new). A span excludes its
    last line's newline; adjacent novel lines make one span.
    """
    start, end = region
    low = new.rfind(b"\n", 0, start) + 1
    high = new.find(b"\n", end)
    high = len(new) if high < 0 else high
    # The old version's stretch: what lies between the region's common prefix and suffix.
    old_high = max(low, len(old) - (len(new) - high))
    stretches: list[_Stretch] = []
    _split(old, new, (low, old_high, low, high), anchoring, stretches)
    spans: list[Span] = []
    for stretch in stretches:
        _add_novel(old, new, stretch, spans)
    return spans


def _split(
    old: bytes, new: bytes, stretch: _Stretch, anchoring: Anchoring, out: list[_Stretch]
) -> None:
    """`stretch` cut at shared blocks into the stretches left to compare, in order."""
    old_low, old_high, low, high = stretch
    if old_high is None or high - low < anchoring.stretch:
        out.append(stretch)
        return
    block = _shared_block(old, new, (old_low, old_high, low, high), anchoring)
    if block is None:
        out.append(stretch)
        return
    block_old, block_low, block_old_end, block_high = block
    if block_low > low:
        before = block_old - 1 if block_old > old_low else None
        _split(old, new, (old_low, before, low, block_low - 1), anchoring, out)
    if block_high < high:
        after = old_high if block_old_end < old_high else None
        _split(old, new, (block_old_end + 1, after, block_high + 1, high), anchoring, out)


def _shared_block(
    old: bytes, new: bytes, stretch: tuple[int, int, int, int], anchoring: Anchoring
) -> tuple[int, int, int, int] | None:
    """Whole lines that `new[low:high]` and `old[old_low:old_high]` share around a line of
    the new stretch's middle, as (old start, new start, old end, new end), or None."""
    old_low, old_high, low, high = stretch
    # The line holding the stretch's middle byte.
    line_start = max(new.rfind(b"\n", low, low + (high - low) // 2) + 1, low)
    for _ in range(anchoring.tries):
        line_end = new.find(b"\n", line_start, high)
        line_end = high if line_end < 0 else line_end
        if line_end - line_start >= anchoring.line:
            line = new[line_start:line_end]
            # Where the line would stand had every edit come after it, or before it.
            after = old_low + (line_start - low)
            before = old_high - (high - line_start)
            window = (
                max(old_low, min(after, before) - anchoring.window),
                min(old_high, max(after, before) + anchoring.window + len(line)),
            )
            found = _whole_line_in(old, line, window, (old_low, old_high))
            if found >= 0:
                return _widened(old, new, stretch, (found, line_start, len(line)), anchoring)
        if line_end >= high:
            return None
        line_start = line_end + 1
    return None


def _whole_line_in(old: bytes, line: bytes, window: Span, stretch: Span) -> int:
    """Where `line` first stands in `old` within `window` as a whole line of the stretch
    (newlines or the stretch's ends either side of it), or -1."""
    at, window_end = window
    while (found := old.find(line, at, window_end)) >= 0:
        end = found + len(line)
        if (found == stretch[0] or old[found - 1] == 10) and (end == stretch[1] or old[end] == 10):
            return found
        at = found + 1
    return -1


def _widened(
    old: bytes,
    new: bytes,
    stretch: tuple[int, int, int, int],
    anchor: tuple[int, int, int],
    anchoring: Anchoring,
) -> tuple[int, int, int, int] | None:
    """The anchor line widened to every whole line before and after it that both versions
    share, or None when that block is shorter than the anchoring asks."""
    old_low, old_high, low, high = stretch
    old_at, at, length = anchor
    back = _common_suffix(old[old_low:old_at], new[low:at], min(old_at - old_low, at - low))
    start = at - back
    if not (
        (start == low or new[start - 1] == 10)
        and (old_at - back == old_low or old[old_at - back - 1] == 10)
    ):
        # Within the shared bytes, a line starts in both where one starts in either.
        start = new.find(b"\n", start, at) + 1
    ahead = _common_prefix(old[old_at + length : old_high], new[at + length : high])
    end = at + length + ahead
    old_end = old_at + length + ahead
    if not ((end == high or new[end] == 10) and (old_end == old_high or old[old_end] == 10)):
        end = new.rfind(b"\n", at + length, end)
    if end - start < anchoring.block:
        return None
    return old_at - (at - start), start, old_at + (end - at), end


def _add_novel(old: bytes, new: bytes, stretch: _Stretch, spans: list[Span]) -> None:
    """Append the runs of the stretch's new lines that its old lines lack to `spans`."""
    old_low, old_high, low, high = stretch
    lines = new[low:high].split(b"\n")
    known = set(old[old_low:old_high].split(b"\n")) if old_high is not None else set()
    # Which lines are novel is worked out in C (map, compress); Python walks only those,
    # and adds up the lengths of the lines between them in C too.
    novel = compress(range(len(lines)), map(not_, map(known.__contains__, lines)))
    offset, at = low, 0
    for index in novel:
        offset += sum(map(len, lines[at:index])) + index - at
        at = index
        finish = offset + len(lines[index])
        if spans and spans[-1][1] + 1 == offset:
            spans[-1] = (spans[-1][0], finish)
        else:
            spans.append((offset, finish))


def _common_prefix(a: bytes, b: bytes) -> int:
    """How many leading bytes `a` and `b` share: a binary search of memcmp calls
    (`startswith` on a memoryview compares in place, without copying slices)."""
    view = memoryview(a)
    low, high = 0, min(len(a), len(b))
    if b.startswith(view[:high]):
        return high
    while high - low > _SHORT_COMPARE:
        middle = (low + high) // 2
        if b.startswith(view[low:middle], low):
            low = middle
        else:
            high = middle
    while low < high and a[low] == b[low]:
        low += 1
    return low


def _common_suffix(a: bytes, b: bytes, limit: int) -> int:
    """How many trailing bytes, up to `limit`, `a` and `b` share (as _common_prefix)."""
    view = memoryview(a)
    la, lb = len(a), len(b)
    low, high = 0, limit
    if b.startswith(view[la - high :], lb - high):
        return high
    while high - low > _SHORT_COMPARE:
        middle = (low + high) // 2
        if b.startswith(view[la - middle : la - low], lb - middle):
            low = middle
        else:
            high = middle
    while low < high and a[la - low - 1] == b[lb - low - 1]:
        low += 1
    return low


def join_close_spans(spans: list[Span], gap: int) -> list[Span]:
    """Ascending spans with those less than `gap` bytes apart joined: scanning the lines
    between two changes costs less than scanning each change on its own."""
    joined: list[Span] = []
    for start, end in spans:
        if joined and start - joined[-1][1] < gap:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


class NovelLines:
    """The lines, by number, that byte spans of a file touch: a data file's edit tells its
    reader's cells (which know their lines, not their bytes) which hold what it added."""

    __slots__ = ("_firsts", "_lasts")

    def __init__(self, data: bytes, spans: Sequence[Span]) -> None:
        self._firsts: list[int] = []
        self._lasts: list[int] = []
        line, at = 1, 0
        for start, end in spans:
            line += data.count(b"\n", at, start)
            self._firsts.append(line)
            line += data.count(b"\n", start, end)
            self._lasts.append(line)
            at = end

    def touch(self, first: int, last: int) -> bool:
        """Whether any of the lines `first` to `last` (1-based, inclusive) is one of them."""
        index = bisect_right(self._firsts, last) - 1
        return index >= 0 and self._lasts[index] >= first

    def first_from(self, line: int) -> int | None:
        """The first of the lines at or after `line`, if there is one."""
        index = bisect_left(self._lasts, line)
        return max(self._firsts[index], line) if index < len(self._lasts) else None


def python_lines_around(data: bytes, spans: list[Span]) -> bytes:
    """The lines each span touches, with the line before them (where context words count
    too), joined by newlines: what a quick check reads to tell whether the spans could
    hold a finding."""
    return b"\n".join(data[slice(*_line_span(data, span))] for span in spans)


def _line_span(data: bytes, span: Span) -> Span:
    """A span widened to the whole lines it touches (a value never straddles a line) and
    the line before them."""
    high = data.find(b"\n", span[1])
    low = data.rfind(b"\n", 0, max(0, data.rfind(b"\n", 0, span[0]))) + 1
    return low, len(data) if high < 0 else high


def _native() -> tuple[ChangedRegion, NovelSpans, LinesAround]:
    try:
        from bharosa.sources import _novel_lines
    except ImportError:  # built without a C compiler: the Python reference serves
        return python_changed_region, python_novel_spans, python_lines_around
    return _novel_lines.changed_region, _novel_lines.novel_spans, _novel_lines.lines_around


# The C functions when the package was built with them (`NATIVE` says which).
changed_region, native_or_python_novel_spans, lines_around = _native()
NATIVE = changed_region is not python_changed_region


def novel_spans(old: bytes, new: bytes, region: Span) -> list[Span]:
    """python_novel_spans with the anchoring history scans use, in C where built."""
    return native_or_python_novel_spans(old, new, region, ANCHORING)
