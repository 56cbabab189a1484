"""Running a rule's examples: every positive must be found, no negative may be."""

from __future__ import annotations

from pathlib import Path

from bharosa.config import Config
from bharosa.detectors.fields import FieldMatcher
from bharosa.pipeline import Scanner
from bharosa.rules.model import Rule
from bharosa.sources.document import Document


def rule_finds(rule: Rule, text: str) -> bool:
    """Whether the whole detection path (validators, context, confidence) reports `text`.

    A field rule's examples are field names: it finds those it names.
    """
    if rule.fields:
        return FieldMatcher([rule]).rule_for(text) is rule
    scanner = Scanner(Config(root=Path()), [rule])
    return bool(scanner.detect(Document("example.txt", text.encode("utf-8")), []))


def check_rule_examples(rule: Rule) -> list[str]:
    """What is wrong with a rule's examples (empty when every example behaves)."""
    problems = []
    for text in rule.examples.positive:
        if not rule_finds(rule, text):
            problems.append(f"positive example not found: {text!r}")
    for text in rule.examples.negative:
        if rule_finds(rule, text):
            problems.append(f"negative example found: {text!r}")
    return problems
