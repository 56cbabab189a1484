"""Turning bytes into documents never fails, and loses or invents no text on the way.

The decoders see every file and every blob of history: a BOM that lies, UTF-16 cut in
half, NULs, encoded lone surrogates, hundreds of kilobytes on one line. For any bytes they
yield documents or a notice, never an exception, and the documents' text is the file's.
"""

from __future__ import annotations

import codecs
import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import example, given
from hypothesis import strategies as st

from bharosa.notices import Notice
from bharosa.sources import decoding, worktree
from bharosa.sources.decoding import (
    chunk_documents,
    content_documents,
    iter_utf8_blocks,
    region_document,
    sniff_encoding,
)
from bharosa.sources.document import Document
from bharosa.sources.novel_lines import changed_region, novel_spans
from bharosa.sources.worktree import FileEntry, read_file_documents
from tests.property.conftest import budget
from tests.property.mutations import any_text, hostile_bytes

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")


def _splits(data: bytes, sizes: list[int]) -> list[bytes]:
    """`data` cut into blocks of the given sizes (cycled), as a file is read."""
    blocks, at, index = [], 0, 0
    while at < len(data):
        size = sizes[index % len(sizes)] if sizes else len(data)
        blocks.append(data[at : at + size])
        at += size
        index += 1
    return blocks


