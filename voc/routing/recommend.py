"""Pick the queue for a caller: the first rule of the policy whose conditions hold, else the default."""

from __future__ import annotations

from dataclasses import dataclass, field

from voc.routing.policy import Policy
from voc.routing.signals import EmotionEstimate, RouteSignals


@dataclass(frozen=True)
class RouteDecision:
    queue: str
    priority: int
    skills: tuple[str, ...]
    reasons: tuple[str, ...]
    rule: str | None  # the rule that decided; None for the policy's default
    emotion: EmotionEstimate
    policy_version: str
    also_matched: tuple[str, ...] = ()
    degraded: bool = False
    skipped: tuple[str, ...] = field(default=())  # what could not be computed, and why


def recommend_route(signals: RouteSignals, policy: Policy) -> RouteDecision:
    """Rules are tried in file order, like firewall rules: the first that matches decides.

    Rules that also matched later are listed in `also_matched`, so a policy author sees overlaps.
    """
    chosen = None
    fired: tuple[str, ...] | None = None
    also: list[str] = []
    for rule in policy.rules:
        said = rule.when.check(signals)
        if said is None:
            continue
        if chosen is None:
            chosen, fired = rule, said
        else:
            also.append(rule.name)
    emotion = signals.emotion
    if chosen is None or fired is None:
        return RouteDecision(
            queue=policy.default.queue,
            priority=policy.default.priority,
            skills=policy.default.skills,
            reasons=("no rule matched: default queue",),
            rule=None,
            emotion=emotion,
            policy_version=policy.full_version,
        )
    return RouteDecision(
        queue=chosen.target.queue,
        priority=chosen.target.priority,
        skills=chosen.target.skills,
        reasons=(f"{chosen.name}: {chosen.reason}", *fired),
        rule=chosen.name,
        emotion=emotion,
        policy_version=policy.full_version,
        also_matched=tuple(also),
    )
