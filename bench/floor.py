"""The floor under a working-tree scan: what the libraries bharosa must use cost on their own.

bench/run.py compares bharosa's throughput with ripgrep's on the same patterns. This asks
how close any scan built on bharosa's libraries could come. On one tree (the generated
code tree of bench/run.py, or `--corpus DIR`), it first runs `bharosa scan -j1` in this
process, untimed, and records two things: each distinct value its validators were given,
with their answer (in memory only), and the modules of the libraries the design names
(the RE2 engine, the keyword automaton, the validators' libraries, detect-secrets and its
plugins, click, sarif-om) that the scan loaded. Then it times, round-robin (one run of
each per round):

1. `bharosa scan DIR --no-progress --format sarif` (as bench/run.py times it);
2. ripgrep with the rule patterns (as bench/run.py runs it);
3. `python -c pass`: the interpreter's start;
4. a child process that does only what any scan with these libraries and rules must do,
   in timed parts: it imports those modules (the sum of their own import times, as
   `python -X importtime` reports them, so the modules of Python's own library they pull
   in are left out), reads every file once (1 MiB blocks), reads each file whole again
   and runs the rule patterns over it as one RE2 set (`re2.Set`, compiled before the
   clock starts: it tells which patterns match, not where, the least a search for them
   can do), validates each value the validators accepted once, then each value they
   refused once. The values reach it through a pipe and never touch disk.

Two floors follow, each as though the reading, matching and validating were split evenly
over every core and the imports were paid once:

- start + imports + (reading + matching + validating the accepted values) / cores: the
  least any scan that searches with these patterns and validates what it reports could
  cost;
- the same with the refused values validated too: the least a scan of these rules could
  cost, since the rules' patterns hand those candidates to the validators.

Neither counts the rest of a scan: where the patterns match, data-file parsing, context
or confidence, detect-secrets' plugins, any bharosa module, the report. A scan can only
be slower, so ripgrep's time over a floor is the most of ripgrep's throughput such a
scan could have.

Found values are never printed or written: the child prints timings only.

    python bench/floor.py [--corpus DIR | --generate-mb 20 [--seed N]] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from run import (
    SCANNER_OK,
    add_tree_options,
    bharosa_command,
    main_target,
    read_tree,
    ripgrep_command,
    rule_patterns,
    tree_files,
)
from timing import (
    Command,
    Measurement,
    compile_bytecode,
    import_times,
    machine_info,
    run_measured,
    run_round_robin,
    tool_version,
)

# The libraries whose cost no scan of bharosa's design avoids: the engine and keyword
# prefilter it is built on, the validators' libraries, detect-secrets' plugins, the CLI's
# click and the SARIF report's sarif-om (with the attrs it is built on).
LIBRARIES = (
    "re2",
    "ahocorasick",
    "phonenumbers",
    "stdnum",
    "publicsuffixlist",
    "detect_secrets",
    "click",
    "sarif_om",
    "attr",
)


@dataclass
class Recorded:
    """What an untimed scan needed: the distinct values each validator accepted and
    refused, and the library modules it loaded, in the order it loaded them."""

    accepted: dict[str, list[str]] = field(default_factory=dict)
    refused: dict[str, list[str]] = field(default_factory=dict)
    modules: list[str] = field(default_factory=list)
    phone_regions: list[str] = field(default_factory=list)
    # The patterns of the rules that have one, in RE2 syntax (ripgrep gets them respelled).
    patterns: list[str] = field(default_factory=list)


@dataclass
class FloorParts:
    """The child's timed parts of every run, in seconds."""

    imports: list[float] = field(default_factory=list)
    read: list[float] = field(default_factory=list)
    match: list[float] = field(default_factory=list)
    accepted: list[float] = field(default_factory=list)
    refused: list[float] = field(default_factory=list)

    def add(self, report: dict[str, float]) -> None:
        self.imports.append(report["imports"])
        self.read.append(report["read"])
        self.match.append(report["match"])
        self.accepted.append(report["accepted"])
        self.refused.append(report["refused"])


