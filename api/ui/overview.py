"""The web view's pages across calls: a customer, the insights dashboard and routing.

Each number links to the calls list filtered to the calls behind it (/ui/?...), so an analyst can
always go from a figure to the conversations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.context import Context, ServiceContext
from api.ui.pages import SignedIn
from api.ui.rendering import render
from voc import across_calls
from voc.routing.policy import Policy
from voc.store.call_list import CallListFilters, CallListPage, list_calls_page
from voc.store.insights import NO_AGENT
from voc.store.profiles import CustomerProfile, load_customer_profile
from voc.store.route_decisions import DecisionLog, LoggedDecision
from voc.views import TopicsView, TrendsView

router = APIRouter(prefix="/ui", include_in_schema=False)

TIMELINE_LIMIT = 200
DECISIONS_LIMIT = 50
DEFAULT_WEEKS = 8


def calls_link(**filters: object) -> str:
    return "/ui/?" + urlencode({k: str(v) for k, v in filters.items() if v is not None and v != ""})


def polyline(values: list[float | None], width: int = 240, height: int = 48, low: float = -1, high: float = 1) -> str:
    """SVG polyline points for values between low and high (None leaves a point out)."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if not known:
        return ""
    step = width / max(1, len(values) - 1)
    span = (high - low) or 1.0
    return " ".join(f"{i * step:.1f},{3 + (1 - (v - low) / span) * (height - 6):.1f}" for i, v in known)


# --- customer ---------------------------------------------------------------------------------


@dataclass
class CustomerPage:
    profile: CustomerProfile
    timeline: CallListPage
    decisions: list[LoggedDecision]
    trend_points: str


def load_customer_page(context: ServiceContext, customer_id: str) -> CustomerPage | None:
    with context.database.read() as session:
        profile = load_customer_profile(session, customer_id)
        if profile is None:
            return None
        timeline = list_calls_page(
            session, CallListFilters(customer_id=customer_id, status="done"), "-date", TIMELINE_LIMIT
        )
    decisions = DecisionLog(context.database.engine).list(customer_id=customer_id, limit=DECISIONS_LIMIT)
    points = polyline([p.score for p in profile.sentiment_trend])
    return CustomerPage(profile, timeline, decisions, points)


@router.get("/customers/{customer_id}")
async def customer_page(customer_id: str, request: Request, session: SignedIn, context: Context) -> Response:
    found = await run_in_threadpool(load_customer_page, context, customer_id[:200])
    if found is None:
        return render(request, "error.html", session, 404, message="error.not_found")
    context.audit.customer(session.principal, "read_customer", customer_id[:200])
    return render(request, "customer.html", session, customer=found, calls_link=calls_link)


# --- insights ---------------------------------------------------------------------------------


@dataclass
class Cell:
    count: int
    negative_share: float | None
    escalations: int
    qa_score: float | None
    spike: bool
    link: str


@dataclass
class TrendRow:
    key: str
    label: str
    total: int
    cells: list[Cell | None]
    link: str | None
    line: str = ""


@dataclass
class TrendGrid:
    periods: list[dt.date]
    rows: list[TrendRow] = field(default_factory=list)


def trend_grid(view: TrendsView, periods: list[dt.date], filter_name: str, labels: dict[str, str]) -> TrendGrid:
    """Keys as rows and weeks as columns, biggest key first; each cell links to its calls."""
    by_key: dict[str, dict[dt.date, Any]] = {}
    for bucket in view.buckets:
        by_key.setdefault(bucket.key, {})[bucket.period_start] = bucket
    grid = TrendGrid(periods)
    # Each cell's link is the row's filter plus the week's dates, each encoded once (a grid has
    # hundreds of cells: encoding every link whole took a fifth of the page's time).
    weeks = [f"since={start}&until={start + dt.timedelta(days=6)}" for start in periods]
    for key, buckets in by_key.items():
        linkable = not (filter_name == "agent" and key == NO_AGENT)
        prefix = "/ui/?" + (urlencode({filter_name: key}) + "&" if linkable else "")
        cells: list[Cell | None] = []
        for start, week in zip(periods, weeks, strict=True):
            b = buckets.get(start)
            cells.append(
                Cell(b.count, b.negative_share, b.escalations, b.qa_score, b.spike, prefix + week) if b else None
            )
        total = sum(c.count for c in cells if c)
        row_link = calls_link(**{filter_name: key}, since=periods[0], until=view.until) if linkable else None
        row = TrendRow(key, labels.get(key, key), total, cells, row_link)
        peak = max((c.count for c in cells if c), default=0) or 1
        row.line = polyline([(c.count if c else 0) for c in cells], width=120, height=28, low=0, high=peak)
        grid.rows.append(row)
    grid.rows.sort(key=lambda r: (-r.total, r.label))
    return grid


