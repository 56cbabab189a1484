"""The command line: parse, call the pipeline, pick the exit code. Nothing else knows terminals."""

from __future__ import annotations

import contextlib
import gc
import io
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import click

from bharosa import __version__
from bharosa.config import Config, load_config
from bharosa.errors import BharosaError, UsageError
from bharosa.limits import INTERRUPTED, RunLimits
from bharosa.rules.model import Confidence, Rule, Severity

if TYPE_CHECKING:
    from bharosa.baseline import AuditItem, Baseline, Result
    from bharosa.findings import Finding
    from bharosa.pipeline import ScanResult
    from bharosa.report import RunInfo

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
# A run cap (--max-time, --max-scan-mb) stopped the scan: the report is partial.
EXIT_PARTIAL = 4
# Ctrl-C, as shells report SIGINT; during a scan, after a partial report.
EXIT_INTERRUPTED = 130
_SEVERITIES = [s.value for s in Severity]
_CONFIDENCES = [c.value for c in Confidence]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="bharosa", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def cli(debug: bool) -> None:
    """bharosa finds customer data (emails, phone numbers, national IDs, cards, secrets)
    committed to a repository, and keeps it from being committed."""


_config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Config file (default: .bharosa.toml or pyproject.toml [tool.bharosa] in the scan root).",
)
_rules_option = click.option(
    "--rules",
    "rule_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Extra directory of rule packs (repeatable).",
)
_no_progress_option = click.option("--no-progress", is_flag=True, help="Never show a progress bar.")
_baseline_option = click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Report only findings not in this baseline file (`bharosa baseline create`).",
)


