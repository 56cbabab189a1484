"""The SARIF report: valid against the official schema, within GitHub's limits, masked,
stable fingerprints, UTF-16 columns, and golden files for every kind of run."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import re
import string
import subprocess
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from jsonschema.validators import Draft7Validator, validator_for

from bharosa.config import Config
from bharosa.findings import Finding
from bharosa.notices import Notice, NoticeLevel
from bharosa.pipeline import Scanner, ScanResult, scan_content
from bharosa.report import RunInfo, sarif
from bharosa.report.sarif import render_sarif
from bharosa.rules.loading import load_rules
from bharosa.rules.model import Severity
from bharosa.sources.document import Document
from bharosa.stats import ScanStats
from tests.conftest import CUSTOMER_EMAILS, REPO_ROOT, make_repo, run_cli

SCHEMA_PATH = REPO_ROOT.parent / "shared" / "schemas" / "sarif-2.1.0.json"
GOLDEN_DIR = REPO_ROOT / "tests" / "fixtures" / "sarif"
# BHAROSA_UPDATE_GOLDEN=1 rewrites the golden files from the current output.
UPDATE_GOLDEN = os.environ.get("BHAROSA_UPDATE_GOLDEN") == "1"
# Fingerprints are keyed: a fixed key keeps the golden files' fingerprints fixed.
ENV = {"BHAROSA_FINGERPRINT_KEY": "sarif-golden-test-key-0001"}

PRIYA, RAHUL, OKAFOR = CUSTOMER_EMAILS
ASHA = "asha.iyer@pallavitextiles.in"
NEEL = "neel.kapoor@saffronlogistics.in"
AADHAAR = "2341 2341 2346"
CARD = "4539 1488 0343 6467"
PHONE = "+91 98450 12345"
TOKEN = "ghp_R7kQ2mX9vLp4Tz8Wn3Yb6Hs1Jd5Fc0Ga2Ue4"
PASSWORD = "Sup3rS3cretPw"
NAMES = ("Rahul Verma", "Mary Okafor")
# Every planted value, and the digits-only forms of the numbers.
RAW_VALUES = (
    *CUSTOMER_EMAILS,
    ASHA,
    NEEL,
    AADHAAR,
    CARD,
    PHONE,
    TOKEN,
    PASSWORD,
    *NAMES,
    AADHAAR.replace(" ", ""),
    CARD.replace(" ", ""),
    PHONE.replace(" ", ""),
)

WORKTREE_FILES = {
    "docs/Kundenliste März #2.md": (
        f"Kunden:\n{PRIYA}\nAadhaar: {AADHAAR}\ncard {CARD}\nmobile {PHONE}\n"
    ),
    "config/settings.py": (
        f'GITHUB_TOKEN = "{TOKEN}"\nDB = "postgres://admin:{PASSWORD}@db.kavyatextiles.in/shop"\n'
    ),
    "README.md": "A shop.\n",
}
CSV_FILES = {
    "exports/customers.csv": (
        "id,email,name,phone\n"
        f"1,{RAHUL},{NAMES[0]},{PHONE}\n"
        f"2,{OKAFOR},{NAMES[1]},+44 7700 900123\n"
        f"3,{PRIYA},Priya Sharma,\n"
    ),
    "schema.sql": "CREATE TABLE customers (\n  id INT,\n  email VARCHAR(255)\n);\n",
}
# A key that is itself customer data: the phone's field is named by an email address.
KEYED_BY_VALUE = {"data/phones.json": f'{{"{NEEL}": "{PHONE}"}}\n'}


# --- helpers ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def validate() -> Callable[[dict[str, Any]], None]:
    """Checks a SARIF document against the official SARIF 2.1.0 schema (and URI syntax)."""
    if not SCHEMA_PATH.is_file():
        pytest.skip(f"the official SARIF schema is not at {SCHEMA_PATH}")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    # The schema names its own draft ($schema: draft-04); Draft 7 only if it names none.
    validator_class = validator_for(schema, default=Draft7Validator)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def check(document: dict[str, Any]) -> None:
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message[:300]}" for e in errors[:10])
        for uri in _uris(document):
            assert _URI_REFERENCE.fullmatch(uri), f"not a URI reference: {uri!r}"

    return check


# RFC 3986 characters, percent signs only as escapes.
_URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")


def _uris(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("uri", "informationUri", "$schema", "helpUri") and isinstance(value, str):
                yield value
            else:
                yield from _uris(value)
    elif isinstance(node, list):
        for value in node:
            yield from _uris(value)


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def sarif_of(*args: str) -> tuple[str, dict[str, Any]]:
    """Run bharosa with `--format sarif`: the raw text and the parsed document."""
    result = run_cli([*args, "--format", "sarif", "--no-progress"], env=ENV)
    assert result.code in (0, 1), result.output
    return result.stdout, json.loads(result.stdout)


def the_run(document: dict[str, Any]) -> dict[str, Any]:
    (run,) = document["runs"]
    return run


def normalise(text: str) -> str:
    """Output with the tool's version made neutral, for the golden files."""
    document = json.loads(text)
    driver = the_run(document)["tool"]["driver"]
    for key in ("version", "semanticVersion"):
        if key in driver:
            driver[key] = "<version>"
    return json.dumps(document, indent=2, ensure_ascii=True) + "\n"