@dataclass
class InsightsPage:
    since: dt.date
    until: dt.date
    weeks: int
    topics: TopicsView
    topic_weeks: TrendGrid
    categories: TrendGrid
    agents: TrendGrid
    escalations: list[tuple[dt.date, int, str]]  # week, escalations, link
    contacts: int


def load_insights_page(context: ServiceContext, until: dt.date, weeks: int) -> InsightsPage:
    first_monday = until - dt.timedelta(days=until.weekday()) - dt.timedelta(weeks=weeks - 1)
    periods = [first_monday + dt.timedelta(weeks=i) for i in range(weeks)]
    database = context.database
    topics = across_calls.topics_view(database, first_monday)
    by_topic = across_calls.trends(database, "topic", "week", first_monday, until)
    categories = across_calls.trends(database, "category", "week", first_monday, until)
    agents = across_calls.trends(database, "agent", "week", first_monday, until)
    # Every call has one agent key (or "no agent"), so the agents' buckets add up to all calls.
    escalations: dict[dt.date, int] = {}
    for bucket in agents.buckets:
        escalations[bucket.period_start] = escalations.get(bucket.period_start, 0) + bucket.escalations
    return InsightsPage(
        since=first_monday,
        until=until,
        weeks=weeks,
        topics=topics,
        topic_weeks=trend_grid(by_topic, periods, "topic", {t.id: t.label for t in topics.topics}),
        categories=trend_grid(categories, periods, "category", {}),
        agents=trend_grid(agents, periods, "agent", {}),
        escalations=[
            (p, escalations.get(p, 0), calls_link(escalated="yes", since=p, until=p + dt.timedelta(days=6)))
            for p in periods
        ],
        contacts=topics.contacts,
    )


@router.get("/insights")
async def insights_page(request: Request, session: SignedIn, context: Context) -> Response:
    params = request.query_params
    try:
        until = dt.date.fromisoformat(params.get("until") or "") if params.get("until") else None
    except ValueError:
        until = None
    try:
        weeks = max(1, min(int(params.get("weeks") or DEFAULT_WEEKS), 52))
    except ValueError:
        weeks = DEFAULT_WEEKS
    until = until or dt.datetime.now(dt.UTC).date()
    found = await run_in_threadpool(load_insights_page, context, until, weeks)
    return render(request, "insights.html", session, active="insights", insights=found, calls_link=calls_link)


# --- routing ----------------------------------------------------------------------------------


@dataclass
class QueueOutcomes:
    """How the analysed calls that one queue received ended, over the decisions shown."""

    queue: str
    decisions: int = 0
    analysed: int = 0
    negative: int = 0
    escalated: int = 0


@dataclass
class RoutingPage:
    policy: Policy | None
    policy_error: str | None
    decisions: list[LoggedDecision]
    queues: list[QueueOutcomes]


def queue_outcomes(decisions: list[LoggedDecision]) -> list[QueueOutcomes]:
    queues: dict[str, QueueOutcomes] = {}
    for decision in decisions:
        row = queues.setdefault(decision.queue, QueueOutcomes(decision.queue))
        row.decisions += 1
        outcome = decision.outcome
        if decision.outcome_call_id and outcome is not None:
            row.analysed += 1
            row.negative += outcome.get("final_customer_sentiment") == "negative"
            row.escalated += bool(outcome.get("escalate"))
    return sorted(queues.values(), key=lambda q: (-q.decisions, q.queue))


@router.get("/routing")
async def routing_page(request: Request, session: SignedIn, context: Context) -> Response:
    routing = getattr(request.app.state, "routing", None)

    def load() -> RoutingPage:
        policy = routing.policies.current() if routing is not None else None
        error = routing.policies.status().last_error if routing is not None else None
        decisions = DecisionLog(context.database.engine).list(limit=DECISIONS_LIMIT)
        return RoutingPage(policy, error, decisions, queue_outcomes(decisions))

    found = await run_in_threadpool(load)
    return render(request, "routing.html", session, active="routing", routing=found, calls_link=calls_link)
