"""Telling text from binary, turning any text encoding into UTF-8, and chunking large texts.

UTF-8 text (and text that is mostly UTF-8) is matched as raw bytes, never decoded as a
whole: an invalid byte simply matches nothing, so broken encodings cannot fail a scan.
UTF-16 and UTF-32 (with or without a byte order mark) are transcoded to UTF-8 first.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator, Sequence

from bharosa.notices import Notice, NoticeLevel
from bharosa.sources.document import Document

SNIFF_BYTES = 8192
# Texts up to this size are one document; larger ones are cut into chunks.
WHOLE_TEXT_LIMIT = 16 * 1024 * 1024
# Values longer than this (a PEM block is ~3 KB) may be cut at a chunk's edge.
CHUNK_OVERLAP = 64 * 1024
CHUNK_SIZE = 4 * 1024 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control bytes that never appear in text; tab, newlines, form feed and escape do.
_BINARY_CONTROL = bytes(b for b in range(32) if b not in (8, 9, 10, 12, 13, 27))


class Encoding:
    """How a file's bytes are text: an encoding name and the length of its byte order mark."""

    __slots__ = ("bom_length", "name")

    def __init__(self, name: str, bom_length: int = 0) -> None:
        self.name = name
        self.bom_length = bom_length

    @property
    def is_utf8(self) -> bool:
        """UTF-8 text is matched as it is, with no transcoding."""
        return self.name == "utf-8"

    def __repr__(self) -> str:
        return f"Encoding({self.name!r}, bom_length={self.bom_length})"


def sniff_encoding(sample: bytes) -> Encoding | None:
    """The encoding of a file from its first bytes, or None when the file is binary."""
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return Encoding(name, len(bom))
    if b"\0" in sample:
        return _sniff_wide_encoding(sample)
    if sample and binary_bytes(sample) * 10 > len(sample):
        return None
    return Encoding("utf-8")


def binary_bytes(data: bytes) -> int:
    """How many bytes of `data` are NUL or control bytes that text never holds."""
    return len(data) - len(data.translate(None, _BINARY_CONTROL))


