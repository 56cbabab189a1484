"""The counts a run keeps for its summary line."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(slots=True)
class ScanStats:
    """How much a run read, skipped and suppressed."""

    files: int = 0
    files_skipped: int = 0
    bytes_scanned: int = 0
    suppressed_inline: int = 0
    suppressed_by_config: int = 0
    suppressed_by_baseline: int = 0
    below_min_confidence: int = 0

    def add(self, other: ScanStats) -> None:
        """Add another part of the run's counts to these (a worker's, a blob's)."""
        for name in _COUNTERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def copy(self) -> ScanStats:
        """These counts as they are now (cheaper than dataclasses.replace, once per file)."""
        return ScanStats(*(getattr(self, name) for name in _COUNTERS))


# Looked up once: `fields()` on every call cost more than the additions (once per blob).
_COUNTERS = tuple(counter.name for counter in fields(ScanStats))