def _report_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options every scanning command shares: format, output, config, rules, thresholds."""
    options = [
        click.option(
            "--format",
            "output_format",
            type=click.Choice(["text", "json", "sarif"]),
            default="text",
            show_default=True,
            help="Report format.",
        ),
        click.option(
            "--output",
            "-o",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Write the report here.",
        ),
        _config_option,
        _rules_option,
        click.option(
            "--fail-on", type=click.Choice(_SEVERITIES), help="Lowest severity that fails the run."
        ),
        click.option(
            "--min-confidence",
            type=click.Choice(_CONFIDENCES),
            help="Drop findings below this confidence.",
        ),
        click.option(
            "--show-values", is_flag=True, help="Print found values unmasked (careful: raw data)."
        ),
        _no_progress_option,
        click.option("--verbose", "-v", is_flag=True, help="Also list informational notices."),
        click.option(
            "--color/--no-color", default=None, help="Colour the text report (default: on a TTY)."
        ),
        click.option(
            "--summary",
            "summary_path",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Also append a Markdown summary here (e.g. $GITHUB_STEP_SUMMARY).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@dataclass(frozen=True)
class _ReportChoices:
    """What the shared options ask of the report."""

    output_format: str
    output: Path | None
    show_values: bool
    verbose: bool
    color: bool | None
    summary: Path | None = None

    def needs_column_values(self, baseline: Baseline | None) -> bool:
        """Whether the run needs the listed values of data files' columns held as findings:
        a baseline matches them one by one, and JSON with --show-values prints them raw.

        Text, SARIF and the Markdown summary show a column as one row or result (its count,
        how many a listing holds, sample lines and the first value's mask) and count the
        rest; JSON lists them from spill files, masked. Without them, a column holds only
        its first value as a finding, and the scan's memory grows with the number of
        columns instead of values.
        """
        return baseline is not None or (self.output_format == "json" and self.show_values)


def _limit_options(command: Callable[..., None]) -> Callable[..., None]:
    """Caps of a whole run: past one, the report says it is partial and the exit code is 4."""
    options = [
        click.option(
            "--max-time",
            type=click.FloatRange(min=0, min_open=True),
            metavar="SECONDS",
            help="Stop scanning after this long and report what was found (partial).",
        ),
        click.option(
            "--max-scan-mb",
            type=click.IntRange(min=1),
            metavar="MB",
            help="Stop scanning after reading this much and report what was found (partial).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _run_limits(config: Config, max_time: float | None, max_scan_mb: int | None) -> RunLimits:
    """The run's caps: per file from the config, for the run from the options."""
    return RunLimits(
        file_seconds=config.file_timeout or None,
        max_file_bytes=(config.max_file_size_mb << 20) or None,
        deadline=time.monotonic() + max_time if max_time is not None else None,
        max_run_bytes=max_scan_mb << 20 if max_scan_mb is not None else None,
    )


_jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Worker processes (default: one per CPU core; a handful of files uses one).",
)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--staged",
    is_flag=True,
    help="Scan what the next commit adds or changes, from the git index (for hooks).",
)
@_jobs_option
@_limit_options
@_baseline_option
@_report_options
def scan(
    paths: tuple[Path, ...],
    staged: bool,
    jobs: int | None,
    max_time: float | None,
    max_scan_mb: int | None,
    baseline_path: Path | None,
    output_format: str,
    output: Path | None,
    config_path: Path | None,
    rule_dirs: tuple[Path, ...],
    fail_on: str | None,
    min_confidence: str | None,
    show_values: bool,
    no_progress: bool,
    verbose: bool,
    color: bool | None,
    summary_path: Path | None,
) -> None:
    """Scan a directory (default: the current one) or the given files for customer data."""
    from bharosa.pipeline import scan_paths

    if staged and len(paths) > 1:
        raise UsageError("--staged takes at most one path: the repository")
    if staged and paths and not paths[0].is_dir():
        raise UsageError(f"--staged takes the repository's directory; {paths[0]} is not one")
    targets = list(paths) or [Path()]
    root = _scan_root(targets)
    config = _with_overrides(load_config(root, config_path), fail_on, min_confidence)
    known = _open_baseline(baseline_path, config)
    rules = _load_rules(config, rule_dirs)
    choices = _ReportChoices(output_format, output, show_values, verbose, color, summary_path)
    with contextlib.ExitStack() as stack:
        # JSON lists every occurrence in data files: those past the in-memory listing are
        # kept in a private spill directory until the report is written.
        spill_dir = None
        if output_format == "json":
            from bharosa.spill import spill_directory

            spill_dir = stack.enter_context(spill_directory())
        with _Progress("files", enabled=not no_progress and sys.stderr.isatty()) as progress:
            if staged:
                from bharosa.git_scan import scan_staged

                result = scan_staged(root, config, rules, progress.update)
            else:
                limits = _run_limits(config, max_time, max_scan_mb)
                result = scan_paths(
                    targets,
                    config,
                    rules,
                    progress.update,
                    _jobs(jobs),
                    spill_dir,
                    limits,
                    hold_column_values=choices.needs_column_values(known),
                )
        result = _without_baselined(result, known)
        _report(result, config, choices, rules=rules)


