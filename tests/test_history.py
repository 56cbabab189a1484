"""`bharosa history`, `--range` and `scan --staged` on real repositories built with real git."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bharosa import git_scan
from bharosa.cell_scan import EDIT_LISTED, MAX_LISTED
from bharosa.config import Config
from bharosa.rules.loading import load_rules
from bharosa.scanner import Scanner
from bharosa.sources import novel_lines
from bharosa.sources.git_history import Blob
from tests.conftest import git, make_repo, run_cli

ASHA = "asha.iyer@pallavitextiles.in"
RAVI = "ravi.menon@kaveriexports.co.in"
MEERA = "meera.das@lotusfabrics.in"
NEEL = "neel.kapoor@saffronlogistics.in"
# A Visa number that passes Luhn (invented).
CARD = "4539 1488 0343 6467"


class Repo:
    """A repository in a temp dir whose commits get increasing, fixed author dates."""

    def __init__(self, path: Path) -> None:
        self.path = make_repo(path)
        self._clock = 1_700_000_000

    def write(self, name: str, text: str) -> None:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str, files: dict[str, str] | None = None, *extra: str) -> str:
        for name, text in (files or {}).items():
            self.write(name, text)
        self._clock += 3600
        stamp = f"{self._clock} +0000"
        env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        subprocess.run(["git", "add", "-A"], cwd=self.path, check=True, env=env)
        subprocess.run(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q",
             "--allow-empty", "-m", message, *extra],
            cwd=self.path, check=True, env=env,
        )  # fmt: skip
        return self.head()

    def head(self) -> str:
        return git(self.path, "rev-parse", "HEAD").strip()

    def history(self, *args: str) -> tuple[int, dict[str, Any]]:
        result = run_cli(["history", str(self.path), "--format", "json", *args])
        assert result.code in (0, 1), result.output
        return result.code, json.loads(result.stdout)


def _by_value(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Findings keyed by the masked value (each test uses values with distinct masks)."""
    found: dict[str, dict[str, Any]] = {}
    for finding in report["findings"]:
        assert finding["masked"] not in found, "one finding per value expected"
        found[finding["masked"]] = finding
    return found


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo")


def test_added_then_deleted_is_found_at_its_commit_and_gone_from_head(repo: Repo) -> None:
    added = repo.commit("add", {"contacts.txt": f"owner: {ASHA}\n", "README": "hello\n"})
    (repo.path / "contacts.txt").unlink()
    repo.commit("delete")
    code, report = repo.history()
    assert code == 1
    (finding,) = report["findings"]
    assert finding["path"] == "contacts.txt"
    assert finding["line"] == 1
    assert finding["commit"] == added
    assert finding["in_head"] is False
    assert finding["author_date"].endswith("Z")


def test_rename_keeps_the_first_commit_and_the_value_is_still_in_head(repo: Repo) -> None:
    added = repo.commit("add", {"old/name.txt": f"a\nb\nmail {ASHA}\n"})
    git(repo.path, "mv", "old/name.txt", "new-name.txt")
    repo.commit("rename")
    _, report = repo.history()
    (finding,) = report["findings"]
    assert (finding["commit"], finding["path"], finding["line"]) == (added, "old/name.txt", 3)
    assert finding["in_head"] is True


def test_a_line_modified_twice_gives_each_value_its_own_commit(repo: Repo) -> None:
    first = repo.commit("v1", {"notes.md": f"# Notes\n\ncontact: {ASHA}\nend\n"})
    second = repo.commit("v2", {"notes.md": f"# Notes\n\ncontact: {RAVI}\nend\n"})
    third = repo.commit("v3", {"notes.md": f"# Notes\n\ncontact: {MEERA}\nend\n"})
    repo.commit("unrelated", {"notes.md": f"# Notes!\n\ncontact: {MEERA}\nend\nmore\n"})
    _, report = repo.history()
    found = _by_value(report)
    assert found["a***@p***.in"]["commit"] == first
    assert found["r***@k***.in"]["commit"] == second
    assert found["m***@l***.in"]["commit"] == third
    assert [found[m]["in_head"] for m in ("a***@p***.in", "r***@k***.in", "m***@l***.in")] == [
        False,
        False,
        True,
    ]
    assert all(f["line"] == 3 for f in report["findings"])


