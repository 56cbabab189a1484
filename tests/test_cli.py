"""The command line: exit codes, formats, masking everywhere, and no tracebacks for users."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bharosa import __version__
from tests.conftest import CUSTOMER_EMAILS, EXAMPLE_REPO, make_repo, run_bharosa, run_cli


def leaky_tree(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "customers.txt").write_text(
        "Customers\n" + "".join(f"n{i} <{e}>\n" for i, e in enumerate(CUSTOMER_EMAILS))
    )
    (root / "clean.py").write_text("print('hello')  # contact support@example.com\n")
    return root


def assert_no_raw_values(*texts: str) -> None:
    for text in texts:
        for email in CUSTOMER_EMAILS:
            assert email not in text
            assert email.split("@")[0] not in text


def test_version() -> None:
    result = run_cli(["--version"])
    assert result.code == 0
    assert result.stdout.strip() == f"bharosa {__version__}"


def test_findings_exit_1_and_values_are_masked(tmp_path: Path) -> None:
    root = leaky_tree(tmp_path / "repo")
    result = run_cli(["scan", str(root)])
    assert result.code == 1
    assert "customers.txt" in result.stdout
    assert "p***@k***.in" in result.stdout
    assert "3 findings (3 error) in 1 file" in result.stdout
    assert_no_raw_values(result.stdout, result.stderr)


def test_clean_tree_exits_0(tmp_path: Path) -> None:
    root = tmp_path / "clean"
    root.mkdir()
    (root / "a.py").write_text("x = 'support@example.com'\n")
    result = run_cli(["scan", str(root)])
    assert result.code == 0
    assert "No findings" in result.stdout


def test_json_output_file_is_masked(tmp_path: Path) -> None:
    root = leaky_tree(tmp_path / "repo")
    out = tmp_path / "report.json"
    result = run_cli(["scan", str(root), "--format", "json", "--output", str(out)])
    assert result.code == 1
    assert result.stdout == ""
    report = out.read_text()
    assert len(json.loads(report)["findings"]) == 3
    assert_no_raw_values(report, result.stderr)


def test_show_values_prints_values_and_warns(tmp_path: Path) -> None:
    root = leaky_tree(tmp_path / "repo")
    result = run_cli(["scan", str(root), "--show-values"])
    assert all(email in result.stdout for email in CUSTOMER_EMAILS)
    assert "--show-values printed raw customer data" in result.stderr


def test_fail_on_error_with_only_warnings_exits_0(tmp_path: Path) -> None:
    root = leaky_tree(tmp_path / "repo")
    (root / ".bharosa.toml").write_text('fail-on = "error"\n')
    assert run_cli(["scan", str(root)]).code == 1
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "w.yaml").write_text(
        """
- id: acme.code
  name: Code
  description: A code.
  kind: code
  severity: warning
  confidence: high
  pattern: 'ZZ-\\d{4}'
  examples: {positive: ["ZZ-1234"]}
"""
    )
    (root / "customers.txt").unlink()
    (root / "codes.txt").write_text("ZZ-9999\n")
    result = run_cli(["scan", str(root), "--rules", str(rules)])
    assert result.code == 0
    assert "acme.code" in result.stdout
    assert run_cli(["scan", str(root), "--rules", str(rules), "--fail-on", "warning"]).code == 1


def test_explicit_files_as_pre_commit_passes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = leaky_tree(tmp_path / "repo")
    monkeypatch.chdir(root)
    result = run_cli(["scan", "customers.txt", "clean.py"])
    assert result.code == 1
    assert result.stdout.startswith("customers.txt\n")
    assert run_cli(["scan", "clean.py"]).code == 0


def test_config_excludes_apply_to_explicit_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = leaky_tree(tmp_path / "repo")
    (root / ".bharosa.toml").write_text('exclude = ["*.txt"]\n')
    monkeypatch.chdir(root)
    assert run_cli(["scan", "customers.txt"]).code == 0


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli(["scan", str(tmp_path / "nope")])
    assert result.code == 2
    assert (
        result.stderr.strip() == f"bharosa: error: {tmp_path / 'nope'}: no such file or directory"
    )


def test_bad_flag_is_exit_2() -> None:
    result = run_cli(["scan", "--format", "xml"])
    assert result.code == 2
    assert "Traceback" not in result.output


def test_internal_error_is_exit_3_and_hides_the_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = leaky_tree(tmp_path / "repo")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"cannot handle {CUSTOMER_EMAILS[0]}")

    monkeypatch.setattr("bharosa.pipeline.scan_paths", broken)
    result = run_cli(["scan", str(root)])
    assert result.code == 3
    assert "internal error: RuntimeError" in result.stderr
    assert "--debug" in result.stderr
    assert "Traceback" not in result.stderr
    assert_no_raw_values(result.stdout, result.stderr)
    debug = run_cli(["--debug", "scan", str(root)])
    assert debug.code == 3
    assert "Traceback" in debug.stderr


def test_rules_list_and_show() -> None:
    listed = run_cli(["rules", "list"])
    assert listed.code == 0
    assert "pii.email" in listed.stdout
    shown = run_cli(["rules", "show", "pii.email"])
    assert shown.code == 0
    assert "Customer email address" in shown.stdout
    assert run_cli(["rules", "show", "pii.nope"]).code == 2


def test_rules_test_passes_on_the_built_in_packs() -> None:
    result = run_cli(["rules", "test"])
    assert result.code == 0
    assert "0 example failures" in result.stdout


def test_the_bundled_example_repository() -> None:
    result = run_cli(["scan", str(EXAMPLE_REPO)])
    assert result.code == 1
    paths = {line for line in result.stdout.splitlines() if line and not line.startswith(" ")}
    assert {
        "exports/customers-2024-03.csv",
        "tests/fixtures/orders.json",
        "logs/checkout.log",
        "notebooks/churn.ipynb",
    } <= paths
    assert "app/settings.py" not in paths
    assert "app/mailer.py" not in paths
    assert "docs/support.md" not in paths


def test_a_real_subprocess_in_a_git_repo(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"a.txt": f"mail {CUSTOMER_EMAILS[0]}\n"})
    (repo / "untracked.md").write_text(f"also {CUSTOMER_EMAILS[1]}\n")
    (repo / ".gitignore").write_text("ignored.log\n")
    (repo / "ignored.log").write_text(f"{CUSTOMER_EMAILS[2]}\n")
    completed = run_bharosa(["scan", "--format", "json"], cwd=repo)
    assert completed.returncode == 1, completed.stderr
    found = {(f["path"], f["line"]) for f in json.loads(completed.stdout)["findings"]}
    assert found == {("a.txt", 1), ("untracked.md", 1)}
    assert_no_raw_values(completed.stdout, completed.stderr)


def test_no_progress_bar_or_colour_when_not_a_tty(tmp_path: Path) -> None:
    root = leaky_tree(tmp_path / "repo")
    completed = run_bharosa(["scan", str(root)], cwd=tmp_path)
    assert "\x1b[" not in completed.stdout + completed.stderr
    assert completed.stderr == ""


def test_min_confidence_flag(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "pay.py").write_text("CARD = '4111 1111 1111 1111'\n")
    low = run_cli(["scan", str(root), "--format", "json"])
    assert low.code == 1
    assert json.loads(low.stdout)["findings"][0]["confidence"] == "low"
    medium = run_cli(["scan", str(root), "--min-confidence", "medium", "--format", "json"])
    assert medium.code == 0
    assert json.loads(medium.stdout)["summary"]["below_min_confidence"] == 1