@cli.command()
@click.argument("repo", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--all", "all_refs", is_flag=True, help="Every branch and tag (the default).")
@click.option("--branch", metavar="REF", help="Only the history of this branch or ref.")
@click.option("--since", metavar="DATE", help="Only commits after this date (as git reads it).")
@click.option(
    "--range",
    "commit_range",
    metavar="BASE..HEAD",
    help="Only values a pull request brings in: new in commits of BASE..HEAD, not at BASE.",
)
@_jobs_option
@click.option(
    "--purge-plan",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write a `git filter-repo --replace-text` file (holds raw values; created 0600).",
)
@_limit_options
@_baseline_option
@_report_options
def history(
    repo: Path | None,
    all_refs: bool,
    branch: str | None,
    since: str | None,
    commit_range: str | None,
    jobs: int | None,
    max_time: float | None,
    max_scan_mb: int | None,
    purge_plan: Path | None,
    baseline_path: Path | None,
    output_format: str,
    output: Path | None,
    config_path: Path | None,
    rule_dirs: tuple[Path, ...],
    fail_on: str | None,
    min_confidence: str | None,
    show_values: bool,
    no_progress: bool,
    verbose: bool,
    color: bool | None,
    summary_path: Path | None,
) -> None:
    """Scan every blob in git history once; each finding names the commit that added it."""
    from bharosa.sources.git_history import HistoryLog, repository_root, scope_for

    if all_refs and (branch or commit_range):
        raise UsageError("--all cannot be combined with --branch or --range")
    root = repo or Path()
    scope = scope_for(branch, commit_range, since)
    # git walks the commits while the scanner's modules load.
    with HistoryLog(repository_root(root), scope.revisions, scope.since) as log:
        from bharosa.git_scan import scan_history

        config = _with_overrides(load_config(root, config_path), fail_on, min_confidence)
        known = _open_baseline(baseline_path, config)
        rules = _load_rules(config, rule_dirs)
        with _Progress("blobs", enabled=not no_progress and sys.stderr.isatty()) as progress:
            limits = _run_limits(config, max_time, max_scan_mb)
            result = scan_history(
                root, scope, config, rules, progress.update, _jobs(jobs), limits, log
            )
    # The purge plan follows the report: what the baseline holds is left out of both.
    result = _without_baselined(result, known)
    plan = None
    if purge_plan is not None:
        from bharosa.purge import write_purge_plan

        count = write_purge_plan(purge_plan, result.findings)
        plan = str(purge_plan)
        click.echo(
            f"bharosa: WARNING: {purge_plan} holds {count} raw values (owner-only, 0600): "
            "keep it out of the repository and delete it after the purge",
            err=True,
        )
    choices = _ReportChoices(output_format, output, show_values, verbose, color, summary_path)
    _report(result, config, choices, commits=result.commits, purge_plan=plan, rules=rules)


def _report(
    result: ScanResult,
    config: Config,
    choices: _ReportChoices,
    commits: int | None = None,
    purge_plan: str | None = None,
    rules: Sequence[Rule] = (),
) -> None:
    """Render, write, warn about raw values, and exit with the run's code."""
    from bharosa.pipeline import failing_findings
    from bharosa.report import RunInfo

    output = choices.output
    use_color = (
        choices.color if choices.color is not None else (output is None and sys.stdout.isatty())
    )
    run = RunInfo(
        version=__version__,
        stats=result.stats,
        notices=tuple(result.notices),
        columns=tuple(result.columns),
        show_values=choices.show_values,
        color=use_color,
        verbose=choices.verbose,
        commits=commits,
        purge_plan=purge_plan,
        rules=tuple(rules),
        category="bharosa/scan/" if commits is None else "bharosa/history/",
        spilled=tuple(result.spilled),
        partial=result.partial,
        unheld=result.unheld,
    )
    _write_report(choices.output_format, result.findings, run, output)
    if choices.summary is not None:
        _append_summary(choices.summary, result.findings, run)
    if choices.show_values:
        click.echo("bharosa: warning: --show-values printed raw customer data", err=True)
        if result.spilled:
            click.echo(
                "bharosa: occurrences past the first 1,000 of a column are listed without "
                "their value (null): they were kept on disk masked, never raw",
                err=True,
            )
    ctx = click.get_current_context()
    if result.partial == INTERRUPTED:
        click.echo("bharosa: interrupted: the report above is partial", err=True)
        ctx.exit(EXIT_INTERRUPTED)
    if result.partial is not None:
        click.echo(f"bharosa: partial results: {result.partial}", err=True)
        ctx.exit(EXIT_PARTIAL)
    ctx.exit(EXIT_FINDINGS if failing_findings(result.findings, config) else EXIT_CLEAN)


def _append_summary(path: Path, findings: Sequence[Finding], run: RunInfo) -> None:
    from bharosa.report.markdown import render_markdown_summary

    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(render_markdown_summary(findings, run))
    except OSError as exc:
        raise BharosaError(f"{path}: cannot write the summary ({exc.strerror})") from None


def _jobs(asked: int | None) -> int:
    """Worker processes: as asked, else one per CPU core."""
    return asked or os.cpu_count() or 1


def _scan_root(targets: Sequence[Path]) -> Path:
    """The directory a scan's paths are relative to: the one directory given, else here."""
    return targets[0] if len(targets) == 1 and targets[0].is_dir() else Path()


def _open_baseline(path: Path | None, config: Config) -> Baseline | None:
    """The baseline `--baseline` names, checked against the run's fingerprint key."""
    if path is None:
        return None
    from bharosa.baseline import load_baseline

    return load_baseline(path, config.fingerprint_key)


def _without_baselined(result: Result, known: Baseline | None) -> Result:
    if known is None:
        return result
    from bharosa.baseline import apply_baseline

    return apply_baseline(result, known)


@cli.group()
def baseline() -> None:
    """Baselines: record the findings a repository already has, report only new ones."""


_baseline_file_help = "(default: .bharosa-baseline.json in the scan root)"


@baseline.command("create")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help=f"Where to write the baseline {_baseline_file_help}.",
)
@click.option(
    "--history",
    "from_history",
    is_flag=True,
    help="Record every finding in the git history (as `bharosa history`), not only the files.",
)
@click.option("--force", is_flag=True, help="Replace an existing baseline and its audit marks.")
@_config_option
@_rules_option
@_no_progress_option
def baseline_create(
    paths: tuple[Path, ...],
    output: Path | None,
    from_history: bool,
    force: bool,
    config_path: Path | None,
    rule_dirs: tuple[Path, ...],
    no_progress: bool,
) -> None:
    """Scan like `scan` (or `history` with --history) and record every finding found."""
    from bharosa.baseline import BASELINE_FILE, new_baseline, utc_now, write_baseline

    targets = list(paths) or [Path()]
    path = output or _scan_root(targets) / BASELINE_FILE
    if path.exists() and not force:
        raise UsageError(
            f"{path} already exists: `bharosa baseline update` refreshes it, --force replaces it"
        )
    config = load_config(_scan_root(targets), config_path)
    scope = "history" if from_history else "files"
    result = _baseline_scan(targets, scope, config, rule_dirs, no_progress)
    made = new_baseline(result, scope, config.fingerprint_key, utc_now())
    write_baseline(path, made)
    columns = sum(entry.kind == "column" for entry in made.entries)
    click.echo(
        f"bharosa: wrote {path}: {len(made.entries) - columns} findings"
        + (f" and {columns} data-file columns" if columns else "")
    )