def assert_golden(name: str, text: str) -> None:
    golden = GOLDEN_DIR / name
    actual = normalise(text)
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: run with BHAROSA_UPDATE_GOLDEN=1"
    assert actual == golden.read_text(encoding="utf-8"), (
        f"SARIF differs from {golden.name}; if the change is intended, regenerate with "
        "BHAROSA_UPDATE_GOLDEN=1 and review the diff"
    )


def git_env(stamp: int) -> dict[str, str]:
    """A fixed identity, dates and no user config: commit ids are the same on every machine."""
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test Author",
        "GIT_AUTHOR_EMAIL": "author@example.com",
        "GIT_COMMITTER_NAME": "Test Author",
        "GIT_COMMITTER_EMAIL": "author@example.com",
        "GIT_AUTHOR_DATE": f"{stamp} +0000",
        "GIT_COMMITTER_DATE": f"{stamp} +0000",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def commit(repo: Path, message: str, files: dict[str, str | None], stamp: int) -> str:
    """Write (or, for None, delete) files and commit them at a fixed time; the commit id."""
    for name, content in files.items():
        target = repo / name
        if content is None:
            target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    env = git_env(stamp)
    subprocess.run(["git", "add", "-A"], cwd=repo, env=env, check=True)
    subprocess.run(
        ["git", "commit", "-q", "--no-gpg-sign", "-m", message], cwd=repo, env=env, check=True
    )
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def history_repo(path: Path) -> tuple[Path, str, str]:
    """A repository whose history holds an email that was deleted, and a CSV export that is
    still at HEAD; the two commits' ids."""
    repo = make_repo(path)
    first = commit(repo, "add contacts", {"contacts.txt": f"owner: {ASHA}\n"}, 1_700_000_000)
    export = commit(
        repo,
        "add export",
        {"contacts.txt": None, "exports/customers.csv": CSV_FILES["exports/customers.csv"]},
        1_700_003_600,
    )
    return repo, first, export


def findings_of(*documents: tuple[str, str]) -> list[Finding]:
    scanner = Scanner(Config(root=Path(), fingerprint_key=b"k" * 32), load_rules())
    found: list[Finding] = []
    for path, text in documents:
        found += scanner.scan_document(Document(path, text.encode()), ScanStats())
    return sorted(found, key=lambda f: f.sort_key)


def run_info(**kwargs: Any) -> RunInfo:
    return RunInfo(version="1.2.3", stats=ScanStats(files=2), rules=tuple(load_rules()), **kwargs)


def results(document: dict[str, Any]) -> list[dict[str, Any]]:
    return list(the_run(document)["results"])


def limit_notes(document: dict[str, Any]) -> list[str]:
    notes = the_run(document)["invocations"][0].get("toolExecutionNotifications", [])
    return [n["message"]["text"] for n in notes if n["descriptor"]["id"] == sarif.LIMIT_NOTICE]


# --- every kind of run: schema-valid, and golden ---------------------------------------


