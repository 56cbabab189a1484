"""A large CSV scanned in bounded memory: throughput and peak RSS of `bharosa scan`.

Generates (seeded) a customer export of the given size, with an email, phone and
Aadhaar column among others, then runs `bharosa scan` on it once and prints MB/s and the
peak resident memory of the scan process (the goal: under 300 MB for 1 GB).

SARIF and text report one result per column and count very long columns from a sample;
JSON lists every occurrence (four a row here: tens of millions for 1 GB), so it reads
every value and writes a report larger than the file: expect it to be many times slower.

    python bench/large_csv.py [--size-mb 1024] [--format sarif|json|text] [--keep PATH]
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from faker import Faker
from stdnum import verhoeff

_POOL = 20_000


def _row_pool(seed: int) -> list[str]:
    fake = Faker(["en_IN", "en_US", "en_GB"])
    fake.seed_instance(seed)
    rng = random.Random(seed)
    rows = []
    for _ in range(_POOL):
        body = str(rng.randint(2, 9)) + "".join(rng.choice("0123456789") for _ in range(10))
        aadhaar = body + verhoeff.calc_check_digit(body)
        domain = fake.domain_name().replace("example", "exemplar")
        user = fake.user_name()
        mobile = f"+91 {rng.randint(70000, 99999)} {rng.randint(10000, 99999)}"
        city = fake.city().replace(",", " ")
        rows.append(
            f"{fake.name()},{user}@{domain},{mobile},{aadhaar},{city},{rng.randint(1, 9999)}"
        )
    return rows


def write_csv(path: Path, size_bytes: int, seed: int = 20261124) -> int:
    """Write a CSV of at least `size_bytes`; return its number of data rows."""
    pool = _row_pool(seed)
    rng = random.Random(seed)
    written = 0
    rows = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        header = "customer_id,name,email,mobile,aadhaar,city,orders\n"
        handle.write(header)
        written += len(header)
        while written < size_bytes:
            block = "".join(f"{rows + i},{rng.choice(pool)}\n" for i in range(10_000))
            handle.write(block)
            written += len(block.encode("utf-8"))
            rows += 10_000
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--keep", type=Path, help="write the CSV here and keep it")
    parser.add_argument("--format", choices=("sarif", "json", "text"), default="sarif")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = args.keep or Path(scratch) / "customers.csv"
        rows = write_csv(path, args.size_mb * 1024 * 1024)
        size = path.stat().st_size
        report = Path(scratch) / f"report.{args.format}"
        start = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, "-m", "bharosa", "scan", str(path), "--no-progress",
             "--format", args.format, "-o", str(report)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"file: {size / 1e6:,.0f} MB, {rows:,} rows; exit code {completed.returncode}")
        print(f"time: {elapsed:.1f} s, {size / 1e6 / elapsed:.1f} MB/s")
        print(f"peak RSS of the scan: {peak:.0f} MB (goal: under 300 MB)")
        print(f"{args.format} report: {report.stat().st_size / 1e6:,.1f} MB")
        if completed.returncode not in (0, 1):
            print(completed.stderr)


if __name__ == "__main__":
    main()
