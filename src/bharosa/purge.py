"""The purge plan: a `git filter-repo --replace-text` file that swaps each found value for its mask.

It is the one file bharosa writes with raw values in it, so it is created owner-only
(0600) and the CLI warns loudly. One expression per distinct value, longest first, so
a value that contains another is replaced whole.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from bharosa.errors import BharosaError
from bharosa.findings import Finding

# Lines filter-repo would read as a directive rather than a literal.
_PREFIXES = ("regex:", "glob:", "literal:", "#")
_SEPARATOR = "==>"


def replace_text_lines(findings: Iterable[Finding]) -> list[str]:
    """One `expression==>replacement` line per distinct raw value."""
    masks: dict[str, str] = {}
    for finding in findings:
        value = finding.reveal()
        if value.strip():
            masks.setdefault(value, finding.masked)
    ordered = sorted(masks, key=lambda v: (-len(v), v))
    return [f"{_expression(value)}{_SEPARATOR}{masks[value]}" for value in ordered]


def _expression(value: str) -> str:
    """The value as filter-repo reads it: literally where it can, else as an escaped regex."""
    plain = (
        "\n" not in value
        and "\r" not in value
        and _SEPARATOR not in value
        and not value.startswith(_PREFIXES)
        and value == value.strip()
    )
    if plain:
        return value
    escaped = "".join(
        "\\n" if ch == "\n" else "\\r" if ch == "\r" else re.escape(ch) for ch in value
    )
    return f"regex:{escaped}"


def write_purge_plan(path: Path, findings: Iterable[Finding]) -> int:
    """Write the plan owner-only (0600, whatever the umask) and return how many values it holds."""
    lines = replace_text_lines(findings)
    data = "".join(f"{line}\n" for line in lines).encode("utf-8", "surrogateescape")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        raise BharosaError(f"{path}: cannot write the purge plan ({exc.strerror})") from None
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise BharosaError(f"{path}: cannot write the purge plan ({exc.strerror})") from None
    return len(lines)