@baseline.command("update")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help=f"The baseline to update {_baseline_file_help}.",
)
@_config_option
@_rules_option
@_no_progress_option
def baseline_update(
    paths: tuple[Path, ...],
    baseline_path: Path | None,
    config_path: Path | None,
    rule_dirs: tuple[Path, ...],
    no_progress: bool,
) -> None:
    """Scan again as the baseline was made: drop fixed entries, add new ones, keep audit marks."""
    from bharosa.baseline import (
        BASELINE_FILE,
        load_baseline,
        update_baseline,
        utc_now,
        write_baseline,
    )

    targets = list(paths) or [Path()]
    path = baseline_path or _scan_root(targets) / BASELINE_FILE
    config = load_config(_scan_root(targets), config_path)
    old = load_baseline(path, config.fingerprint_key)
    result = _baseline_scan(targets, old.scope, config, rule_dirs, no_progress)
    updated, changes = update_baseline(old, result, utc_now())
    write_baseline(path, updated)
    click.echo(
        f"bharosa: updated {path}: {changes.kept} kept, {changes.dropped} dropped (fixed), "
        f"{changes.added} added"
    )
    _echo_audit_state(updated)


@baseline.command("audit")
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The baseline to audit (default: .bharosa-baseline.json here).",
)
@click.option("--all", "revisit", is_flag=True, help="Also revisit entries already marked.")
def baseline_audit(baseline_path: Path | None, revisit: bool) -> None:
    """Walk through the baseline and mark each entry a true or a false positive."""
    from bharosa.baseline import (
        BASELINE_FILE,
        FALSE_POSITIVE,
        TRUE_POSITIVE,
        audit_items,
        load_baseline,
        mark,
        utc_now,
        write_baseline,
    )

    if not sys.stdin.isatty():
        raise UsageError("baseline audit needs a terminal: run it interactively")
    path = baseline_path or Path(BASELINE_FILE)
    current = load_baseline(path, None)
    items = audit_items(current, revisit)
    if not items:
        click.echo(f"{path}: nothing to audit (--all revisits entries already marked)")
    answers = {"t": TRUE_POSITIVE, "f": FALSE_POSITIVE}
    done = {TRUE_POSITIVE: 0, FALSE_POSITIVE: 0, "skipped": 0}
    for number, item in enumerate(items, 1):
        click.echo(f"\n[{number}/{len(items)}] {_describe_item(item)}")
        if item.audit is not None:
            click.echo(f"  marked {item.audit} on {item.head.audited_at or 'an unknown day'}")
        answer = click.prompt(
            "  [t]rue positive / [f]alse positive / [s]kip / [q]uit",
            type=click.Choice(["t", "f", "s", "q"], case_sensitive=False),
            show_choices=False,
        )
        if answer == "q":
            break
        if answer == "s":
            done["skipped"] += 1
            continue
        # Saved after every answer: quitting, or an interrupt, loses nothing marked so far.
        current = mark(current, item, answers[answer], utc_now())
        write_baseline(path, current)
        done[answers[answer]] += 1
    click.echo(
        f"\nmarked {done[TRUE_POSITIVE]} true positive, {done[FALSE_POSITIVE]} false positive, "
        f"skipped {done['skipped']}"
    )
    _echo_audit_state(current)


