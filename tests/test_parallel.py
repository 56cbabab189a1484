"""Worker processes (-j) change how fast a scan is, never what it reports."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
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


def test_tasks_are_consecutive_runs_of_about_even_bytes_largest_first(tmp_path: Path) -> None:
    from bharosa.pipeline import _FILES_PER_TASK, _tasks
    from bharosa.sources.worktree import FileEntry

    # Three large exports side by side in one directory among many small files: each large
    # one is a task of its own, not one task holding all three.
    sizes = [100] * 40 + [300_000, 250_000, 200_000] + [100] * 40
    files = []
    for index, size in enumerate(sizes):
        path = tmp_path / f"f{index:03}.csv"
        path.write_bytes(b"x" * size)
        files.append(FileEntry(path.name, path))
    tasks = _tasks(files, jobs=2)
    assert [task.size for task in tasks[:3]] == [300_000, 250_000, 200_000]
    assert all(len(task.files) == 1 for task in tasks[:3])
    assert [task.size for task in tasks] == sorted((task.size for task in tasks), reverse=True)
    assert all(len(task.files) <= _FILES_PER_TASK for task in tasks)
    in_order = sorted(tasks, key=lambda task: task.start)
    assert [entry for task in in_order for entry in task.files] == files
    assert all(task.files[0] is files[task.start] for task in tasks)


_IDLE_WORKER = """
import sys, time
from bharosa.workers import map_in_workers

def work(task, count):
    if task == "slow":
        try:
            time.sleep(20)
        except KeyboardInterrupt:
            return "stopped"
    return "done"

mapped = map_in_workers(work, ["slow", "quick"], 2, 2)
print(mapped.stopped, sorted(mapped.results))
"""


def test_ctrl_c_while_a_worker_is_idle_prints_no_traceback() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", _IDLE_WORKER],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(1.5)  # the quick task is long done: its worker waits for another
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert err == ""  # no worker's traceback, nor its "Process ForkProcess-1:" heading
    assert out.split()[-2:] == ["['done',", "'stopped']"]


def _count_items(task: int, count: Any) -> int:
    for done in range(1, task + 1):
        count(done, task, done * 1000)
    return task


def test_workers_progress_adds_up_to_every_item_and_byte() -> None:
    from bharosa.workers import map_in_workers

    # Tasks of uneven sizes, none a multiple of how often a worker publishes its figures:
    # the last figures of each task still reach the sums.
    tasks = [1, 63, 65, 130, 7]
    seen: list[tuple[int, int, int]] = []
    mapped = map_in_workers(
        _count_items, tasks, 2, sum(tasks), lambda *figures: seen.append(figures)
    )
    assert mapped.results == tasks
    assert seen[-1] == (sum(tasks), sum(tasks), sum(tasks) * 1000)
