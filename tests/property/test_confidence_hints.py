"""The example-data and authorship hints give the same reasons whether or not a document
is first looked over for the words they need (a document without them skips the search)."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

from hypothesis import example, given
from hypothesis import strategies as st

from bharosa.config import Config
from bharosa.detectors import confidence
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
    searched_everywhere = mock.patch.object(confidence, "_found", lambda pattern, data: True)
    with searched_everywhere:
        expected = _reasons(text)
    assert _reasons(text) == expected
