"""Every example of every built-in rule runs as a test: positives found, negatives not."""

from __future__ import annotations

import pytest

from bharosa.rules.examples import check_rule_examples, rule_finds
from bharosa.rules.loading import load_rules
from bharosa.rules.model import Rule

BUILTIN_RULES = load_rules(everything=True)


def _cases(kind: str) -> list[object]:
    cases = []
    for rule in BUILTIN_RULES:
        texts = rule.examples.positive if kind == "positive" else rule.examples.negative
        cases.extend(pytest.param(rule, text, id=f"{rule.id}:{i}") for i, text in enumerate(texts))
    return cases


def _found(rule: Rule, text: str) -> bool:
    return rule_finds(rule, text)


@pytest.mark.parametrize(("rule", "text"), _cases("positive"))
def test_positive_example_is_found(rule: Rule, text: str) -> None:
    assert _found(rule, text), f"{rule.id} missed its positive example {text!r}"


@pytest.mark.parametrize(("rule", "text"), _cases("negative"))
def test_negative_example_is_not_found(rule: Rule, text: str) -> None:
    assert not _found(rule, text), f"{rule.id} matched its negative example {text!r}"


def test_built_in_packs_load_and_have_examples() -> None:
    assert BUILTIN_RULES, "no built-in rules were loaded"
    assert all(rule.examples.positive for rule in BUILTIN_RULES)


def test_pii_rules_have_five_positive_and_five_hard_negative_examples() -> None:
    thin = [
        rule.id
        for rule in BUILTIN_RULES
        if rule.id.startswith("pii.")
        and (len(rule.examples.positive) < 5 or len(rule.examples.negative) < 5)
    ]
    assert not thin


def test_check_rule_examples_reports_a_broken_rule() -> None:
    rule = next(r for r in BUILTIN_RULES if r.id == "pii.email")
    broken = Rule(
        **{
            **{f: getattr(rule, f) for f in rule.__dataclass_fields__},
            "examples": type(rule.examples)(
                positive=("no address here",), negative=(rule.examples.positive[0],)
            ),
        }
    )
    problems = check_rule_examples(broken)
    assert len(problems) == 2
    assert "positive example not found" in problems[0]
    assert "negative example found" in problems[1]