def _baseline_scan(
    targets: Sequence[Path],
    scope: str,
    config: Config,
    rule_dirs: tuple[Path, ...],
    no_progress: bool,
) -> ScanResult:
    """What a baseline records: the files as `scan` reads them, or the whole history."""
    rules = _load_rules(config, rule_dirs)
    unit = "blobs" if scope == "history" else "files"
    with _Progress(unit, enabled=not no_progress and sys.stderr.isatty()) as progress:
        if scope == "history":
            from bharosa.git_scan import scan_history
            from bharosa.sources.git_history import HistoryScope

            if len(targets) > 1:
                raise UsageError("a history baseline takes at most one path: the repository")
            return scan_history(targets[0], HistoryScope(), config, rules, progress.update)
        from bharosa.pipeline import scan_paths

        return scan_paths(targets, config, rules, progress.update)


# Known leaks listed by name after `baseline update` and `audit`; the rest only counted.
_LEAKS_LISTED = 10


def _echo_audit_state(current: Baseline) -> None:
    """How much of a baseline is audited, and the known leaks it suppresses (not forgotten)."""
    from bharosa.baseline import FALSE_POSITIVE, TRUE_POSITIVE, audit_counts, known_leaks

    counts = audit_counts(current)
    click.echo(
        f"baseline: {counts[TRUE_POSITIVE]} true positive, {counts[FALSE_POSITIVE]} false "
        f"positive, {counts['unaudited']} not audited"
        + (" (`bharosa baseline audit` marks them)" if counts["unaudited"] else "")
    )
    leaks = known_leaks(current)
    if leaks:
        click.echo(f"known leaks, suppressed by the baseline but still to fix ({len(leaks)}):")
        for item in leaks[:_LEAKS_LISTED]:
            click.echo(f"  {_describe_item(item)}")
        if len(leaks) > _LEAKS_LISTED:
            click.echo(f"  ... and {len(leaks) - _LEAKS_LISTED} more")


def _describe_item(item: AuditItem) -> str:
    """`data/customers.csv:1  pii.email  column of 3 values, e.g. p***@k***.in`."""
    from bharosa.report.text import printable

    head = item.head
    what = printable(head.masked)
    if head.kind == "column":
        what = f"column of {head.count} value{'s' * (head.count != 1)}, e.g. {what}"
    return f"{printable(head.path)}:{head.line}  {head.rule_id}  {what}"


@cli.command()
@click.argument(
    "directory", required=False, type=click.Path(path_type=Path, file_okay=False, exists=True)
)
@click.option("--force", is_flag=True, help="Replace an existing .bharosa.toml.")
def init(directory: Path | None, force: bool) -> None:
    """Write a starter .bharosa.toml and print the pre-commit and GitHub workflow snippets."""
    from bharosa.starter import PRE_COMMIT_SNIPPET, WORKFLOW_SNIPPET, write_starter_config

    written = write_starter_config(directory or Path(), force)
    click.echo(f"Wrote {written}: review it, then commit it.\n")
    click.echo("Add to .pre-commit-config.yaml (then run `pre-commit install`):\n")
    click.echo(PRE_COMMIT_SNIPPET)
    click.echo("Add as .github/workflows/bharosa.yml (scans pull requests, uploads SARIF):\n")
    click.echo(WORKFLOW_SNIPPET, nl=False)