def test_a_value_made_on_a_side_branch_is_tied_to_the_side_branch_commit(repo: Repo) -> None:
    repo.commit("base", {"app.py": "print('hi')\n"})
    git(repo.path, "checkout", "-q", "-b", "feature")
    side = repo.commit("side", {"fixtures/users.txt": f"{ASHA}\n"})
    git(repo.path, "checkout", "-q", "main")
    repo.commit("main moves on", {"app.py": "print('hello')\n"})
    git(
        repo.path, "-c", "user.name=T", "-c", "user.email=t@example.com",
        "merge", "-q", "--no-ff", "-m", "merge", "feature",
    )  # fmt: skip
    _, report = repo.history()
    (finding,) = report["findings"]
    assert finding["commit"] == side
    assert finding["in_head"] is True


def test_a_conflict_resolution_is_tied_to_the_merge(repo: Repo) -> None:
    repo.commit("base", {"team.txt": "lead: nobody\n"})
    git(repo.path, "checkout", "-q", "-b", "feature")
    repo.commit("side", {"team.txt": "lead: side\n"})
    git(repo.path, "checkout", "-q", "main")
    repo.commit("main", {"team.txt": "lead: main\n"})
    merge = subprocess.run(["git", "merge", "-q", "feature"], cwd=repo.path, capture_output=True)
    assert merge.returncode != 0
    merged = repo.commit("resolve", {"team.txt": f"lead: {NEEL}\n"})
    _, report = repo.history()
    (finding,) = report["findings"]
    assert finding["commit"] == merged


def test_a_commit_only_a_tag_reaches_is_scanned_with_all_and_not_with_a_branch(
    repo: Repo,
) -> None:
    repo.commit("base", {"a.txt": "nothing here\n"})
    git(repo.path, "checkout", "-q", "--detach")
    tagged = repo.commit("tagged only", {"release.txt": f"signed off by {RAVI}\n"})
    git(repo.path, "tag", "v1", tagged)
    git(repo.path, "checkout", "-q", "main")
    _, everything = repo.history()
    (finding,) = everything["findings"]
    assert finding["commit"] == tagged
    assert finding["in_head"] is False
    _, main_only = repo.history("--branch", "main")
    assert main_only["findings"] == []


def test_an_amended_commit_and_the_commit_it_replaced_both_count(repo: Repo) -> None:
    repo.commit("base", {"a.txt": "a\n"})
    repo.commit("leak", {"a.txt": f"a\n{ASHA}\n"})
    git(repo.path, "tag", "before-amend")
    amended = repo.commit("fixed", {"a.txt": f"a\n{RAVI}\n"}, "--amend")
    _, report = repo.history()
    found = _by_value(report)
    assert found["r***@k***.in"]["commit"] == amended
    assert found["a***@p***.in"]["in_head"] is False
    _, main_only = repo.history("--branch", "main")
    assert set(_by_value(main_only)) == {"r***@k***.in"}


# An invented key block: a header, a body of base64 lines and a footer.
_KEY_BODY = (
    "MIIEowIBAAKCAQEAx3kF0mZ8Qp2vR7tYw1sL9aBcDeFgHiJkLmNoPqRsTuVwXyZ0\n"
    "q8Zr3Lm0Pq2vR7tYw1sL9aBcDeFgHiJkLmNoPqRsTuVwXyZ0AbCdEfGhIjKlMnOp\n"
)


def _settings_with_key(body: str) -> str:
    lines = [f"setting_{n} = {n}\n" for n in range(40)]
    key = f'KEY = """-----BEGIN RSA PRIVATE KEY-----\n{body}-----END RSA PRIVATE KEY-----"""\n'
    return "".join(lines[:20]) + (key if body else "") + "".join(lines[20:])


