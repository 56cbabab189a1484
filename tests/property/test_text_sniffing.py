"""A history scan tells a new version's text from binary by the bytes it changed: the
answer is always the one a full look at its first bytes gives."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from bharosa import git_scan
from bharosa.config import Config
from bharosa.rules.loading import load_rules
from bharosa.scanner import Scanner
from bharosa.sources.decoding import SNIFF_BYTES, binary_bytes, sniff_encoding
from bharosa.sources.novel_lines import python_changed_region
from tests.property.conftest import budget

SCANNER = Scanner(Config(root=Path()), load_rules())
# Text, bytes that text lacks (NUL, other controls), and byte order marks.
_PIECES = [b"line of text\n", b"\t", b"\0", b"\x01\x02\x03", b"\xef\xbb\xbf", b"\xff\xfe", b"x"]


@st.composite
def _versions(draw: st.DrawFn) -> tuple[bytes, bytes]:
    # A long first stretch (so that some changes start beyond the bytes that decide),
    # then pieces; the new version replaces some stretch of the old one.
    head = b"h" * draw(st.sampled_from([0, 3, SNIFF_BYTES - 20, SNIFF_BYTES + 5]))
    old = head + b"".join(draw(st.lists(st.sampled_from(_PIECES), max_size=40)))
    start = draw(st.integers(0, len(old)))
    end = draw(st.integers(start, len(old)))
    middle = b"".join(draw(st.lists(st.sampled_from(_PIECES), max_size=20)))
    return old, old[:start] + middle + old[end:]


@budget(ci=1_500, deep=50_000)
@given(versions=_versions())
@example(versions=(b"clean text\n" * 1000, b"clean text\n" * 1000 + b"\0"))
@example(versions=(b"t\n" + b"\x01" * 9000, b"t\n" + b"\x01" * 9000 + b"x"))
def test_a_new_versions_text_sniffing_equals_a_full_look(versions: tuple[bytes, bytes]) -> None:
    old_data, new = versions
    old, _ = git_scan._scan_whole("notes.txt", old_data, SCANNER)
    region = python_changed_region(old_data, new)
    if region is None:
        return  # bytes only removed: the version keeps what the old one was
    version = git_scan._version_after(old, new, region, b"")
    sample = new[:SNIFF_BYTES]
    assert version.is_text == (sniff_encoding(sample) is not None)
    assert version.clean == (binary_bytes(sample) == 0)
