"""The routing answer as the IVR receives it (the API body and `voc route --json`)."""

from __future__ import annotations

from typing import Any

from voc.routing.live import RouteAnswer


def answer_to_dict(answer: RouteAnswer) -> dict[str, Any]:
    d = answer.decision
    body: dict[str, Any] = {
        "queue": d.queue,
        "priority": d.priority,
        "skills": list(d.skills),
        "reasons": answer.reasons,
        "emotion": {"label": d.emotion.label, "arousal": d.emotion.arousal, "valence": d.emotion.valence},
        "context": answer.context,
        "decision_id": answer.decision_id,
        "policy_version": d.policy_version,
        "degraded": answer.degraded,
        "skipped": answer.skipped,
        "rule": d.rule,
        "also_matched": list(d.also_matched),
        "elapsed_ms": answer.elapsed_ms,
    }
    if answer.transcript is not None:
        body["transcript"] = answer.transcript
    return body