def test_a_key_block_added_to_a_file_is_tied_to_the_commit_of_each_body(repo: Repo) -> None:
    # The key's lines are new lines in the middle of a file whose first version held no
    # key, and the second key differs from the first in its last body line only.
    repo.commit("settings", {"deploy/settings.py": _settings_with_key("")})
    added = repo.commit("key", {"deploy/settings.py": _settings_with_key(_KEY_BODY)})
    body = _KEY_BODY.replace("AbCdE", "ZyXwV")
    changed = repo.commit("new key", {"deploy/settings.py": _settings_with_key(body)})
    _, report = repo.history()
    keys = [f for f in report["findings"] if f["rule_id"] == "secret.private-key"]
    assert sorted((f["commit"], f["in_head"]) for f in keys) == sorted(
        [(added, False), (changed, True)]
    )


def test_a_key_header_on_a_new_line_marks_the_version_as_holding_one() -> None:
    # Whether a version holds a key header is worked out from its new lines only: the
    # next version's edit inside the block is then always read with the whole block.
    scanner = Scanner(Config(root=Path()), load_rules())
    old = "".join(f"setting_{n} = {n}\n" for n in range(40)).encode()
    first, _ = git_scan._scan_whole("deploy/settings.py", old, scanner)
    with_key = old.replace(b"setting_20 ", b"-----BEGIN RSA PRIVATE KEY-----\nsetting_20 ")
    second, _ = git_scan._scan_changes(first, with_key, scanner)
    third, _ = git_scan._scan_changes(second, old, scanner)
    assert (first.has_pem, second.has_pem, third.has_pem) == (False, True, False)


class _RecordingReader:
    """A BlobReader stand-in: answers from a dict and notes the order it was asked in."""

    def __init__(self, contents: dict[str, bytes]) -> None:
        self.contents = contents
        self.asked: list[str] = []

    def read(self, shas: list[str]) -> Iterator[Blob]:
        for sha in shas:
            self.asked.append(sha)
            yield Blob(sha, len(self.contents[sha]), self.contents[sha])


def test_blobs_are_asked_newest_first_in_windows_and_scanned_oldest_first() -> None:
    from bharosa.limits import DEFAULT_LIMITS
    from bharosa.sources.git_history import BlobIntroduction, Commit

    # Three versions of a file, each growing by a line, then a version too large to share
    # a window: git rebuilds older versions from newer ones, so a window is asked newest
    # first; the scan still diffs each version against the one before it.
    lines = [f"entry {n} of the ledger\n" for n in range(12_000)]
    versions = [
        "".join(lines[:4_000]).encode(),
        "".join(lines[:4_001]).encode() + f"card {CARD}\n".encode(),
        "".join(lines[:4_002]).encode(),
        "".join(lines).encode(),
    ]
    shas = [f"{n:040x}" for n in range(1, 5)]
    intros = [
        BlobIntroduction(sha, "ledger.txt", Commit(f"{n:040x}", n), shas[n - 1] if n else None)
        for n, sha in enumerate(shas)
    ]
    reader = _RecordingReader(dict(zip(shas, versions, strict=True)))
    scanner = Scanner(Config(root=Path()), load_rules())
    collector = git_scan._Collector(scanner)
    group = git_scan._Group(intros, [len(v) for v in versions])
    git_scan._scan_blobs(reader, group, set(), scanner, collector, None, DEFAULT_LIMITS)
    assert sum(map(len, versions[:3])) <= git_scan._WINDOW_BYTES < sum(map(len, versions))
    assert reader.asked == [shas[2], shas[1], shas[0], shas[3]]
    (finding,) = collector.finish().findings
    assert finding.origin is not None and finding.origin.commit == intros[1].commit.sha


def test_a_value_already_in_an_earlier_version_keeps_its_commit(repo: Repo) -> None:
    first = repo.commit("v1", {"log.txt": f"card {CARD}\n" + "x\n" * 50})
    repo.commit("v2", {"log.txt": "intro\n" + f"card {CARD}\n" + "x\n" * 50 + "y\n"})
    _, report = repo.history()
    (finding,) = report["findings"]
    assert finding["rule_id"] == "pii.card"
    assert finding["commit"] == first
    assert finding["line"] == 1


