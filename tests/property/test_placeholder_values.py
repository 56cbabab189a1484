"""is_placeholder_value answers as one search of every placeholder shape would: it only
tries the whole-value shapes at the start and looks for a mask's run before the mask."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from bharosa.detectors.fields import PLACEHOLDER_WORDS, is_placeholder_value
from tests.property.conftest import budget

# Every shape in one search, as the check was written before: the reference answer.
_ONE_SEARCH = re.compile(
    r"[*]{3,}|[xX#]{4,}|•{3,}"
    r"|^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64}|[0-9a-fA-F]{128}"
    r"|\$2[abxy]?\$\d\d\$.{53}|\$argon2(?:id|i|d)\$.+|pbkdf2_[a-z0-9]+\$.+|\$[156]\$.+)$"
    r"|(?i:^(?:\{\{.*\}\}|\$\{.*\}|\$[a-z_][a-z0-9_]*|<[^<>]{1,40}>|%\(?[a-z_]+\)?s|\{[a-z_]+\})$)"
    r"|(?i:(?:\.\.\.|…)$|^your[_-][a-z0-9_-]*[_-]here$)"
)
_PIECES = st.sampled_from(
    [
        "*", "**", "x", "X", "#", "•", "xX", ".", "...", "…", "$", "{", "}", "{{", "}}", "<",
        ">", "%", "(", ")", "s", "_", "-", "your", "YOUR_", "_here", "HERE", "$2b$", "12",
        "$argon2id$", "pbkdf2_sha1$", "$6$", "a", "f", "0" * 16, "ab" * 8, "Priya", " ", "\n",
        "\t", "é", "N/A", "none",
    ]
)  # fmt: skip


def _reference(value: str) -> bool:
    text = value.strip()
    return text.casefold() in PLACEHOLDER_WORDS or _ONE_SEARCH.search(text) is not None


@budget(ci=3000, deep=100_000)
@given(st.lists(_PIECES, max_size=12).map("".join))
@example("$2b$12$" + "a" * 53)
@example("xX#x")
@example("Priya...\n")
@example("{first_name} and more")
@example("7" * 64)
def test_same_answer_as_one_search_of_every_shape(value: str) -> None:
    assert is_placeholder_value(value) == _reference(value)


@budget(ci=1000, deep=20_000)
@given(st.text(max_size=40))
def test_same_answer_on_any_text(value: str) -> None:
    assert is_placeholder_value(value) == _reference(value)
