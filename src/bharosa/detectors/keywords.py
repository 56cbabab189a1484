"""The keyword prefilter: one Aho-Corasick automaton over every rule's keywords."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bharosa.rules.model import Rule


def build_keyword_automaton(rules: Sequence[Rule]) -> Any:
    """An automaton mapping each keyword to the indexes of the rules it enables, or None.

    Documents are searched lower-cased and seen as Latin-1 (one character per byte), so
    hit offsets are byte offsets and non-ASCII keywords are stored in that form too.
    """
    keyed: dict[str, set[int]] = {}
    for index, rule in enumerate(rules):
        for keyword in rule.keywords:
            keyed.setdefault(keyword.encode("utf-8").decode("latin-1"), set()).add(index)
    if not keyed:
        return None
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for keyword, indexes in keyed.items():
        automaton.add_word(keyword, frozenset(indexes))
    automaton.make_automaton()
    return automaton


def build_keyword_pattern(rules: Sequence[Rule]) -> Any:
    """One RE2 pattern finding any rule's keyword anywhere, or None when no rule has one.

    It answers only whether a keyword stands in a document, an order of magnitude faster
    than lower-casing it for the automaton: bytes are read as Latin-1 and compared
    case-insensitively, so it finds whatever the automaton finds (and at most a few more
    non-ASCII letters in other cases).
    """
    keywords = sorted({keyword.encode("utf-8") for rule in rules for keyword in rule.keywords})
    return any_word_pattern(keywords) if keywords else None


def any_word_pattern(words: Sequence[bytes]) -> Any:
    """One RE2 pattern finding any of the words, ASCII letters in either case (and, read
    as Latin-1, a few more letters): one pass over a document, no lower-cased copy."""
    import re2

    return re2.compile(_alternatives(words), _word_options())


class WordLists:
    """Which of several lists of words have a word in a text, matched as any_word_pattern
    matches them, all in one pass (an RE2 Set)."""

    def __init__(self, lists: Sequence[Sequence[bytes]]) -> None:
        import re2

        self._set = re2.Set.SearchSet(_word_options())
        for words in lists:
            self._set.Add(_alternatives(words))
        self._set.Compile()

    def found(self, data: bytes) -> list[int]:
        """The positions of the lists with a word in `data`."""
        found: list[int] = self._set.Match(data) or []
        return found


def _word_options() -> Any:
    import re2

    options = re2.Options()
    options.encoding = re2.Options.Encoding.LATIN1
    options.case_sensitive = False
    options.never_capture = True
    return options


def _alternatives(words: Sequence[bytes]) -> bytes:
    import re2

    return b"|".join(re2.escape(word) for word in words)


def latin1_view(data: bytes) -> str:
    """The lower-cased bytes as a string the automaton can search, offsets unchanged."""
    return data.lower().decode("latin-1")