def test_range_reports_only_what_the_range_brings_in(repo: Repo) -> None:
    base = repo.commit("base", {"users.txt": f"{ASHA}\n", "b.txt": "x\n"})
    repo.commit("pr 1", {"users.txt": f"{ASHA}\n{RAVI}\n"})
    repo.commit("pr 2", {"b.txt": "x\ny\n"})
    code, report = repo.history("--range", f"{base}..HEAD")
    assert code == 1
    assert set(_by_value(report)) == {"r***@k***.in"}


def test_range_that_adds_no_customer_data_passes(repo: Repo) -> None:
    base = repo.commit("base", {"users.txt": f"{ASHA}\n"})
    repo.commit("move it", {"users.txt": f"header\n{ASHA}\n"})
    code, report = repo.history("--range", f"{base}..HEAD")
    assert code == 0
    assert report["findings"] == []


def test_range_with_an_unknown_base_is_a_usage_error(repo: Repo) -> None:
    repo.commit("base", {"a.txt": "a\n"})
    result = run_cli(["history", str(repo.path), "--range", "nope..HEAD"])
    assert result.code == 2
    assert "nope" in result.stderr
    assert "Traceback" not in result.output


def test_since_leaves_out_older_commits(repo: Repo) -> None:
    repo.commit("old", {"a.txt": f"{ASHA}\n"})
    repo.commit("new", {"b.txt": f"{RAVI}\n"})
    # The second commit is an hour after the first (see Repo.commit).
    _, report = repo.history("--since", "1700005400")
    assert set(_by_value(report)) == {"r***@k***.in"}


def test_data_files_in_history_are_read_by_their_reader(repo: Repo) -> None:
    rows = "".join(f"{i},{name}\n" for i, name in enumerate([ASHA, RAVI, MEERA]))
    added = repo.commit("export", {"exports/customers.csv": "id,email\n" + rows})
    (repo.path / "exports" / "customers.csv").unlink()
    repo.commit("oops")
    _, report = repo.history()
    (column,) = report["columns"]
    assert column["field"] == "email"
    assert column["count"] == 3
    assert column["commit"] == added
    assert column["in_head"] is False


def test_not_a_repository_is_exit_2(tmp_path: Path) -> None:
    result = run_cli(["history", str(tmp_path)])
    assert result.code == 2
    assert "not a git repository" in result.stderr
    assert "Traceback" not in result.output
    missing = run_cli(["history", str(tmp_path / "missing")])
    assert missing.code == 2
    assert "no such directory" in missing.stderr and "not installed" not in missing.stderr


def test_empty_repository_has_nothing_to_report(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "empty")
    result = run_cli(["history", str(repo)])
    assert result.code == 0, result.output


def test_text_report_names_the_commit_and_masks_values(repo: Repo) -> None:
    added = repo.commit("add", {"a.txt": f"{ASHA}\n"})
    result = run_cli(["history", str(repo.path)])
    assert result.code == 1
    assert added[:10] in result.stdout
    assert "still in HEAD" in result.stdout
    assert ASHA not in result.output
    assert "1 blob scanned" in result.stdout


def test_purge_plan_is_owner_only_and_replaces_values_with_masks(repo: Repo) -> None:
    repo.commit("add", {"a.txt": f"{ASHA}\n{CARD}\n"})
    plan = repo.path.parent / "plan.txt"
    result = run_cli(["history", str(repo.path), "--purge-plan", str(plan)])
    assert result.code == 1
    assert stat.S_IMODE(plan.stat().st_mode) == 0o600
    lines = plan.read_text().splitlines()
    assert f"{ASHA}==>a***@p***.in" in lines
    assert f"{CARD}==>**** **** **** 6467" in lines
    assert "WARNING" in result.stderr and "raw values" in result.stderr
    assert "git filter-repo --replace-text" in result.stdout
    assert "Force-push" in result.stdout
    assert ASHA not in result.stdout + result.stderr


