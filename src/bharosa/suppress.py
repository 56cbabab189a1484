"""Suppressions: inline `bharosa:allow` comments and the config's allowlists."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase

from bharosa.config import Config
from bharosa.detectors.emails import split_email
from bharosa.sources.document import Document

ALLOW_MARKER = b"bharosa:allow"
# `bharosa:allow`, optionally followed by rule ids (`pii.email`, `pii.*`), then any reason.
# A rule id always holds a dot, which tells it from the words of a reason.
_DIRECTIVE = re.compile(rb"bharosa:allow((?:[ \t,]+[a-z0-9*]+(?:\.[a-z0-9*_-]+)+)*)")
_RULE_TOKEN = re.compile(r"[a-z0-9*]+(?:\.[a-z0-9*_-]+)+")
# What may stand before a directive on a line of its own: blanks and comment openers.
_COMMENT_LEADERS = b" \t#/*<!-;%'\"{}"


@dataclass(frozen=True, slots=True)
class AllowDirective:
    """An inline allow on one line: for every rule (`rules` empty) or the named ones.

    A directive that stands alone on its line (only a comment) also covers the next line.
    """

    line: int
    rules: tuple[str, ...]
    covers_next_line: bool = False

    def allows(self, rule_id: str) -> bool:
        """Whether this directive covers `rule_id` (names may use `*` globs)."""
        return not self.rules or any(fnmatchcase(rule_id, name) for name in self.rules)


def parse_allow_directives(document: Document) -> dict[int, AllowDirective]:
    """The inline allow directives of a document, by line number."""
    data = document.data
    if ALLOW_MARKER not in data:
        return {}
    directives: dict[int, AllowDirective] = {}
    line, offset = document.first_line, 0
    for found in _DIRECTIVE.finditer(data):
        line += data.count(b"\n", offset, found.start())
        offset = found.start()
        names = _RULE_TOKEN.findall(found.group(1).decode("ascii", "replace"))
        line_start = data.rfind(b"\n", 0, found.start()) + 1
        alone = not data[line_start : found.start()].strip(_COMMENT_LEADERS)
        directives[line] = AllowDirective(line, tuple(names), alone)
    return directives


def allowed_inline(line: int, rule_id: str, directives: dict[int, AllowDirective]) -> bool:
    """A directive on a value's line, or alone on the line above, covers its rule."""
    same = directives.get(line)
    above = directives.get(line - 1)
    return (same is not None and same.allows(rule_id)) or (
        above is not None and above.covers_next_line and above.allows(rule_id)
    )


class Allowlist:
    """The config's allowlists, applied to findings after detection."""

    def __init__(self, config: Config) -> None:
        self._domains = tuple(config.allow_domains)

    def allows(self, kind: str, value: str) -> bool:
        """Whether a value of a kind is allowed by the config (an email at the user's own
        domain, say)."""
        if kind == "email" and self._domains:
            _, domain = split_email(value)
            return _domain_listed(domain, self._domains)
        return False


def _domain_listed(domain: str, listed: Iterable[str]) -> bool:
    return any(domain == entry or domain.endswith("." + entry) for entry in listed)
