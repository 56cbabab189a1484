"""Hostile inputs: arbitrary bytes, text in every encoding, and valid files mutated.

The strategies are shared by the property tests and the hypothesis fuzz targets in
`bench/fuzz/`: `hostile_bytes()` builds inputs from scratch, `mutated()` damages a valid
file the way a truncated download, a bad merge or a flipped bit would.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence

from hypothesis import strategies as st

_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
         codecs.BOM_UTF32_BE)  # fmt: skip
# Bytes that break decoders: lone surrogates encoded (CESU), overlong forms, code points
# past U+10FFFF, stray continuation bytes, a cut multi-byte character, NUL, CR.
BROKEN_UTF8 = (
    b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xf4\x90\x80\x80", b"\x80",
    b"\xbf\xbf", b"\xe6\x97", b"\xf0\x9f\x98", b"\xff", b"\xfe", b"\0", b"\r",
)  # fmt: skip
# Pieces of the formats the readers parse, so random inputs reach past the first byte.
FORMAT_PIECES = (
    b",", b";", b"\t", b"|", b'"', b"'", b"`", b"\\", b"\n", b"\r\n", b" ", b"#", b"--", b"/*",
    b"*/", b"{", b"}", b"[", b"]", b":", b"- ", b"? ", b"&a ", b"*a", b"<<: *a", b"!!binary ",
    b"!!python/object:os.system", b"|\n  ", b">-\n  ", b"---\n", b"...\n", b"%YAML 1.1\n",
    b'"cells"', b'"source"', b'"text/plain"', b'"text/html"', b'"outputs"', b"\\u0000",
    b"\\ud800", b'\\"', b"1e309", b"-0", b"true", b"null", b"NaN",
    b"CREATE TABLE t (a int, ", b"INSERT INTO t VALUES (", b"COPY t (a, b) FROM stdin;\n",
    b"\\.\n", b"\\N", b"E'", b"''", b"),(", b";",
    b"<table class=\"dataframe\"><thead><tr><th>", b"<td>", b"</tr>", b"<!--", b"&amp;",
    b"PK\x03\x04", b"PAR1", b"\x1b[31m",
    b"priya.sharma@kavyatextiles.in", b"+91 98450 12873", b"4539 5787 6362 1486",
    b"2341 2341 2346", b"email", b"aadhaar",
)  # fmt: skip


_ANY_CHARACTER = st.characters(exclude_categories=()) | st.characters(
    min_codepoint=0xD800, max_codepoint=0xDFFF
)


def any_text(max_size: int) -> st.SearchStrategy[str]:
    """Any characters, lone surrogates too (hypothesis leaves them out of text by default)."""
    return st.text(_ANY_CHARACTER, max_size=max_size)


def _encoded_text() -> st.SearchStrategy[bytes]:
    """Any text (lone surrogates included) in UTF-8, -16 or -32, with or without its BOM."""
    encodings = st.sampled_from(
        ["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-16", "utf-32"]
    )
    # The BOM may be missing, match the encoding, or contradict it.
    return st.builds(
        lambda text, name, bom: bom + text.encode(name, "surrogatepass"),
        any_text(300),
        encodings,
        st.sampled_from((b"", *_BOMS)),
    )


def _pieces() -> st.SearchStrategy[bytes]:
    piece = st.one_of(
        st.sampled_from(FORMAT_PIECES),
        st.sampled_from(BROKEN_UTF8),
        st.sampled_from(_BOMS),
        st.binary(max_size=8),
        any_text(12).map(lambda text: text.encode("utf-8", "surrogatepass")),
    )
    return st.lists(piece, max_size=60).map(b"".join)


def _long_runs() -> st.SearchStrategy[bytes]:
    """A short unit repeated into a long line or a deep nest (within a few hundred KB)."""
    return st.builds(
        lambda head, unit, times, tail: head + unit * times + tail,
        st.binary(max_size=16),
        st.sampled_from(FORMAT_PIECES + BROKEN_UTF8 + (b"a", b"0", b"\0\0"))
        | st.binary(min_size=1, max_size=4),
        st.integers(min_value=1, max_value=20_000),
        st.binary(max_size=16),
    )


def hostile_bytes(max_size: int = 4096) -> st.SearchStrategy[bytes]:
    """Bytes that no reader or decoder expects: random, mis-encoded, format-shaped, long."""
    return st.one_of(
        st.binary(max_size=max_size),
        _encoded_text(),
        _pieces(),
        st.tuples(st.sampled_from(_BOMS), _pieces()).map(b"".join),
        _long_runs(),
    )


# One mutation: (kind, position, a byte, bytes to insert).
Mutation = tuple[str, int, int, bytes]
_INTERESTING = (0x00, 0xFF, 0x7F, 0x80, 0x22, 0x27, 0x0A, 0x0D, 0x5C, 0x2C, 0x7B, 0x5B)


def mutations(max_count: int = 8) -> st.SearchStrategy[list[Mutation]]:
    """A few damaging edits; positions are taken modulo the length of the file."""
    kind = st.sampled_from(
        ["truncate", "flip", "set", "insert", "delete", "duplicate", "swap-in-piece"]
    )
    inserted = st.sampled_from(FORMAT_PIECES + BROKEN_UTF8) | st.binary(max_size=16)
    one = st.tuples(kind, st.integers(min_value=0, max_value=1 << 30),
                    st.integers(min_value=0, max_value=255), inserted)  # fmt: skip
    return st.lists(one, min_size=1, max_size=max_count)


def mutate(data: bytes, edits: Sequence[Mutation]) -> bytes:
    """`data` with the edits applied in order."""
    out = bytearray(data)
    for kind, position, byte, piece in edits:
        at = position % (len(out) + 1)
        if kind == "truncate":
            del out[at:]
        elif kind == "flip" and at < len(out):
            out[at] ^= 1 << (byte % 8)
        elif kind == "set" and at < len(out):
            out[at] = _INTERESTING[byte % len(_INTERESTING)] if byte % 2 else byte
        elif kind == "insert":
            out[at:at] = piece
        elif kind == "delete":
            del out[at : at + 1 + byte]
        elif kind == "duplicate":
            out[at:at] = out[at : at + 1 + byte * 4]
        elif kind == "swap-in-piece":
            out[at : at + len(piece)] = piece
    return bytes(out)


def mutated(seeds: Sequence[bytes]) -> st.SearchStrategy[bytes]:
    """One of the seed files, damaged by a few edits."""
    return st.builds(mutate, st.sampled_from(list(seeds)), mutations())