def test_purge_plan_rewrites_history_when_applied(repo: Repo, tmp_path: Path) -> None:
    """The plan's format is what filter-repo reads: applied with filter-repo's own parser
    semantics (literal, then ==>), every value is gone from every blob."""
    repo.commit("add", {"a.txt": f"x {ASHA} y\n"})
    repo.commit("more", {"b.txt": f"{CARD}\n"})
    plan = tmp_path / "plan.txt"
    run_cli(["history", str(repo.path), "--purge-plan", str(plan)])
    rules = [line.split("==>", 1) for line in plan.read_text().splitlines()]
    blobs = git(repo.path, "rev-list", "--all", "--objects").split()
    for sha in (s for s in blobs if len(s) == 40):
        kind = git(repo.path, "cat-file", "-t", sha).strip()
        if kind != "blob":
            continue
        text = git(repo.path, "cat-file", "-p", sha)
        for literal, replacement in rules:
            text = text.replace(literal, replacement)
        assert ASHA not in text and CARD not in text


def test_staged_scans_the_index_not_the_work_tree(repo: Repo) -> None:
    repo.commit("base", {"a.txt": "clean\n"})
    repo.write("a.txt", f"clean\n{ASHA}\n")
    git(repo.path, "add", "a.txt")
    # The work tree no longer holds the value, the index does.
    repo.write("a.txt", "clean\n")
    result = run_cli(["scan", "--staged", str(repo.path), "--format", "json"])
    assert result.code == 1, result.output
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["path"] == "a.txt"
    assert finding["line"] == 2


def test_staged_ignores_files_the_commit_does_not_change(repo: Repo) -> None:
    repo.commit("base", {"old.txt": f"{ASHA}\n"})
    repo.write("new.txt", "nothing\n")
    git(repo.path, "add", "new.txt")
    result = run_cli(["scan", "--staged", str(repo.path)])
    assert result.code == 0, result.output


def test_staged_in_a_repository_with_no_commits(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "fresh", {"users.csv": f"email\n{ASHA}\n"}, commit=False)
    git(repo, "add", "-A")
    result = run_cli(["scan", "--staged", str(repo), "--format", "json"])
    assert result.code == 1, result.output
    assert json.loads(result.stdout)["columns"][0]["field"] == "email"


def test_staged_with_a_path_that_is_no_directory_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Run from inside another repository: the mistyped path must not fall back to it.
    here = make_repo(tmp_path / "here", {"users.csv": f"email\n{ASHA}\n"}, commit=False)
    git(here, "add", "-A")
    monkeypatch.chdir(here)
    result = run_cli(["scan", "--staged", str(tmp_path / "elsewhere")])
    assert result.code == 2
    assert "not one" in result.stderr and "Traceback" not in result.output


def test_a_data_file_that_was_clean_is_read_again_when_a_change_brings_data(repo: Repo) -> None:
    repo.commit("empty export", {"exports/users.csv": "id,city\n1,Pune\n"})
    repo.commit("still clean", {"exports/users.csv": "id,city\n1,Pune\n2,Kochi\n"})
    added = repo.commit("leak", {"exports/users.csv": f"id,city\n1,Pune\n2,Kochi\n3,{ASHA}\n"})
    _, report = repo.history()
    (finding,) = [f for f in report["findings"] if f["rule_id"] == "pii.email"]
    assert finding["commit"] == added
    assert finding["row"] == 3