def test_working_tree_scan(tree: Path, validate: Callable[[dict[str, Any]], None]) -> None:
    write_tree(tree, WORKTREE_FILES)
    text, document = sarif_of("scan", str(tree))
    validate(document)
    run = the_run(document)
    assert document["$schema"] == sarif.SCHEMA_URI
    assert document["version"] == "2.1.0"
    driver = run["tool"]["driver"]
    assert driver["name"] == "bharosa"
    assert driver["informationUri"] == "https://github.com/bharosa-dev/bharosa"
    assert run["automationDetails"]["id"] == "bharosa/scan/"
    assert run["columnKind"] == "utf16CodeUnits"
    assert run["invocations"][0]["executionSuccessful"] is True
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert uris == {"config/settings.py", "docs/Kundenliste%20M%C3%A4rz%20%232.md"}
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert {"startLine", "startColumn", "endColumn"} <= set(location["region"])
        assert result["level"] in ("error", "warning", "note")
        assert set(result["partialFingerprints"]) == {
            "bharosaFingerprint/v1",
            "primaryLocationLineHash",
        }
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert "--purge-plan" in rule["help"]["text"] and "bharosa:allow" in rule["help"]["text"]
        assert rule["help"]["markdown"]
        assert 0 < float(rule["properties"]["security-severity"]) <= 10
        assert rule["properties"]["precision"] in ("high", "medium", "low")
        assert "security" in rule["properties"]["tags"]
        assert len(rule["properties"]["tags"]) <= sarif.MAX_TAGS
    assert_golden("scan.sarif.json", text)


def test_data_file_scan_has_one_result_per_column(
    tree: Path, validate: Callable[[dict[str, Any]], None]
) -> None:
    write_tree(tree, CSV_FILES)
    text, document = sarif_of("scan", str(tree))
    validate(document)
    columns = [r for r in results(document) if "count" in r["properties"]]
    by_rule = {r["ruleId"]: r for r in columns}
    assert set(by_rule) == {"pii.email", "field.name", "pii.phone.international"}
    email = by_rule["pii.email"]
    assert email["properties"]["count"] == 3
    assert "3 values in column 'email'" in email["message"]["text"]
    region = email["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (1, 4, 9)
    related = email["relatedLocations"]
    assert [loc["physicalLocation"]["region"]["startLine"] for loc in related] == [2, 3, 4]
    assert [loc["id"] for loc in related] == [1, 2, 3]
    assert all(loc["message"]["text"] for loc in related)
    assert "[line 2](1)" in email["message"]["text"]
    # The column's own findings are not results of their own; the schema's field is a note.
    assert len(results(document)) == len(columns) + 1
    (schema_note,) = [r for r in results(document) if "count" not in r["properties"]]
    assert schema_note["level"] == "note"
    assert_golden("data.sarif.json", text)


def test_history_scan(tmp_path: Path, validate: Callable[[dict[str, Any]], None]) -> None:
    repo, first, export = history_repo(tmp_path / "repo")
    text, document = sarif_of("history", str(repo))
    validate(document)
    run = the_run(document)
    assert run["automationDetails"]["id"] == "bharosa/history/"
    assert run["invocations"][0]["properties"]["commits"] == 2
    by_uri: dict[str, list[dict[str, Any]]] = {}
    for result in run["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        by_uri.setdefault(uri, []).append(result)
    (gone,) = by_uri["contacts.txt"]
    assert gone["properties"]["commit"] == first
    assert gone["properties"]["in_head"] is False
    assert gone["properties"]["author_date"] == "2023-11-14T22:13:20Z"
    assert first[:10] in gone["message"]["text"]
    assert by_uri["exports/customers.csv"]
    for column in by_uri["exports/customers.csv"]:
        assert column["properties"]["commit"] == export
        assert column["properties"]["in_head"] is True
    assert_golden("history.sarif.json", text)


def test_empty_run(tree: Path, validate: Callable[[dict[str, Any]], None]) -> None:
    write_tree(tree, {"README.md": "Nothing to see.\n"})
    text, document = sarif_of("scan", str(tree))
    validate(document)
    run = the_run(document)
    assert run["results"] == []
    assert run["tool"]["driver"]["rules"] == []
    assert "toolExecutionNotifications" not in run["invocations"][0]
    assert_golden("empty.sarif.json", text)


def test_skipped_files_become_notifications(
    tree: Path, validate: Callable[[dict[str, Any]], None]
) -> None:
    png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256))
    write_tree(tree, {"logo.png": png, "notes.txt": f"{PRIYA}\n"})
    os.mkfifo(tree / "pipe")
    _, document = sarif_of("scan", str(tree))
    validate(document)
    notes = the_run(document)["invocations"][0]["toolExecutionNotifications"]
    by_path = {
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: n
        for n in notes
        if "locations" in n
    }
    assert by_path["logo.png"]["level"] == "note"
    assert by_path["logo.png"]["descriptor"]["id"] == "binary"
    assert by_path["pipe"]["level"] == "warning"
    assert all(n["message"]["text"] for n in notes)


