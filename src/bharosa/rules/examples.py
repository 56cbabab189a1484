"""Running a rule's examples: every positive must be found, no negative may be."""

from __future__ import annotations

from bharosa.detectors.patterns import PatternDetector
from bharosa.rules.model import Rule
from bharosa.sources.document import Document


def check_rule_examples(rule: Rule) -> list[str]:
    """What is wrong with a rule's examples (empty when every example behaves)."""
    detector = PatternDetector([rule])
    problems = []
    for text in rule.examples.positive:
        if not detector.find(Document("example", text.encode("utf-8"))):
            problems.append(f"positive example not found: {text!r}")
    for text in rule.examples.negative:
        if detector.find(Document("example", text.encode("utf-8"))):
            problems.append(f"negative example found: {text!r}")
    return problems