@budget(ci=500, deep=20_000)
@given(hostile_bytes())
@example(codecs.BOM_UTF16_LE + b"a")
@example(codecs.BOM_UTF32_BE + b"\0\0")
@example(b"\xed\xa0\x80" * 3)
@example(b"a\0b\0" * 4 + b"\xd8\x00")
def test_any_bytes_become_documents_or_a_notice(data: bytes) -> None:
    items = list(content_documents("f.txt", data))
    for item in items:
        assert isinstance(item, Document | Notice)
        if isinstance(item, Document):
            assert item.first_line >= 1
            # Locating any span of a document never fails either.
            size = len(item.data)
            for start, end in ((0, size), (size // 3, size // 2), (size, size)):
                position = item.position(start, end)
                assert position.line >= item.first_line
                assert position.start_column >= 1
    encoding = sniff_encoding(data[: decoding.SNIFF_BYTES])
    if not data:
        assert items == []
    elif encoding is None:
        assert [n.code for n in items if isinstance(n, Notice)] == ["binary"]
    elif not encoding.is_utf8:
        # Transcoded text is valid UTF-8: undecodable units became U+FFFD.
        for item in items:
            if isinstance(item, Document):
                item.data.decode("utf-8")


def _window_text(items: list[Document | Notice]) -> bytes:
    return b"".join(
        item.data[slice(*item.window_span)] for item in items if isinstance(item, Document)
    )


@budget(ci=100, deep=3_000)
@given(data=hostile_bytes(), read_block=st.integers(min_value=1, max_value=97))
def test_a_file_streamed_in_blocks_reads_as_the_same_text_as_whole(
    data: bytes, read_block: int
) -> None:
    # Files over the whole-file limit are sniffed, transcoded and chunked as they stream;
    # with the limit and the read size made tiny, any bytes take that path.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.txt"
        path.write_bytes(data)
        entry = FileEntry("f.txt", path)
        whole = list(read_file_documents(entry))
        with (
            mock.patch.object(worktree, "WHOLE_FILE_LIMIT", 0),
            mock.patch.object(worktree, "_READ_BLOCK", read_block),
        ):
            streamed = list(read_file_documents(entry))
    binary = [n.code for n in whole if isinstance(n, Notice)] == ["binary"]
    assert binary == ([n.code for n in streamed if isinstance(n, Notice)] == ["binary"])
    if not binary:
        assert _window_text(streamed) == _window_text(whole)


@budget(ci=300, deep=10_000)
@given(
    text=any_text(400),
    name=st.sampled_from(ENCODINGS),
    bom=st.booleans(),
    sizes=st.lists(st.integers(min_value=1, max_value=9), max_size=6),
    tail=st.binary(max_size=3),
)
def test_transcoding_is_the_same_whatever_the_block_sizes(
    text: str, name: str, bom: bool, sizes: list[int], tail: bytes
) -> None:
    # A file is read in blocks of any size: a character cut between two blocks comes out
    # whole, and a stray byte at the end (a file cut short) becomes U+FFFD, never an error.
    boms = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
            "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE,
            "utf-32-be": codecs.BOM_UTF32_BE}  # fmt: skip
    data = (boms[name] if bom else b"") + text.encode(name, "surrogatepass") + tail
    encoding = decoding.Encoding(name, len(boms[name]) if bom else 0)
    whole = b"".join(iter_utf8_blocks([data], encoding))
    assert b"".join(iter_utf8_blocks(_splits(data, sizes), encoding)) == whole
    if not tail and name != "utf-8":
        # Units that are no character (lone surrogates) became U+FFFD: valid UTF-8 out.
        assert whole.decode("utf-8") == data[encoding.bom_length :].decode(name, "replace")


@budget(ci=300, deep=10_000)
@given(
    data=hostile_bytes(),
    sizes=st.lists(st.integers(min_value=1, max_value=64), max_size=5),
    chunk_size=st.integers(min_value=8, max_value=256),
    # The scan uses 64 KiB; without any overlap the chunks still cover the text once.
    overlap=st.integers(min_value=0, max_value=64),
)
@example(data=b"abc\ndef\nghi\n", sizes=[], chunk_size=8, overlap=0)
@example(data=b"\0\0\0\xc2\x80\xc2\x80\xc2\x80", sizes=[1], chunk_size=8, overlap=1)
@example(data=b"a\nb\nc\nd\ne\nf\n" * 3, sizes=[5], chunk_size=8, overlap=1)
def test_chunks_cover_the_text_once_with_the_right_line_numbers(
    data: bytes, sizes: list[int], chunk_size: int, overlap: int
) -> None:
    chunks = list(chunk_documents("f", _splits(data, sizes), chunk_size, overlap))
    covered = b""
    # Columns are counted in characters: for broken UTF-8 that count is a best guess.
    valid = _is_utf8(data)
    for chunk in chunks:
        low, high = chunk.window_span
        assert low < high or not data
        # The chunk's first byte sits after `covered` minus what it repeats as context.
        start = len(covered) - low
        assert chunk.data[:low] == covered[start:]
        assert chunk.first_line == 1 + data.count(b"\n", 0, start)
        if valid:
            line_start = data.rfind(b"\n", 0, start) + 1
            assert chunk.first_column == len(data[line_start:start].decode())
        covered += chunk.data[low:high]
    assert covered == data


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _lines(pool: list[bytes]) -> st.SearchStrategy[bytes]:
    return st.lists(st.sampled_from(pool) | st.binary(max_size=12), max_size=40).map(b"\n".join)


_POOL = [b"", b"name,email", b"anu.rao@kavyatextiles.in", b"-----BEGIN RSA PRIVATE KEY-----",
         b"MIIEowIBAAKCAQEA", b"-----END RSA PRIVATE KEY-----", b"\r", b"x" * 40]  # fmt: skip


@budget(ci=300, deep=10_000)
@given(old=_lines(_POOL), new=_lines(_POOL))
@example(old=b"a\nb\nc", new=b"a\nX\nc")
def test_history_regions_of_any_two_versions(old: bytes, new: bytes) -> None:
    # How a new version of a file is narrowed to what it adds (git history): never an
    # error, and every line the new version adds is inside a reported region.
    region = changed_region(old, new)
    if region is None:
        assert len(new) <= len(old)
        return
    start, end = region
    assert new[:start] == old[:start]
    assert new[end:] == old[len(old) - (len(new) - end) :]
    spans = novel_spans(old, new, region)
    for low, high in spans:
        assert 0 <= low <= high <= len(new)
    assert spans == sorted(spans)
    # Every line the region touches that the old version lacks is touched by a span.
    old_lines = set(old.split(b"\n"))
    offset = 0
    for line in new.split(b"\n"):
        line_end = offset + len(line)
        if line and line not in old_lines and offset <= end and line_end >= start:
            assert any(low <= line_end and high >= offset for low, high in spans), line
        offset = line_end + 1
    for low, high in spans:
        document = region_document("f", new, low, high)
        assert new[low:high] in document.data
        assert document.first_line in _line_numbers_of(new, document.data)
    documents = list(content_documents("f", new, spans))
    assert all(isinstance(d, Document | Notice) for d in documents)


def _line_numbers_of(text: bytes, part: bytes) -> set[int]:
    """The line numbers where `part` stands in `text` from the start of a line."""
    return {
        1 + text.count(b"\n", 0, at)
        for at in range(len(text) - len(part) + 1)
        if text.startswith(part, at) and (at == 0 or text[at - 1] == 10)
    }
