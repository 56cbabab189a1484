"""Baselines through the real CLI: create, scan and history with --baseline, update, audit."""

from __future__ import annotations

import hashlib
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CUSTOMER_EMAILS, git, make_repo, run_cli

PRIYA, RAHUL, OKAFOR = CUSTOMER_EMAILS
NEW_CUSTOMER = "deepa.iyer@tarangsolar.co.in"
# A Visa number that passes Luhn (invented).
CARD = "4539 1488 0343 6467"
OTHER_KEY = "another-team-fingerprint-key-42"


def customers_repo(path: Path) -> Path:
    """A committed repository with a text file of customers and a CSV export."""
    return make_repo(
        path,
        {
            "notes/customers.txt": "Customers\n"
            + "".join(f"c{i} <{email}>\n" for i, email in enumerate(CUSTOMER_EMAILS)),
            "exports/orders.csv": f"name,email,card\nPriya,{PRIYA},{CARD}\nRahul,{RAHUL},\n",
        },
    )


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def read_baseline(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def entries_by_masked(document: dict[str, Any], path: str) -> dict[str, dict[str, Any]]:
    """The finding entries of one path, keyed by masked value (distinct in these tests)."""
    return {
        e["masked"]: e for e in document["entries"] if e["path"] == path and e["kind"] == "finding"
    }


def create(root: Path, *args: str, env: dict[str, str] | None = None) -> Path:
    result = run_cli(["baseline", "create", str(root), *args], env=env)
    assert result.code == 0, result.output
    return root / ".bharosa-baseline.json"


def scan_json(root: Path, baseline: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = run_cli(["scan", str(root), "--baseline", str(baseline), "--format", "json", *args])
    assert result.code in (0, 1), result.output
    return result.code, json.loads(result.stdout)


def test_a_baselined_tree_is_clean_and_only_new_data_is_reported(tmp_path: Path) -> None:
    repo = customers_repo(tmp_path / "repo")
    assert run_cli(["scan", str(repo)]).code == 1
    baseline = create(repo)

    clean = run_cli(["scan", str(repo), "--baseline", str(baseline)])
    assert clean.code == 0, clean.output
    assert "No findings" in clean.stdout
    assert "in the baseline" in clean.stdout

    with (repo / "notes" / "customers.txt").open("a", encoding="utf-8") as handle:
        handle.write(f"c9 <{NEW_CUSTOMER}>\n")
    code, report = scan_json(repo, baseline)
    assert code == 1
    assert [(f["path"], f["masked"]) for f in report["findings"]] == [
        ("notes/customers.txt", "d***@t***.in")
    ]
    assert report["summary"]["suppressed_by_baseline"] > 0


def test_a_new_row_in_a_baselined_column_is_reported_alone(tmp_path: Path) -> None:
    repo = customers_repo(tmp_path / "repo")
    baseline = create(repo)
    with (repo / "exports" / "orders.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"Deepa,{NEW_CUSTOMER},\n")

    code, report = scan_json(repo, baseline)
    assert code == 1
    emails = [c for c in report["columns"] if c["rule_id"] == "pii.email"]
    assert len(emails) == 1
    assert (emails[0]["count"], emails[0]["masked_sample"]) == (1, "d***@t***.in")
    assert emails[0]["sample_lines"] == [4]
    assert {f["masked"] for f in report["findings"] if f["rule_id"] == "pii.email"} == {
        "d***@t***.in"
    }
    text = run_cli(["scan", str(repo), "--baseline", str(baseline)])
    assert "1 value in column 'email'" in text.stdout
    assert "card" not in text.stdout


def test_create_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    repo = customers_repo(tmp_path / "repo")
    baseline = create(repo)
    before = baseline.read_bytes()
    again = run_cli(["baseline", "create", str(repo)])
    assert again.code == 2
    assert "already exists" in again.stderr
    assert baseline.read_bytes() == before
    assert run_cli(["baseline", "create", str(repo), "--force"]).code == 0


def test_create_with_output_and_the_file_diffs_well(tmp_path: Path) -> None:
    repo = customers_repo(tmp_path / "repo")
    out = tmp_path / "known.json"
    result = run_cli(["baseline", "create", str(repo), "--output", str(out)])
    assert result.code == 0, result.output
    assert not (repo / ".bharosa-baseline.json").exists()
    text = out.read_text(encoding="utf-8")
    document = json.loads(text)
    assert text.endswith("}\n")
    assert text == json.dumps(document, indent=2) + "\n"
    assert list(document) == ["version", "tool", "scope", "key_id", "generated_at", "entries"]
    assert (document["version"], document["tool"], document["scope"]) == (1, "bharosa", "files")
    places = [(e["path"], e["line"]) for e in document["entries"]]
    assert places == sorted(places)
    assert all(e["audit"] is None for e in document["entries"])
    columns = [e for e in document["entries"] if e["kind"] == "column"]
    assert {c["rule_id"] for c in columns} >= {"pii.email", "pii.card"}
    members = [e for e in document["entries"] if e.get("column")]
    assert {m["column"] for m in members} <= {c["fingerprint"] for c in columns}
    assert not list(tmp_path.glob(".known.json.*"))  # no temp file left behind


def test_the_baseline_holds_no_raw_value_and_no_plain_hash(tmp_path: Path) -> None:
    repo = customers_repo(tmp_path / "repo")
    text = create(repo).read_text(encoding="utf-8")
    values = [*CUSTOMER_EMAILS, CARD, CARD.replace(" ", "")]
    for value in values:
        assert value not in text
        for form in {value, value.lower(), value.upper()}:
            for algorithm in ("md5", "sha1", "sha256", "sha512", "blake2b"):
                digest = hashlib.new(algorithm, form.encode()).hexdigest()
                assert digest not in text, (algorithm, form)
    for email in CUSTOMER_EMAILS:
        assert email.split("@")[0] not in text
        assert email.split("@")[1] not in text
    assert "0343" not in text  # the card's middle digits


def test_update_drops_fixed_entries_keeps_marks_and_adds_new_ones(tmp_path: Path) -> None:
    repo = customers_repo(tmp_path / "repo")
    baseline = create(repo)
    document = read_baseline(baseline)
    entries = entries_by_masked(document, "notes/customers.txt")
    entries["p***@k***.in"].update(audit="false-positive", audited_at="2024-05-01T10:00:00Z")
    entries["r***@s***.in"].update(audit="true-positive", audited_at="2024-05-01T10:01:00Z")
    baseline.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")

    customers = repo / "notes" / "customers.txt"
    customers.write_text(
        f"Customers\nc0 <{PRIYA}>\nc1 <{RAHUL}>\nc9 <{NEW_CUSTOMER}>\n", encoding="utf-8"
    )  # OKAFOR was removed: fixed
    result = run_cli(["baseline", "update", str(repo)])
    assert result.code == 0, result.output
    assert "1 dropped (fixed), 1 added" in result.stdout
    assert "1 true positive, 1 false positive" in result.stdout
    assert "still to fix (1)" in result.stdout
    assert "notes/customers.txt:3  pii.email  r***@s***.in" in result.stdout

    updated = entries_by_masked(read_baseline(baseline), "notes/customers.txt")
    assert set(updated) == {"p***@k***.in", "r***@s***.in", "d***@t***.in"}
    assert updated["p***@k***.in"]["audit"] == "false-positive"
    assert updated["p***@k***.in"]["audited_at"] == "2024-05-01T10:00:00Z"
    assert updated["r***@s***.in"]["audit"] == "true-positive"
    assert updated["d***@t***.in"]["audit"] is None
    assert run_cli(["scan", str(repo), "--baseline", str(baseline)]).code == 0


def test_update_with_nothing_changed_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    repo = customers_repo(tmp_path / "repo")
    baseline = create(repo)
    before = baseline.read_bytes()
    result = run_cli(["baseline", "update", str(repo)])
    assert result.code == 0, result.output
    assert "0 dropped (fixed), 0 added" in result.stdout
    assert baseline.read_bytes() == before


def test_history_baseline_reports_only_new_commits_and_update_keeps_old_history(
    tmp_path: Path,
) -> None:
    repo = make_repo(tmp_path / "repo", {"crm/leads.txt": f"lead: {PRIYA}\nlead: {RAHUL}\n"})
    (repo / "crm" / "leads.txt").write_text("leads moved to the CRM\n", encoding="utf-8")
    commit_all(repo, "remove leads")
    out = tmp_path / "history-baseline.json"
    made = run_cli(["baseline", "create", str(repo), "--history", "--output", str(out)])
    assert made.code == 0, made.output
    assert read_baseline(out)["scope"] == "history"
    assert run_cli(["history", str(repo), "--baseline", str(out)]).code == 0

    (repo / "crm" / "leads.txt").write_text(f"lead: {NEW_CUSTOMER}\n", encoding="utf-8")
    commit_all(repo, "a new lead")
    result = run_cli(["history", str(repo), "--baseline", str(out), "--format", "json"])
    assert result.code == 1, result.output
    report = json.loads(result.stdout)
    assert [f["masked"] for f in report["findings"]] == ["d***@t***.in"]
    assert report["summary"]["suppressed_by_baseline"] == 2

    # A history baseline is updated from history: values gone from HEAD are not "fixed".
    updated = run_cli(["baseline", "update", str(repo), "--baseline", str(out)])
    assert updated.code == 0, updated.output
    assert "2 kept, 0 dropped (fixed), 1 added" in updated.stdout


def test_a_baseline_made_with_another_key_is_refused(tmp_path: Path) -> None:
    repo = customers_repo(tmp_path / "repo")
    baseline = create(repo, env={"BHAROSA_FINGERPRINT_KEY": OTHER_KEY})
    result = run_cli(["scan", str(repo), "--baseline", str(baseline)])
    assert result.code == 2
    assert "different fingerprint key" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    ok = run_cli(
        ["scan", str(repo), "--baseline", str(baseline)],
        env={"BHAROSA_FINGERPRINT_KEY": OTHER_KEY},
    )
    assert ok.code == 0, ok.output
    assert run_cli(["baseline", "update", str(repo)]).code == 2


ENTRY = {
    "fingerprint": "a" * 64,
    "kind": "finding",
    "rule_id": "pii.email",
    "path": "a.txt",
    "line": 1,
    "masked": "p***@k***.in",
    "audit": None,
}


def baseline_text(entries: Any, **top: Any) -> str:
    document = {
        "version": 1,
        "tool": "bharosa",
        "scope": "files",
        "key_id": "b" * 64,
        "generated_at": "2024-05-01T10:00:00Z",
        "entries": entries,
        **top,
    }
    return json.dumps(document)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not valid JSON"),
        ("\xff\xfe garbage", "not UTF-8"),
        ("[]", "expected a JSON object"),
        ('{"version": 2}', "version 2 is not supported"),
        (baseline_text([], tool="gitleaks"), "tool"),
        (baseline_text([], scope="everything"), "scope"),
        (baseline_text({}), "entries: must be a list"),
        (baseline_text(["x"]), "entries[0]: must be an object"),
        (baseline_text([{**ENTRY, "line": "7"}]), "entries[0].line"),
        (baseline_text([{**ENTRY, "line": True}]), "entries[0].line"),
        (baseline_text([{**ENTRY, "audit": "maybe"}]), "entries[0].audit"),
        (baseline_text([{**ENTRY, "fingerprint": PRIYA}]), "entries[0].fingerprint"),
        (baseline_text([{**ENTRY, "value": PRIYA}]), "entries[0].value: unknown key"),
        (baseline_text([{**ENTRY, "kind": "column"}]), "entries[0].count"),
        (baseline_text([ENTRY], key_id="short"), "key_id"),
    ],
)
def test_a_malformed_baseline_is_one_line_and_exit_2(
    tmp_path: Path, content: str, message: str
) -> None:
    root = tmp_path / "tree"
    root.mkdir()
    (root / "a.txt").write_text("nothing here\n")
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="latin-1" if content.startswith("\xff") else "utf-8")
    for command in (["scan", str(root)], ["baseline", "update", str(root)]):
        result = run_cli([*command, "--baseline", str(bad)])
        assert result.code == 2, result.output
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert str(bad) in result.stderr
        assert message in result.stderr
        assert "Traceback" not in result.output
        assert PRIYA not in result.stderr


