"""Worker processes (-j) change how fast a scan is, never what it reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import git, make_repo, run_cli
from tests.corpus import build_corpus


def _report(args: list[str], out: Path) -> dict[str, Any]:
    result = run_cli([*args, "--format", "json", "-o", str(out)])
    assert result.code in (0, 1), result.output
    report: dict[str, Any] = json.loads(out.read_text())
    return report


def test_a_scan_with_two_workers_reports_exactly_what_one_does(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path / "corpus", files=300)
    one = _report(["scan", str(corpus.root), "-j", "1"], tmp_path / "one.json")
    two = _report(["scan", str(corpus.root), "-j", "2"], tmp_path / "two.json")
    assert one["findings"], "the corpus plants customer emails"
    for key in ("findings", "columns", "notices", "summary"):
        assert one[key] == two[key], key


def test_history_with_two_workers_reports_exactly_what_one_does(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    for round_number in range(3):
        for index in range(400):
            folder = repo / f"part{index % 7}"
            folder.mkdir(exist_ok=True)
            text = f"row {index} round {round_number}\n"
            if index % 50 == round_number:
                text += f"contact: user{index}.r{round_number}@kavyatextiles.in\n"
            (folder / f"file{index}.txt").write_text(text)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", f"round {round_number}")
    one = _report(["history", str(repo), "-j", "1"], tmp_path / "one.json")
    two = _report(["history", str(repo), "-j", "2"], tmp_path / "two.json")
    assert len(one["findings"]) == 24
    for key in ("findings", "columns", "notices", "summary"):
        assert one[key] == two[key], key
