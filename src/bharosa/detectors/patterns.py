"""The pattern detector: every rule's RE2 pattern, a keyword prefilter, then validators.

A document is read by the engine in as few passes as the rules allow: an Aho-Corasick
pass finds which keyworded rules may apply, one RE2 Set pass finds which of those rules
match anywhere, and only matching rules run `finditer`. Guards on the characters around a
match and validators see only candidates. Full-width and non-ASCII digits are folded to
ASCII first, so `２３４１` and `२३४१` match what `2341` matches.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property, lru_cache
from typing import Any

import re2

from bharosa.detectors.confidence import ContextIndex, context_pattern
from bharosa.detectors.keywords import (
    build_keyword_automaton,
    build_keyword_pattern,
    latin1_view,
)
from bharosa.detectors.match import OFFSET_ORDER, Match
from bharosa.detectors.regex import (
    GUARD_BYTES,
    RawMatch,
    WidenedSet,
    all_spans,
    decided_by_last_bytes,
    followed_by,
    found_in,
    line_bound,
    raw_match,
    unguarded_spans,
)
from bharosa.detectors.unicode_fold import FoldedDocument, fold_document, needs_folding
from bharosa.detectors.validators import VALIDATORS
from bharosa.rules.model import Rule
from bharosa.sources.document import Document

# RE2's default 8 MiB is tight for a Set of many patterns over data files.
_MAX_MEM = 64 << 20
# Before-guard answers remembered per rule (by the bytes that decide them), at most.
_REMEMBERED_GUARDS = 4096
# How many trailing groups a `trim` rule may drop to find a valid value.
_TRIM_GROUPS = 3
# Values a `trim` rule remembers settling (see _settler), at most.
_REMEMBERED_SETTLED = 1 << 16
# Counted repeats up to this long stay as they are in the Set (see widen_repeats); longer
# ones are opened up. Widened so, the built-in rules' Set picks no more patterns than
# before on pytest's tree, and builds its DFA 3x faster.
_RULE_SET_REPEATS = 12


class PatternDetector:
    """Finds the values of pattern rules in documents; built once per run."""

    def __init__(
        self,
        rules: Sequence[Rule],
        validators: dict[str, Callable[[str], bool]] | None = None,
    ) -> None:
        self.rules = tuple(rule for rule in rules if rule.pattern is not None)
        validators = VALIDATORS if validators is None else validators
        options = re2.Options()
        options.max_mem = _MAX_MEM
        # A widened pattern RE2 refuses is set aside quietly (see WidenedSet).
        options.log_errors = False
        patterns = [re2.compile(rule.pattern, options) for rule in self.rules]
        self._set = WidenedSet(patterns, _RULE_SET_REPEATS, options) if patterns else None
        self._value_groups = [pattern.groupindex.get("value", 0) for pattern in patterns]
        self._validators = [
            validators[rule.validator] if rule.validator else None for rule in self.rules
        ]
        # A trim rule's values settled in one step each (valid, trimmed or refused).
        self._settlers = [
            _settler(validate) if rule.trim and validate is not None else None
            for rule, validate in zip(self.rules, self._validators, strict=True)
        ]
        self._before = [_guard(rule.reject_before) for rule in self.rules]
        self._after = [_guard(rule.reject_after) for rule in self.rules]
        # Before-guards decided by the last few bytes before a match: their answers are
        # remembered by those bytes (most matches of a column share them: `phone: `).
        self._before_bytes = [
            decided_by_last_bytes(rule.reject_before, GUARD_BYTES) if rule.reject_before else None
            for rule in self.rules
        ]
        self._before_answers: list[dict[bytes, bool]] = [{} for _ in self.rules]
        # Rules whose after-guard is answered by their own search (see followed_by).
        self._followed = [
            _followed(rule, group, options)
            for rule, group in zip(self.rules, self._value_groups, strict=True)
        ]
        # Rules searched only in the lines near their context words (see _lines_to_search).
        self._line_bound = [
            rule.requires_context and rule.pattern is not None and line_bound(rule.pattern)
            for rule in self.rules
        ]
        self._always = frozenset(i for i, rule in enumerate(self.rules) if not rule.keywords)
        self._needs_context = frozenset(
            i for i, rule in enumerate(self.rules) if rule.requires_context
        )
        self._keywords = build_keyword_automaton(self.rules)
        # Whether any keyword stands in a document at all: one RE2 pass, no lower-cased copy
        # for the automaton (most documents hold none of the few keyworded rules' words).
        self._any_keyword = build_keyword_pattern(self.rules)

    @cached_property
    def _context_words(self) -> Any:
        # Built on first use: only history scans ask could_match, not a hook's scan.
        words = {word for rule in self.rules if rule.requires_context for word in rule.context}
        return context_pattern(tuple(sorted(words))) if words else None

    def prepare(self) -> None:
        """Compile could_match's context words now, not on its first call."""
        _ = self._context_words

    def could_match(self, data: bytes, context_elsewhere: bool = False) -> bool:
        """Whether any rule's pattern matches anywhere in `data`, and for a rule that needs
        a context word, whether one stands in `data` too, unless `context_elsewhere` (a
        table's column name gives its cells their context).

        One pass of the Set that `find` runs too (so both share what RE2 builds as it
        reads), then the patterns it picks (the Set's are widened), then, only when just
        rules that need a context word match, one search for those words. False means
        `find` finds nothing; data with look-alike characters always could match.
        """
        if self._set is None:
            return False
        if not data.isascii() and needs_folding(data):
            return True
        matched = self._set.matching(data)
        if not matched:
            return False
        if context_elsewhere or not self._needs_context.issuperset(matched):
            return True
        words = self._context_words
        return words is not None and words.search(data) is not None

    def find(self, document: Document, context: ContextIndex | None = None) -> list[Match]:
        """Validated matches starting in the document's window, in offset order.

        Offsets and values are those of the original document, even when look-alike
        characters were folded to find them. `context` is the document's context index,
        when the caller has one to share.
        """
        if not document.data or self._set is None:
            return []
        folded = fold_document(document)
        target = folded.document if folded is not None else document
        candidates = self._candidates(target.data)
        if not candidates:
            return []
        matched = self._set.picks(target.data)
        matches: list[Match] = []
        if folded is not None or context is None:
            context = ContextIndex(target.data)
        for index in sorted(candidates.intersection(matched)):
            rule = self.rules[index]
            # A rule that needs a context word cannot match in a document without one.
            if rule.requires_context and not context.anywhere(rule.context):
                continue
            matcher = self._set.matchers[index]
            matches.extend(self._rule_matches(index, matcher, target, document, folded, context))
        matches.sort(key=OFFSET_ORDER)
        return matches

    def _candidates(self, data: bytes) -> frozenset[int]:
        if self._keywords is None or self._any_keyword.search(data) is None:
            return self._always
        found = set(self._always)
        pending = len(self.rules) - len(found)
        for _, indexes in self._keywords.iter(latin1_view(data)):
            before = len(found)
            found.update(indexes)
            pending -= len(found) - before
            if pending == 0:
                break
        return frozenset(found)

    def _rule_matches(
        self,
        index: int,
        matcher: RawMatch,
        target: Document,
        original: Document,
        folded: FoldedDocument | None,
        context: ContextIndex,
    ) -> list[Match]:
        rule = self.rules[index]
        group = self._value_groups[index]
        validate = self._validators[index]
        settle = self._settlers[index]
        before, after = self._before[index], self._after[index]
        data = target.data
        low, high = target.window_span
        followed = self._followed[index]
        # The after-guard to search, unless the rule's own search answers it.
        searched_after = None if followed is not None else after
        spans: list[tuple[int, int]] = []
        for lines in self._lines_to_search(index, context):
            if followed is not None:
                spans += unguarded_spans(followed[0], data, followed[1], lines)
            else:
                spans += all_spans(matcher, data, group, lines)
        out = []
        for start, end in spans:
            if start < 0 or not low <= start < high:
                continue
            if rule.requires_context and not context.near(rule.context, start, end):
                continue
            if before is not None and self._rejected_before(index, before, data, start):
                continue
            if searched_after is not None and found_in(
                searched_after, data[end : end + GUARD_BYTES]
            ):
                continue
            value = data[start:end].decode("utf-8", "replace")
            if settle is not None:
                settled = settle(value)
                if settled is None:
                    continue
                # Trimmed: shorter than the value (a valid value settles as itself).
                if len(settled) != len(value):
                    value, end = settled, start + len(settled.encode("utf-8"))
                    if after is not None and found_in(after, data[end : end + GUARD_BYTES]):
                        continue
            elif validate is not None and not validate(value):
                continue
            if folded is not None:
                start, end = folded.original_offset(start), folded.original_offset(end)
                value = original.data[start:end].decode("utf-8", "replace")
            out.append(Match(rule, start, end, rule.confidence, value))
        return out

    def _lines_to_search(
        self, index: int, context: ContextIndex
    ) -> list[tuple[int, int]] | list[None]:
        """Where to search for the rule's matches: for a rule that needs a context word and
        whose matches stay within a line, only the lines where a value can be near one
        (most of a data file's batch holds none, and its dates, say, need not be read);
        else the whole document ([None])."""
        if not self._line_bound[index]:
            return [None]
        lines = context.lines_near(self.rules[index].context)
        return [None] if lines is None else lines

    def _rejected_before(self, index: int, before: RawMatch, data: bytes, start: int) -> bool:
        """Whether the rule's before-guard matches before `start`."""
        deciding = self._before_bytes[index]
        if deciding is None:
            return found_in(before, data[max(0, start - GUARD_BYTES) : start])
        tail = data[max(0, start - deciding) : start]
        answers = self._before_answers[index]
        answer = answers.get(tail)
        if answer is None:
            if len(answers) >= _REMEMBERED_GUARDS:
                answers.clear()
            answer = answers[tail] = found_in(before, tail)
        return answer


