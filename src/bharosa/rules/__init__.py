"""The rule model and the loading and validation of rule packs."""

from bharosa.rules.model import Confidence, Rule, RuleExamples, Severity

__all__ = ["Confidence", "Rule", "RuleExamples", "Severity"]
