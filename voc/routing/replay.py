"""Offline policy test: run a policy over past decisions and count what would change."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from voc.routing.policy import Policy
from voc.routing.recommend import recommend_route
from voc.routing.record import signals_from_summary


class PastDecision(Protocol):
    """A decision as the log keeps it (voc.store.route_decisions.LoggedDecision fits)."""

    @property
    def decision_id(self) -> str: ...
    @property
    def queue(self) -> str: ...
    @property
    def priority(self) -> int: ...
    @property
    def inputs(self) -> Mapping[str, Any]: ...  # the signals' summary, voc.routing.record
    @property
    def outcome(self) -> Mapping[str, Any] | None: ...


@dataclass(frozen=True)
class ChangedDecision:
    decision_id: str
    old_queue: str
    old_priority: int
    new_queue: str
    new_priority: int
    new_rule: str | None
    outcome: Mapping[str, Any] | None


@dataclass
class ReplayReport:
    policy_version: str
    total: int = 0
    changed: list[ChangedDecision] = field(default_factory=list)
    moves: Counter[tuple[str, str]] = field(default_factory=Counter)  # (old queue, new queue) -> count
    priority_only: int = 0

    @property
    def unchanged(self) -> int:
        return self.total - len(self.changed)


def replay_decisions(decisions: Iterable[PastDecision], policy: Policy) -> ReplayReport:
    report = ReplayReport(policy_version=policy.full_version)
    for logged in decisions:
        report.total += 1
        new = recommend_route(signals_from_summary(logged.inputs), policy)
        if (new.queue, new.priority) == (logged.queue, logged.priority):
            continue
        report.changed.append(
            ChangedDecision(
                logged.decision_id, logged.queue, logged.priority, new.queue, new.priority, new.rule, logged.outcome
            )
        )
        if new.queue == logged.queue:
            report.priority_only += 1
        else:
            report.moves[(logged.queue, new.queue)] += 1
    return report
