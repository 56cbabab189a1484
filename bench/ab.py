"""Two builds of bharosa, one command, run alternately: did a change make it faster?

This workplace's VMs drift in speed by 30% or more within an hour, so two benchmark runs
made minutes apart cannot tell a 10% change from noise. This runs the same bharosa command
with an earlier commit's sources (a temporary `git worktree` of `--base`) and with the
checkout's own, one after the other, round after round, and prints each build's median
and min wall seconds, peak RSS and the ratio of the medians. Both builds use this
environment's installed dependencies; only bharosa's own sources (and its rule packs)
differ; a tree with the C module (`hatch_build.py`) has it compiled in place first.
Whatever the command writes goes to a temporary file, never to the terminal, so no found
value is printed.

    python bench/ab.py --base c37a44f --runs 6 -- history /tmp/pytest -j2 --format json
    python bench/ab.py --base HEAD~3 -- scan bench/.cache/corpus-20-20261124 --format sarif
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import (
    Command,
    Timing,
    compile_bytecode,
    median_ratio,
    run_measured,
    run_round_robin,
)

REPO = Path(__file__).resolve().parents[1]
SCANNER_OK = (0, 1)  # bharosa exits 1 when it finds something


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the earlier commit to compare with")
    parser.add_argument("--runs", type=int, default=5, help="rounds (default 5)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then bharosa's arguments")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the bharosa command after --")
    with tempfile.TemporaryDirectory() as scratch:
        base_tree = Path(scratch) / "base"
        _git("worktree", "add", "--detach", "--quiet", str(base_tree), args.base)
        try:
            for tree in (base_tree, REPO):
                _compile_native(tree)
                compile_bytecode(tree / "src" / "bharosa")
            timings = run_round_robin(
                {
                    "base": _build(f"base ({args.base})", base_tree, command, scratch, args.runs),
                    "this": _build("this checkout", REPO, command, scratch, args.runs),
                }
            )
        finally:
            _git("worktree", "remove", "--force", str(base_tree))
    _print(command, timings)


def _build(name: str, tree: Path, command: list[str], scratch: str, runs: int) -> Command:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    argv = [sys.executable, "-m", "bharosa", *command]
    out = Path(scratch) / "report"
    return Command(name, lambda: run_measured(argv, SCANNER_OK, env=env, stdout=out), runs)


# Compiles a tree's C modules beside their sources, as an editable install does (with the
# tree's own hatch_build.py, so an earlier commit builds its own versions; one from before
# build_in_place had one module, which _compile returned alone).
_BUILD_IN_PLACE = """
import pathlib, shutil, sys, tempfile
import hatch_build
root = pathlib.Path(sys.argv[1])
if hasattr(hatch_build, "build_in_place"):
    hatch_build.build_in_place(root)
else:
    with tempfile.TemporaryDirectory() as scratch:
        built = hatch_build._compile(root, pathlib.Path(scratch))
        shutil.copyfile(built, root / "src" / "bharosa" / "sources" / built.name)
"""


def _compile_native(tree: Path) -> None:
    if (tree / "hatch_build.py").exists():
        subprocess.run([sys.executable, "-c", _BUILD_IN_PLACE, str(tree)], cwd=tree, check=True)


def _git(*args: str) -> None:
    subprocess.run(["git", "-C", str(REPO), *args], check=True)


def _print(command: list[str], timings: dict[str, Timing]) -> None:
    print(f"command: bharosa {' '.join(command)}")
    print(f"{'build':28} {'median s':>9} {'min s':>8}  {'peak RSS MiB':>12}  runs")
    for timing in timings.values():
        rss = f"{timing.peak_rss_mib:.0f}" if timing.peak_rss_mib is not None else "-"
        runs = " ".join(f"{s:.2f}" for s in timing.seconds)
        fastest = min(timing.seconds)
        print(f"{timing.name:28} {timing.median:9.2f} {fastest:8.2f}  {rss:>12}  {runs}")
    ratio = median_ratio(timings["this"], timings["base"])
    if ratio is not None:
        print(f"this checkout takes {ratio:.2f}x the base's time (median)")


if __name__ == "__main__":
    main()
