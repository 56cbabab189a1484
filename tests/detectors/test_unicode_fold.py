"""Folding full-width and non-ASCII digits, with offsets mapped back to the original bytes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bharosa.detectors.unicode_fold import fold_document, needs_folding
from bharosa.sources.document import Document


def test_ascii_needs_no_folding() -> None:
    assert fold_document(Document("f", b"2341 2341 2346")) is None
    assert fold_document(Document("f", "नाम: अनु".encode())) is None


def test_devanagari_and_full_width_digits_fold() -> None:
    text = "आधार ९८७७ ८९३२ ८७९३ और ４５２６＠"
    folded = fold_document(Document("f", text.encode()))
    assert folded is not None
    assert folded.document.data == "आधार 9877 8932 8793 और 4526@".encode()


@given(
    st.lists(
        st.sampled_from(["a", "7", "९", "５", "＠", "नाम", " ", "\n", "日本", "\udcff"]),
        max_size=40,
    )
)
def test_offsets_map_back_to_the_same_characters(parts: list[str]) -> None:
    text = "".join(parts)
    data = text.encode("utf-8", "surrogateescape")
    folded = fold_document(Document("f", data))
    if folded is None:
        return
    target = folded.document.data
    # Every character boundary of the folded text maps to a boundary of the original.
    folded_text = target.decode("utf-8", "surrogateescape")
    offset = 0
    originals = []
    for ch in folded_text:
        originals.append(folded.original_offset(offset))
        offset += len(ch.encode("utf-8", "surrogateescape"))
    originals.append(folded.original_offset(offset))
    expected, at = [], 0
    for ch in text:
        expected.append(at)
        at += len(ch.encode("utf-8", "surrogateescape"))
    expected.append(at)
    assert originals == expected


def test_chunk_windows_are_mapped() -> None:
    data = "x ९८ y ९८ z".encode()
    window_start = data.index(b"y")
    folded = fold_document(Document("f", data, window=(window_start, len(data))))
    assert folded is not None
    low, high = folded.document.window_span
    assert folded.document.data[low:high] == b"y 98 z"


@given(
    st.lists(
        st.sampled_from(["a", "7", "९", "５", "＠", "नाम", " ", "\n", "日本", "é", "🪵"]),
        max_size=40,
    )
)
def test_needs_folding_says_whether_folding_changes_anything(parts: list[str]) -> None:
    data = "".join(parts).encode()
    assert needs_folding(data) == (fold_document(Document("f", data)) is not None)
