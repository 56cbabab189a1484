"""The counts a run keeps for its summary line."""

from __future__ import annotations

from dataclasses import dataclass


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
