"""Link routing decisions to what their call turned into, when the call's analysis is stored.

Registered as an analysis hook of voc.store.calls: it runs inside the transaction that stores
the result, under a savepoint, so a problem here never fails or rolls back the analysis itself.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from voc.routing.decision_log import link_statement
from voc.routing.record import outcome_from_analysis
from voc.schemas import CallAnalysis
from voc.store.calls import register_analysis_hook
from voc.store.tables import Call

log = logging.getLogger(__name__)


def link_route_outcome(session: Session, call: Call, analysis: CallAnalysis) -> None:
    if not call.session_id:
        return
    try:
        with session.begin_nested():
            linked = session.execute(
                link_statement(call.session_id, call.id, outcome_from_analysis(analysis))
            )
    except SQLAlchemyError:
        log.exception("could not link route decisions to call %s", call.id)
        return
    count = getattr(linked, "rowcount", 0)
    if count:
        log.info("linked %d route decision(s) to call %s", count, call.id)


def register_route_outcome_hook() -> None:
    register_analysis_hook(link_route_outcome)
