"""A customer with history in the service's real store: analysed calls stored through finish_call.

Used by the API tests and by scripts/bench_route (a known customer with history).
"""

from __future__ import annotations

import datetime as dt

from voc.intake import CallMetadata
from voc.schemas import (
    CallAnalysis,
    ChannelInfo,
    CustomerState,
    Evidence,
    Prosody,
    Sentiment,
    SentimentLabel,
    Task,
    TaskType,
    Turn,
)
from voc.store import calls
from voc.store.db import Database


def _turn(i: int, score: float, pitch_hz: float, loudness: float) -> Turn:
    label: SentimentLabel = "negative" if score < -0.25 else "positive" if score > 0.25 else "neutral"
    return Turn(
        index=i,
        speaker="customer",
        start=float(i * 5),
        end=float(i * 5 + 4),
        text="текст",
        prosody=Prosody(pitch_median_hz=pitch_hz, loudness_dbfs=loudness, speech_rate_sps=4.8, voiced_s=3.0),
        sentiment=Sentiment(label=label, score=score, confidence=0.8, backend="test"),
    )


def _task(task_type: TaskType, title: str, due: dt.date | None, product: str | None = None) -> Task:
    return Task(
        type=task_type,
        title=title,
        due_date=due,
        product=product,
        evidence=Evidence(turn=0, speaker="customer", quote="..."),
        confidence=0.9,
    )


def analysis(
    day: dt.date, score: float, tasks: list[Task], sentiment_end: SentimentLabel = "neutral"
) -> CallAnalysis:
    turns = [_turn(i, score, 205.0 + 4 * (i % 3), -24.0 + (i % 2)) for i in range(4)]
    return CallAnalysis(
        duration_s=20.0,
        language="ru",
        channels=ChannelInfo(mode="stereo", layout=["agent", "customer"]),
        call_date=day,
        call_date_source="metadata",
        turns=turns,
        customer=CustomerState(sentiment_start="neutral", sentiment_end=sentiment_end),
        tasks=tasks,
    )


def store_analysed_call(
    database: Database,
    customer_id: str,
    result: CallAnalysis,
    *,
    started_at: dt.datetime,
    session_id: str | None = None,
    ani: str | None = None,
) -> str:
    with database.write() as session:
        call = calls.create_call(
            session,
            client="test",
            metadata=CallMetadata(
                customer_id=customer_id, started_at=started_at, session_id=session_id, ani=ani
            ),
        )
        calls.claim_call(session, call.id)
        calls.finish_call(session, call.id, result)
        return call.id


def seed_customer_with_history(database: Database, customer_id: str, today: dt.date, ani: str) -> None:
    """Three analysed calls: the last one negative, a deposit ending in 5 days, an open callback."""
    noon = dt.time(12, tzinfo=dt.UTC)
    store_analysed_call(
        database,
        customer_id,
        analysis(today - dt.timedelta(days=40), 0.3, []),
        started_at=dt.datetime.combine(today - dt.timedelta(days=40), noon),
        ani=ani,
    )
    store_analysed_call(
        database,
        customer_id,
        analysis(
            today - dt.timedelta(days=3),
            0.0,
            [
                _task(
                    "deposit_maturity", "Вклад заканчивается", today + dt.timedelta(days=5), "Вклад Надёжный"
                )
            ],
        ),
        started_at=dt.datetime.combine(today - dt.timedelta(days=3), noon),
        ani=ani,
    )
    store_analysed_call(
        database,
        customer_id,
        analysis(today - dt.timedelta(days=1), -0.6, [_task("callback", "Перезвонить", today)], "negative"),
        started_at=dt.datetime.combine(today - dt.timedelta(days=1), noon),
        ani=ani,
    )
