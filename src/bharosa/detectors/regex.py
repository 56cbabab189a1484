"""RE2 patterns: compiling user-written ones (rule packs, dictionary shapes, `--pattern`)
quietly, so that a bad pattern is one readable error, not RE2's own log lines on stderr;
and running compiled ones over bytes in hot loops without the Python wrapper's per-match
objects."""

from __future__ import annotations

import importlib
import re
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import re2


class PatternError(ValueError):
    """A pattern RE2 refuses; the message is RE2's reason, as text."""


def compile_re2(pattern: str) -> Any:
    """The compiled pattern, or PatternError with RE2's reason."""
    options = re2.Options()
    # RE2 would also log the error to stderr itself.
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise PatternError(str(reason)) from None


# The C++ matcher behind a compiled pattern: (anchor, data, pos, endpos) -> the spans of the
# whole match and of each group, (-1, -1) for none.
RawMatch = Callable[[Any, bytes, int, int], list[tuple[int, int]]]
# The binding's own names for what it wraps (None if a release moves them).
_ANCHOR = getattr(getattr(getattr(re2, "_re2", None), "RE2", None), "Anchor", None)
_UNANCHORED = getattr(_ANCHOR, "UNANCHORED", None)


def raw_match(pattern: Any) -> RawMatch:
    """The C++ matcher of a compiled pattern. The Python wrapper's `finditer` and `search`
    add a generator step and a Match object to every call, most of what a short match
    costs; the detectors' hot loops call the matcher itself (or, should a google-re2
    release hide it, the same answers through the wrapper's `search`)."""
    match: RawMatch | None = getattr(getattr(pattern, "_regexp", None), "Match", None)
    return match if match is not None and _UNANCHORED is not None else _searching(pattern)


def _searching(pattern: Any) -> RawMatch:
    """What raw_match answers for unanchored searches, through the public API."""
    groups = pattern.groups

    def match(anchor: Any, data: bytes, pos: int, endpos: int) -> list[tuple[int, int]]:
        found = pattern.search(data, pos, endpos)
        if found is None:
            return [(-1, -1)] * (groups + 1)
        return [found.span(group) for group in range(groups + 1)]

    return match


# How many bytes around a match a rule's reject_before / reject_after guards look at. A
# range of lines (see all_spans) is searched this far past its end, so that an after-guard
# answered by the rule's own search (followed_by) reads what it reads in the whole text.
GUARD_BYTES = 80


def all_spans(
    match: RawMatch, data: bytes, group: int = 0, lines: tuple[int, int] | None = None
) -> list[tuple[int, int]]:
    """The [start, end) of `group` in each match `finditer` would give, left to right
    ((-1, -1) where the group took no part).

    With `lines`, a range of whole lines, only the matches starting in it, for a pattern
    that is line_bound: those `finditer` gives there, found without reading the rest.
    """
    spans: list[tuple[int, int]] = []
    pos, end, last = _search_range(data, lines)
    while True:
        found = match(_UNANCHORED, data, pos, end)
        whole_start, whole_end = found[0]
        if whole_end < 0 or whole_start >= last:
            return spans
        spans.append(found[group])
        if pos == end:
            return spans
        # An empty match where the search began: step past it, as `finditer` does.
        pos = whole_end if whole_end != pos else pos + 1


def _search_range(data: bytes, lines: tuple[int, int] | None) -> tuple[int, int, int]:
    """Where a search of `lines` (None: all the data) starts, where RE2 may read to, and
    where matches stop being taken (past the data's end: an empty match may stand there)."""
    if lines is None:
        return 0, len(data), len(data) + 1
    return lines[0], min(len(data), lines[1] + GUARD_BYTES), lines[1]


def found_in(match: RawMatch, data: bytes) -> bool:
    """Whether the pattern matches anywhere in `data` (as `search(data) is not None`)."""
    return match(_UNANCHORED, data, 0, len(data))[0][1] >= 0


# `{n}`, `{n,}` or `{n,m}` after an atom.
_REPEAT = re.compile(r"\{(\d+)(?:(,)(\d*))?\}")
# What a pattern holds that is not an atom's repeat, though it may contain braces, digits
# or brackets: quoted text, `\x{...}` / `\p{...}` escapes, other escapes, and (in a class)
# a POSIX class name.
_QUOTED = re.compile(r"\\Q.*?(?:\\E|$)", re.DOTALL)
_BRACED_ESCAPE = re.compile(r"\\[xpP]\{[^}]*\}?")
_POSIX_CLASS = re.compile(r"\[:\^?[a-z]+:\]")