def test_a_missing_baseline_is_exit_2_before_scanning(tmp_path: Path) -> None:
    repo = customers_repo(tmp_path / "repo")
    for command in (["scan", str(repo)], ["history", str(repo)]):
        result = run_cli([*command, "--baseline", str(tmp_path / "missing.json")])
        assert result.code == 2
        assert "missing.json: baseline file does not exist" in result.stderr
        assert result.stdout == ""


def test_audit_needs_a_terminal(tmp_path: Path) -> None:
    repo = customers_repo(tmp_path / "repo")
    baseline = create(repo)
    before = baseline.read_bytes()
    result = run_cli(["baseline", "audit", "--baseline", str(baseline)])
    assert result.code == 2
    assert "baseline audit needs a terminal" in result.stderr
    assert baseline.read_bytes() == before


def run_on_terminal(args: list[str], cwd: Path, typed: str, timeout: float = 60) -> tuple[int, str]:
    """Run `bharosa ARGS` on a real pseudo-terminal, with `typed` as the keyboard's input."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "bharosa", *args],
        cwd=cwd,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
    )
    os.close(terminal)
    os.write(controller, typed.encode())
    output = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 0.2)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
        else:
            process.kill()
            raise AssertionError(f"audit did not finish: {output.decode(errors='replace')}")
        return process.wait(timeout), output.decode("utf-8", "replace").replace("\r\n", "\n")
    finally:
        os.close(controller)


def test_audit_on_a_terminal_marks_entries_and_saves_them(tmp_path: Path) -> None:
    repo = customers_repo(tmp_path / "repo")
    baseline = create(repo)
    # Items in file order: the columns of orders.csv (field.name, pii.card, pii.email), then
    # the three emails of customers.txt.
    code, screen = run_on_terminal(
        ["baseline", "audit", "--baseline", str(baseline)], repo, "s\nf\nt\nx\nt\nq\n"
    )
    assert code == 0, screen
    assert "[2/6] exports/orders.csv:1  pii.card  column of 1 value, e.g. " in screen
    assert "[3/6] exports/orders.csv:1  pii.email  column of 2 values, e.g. p***@k***.in" in screen
    assert "[t]rue positive / [f]alse positive / [s]kip / [q]uit" in screen
    assert "'x' is not one of" in screen
    assert "marked 2 true positive, 1 false positive, skipped 1" in screen
    assert "notes/customers.txt:2  pii.email  p***@k***.in" in screen
    for email in CUSTOMER_EMAILS:
        assert email not in screen

    document = read_baseline(baseline)
    by_column = {e["rule_id"]: e for e in document["entries"] if e["kind"] == "column"}
    assert by_column["pii.card"]["audit"] == "false-positive"
    assert by_column["pii.email"]["audit"] == "true-positive"
    # A column's mark covers the values listed in it.
    members = [
        e for e in document["entries"] if e.get("column") == by_column["pii.email"]["fingerprint"]
    ]
    assert len(members) == 2
    assert all(m["audit"] == "true-positive" and m["audited_at"] for m in members)
    texts = entries_by_masked(document, "notes/customers.txt")
    assert texts["p***@k***.in"]["audit"] == "true-positive"
    assert texts["r***@s***.in"]["audit"] is None
    # Marked entries stay suppressed, whatever their mark.
    assert run_cli(["scan", str(repo), "--baseline", str(baseline)]).code == 0

    # Next time only what is not marked is asked about; --all asks again about everything.
    code, screen = run_on_terminal(
        ["baseline", "audit", "--baseline", str(baseline)], repo, "f\nf\nf\n"
    )
    assert code == 0, screen
    assert "[1/3] exports/orders.csv:1  field.name" in screen
    assert "2 true positive, 4 false positive, 0 not audited" in screen
    code, screen = run_on_terminal(
        ["baseline", "audit", "--baseline", str(baseline), "--all"], repo, "q\n"
    )
    assert code == 0, screen
    assert "[1/6]" in screen
    assert "marked false-positive on" in screen
