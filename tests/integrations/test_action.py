"""The GitHub Action (action.yml): schema-valid, injection-safe, and its scan step really runs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import CUSTOMER_EMAILS, REPO_ROOT, git, make_repo

ACTION = REPO_ROOT / "action.yml"
README = REPO_ROOT / "README.md"
needs_check_jsonschema = pytest.mark.skipif(
    shutil.which("check-jsonschema") is None, reason="check-jsonschema is a test extra"
)


def _action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(ACTION.read_text())
    return loaded


def _step(name: str) -> dict[str, Any]:
    steps: list[dict[str, Any]] = _action()["runs"]["steps"]
    return next(step for step in steps if step.get("name") == name)


def _readme_block(heading: str, language: str) -> str:
    """The first fenced block of `language` after a README heading."""
    text = README.read_text()
    start = text.index(heading)
    found = re.search(rf"```{language}\n(.*?)```", text[start:], re.S)
    assert found, f"no {language} block under {heading!r}"
    return found.group(1)


@needs_check_jsonschema
def test_action_yml_is_valid_against_githubs_action_schema() -> None:
    result = subprocess.run(
        ["check-jsonschema", "--builtin-schema", "vendor.github-actions", str(ACTION)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@needs_check_jsonschema
def test_readme_workflow_is_valid_against_githubs_workflow_schema(tmp_path: Path) -> None:
    workflow = tmp_path / "bharosa.yml"
    workflow.write_text(_readme_block("### GitHub Action", "yaml"))
    result = subprocess.run(
        ["check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(workflow)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    if shutil.which("actionlint"):
        lint = subprocess.run(["actionlint", str(workflow)], capture_output=True, text=True)
        assert lint.returncode == 0, lint.stdout + lint.stderr


def test_readme_pre_commit_config_uses_the_hook() -> None:
    config = yaml.safe_load(_readme_block("### pre-commit", "yaml"))
    (repo,) = config["repos"]
    assert [hook["id"] for hook in repo["hooks"]] == ["bharosa"]


def test_no_expression_is_expanded_inside_a_run_script() -> None:
    """Inputs and event fields reach scripts only through `env:` (no script injection)."""
    for step in _action()["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]


def test_upload_runs_even_when_the_scan_fails_on_findings() -> None:
    upload = _step("Upload SARIF to code scanning")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "!cancelled()" in upload["if"]
    assert "inputs.upload == 'true'" in upload["if"]


def test_inputs_are_the_documented_ones() -> None:
    inputs = set(_action()["inputs"])
    assert inputs == {
        "path", "mode", "config", "baseline", "fail-on", "sarif-file", "upload", "category",
    }  # fmt: skip


def _run_scan_step(
    repo: Path, tmp_path: Path, mode: str, **extra: str
) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """The action's scan script, run by bash as the runner would, with bharosa on PATH."""
    script = _step("Scan")["run"]
    sarif = tmp_path / f"{mode}.sarif"
    summary = tmp_path / f"{mode}-summary.md"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "SCAN_PATH": str(repo),
        "MODE": mode,
        "CONFIG": "",
        "BASELINE": "",
        "FAIL_ON": "warning",
        "SARIF_FILE": str(sarif),
        "EVENT_NAME": "pull_request",
        "BASE_SHA": "",
        "HEAD_SHA": "",
        "GITHUB_STEP_SUMMARY": str(summary),
        **extra,
    }
    result = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    return result, sarif, summary


@pytest.fixture
def pr_repo(tmp_path: Path) -> tuple[Path, str, str]:
    repo = make_repo(tmp_path / "repo", {"app.py": "print('shop')\n"})
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "fixtures.txt").write_text(f"owner: {CUSTOMER_EMAILS[1]}\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "add fixtures")
    return repo, base, git(repo, "rev-parse", "HEAD").strip()


def test_pr_mode_scans_the_range_writes_sarif_and_a_summary_and_fails(
    pr_repo: tuple[Path, str, str], tmp_path: Path
) -> None:
    repo, base, head = pr_repo
    result, sarif, summary = _run_scan_step(repo, tmp_path, "pr", BASE_SHA=base, HEAD_SHA=head)
    assert result.returncode == 1, result.stdout + result.stderr
    report = json.loads(sarif.read_text())
    (run,) = report["runs"]
    assert [r["ruleId"] for r in run["results"]] == ["pii.email"]
    text = summary.read_text()
    assert "| error |" in text and "fixtures.txt" in text
    assert CUSTOMER_EMAILS[1] not in text + sarif.read_text() + result.stdout + result.stderr


def test_pr_mode_passes_when_the_range_adds_nothing(
    pr_repo: tuple[Path, str, str], tmp_path: Path
) -> None:
    repo, _, head = pr_repo
    (repo / "app.py").write_text("print('shop!')\n")
    git(repo, "commit", "-q", "-am", "tweak")
    result, sarif, _ = _run_scan_step(
        repo, tmp_path, "pr", BASE_SHA=head, HEAD_SHA=git(repo, "rev-parse", "HEAD").strip()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(sarif.read_text())["runs"][0]["results"] == []


def test_full_and_history_modes(pr_repo: tuple[Path, str, str], tmp_path: Path) -> None:
    repo, _, _ = pr_repo
    for mode in ("full", "history"):
        result, sarif, _ = _run_scan_step(repo, tmp_path, mode)
        assert result.returncode == 1, mode + result.stderr
        assert json.loads(sarif.read_text())["runs"][0]["results"]


def test_pr_mode_outside_a_pull_request_and_unknown_modes_are_errors(
    pr_repo: tuple[Path, str, str], tmp_path: Path
) -> None:
    repo, _, _ = pr_repo
    outside, _, _ = _run_scan_step(repo, tmp_path, "pr", EVENT_NAME="push")
    assert outside.returncode == 2
    assert "::error::" in outside.stdout
    unknown, _, _ = _run_scan_step(repo, tmp_path, "everything")
    assert unknown.returncode == 2