def trim_until_valid(value: str, validate: Callable[[str], bool]) -> str | None:
    """`value` without trailing separated groups, as short as needed to validate, if any.

    A pattern cannot tell where a number ends in `+91 98765 43210 24 hours`; the validator
    can, so the trailing groups are dropped one by one.
    """
    for _ in range(_TRIM_GROUPS):
        cut = max(value.rfind(" "), value.rfind("-"), value.rfind("."))
        if cut <= 0:
            return None
        value = value[:cut].rstrip(" -.")
        if validate(value):
            return value
    return None


def _settler(validate: Callable[[str], bool]) -> Callable[[str], str | None]:
    """A trim rule's value as it settles: itself if valid, else trim_until_valid's answer.
    Each value is settled once: data files repeat values, and a value the validator refuses
    would be trimmed and validated again (amounts like `17293.27` are phone candidates)."""

    def settle(value: str) -> str | None:
        return value if validate(value) else trim_until_valid(value, validate)

    return lru_cache(maxsize=_REMEMBERED_SETTLED)(settle)


def _guard(pattern: str | None) -> RawMatch | None:
    return raw_match(re2.compile(pattern)) if pattern is not None else None


def _followed(rule: Rule, group: int, options: Any) -> tuple[RawMatch, int] | None:
    """The matcher of the rule's pattern followed by its after-guard, and the guard's group,
    when the guard can be answered so: it is anchored after the whole match (no value
    group) and followed_by allows it."""
    if group != 0 or rule.pattern is None or rule.reject_after is None:
        return None
    source = followed_by(rule.pattern, rule.reject_after, GUARD_BYTES)
    if source is None:
        return None
    try:
        compiled = re2.compile(source, options)
    except re2.error:
        return None
    return raw_match(compiled), compiled.groups
