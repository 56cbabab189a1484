"""Reporters: findings in, text or bytes out. They never detect or filter anything."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bharosa.findings import ColumnSummary
from bharosa.notices import Notice
from bharosa.rules.model import Rule, Severity
from bharosa.spill import Spilled
from bharosa.stats import ScanStats


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What a reporter needs besides the findings."""

    version: str
    stats: ScanStats
    notices: tuple[Notice, ...] = ()
    columns: tuple[ColumnSummary, ...] = ()
    show_values: bool = False
    color: bool = False
    verbose: bool = False
    root: str = "."
    extra: dict[str, str] = field(default_factory=dict)
    # History scans: how many commits were walked (None for a files scan).
    commits: int | None = None
    # Where a purge plan was written, so the report can say what to do next.
    purge_plan: str | None = None
    # The rules the run used, for SARIF's rule list (rules made at scan time, such as
    # dictionaries', may be missing: SARIF describes those from their findings).
    rules: tuple[Rule, ...] = ()
    # SARIF's automationDetails.id, `category/` (None: bharosa/scan/ or bharosa/history/).
    category: str | None = None
    # Findings of data files past the in-memory listing, on disk: the JSON report lists them.
    spilled: tuple[Spilled, ...] = ()
    # Why the run stopped early (a run cap, Ctrl-C); None when every file was scanned.
    partial: str | None = None
    # How many findings of data files' columns the run did not hold (it counted or spilled
    # them), by severity (see Scanner.hold_column_values): summaries count them too.
    unheld: Mapping[Severity, int] = field(default_factory=dict)
