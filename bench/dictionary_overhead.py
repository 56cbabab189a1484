"""How much a 100,000-term customer dictionary slows a scan (the goal: less than 2x).

Generates a seeded corpus of ~5,000 files and a terms file, then times `bharosa scan`
without and with the dictionary, best of N runs each, alternating.

    python bench/dictionary_overhead.py [--files 1000] [--terms 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.corpus import build_corpus


def _time_scan(root: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bharosa", "scan", str(root), "--no-progress"],
        capture_output=True,
        check=False,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        corpus = build_corpus(work / "corpus", files=args.files)
        rng = random.Random(7)
        names = ["Kavya", "Sunridge", "Brightwater", "Harborline", "Deccan", "Tarang"]
        terms = [f"{rng.choice(names)} {rng.randint(0, 10**7)} Traders" for _ in range(args.terms)]
        (work / "terms.txt").write_text("\n".join(terms), encoding="utf-8")
        config = corpus.root / ".bharosa.toml"
        with_dictionary = f'[dictionaries.customers]\nterms = "{work / "terms.txt"}"\n'
        plain, loaded = [], []
        for _ in range(args.runs):
            config.unlink(missing_ok=True)
            plain.append(_time_scan(corpus.root))
            config.write_text(with_dictionary, encoding="utf-8")
            loaded.append(_time_scan(corpus.root))
        size = sum(p.stat().st_size for p in corpus.root.rglob("*") if p.is_file())
        print(f"corpus: {args.files} files, {size / 1e6:.1f} MB; dictionary: {args.terms} terms")
        print(f"scan without dictionary: {min(plain):.3f} s (best of {args.runs})")
        print(f"scan with dictionary:    {min(loaded):.3f} s (best of {args.runs})")
        print(f"ratio: {min(loaded) / min(plain):.2f}x (goal: under 2x)")


if __name__ == "__main__":
    main()