def test_a_merge_of_two_edited_versions_keeps_each_value_with_its_own_commit(
    repo: Repo,
) -> None:
    # The merge makes a blob neither side had; it is compared with its first parent's.
    repo.commit("base", {"notes.md": "# Team\n\nleads:\n\nend\n"})
    git(repo.path, "checkout", "-q", "-b", "feature")
    side = repo.commit("side", {"notes.md": f"# Team\n\nleads:\n\nend\nescalate: {ASHA}\n"})
    git(repo.path, "checkout", "-q", "main")
    main = repo.commit("main", {"notes.md": f"# Team {RAVI}\n\nleads:\n\nend\n"})
    git(
        repo.path, "-c", "user.name=T", "-c", "user.email=t@example.com",
        "merge", "-q", "--no-ff", "-m", "merge", "feature",
    )  # fmt: skip
    assert (
        ASHA in (repo.path / "notes.md").read_text()
        and RAVI in (repo.path / "notes.md").read_text()
    )
    _, report = repo.history()
    commits = {f["masked"]: f["commit"] for f in report["findings"]}
    assert sorted(commits.values()) == sorted([side, main])
    assert all(f["in_head"] for f in report["findings"])


def test_a_column_renamed_to_a_sensitive_name_is_read_again(repo: Repo) -> None:
    # Unformatted numbers count as phone numbers only under a name that says so.
    rows = "1,9876543210\n2,9812345678\n"
    repo.commit("export", {"exports/users.csv": f"id,ref\n{rows}"})
    renamed = repo.commit("rename", {"exports/users.csv": f"id,mobile\n{rows}"})
    # Not the tip's version: tip blobs are read whole anyway.
    repo.commit("drop", {"exports/users.csv": "id,mobile\n"})
    _, report = repo.history()
    found = [f for f in report["findings"] if f["rule_id"] == "pii.phone.unformatted"]
    assert found and {f["commit"] for f in found} == {renamed}


def test_names_are_reported_from_the_commit_that_gives_them_a_partner(repo: Repo) -> None:
    # Names alone are no finding, however many an edit adds; the edit that adds an email
    # column makes every name reportable, from that commit.
    repo.commit("products", {"data/items.csv": "sku,name\n1,Anu Rao\n"})
    repo.commit("more names", {"data/items.csv": "sku,full_name\n1,Anu Rao\n2,Ravi Kumar\n"})
    emails = repo.commit(
        "emails",
        {"data/items.csv": "sku,full_name,email\n1,Anu Rao,anu@kavyatextiles.in\n2,Ravi Kumar,\n"},
    )
    repo.commit("drop", {"data/items.csv": "sku\n"})
    _, report = repo.history()
    found = {(f["rule_id"], f["commit"]) for f in report["findings"]}
    assert found == {("field.name", emails), ("pii.email", emails)}
    assert sum(f["rule_id"] == "field.name" for f in report["findings"]) == 2


def test_a_name_key_added_beside_personal_data_is_read_again(repo: Repo) -> None:
    # The renamed key's line and the line before it hold no candidate value: only the
    # file's email address makes the new name reportable.
    before = "- email: anu@kavyatextiles.in\n  city: Pune\n  ref: Anu Rao\n"
    repo.commit("contacts", {"data/contacts.yml": before})
    renamed = repo.commit("rename", {"data/contacts.yml": before.replace("ref:", "name:")})
    repo.commit("drop", {"data/contacts.yml": "[]\n"})
    _, report = repo.history()
    names = [f for f in report["findings"] if f["rule_id"] == "field.name"]
    assert [f["commit"] for f in names] == [renamed]


