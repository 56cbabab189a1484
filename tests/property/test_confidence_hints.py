"""The example-data and authorship hints give the same reasons whether or not a document
is first looked over for the words they need (a document without them skips the search)."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

from hypothesis import example, given
from hypothesis import strategies as st

from bharosa.config import Config
from bharosa.detectors import confidence
from bharosa.detectors.keywords import WordLists, any_word_pattern
from bharosa.pipeline import Scanner
from bharosa.rules.loading import load_rules
from bharosa.sources.document import Document
from tests.property.conftest import budget

SCANNER = Scanner(Config(root=Path()), load_rules())
_PIECES = st.sampled_from(
    [
        "anu@kavyatextiles.in", "+91 98201 37645", " ", "\n", ", ", "Example.COM", "example.org",
        "examples", "user.Test", ".testing", ".invalid", ".LOCALHOST", "(C)", "(c", "©",
        "Copyright", "AUTHORS", "author:", "maintainer", "coauthor", "x" * 70, "é",
    ]
)  # fmt: skip


def _reasons(text: str) -> list[tuple[str, int, tuple[str, ...]]]:
    matches = SCANNER.detect(Document("notes/customers.txt", text.encode()), [])
    return [(m.rule.id, m.start, m.reasons) for m in matches]


@budget(ci=400, deep=20_000)
@given(st.lists(_PIECES, max_size=24).map("".join))
@example("Copyright 2024 anu@kavyatextiles.in")
@example("anu@kavyatextiles.in\n" + "x" * 200 + " example.com")
def test_hints_match_a_search_of_every_line(text: str) -> None:
    every_list = mock.Mock(found=lambda data: [0, 1])
    with mock.patch.object(confidence, "_hint_words", lambda: every_list):
        expected = _reasons(text)
    assert _reasons(text) == expected


@budget(ci=400, deep=20_000)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_word_lists_find_what_each_list_s_pattern_finds(text: str) -> None:
    data = text.encode()
    lists = (confidence._RESERVED_WORDS, confidence._AUTHORSHIP_WORDS)
    expected = [i for i, words in enumerate(lists) if any_word_pattern(words).search(data)]
    assert sorted(WordLists(lists).found(data)) == expected
