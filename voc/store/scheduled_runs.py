"""Work that one process of many should do now and then (the topic rebuild): who runs it, and when it last finished.

Every `voc serve` with an embedded worker and every `voc worker` runs the same timer; the row of
`scheduled_runs` decides which of them does the work. `claim_run` is one conditional UPDATE: it
takes the run only when it is due (never finished, or finished at least `every` ago) and nobody
holds it (no lease, or the lease ran out because its holder died), so two processes never run it
at once and a run is not repeated by a second process right after the first finished.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from voc.store.tables import scheduled_runs, utcnow

TOPIC_REBUILD = "topic_rebuild"


def claim_run(
    session: Session, name: str, holder: str, every: dt.timedelta, lease: dt.timedelta, now: dt.datetime | None = None
) -> bool:
    """Take the run for `holder` for up to `lease` if it is due and free; False if it is not."""
    now = now or utcnow()
    if session.scalar(select(scheduled_runs.c.name).where(scheduled_runs.c.name == name)) is None:
        try:
            with session.begin_nested():
                session.execute(insert(scheduled_runs).values(name=name))
        except IntegrityError:
            pass  # another process created the row first
    taken = session.scalar(
        update(scheduled_runs)
        .where(
            scheduled_runs.c.name == name,
            or_(scheduled_runs.c.lease_until.is_(None), scheduled_runs.c.lease_until < now),
            or_(scheduled_runs.c.finished_at.is_(None), scheduled_runs.c.finished_at <= now - every),
        )
        .values(holder=holder, lease_until=now + lease, started_at=now)
        .returning(scheduled_runs.c.name)
    )
    return taken is not None


def finish_run(session: Session, name: str, holder: str, succeeded: bool, now: dt.datetime | None = None) -> None:
    """Let go of the run; a run that succeeded is not due again for its interval, a failed one is."""
    values: dict[str, object] = {"lease_until": None}
    if succeeded:
        values["finished_at"] = now or utcnow()
    session.execute(
        update(scheduled_runs)
        .where(and_(scheduled_runs.c.name == name, scheduled_runs.c.holder == holder))
        .values(**values)
    )


def last_finished(session: Session, name: str) -> dt.datetime | None:
    return session.scalar(select(scheduled_runs.c.finished_at).where(scheduled_runs.c.name == name))