def test_rendered_directly_a_run_without_rules_or_notices_is_valid(
    validate: Callable[[dict[str, Any]], None],
) -> None:
    found = findings_of(("a.txt", f"{PRIYA}\n"))
    text = render_sarif(found, RunInfo(version="dev", stats=ScanStats()))
    document = json.loads(text)
    validate(document)
    driver = the_run(document)["tool"]["driver"]
    # Rules the run did not pass in (dictionaries') are described from their findings.
    assert [r["id"] for r in driver["rules"]] == ["pii.email"]
    assert "semanticVersion" not in driver  # "dev" is no semantic version
    assert driver["version"] == "dev"


# --- masking ---------------------------------------------------------------------------


def test_no_raw_value_anywhere_without_show_values(tmp_path: Path) -> None:
    tree = write_tree(tmp_path / "tree", {**WORKTREE_FILES, **CSV_FILES, **KEYED_BY_VALUE})
    repo, _, _ = history_repo(tmp_path / "repo")
    outputs = [sarif_of("scan", str(tree))[0], sarif_of("history", str(repo))[0]]
    for text in outputs:
        leaked = [value for value in RAW_VALUES if value in text]
        assert not leaked, f"raw values in SARIF: {leaked}"
    # The check can see values: with --show-values the line findings' values are there.
    shown, _ = sarif_of("scan", str(tree), "--show-values")
    assert all(value in shown for value in (PRIYA, AADHAAR, CARD, TOKEN, PASSWORD))


# --- rules and results -----------------------------------------------------------------


def test_rule_index_points_at_the_rule_of_the_result(tree: Path) -> None:
    write_tree(tree, {**WORKTREE_FILES, **CSV_FILES})
    _, document = sarif_of("scan", str(tree))
    rules = the_run(document)["tool"]["driver"]["rules"]
    assert len(rules) >= 5
    assert len({r["id"] for r in rules}) == len(rules)
    for result in results(document):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_dictionary_rules_made_at_scan_time_are_listed(
    tree: Path, validate: Callable[[dict[str, Any]], None]
) -> None:
    write_tree(
        tree,
        {
            ".bharosa.toml": '[dictionaries.customers]\nterms = "terms.txt"\n',
            "terms.txt": "Kavya Textiles\n",
            "notes.md": "Call Kavya Textiles about the invoice.\n",
        },
    )
    _, document = sarif_of("scan", str(tree))
    validate(document)
    rules = the_run(document)["tool"]["driver"]["rules"]
    found = [r for r in results(document) if r["ruleId"] == "dict.customers"]
    assert found
    assert rules[found[0]["ruleIndex"]]["id"] == "dict.customers"


def test_a_result_states_its_level_even_when_it_is_sarif_default() -> None:
    # A result without `level` would take its rule's (error): a lowered one must say so.
    (email,) = findings_of(("a.txt", f"{PRIYA}\n"))
    lowered = dataclasses.replace(email, severity=Severity.WARNING)
    (result,) = results(json.loads(render_sarif([lowered], run_info())))
    assert result["level"] == "warning"
    rule = the_run(json.loads(render_sarif([lowered], run_info())))["tool"]["driver"]["rules"][0]
    assert rule["defaultConfiguration"]["level"] == "error"


def test_security_severity_ranks_secrets_then_ids_then_the_rest() -> None:
    score = sarif.security_severity
    assert float(score(Severity.ERROR, "secret")) > float(score(Severity.ERROR, "aadhaar"))
    assert float(score(Severity.ERROR, "aadhaar")) > float(score(Severity.ERROR, "email"))
    assert 7.0 <= float(score(Severity.ERROR, "email")) < 9.1
    assert 4.0 <= float(score(Severity.WARNING, "email")) < 7.0
    assert 0.1 <= float(score(Severity.NOTE, "email")) < 4.0


# --- columns in UTF-16 code units --------------------------------------------------------


