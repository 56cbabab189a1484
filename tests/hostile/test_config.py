"""Hostile configuration: malformed config files and rule packs stop the run with one clear
line (exit 2); a user's catastrophic-backtracking regex runs in linear time; a scanned
tree's broken ignore rules are left out with a notice."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.conftest import PRIYA, RAHUL, bharosa
from tests.rules.test_loading import GOOD_RULE


def _text(content: str | bytes) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(content.encode() if isinstance(content, str) else content)

    return write


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


DEEP_ARRAY = "[" * 100_000 + "]" * 100_000

BAD_CONFIGS = {
    # id: (file name, how to make it, what the one line must say)
    "invalid-toml": (".bharosa.toml", _text("fail-on = [\n"), "not valid TOML"),
    "not-utf8": (".bharosa.toml", _text(b"\xff\xfe fail-on = 'error'"), "not valid UTF-8"),
    "too-deep": (".bharosa.toml", _text(f"exclude = {DEEP_ARRAY}\n"), "nested too deeply"),
    "wrong-type": (".bharosa.toml", _text('exclude = "vendor/"\n'), "exclude: must be a list"),
    "bad-range": (".bharosa.toml", _text('exclude = ["[z-a]"]\n'), "not a valid gitignore"),
    "bad-negation": (".bharosa.toml", _text('exclude = ["!"]\n'), "not a valid gitignore"),
    "pyproject": ("pyproject.toml", _text("[tool.bharosa\n"), "not valid TOML"),
    "directory": (".bharosa.toml", Path.mkdir, "not a regular file"),
    "fifo": (".bharosa.toml", _fifo, "not a regular file"),
    "device": (".bharosa.toml", _zero, "not a regular file"),
}


@pytest.mark.parametrize("case", list(BAD_CONFIGS))
def test_a_malformed_config_stops_with_one_clear_line(tree: Path, case: str) -> None:
    """A config that is not TOML, not UTF-8, nested past any reason, of the wrong type, with
    an exclude pattern that is no pattern, or that is a directory, a FIFO or a device (never
    opened, so never blocking): exit 2 and one line naming the file and the problem, before
    anything is scanned."""
    name, make, message = BAD_CONFIGS[case]
    make(tree / name)
    (tree / "notes.txt").write_text(f"{PRIYA}\n")
    outcome = bharosa("scan", str(tree), cwd=tree)
    assert outcome.code == 2
    assert name in outcome.stderr and message in outcome.stderr
    assert outcome.stdout == ""


BAD_PACKS = {
    # id: (file name, content, what the one line must say)
    "invalid-yaml": ("pack.yaml", "- id: [unclosed\n", "not valid YAML at line"),
    "not-a-list": ("pack.yaml", "rules: 3\n", "must be a list of rules"),
    "not-a-mapping": ("pack.yaml", "- just a string\n", "rule #1: must be a mapping"),
    "bad-id": ("pack.yaml", "- id: Bad Id\n", "field 'id' must be a lowercase dotted id"),
    "bad-severity": (
        "pack.yaml",
        GOOD_RULE.replace("severity: warning", "severity: loud"),
        "acme.order-email': field 'severity'",
    ),
    "lookahead": (
        "pack.yaml",
        GOOD_RULE.replace("'(?P<value>[a-z]+@[a-z]+\\.in)\\b'", "'(?=x)abc'"),
        "not valid RE2 syntax: invalid perl operator",
    ),
    "huge-repeat": (
        "pack.yaml",
        GOOD_RULE.replace("'(?P<value>[a-z]+@[a-z]+\\.in)\\b'", "'((a{1000}){1000}){1000}'"),
        "not valid RE2 syntax: invalid repetition size",
    ),
    "too-deep": ("pack.toml", f"[[rules]]\nid = 'a.b'\ntags = {DEEP_ARRAY}\n", "nested too deeply"),
    "python-tag": (
        "pack.yaml",
        '- !!python/object/apply:os.system ["touch MARKER"]\n',
        "could not determine a constructor",
    ),
}


@pytest.mark.parametrize("case", list(BAD_PACKS))
def test_a_malformed_rule_pack_stops_with_one_clear_line(tree: Path, case: str) -> None:
    """A rule pack that is not YAML, not a list of rules, with a bad id or field, a pattern RE2
    refuses (lookaround, a repetition past its limits: RE2's own log lines are not printed
    too), nested past any reason, or asking YAML to run code: exit 2 and one line naming
    the pack and the problem; nothing in the pack is executed."""
    name, content, message = BAD_PACKS[case]
    (tree / "rules").mkdir()
    (tree / "rules" / name).write_text(content)
    (tree / "notes.txt").write_text(f"{PRIYA}\n")
    outcome = bharosa("scan", str(tree / "notes.txt"), "--rules", str(tree / "rules"), cwd=tree)
    assert outcome.code == 2
    assert name in outcome.stderr and message in outcome.stderr
    assert not (tree / "MARKER").exists()


CATASTROPHIC = """\
- id: acme.token
  name: Backtracking token
  description: Nested quantifiers that take exponential time in a backtracking engine.
  kind: token
  severity: error
  confidence: high
  pattern: '(a+)+$'
  reject_before: '(x+x+)+y'
  examples:
    positive: ["aaaa"]
