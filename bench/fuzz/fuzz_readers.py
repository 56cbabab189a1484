"""Fuzz targets for the structured readers: any bytes in, cells and notices out, never a crash.

One target per reader (CSV, TSV, JSON, JSON Lines, YAML, SQL, notebook, XLSX, Parquet).
Each input is read with the real reader and checked against the reader contract
(tests/property/reader_contract.py): no exception escapes, every item is a cell, field
or notice of a known code, placed on a line, within the limits. Inputs start from small
valid files (tests/property/seeds.py) and are mutated.

Engines: atheris (coverage-guided libFuzzer, `pip install -r bench/fuzz/requirements.txt`)
when it is installed, else hypothesis with a large example budget (its mutations of the
same seeds, plus hostile bytes from scratch). With atheris each reader runs in its own
process, since libFuzzer ends the process when it is done.

Per reader it prints the executions, crashes (an exception escaped the reader), contract
violations, hangs (an input that took over --hang-seconds; one still running at --timeout
is stopped, by libFuzzer or by an alarm) and the seconds of the slowest input. Inputs that
crashed, broke the contract or hung are saved under --artifacts (default
bench/.cache/fuzz/) with their traceback, and so is each reader's slowest input
(`slowest.bin`, when over a quarter of a second). The exit status is 1 when any reader
had a problem.

    python bench/fuzz/fuzz_readers.py --all [--runs 20000] [--engine auto|atheris|hypothesis]
    python bench/fuzz/fuzz_readers.py --reader json --runs 200000 [--pipeline]

`--pipeline` also scans each input the way the scan pipeline does (cells through the
detectors, then the text fallback), so bugs past the reader show too; it is slower.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

DEFAULT_ARTIFACTS = REPO / "bench" / ".cache" / "fuzz"
# A reader's slowest input is kept when it took longer than this (seconds).
_KEEP_SLOWEST_FROM = 0.25


@dataclass
class Tally:
    """What one reader's run did."""

    reader: str
    engine: str
    executions: int = 0
    crashes: int = 0
    violations: int = 0
    hangs: int = 0
    slowest: float = 0.0
    seconds: float = 0.0
    first_problem: str = ""

    @property
    def problems(self) -> int:
        return self.crashes + self.violations + self.hangs


class _Hang(BaseException):
    """Raised by the alarm in an input that runs too long (a BaseException, so the readers'
    own `except Exception` around damaged archives cannot swallow it)."""


class Target:
    """Runs inputs through one reader and tallies what went wrong."""

    def __init__(
        self, name: str, engine: str, artifacts: Path, hang_seconds: float, pipeline: bool
    ) -> None:
        from bharosa.detectors.structured.cells import ReaderLimits
        from tests.property.reader_contract import TIGHT_LIMITS
        from tests.property.seeds import case_named

        self.case = case_named(name)
        self.tally = Tally(name, engine)
        self.artifacts = artifacts / name
        self.hang_seconds = hang_seconds
        self.limits = (ReaderLimits(), TIGHT_LIMITS)
        self.scanner = _pipeline_scanner() if pipeline else None

    def run_one(self, data: bytes) -> None:
        """Read one input; record a crash, a broken contract or a hang."""
        from tests.property.reader_contract import check_items, read_all

        tally = self.tally
        tally.executions += 1
        limits = self.limits[tally.executions % 2]
        problem, detail = "", ""
        start = time.perf_counter()
        try:
            check_items(read_all(self.case, data, limits), self.case.path, limits)
            if self.scanner is not None:
                _scan_like_the_pipeline(self.case.path, data, self.scanner)
        except _Hang:
            problem, detail = "hang", traceback.format_exc()
        except AssertionError:
            problem, detail = "violation", traceback.format_exc()
        except Exception:
            problem, detail = "crash", traceback.format_exc()
        elapsed = time.perf_counter() - start
        if elapsed > tally.slowest:
            tally.slowest = elapsed
            if elapsed > _KEEP_SLOWEST_FROM:
                self.artifacts.mkdir(parents=True, exist_ok=True)
                (self.artifacts / "slowest.bin").write_bytes(data)
        if not problem and elapsed > self.hang_seconds:
            problem, detail = "hang", f"took {elapsed:.1f} s (limit {self.hang_seconds} s)"
        if problem:
            self._record(problem, data, detail)

    def _record(self, problem: str, data: bytes, detail: str) -> None:
        tally = self.tally
        if problem == "crash":
            tally.crashes += 1
        elif problem == "violation":
            tally.violations += 1
        else:
            tally.hangs += 1
        self.artifacts.mkdir(parents=True, exist_ok=True)
        stem = self.artifacts / f"{problem}-{hashlib.sha256(data).hexdigest()[:16]}"
        stem.with_suffix(".bin").write_bytes(data)
        stem.with_suffix(".txt").write_text(detail, encoding="utf-8")
        if not tally.first_problem:
            last = detail.strip().splitlines()[-1] if detail.strip() else problem
            tally.first_problem = f"{problem}: {last} ({stem.with_suffix('.bin')})"


