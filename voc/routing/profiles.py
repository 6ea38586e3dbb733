"""Customer facts for routing: from the service's stored profiles, or from a JSON file offline.

Routing does not read the database itself. It states what it reads from a stored profile
(`StoredProfile`, `ProfileLookup`, `AsyncProfileLookup`: voc.store.profiles and
voc.store.postgres_profiles fit them) and turns that into the `CustomerFacts` a policy looks at.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, get_args

from voc.routing.live import AsyncProfileFind
from voc.routing.signals import (
    CustomerFacts,
    ProductEnding,
    ProsodyBaseline,
    baseline_from_profile,
    semitones,
)
from voc.schemas import SentimentLabel


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


class StoredSpread(Protocol):
    """One measure of a stored prosody baseline: median and spread of the customer's turns."""

    @property
    def median(self) -> float: ...
    @property
    def spread(self) -> float: ...
    @property
    def n(self) -> int: ...


class StoredBaseline(Protocol):
    """The customer's voice as the service keeps it: pitch in Hz, loudness in dBFS, rate in syllables/s."""

    @property
    def pitch_hz(self) -> StoredSpread | None: ...
    @property
    def loudness_dbfs(self) -> StoredSpread | None: ...
    @property
    def rate_sps(self) -> StoredSpread | None: ...


class StoredProduct(Protocol):
    @property
    def product(self) -> str | None: ...
    @property
    def task_type(self) -> str: ...  # deposit_maturity | product_expiry
    @property
    def end_date(self) -> dt.date: ...


class StoredProfile(Protocol):
    """What routing reads from the service's profile of a customer."""

    @property
    def customer_id(self) -> str: ...
    @property
    def open_task_types(self) -> Sequence[str]: ...
    @property
    def products_ending(self) -> Sequence[StoredProduct]: ...
    @property
    def churn_risk(self) -> float: ...
    @property
    def last_sentiment_score(self) -> float | None: ...
    @property
    def contact_times(self) -> Sequence[dt.datetime]: ...  # timezone-aware
    @property
    def prosody_baseline(self) -> StoredBaseline: ...


class ProfileLookup(Protocol):
    def find(self, customer_id: str | None, ani: str | None) -> StoredProfile | None:
        """The customer's profile by id, else by the caller's number; None when no customer matches."""
        ...


class AsyncProfileLookup(Protocol):
    async def find_async(self, customer_id: str | None, ani: str | None) -> StoredProfile | None: ...


def _label(score: float | None) -> SentimentLabel | None:
    if score is None:
        return None
    return "negative" if score <= -SENTIMENT_LABEL_AT else "positive" if score >= SENTIMENT_LABEL_AT else "neutral"


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


def facts_from_stored(profile: StoredProfile, today: dt.date) -> CustomerFacts:
    """Reduce a stored profile to the facts a policy may use, as of `today`."""
    products = [
        ProductEnding(
            product=p.product or ("deposit" if p.task_type == "deposit_maturity" else "product"),
            kind="deposit" if p.task_type == "deposit_maturity" else "product",
            end_date=p.end_date,
            days_left=(p.end_date - today).days,
        )
        for p in profile.products_ending
    ]
    since = dt.datetime.combine(today - dt.timedelta(days=7), dt.time(), tzinfo=dt.UTC)
    return CustomerFacts(
        customer_id=profile.customer_id,
        open_tasks=tuple(profile.open_task_types),
        products_ending=tuple(sorted(products, key=lambda p: p.days_left)),
        churn_risk=profile.churn_risk,
        last_contact_sentiment=_label(profile.last_sentiment_score),
        contacts_last_7_days=sum(1 for when in profile.contact_times if when >= since),
        prosody_baseline=_baseline(profile.prosody_baseline),
    )


class StoredProfiles:
    """A `ProfileSource` over the service's stored profiles."""

    def __init__(self, lookup: ProfileLookup) -> None:
        self.lookup = lookup

    def find(self, customer_id: str | None, ani: str | None, today: dt.date) -> CustomerFacts | None:
        stored = self.lookup.find(customer_id, ani)
        return facts_from_stored(stored, today) if stored is not None else None


def awaited_profiles(lookup: AsyncProfileLookup) -> AsyncProfileFind:
    """The router's `profiles_async` over a lookup that an event loop awaits."""

    async def find(customer_id: str | None, ani: str | None, today: dt.date) -> CustomerFacts | None:
        stored = await lookup.find_async(customer_id, ani)
        return facts_from_stored(stored, today) if stored is not None else None

    return find


class NoProfileStore:
    """Stands in when no profile store is reachable: every lookup is skipped with the reason."""

    def __init__(self, why: str) -> None:
        self.why = why

    def find(self, customer_id: str | None, ani: str | None, today: dt.date) -> CustomerFacts | None:
        raise LookupError(f"customer profiles unavailable: {self.why}")
