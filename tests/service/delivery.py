"""What the fault tests check at the end, read straight from the database (not through a
proxy the test cuts): every accepted call analysed exactly once, with one result, one
`call.analyzed` event, and its tasks stored and announced once."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import select

from tests.service.tcp_proxy import TcpProxy
from voc.store.db import Database
from voc.store.tables import Call, Event, Result, TaskRow

# A conversation the text pipeline turns into a task (a promised call-back), so tasks are checked too.
TURNS = [
    {"speaker": "customer", "text": "Мне так и не перезвонили по поводу вклада, я очень недоволен."},
    {"speaker": "agent", "text": "Извините. Я вам перезвоню в пятницу и расскажу про ставки."},
]


def through(proxy: TcpProxy, url: str) -> str:
    """`url` with its host and port replaced by the proxy's (user, path and query kept)."""
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    host = f"127.0.0.1:{proxy.port}"
    return urlunsplit(parts._replace(netloc=f"{netloc[0]}@{host}" if len(netloc) == 2 else host))


@dataclass
class CallOutcome:
    status: str
    attempts: int
    results: int
    analyzed_events: int
    failed_events: int
    tasks: int
    task_events: int
    tasks_in_analysis: int
    error: str | None


def outcomes(database_url: str, ids: list[str] | None = None) -> dict[str, CallOutcome]:
    """Every call (or those in `ids`) with what was stored and announced for it."""
    database = Database(database_url)
    try:
        with database.read() as session:
            query = select(Call) if ids is None else select(Call).where(Call.id.in_(ids))
            rows = list(session.scalars(query))
            wanted = [c.id for c in rows]
            results: dict[str, Any] = {
                r.call_id: r.analysis for r in session.scalars(select(Result).where(Result.call_id.in_(wanted)))
            }
            result_rows = Counter(session.scalars(select(Result.call_id).where(Result.call_id.in_(wanted))))
            events = Counter(
                (e.call_id, e.type) for e in session.scalars(select(Event).where(Event.call_id.in_(wanted)))
            )
            tasks = Counter(session.scalars(select(TaskRow.call_id).where(TaskRow.call_id.in_(wanted))))
    finally:
        database.dispose()
    return {
        c.id: CallOutcome(
            status=c.status,
            attempts=c.attempts,
            results=result_rows[c.id],
            analyzed_events=events[(c.id, "call.analyzed")],
            failed_events=events[(c.id, "call.failed")],
            tasks=tasks[c.id],
            task_events=events[(c.id, "task.created")],
            tasks_in_analysis=len(results[c.id]["tasks"]) if c.id in results else 0,
            error=c.error_message,
        )
        for c in rows
    }


def finished(database_url: str, ids: list[str] | None = None) -> bool:
    found = outcomes(database_url, ids)
    return (
        bool(found)
        and (ids is None or len(found) == len(ids))
        and all(o.status in ("done", "failed") for o in found.values())
    )


def assert_analysed_once(found: dict[str, CallOutcome], *, max_attempts: int) -> None:
    for call_id, outcome in found.items():
        assert outcome.status == "done", (call_id, outcome)
        assert 1 <= outcome.attempts <= max_attempts, (call_id, outcome)
        assert (outcome.results, outcome.analyzed_events, outcome.failed_events) == (1, 1, 0), (call_id, outcome)
        assert outcome.tasks == outcome.task_events == outcome.tasks_in_analysis >= 1, (call_id, outcome)