def _sniff_wide_encoding(sample: bytes) -> Encoding | None:
    """UTF-16 or UTF-32 without a byte order mark: mostly-ASCII text has NULs in fixed lanes."""
    size = len(sample) - len(sample) % 4
    if size < 4:
        return None
    lanes = [sample[i:size:4].count(0) / (size // 4) for i in range(4)]
    mostly, rarely = 0.7, 0.1
    if lanes[0] < rarely and all(lane > mostly for lane in lanes[1:]):
        name = "utf-32-le"
    elif lanes[3] < rarely and all(lane > mostly for lane in lanes[:3]):
        name = "utf-32-be"
    elif lanes[0] < rarely and lanes[2] < rarely and lanes[1] > mostly and lanes[3] > mostly:
        name = "utf-16-le"
    elif lanes[1] < rarely and lanes[3] < rarely and lanes[0] > mostly and lanes[2] > mostly:
        name = "utf-16-be"
    else:
        return None
    return Encoding(name)


def iter_utf8_blocks(blocks: Iterable[bytes], encoding: Encoding) -> Iterator[bytes]:
    """The file's blocks as UTF-8 bytes, the byte order mark dropped, undecodable units replaced."""
    skip = encoding.bom_length
    if encoding.is_utf8:
        for block in blocks:
            if skip:
                block, skip = block[skip:], max(0, skip - len(block))
            if block:
                yield block
        return
    decoder = codecs.getincrementaldecoder(encoding.name)("replace")
    for block in blocks:
        if skip:
            block, skip = block[skip:], max(0, skip - len(block))
        text = decoder.decode(block)
        if text:
            yield text.encode("utf-8", "surrogatepass")
    rest = decoder.decode(b"", final=True)
    if rest:
        yield rest.encode("utf-8", "surrogatepass")


def content_documents(
    path: str, data: bytes, regions: Sequence[tuple[int, int]] | None = None
) -> Iterator[Document | Notice]:
    """The documents of a file's content held in memory, or a notice that it is binary.

    `regions` (ascending byte ranges of UTF-8 content) limit what is reported to the lines
    they touch: see `region_document`. Other encodings and large texts are read whole.
    """
    if not data:
        return
    encoding = sniff_encoding(data[:SNIFF_BYTES])
    if encoding is None:
        yield Notice(NoticeLevel.INFO, "binary", "binary file skipped", path)
        return
    if regions is not None and encoding.is_utf8 and not encoding.bom_length:
        hint = (0, 1)
        pem = PEM_BEGIN in data
        for start, end in regions:
            document, context_low = _region(path, data, start, end, hint, pem)
            hint = (context_low, document.first_line)
            yield document
        return
    text = b"".join(iter_utf8_blocks([data], encoding))
    if len(text) <= WHOLE_TEXT_LIMIT:
        yield Document(path, text)
        return
    yield Notice(
        NoticeLevel.INFO,
        "chunked",
        f"large file ({len(data) >> 20} MiB) scanned in chunks of {CHUNK_SIZE >> 20} MiB",
        path,
    )
    yield from chunk_documents(path, [text])


# Lines of context kept around a region: inline allows and context words on the line above.
_REGION_CONTEXT_LINES = 2
PEM_BEGIN, _PEM_END = b"-----BEGIN ", b"-----END "


def region_document(path: str, data: bytes, start: int, end: int) -> Document:
    """A document reporting only values on the lines that bytes [start, end) touch.

    It carries a few lines around them as context, and widens to a whole PEM block when
    the region falls inside one, so a key whose body changed is still seen whole.
    """
    return _region(path, data, start, end, (0, 1), PEM_BEGIN in data)[0]


def _region(
    path: str, data: bytes, start: int, end: int, hint: tuple[int, int], pem: bool
) -> tuple[Document, int]:
    """The region's document and where its context starts; `hint` is an earlier
    (offset, line) at or before that start, so lines are counted once per file. `pem`
    says whether the data holds a PEM header at all (searching for one is not free)."""
    low = data.rfind(b"\n", 0, start) + 1
    high = data.find(b"\n", end)
    high = len(data) if high < 0 else high
    if pem:
        low, high = _widen_to_pem_block(data, low, high)
    context_low = low
    for _ in range(_REGION_CONTEXT_LINES):
        if context_low == 0:
            break
        context_low = data.rfind(b"\n", 0, context_low - 1) + 1
    context_high = high
    for _ in range(_REGION_CONTEXT_LINES):
        if context_high >= len(data):
            break
        following = data.find(b"\n", context_high + 1)
        context_high = len(data) if following < 0 else following
    hint_offset, hint_line = hint if hint[0] <= context_low else (0, 1)
    first_line = hint_line + data.count(b"\n", hint_offset, context_low)
    window = (low - context_low, high - context_low)
    return Document(path, data[context_low:context_high], first_line, 0, window), context_low


def _widen_to_pem_block(data: bytes, low: int, high: int) -> tuple[int, int]:
    begin = data.rfind(PEM_BEGIN, 0, low)
    if begin >= 0 and data.rfind(_PEM_END, 0, low) < begin:
        low = data.rfind(b"\n", 0, begin) + 1
    finish = data.find(_PEM_END, high)
    if finish >= 0 and not 0 <= data.find(PEM_BEGIN, high) < finish:
        high = data.find(b"\n", finish)
        high = len(data) if high < 0 else high
    return low, high


def chunk_documents(
    path: str,
    blocks: Iterable[bytes],
    chunk_size: int = CHUNK_SIZE,
    overlap: int = CHUNK_OVERLAP,
) -> Iterator[Document]:
    """Cut a stream of UTF-8 blocks into Documents of about `chunk_size` bytes.

    Each chunk carries `overlap` bytes before and after its window, so a value that crosses
    a cut is matched whole by the chunk it starts in, and only by that chunk. Cuts are made
    after a newline when one is near, so lines stay whole where they can.
    """
    source = iter(blocks)
    buffer = bytearray()
    tail = b""
    line, column = 1, 0
    exhausted = False
    first = True
    while True:
        # A byte past the cut and its context is read too: it tells whether the cut would
        # split a character.
        while not exhausted and len(buffer) <= chunk_size + overlap:
            block = next(source, None)
            if block is None:
                exhausted = True
            else:
                buffer += block
        if not buffer:
            return
        body_length = len(buffer) if exhausted else _cut(buffer, chunk_size)
        ahead = b"" if exhausted else bytes(buffer[body_length : body_length + overlap])
        body = bytes(buffer[:body_length])
        if first and exhausted:
            yield Document(path, body)
            return
        first = False
        window = (len(tail), len(tail) + body_length)
        yield Document(path, tail + body + ahead, line, column, window)
        del buffer[:body_length]
        consumed = tail + body
        keep_from = _char_start(consumed, max(0, len(consumed) - overlap))
        dropped, tail = consumed[:keep_from], consumed[keep_from:]
        line, column = _advance(dropped, line, column)
        if exhausted and not buffer:
            return


def _cut(buffer: bytearray, chunk_size: int) -> int:
    newline = buffer.rfind(b"\n", chunk_size // 2, chunk_size)
    return newline + 1 if newline >= 0 else _char_start(buffer, chunk_size)


def _char_start(data: bytes | bytearray, offset: int) -> int:
    """`offset`, moved back to the first byte of the UTF-8 character it falls in (the end
    of `data` stays where it is)."""
    for _ in range(3):
        if offset <= 0 or offset >= len(data) or data[offset] & 0xC0 != 0x80:
            break
        offset -= 1
    return offset


def _advance(dropped: bytes, line: int, column: int) -> tuple[int, int]:
    """Line and column after `dropped` bytes, starting from (line, column)."""
    newlines = dropped.count(b"\n")
    if newlines:
        last_line = dropped[dropped.rfind(b"\n") + 1 :]
        return line + newlines, len(last_line.decode("utf-8", "replace"))
    return line, column + len(dropped.decode("utf-8", "replace"))
