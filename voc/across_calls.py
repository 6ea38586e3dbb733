"""Questions about many calls at once: trends, search, and rebuilding what they read.

The API's insights and search endpoints and `voc insights ...` both call these; each takes the
database and returns a view model (voc/views.py). What a finished call adds to these tables is
written by the job runner through `index_finished_call`, in the transaction that stores its result.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from voc.insights import RuleSet, apply_rules
from voc.insights.search_terms import query_terms, search_terms
from voc.insights.trends import Interval, fold_trends
from voc.schemas import CallAnalysis
from voc.store.db import Database
from voc.store.insights import (
    SEARCH_COUNT_CAP,
    GroupBy,
    SearchFilters,
    analysed_call_ids,
    day_counts,
    record_call_insights,
    replace_analysis,
    results_of,
    search_turns,
)
from voc.store.tables import Call
from voc.views import SearchHitView, SearchView, TrendBucket, TrendsView

log = logging.getLogger(__name__)

MAX_TREND_DAYS = 3 * 366


def index_finished_call(session: Session, call: Call, analysis: CallAnalysis) -> None:
    """Index the call for trends and search, under a savepoint: a failure here is logged and
    never costs the call its result (`voc insights build` indexes it again)."""
    terms = search_terms(analysis)
    try:
        with session.begin_nested():
            record_call_insights(session, call, analysis, terms)
    except SQLAlchemyError as error:
        log.warning("call %s analysed but not indexed for insights (%s); run `voc insights build`", call.id, error)


def trends(database: Database, group_by: GroupBy, interval: Interval, since: dt.date, until: dt.date) -> TrendsView:
    if until < since:
        raise ValueError("until is before since")
    if (until - since).days > MAX_TREND_DAYS:
        raise ValueError(f"ask for at most {MAX_TREND_DAYS} days at once")
    with database.read() as session:
        rows = day_counts(session, group_by, since, until)
    buckets = [
        TrendBucket(
            period_start=b.period_start,
            key=b.key,
            count=b.count,
            negative_share=b.negative_share,
            escalations=b.escalations,
            qa_score=b.qa_score,
            spike=b.spike,
            usual=b.usual,
        )
        for b in fold_trends(rows, interval, since, until)
    ]
    return TrendsView(group_by=group_by, interval=interval, since=since, until=until, buckets=buckets)


def search(database: Database, query: str, filters: SearchFilters, limit: int, offset: int) -> SearchView:
    terms = query_terms(query)
    with database.read() as session:
        hits, total = search_turns(session, terms, filters, limit, offset)
    return SearchView(
        query=query,
        terms=terms,
        total=total,
        total_capped_at=SEARCH_COUNT_CAP,
        items=[
            SearchHitView(
                call_id=h.call_id,
                turn=h.turn_index,
                speaker=h.speaker,
                start=h.start,
                end=h.end,
                text=h.text,
                date=h.occurred_on,
                agent_id=h.agent_id,
                customer_id=h.customer_id,
            )
            for h in hits
        ],
    )


@dataclass
class BuildReport:
    calls: int = 0
    skipped: int = 0


def rebuild_index(database: Database, rules: RuleSet | None = None, batch: int = 200) -> BuildReport:
    """Index every stored result again (calls analysed before insights existed, or after the rules
    changed). With `rules`, categories and the scorecard are evaluated again first and stored with
    the result. One transaction per batch of calls."""
    report = BuildReport()
    with database.read() as session:
        ids = analysed_call_ids(session)
    for start in range(0, len(ids), batch):
        with database.write() as session:
            for call, raw in results_of(session, ids[start : start + batch]):
                try:
                    analysis = CallAnalysis.model_validate(raw)
                except ValidationError:
                    report.skipped += 1  # written by a newer voc
                    continue
                if rules is not None:
                    found = apply_rules(analysis, rules)
                    update = {
                        "categories": found.categories,
                        "scorecard": found.scorecard,
                        "rules_version": found.rules_version,
                    }
                    analysis = analysis.model_copy(update=update)
                    replace_analysis(session, call.id, analysis)
                index_finished_call(session, call, analysis)
                report.calls += 1
    return report
