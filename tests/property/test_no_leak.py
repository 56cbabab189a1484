"""No report, notice or message shows a found value unless `--show-values` asks for it.

Each example plants invented values of every kind (email, card, Aadhaar, IBAN, phone,
PAN, GitHub token, private key) in files of every format, malformed ones included,
commits them, and runs the real CLI: `scan` in every output format (text with `-v`,
`--debug` and a Markdown summary, JSON, SARIF), `baseline create`, and `history` (text,
JSON, SARIF). No value, nor the compact or digits-only form of a number, may appear in
stdout, stderr or any file written, and no notice may quote even part of one. Then
`--show-values` must print every value: they are real findings, so the test can fail.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import example, given

from bharosa.detectors.structured.cells import ReaderLimits
from bharosa.notices import Notice
from tests.conftest import CliResult, make_repo, run_cli
from tests.property.conftest import budget
from tests.property.mutations import Mutation, mutate, mutations
from tests.property.planted import (
    Planted,
    csv_file,
    json_file,
    jsonl_file,
    notebook_file,
    planted_sets,
    sql_file,
    tree_files,
    yaml_file,
)
from tests.property.reader_contract import read_all
from tests.property.seeds import case_named

EXAMPLE = (
    Planted("email", "priya.sharma84@kavyatextiles.co.in", "email", "email"),
    Planted("card", "4539 5787 6362 1486", "card_number", "card"),
    Planted("aadhaar", "2341 2341 2346", "aadhaar", "Aadhaar"),
    Planted("iban", "DE89 3704 0044 0532 0130 00", "iban", "IBAN"),
    Planted("phone", "+91 98450 12873", "mobile", "mobile"),
    Planted("pan", "ABCPE1234F", "pan", "PAN"),
    Planted("token", "ghp_Q8kR2mZx7LwT4vNc9PbY3sHd6JfG1aEu5oKi", "github_token", "token"),
    Planted(
        "private-key",
        "-----BEGIN RSA PRIVATE KEY-----\n"
        "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
        "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n"
        "-----END RSA PRIVATE KEY-----",
        "private_key",
        "key",
    ),
)


def _leaks(text: str, values: tuple[Planted, ...]) -> list[str]:
    lowered = text.lower()
    return [form for p in values for form in p.forms if form.lower() in lowered]


def _echoes(message: str, values: tuple[Planted, ...]) -> list[str]:
    """Pieces of 8 characters of any value that a message quotes: a notice has no reason to
    quote any of a file's text, so even part of a value is a leak."""
    lowered = message.lower()
    return [
        form[at : at + 8]
        for p in values
        for form in p.forms
        for at in range(len(form) - 7)
        if form[at : at + 8].lower() in lowered
    ]


def _printed(result: CliResult) -> str:
    assert result.code in (0, 1), result.output
    return result.stdout + "\n" + result.stderr


def _reports(root: Path, out: Path) -> dict[str, str]:
    """Everything the CLI prints or writes for the tree, but for --show-values."""
    target = str(root)
    summary, sarif, baseline = out / "summary.md", out / "report.sarif", out / "baseline.json"
    scan = ["scan", "--no-progress", "-v"]
    printed = {
        "scan text": _printed(run_cli(["--debug", *scan, "--summary", str(summary), target])),
        "scan json": _printed(run_cli([*scan, "--format", "json", target])),
        "scan sarif": _printed(run_cli([*scan, "--format", "sarif", "-o", str(sarif), target])),
        "baseline": _printed(
            run_cli(["baseline", "create", "--no-progress", "-o", str(baseline), target])
        ),
        "history text": _printed(run_cli(["history", "--no-progress", "-v", target])),
        "history json": _printed(run_cli(["history", "--no-progress", "--format", "json", target])),
        "history sarif": _printed(
            run_cli(["history", "--no-progress", "--format", "sarif", target])
        ),
    }
    for written in (summary, sarif, baseline):
        printed[written.name] = written.read_text(encoding="utf-8")
    return printed


@budget(ci=10, deep=300)
@given(values=planted_sets())
@example(values=EXAMPLE)
def test_no_output_shows_a_value_without_show_values(values: tuple[Planted, ...]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_repo(Path(tmp) / "repo", tree_files(values))
        out = Path(tmp) / "out"
        out.mkdir()
        for name, text in _reports(root, out).items():
            assert not _leaks(text, values), (name, _leaks(text, values))
        shown = run_cli(["scan", "--no-progress", "--show-values", "--format", "json", str(root)])
        assert shown.code == 1, shown.output
        report = json.loads(shown.stdout)
    for notice in report["notices"]:
        assert not _echoes(notice["message"], values), notice
    raw = {finding.get("value") for finding in report["findings"]}
    assert {p.value for p in values} <= raw, "a planted value was not found at all"
    # Every malformed file was reported as such, by a notice that did not echo a value.
    malformed = {n["path"] for n in report["notices"] if n["code"] == "malformed"}
    assert {"broken/record.json", "broken/records.jsonl", "broken/config.yaml",
            "broken/dump.sql", "broken/review.ipynb"} <= malformed  # fmt: skip


_WRITERS: dict[str, Callable[[tuple[Planted, ...]], str]] = {
    "csv": csv_file,
    "json": json_file,
    "jsonl": jsonl_file,
    "yaml": yaml_file,
    "sql": sql_file,
    "notebook": notebook_file,
}


@pytest.mark.parametrize("name", _WRITERS)
@budget(ci=60, deep=2000)
@given(values=planted_sets(), edits=mutations())
# The colon after the first key deleted: the JSON readers stop at the value after it.
@example(values=EXAMPLE, edits=[("delete", json_file(EXAMPLE).index('": "') + 1, 0, b"")])
@example(values=EXAMPLE, edits=[("delete", jsonl_file(EXAMPLE).index('": "') + 1, 0, b"")])
def test_a_damaged_file_gives_notices_that_echo_no_value(
    name: str, values: tuple[Planted, ...], edits: list[Mutation]
) -> None:
    # A reader that gives up says why: never by quoting the text it gave up on.
    damaged = mutate(_WRITERS[name](values).encode(), edits)
    for item in read_all(case_named(name), damaged, ReaderLimits()):
        if isinstance(item, Notice):
            assert not _echoes(item.message, values), item.message
