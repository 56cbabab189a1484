"""The Markdown job summary: a masked table, capped, safe inside table cells."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CUSTOMER_EMAILS, run_cli


def test_summary_is_appended_with_a_masked_table(tree: Path, tmp_path: Path) -> None:
    (tree / "users.txt").write_text("".join(f"{e}\n" for e in CUSTOMER_EMAILS))
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    result = run_cli(["scan", str(tree), "--summary", str(summary)])
    assert result.code == 1
    text = summary.read_text()
    assert text.startswith("earlier step\n### bharosa: 3 findings (3 error)")
    assert "| error | `pii.email` | `users.txt:1` | `p***@k***.in` |" in text
    assert not any(email in text for email in CUSTOMER_EMAILS)


def test_summary_of_a_clean_run(tree: Path, tmp_path: Path) -> None:
    (tree / "a.txt").write_text("nothing\n")
    summary = tmp_path / "summary.md"
    assert run_cli(["scan", str(tree), "--summary", str(summary)]).code == 0
    assert "no customer data or secrets found" in summary.read_text()


def test_long_summaries_are_capped(tree: Path, tmp_path: Path) -> None:
    lines = "".join(f"user{i}.name@kavyatextiles.in\n" for i in range(80))
    (tree / "many.txt").write_text(lines)
    summary = tmp_path / "summary.md"
    run_cli(["scan", str(tree), "--summary", str(summary)])
    text = summary.read_text()
    assert text.count("| error |") == 50
    assert "and 30 more" in text
