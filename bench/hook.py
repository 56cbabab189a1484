"""The pre-commit hook's cost: `bharosa scan` of a handful of small files, side by side.

A hook runs on every commit, so what counts is the wall time of one short run: start-up
(imports, rules, compiled patterns) more than throughput. This times, round-robin (one run
of each per round) over the same five small files of the bundled example repository:

1. `bharosa scan FILES --no-progress --no-color`: the hook's own entry
   (.pre-commit-hooks.yaml), each file's findings included; and the same over five clean
   small modules of bharosa itself (the common commit), with detect-secrets-hook too;
2. `detect-secrets-hook FILES`: what detect-secrets' pre-commit hook runs;
3. `gitleaks dir DIR` over a copy of the five files (with `--gitleaks PATH`, or gitleaks on
   PATH): gitleaks' own scan of files that are not in git history;
4. `python -c pass`: the interpreter's own start-up, the floor of any Python hook;

and prints the median, min and max wall seconds, the ratios to bharosa, and the ten
slowest imports of one bharosa run (`python -X importtime`). Bytecode caching is on for
every Python tool (PYTHONDONTWRITEBYTECODE is dropped), as in an installed package. Found
values are never printed: every tool's output is discarded.

    python bench/hook.py [--runs 20] [--gitleaks PATH] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from timing import (
    Command,
    Timing,
    compile_bytecode,
    find_gitleaks,
    import_times,
    machine_info,
    median_ratio,
    run_measured,
    run_round_robin,
    tool_version,
)

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "leaky-repo"
# Small files of several kinds, as a commit touches them: code, config, docs, a fixture.
FILES = (
    "app/mailer.py",
    "app/settings.py",
    "config/production.env",
    "docs/support.md",
    "tests/fixtures/payments.py",
)
# A clean commit, the common case: five small modules of bharosa itself.
ROOT = EXAMPLE.parent.parent
CLEAN_FILES = (
    "src/bharosa/errors.py",
    "src/bharosa/notices.py",
    "src/bharosa/stats.py",
    "src/bharosa/sources/document.py",
    "src/bharosa/report/__init__.py",
)
SCANNER_OK = (0, 1)  # each scanner exits 1 when it finds something


Env = dict[str, str]


def bytecode_env() -> Env:
    """The environment with bytecode caching on: an installed package (pre-commit installs
    the hook with pip) has its modules compiled, and the untimed first run writes them for
    a checkout, so no tool pays for compiling its sources on every run."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def timed(name: str, argv: list[str], ok: Sequence[int], cwd: Path, env: Env, runs: int) -> Command:
    """A command run in `cwd` (its arguments bound here, not looked up when it runs)."""
    return Command(name, lambda: run_measured(argv, ok, cwd, env), runs)


def commands(files: list[str], copy: Path, gitleaks: str | None, runs: int) -> dict[str, Command]:
    """The commands to time: bharosa and detect-secrets' hook over each set of five files,
    gitleaks over the example files, and the interpreter's start-up."""
    env = bytecode_env()
    bharosa = [sys.executable, "-m", "bharosa", "scan", "--no-progress", "--no-color"]
    hook = shutil.which("detect-secrets-hook", path=str(Path(sys.executable).parent))
    chosen: dict[str, Command] = {}
    # The example files hold planted data (exit 1 expected); the clean ones none.
    for key, label, names, cwd, ok in (
        ("", "example", files, EXAMPLE, SCANNER_OK),
        ("-clean", "clean", list(CLEAN_FILES), ROOT, (0,)),
    ):
        chosen["bharosa" + key] = timed(
            f"bharosa scan ({label})", [*bharosa, *names], ok, cwd, env, runs
        )
        if hook is not None:
            chosen["detect-secrets" + key] = timed(
                f"detect-secrets-hook ({label})", [hook, *names], ok, cwd, env, runs
            )
    if gitleaks is not None:
        argv = [gitleaks, "dir", str(copy), "--no-banner", "--exit-code", "1"]
        chosen["gitleaks"] = timed("gitleaks dir", argv, SCANNER_OK, EXAMPLE, env, runs)
    floor = [sys.executable, "-c", "pass"]
    chosen["python"] = timed("python -c pass", floor, (0,), ROOT, env, runs)
    return chosen


def slowest_imports(files: list[str], count: int = 10) -> list[tuple[str, float]]:
    """The top-level imports of one hook run that took longest (cumulative milliseconds)."""
    argv = [sys.executable, "-X", "importtime", "-m", "bharosa", "scan", "--no-progress", *files]
    completed = subprocess.run(
        argv, cwd=EXAMPLE, env=bytecode_env(), capture_output=True, text=True, check=False
    )
    # Only imports made at the top level: the others are counted in their parents.
    found = [
        (module.name, module.cumulative_us / 1000)
        for module in import_times(completed.stderr)
        if module.depth == 0
    ]
    return sorted(found, key=lambda item: item[1], reverse=True)[:count]


def report(
    timings: dict[str, Timing], imports: list[tuple[str, float]], info: dict[str, Any]
) -> None:
    load = " ".join(map(str, info["load_average"]))
    print(f"files:    {len(FILES)} files of {EXAMPLE.name}: {', '.join(FILES)}")
    print(f"clean:    {', '.join(CLEAN_FILES)}")
    print(f"machine:  {info['cpus']} CPUs, {info['platform']}, Python {info['python']}, "
          f"load average {load}")  # fmt: skip
    print(f"date:     {info['date']}")
    print()
    print(f"{'tool':<30}{'median s':>10}{'min s':>9}{'max s':>9}")
    for timing in timings.values():
        print(
            f"{timing.name:<30}{timing.median:>10.3f}{min(timing.seconds):>9.3f}"
            f"{max(timing.seconds):>9.3f}"
        )
    print()
    for mine, theirs in (
        ("bharosa", "detect-secrets"),
        ("bharosa", "gitleaks"),
        ("bharosa", "python"),
        ("bharosa-clean", "detect-secrets-clean"),
    ):
        ratio = median_ratio(timings.get(mine), timings.get(theirs))
        if ratio is not None:
            print(f"{timings[mine].name} takes {ratio:.2f}x the time of {timings[theirs].name}")
    print()
    print("slowest top-level imports of one bharosa run (cumulative ms):")
    for module, milliseconds in imports:
        print(f"  {milliseconds:8.1f}  {module}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="rounds to run (default: 20)")
    parser.add_argument("--gitleaks", help="the gitleaks binary (default: gitleaks on PATH)")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = parser.parse_args()
    compile_bytecode()
    gitleaks = find_gitleaks(args.gitleaks)
    files = list(FILES)
    with tempfile.TemporaryDirectory(prefix="bharosa-hook-") as scratch:
        copy = Path(scratch)
        for name in files:
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(EXAMPLE / name, target)
        chosen = commands(files, copy, gitleaks, args.runs)
        # One untimed run of each: the page cache, Python's bytecode cache and bharosa's
        # start-up cache (parsed rule packs, secrets gates) are warm, as on every commit but
        # the first.
        for command in chosen.values():
            command.run()
        timings = run_round_robin(chosen)
    imports = slowest_imports(files)
    info = machine_info(gitleaks=tool_version([gitleaks, "version"]) if gitleaks else None)
    report(timings, imports, info)
    if args.json is not None:
        raw = {"machine": info, "timings": {k: asdict(t) for k, t in timings.items()},
               "imports": imports}  # fmt: skip
        args.json.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