def _pipeline_scanner() -> Any:
    from bharosa.config import Config
    from bharosa.rules.loading import load_rules
    from bharosa.scanner import Scanner

    return Scanner(Config(root=Path()), load_rules())


def _scan_like_the_pipeline(path: str, data: bytes, scanner: Any) -> None:
    from bharosa.pipeline import ScanResult, scan_content

    scan_content(path, data, scanner, ScanResult())


# hypothesis


def run_hypothesis(target: Target, runs: int, hard_timeout: float, seed: int) -> None:
    """`runs` inputs from hypothesis: mutated seeds and hostile bytes, no shrinking (a
    problem is recorded and the run goes on)."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis import strategies as st

    from tests.property.mutations import hostile_bytes, mutated
    from tests.property.seeds import seeds_of

    inputs = st.one_of(mutated(seeds_of(target.case.name)), hostile_bytes(max_size=65536))

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGALRM, on_alarm)

    @hypothesis_seed(seed)
    @settings(
        max_examples=runs,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(inputs)
    def one(data: bytes) -> None:
        signal.setitimer(signal.ITIMER_REAL, hard_timeout)
        try:
            target.run_one(data)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    try:
        one()
    finally:
        signal.signal(signal.SIGALRM, previous)


# atheris


def _dictionary(path: Path) -> None:
    """The format pieces as a libFuzzer dictionary, so mutations insert whole tokens."""
    from tests.property.mutations import BROKEN_UTF8, FORMAT_PIECES

    lines = []
    for piece in FORMAT_PIECES + BROKEN_UTF8:
        escaped = "".join(
            chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\x{b:02x}" for b in piece
        )
        lines.append(f'"{escaped}"')
    path.write_text("\n".join(lines) + "\n", encoding="ascii")


def atheris_child(args: argparse.Namespace) -> None:
    """In a process of its own: libFuzzer over one reader, tally written to --stats."""
    import atheris

    # Coverage comes from the modules imported here: bharosa, and the parsers it calls
    # that are Python (the readers import them lazily, so they are imported now).
    with atheris.instrument_imports(include=["bharosa", "yaml", "openpyxl", "et_xmlfile"]):
        import openpyxl  # noqa: F401
        import yaml  # noqa: F401

        from tests.property.seeds import seeds_of
    target = Target(args.reader, "atheris", args.artifacts, args.hang_seconds, args.pipeline)
    stats = Path(args.stats)
    last_write = [0.0]

    def write_stats() -> None:
        target.tally.seconds = time.perf_counter() - started
        stats.write_text(json.dumps(dataclasses.asdict(target.tally)), encoding="utf-8")
        last_write[0] = time.perf_counter()

    def one(data: bytes) -> None:
        tally = target.tally
        problems = tally.problems
        target.run_one(data)
        # libFuzzer ends the process with exit(): the tally is written as the run goes.
        if (
            tally.problems != problems
            or tally.executions >= args.runs
            or time.perf_counter() - last_write[0] > 1
        ):
            write_stats()

    # The parent's temporary directory: the corpus libFuzzer grows is dropped with it.
    work = stats.parent
    corpus = work / "corpus"
    corpus.mkdir()
    seeds = seeds_of(args.reader)
    for index, seed in enumerate(seeds):
        (corpus / f"seed-{index}").write_bytes(seed)
    _dictionary(work / "formats.dict")
    args.artifacts.mkdir(parents=True, exist_ok=True)
    flags = [
        sys.argv[0],
        f"-runs={args.runs}",
        f"-max_len={max(8192, 2 * max(len(s) for s in seeds))}",
        f"-timeout={int(args.timeout)}",
        "-rss_limit_mb=4096",
        f"-seed={args.seed}",
        f"-dict={work / 'formats.dict'}",
        f"-artifact_prefix={args.artifacts / args.reader}-",
        "-print_final_stats=1",
        str(corpus),
    ]
    started = time.perf_counter()
    write_stats()
    atheris.Setup(flags, one)
    atheris.Fuzz()


def run_atheris(name: str, args: argparse.Namespace) -> Tally:
    """One reader under libFuzzer, in a child process."""
    with tempfile.TemporaryDirectory() as tmp:
        stats = Path(tmp) / "stats.json"
        command = [
            sys.executable, __file__, "--atheris-child", "--reader", name,
            "--runs", str(args.runs), "--stats", str(stats), "--artifacts", str(args.artifacts),
            "--hang-seconds", str(args.hang_seconds), "--timeout", str(args.timeout),
            "--seed", str(args.seed), *(["--pipeline"] if args.pipeline else []),
        ]  # fmt: skip
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=tmp)
        seconds = time.perf_counter() - started
        tally = Tally(**json.loads(stats.read_text())) if stats.exists() else Tally(name, "atheris")
    tally.seconds = seconds
    finished = re.search(r"Done (\d+) runs in", done.stderr)
    if finished:
        tally.executions = int(finished.group(1))
    if done.returncode != 0:
        # libFuzzer stopped the run: a timeout (a hang), running out of memory, a signal.
        if "libFuzzer: timeout" in done.stderr:
            tally.hangs += 1
        else:
            tally.crashes += 1
        log = args.artifacts / f"{name}-libfuzzer.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(done.stderr, encoding="utf-8")
        tally.first_problem = tally.first_problem or f"libFuzzer exit {done.returncode} ({log})"
    return tally


def _row(tally: Tally) -> str:
    return (
        f"{tally.reader:<10}{tally.executions:>12,}{tally.crashes:>9}{tally.violations:>10}"
        f"{tally.hangs:>7}{tally.slowest:>11.2f}{tally.seconds:>9.0f}"
    )


def _engine(requested: str) -> str:
    if requested != "auto":
        return requested
    try:
        import atheris  # noqa: F401
    except ImportError:
        return "hypothesis"
    return "atheris"


def main(argv: list[str] | None = None) -> int:
    from hypothesis.configuration import set_hypothesis_home_dir

    # Hypothesis' caches go with the fuzz artifacts, not into the repository's `.hypothesis/`.
    set_hypothesis_home_dir(str(REPO / "bench" / ".cache" / "hypothesis"))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--reader", help="fuzz this reader (csv, tsv, json, jsonl, yaml, sql, "
                       "notebook, xlsx, parquet)")  # fmt: skip
    which.add_argument("--all", action="store_true", help="fuzz every reader in turn")
    parser.add_argument("--runs", type=int, default=20_000, help="executions per reader")
    parser.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    parser.add_argument("--hang-seconds", type=float, default=5.0, help="slower is a hang")
    parser.add_argument("--timeout", type=float, default=60.0, help="an input is stopped here")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--artifacts", type=Path, default=DEFAULT_ARTIFACTS)
    parser.add_argument("--pipeline", action="store_true", help="also scan as the pipeline does")
    parser.add_argument("--json", type=Path, help="also write the tallies here")
    parser.add_argument("--atheris-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--stats", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.atheris_child:
        # Nothing of bharosa is imported yet: atheris instruments it as it is imported.
        atheris_child(args)
        return 0
    from tests.property.seeds import CASE_NAMES

    if args.reader is not None and args.reader not in CASE_NAMES:
        parser.error(f"--reader: one of {', '.join(CASE_NAMES)}")
    engine = _engine(args.engine)
    names = CASE_NAMES if args.all else (args.reader,)
    print(f"engine {engine}, {args.runs} runs per reader, hang over {args.hang_seconds} s")
    print(f"{'reader':<10}{'executions':>12}{'crashes':>9}{'contract':>10}{'hangs':>7}"
          f"{'slowest s':>11}{'seconds':>9}")  # fmt: skip
    tallies = []
    for name in names:
        if engine == "atheris":
            tally = run_atheris(name, args)
        else:
            target = Target(name, engine, args.artifacts, args.hang_seconds, args.pipeline)
            started = time.perf_counter()
            run_hypothesis(target, args.runs, args.timeout, args.seed)
            tally = target.tally
            tally.seconds = time.perf_counter() - started
        tallies.append(tally)
        print(_row(tally), flush=True)
        if tally.first_problem:
            print(f"  {tally.first_problem}")
    total = sum(t.executions for t in tallies)
    problems = sum(t.problems for t in tallies)
    print(f"{len(tallies)} readers, {total:,} executions, {problems} problems")
    if args.json:
        args.json.write_text(json.dumps([dataclasses.asdict(t) for t in tallies], indent=1))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