@cli.group()
def rules() -> None:
    """Inspect and test rule packs."""


@rules.command("list")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path))
@click.option("--all", "show_all", is_flag=True, help="Include rules that are off.")
def rules_list(rule_dirs: tuple[Path, ...], show_all: bool) -> None:
    """List the rules a scan would use (with --all, every rule known)."""
    config = load_config(Path())
    listed = _all_rules(config, rule_dirs) if show_all else _load_rules(config, rule_dirs)
    active = {r.id for r in _load_rules(config, rule_dirs)}
    width = max((len(r.id) for r in listed), default=10)
    for rule in listed:
        state = "" if rule.id in active else "  (off)"
        click.echo(
            f"{rule.id:<{width}}  {rule.severity.value:<7}  {rule.confidence.value:<6}  "
            f"{rule.name}{state}"
        )


@rules.command("show")
@click.argument("rule_id")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path))
def rules_show(rule_id: str, rule_dirs: tuple[Path, ...]) -> None:
    """Show one rule: its description, pattern and examples."""
    config = load_config(Path())
    by_id = {r.id: r for r in _all_rules(config, rule_dirs)}
    if rule_id not in by_id:
        raise BharosaError(f"no rule {rule_id!r}; `bharosa rules list --all` lists them")
    rule = by_id[rule_id]
    click.echo(f"{rule.id}: {rule.name}\n")
    click.echo(rule.description + "\n")
    click.echo(
        f"kind: {rule.kind}  severity: {rule.severity.value}  confidence: {rule.confidence.value}"
    )
    click.echo(f"pattern: {rule.pattern}")
    if rule.keywords:
        click.echo(f"keywords: {', '.join(rule.keywords)}")
    if rule.validator:
        click.echo(f"validator: {rule.validator}")
    click.echo(f"defined in: {rule.source}")


@rules.command("test")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(path_type=Path))
def rules_test(rule_dirs: tuple[Path, ...]) -> None:
    """Run every rule's examples: positives must be found, negatives must not."""
    from bharosa.rules.examples import check_rule_examples

    failures = 0
    checked = _all_rules(load_config(Path()), rule_dirs)
    for rule in checked:
        for problem in check_rule_examples(rule):
            failures += 1
            click.echo(f"{rule.id}: {problem}")
    click.echo(f"{len(checked)} rules checked, {failures} example failures")
    click.get_current_context().exit(EXIT_FINDINGS if failures else EXIT_CLEAN)


@cli.group()
def dictionary() -> None:
    """Customer dictionaries: match your own terms without committing them."""


@dictionary.command("hash")
@click.argument("terms", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--key-env",
    default="BHAROSA_DICTIONARY_KEY",
    show_default=True,
    help="Environment variable holding the secret key (the same one scans will use).",
)
@click.option(
    "--pattern",
    "patterns",
    multiple=True,
    help="RE2 pattern of id-like terms to look for (repeatable), e.g. 'ACC-[0-9]{8}'.",
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Default: stdout."
)
def dictionary_hash(
    terms: Path, key_env: str, patterns: tuple[str, ...], output: Path | None
) -> None:
    """Write keyed digests of a terms file, safe to commit in place of the terms."""
    from bharosa.detectors.dictionaries import hash_terms, read_terms
    from bharosa.detectors.regex import PatternError, compile_re2
    from bharosa.json_text import dumps_indented

    key = os.environ.get(key_env, "").encode()
    if not key:
        raise BharosaError(f"set {key_env} to a secret key first (and keep it out of the repo)")
    if len(key) < 16:
        raise BharosaError(f"the key in {key_env} is too short: use at least 16 characters")
    for pattern in patterns:
        try:
            compile_re2(pattern)
        except PatternError as exc:
            raise BharosaError(f"--pattern {pattern!r} is not valid RE2: {exc}") from None
    words = read_terms(terms)
    document = hash_terms(words, key, patterns)
    _emit(dumps_indented(document, indent=1) + "\n", output)
    click.echo(f"bharosa: hashed {len(document['digests'])} terms from {terms}", err=True)