def widen_repeats(pattern: str, at_most: int) -> str:
    """A pattern matching wherever `pattern` matches (and maybe more), its counted repeats
    longer than `at_most` opened up: `{0,63}` becomes `{0,}`, `{32}` becomes `{at_most,}`.

    A Set's DFA tells apart every count a repeat may have reached, for every pattern at
    once: RE2 builds thousands of states for the first megabytes it reads (the built-in
    rules' Set read 7 MB of code at 180 MB/s cold and 500 MB/s warm, every process anew).
    A Set of widened patterns only picks which patterns to run; the patterns themselves
    decide. Widening is sound because a regex is monotone in each repeat's range.
    """
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        skip = (
            _QUOTED.match(pattern, index)
            or _BRACED_ESCAPE.match(pattern, index)
            or (_POSIX_CLASS.match(pattern, index) if in_class else None)
        )
        if skip is not None:
            out.append(skip.group())
            index = skip.end()
            continue
        if char == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # `]` first in a class (after any `^`) is a member, not its end.
            close = index + 1 + (pattern[index + 1 : index + 2] == "^")
            if pattern[close : close + 1] == "]":
                out.append(pattern[index : close + 1])
                index = close + 1
                continue
        elif char == "{" and (found := _REPEAT.match(pattern, index)):
            low = int(found.group(1))
            high = int(found.group(3)) if found.group(3) else None if found.group(2) else low
            if high is None or high > at_most:
                out.append(f"{{{min(low, at_most)},}}")
                index = found.end()
                continue
        out.append(char)
        index += 1
    return "".join(out)


class WidenedSet:
    """Compiled patterns and one RE2 Set of their widened forms (widen_repeats): a pass of
    the Set picks the patterns that may match, and the patterns decide."""

    def __init__(self, patterns: Sequence[Any], at_most: int, options: Any) -> None:
        self.matchers = [raw_match(pattern) for pattern in patterns]
        self._set = re2.Set.SearchSet(options)
        for pattern in patterns:
            try:
                self._set.Add(widen_repeats(pattern.pattern, at_most))
            except re2.error:
                # A widened form RE2 refuses: the pattern goes in as it is.
                self._set.Add(pattern.pattern)
        self._set.Compile()

    def picks(self, data: bytes) -> list[int]:
        """The patterns that may match in `data` (a superset), by position."""
        picked: list[int] = self._set.Match(data) or []
        return picked

    def matching(self, data: bytes) -> list[int]:
        """The patterns that match in `data`, by position."""
        return [i for i in self.picks(data) if found_in(self.matchers[i], data)]


def followed_by(pattern: str, guard: str, window: int) -> str | None:
    """`pattern` followed by an optional last group that matches where `guard` does right
    after it, or None if that group could answer otherwise than `guard` searched in the
    `window` bytes after the match (see unguarded_spans).

    A guard is searched in a window sliced from the data; as a group it sees the data
    itself. They agree when the guard is anchored at its start (`^`), has no other anchor
    that looks at what surrounds it (`\\b`, `\\B`, `^`, `\\A`) and matches at most `window`
    bytes (so that `$` can only be the data's end in both). Such a guard costs nothing
    more than the pattern's own search: no second search per match.
    """
    if not guard.startswith("^"):
        return None
    body = guard[1:]
    if _longest_plain_match(body, window) is None:
        return None
    return f"(?:{pattern})((?:{body}))?"


def decided_by_last_bytes(guard: str, window: int) -> int | None:
    """How many bytes at the end of a window decide whether `guard` matches somewhere in
    it, when that is fewer than the `window` bytes searched; None when all of them may.

    A guard anchored at its end (`X$`), with no anchor that looks before its match (`\\b`,
    `\\B`, `^`, `\\A`), matches a window exactly when it matches the window's last bytes,
    as many as its longest match has. Its answers can then be remembered by those bytes.
    """
    longest = _longest_plain_match(guard, window, anchored_at_end=True)
    return longest if longest is not None and longest < window else None


def _longest_plain_match(pattern: str, window: int, anchored_at_end: bool = False) -> int | None:
    """The most bytes `pattern` can match, if at most `window`, it has no anchor but the
    text's end (nor a lookaround, nor multi-line mode) and, when asked, it ends with one;
    else None. Python's own parser reads it; a syntax it does not read (RE2's own) is None.
    """
    parser = _regex_parser()
    parsed = _parsed(pattern, parser)
    if parsed is None:
        return None
    ends = {parser.AT_END, parser.AT_END_STRING}
    if anchored_at_end and (not len(parsed) or parsed[-1] not in [(parser.AT, e) for e in ends]):
        return None
    if _looks_around(parsed, parser, ends):
        return None
    longest = int(parsed.getwidth()[1]) * 4  # a character is at most 4 bytes of UTF-8
    return longest if longest <= window else None


