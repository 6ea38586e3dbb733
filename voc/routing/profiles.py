"""Customer facts for routing: from the service's customer profiles, or from a JSON file offline."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast, get_args

from sqlalchemy import Connection, bindparam, select

from voc.config import Settings
from voc.routing.budget import MAX_BUDGET_MS
from voc.routing.signals import (
    CustomerFacts,
    ProductEnding,
    ProsodyBaseline,
    baseline_from_profile,
    semitones,
)
from voc.schemas import SentimentLabel
from voc.store.db import Database
from voc.store.profiles import (
    RECENT_CONTACTS,
    CustomerProfile,
    SentimentPoint,
    churn_risk,
    prosody_baseline,
)
from voc.store.profiles import ProsodyBaseline as StoredBaseline
from voc.store.tables import Call, Result, TaskRow


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None


def _sentiment(value: Any) -> SentimentLabel | None:
    if isinstance(value, Mapping):
        value = value.get("label")
    return value if value in get_args(SentimentLabel) else None


def facts_from_profile(profile: Mapping[str, Any], today: dt.date) -> CustomerFacts:
    """Reduce a profile to the facts a policy may use; unknown or malformed parts are left out."""
    products = []
    for p in profile.get("products") or []:
        end = _date(p.get("end_date"))
        if end is None:
            continue
        name = str(p.get("name") or p.get("product") or p.get("kind") or "product")
        kind = str(p.get("kind") or p.get("type") or name).lower()
        products.append(ProductEnding(name, kind, end, (end - today).days))
    tasks: list[str] = []
    for t in profile.get("open_tasks") or []:
        task_type = t.get("type") if isinstance(t, Mapping) else t
        if isinstance(task_type, str):
            tasks.append(task_type)
    last = profile.get("last_contact") or {}
    contacts_7d = profile.get("contacts_last_7_days")
    if contacts_7d is None:
        since = today - dt.timedelta(days=7)
        contacts_7d = sum(
            1
            for c in profile.get("contacts") or []
            if (d := _date(c.get("at") or c.get("date") if isinstance(c, Mapping) else c)) and d >= since
        )
    churn = profile.get("churn_risk")
    if isinstance(churn, Mapping):
        churn = churn.get("score")
    return CustomerFacts(
        customer_id=str(profile.get("customer_id") or profile.get("id")),
        open_tasks=tuple(tasks),
        products_ending=tuple(sorted(products, key=lambda p: p.days_left)),
        churn_risk=float(churn) if isinstance(churn, int | float) else None,
        last_contact_sentiment=_sentiment(last.get("sentiment") if isinstance(last, Mapping) else None),
        contacts_last_7_days=int(contacts_7d),
        prosody_baseline=baseline_from_profile(profile.get("prosody_baseline")),
    )


class StaticProfiles:
    """Profiles held in memory, keyed by customer id and by phone number (tests and the offline CLI)."""

    def __init__(self, profiles: Sequence[Mapping[str, Any]]) -> None:
        self._by_id = {str(p.get("customer_id") or p.get("id")): p for p in profiles}
        self._by_ani = {str(a): p for p in profiles for a in p.get("phones") or []}

    @classmethod
    def from_file(cls, path: Path) -> StaticProfiles:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(raw if isinstance(raw, list) else [raw])

    def find(self, customer_id: str | None, ani: str | None, today: dt.date) -> CustomerFacts | None:
        profile = self._by_id.get(customer_id or "") or self._by_ani.get(ani or "")
        return facts_from_profile(profile, today) if profile else None


SENTIMENT_LABEL_AT = 0.25  # |score| from which a contact counts as negative/positive
MIN_BASELINE_VALUES = 3  # fewer measured turns than this is no baseline


def _label(score: float | None) -> SentimentLabel | None:
    if score is None:
        return None
    return (
        "negative"
        if score <= -SENTIMENT_LABEL_AT
        else "positive"
        if score >= SENTIMENT_LABEL_AT
        else "neutral"
    )


def _customer_baseline(profile: CustomerProfile) -> ProsodyBaseline:
    return _baseline(profile.prosody_baseline)


def _baseline(b: StoredBaseline) -> ProsodyBaseline:
    """The service keeps pitch in Hz (median and spread); routing compares in semitones."""
    raw: dict[str, dict[str, float]] = {}
    if b.pitch_hz and b.pitch_hz.n >= MIN_BASELINE_VALUES and b.pitch_hz.median > 0:
        center = semitones(b.pitch_hz.median)
        raw["pitch"] = {"median": center, "mad": semitones(b.pitch_hz.median + b.pitch_hz.spread) - center}
    for measure, spread in (("loudness", b.loudness_dbfs), ("rate", b.rate_sps)):
        if spread and spread.n >= MIN_BASELINE_VALUES:
            raw[measure] = {"median": spread.median, "mad": spread.spread}
    return baseline_from_profile(raw)


def facts_from_customer_profile(profile: CustomerProfile, contacts_7d: int, today: dt.date) -> CustomerFacts:
    products = [
        ProductEnding(
            product=p.product or ("deposit" if p.task_type == "deposit_maturity" else "product"),
            kind="deposit" if p.task_type == "deposit_maturity" else "product",
            end_date=p.end_date,
            days_left=(p.end_date - today).days,
        )
        for p in profile.products
        if p.end_date is not None
    ]
    scored = [p for p in profile.sentiment_trend if p.score is not None]
    return CustomerFacts(
        customer_id=profile.customer_id,
        open_tasks=tuple(t.type for t in profile.open_tasks),
        products_ending=tuple(sorted(products, key=lambda p: p.days_left)),
        churn_risk=profile.churn_risk.score,
        last_contact_sentiment=_label(scored[-1].score) if scored else None,
        contacts_last_7_days=contacts_7d,
        prosody_baseline=_customer_baseline(profile),
    )


class DatabaseProfiles:
    """Customer facts from the service's store: the same aggregation as GET /v1/customers/{id}
    (its churn risk and prosody baseline functions), loaded lean for the IVR's request rate.

    The full profile reads every contact's stored analysis through the ORM; routing needs a few
    numeric columns, read with statements built once (SQLAlchemy compiles them once, too).

    On SQLite a lookup is a read of a local file that WAL mode keeps from waiting on writers:
    about 0.2 ms, cheaper than handing it to another thread, so the router may call it inline
    (`answers_inline`). The rare lock a reader can meet (a checkpoint as the last connection
    closes) is given up on after LOCKED_READ_GIVE_UP_MS, and the caller is routed without it.
    On PostgreSQL this synchronous lookup serves the CLI and `LiveRouter.route` (on a signal
    thread); the API awaits `voc.routing.postgres_profiles` instead. Either way the server
    cancels a query that outlives the longest budget, so a sick database does not pile them up.
    """

    LOCKED_READ_GIVE_UP_MS = 50

    def __init__(self, database: Database) -> None:
        self.database = database
        self.answers_inline = database.is_sqlite
        give_up_ms = self.LOCKED_READ_GIVE_UP_MS if database.is_sqlite else MAX_BUDGET_MS
        self._engine = database.impatient_read_engine(give_up_ms)

    def find(self, customer_id: str | None, ani: str | None, today: dt.date) -> CustomerFacts | None:
        with self._engine.connect() as connection:
            if not customer_id and ani:
                customer_id = connection.execute(CUSTOMER_BY_ANI, {"ani": ani}).scalar()
            if not customer_id:
                return None
            return load_routing_facts(connection, customer_id, today)


_calls, _results, _tasks = Call.__table__.c, Result.__table__.c, TaskRow.__table__.c

# Core statements with bound parameters, built at import: no ORM compile step per request.
CUSTOMER_BY_ANI = (
    select(_calls.customer_id)
    .where(_calls.ani == bindparam("ani"), _calls.customer_id.is_not(None))
    .order_by(_calls.created_at.desc())
    .limit(1)
)
RECENT_CONTACTS_OF = (
    select(
        _calls.id,
        _calls.kind,
        _calls.started_at,
        _calls.created_at,
        _results.call_id.label("analysed"),
        _results.customer_sentiment,
        _results.customer_emotion,
        _results.churn_signals,
        _results.customer_prosody,
    )
    .select_from(Call.__table__.outerjoin(Result.__table__, _results.call_id == _calls.id))
    .where(_calls.customer_id == bindparam("customer_id"))
    .order_by(_calls.created_at.desc())
    .limit(RECENT_CONTACTS)
)
CUSTOMER_TASKS = select(_tasks.type, _tasks.status, _tasks.due_date, _tasks.product).where(
    _tasks.customer_id == bindparam("customer_id")
)


def load_routing_facts(connection: Connection, customer_id: str, today: dt.date) -> CustomerFacts | None:
    newest_first = connection.execute(RECENT_CONTACTS_OF, {"customer_id": customer_id}).all()
    if not newest_first:
        return None
    tasks = connection.execute(CUSTOMER_TASKS, {"customer_id": customer_id}).all()
    return routing_facts_from_rows(customer_id, newest_first, tasks, today)


def routing_facts_from_rows(
    customer_id: str, newest_first: Sequence[Any], tasks: Sequence[Any], today: dt.date
) -> CustomerFacts:
    """The facts from the rows of `RECENT_CONTACTS_OF` and `CUSTOMER_TASKS`, whichever driver read them."""
    contacts = list(reversed(newest_first))  # oldest first, as the profile aggregates them
    analysed = [c for c in contacts if c.analysed is not None]
    trend = [
        SentimentPoint(
            call_id=c.id, kind=c.kind, at=_aware(c.started_at or c.created_at), score=c.customer_sentiment
        )
        for c in analysed
    ]
    # The profile's own scoring, fed rows that carry the same attribute names as its ORM objects.
    churn = churn_risk(cast(list[Result], analysed), trend, cast(list[TaskRow], tasks))
    baseline = prosody_baseline(cast(list[Result], analysed))
    since = dt.datetime.combine(today - dt.timedelta(days=7), dt.time(), tzinfo=dt.UTC)
    products = [
        ProductEnding(
            product=t.product or ("deposit" if t.type == "deposit_maturity" else "product"),
            kind="deposit" if t.type == "deposit_maturity" else "product",
            end_date=t.due_date,
            days_left=(t.due_date - today).days,
        )
        for t in tasks
        if t.type in ("deposit_maturity", "product_expiry") and t.due_date is not None
    ]
    scored = [p for p in trend if p.score is not None]
    return CustomerFacts(
        customer_id=customer_id,
        open_tasks=tuple(t.type for t in tasks if t.status != "done"),
        products_ending=tuple(sorted(products, key=lambda p: p.days_left)),
        churn_risk=churn.score,
        last_contact_sentiment=_label(scored[-1].score) if scored else None,
        contacts_last_7_days=sum(1 for c in contacts if _aware(c.started_at or c.created_at) >= since),
        prosody_baseline=_baseline(baseline),
    )


def _aware(when: dt.datetime) -> dt.datetime:
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


class NoProfileStore:
    """Stands in when no profile store is reachable: every lookup is skipped with the reason."""

    def __init__(self, why: str) -> None:
        self.why = why

    def find(self, customer_id: str | None, ani: str | None, today: dt.date) -> CustomerFacts | None:
        raise LookupError(f"customer profiles unavailable: {self.why}")


def open_profile_source(settings: Settings) -> DatabaseProfiles | NoProfileStore:
    """The service's profile store for this configuration, if its database is there."""
    url = settings.resolved_database_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        return NoProfileStore(f"no database at {url} (start the service or give --profiles)")
    return DatabaseProfiles(Database(url))