def _all_rules(config: Config, extra: Sequence[Path]) -> list[Rule]:
    from bharosa.rules.loading import load_rules

    return load_rules([*config.rule_dirs, *extra], everything=True)


def _load_rules(config: Config, extra: Sequence[Path]) -> list[Rule]:
    from bharosa.rules.loading import load_rules

    return load_rules(
        [*config.rule_dirs, *extra],
        disabled=config.disabled_rules,
        enabled=config.enabled_rules,
    )


def _with_overrides(config: Config, fail_on: str | None, min_confidence: str | None) -> Config:
    from dataclasses import replace

    if fail_on is not None:
        config = replace(config, fail_on=Severity(fail_on))
    if min_confidence is not None:
        config = replace(config, min_confidence=Confidence(min_confidence))
    return config


def _write_report(output_format: str, findings: Any, run: Any, output: Path | None) -> None:
    """Render and write the report; JSON is written as it is made (it may list millions)."""
    if output_format != "json":
        _emit(_render(output_format, findings, run), output)
        return
    from bharosa.report.json import write_json

    try:
        if output is None:
            sys.stdout.flush()
            stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
            write_json(findings, run, stream)
            stream.flush()
            stream.detach()
            return
        with output.open("w", encoding="utf-8", newline="\n") as handle:
            write_json(findings, run, handle)
    except OSError as exc:
        raise BharosaError(f"{output or 'stdout'}: cannot write report ({exc.strerror})") from None


def _render(output_format: str, findings: Any, run: Any) -> str:
    if output_format == "sarif":
        from bharosa.report.sarif import render_sarif

        return render_sarif(findings, run)
    from bharosa.report.text import render_text

    return str(render_text(findings, run))


def _emit(report: str, output: Path | None) -> None:
    data = report.encode("utf-8", "backslashreplace")
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise BharosaError(f"{output}: cannot write report ({exc.strerror})") from None


class _Progress:
    """A progress bar on stderr that appears only when a run takes longer than a moment."""

    _DELAY = 0.5

    def __init__(self, unit: str, *, enabled: bool) -> None:
        self._unit = unit
        self._enabled = enabled
        self._started = time.monotonic()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def update(self, done: int, total: int, read: int) -> None:
        if not self._enabled:
            return
        if self._bar is None:
            if time.monotonic() - self._started < self._DELAY:
                return
            self._start(total)
        elapsed = max(time.monotonic() - self._started, 1e-3)
        self._bar.update(
            self._task,
            completed=done,
            total=total,
            read=f"{read / 1e6:,.0f} MB, {read / 1e6 / elapsed:,.0f} MB/s",
        )

    def _start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._bar = Progress(
            TextColumn("scanning"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(f"{self._unit}, {{task.fields[read]}}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("scan", total=total, read="0 MB")


_GC_THRESHOLDS = (100_000, 50, 100)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the CLI and turn every outcome into one of the documented exit codes."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("BHAROSA_DEBUG") == "1"
    # A scan allocates millions of short-lived objects (cells, matches, findings) and
    # makes few reference cycles: collecting every 700 allocations cost 5-9% of its time.
    gc.set_threshold(*_GC_THRESHOLDS)
    try:
        # Outside standalone mode click returns the code that `ctx.exit` was given.
        code = cli.main(args=args, prog_name="bharosa", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort:
        click.echo("bharosa: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except BharosaError as exc:
        click.echo(f"bharosa: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo("bharosa: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # the one place that turns bugs into exit 3
        _report_internal_error(exc, debug)
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else EXIT_CLEAN)


def _report_internal_error(exc: BaseException, debug: bool) -> None:
    # Imported here: traceback costs every hook run ~12 ms, and only a bug needs it.
    import traceback

    # The message of an unexpected error may hold a found value: show only its type and place.
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    if debug:
        traceback.print_exception(type(exc), exc, exc.__traceback__)
    click.echo(
        f"bharosa: internal error: {type(exc).__name__}{where} "
        f"(run with --debug for the traceback; please report it)",
        err=True,
    )
