"""Customer facts for routing, from a customer profile document (the JSON of GET /v1/customers/{id})."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, get_args

from voc.routing.signals import CustomerFacts, ProductEnding, baseline_from_profile
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


class NoProfileStore:
    """Stands in when no profile store is reachable: every lookup is skipped with the reason."""

    def __init__(self, why: str) -> None:
        self.why = why

    def find(self, customer_id: str | None, ani: str | None, today: dt.date) -> CustomerFacts | None:
        raise LookupError(f"customer profiles unavailable: {self.why}")


def open_profile_source(settings: Any) -> Any:
    """The service's profile store for this configuration (not merged yet: see issue 5)."""
    return NoProfileStore("the profile store (issue 5) is not part of this build")