def record_scan(root: Path, report: Path) -> Recorded:
    """Run `bharosa scan -j1` here, keeping each value a validator is given, once."""
    import bharosa.scanner
    from bharosa.cli import main as bharosa_main
    from bharosa.detectors.validators import build_validators
    from bharosa.rules.loading import load_rules

    recorded = Recorded()

    def recording(regions: Sequence[str]) -> dict[str, Callable[[str], bool]]:
        recorded.phone_regions = list(regions)
        validators = build_validators(regions)
        return {name: _recorder(name, check, recorded) for name, check in validators.items()}

    bharosa.scanner.build_validators = recording  # type: ignore[assignment]
    argv = ["scan", str(root), "-j1", "--no-progress", "--format", "sarif", "-o", str(report)]
    try:
        bharosa_main(argv)
    except SystemExit as done:
        if done.code not in SCANNER_OK:
            sys.exit(f"bharosa scan exited with {done.code}")
    finally:
        bharosa.scanner.build_validators = build_validators
    recorded.modules = [name for name in sys.modules if name.split(".")[0] in LIBRARIES]
    recorded.patterns = [rule.pattern for rule in load_rules([]) if rule.pattern is not None]
    return recorded


def _recorder(name: str, check: Callable[[str], bool], recorded: Recorded) -> Callable[[str], bool]:
    accepted = recorded.accepted.setdefault(name, [])
    refused = recorded.refused.setdefault(name, [])
    seen: set[str] = set()

    def validate(value: str) -> bool:
        valid = check(value)
        if value not in seen:
            seen.add(value)
            (accepted if valid else refused).append(value)
        return valid

    return validate


