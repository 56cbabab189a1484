"""Text in every Unicode encoding, with and without a byte order mark, and bytes that are
not valid in any: nothing stops a scan, and values are found where they stand."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tests.hostile.conftest import PRIYA, RAHUL, bharosa

ENCODINGS = [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", b""),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", b""),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", b""),
    ("utf-32-le", codecs.BOM_UTF32_LE),
    ("utf-32-be", b""),
    ("utf-32-be", codecs.BOM_UTF32_BE),
]


@pytest.mark.parametrize(
    ("encoding", "bom"), ENCODINGS, ids=[f"{e}{'-bom' if b else ''}" for e, b in ENCODINGS]
)
def test_every_unicode_encoding_is_read_with_or_without_a_bom(
    tree: Path, encoding: str, bom: bytes
) -> None:
    """A text file and a CSV file in UTF-8, UTF-16 or UTF-32, either byte order, with or
    without a byte order mark: each value is found on its line at its column (the text was
    transcoded, not guessed at), and the CSV's column is named."""
    text = f"Kavya Textiles, Kanchipuram\ncontact: {PRIYA} (accounts)\n"
    (tree / "contacts.txt").write_bytes(bom + text.encode(encoding))
    (tree / "export.csv").write_bytes(bom + f"id,email\n1,{RAHUL}\n".encode(encoding))
    outcome = bharosa("scan", str(tree), "--format", "json", cwd=tree)
    assert outcome.code == 1
    places = {(f["path"], f["line"], f["start_column"]) for f in outcome.report["findings"]}
    assert ("contacts.txt", 2, 10) in places
    assert ("export.csv", 2, 3) in places
    assert [c["field"] for c in outcome.report["columns"]] == ["email"]


def test_bytes_that_are_not_utf8_never_stop_a_scan(tree: Path) -> None:
    """Latin-1 text, stray continuation bytes, an overlong form, an encoded surrogate and a
    sequence cut off at the end of the file: the values on those lines are still found, at
    the right line and column, in text and in a CSV file."""
    broken = (
        b"caf\xe9 au lait\n"
        b"\xff\xfe\xfd " + PRIYA.encode() + b" \x80\xbf\n"
        b"\xc0\xaf overlong, \xed\xa0\x80 surrogate\n"
        b"cut off \xe0\xa4"
    )
    (tree / "notes.txt").write_bytes(broken)
    (tree / "export.csv").write_bytes(b"name,email\nJos\xe9,\xff" + RAHUL.encode() + b"\n")
    outcome = bharosa("scan", str(tree), "--format", "json", cwd=tree)
    assert outcome.code == 1
    places = {(f["path"], f["line"], f["start_column"]) for f in outcome.report["findings"]}
    assert ("notes.txt", 2, 5) in places
    assert ("export.csv", 2, 7) in places
