"""What a new version of a file adds to the one before it: the changed region, narrowed to
the lines the old version did not hold.

A history scan asks this of every changed blob: most of a new version repeats the old one,
so only its novel lines need a detector. `_novel_lines.c` does it in C, where the line
splitting and hashing cost a tenth of what they cost in Python; the Python functions below
are the reference it must equal, and serve where the C module was not built.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import compress
from operator import not_

Span = tuple[int, int]
ChangedRegion = Callable[[bytes, bytes], Span | None]
NovelSpans = Callable[[bytes, bytes, Span], list[Span]]
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


def python_novel_spans(old: bytes, new: bytes, region: Span) -> list[Span]:
    """The runs of lines of `new` within `region` that the same stretch of `old` lacks.

    A file edited at its top and bottom differs over its whole length, yet only a few of
    its lines are new: they are looked up in a set of the old ones (moved lines are not
    new), so a long file's small edits stay small to scan. A span excludes its last
    line's newline; adjacent novel lines make one span.
    """
    start, end = region
    low = new.rfind(b"\n", 0, start) + 1
    high = new.find(b"\n", end)
    high = len(new) if high < 0 else high
    # The old version's stretch: what lies between the region's common prefix and suffix.
    old_high = max(low, len(old) - (len(new) - high))
    lines = new[low:high].split(b"\n")
    known = set(old[low:old_high].split(b"\n"))
    # Which lines are novel is worked out in C (map, compress); Python walks only those,
    # and adds up the lengths of the lines between them in C too.
    novel = compress(range(len(lines)), map(not_, map(known.__contains__, lines)))
    spans: list[Span] = []
    offset, at = low, 0
    for index in novel:
        offset += sum(map(len, lines[at:index])) + index - at
        at = index
        finish = offset + len(lines[index])
        if spans and spans[-1][1] + 1 == offset:
            spans[-1] = (spans[-1][0], finish)
        else:
            spans.append((offset, finish))
    return spans


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
changed_region, novel_spans, lines_around = _native()
NATIVE = changed_region is not python_changed_region
