"""A seeded git history of data files edited commit after commit, for `bench/history.py`.

What a product repository's fixtures and exports go through: a few data files (a CSV
export, a JSON fixture, a JSON Lines event log and an SQL dump, each about 1 MB and full of
invented customers, from bench/code_tree.py's generators) committed, then edited in every
later commit: some rows changed in place, some rows appended. Every version is a new blob,
most of whose lines the version before already held, which is what a history scan must not
read again and again.

    python bench/data_history.py /tmp/data-history [--commits 100] [--seed N]
    python bench/history.py /tmp/data-history --runs 5 --gitleaks PATH

The same seed gives the same commits, byte for byte (fixed author dates). The target
directory must not exist.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from code_tree import DEFAULT_SEED, Pools, csv_file, json_file, jsonl_file, sql_file

# The files, each made by its generator for a table of customers.
FILES: dict[str, tuple[Callable[[Pools, int, str], str], str]] = {
    "exports/customers.csv": (csv_file, "customers"),
    "fixtures/payments.json": (json_file, "payments"),
    "events/kyc.jsonl": (jsonl_file, "kyc"),
    "dumps/us_customers.sql": (sql_file, "us_customers"),
}
FILE_BYTES = 1_000_000
# Per file and commit: rows changed in place, and rows appended.
CHANGED_ROWS = 10
APPENDED_ROWS = 30
_EPOCH = 1_700_000_000


def _record_lines(lines: list[str]) -> list[int]:
    """The indexes of the lines that hold a value of a record (not a header, a bracket or a
    statement's first line)."""
    return [
        index
        for index, line in enumerate(lines)
        if line.strip() and line[:1] in " {(0123456789" and line.strip() not in ("{", "},", "}")
    ]


def _fresh_lines(pools: Pools, name: str, count: int, copy_rows: bool) -> list[str]:
    """`count` lines of new records for the file, made by its own generator. An SQL dump's
    are rows of VALUES, or with `copy_rows` of a COPY block, as the dump's own are (its
    generator writes either)."""
    make, table = FILES[name]
    lines: list[str] = []
    while len(lines) < count:
        made = make(pools, 4_000, table).split("\n")
        records = [made[i] for i in _record_lines(made)]
        if name.endswith(".sql"):
            records = [line for line in records if line.startswith("  (") != copy_rows]
        lines += records
    return lines[:count]


def _edit(pools: Pools, name: str, text: str) -> str:
    """The next version: rows changed in place, like-for-like lines, and rows appended."""
    lines = text.split("\n")
    copy_rows = name.endswith(".sql") and "\nCOPY " in text
    fresh = _fresh_lines(pools, name, CHANGED_ROWS + APPENDED_ROWS, copy_rows)
    editable = _record_lines(lines)
    for new in fresh[:CHANGED_ROWS]:
        # A line of the same shape (its key, for JSON) is replaced; a row of VALUES keeps
        # the `,` or `;` that ends it.
        key = new.split(":", 1)[0] if name.endswith(".json") else None
        choices = [i for i in editable if key is None or lines[i].startswith(key + ":")]
        if choices:
            at = pools.rng.choice(choices)
            old = lines[at]
            if name.endswith(".sql") and old.endswith((",", ";")):
                new = new.rstrip(",;") + old[-1]
            lines[at] = new
    appended = fresh[CHANGED_ROWS:]
    if name.endswith((".csv", ".jsonl")):
        return "\n".join(lines).rstrip("\n") + "\n" + "\n".join(appended) + "\n"
    return "\n".join(lines)


def _commit(repo: Path, number: int) -> None:
    stamp = f"{_EPOCH + number * 3600} +0000"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    subprocess.run(
        ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "commit",
         "-q", "-m", f"data update {number}"],
        cwd=repo, check=True, env=env,
    )  # fmt: skip


def build(repo: Path, commits: int, seed: int) -> None:
    """Write the repository: the files, then `commits - 1` edits of each."""
    pools = Pools(seed)
    repo.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    texts: dict[str, str] = {}
    for name, (make, table) in FILES.items():
        texts[name] = make(pools, FILE_BYTES, table)
    for number in range(commits):
        if number:
            texts = {name: _edit(pools, name, text) for name, text in texts.items()}
        for name, text in texts.items():
            path = repo / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        _commit(repo, number)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("repo", type=Path, help="where to create the repository")
    parser.add_argument("--commits", type=int, default=100)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    if args.repo.exists():
        sys.exit(f"{args.repo} exists: give a path to create")
    if args.commits < 1:
        parser.error("--commits must be at least 1")
    build(args.repo, args.commits, args.seed)
    print(args.repo)


if __name__ == "__main__":
    main()
