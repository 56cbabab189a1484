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


class KeywordSet:
    """Which rules have a keyword in a document: one RE2 Set pass over its bytes.

    An order of magnitude faster than lower-casing a document for the automaton, for
    callers that need only the rules, not where their keywords stand: bytes are read as
    Latin-1 and compared case-insensitively, so it finds the rules the automaton finds (and
    at most a few more, for non-ASCII letters in other cases).
    """

    def __init__(self, rules: Sequence[Rule]) -> None:
        import re2

        options = re2.Options()
        options.encoding = re2.Options.Encoding.LATIN1
        options.case_sensitive = False
        options.never_capture = True
        self._rule_of: list[int] = []
        self._set: Any = None
        keyed = [(index, rule.keywords) for index, rule in enumerate(rules) if rule.keywords]
        if not keyed:
            return
        self._set = re2.Set.SearchSet(options)
        for index, keywords in keyed:
            self._set.Add(b"|".join(re2.escape(keyword.encode("utf-8")) for keyword in keywords))
            self._rule_of.append(index)
        self._set.Compile()

    def rules_in(self, data: bytes) -> list[int]:
        """The indexes of the rules with a keyword in `data`."""
        if self._set is None:
            return []
        return [self._rule_of[position] for position in self._set.Match(data) or ()]


def latin1_view(data: bytes) -> str:
    """The lower-cased bytes as a string the automaton can search, offsets unchanged."""
    return data.lower().decode("latin-1")
