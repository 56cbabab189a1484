"""Resource limits: per-file caps give notices, run caps and Ctrl-C end the run early with
the findings so far, marked partial, never a silent skip."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bharosa import git_scan, pipeline
from bharosa.limits import DEFAULT_LIMITS, INTERRUPTED, FileTimeoutError, file_time_limit
from tests.conftest import make_repo, run_cli

FILLER = ("lorem ipsum dolor sit amet " * 40 + "\n") * 400  # about 430 KB


def tree(root: Path, files: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        (root / f"notes_{i:03d}.txt").write_text(FILLER + f"mail priya.rao{i}@kavyatextiles.in\n")
    return root


def json_report(*args: str) -> tuple[int, dict[str, Any]]:
    result = run_cli([*args, "--format", "json", "--no-progress"])
    document: dict[str, Any] = json.loads(result.stdout)
    return result.code, document


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_run_size_cap_reports_what_was_found_as_partial(tmp_path: Path, jobs: str) -> None:
    root = tree(tmp_path / "tree", 80)
    code, document = json_report("scan", str(root), "--max-scan-mb", "5", "-j", jobs)
    assert code == 4
    assert document["summary"]["partial"] is True
    scanned = document["summary"]["files"]
    assert 0 < scanned < 80
    assert len(document["findings"]) == scanned
    (notice,) = [n for n in document["notices"] if n["code"] == "partial"]
    assert f"after {scanned} of 80 files" in notice["message"]
    sarif = run_cli(["scan", str(root), "--max-scan-mb", "5", "--format", "sarif"])
    (invocation,) = json.loads(sarif.stdout)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False


def test_a_whole_run_is_not_partial(tmp_path: Path) -> None:
    code, document = json_report("scan", str(tree(tmp_path / "tree", 3)), "--max-scan-mb", "50")
    assert code == 1
    assert document["summary"]["partial"] is False


def test_a_file_over_the_size_cap_is_named_and_the_rest_scanned(tmp_path: Path) -> None:
    root = tree(tmp_path / "tree", 1)
    (root / "dump.txt").write_text(FILLER * 3 + "mail anil.kumar@sunridgelogistics.co.in\n")
    (root / ".bharosa.toml").write_text("max-file-size-mb = 1\n")
    code, document = json_report("scan", str(root))
    assert code == 1
    assert [f["path"] for f in document["findings"]] == ["notes_000.txt"]
    (notice,) = [n for n in document["notices"] if n["code"] == "file-too-large"]
    assert notice["path"] == "dump.txt"
    assert "max-file-size-mb" in notice["message"]


def test_a_file_over_its_time_is_cut_short_with_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tree(tmp_path / "tree", 2)
    (root / ".bharosa.toml").write_text("file-timeout = 0.2\n")
    scan_text = pipeline._scan_text_file

    def stuck_on_the_first(entry: Any, scanner: Any, result: Any) -> None:
        if entry.path == "notes_000.txt":
            time.sleep(30)
        scan_text(entry, scanner, result)

    monkeypatch.setattr(pipeline, "_scan_text_file", stuck_on_the_first)
    started = time.monotonic()
    code, document = json_report("scan", str(root), "-j", "1")
    assert time.monotonic() - started < 20
    assert code == 1
    assert [f["path"] for f in document["findings"]] == ["notes_001.txt"]
    (notice,) = [n for n in document["notices"] if n["code"] == "file-time-limit"]
    assert notice["path"] == "notes_000.txt"


def test_the_file_time_limit_interrupts_a_backtracking_regex() -> None:
    """detect-secrets' plugins use Python's re, which can backtrack for minutes. (28
    characters take this regex some seconds: without the limit the test fails, not hangs.)"""
    started = time.monotonic()
    with pytest.raises(FileTimeoutError), file_time_limit(0.2):
        re.search(r"(a+)+$", "a" * 28 + "!")
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_ends_a_scan_promptly_with_a_partial_report(tmp_path: Path, jobs: str) -> None:
    # Enough files that Ctrl-C, two seconds in, lands mid-scan even with two jobs (a
    # scan that had ended would have written its whole report).
    root = tree(tmp_path / "tree", 2400)
    process = subprocess.Popen(
        [sys.executable, "-m", "bharosa", "scan", str(root), "-j", jobs, "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    time.sleep(2)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert b"Traceback" not in err
    document = json.loads(out)
    assert document["summary"]["partial"] is True
    assert 0 < len(document["findings"]) < 2400
    assert any("interrupted (Ctrl-C)" in n["message"] for n in document["notices"])


def test_ctrl_c_during_history_reports_the_blobs_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(
        tmp_path / "repo",
        {f"n{i}.txt": f"mail priya.rao{i}@kavyatextiles.in\n" for i in range(6)},
    )
    scan_whole = git_scan._scan_whole
    calls = []

    def interrupted_at_the_fourth(*args: Any) -> Any:
        calls.append(args)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return scan_whole(*args)

    monkeypatch.setattr(git_scan, "_scan_whole", interrupted_at_the_fourth)
    code, document = json_report("history", str(repo), "-j", "1")
    assert code == 130
    assert len(document["findings"]) == 3
    assert document["summary"]["partial"] is True


def test_limits_in_the_config_are_checked(tmp_path: Path) -> None:
    (tmp_path / ".bharosa.toml").write_text('file-timeout = "soon"\n')
    result = run_cli(["scan", str(tmp_path)])
    assert result.code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "file-timeout" in result.stderr


def test_a_file_interrupted_after_its_findings_is_left_out_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Ctrl-C (or a worker's stop signal) may land after a file's findings are in but
    # before it is counted: the partial report keeps neither.
    calls = []

    def scan_one(entry: Any, scanner: Any, result: pipeline.ScanResult, *rest: Any) -> None:
        calls.append(entry)
        result.findings.append(entry)
        result.stats.bytes_scanned += 10
        if len(calls) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "_scan_one", scan_one)
    result = pipeline._scan_each(["a", "b", "c", "d"], None, None, DEFAULT_LIMITS)  # type: ignore[arg-type]
    assert result.partial == INTERRUPTED
    assert result.findings == ["a", "b"]
    assert (result.stats.files, result.stats.bytes_scanned) == (2, 20)
