"""Signals to and from the plain JSON summary stored with each decision, so a policy can be replayed.

The summary keeps what a policy can look at, not raw audio; the caller's number is never stored,
and the IVR text is cut to MAX_STORED_TEXT characters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from voc.routing.signals import (
    POPULATION_BASELINE,
    CustomerFacts,
    ProductEnding,
    RouteSignals,
    TextSignals,
)
from voc.schemas import Cue, Sentiment

MAX_STORED_TEXT = 1000


def summarize_signals(signals: RouteSignals) -> dict[str, Any]:
    emotion = signals.emotion
    summary: dict[str, Any] = {
        "text": signals.text[:MAX_STORED_TEXT],
        "text_chars": len(signals.text),
        "language": signals.language,
        "ivr_path": list(signals.ivr_path),
        "today": signals.today.isoformat(),
        "prosody_z": dict(signals.prosody),
        "prosody_baseline": signals.prosody_baseline,
        "emotion": {"label": emotion.label, "arousal": emotion.arousal, "valence": emotion.valence},
        "text_signals": None,
        "customer": None,
    }
    if signals.text_signals is not None:
        ts = signals.text_signals
        summary["text_signals"] = {
            "sentiment": ts.sentiment.model_dump() if ts.sentiment else None,
            "cues": [c.model_dump() for c in ts.cues],
        }
    if signals.customer is not None:
        summary["customer"] = customer_summary(signals.customer)
    return summary


def customer_summary(c: CustomerFacts) -> dict[str, Any]:
    return {
        "customer_id": c.customer_id,
        "open_tasks": list(c.open_tasks),
        "products_ending": [
            {
                "product": p.product,
                "kind": p.kind,
                "end_date": p.end_date.isoformat(),
                "days_left": p.days_left,
            }
            for p in c.products_ending
        ],
        "churn_risk": c.churn_risk,
        "last_contact_sentiment": c.last_contact_sentiment,
        "contacts_last_7_days": c.contacts_last_7_days,
        "prosody_baseline": c.prosody_baseline.source,
    }


def signals_from_summary(summary: Mapping[str, Any]) -> RouteSignals:
    text_signals = None
    if summary.get("text_signals") is not None:
        raw = summary["text_signals"]
        text_signals = TextSignals(
            sentiment=Sentiment.model_validate(raw["sentiment"]) if raw.get("sentiment") else None,
            cues=tuple(Cue.model_validate(c) for c in raw.get("cues", [])),
        )
    customer = None
    if summary.get("customer") is not None:
        c = summary["customer"]
        customer = CustomerFacts(
            customer_id=c["customer_id"],
            open_tasks=tuple(c.get("open_tasks", [])),
            products_ending=tuple(
                ProductEnding(p["product"], p["kind"], dt.date.fromisoformat(p["end_date"]), p["days_left"])
                for p in c.get("products_ending", [])
            ),
            churn_risk=c.get("churn_risk"),
            last_contact_sentiment=c.get("last_contact_sentiment"),
            contacts_last_7_days=c.get("contacts_last_7_days", 0),
            prosody_baseline=POPULATION_BASELINE,  # already applied: prosody_z below is stored
        )
    return RouteSignals(
        text=summary.get("text", ""),
        language=summary.get("language"),
        ivr_path=tuple(summary.get("ivr_path", [])),
        text_signals=text_signals,
        prosody=dict(summary.get("prosody_z", {})),
        prosody_baseline=summary.get("prosody_baseline"),
        customer=customer,
        today=dt.date.fromisoformat(summary["today"]) if summary.get("today") else dt.date.today(),
    )
