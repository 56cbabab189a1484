"""Compiling user-written RE2 patterns (rule packs, dictionary shapes, `--pattern`) quietly:
a bad pattern is one readable error, not RE2's own log lines on stderr."""

from __future__ import annotations

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
