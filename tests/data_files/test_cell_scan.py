"""Data files end to end: columns counted, schemas noted, masked values lowered, pairing."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO_ROOT, run_cli

DATA = REPO_ROOT / "tests" / "fixtures" / "data"


def scan(root: Path, *extra: str) -> dict[str, Any]:
    result = run_cli(["scan", str(root), "--format", "json", *extra])
    assert result.code in (0, 1), result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def columns(report: dict[str, Any], path: str) -> dict[tuple[str, str], int]:
    return {
        (c["field"] or "", c["rule_id"]): c["count"] for c in report["columns"] if c["path"] == path
    }


def test_bundled_data_files() -> None:
    report = scan(DATA)
    assert columns(report, "pandas_export.csv") == {
        ("name", "field.name"): 3,
        ("email", "pii.email"): 3,
        ("mobile", "pii.phone.international"): 3,
    }
    assert columns(report, "mysqldump.sql") == {
        ("full_name", "field.name"): 3,
        ("email", "pii.email"): 2,
        ("aadhaar", "pii.in.aadhaar.unformatted"): 2,
    }
    assert columns(report, "unknown_header.csv") == {("c7", "pii.email"): 2}
    notes = {
        (f["path"], f["field"], f["severity"], tuple(f["reasons"])) for f in report["findings"]
    }
    assert ("schema.sql", "email", "note", ("no-values",)) in notes
    assert ("schema.sql", "phone_number", "note", ("no-values",)) in notes
    assert ("masked.csv", "email", "warning", ("placeholder-values",)) in notes
    assert ("masked.csv", "card_number", "warning", ("placeholder-values",)) in notes


def test_column_summary_points_at_the_header_and_samples_lines() -> None:
    report = scan(DATA)
    (email,) = [
        c for c in report["columns"] if c["path"] == "pandas_export.csv" and c["field"] == "email"
    ]
    assert (email["header_line"], email["header_column"]) == (1, 19)
    assert email["sample_lines"] == [2, 3, 5]
    assert email["masked_sample"] == "a***@k***.in"
    occurrences = [
        (f["line"], f["row"], f["column_index"])
        for f in report["findings"]
        if f["path"] == "pandas_export.csv" and f["rule_id"] == "pii.email"
    ]
    assert occurrences == [(2, 1, 3), (3, 2, 3), (5, 3, 3)]


def test_text_report_has_one_line_per_column(tmp_path: Path) -> None:
    rows = "".join(f"{i},Anu {i},anu{i}@kavyatextiles.in\n" for i in range(50))
    (tmp_path / "customers.csv").write_text("id,name,email\n" + rows)
    result = run_cli(["scan", str(tmp_path)])
    lines = [line for line in result.stdout.splitlines() if line.startswith("  ")]
    assert len(lines) == 2
    assert "50 values in column 'email'" in result.stdout
    assert "100 findings" in result.stdout


def test_names_need_other_personal_data(tmp_path: Path) -> None:
    (tmp_path / "products.csv").write_text("sku,name\n1,Blue Saree\n2,Silk Dupatta\n")
    assert scan(tmp_path)["findings"] == []
    (tmp_path / "products.csv").write_text("sku,name,email\n1,Anu Rao,anu@kavyatextiles.in\n")
    kinds = sorted(f["kind"] for f in scan(tmp_path)["findings"])
    assert kinds == ["email", "name"]


def test_names_do_not_pair_with_a_field_of_placeholders(tmp_path: Path) -> None:
    # A CI workflow: step names, and a password that is a reference to a CI secret.
    workflow = (
        "name: deploy\njobs:\n  upload:\n    steps:\n      - name: Build package\n"
        "      - name: Publish\n        with:\n          password: PASSWORD\n"
    )
    (tmp_path / "deploy.yml").write_text(workflow.replace("PASSWORD", "${{ secrets.pypi }}"))
    report = scan(tmp_path)
    assert [(f["kind"], f["reasons"]) for f in report["findings"]] == [
        ("secret", ["placeholder-values"])
    ]
    assert report["columns"] == []
    # A real value in the same field is personal data: the names beside it are reported.
    (tmp_path / "deploy.yml").write_text(workflow.replace("PASSWORD", "Tr0ub4dor-kavya-77"))
    kinds = sorted(f["kind"] for f in scan(tmp_path)["findings"])
    assert kinds == ["name", "name", "name", "secret"]


def test_field_context_finds_bare_ids(tmp_path: Path) -> None:
    (tmp_path / "kyc.json").write_text(
        json.dumps([{"aadhaar": "987789328793", "ssn": "536904399"}])
    )
    kinds = {f["kind"] for f in scan(tmp_path)["findings"]}
    assert kinds == {"aadhaar", "ssn"}
    (tmp_path / "kyc.json").write_text(json.dumps([{"order": "987789328793"}]))
    assert scan(tmp_path)["findings"] == []


def test_passwords_in_a_password_column(tmp_path: Path) -> None:
    (tmp_path / "users.csv").write_text("email,password\nanu@kavyatextiles.in,Tr0ub4dor-kavya-77\n")
    report = scan(tmp_path)
    assert {f["kind"] for f in report["findings"]} == {"email", "secret"}
    (tmp_path / "users.csv").write_text(
        "email,password\nanu@kavyatextiles.in,$2b$12$" + "a" * 53 + "\n"
    )
    secrets = [f for f in scan(tmp_path)["findings"] if f["kind"] == "secret"]
    assert [(s["severity"], s["reasons"]) for s in secrets] == [("warning", ["placeholder-values"])]


def test_a_malformed_file_is_read_as_text_from_where_it_broke(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text(
        '{"email": "anu@kavyatextiles.in",\n "notes": [1, 2,\n'
        ' "call rahul.verma84@sunridgelogistics.co.in"\n'
    )
    report = scan(tmp_path)
    lines = sorted(f["line"] for f in report["findings"])
    assert lines == [1, 3]
    assert {n["code"] for n in report["notices"]} >= {"malformed"}


def test_inline_allow_in_a_yaml_comment(tmp_path: Path) -> None:
    (tmp_path / "seed.yaml").write_text(
        "owner:\n  # bharosa:allow pii.email the shop's public address\n"
        "  email: anu@kavyatextiles.in\n"
    )
    report = scan(tmp_path)
    assert report["findings"] == []
    assert report["summary"]["suppressed_inline"] == 1


def _long_table(name: str) -> str:
    """2,020 rows of id, email and notes, then one row with a second email in its notes."""
    values = [(str(i), f"anu{i}@kavyatextiles.in", f"rare{i}") for i in range(2020)]
    values.append(("9999", "x@kavyatextiles.in", "note for rahul.verma84@sunridgelogistics.co.in"))
    if name.endswith(".csv"):
        return "id,email,notes\n" + "".join(",".join(row) + "\n" for row in values)
    return "".join(
        json.dumps({"id": int(i), "email": email, "notes": notes}) + "\n"
        for i, email, notes in values
    )


# A CSV reader asks for a value's weight before it makes the cell; other readers' cells
# are weighed as they arrive.
@pytest.mark.parametrize("name", ["big.csv", "big.jsonl"])
def test_very_long_columns_are_sampled_and_marked_estimated(
    tmp_path: Path, monkeypatch: Any, name: str
) -> None:
    monkeypatch.setattr("bharosa.cell_scan.SATURATED_AFTER", 20)
    monkeypatch.setattr("bharosa.cell_scan.SAMPLE_EVERY", 10)
    monkeypatch.setattr("bharosa.cell_scan.BATCH_BYTES", 1000)
    (tmp_path / name).write_text(_long_table(name))
    # JSON lists every occurrence, so reads every value; SARIF and text may sample.
    sarif = run_cli(["scan", str(tmp_path), "--format", "sarif"])
    by_field = {
        r["properties"]["field"]: r["properties"]
        for r in json.loads(sarif.stdout)["runs"][0]["results"]
    }
    assert by_field["email"]["estimated"] is True
    assert 1900 <= by_field["email"]["count"] <= 2100
    # A column that is not saturated is still read in full: its rare value is found.
    assert by_field["notes"]["count"] == 1
    assert by_field["notes"]["estimated"] is False
    result = run_cli(["scan", str(tmp_path)])
    assert "~2" in result.stdout


def test_orm_models_are_schemas() -> None:
    report = scan(DATA)
    notes = {
        (f["path"], f["field"])
        for f in report["findings"]
        if f["severity"] == "note" and f["path"] in ("django_models.py", "schema.prisma")
    }
    assert notes == {
        ("django_models.py", "full_name"),
        ("django_models.py", "email"),
        ("django_models.py", "mobile_number"),
        ("schema.prisma", "email"),
        ("schema.prisma", "dob"),
    }


def test_a_key_that_is_customer_data_is_found_once_and_names_its_field_masked(
    tree: Path,
) -> None:
    email, phone = "neel.kapoor@saffronlogistics.in", "+91 98450 12345"
    (tree / "phones.yaml").write_text(f"users:\n  {email}: '{phone}'\n", encoding="utf-8")
    (tree / "phones.json").write_text(f'{{"users": {{"{email}": "{phone}"}}}}\n', encoding="utf-8")
    result = run_cli(["scan", str(tree), "--format", "json"])
    assert email not in result.stdout
    report = json.loads(result.stdout)
    for path in ("phones.yaml", "phones.json"):
        found = [(f["rule_id"], f["field"]) for f in report["findings"] if f["path"] == path]
        # The key once (not again from the `field: value` line the cell scan reads), and
        # the phone number's field by its masked name.
        assert sorted(found) == [
            ("pii.email", None),
            ("pii.phone.international", "n***@s***.in"),
        ], path


def test_a_column_name_is_context_for_its_own_cells_only(tmp_path: Path) -> None:
    """`alt_mobile` is context for that column's numbers, not for the epoch seconds in the
    next column; the keys of one JSON object still speak for each other."""
    (tmp_path / "crm.csv").write_text(
        "id,alt_mobile,ts\n1000,9820137645,1692469931\n1001,9812345670,1695595791\n"
    )
    (tmp_path / "contact.json").write_text('[{"type": "mobile", "number": "9820137645"}]\n')
    report = scan(tmp_path)
    assert columns(report, "crm.csv") == {("alt_mobile", "pii.phone.unformatted"): 2}
    assert columns(report, "contact.json") == {("number", "pii.phone.unformatted"): 1}


def test_a_value_in_an_sql_comment_is_placed_exactly(tmp_path: Path) -> None:
    (tmp_path / "dump.sql").write_text(
        "-- owner priya.rao@kavyatextiles.in\n"
        "/*\n   reviewer anil.kumar@sunridgelogistics.co.in */\n"
        "INSERT INTO t VALUES ('x');\n"
    )
    found = [(f["line"], f["start_column"]) for f in scan(tmp_path)["findings"]]
    assert found == [(1, 10), (3, 13)]


# A run holds only each column's first value as a finding; with a baseline (which matches
# values one by one) or raw values to print, it holds the column's listing.
HELD_AS = pytest.mark.parametrize("held", ["first value", "listing"])


def _hold(monkeypatch: Any, held: str) -> None:
    """Make the CLI's runs hold each column's listing, or only its first value."""
    from bharosa.cli import _ReportChoices

    holds = held == "listing"
    monkeypatch.setattr(_ReportChoices, "needs_column_values", lambda self, known: holds)


@HELD_AS
def test_values_past_a_columns_listing_are_counted_as_listed_ones_are(
    tmp_path: Path, monkeypatch: Any, held: str
) -> None:
    # Past MAX_LISTED a column's values are counted without a finding made for each: inline
    # allows and allowed domains must still keep them out of the count.
    root = tmp_path / "repo"
    root.mkdir()
    rows = []
    for i in range(40):
        rows += ["# bharosa:allow"] if i % 7 == 0 else []
        rows.append(f"- email: anu{i}@kavyatextiles.in")
    rows += [f"- email: ravi{i}@ourshop.in" for i in range(5)]
    (root / "people.yml").write_text("\n".join(rows) + "\n")
    (root / ".bharosa.toml").write_text('[allow]\ndomains = ["ourshop.in"]\n')
    _hold(monkeypatch, held)

    def column_and_counts() -> tuple[dict[str, Any], dict[str, Any]]:
        result = run_cli(["scan", str(root), "--format", "sarif"])
        (run,) = json.loads(result.stdout)["runs"]
        (column,) = run["results"]
        counts = run["invocations"][0]["properties"]
        return {**column["properties"], "lines": column.get("relatedLocations")}, counts

    listed, listed_counts = column_and_counts()
    monkeypatch.setattr("bharosa.cell_scan.MAX_LISTED", 3)
    counted, counted_counts = column_and_counts()
    assert listed["count"] == 34 and listed["listed"] == 34
    assert counted["count"] == 34 and counted["listed"] == 3
    assert {**counted, "listed": 34} == listed
    assert counted_counts == listed_counts
    assert (listed_counts["suppressed_inline"], listed_counts["suppressed_by_config"]) == (6, 5)


@HELD_AS
def test_a_name_columns_values_past_its_listing_are_counted_on_their_lines(
    tmp_path: Path, monkeypatch: Any, held: str
) -> None:
    # A field rule's values (names, by their column) go the same way as pattern matches:
    # past MAX_LISTED only counted, on the lines a listed value would have (each name
    # here starts on the line after its cell opens).
    root = tmp_path / "repo"
    root.mkdir()
    rows = ["customer_name,email"] + [f'"\nAnu Rao {i}",anu{i}@kavyatextiles.in' for i in range(12)]
    (root / "people.csv").write_text("\n".join(rows) + "\n")
    _hold(monkeypatch, held)

    def name_column() -> dict[str, Any]:
        result = run_cli(["scan", str(root), "--format", "sarif"])
        (run,) = json.loads(result.stdout)["runs"]
        (column,) = [r for r in run["results"] if r["ruleId"] != "pii.email"]
        return {**column["properties"], "lines": column.get("relatedLocations")}

    listed = name_column()
    monkeypatch.setattr("bharosa.cell_scan.MAX_LISTED", 3)
    counted = name_column()
    assert listed["count"] == counted["count"] == 12
    assert {**counted, "listed": listed["listed"]} == listed


def test_an_allow_after_a_value_covers_its_own_line_only(tmp_path: Path) -> None:
    # A comment after a value allows that value; only a comment alone on its line also
    # covers the line below it.
    (tmp_path / "people.yml").write_text(
        "- email: anu@kavyatextiles.in  # bharosa:allow\n"
        "- email: ravi.menon@kaveriexports.co.in\n"
        "# bharosa:allow\n"
        "- email: asha.iyer@pallavitextiles.in\n"
    )
    (tmp_path / "rows.csv").write_text(
        "id,email,note\n1,anu@kavyatextiles.in,bharosa:allow\n2,ravi.menon@kaveriexports.co.in,\n"
    )
    report = scan(tmp_path)
    found = sorted((f["path"], f["line"]) for f in report["findings"] if f["kind"] == "email")
    assert found == [("people.yml", 2), ("rows.csv", 3)]
    assert report["summary"]["suppressed_inline"] == 3


def test_a_run_that_reports_column_summaries_holds_each_columns_first_value_only(
    tmp_path: Path, monkeypatch: Any
) -> None:
    # SARIF and text show a data file's column as one result or row, so its values need not
    # be held as findings: memory grows with columns, not values. The columns are those of a
    # run that holds the listing, and so is everything else the reports and exit code read;
    # the values not held are counted by severity, as the summary line counts them.
    from bharosa.config import Config
    from bharosa.findings import REPORT_ORDER, column_key
    from bharosa.pipeline import scan_paths
    from bharosa.rules.loading import load_rules

    monkeypatch.setattr("bharosa.cell_scan.MAX_LISTED", 5)
    rows = ["id,email,phone,customer_name"] + [
        f"{i},anu{i}@kavyatextiles.in,+91 98201 {37645 + i},Anu Rao {i}" for i in range(30)
    ]
    (tmp_path / "people.csv").write_text("\n".join(rows) + "\n")
    (tmp_path / "notes.md").write_text("owner: ravi.menon@kaveriexports.co.in\n")
    config, rules = Config(root=tmp_path), load_rules()

    held = scan_paths([tmp_path], config, rules, hold_column_values=True)
    first_only = scan_paths([tmp_path], config, rules, hold_column_values=False)

    assert first_only.columns == held.columns
    assert {(c.rule_id, c.count, c.listed) for c in held.columns} == {
        ("pii.email", 30, 5),
        ("pii.phone.international", 30, 5),
        ("field.name", 30, 5),
    }
    summarised = {column_key(c) for c in held.columns}
    firsts = {}
    for finding in held.findings:
        firsts.setdefault(column_key(finding), finding)
    expected = [f for key, f in firsts.items() if key in summarised]
    expected += [f for f in held.findings if column_key(f) not in summarised]
    assert first_only.findings == sorted(expected, key=REPORT_ORDER)
    assert len(first_only.findings) == 4  # a value of each column, and the note's email
    assert first_only.stats == held.stats
    assert held.unheld == Counter()
    dropped = Counter(f.severity for f in held.findings if f not in first_only.findings)
    assert first_only.unheld == dropped and sum(dropped.values()) == 12


@pytest.fixture
def mixed_tree(tmp_path: Path) -> Path:
    """Data files whose columns run past a listing of 3: names and addresses (3 a file are
    held, whatever their columns: the addresses, from the fifth row on, come too late), a
    list with inline allows and a minified JSON export that breaks off after its values
    (read as text from its only line)."""
    root = tmp_path / "repo"
    root.mkdir()
    rows = ["id,customer_name,address,email"] + [
        f"{i},Anu Rao {i},{f'{i} MG Road Pune' if i > 3 else ''},anu{i}@kavyatextiles.in"
        for i in range(7)
    ]
    (root / "people.csv").write_text("\n".join(rows) + "\n")
    listed = [f"- email: ravi{i}@kaveriexports.co.in" for i in range(6)]
    (root / "team.yml").write_text("\n".join([*listed[:2], "# bharosa:allow", *listed[2:]]) + "\n")
    export = json.dumps([{"email": f"asha{i}@pallavitextiles.in"} for i in range(5)])
    (root / "export.json").write_text(export[:-1] + ", @@@ ]\n")
    (root / "notes.md").write_text("owner: ravi.menon@kaveriexports.co.in\n")
    return root


@pytest.mark.parametrize("output", ["text", "sarif", "json"])
def test_reports_and_exit_codes_are_the_same_whether_column_values_are_held(
    mixed_tree: Path, tmp_path: Path, monkeypatch: Any, output: str
) -> None:
    monkeypatch.setattr("bharosa.cell_scan.MAX_LISTED", 3)

    def reports(held: str) -> tuple[int, str, str]:
        _hold(monkeypatch, held)
        summary = tmp_path / f"summary-{held}.md"
        args = ["scan", str(mixed_tree), "--format", output, "--summary", str(summary)]
        result = run_cli([*args, "--fail-on", "warning"])
        return result.code, result.stdout, summary.read_text()

    first_value = reports("first value")
    assert first_value == reports("listing")
    code, report, _ = first_value
    assert code == 1
    if output == "text":
        # A listing's worth of each email column (3 x 3) and of the file's names and
        # addresses (3 in all), the export's 2 values past its listing found again when
        # it is read as text, and the note's email.
        assert report.splitlines()[-1].startswith("15 findings (15 error) in 4 files;")


@pytest.mark.parametrize(
    ("extra", "holds"),
    [
        (["--format", "sarif"], False),
        (["--format", "sarif", "--summary", "SUMMARY"], False),
        (["--format", "text"], False),
        (["--format", "sarif", "--baseline", "BASELINE"], True),
        (["--format", "text", "--baseline", "BASELINE"], True),
        (["--format", "json"], False),
        (["--format", "json", "--show-values"], True),
    ],
)
def test_only_a_run_with_a_baseline_or_raw_values_holds_column_values(
    tmp_path: Path, monkeypatch: Any, extra: list[str], holds: bool
) -> None:
    import bharosa.pipeline

    root = tmp_path / "repo"
    root.mkdir()
    (root / "people.csv").write_text("id,email\n1,anu@kavyatextiles.in\n")
    baseline = tmp_path / "baseline.json"
    assert run_cli(["baseline", "create", str(root), "-o", str(baseline)]).code == 0
    asked: list[bool] = []
    scan_paths = bharosa.pipeline.scan_paths

    def recording(*args: Any, **kwargs: Any) -> Any:
        asked.append(kwargs["hold_column_values"])
        return scan_paths(*args, **kwargs)

    monkeypatch.setattr(bharosa.pipeline, "scan_paths", recording)
    places = {"SUMMARY": str(tmp_path / "summary.md"), "BASELINE": str(baseline)}
    result = run_cli(["scan", str(root), *(places.get(arg, arg) for arg in extra)])
    assert result.code in (0, 1), result.stderr
    assert asked == [holds]


def test_values_not_held_keep_their_places_from_the_last_line_read() -> None:
    # A text pass after a reader gives up starts at the last line read: the places of
    # values not held there are kept, those of earlier lines let go as reading goes on
    # (a value of a multi-line cell may stand past the line its cell starts on).
    from bharosa.cell_scan import _Unheld
    from bharosa.rules.loading import load_rules

    email, name = (next(r for r in load_rules() if r.id == i) for i in ("pii.email", "field.name"))
    unheld = _Unheld()
    unheld.add(email, (3, 5, "pii.email"), from_line=3)
    unheld.add(email, (6, 1, "pii.email"), from_line=3)
    unheld.add(name, (6, 12, "field.name"), from_line=3)
    unheld.add(email, None, from_line=5)
    unheld.add(email, (4, 2, "pii.email"), from_line=5)
    unheld.add(email, (5, 2, "pii.email"), from_line=5)
    assert unheld.places_from(5, paired=False) == {(6, 1, "pii.email"), (5, 2, "pii.email")}
    assert unheld.places_from(6, paired=True) == {(6, 1, "pii.email"), (6, 12, "field.name")}
    assert unheld.counted(paired=False) == {email.severity: 5}
    assert sum(unheld.counted(paired=True).values()) == 6
    assert unheld.paired == 1
