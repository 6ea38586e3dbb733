"""What a changed rule file would change on calls already analysed, before it is deployed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from voc.insights.categories import apply_rules
from voc.insights.rules import RuleSet
from voc.schemas import CallAnalysis

EXAMPLES_PER_CATEGORY = 5


@dataclass
class CategoryChange:
    name: str
    before: int = 0
    after: int = 0
    gained: list[str] = field(default_factory=list)  # call ids that match only with the new rules
    lost: list[str] = field(default_factory=list)  # call ids that match only with the current rules


@dataclass
class ReplayReport:
    before_version: str
    after_version: str
    calls: int = 0
    categories: dict[str, CategoryChange] = field(default_factory=dict)
    score_before: list[float] = field(default_factory=list)
    score_after: list[float] = field(default_factory=list)
    score_changed: list[tuple[str, float | None, float | None]] = field(default_factory=list)

    @property
    def changed(self) -> list[CategoryChange]:
        return [c for c in self.categories.values() if c.gained or c.lost]

    @staticmethod
    def mean(scores: list[float]) -> float | None:
        return round(sum(scores) / len(scores), 3) if scores else None


def replay_rules(analyses: Iterable[tuple[str, CallAnalysis]], before: RuleSet, after: RuleSet) -> ReplayReport:
    """Apply both rule sets to each stored analysis; both see the same calls, so every difference
    in the report comes from the rules."""
    report = ReplayReport(before.full_version, after.full_version)
    for call_id, analysis in analyses:
        report.calls += 1
        old, new = apply_rules(analysis, before), apply_rules(analysis, after)
        old_names = {c.name for c in old.categories}
        new_names = {c.name for c in new.categories}
        for name in old_names | new_names:
            change = report.categories.setdefault(name, CategoryChange(name))
            change.before += name in old_names
            change.after += name in new_names
            if name in new_names - old_names:
                change.gained.append(call_id)
            if name in old_names - new_names:
                change.lost.append(call_id)
        old_score = old.scorecard.score if old.scorecard else None
        new_score = new.scorecard.score if new.scorecard else None
        if old_score is not None:
            report.score_before.append(old_score)
        if new_score is not None:
            report.score_after.append(new_score)
        if old_score != new_score:
            report.score_changed.append((call_id, old_score, new_score))
    return report
