"""The categories stage: which categories an analysed call matches, and the agent's scorecard."""

from __future__ import annotations

from dataclasses import dataclass

from voc.insights.conditions import CallView, evaluate
from voc.insights.rules import RuleSet, Scorecard
from voc.schemas import CallAnalysis, CategoryMatch, CriterionResult, ScorecardResult


@dataclass(frozen=True)
class RuleFindings:
    categories: list[CategoryMatch]
    scorecard: ScorecardResult | None
    rules_version: str

    def fields(self) -> dict[str, object]:
        """The CallAnalysis fields these findings fill."""
        return {"categories": self.categories, "scorecard": self.scorecard, "rules_version": self.rules_version}


def _applies(language: str | None, call_language: str) -> bool:
    return language is None or language == call_language


def match_categories(view: CallView, rules: RuleSet) -> list[CategoryMatch]:
    matches = []
    for category in rules.rules.categories:
        if not _applies(category.language, view.analysis.language):
            continue
        outcome = evaluate(view, category.when)
        if outcome.holds:
            matches.append(CategoryMatch(name=category.name, label=category.label, points=list(outcome.points)))
    return matches


def score_agent(view: CallView, scorecard: Scorecard) -> ScorecardResult:
    results = []
    for criterion in scorecard.criteria:
        if criterion.applies_when is not None and not evaluate(view, criterion.applies_when).holds:
            skipped = CriterionResult(name=criterion.name, label=criterion.label, weight=criterion.weight, passed=None)
            results.append(skipped)
            continue
        outcome = evaluate(view, criterion.when)
        results.append(
            CriterionResult(
                name=criterion.name,
                label=criterion.label,
                weight=criterion.weight,
                passed=outcome.holds,
                points=list(outcome.points),
            )
        )
    judged = [r for r in results if r.passed is not None]
    total = sum(r.weight for r in judged)
    score = round(sum(r.weight for r in judged if r.passed) / total, 3) if total else None
    return ScorecardResult(name=scorecard.name, label=scorecard.label, score=score, criteria=results)


def apply_rules(analysis: CallAnalysis, rules: RuleSet) -> RuleFindings:
    """Categories and the scorecard of the call's language; a scorecard needs an agent in the call."""
    view = CallView.of(analysis)
    scorecard = rules.scorecard_for(analysis.language)
    has_agent = any(t.speaker == "agent" for t in analysis.turns)
    return RuleFindings(
        categories=match_categories(view, rules),
        scorecard=score_agent(view, scorecard) if scorecard and has_agent else None,
        rules_version=rules.full_version,
    )
