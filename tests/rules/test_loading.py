"""Loading rule packs: every field is validated and a bad pack names file, rule and problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from bharosa.errors import RulePackError
from bharosa.rules.loading import builtin_rules_dir, load_rule_pack, load_rules
from bharosa.rules.model import Confidence, Severity

GOOD_RULE = """
- id: acme.order-email
  name: Order email
  description: An email in an order export.
  kind: email
  severity: warning
  confidence: medium
  pattern: '(?P<value>[a-z]+@[a-z]+\\.in)\\b'
  keywords: [Order]
  validator: email
  mask: email
  context: [Order]
  tags: [pii]
  examples:
    positive: ["order by anu@kavyatextiles.in"]
    negative: ["anu at kavyatextiles"]
"""


def write_pack(directory: Path, text: str, name: str = "pack.yaml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_pack_loads_every_field(tmp_path: Path) -> None:
    (rule,) = load_rule_pack(write_pack(tmp_path, GOOD_RULE))
    assert rule.id == "acme.order-email"
    assert rule.severity is Severity.WARNING
    assert rule.confidence is Confidence.MEDIUM
    assert rule.keywords == ("order",)
    assert rule.context == ("order",)
    assert rule.validator == "email"
    assert rule.mask == "email"
    assert rule.examples.positive == ("order by anu@kavyatextiles.in",)


def test_toml_packs_load_too(tmp_path: Path) -> None:
    toml = """
[[rules]]
id = "acme.ticket"
name = "Ticket id"
description = "A support ticket id."
kind = "ticket"
severity = "note"
confidence = "low"
pattern = 'TCK-\\d{6}'
[rules.examples]
positive = ["TCK-123456"]
negative = ["TCK-12"]
"""
    (rule,) = load_rule_pack(write_pack(tmp_path, toml, "pack.toml"))
    assert rule.id == "acme.ticket"
    assert rule.mask == "initial"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("severity: warning", "severity: critical"), "field 'severity' must be one of"),
        (("confidence: medium", "confidence: 3"), "field 'confidence' must be one of"),
        (("validator: email", "validator: luhnn"), "unknown validator 'luhnn'"),
        (("mask: email", "mask: blur"), "unknown mask 'blur'"),
        (("kind: email", "kind: Email Address"), "field 'kind'"),
        (("keywords: [Order]", "keywords: Order"), "field 'keywords' must be a list"),
        (("tags: [pii]", "tags: [pii]\n  colour: red"), "unknown field 'colour'"),
        (("name: Order email", "name: ''"), "field 'name' must be a non-empty string"),
        (
            ("pattern: '(?P<value>[a-z]+@[a-z]+\\.in)\\b'", "pattern: '(?=x)abc'"),
            "not valid RE2 syntax",
        ),
        (("pattern: '(?P<value>[a-z]+@[a-z]+\\.in)\\b'", "pattern: '(a)\\1'"), "not valid RE2"),
        (("pattern: '(?P<value>[a-z]+@[a-z]+\\.in)\\b'", "pattern: 'x*'"), "empty string"),
        (
            ("pattern: '(?P<value>[a-z]+@[a-z]+\\.in)\\b'", "pattern: '(?P<v>x)'"),
            "name the captured value",
        ),
        (('positive: ["order by anu@kavyatextiles.in"]', "positive: []"), "at least one"),
    ],
)
def test_each_bad_field_is_named(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    old, new = change
    assert old in GOOD_RULE
    path = write_pack(tmp_path, GOOD_RULE.replace(old, new))
    with pytest.raises(RulePackError) as caught:
        load_rule_pack(path)
    text = str(caught.value)
    assert message in text
    assert str(path) in text
    assert "acme.order-email" in text


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    write_pack(tmp_path / "a", GOOD_RULE)
    write_pack(tmp_path / "b", GOOD_RULE)
    with pytest.raises(RulePackError, match="already defined"):
        load_rules([tmp_path / "a", tmp_path / "b"], include_builtin=False)
    with pytest.raises(RulePackError, match="defined twice"):
        load_rule_pack(write_pack(tmp_path / "c", GOOD_RULE + GOOD_RULE))


def test_disabled_and_off_by_default_rules(tmp_path: Path) -> None:
    write_pack(
        tmp_path,
        GOOD_RULE + GOOD_RULE.replace("acme.order-email", "acme.off") + "  enabled: false\n",
    )
    ids = {r.id for r in load_rules([tmp_path], include_builtin=False)}
    assert ids == {"acme.order-email"}
    ids = {r.id for r in load_rules([tmp_path], include_builtin=False, enabled=["acme.off"])}
    assert ids == {"acme.order-email", "acme.off"}
    assert load_rules([tmp_path], include_builtin=False, disabled=["acme.order-email"]) == []
    with pytest.raises(RulePackError, match="not a known rule id"):
        load_rules([tmp_path], include_builtin=False, disabled=["acme.nope"])


def test_builtin_rules_are_found() -> None:
    assert (builtin_rules_dir() / "contact.yaml").is_file()