def _parsed(pattern: str, parser: Any) -> Any:
    """The pattern as Python's parser reads it, or None where it may read it otherwise than
    RE2: syntax it refuses (RE2's own escapes), or a POSIX class (`[[:space:]]`, which it
    takes for a set of the class name's letters)."""
    if _POSIX_CLASS.search(pattern):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return parser.parse(pattern)
        except Exception:  # RE2's own syntax: no analysis
            return None


def _regex_parser() -> Any:
    """The standard library's regular-expression parser, which tells a pattern's anchors
    and longest match (re._parser; sre_parse before Python 3.11)."""
    try:
        return importlib.import_module("re._parser")
    except ImportError:
        return importlib.import_module("sre_parse")


def _looks_around(parsed: Any, parser: Any, ends: set[Any]) -> bool:
    """Whether a parsed pattern has an anchor other than `ends`, a lookaround, or multi-line
    mode (where `$` is also the end of any line)."""
    if parsed.state.flags & re.MULTILINE:
        return True
    stack = [parsed]
    while stack:
        for op, arg in stack.pop():
            if (op == parser.AT and arg not in ends) or op in (parser.ASSERT, parser.ASSERT_NOT):
                return True
            if op == parser.SUBPATTERN and arg[1] & re.MULTILINE:
                return True
            for item in arg if isinstance(arg, (tuple, list)) else ():
                if isinstance(item, parser.SubPattern):
                    stack.append(item)
                elif isinstance(item, list):
                    stack.extend(sub for sub in item if isinstance(sub, parser.SubPattern))
    return False


def line_bound(pattern: str) -> bool:
    """Whether every match of `pattern` is non-empty and holds no line break, as Python's
    regular-expression parser reads it (a syntax it does not read is not bound).

    The matches a search finds in a line are then those a search from the line's start
    finds: no match ends past its line, and none begins at a line break.
    """
    parser = _regex_parser()
    parsed = _parsed(pattern, parser)
    if parsed is None or parsed.getwidth()[0] == 0:
        return False
    return not _may_match_newline(parsed, parser, bool(parsed.state.flags & re.DOTALL))


# Character classes that hold a line break, as the parser names them.
_NEWLINE_CATEGORIES = ("CATEGORY_SPACE", "CATEGORY_NOT_DIGIT", "CATEGORY_NOT_WORD")


def _may_match_newline(items: Any, parser: Any, dotall: bool) -> bool:
    """Whether any item of a parsed pattern may match a line break (`\n`)."""
    for op, arg in items:
        if op == parser.LITERAL:
            found = arg == 10
        elif op == parser.NOT_LITERAL:
            found = arg != 10
        elif op == parser.ANY:
            found = dotall
        elif op == parser.IN:
            found = _class_holds_newline(arg, parser)
        elif op == parser.SUBPATTERN:
            _, add, remove, body = arg
            scoped = (dotall or bool(add & re.DOTALL)) and not remove & re.DOTALL
            found = _may_match_newline(body, parser, scoped)
        elif op == parser.BRANCH:
            found = any(_may_match_newline(branch, parser, dotall) for branch in arg[1])
        elif op in (parser.MAX_REPEAT, parser.MIN_REPEAT, parser.POSSESSIVE_REPEAT):
            found = arg[1] > 0 and _may_match_newline(arg[2], parser, dotall)
        elif op == parser.AT:
            found = False
        else:
            # Back references, lookarounds, conditionals and anything newer: not analysed.
            found = True
        if found:
            return True
    return False


def _class_holds_newline(members: Any, parser: Any) -> bool:
    negated = bool(members) and members[0][0] == parser.NEGATE
    holds = False
    for op, arg in members[1:] if negated else members:
        if op == parser.LITERAL:
            holds = holds or arg == 10
        elif op == parser.RANGE:
            holds = holds or arg[0] <= 10 <= arg[1]
        elif op == parser.CATEGORY:
            holds = holds or str(arg) in _NEWLINE_CATEGORIES
        else:
            return True
    return holds != negated


def unguarded_spans(
    match: RawMatch, data: bytes, tail: int, lines: tuple[int, int] | None = None
) -> list[tuple[int, int]]:
    """For a pattern made by followed_by (its guard group `tail`): of the spans all_spans
    gives for the pattern alone (with `lines`, as all_spans takes them), those the guard
    did not match right after. The search goes on from the end of the pattern's match,
    not of the guard's (the loop is all_spans' with that resume point, spelled out: it runs
    once a candidate)."""
    spans: list[tuple[int, int]] = []
    pos, end, last = _search_range(data, lines)
    while True:
        found = match(_UNANCHORED, data, pos, end)
        start, whole_end = found[0]
        if whole_end < 0 or start >= last:
            return spans
        tail_start = found[tail][0]
        if tail_start < 0:
            stop = whole_end
            spans.append((start, stop))
        else:
            stop = tail_start
        if pos == end:
            return spans
        pos = stop if stop != pos else pos + 1