"""


def test_a_catastrophic_backtracking_rule_runs_in_linear_time(tree: Path) -> None:
    """A user's rule `(a+)+$` with a guard `(x+x+)+y`, loaded from the scanned repository's
    own config, over 100 KB of `aaaa…!` and a run of `x` with no `y` (the inputs that take a
    backtracking engine exponential time), as text and as a JSON value: RE2 accepts the rule
    and runs it in linear time, so the scan ends well within the hang guard and the rule
    still finds the token at the end of the text."""
    (tree / "ci-rules").mkdir()
    (tree / "ci-rules" / "tokens.yaml").write_text(CATASTROPHIC)
    (tree / ".bharosa.toml").write_text('rule-dirs = ["ci-rules"]\n')
    evil = "a" * 100_000 + "!"
    (tree / "payload.txt").write_text(f"{evil}\n{'x' * 79}aaaa")
    (tree / "payload.json").write_text(f'{{"token": "{evil}"}}')
    outcome = bharosa("scan", str(tree), "--format", "json", cwd=tree)
    assert outcome.code == 1
    assert {(f["path"], f["line"], f["rule_id"]) for f in outcome.report["findings"]} == {
        ("payload.txt", 2, "acme.token")
    }


def test_broken_ignore_rules_in_a_scanned_tree_are_left_out_with_a_notice(tree: Path) -> None:
    """A `.gitignore` (outside git) with lines that are no valid pattern: those lines are left
    out with a notice naming them, the valid ones still apply, and the tree is scanned."""
    (tree / ".gitignore").write_text("debug.log\n[z-a]\n!\n[[:alpha:]\n")
    (tree / "debug.log").write_text(f"{PRIYA}\n")
    (tree / "notes.txt").write_text(f"{RAHUL}\n")
    outcome = bharosa("scan", str(tree), "--format", "json", cwd=tree)
    assert outcome.code == 1
    assert outcome.found() == {("notes.txt", 1)}
    (notice,) = [n for n in outcome.report["notices"] if n["code"] == "bad-pattern"]
    assert notice["path"] == ".gitignore" and "line 2, 3, 4" in notice["message"]


def test_a_bad_hashing_pattern_stops_with_one_clear_line(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`dictionary hash --pattern` with a pattern RE2 refuses: one line with RE2's reason,
    none of RE2's own log lines."""
    (tree / "terms.txt").write_text("kavyatextiles\n")
    monkeypatch.setenv("BHAROSA_DICTIONARY_KEY", "a-long-enough-test-key")
    outcome = bharosa("dictionary", "hash", "terms.txt", "--pattern", "(x", cwd=tree)
    assert outcome.code == 2
    assert (
        outcome.stderr.strip() == "bharosa: error: --pattern '(x' is not valid RE2: missing ): (x"
    )