def test_columns_count_utf16_code_units_after_an_astral_character() -> None:
    line = f"😀 contact: {PRIYA}"
    (finding,) = findings_of(("a.txt", line + "\n"))
    (result,) = results(json.loads(render_sarif([finding], run_info())))
    region = result["locations"][0]["physicalLocation"]["region"]
    code_points = line.index(PRIYA) + 1
    assert finding.start_column == code_points
    # The emoji is two UTF-16 code units: every column after it is one further on.
    assert region["startColumn"] == code_points + 1
    assert region["endColumn"] == code_points + 1 + len(PRIYA)


def test_data_file_columns_count_utf16_code_units_too() -> None:
    scanner = Scanner(Config(root=Path(), fingerprint_key=b"k" * 32), load_rules())
    data = f"📝 note,email\n🙂 hi,{PRIYA}\n".encode()
    part = ScanResult()
    scan_content("people.csv", data, scanner, part)
    (finding,) = [f for f in part.findings if f.rule_id == "pii.email"]
    assert (finding.start_column, finding.start_column_utf16) == (6, 7)
    assert finding.end_column_utf16 == 7 + len(PRIYA)
    (column,) = part.columns
    assert (column.header_column, column.header_column_utf16) == (8, 9)
    run = run_info(columns=tuple(part.columns))
    (result,) = results(json.loads(render_sarif(part.findings, run)))
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (9, 9 + len("email"))


# --- fingerprints ----------------------------------------------------------------------


