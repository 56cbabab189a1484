"""The pattern detector: every rule's RE2 pattern, a keyword prefilter, then validators.

A document is read by the engine in as few passes as the rules allow: an Aho-Corasick
pass finds which keyworded rules may apply, one RE2 Set pass finds which of those rules
match anywhere, and only matching rules run `finditer`. Validators see only candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import re2

from bharosa.detectors.match import Match
from bharosa.detectors.validators import VALIDATORS
from bharosa.rules.model import Rule
from bharosa.sources.document import Document

# RE2's default 8 MiB is tight for a Set of many patterns over data files.
_MAX_MEM = 64 << 20


class PatternDetector:
    """Finds the values of pattern rules in documents; built once per run."""

    def __init__(
        self,
        rules: Sequence[Rule],
        validators: dict[str, Callable[[str], bool]] | None = None,
    ) -> None:
        self.rules = tuple(rules)
        validators = VALIDATORS if validators is None else validators
        options = re2.Options()
        options.max_mem = _MAX_MEM
        self._patterns = [re2.compile(rule.pattern, options) for rule in self.rules]
        self._value_groups = [pattern.groupindex.get("value", 0) for pattern in self._patterns]
        self._validators = [
            validators[rule.validator] if rule.validator else None for rule in self.rules
        ]
        self._always = frozenset(i for i, rule in enumerate(self.rules) if not rule.keywords)
        self._keywords = _keyword_automaton(self.rules)
        self._set = _pattern_set(self.rules, options)

    def find(self, document: Document) -> list[Match]:
        """The validated matches whose start lies in the document's window, in offset order."""
        data = document.data
        if not data or self._set is None:
            return []
        candidates = self._candidates(data)
        if not candidates:
            return []
        matched = self._set.Match(data) or ()
        matches: list[Match] = []
        for index in sorted(candidates.intersection(matched)):
            matches.extend(self._rule_matches(index, document))
        matches.sort(key=lambda m: (m.start, m.end, m.rule.id))
        return matches

    def _candidates(self, data: bytes) -> frozenset[int]:
        if self._keywords is None:
            return self._always
        found = set(self._always)
        pending = len(self.rules) - len(found)
        # Latin-1 maps each byte to one character, so keyword offsets are byte offsets.
        for _, indexes in self._keywords.iter(data.lower().decode("latin-1")):
            before = len(found)
            found.update(indexes)
            pending -= len(found) - before
            if pending == 0:
                break
        return frozenset(found)

    def _rule_matches(self, index: int, document: Document) -> list[Match]:
        rule = self.rules[index]
        group = self._value_groups[index]
        validate = self._validators[index]
        low, high = document.window_span
        out = []
        for found in self._patterns[index].finditer(document.data):
            start, end = found.span(group)
            if start < 0 or not low <= start < high:
                continue
            value = document.data[start:end].decode("utf-8", "replace")
            if validate is not None and not validate(value):
                continue
            out.append(Match(rule, start, end, rule.confidence, value))
        return out


def _pattern_set(rules: Sequence[Rule], options: Any) -> Any:
    if not rules:
        return None
    pattern_set = re2.Set.SearchSet(options)
    for rule in rules:
        pattern_set.Add(rule.pattern)
    pattern_set.Compile()
    return pattern_set


def _keyword_automaton(rules: Sequence[Rule]) -> Any:
    keyed: dict[str, set[int]] = {}
    for index, rule in enumerate(rules):
        for keyword in rule.keywords:
            # Keywords are matched on bytes seen as Latin-1, so encode non-ASCII ones that way.
            keyed.setdefault(keyword.encode("utf-8").decode("latin-1"), set()).add(index)
    if not keyed:
        return None
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for keyword, indexes in keyed.items():
        automaton.add_word(keyword, frozenset(indexes))
    automaton.make_automaton()
    return automaton
