"""Sniffing encodings, transcoding to UTF-8 and chunking large texts."""

from __future__ import annotations

import codecs

from hypothesis import given, settings
from hypothesis import strategies as st

from bharosa.detectors.patterns import PatternDetector
from bharosa.rules.loading import load_rules
from bharosa.sources.decoding import chunk_documents, iter_utf8_blocks, sniff_encoding
from bharosa.sources.document import Document

TEXT = "name,email\nAnu,anu.rao@kavyatextiles.in\n"


def test_utf16_split_across_blocks_decodes_whole() -> None:
    data = codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")
    encoding = sniff_encoding(data)
    assert encoding is not None
    blocks = [data[i : i + 3] for i in range(0, len(data), 3)]
    assert b"".join(iter_utf8_blocks(blocks, encoding)) == TEXT.encode("utf-8")


def _find(documents: list[Document]) -> list[tuple[int, int, str]]:
    detector = PatternDetector(load_rules())
    found = []
    for document in documents:
        for match in detector.find(document):
            position = document.position(match.start, match.end)
            found.append((position.line, position.start_column, match.value))
    return found


def test_value_across_a_chunk_edge_is_found_once_with_its_line() -> None:
    email = "anu.rao@kavyatextiles.in"
    filler = "x" * 50 + "\n"
    text = (filler * 40 + "mail " + email + " end\n") * 3
    data = text.encode()
    whole = _find([Document("f", data)])
    assert len(whole) == 3
    for chunk_size in (64, 100, 333, 1000, 2048):
        chunks = list(chunk_documents("f", [data], chunk_size=chunk_size, overlap=64))
        assert len(chunks) > 1
        assert _find(chunks) == whole, chunk_size


def test_columns_stay_right_on_a_line_longer_than_a_chunk() -> None:
    email = "anu.rao@kavyatextiles.in"
    data = ("é" * 900 + " " + email + " ").encode() * 2
    whole = _find([Document("f", data)])
    chunks = list(chunk_documents("f", [data], chunk_size=700, overlap=100))
    assert _find(chunks) == whole
    assert whole[0][1] == 902


@settings(max_examples=150, deadline=None)
@given(
    parts=st.lists(
        st.sampled_from(
            [
                "anu.rao@kavyatextiles.in",
                "x@example.com",
                " ",
                "\n",
                "abc",
                "é",
                "日本",
                "\r\n",
                "d.okafor@brightwaterfoods.com,",
            ]
        ),
        max_size=120,
    ),
    chunk_size=st.integers(min_value=40, max_value=400),
)
def test_chunked_scan_equals_whole_scan(parts: list[str], chunk_size: int) -> None:
    # Values are shorter than the overlap when separated; longer ones may be cut by design.
    data = " ".join(parts).encode()
    chunks = list(
        chunk_documents("f", [data[i : i + 17] for i in range(0, len(data), 17)], chunk_size, 40)
    )
    assert _find(chunks) == _find([Document("f", data)])