def test_fingerprints_stay_when_lines_move(tmp_path: Path) -> None:
    content = WORKTREE_FILES["docs/Kundenliste März #2.md"]
    before = write_tree(tmp_path / "before", {"notes.md": content})
    after = write_tree(tmp_path / "after", {"notes.md": "# Notes\n\nMoved down.\n\n" + content})

    def fingerprints(root: Path) -> dict[str, tuple[dict[str, str], int]]:
        _, document = sarif_of("scan", str(root))
        return {
            r["ruleId"]: (
                r["partialFingerprints"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in results(document)
        }

    old, new = fingerprints(before), fingerprints(after)
    assert set(old) == set(new) and len(old) >= 3
    for rule_id, (prints, line) in old.items():
        assert new[rule_id][0] == prints
        assert new[rule_id][1] == line + 4
        assert prints["primaryLocationLineHash"].startswith(
            prints["bharosaFingerprint/v1"][:16] + ":"
        )


def test_the_same_value_twice_in_a_file_gets_two_line_hashes() -> None:
    found = findings_of(("a.txt", f"{PRIYA}\nagain: {PRIYA}\n"))
    hashes = [
        r["partialFingerprints"]["primaryLocationLineHash"]
        for r in results(json.loads(render_sarif(found, run_info())))
    ]
    assert len(set(hashes)) == 2
    assert [h[-2:] for h in hashes] == [":1", ":2"]


# --- GitHub's limits -------------------------------------------------------------------


def test_results_over_the_cap_drop_the_lowest_severity_and_say_so(
    monkeypatch: pytest.MonkeyPatch, validate: Callable[[dict[str, Any]], None]
) -> None:
    found = findings_of(("a.txt", f"{PRIYA}\n{RAHUL}\n{OKAFOR}\n"))
    found[0] = dataclasses.replace(found[0], severity=Severity.NOTE)
    monkeypatch.setattr(sarif, "MAX_RESULTS", 2)
    document = json.loads(render_sarif(found, run_info()))
    validate(document)
    assert [r["level"] for r in results(document)] == ["error", "error"]
    (note,) = limit_notes(document)
    assert "2 of 3 results" in note


def test_rules_locations_tags_and_notices_over_their_caps_are_cut_and_said(
    monkeypatch: pytest.MonkeyPatch, validate: Callable[[dict[str, Any]], None]
) -> None:
    scanner = Scanner(Config(root=Path(), fingerprint_key=b"k" * 32), load_rules())
    part = ScanResult()
    scan_content("people.csv", CSV_FILES["exports/customers.csv"].encode(), scanner, part)
    line_findings = findings_of(("a.txt", f"token {TOKEN}\n"))
    notices = tuple(
        Notice(NoticeLevel.INFO, "binary", "binary file skipped", f"img{i}.png") for i in range(3)
    )
    monkeypatch.setattr(sarif, "MAX_RULES", 2)
    monkeypatch.setattr(sarif, "MAX_LOCATIONS", 3)
    monkeypatch.setattr(sarif, "MAX_TAGS", 2)
    monkeypatch.setattr(sarif, "MAX_NOTIFICATIONS", 1)
    run = run_info(columns=tuple(part.columns), notices=notices)
    document = json.loads(render_sarif([*part.findings, *line_findings], run))
    validate(document)
    rules = the_run(document)["tool"]["driver"]["rules"]
    assert len(rules) == 2
    assert all(len(r["properties"]["tags"]) <= 2 for r in rules)
    assert all(len(r.get("relatedLocations", [])) <= 2 for r in results(document))
    assert {r["ruleId"] for r in results(document)} <= {r["id"] for r in rules}
    notes = limit_notes(document)
    assert any("rules" in n and "left out" in n for n in notes)
    assert any("tags" in n for n in notes)
    assert any("sample lines" in n for n in notes)
    assert any("2 more notices" in n for n in notes)


def test_a_file_over_the_limit_only_before_compression_is_kept_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = [f"customer{i}.kumar@kavyatextiles.in" for i in range(300)]
    found = findings_of(("a.txt", "\n".join(lines) + "\n"))
    full = render_sarif(found, run_info())
    limit = sarif._gzipped_size(full) + 10
    assert limit < len(full)
    monkeypatch.setattr(sarif, "MAX_GZIP_BYTES", limit)
    assert render_sarif(found, run_info()) == full


@pytest.mark.parametrize("size", [0, 1, 5_000, 300_000, 2_000_000])
def test_text_within_the_uncompressed_bound_fits_however_badly_it_compresses(
    monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    # Random printable ASCII is about the worst gzip sees in a log.
    text = "".join(random.Random(size).choices(string.printable, k=size))
    monkeypatch.setattr(sarif, "MAX_GZIP_BYTES", size + size // 1000 + 1024)
    assert sarif._fits_uncompressed(text)
    assert sarif._gzipped_size(text) <= sarif.MAX_GZIP_BYTES
    monkeypatch.setattr(sarif, "MAX_GZIP_BYTES", size + size // 1000 + 1023)
    assert not sarif._fits_uncompressed(text)


def test_a_file_over_the_gzipped_size_limit_is_cut_to_fit(
    monkeypatch: pytest.MonkeyPatch, validate: Callable[[dict[str, Any]], None]
) -> None:
    lines = [f"customer{i}.kumar@kavyatextiles.in" for i in range(300)]
    found = findings_of(("a.txt", "\n".join(lines) + "\n"))
    found[0] = dataclasses.replace(found[0], severity=Severity.NOTE)
    full = render_sarif(found, run_info())
    limit = sarif._gzipped_size(full) // 3
    monkeypatch.setattr(sarif, "MAX_GZIP_BYTES", limit)
    text = render_sarif(found, run_info())
    assert sarif._gzipped_size(text) <= limit
    document = json.loads(text)
    validate(document)
    kept = results(document)
    assert 0 < len(kept) < len(found)
    assert all(r["level"] == "error" for r in kept)  # the note went first
    (note,) = limit_notes(document)
    assert f"of {len(found)} results" in note and "gzipped" in note


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("users.json", '{"note": "\U0001f600\U0001f600", "email": "EMAIL"}\n'),
        ("users.jsonl", '{"note": "\U0001f600\U0001f600", "email": "EMAIL"}\n'),
        ("users.yaml", 'people: {note: "\U0001f600\U0001f600", email: "EMAIL"}\n'),
        ("dump.sql", "INSERT INTO users (note, email) VALUES ('\U0001f600\U0001f600', 'EMAIL');\n"),
    ],
)
def test_data_file_columns_are_utf16_after_astral_characters(
    tmp_path: Path, name: str, text: str
) -> None:
    email = CUSTOMER_EMAILS[0]
    line = text.replace("EMAIL", email)
    (tmp_path / name).write_text(line, encoding="utf-8")
    scanner = Scanner(Config(root=tmp_path), load_rules([]))
    result = ScanResult()
    scan_content(name, line.encode(), scanner, result)
    found = [f for f in result.findings if f.rule_id == "pii.email"]
    assert found, result.findings
    expected = len(line[: line.index(email)].encode("utf-16-le")) // 2 + 1
    assert found[0].start_column == line.index(email) + 1
    assert found[0].start_column_utf16 == expected
    assert found[0].end_column_utf16 == expected + len(email)
