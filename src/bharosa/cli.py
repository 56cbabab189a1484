"""The command line: parse, call the pipeline, pick the exit code. Nothing else knows terminals."""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import click

from bharosa import __version__
from bharosa.config import Config, load_config
from bharosa.errors import BharosaError, UsageError
from bharosa.rules.model import Confidence, Rule, Severity

if TYPE_CHECKING:
    from bharosa.pipeline import ScanResult

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
_SEVERITIES = [s.value for s in Severity]
_CONFIDENCES = [c.value for c in Confidence]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="bharosa", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def cli(debug: bool) -> None:
    """bharosa finds customer data (emails, phone numbers, national IDs, cards, secrets)
    committed to a repository, and keeps it from being committed."""


def _report_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options every scanning command shares: format, output, config, rules, thresholds."""
    options = [
        click.option(
            "--format",
            "output_format",
            type=click.Choice(["text", "json"]),
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
        click.option(
            "--config",
            "config_path",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Config file (default: .bharosa.toml or pyproject.toml [tool.bharosa] "
            "in the scan root).",
        ),
        click.option(
            "--rules",
            "rule_dirs",
            multiple=True,
            type=click.Path(path_type=Path, file_okay=False),
            help="Extra directory of rule packs (repeatable).",
        ),
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
        click.option("--no-progress", is_flag=True, help="Never show a progress bar."),
        click.option("--verbose", "-v", is_flag=True, help="Also list informational notices."),
        click.option(
            "--color/--no-color", default=None, help="Colour the text report (default: on a TTY)."
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


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--staged",
    is_flag=True,
    help="Scan what the next commit adds or changes, from the git index (for hooks).",
)
@_report_options
def scan(
    paths: tuple[Path, ...],
    staged: bool,
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
) -> None:
    """Scan a directory (default: the current one) or the given files for customer data."""
    from bharosa.pipeline import scan_paths

    if staged and len(paths) > 1:
        raise UsageError("--staged takes at most one path: the repository")
    targets = list(paths) or [Path()]
    root = targets[0] if len(targets) == 1 and targets[0].is_dir() else Path()
    config = _with_overrides(load_config(root, config_path), fail_on, min_confidence)
    rules = _load_rules(config, rule_dirs)
    with _Progress("files", enabled=not no_progress and sys.stderr.isatty()) as progress:
        if staged:
            from bharosa.git_scan import scan_staged

            result = scan_staged(root, config, rules, progress.update)
        else:
            result = scan_paths(targets, config, rules, progress.update)
    choices = _ReportChoices(output_format, output, show_values, verbose, color)
    _report(result, config, choices)


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
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Worker processes (default: one per CPU core).",
)
@click.option(
    "--purge-plan",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write a `git filter-repo --replace-text` file (holds raw values; created 0600).",
)
@_report_options
def history(
    repo: Path | None,
    all_refs: bool,
    branch: str | None,
    since: str | None,
    commit_range: str | None,
    jobs: int | None,
    purge_plan: Path | None,
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
) -> None:
    """Scan every blob in git history once; each finding names the commit that added it."""
    from bharosa.git_scan import scan_history, scope_for

    if all_refs and (branch or commit_range):
        raise UsageError("--all cannot be combined with --branch or --range")
    root = repo or Path()
    scope = scope_for(branch, commit_range, since)
    config = _with_overrides(load_config(root, config_path), fail_on, min_confidence)
    rules = _load_rules(config, rule_dirs)
    with _Progress("blobs", enabled=not no_progress and sys.stderr.isatty()) as progress:
        result = scan_history(root, scope, config, rules, progress.update, jobs)
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
    choices = _ReportChoices(output_format, output, show_values, verbose, color)
    _report(result, config, choices, commits=result.commits, purge_plan=plan)


def _report(
    result: ScanResult,
    config: Config,
    choices: _ReportChoices,
    commits: int | None = None,
    purge_plan: str | None = None,
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
    )
    _emit(_render(choices.output_format, result.findings, run), output)
    if choices.show_values:
        click.echo("bharosa: warning: --show-values printed raw customer data", err=True)
    ctx = click.get_current_context()
    ctx.exit(EXIT_FINDINGS if failing_findings(result.findings, config) else EXIT_CLEAN)


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
    import json

    import re2

    from bharosa.detectors.dictionaries import hash_terms, read_terms

    key = os.environ.get(key_env, "").encode()
    if not key:
        raise BharosaError(f"set {key_env} to a secret key first (and keep it out of the repo)")
    if len(key) < 16:
        raise BharosaError(f"the key in {key_env} is too short: use at least 16 characters")
    for pattern in patterns:
        try:
            re2.compile(pattern)
        except re2.error as exc:
            raise BharosaError(f"--pattern {pattern!r} is not valid RE2: {exc}") from None
    words = read_terms(terms)
    document = hash_terms(words, key, patterns)
    _emit(json.dumps(document, indent=1) + "\n", output)
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


def _render(output_format: str, findings: Any, run: Any) -> str:
    if output_format == "json":
        from bharosa.report.json import render_json

        return render_json(findings, run)
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


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the CLI and turn every outcome into one of the documented exit codes."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("BHAROSA_DEBUG") == "1"
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
        sys.exit(130)
    except BharosaError as exc:
        click.echo(f"bharosa: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo("bharosa: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the one place that turns bugs into exit 3
        _report_internal_error(exc, debug)
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else EXIT_CLEAN)


def _report_internal_error(exc: BaseException, debug: bool) -> None:
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
