"""The C module that narrows history's changed blobs answers exactly as its Python reference.

`bharosa.sources._novel_lines` is what history scans run; `python_changed_region` and
`python_novel_spans` are the reference it must equal, for any two versions and any region
(even one that `changed_region` would never give).
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bharosa.sources import novel_lines
from bharosa.sources.novel_lines import (
    ANCHORING,
    Anchoring,
    NovelLines,
    join_close_spans,
    python_changed_region,
    python_lines_around,
    python_novel_spans,
)
from tests.property.conftest import budget

native = pytest.importorskip("bharosa.sources._novel_lines")

# Lines that repeat (so versions share some), empty lines, CR, NUL and lengths around the
# eight-byte words the C module compares and hashes.
_POOL = [b"", b"\r", b"\0", b"a", b"1234567", b"12345678", b"123456789", b"x" * 40,
         b"name,email", b"anu.rao@kavyatextiles.in", "नाम".encode()]  # fmt: skip


def _text() -> st.SearchStrategy[bytes]:
    line = st.sampled_from(_POOL) | st.binary(max_size=20)
    return st.lists(line, max_size=30).map(b"\n".join)


@st.composite
def _versions(draw: st.DrawFn) -> tuple[bytes, bytes]:
    old = draw(_text())
    if draw(st.booleans()):
        # An edit of the old version: a piece replaced, so the versions share a prefix
        # and a suffix.
        start = draw(st.integers(0, len(old)))
        end = draw(st.integers(start, len(old)))
        return old, old[:start] + draw(_text()) + old[end:]
    return old, draw(_text())


def test_the_c_module_is_what_history_uses() -> None:
    assert novel_lines.NATIVE
    assert novel_lines.changed_region is native.changed_region
    assert novel_lines.native_or_python_novel_spans is native.novel_spans
    assert novel_lines.lines_around is native.lines_around


@budget(ci=2_000, deep=100_000)
@given(versions=_versions(), cut=st.tuples(st.integers(0, 1 << 16), st.integers(0, 1 << 16)))
@example(versions=(b"a\nb\nc", b"a\nX\nc"), cut=(0, 0))
@example(versions=(b"ab\n" * 5, b"zz\n" + b"ab\n" * 5), cut=(0, 0))
def test_c_module_equals_the_python_reference(
    versions: tuple[bytes, bytes], cut: tuple[int, int]
) -> None:
    old, new = versions
    region = python_changed_region(old, new)
    assert native.changed_region(old, new) == region
    if region is not None:
        assert native.novel_spans(old, new, region, ANCHORING) == python_novel_spans(
            old, new, region
        )
    # Any region within the new version, as a caller could pass.
    low = cut[0] % (len(new) + 1)
    high = low + cut[1] % (len(new) - low + 1)
    expected = python_novel_spans(old, new, (low, high))
    assert native.novel_spans(old, new, (low, high), ANCHORING) == expected


# Anchoring scaled down to the versions drawn here, so that stretches are split at shared
# blocks (and windows, tries and short blocks cut off) as they are in files of real size.
_SMALL_ANCHORING = st.builds(
    Anchoring,
    stretch=st.integers(1, 80),
    line=st.integers(1, 12),
    window=st.integers(0, 64),
    block=st.integers(0, 40),
    tries=st.integers(1, 4),
)


@budget(ci=2_000, deep=100_000)
@given(versions=_versions(), anchoring=_SMALL_ANCHORING)
@example(
    versions=(b"top\nshared line\nmiddle\nbottom", b"TOP\nshared line\nmiddle\nBOTTOM"),
    anchoring=Anchoring(stretch=8, line=4, window=8, block=4, tries=2),
)
def test_c_module_splits_stretches_as_the_python_reference(
    versions: tuple[bytes, bytes], anchoring: Anchoring
) -> None:
    old, new = versions
    region = python_changed_region(old, new)
    if region is not None:
        expected = python_novel_spans(old, new, region, anchoring)
        assert native.novel_spans(old, new, region, anchoring) == expected


@budget(ci=1_000, deep=50_000)
@given(data=_text(), cuts=st.lists(st.integers(0, 1 << 16), max_size=8))
@example(data=b"\nfirst\n\nthird", cuts=[0, 1, 7, 8])
def test_lines_around_equals_the_python_reference(data: bytes, cuts: list[int]) -> None:
    points = sorted(cut % (len(data) + 1) for cut in cuts)
    spans = list(zip(points[::2], points[1::2], strict=False))
    assert native.lines_around(data, spans) == python_lines_around(data, spans)


@budget(ci=1_000, deep=50_000)
@given(
    versions=_versions(), gap=st.integers(0, 16), first=st.integers(1, 40), more=st.integers(0, 8)
)
@example(versions=(b"a\nb\nc\n", b"a\nB\nc\n\nd"), gap=0, first=2, more=0)
def test_novel_lines_are_the_lines_the_spans_touch(
    versions: tuple[bytes, bytes], gap: int, first: int, more: int
) -> None:
    # What a data file's edit tells its cells: the spans' lines, by number.
    old, new = versions
    region = python_changed_region(old, new)
    spans = [] if region is None else join_close_spans(python_novel_spans(old, new, region), gap)
    touched = {
        line
        for start, end in spans
        for line in range(new.count(b"\n", 0, start) + 1, new.count(b"\n", 0, end) + 2)
    }
    last = first + more
    expected = any(first <= line <= last for line in touched)
    novel = NovelLines(new, spans)
    assert novel.touch(first, last) == expected
    assert novel.first_from(first) == min((line for line in touched if line >= first), default=None)


def test_c_module_rejects_a_region_outside_the_new_version() -> None:
    with pytest.raises(ValueError, match="outside"):
        native.novel_spans(b"a", b"b", (0, 5), ANCHORING)
    with pytest.raises(TypeError):
        native.changed_region("text", b"bytes")
    with pytest.raises(ValueError, match="positive"):
        native.novel_spans(b"a", b"b", (0, 1), Anchoring(stretch=0))
    with pytest.raises(ValueError, match="outside"):
        native.lines_around(b"abc", [(2, 9)])
    with pytest.raises(TypeError):
        native.lines_around(b"abc", [(0, 1, 2)])


def test_large_versions_with_many_repeated_lines() -> None:
    # Thousands of equal lines fill the C module's hash table with one key: still exact.
    old = b"same\n" * 20_000 + b"tail\n"
    new = b"head\n" + b"same\n" * 19_000 + b"new one\n" + b"same\n" * 1_000 + b"tail\n"
    region = python_changed_region(old, new)
    assert region is not None
    spans = native.novel_spans(old, new, region, ANCHORING)
    assert spans == python_novel_spans(old, new, region)
    assert [new[a:b] for a, b in spans] == [b"head", b"new one"]
