"""Insights across calls: categories and scorecards as rules (per call), and later contact drivers,
trends and search over stored calls. See docs/insights.md."""

from voc.insights.categories import RuleFindings, apply_rules
from voc.insights.rules import DEFAULT_RULES_PATH, RuleFileError, RuleSet, load_rules, parse_rules

__all__ = ["DEFAULT_RULES_PATH", "RuleFileError", "RuleFindings", "RuleSet", "apply_rules", "load_rules", "parse_rules"]
