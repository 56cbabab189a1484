"""Notices: what a run could not do fully (a skipped file, a truncated read), shown to users."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class NoticeLevel(str, Enum):
    """How loudly a notice is shown: `info` only on request, `warning` always."""

    INFO = "info"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Notice:
    """One thing the run wants the user to know about a path (or about the run, path None)."""

    level: NoticeLevel
    code: str
    message: str
    path: str | None = None

    def render(self) -> str:
        """The notice as one line for people."""
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.message}"