def floor_command(root: Path, recorded: Recorded, parts: FloorParts, runs: int) -> Command:
    """The child that imports, reads and validates, its parts added to `parts` each run."""
    argv = [sys.executable, "-X", "importtime", str(Path(__file__).resolve()), "--child"]
    argv.append(str(root))
    given = json.dumps(
        {
            "modules": recorded.modules,
            "accepted": recorded.accepted,
            "refused": recorded.refused,
            "phone_regions": recorded.phone_regions,
            "patterns": recorded.patterns,
        }
    )

    def run() -> Measurement:
        start = time.perf_counter()
        done = subprocess.run(argv, input=given, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            told = [
                line for line in done.stderr.splitlines() if not line.startswith("import time:")
            ]
            sys.exit("the floor's child failed:\n" + "\n".join(told[-10:]))
        report = json.loads(done.stdout)
        report["imports"] = library_import_seconds(done.stderr)
        parts.add(report)
        return seconds, None

    return Command("floor: import, read, match, validate", run, runs)


def library_import_seconds(importtime: str) -> float:
    """The sum of the own import times of the libraries' modules in `-X importtime` output."""
    modules = import_times(importtime)
    return sum(m.self_us for m in modules if m.name.split(".")[0] in LIBRARIES) / 1e6


def child(root: Path) -> None:
    """Import the modules, read the tree, validate the values (given on stdin); print the
    timed parts as JSON. The imports are timed by `-X importtime`, read by the parent."""
    given = json.loads(sys.stdin.read())
    # detect-secrets imports requests, which bharosa defers until it is used (never, in a
    # scan): its modules are imported as bharosa imports them.
    from bharosa.detectors.secrets import _deferred

    with _deferred("requests"):
        for name in given["modules"]:
            __import__(name)
    from bharosa.detectors.validators import build_validators

    validators = build_validators(given["phone_regions"])
    patterns = compiled_set(given["patterns"])
    start = time.perf_counter()
    read_tree(root)
    report = {"read": time.perf_counter() - start, "match": match_tree(root, patterns)}
    for answer, key in ((True, "accepted"), (False, "refused")):
        start = time.perf_counter()
        changed = sum(
            bool(validators[name](value)) != answer
            for name, values in given[key].items()
            for value in values
        )
        report[key] = time.perf_counter() - start
        if changed:
            sys.exit(f"{changed} values {key} in the scan were not {key} here")
    print(json.dumps(report))


def compiled_set(patterns: Sequence[str]) -> Any:
    """The patterns as one unanchored RE2 set."""
    import re2

    options = re2.Options()
    # Room for the set's automaton: the default budget may be too small for every rule.
    options.max_mem = 1 << 30
    patterns_set = re2.Set.SearchSet(options)
    for pattern in patterns:
        patterns_set.Add(pattern)
    patterns_set.Compile()
    return patterns_set


def match_tree(root: Path, patterns: Any) -> float:
    """Seconds spent running the set over each file of the tree, each read whole first
    (untimed)."""
    spent = 0.0
    for path in tree_files(root):
        with open(path, "rb") as handle:  # noqa: PTH123
            data = handle.read()
        start = time.perf_counter()
        patterns.Match(data)
        spent += time.perf_counter() - start
    return spent


def print_floor(
    label: str,
    root: Path,
    recorded: Recorded,
    timings: dict[str, list[float]],
    parts: FloorParts,
    cores: int,
) -> None:
    """The parts, the floor, and the most of ripgrep's throughput it leaves."""
    median = statistics.median
    start, ripgrep, bharosa = (median(timings[key]) for key in ("start", "ripgrep", "bharosa"))
    imports, read, match = median(parts.imports), median(parts.read), median(parts.match)
    accepted, refused = median(parts.accepted), median(parts.refused)
    floor = start + imports + (read + match + accepted) / cores
    rules_floor = floor + refused / cores
    print(f"\n== {label}: {root}")
    for key, values in (("accepted", recorded.accepted), ("refused", recorded.refused)):
        counts = ", ".join(f"{name} {len(found):,}" for name, found in values.items() if found)
        total = sum(len(found) for found in values.values())
        print(f"{key + ':':<9} {total:,} distinct values ({counts or 'none'})")
    loaded = sorted({name.split(".")[0] for name in recorded.modules})
    print(f"modules:  {len(recorded.modules)} of {', '.join(loaded)}")
    print()
    rows = [
        ("interpreter start (python -c pass)", start),
        ("importing the libraries' modules", imports),
        ("reading every file once (one core)", read),
        (f"matching the {len(recorded.patterns)} rule patterns as one set (one core)", match),
        ("validating the accepted values (one core)", accepted),
        ("validating the refused values (one core)", refused),
        (f"floor: start + imports + (read + match + accepted) / {cores}", floor),
        (f"floor of these rules: that + refused / {cores}", rules_floor),
        ("ripgrep (the rule patterns)", ripgrep),
        ("bharosa scan", bharosa),
    ]
    for name, seconds in rows:
        print(f"{name:<56} {seconds:>8.3f} s")
    print()
    for name, least in (("floor", floor), ("floor of these rules", rules_floor)):
        share = 100 * ripgrep / least
        print(
            f"{name}: ripgrep takes {share:.1f}% of its time, so a scan can have at most "
            f"{share:.1f}% of ripgrep's throughput; bharosa takes {bharosa / least:.1f}x it"
        )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_tree_options(parser)
    parser.add_argument("--runs", type=int, default=5, help="rounds to run (default: 5)")
    parser.add_argument(
        "--cores", type=int, default=os.cpu_count() or 1, help="cores the floor splits over"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.cores < 1:
        parser.error("--runs and --cores must be at least 1")
    if args.corpus is not None and not args.corpus.is_dir():
        parser.error(f"--corpus {args.corpus}: no such directory")
    return args


def main() -> None:
    args = parse_args()
    if args.child is not None:
        child(args.child)
        return
    rg = shutil.which("rg")
    if rg is None:
        sys.exit("ripgrep not found: install it with `apt-get install ripgrep`")
    compile_bytecode()
    label, root = main_target(args.corpus, args.generate_mb, args.seed)
    info = machine_info(ripgrep=tool_version([rg, "--version"]))
    print(f"{label}: warm-up pass and recording scan over {root} ...", file=sys.stderr)
    read_tree(root)
    with tempfile.TemporaryDirectory(prefix="bharosa-floor-") as scratch_dir:
        scratch = Path(scratch_dir)
        recorded = record_scan(root, scratch / "recorded.sarif")
        parts = FloorParts()
        start = [sys.executable, "-c", "pass"]
        commands = {
            "bharosa": bharosa_command(root, scratch, args.runs),
            "ripgrep": ripgrep_command(root, scratch, rg, rule_patterns(rg), args.runs),
            "start": Command("python -c pass", lambda: run_measured(start, (0,)), args.runs),
            "floor": floor_command(root, recorded, parts, args.runs),
        }
        timings = run_round_robin(commands)
    print(
        f"machine:  {info['cpus']} cores, {info['platform']}, Python {info['python']}; "
        f"bharosa {info['bharosa']}, {info['ripgrep']}; {info['date']}; {args.runs} round(s)"
    )
    seconds = {key: timing.seconds for key, timing in timings.items()}
    print_floor(label, root, recorded, seconds, parts, args.cores)


if __name__ == "__main__":
    main()