def test_the_python_twin_of_the_c_module_gives_the_same_report(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where no C compiler was at hand, history narrows changes with the Python reference.
    body = "".join(f"line {i} of the guide\n" for i in range(400))
    repo.commit("guide", {"docs/guide.md": body, "data/c.csv": "id,email\n"})
    repo.commit(
        "edit both ends",
        {"docs/guide.md": f"contact {ASHA}\n{body}moved line 3 of the guide\n{CARD}\n"},
    )
    repo.commit("rows", {"data/c.csv": f"id,email\n1,{RAVI}\n"})
    repo.commit("trim", {"docs/guide.md": body})
    _, native = repo.history()
    for name in ("changed_region", "novel_spans", "lines_around"):
        monkeypatch.setattr(git_scan, name, getattr(novel_lines, f"python_{name}"))
    _, python = repo.history()
    assert python["findings"] == native["findings"]
    assert sorted(f["rule_id"] for f in native["findings"]) == [
        "field.email", "pii.card", "pii.email", "pii.email"
    ]  # fmt: skip


def test_a_row_added_under_a_sensitive_header_is_tied_to_its_commit(repo: Repo) -> None:
    # A CSV row names no field: its password is a value of the header's column. Added in
    # one commit and dropped in the next, it is found only if that edit is read again.
    repo.commit("users", {"data/users.csv": "user,password\nanu,Tr0ub4dor-kavya-77\n"})
    added = repo.commit(
        "more", {"data/users.csv": "user,password\nanu,Tr0ub4dor-kavya-77\nravi,Qw8zLp-mango-41x\n"}
    )
    repo.commit("drop", {"data/users.csv": "user,password\n"})
    _, report = repo.history()
    rows = {f["line"]: f["commit"] for f in report["findings"] if f["rule_id"] == "field.password"}
    assert rows.get(3) == added


def _emails(count: int, start: int = 0) -> list[str]:
    """Distinct invented addresses at a realistic domain."""
    return [f"cust{i:05d}.patel@kaveriexports.co.in" for i in range(start, start + count)]


def _csv(emails: list[str]) -> str:
    return "email\n" + "".join(f"{email}\n" for email in emails)


def _edited(
    repo: Repo, path: str, versions: tuple[str, str, str]
) -> tuple[str, str, dict[str, Any]]:
    """A file written, edited and then emptied (the tip is read whole: emptied, it cannot
    find what the edit's read missed): the first two commits and the history report."""
    first = repo.commit("write", {path: versions[0]})
    edit = repo.commit("edit", {path: versions[1]})
    repo.commit("empty", {path: versions[2]})
    return first, edit, repo.history()[1]


def test_an_edit_past_a_columns_listing_is_tied_to_its_commit(repo: Repo) -> None:
    # An edit of a data file is read on its new lines only: a value it adds is found
    # however far down the column it stands (a read of the whole version lists only the
    # column's first MAX_LISTED values).
    emails = _emails(MAX_LISTED + 1)
    edited = [*emails[:-1], RAVI]
    first, edit, report = _edited(
        repo, "data/customers.csv", (_csv(emails), _csv(edited), "email\n")
    )
    at_edit = [f for f in report["findings"] if f["commit"] == edit]
    assert [(f["rule_id"], f["line"], f["masked"]) for f in at_edit] == [
        ("pii.email", MAX_LISTED + 2, "r***@k***.in")
    ]
    (column,) = report["columns"]
    assert column["count"] == MAX_LISTED + 1 and column["commit"] == first


def test_an_edit_does_not_read_the_rows_it_left_as_they_were(repo: Repo) -> None:
    # Dropping the first rows moves later ones into the column's first MAX_LISTED: they are
    # not new, and the edit that moved them must not be named as their commit.
    emails = _emails(MAX_LISTED + 3)
    rotated = emails[3:] + _emails(1, start=MAX_LISTED + 3)
    _, edit, report = _edited(repo, "data/customers.csv", (_csv(emails), _csv(rotated), "email\n"))
    at_edit = [f["line"] for f in report["findings"] if f["commit"] == edit]
    assert at_edit == [MAX_LISTED + 2]


def test_an_edit_lists_at_most_its_own_share_of_a_columns_values(repo: Repo) -> None:
    # A file grown by appends: each edit's new values are listed up to EDIT_LISTED, so
    # history's findings grow with the edits, not with every row they add.
    grown = _emails(1) + _emails(150, start=1)
    _, edit, report = _edited(repo, "data/customers.csv", (_csv(grown[:1]), _csv(grown), "email\n"))
    at_edit = sorted(f["line"] for f in report["findings"] if f["commit"] == edit)
    assert at_edit == list(range(3, 3 + EDIT_LISTED))


def test_an_edited_value_keeps_the_context_of_the_line_before(repo: Repo) -> None:
    # An unformatted number is a phone only with a phone word near it: here on the line
    # before, which the edit did not touch.
    versions = (
        "- contact: mobile\n  value: 9820137645\n",
        "- contact: mobile\n  value: 9812345678\n",
        "[]\n",
    )
    first, edit, report = _edited(repo, "data/contacts.yml", versions)
    phones = [f["commit"] for f in report["findings"] if f["kind"] == "phone"]
    assert sorted(phones) == sorted([first, edit])


def test_a_context_word_added_before_a_value_gives_it_its_meaning(repo: Repo) -> None:
    versions = (
        "- id: 1\n  ref: 9820137645\n",
        "- id: 1\n  kind: mobile\n  ref: 9820137645\n",
        "[]\n",
    )
    _, edit, report = _edited(repo, "data/contacts.yml", versions)
    assert [(f["rule_id"], f["commit"]) for f in report["findings"]] == [
        ("pii.phone.unformatted", edit)
    ]


def test_a_key_renamed_over_a_block_of_values_reads_the_block_again(repo: Repo) -> None:
    values = "  - 9820137645\n  - 9812345678\n"
    versions = (f"refs:\n{values}", f"mobile:\n{values}", "[]\n")
    _, renamed, report = _edited(repo, "data/contacts.yml", versions)
    phones = [f for f in report["findings"] if f["kind"] == "phone"]
    assert len(phones) == 2 and {f["commit"] for f in phones} == {renamed}


def test_a_key_the_edit_did_not_touch_is_masked_as_a_field_name(repo: Repo) -> None:
    # The email is a key on a line of its own: the edit changes only the value below it.
    def contacts(phone: str) -> str:
        return f'{{\n  "{RAVI}":\n    "{phone}"\n}}\n'

    versions = (contacts("+91 98201 37645"), contacts("+91 98123 45678"), "{}\n")
    _, edit, _ = _edited(repo, "data/contacts.json", versions)
    result = run_cli(["history", str(repo.path), "--format", "json"])
    assert RAVI not in result.stdout
    (at_edit,) = [f for f in json.loads(result.stdout)["findings"] if f["commit"] == edit]
    assert at_edit["kind"] == "phone" and at_edit["field"] == "r***@k***.in"


def test_a_name_added_alone_pairs_with_what_the_file_held_before(repo: Repo) -> None:
    # The new row holds a name and nothing else: the email on the line the edit left as it
    # was (in a column whose name says nothing) still makes names reportable.
    before = f"full_name,reach\nAsha Iyer,{ASHA}\n"
    versions = (before, f"{before}Ravi Menon,\n", "full_name,reach\n")
    first, edit, report = _edited(repo, "data/people.csv", versions)
    # (The tip's header, with no values left, is a note on line 1.)
    names = {f["line"]: f["commit"] for f in report["findings"] if f["rule_id"] == "field.name"}
    assert {line: names[line] for line in (2, 3)} == {2: first, 3: edit}


def test_an_edit_bringing_the_first_personal_data_reads_the_names_again(repo: Repo) -> None:
    # The names were no finding alone; the email on the edit's own line pairs them all.
    steps = "steps:\n- name: Anu Rao\n  run: make\n- name: Ravi Kumar\n  run: make test\n"
    versions = (steps, f"{steps}- run: git config user.email {ASHA}\n", "steps: []\n")
    _, edit, report = _edited(repo, "ci.yml", versions)
    names = [f for f in report["findings"] if f["rule_id"] == "field.name"]
    assert len(names) == 2 and {f["commit"] for f in names} == {edit}


def test_a_placeholder_added_to_a_field_that_held_values_is_no_note(repo: Repo) -> None:
    # The edit's partial read sees only the new line and the one before: the field's real
    # values, on lines it passes over, still say the field is no placeholder-only field.
    users = "".join(f'{{"user": "u{i}", "password": "Tr0ub4dor-kavya-{i}7"}}\n' for i in range(9))
    before = f'{users}{{"user": "bot"}}\n'
    versions = (before, f'{before}{{"user": "zed", "password": "********"}}\n', "")
    _, edit, report = _edited(repo, "data/users.jsonl", versions)
    assert [f for f in report["findings"] if f["commit"] == edit] == []
