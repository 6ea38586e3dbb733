"""What the call page shows, read in one go: the call, its analysis, and the routing decision before it.

The page's script gets the few numbers it draws (turn times and speakers, redacted spans, the
emotion per turn) as one JSON block; the transcript itself is HTML, each word carrying its times.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import orjson

from api.context import ServiceContext
from voc.schemas import CallAnalysis, Turn
from voc.store import calls
from voc.store.route_decisions import DecisionLog, LoggedDecision

MASK = re.compile(r"\[[A-Z_]+\]")


@dataclass
class WordView:
    text: str
    start: float | None
    end: float | None
    redacted: bool


@dataclass
class TurnView:
    index: int
    speaker: str
    start: float | None
    end: float | None
    words: list[WordView]
    sentiment: str | None
    emotion: str | None


@dataclass
class CallPage:
    call_id: str
    kind: str
    status: str
    channel: str
    started_at: dt.datetime
    agent_id: str | None
    customer_id: str | None
    analysis: CallAnalysis | None
    turns: list[TurnView] = field(default_factory=list)
    decision: LoggedDecision | None = None
    has_audio: bool = False
    script_data: str = "{}"

    @property
    def timed(self) -> bool:
        """The turns have times in a recording (a call, not a text conversation)."""
        return self.analysis is not None and self.analysis.channels.mode != "text"


def _turn_view(turn: Turn, timed: bool) -> TurnView:
    if timed and turn.words:
        words = [WordView(w.word, w.start, w.end, bool(MASK.search(w.word))) for w in turn.words]
    else:
        text = turn.display_text or turn.text
        words = [WordView(piece, None, None, bool(MASK.search(piece))) for piece in text.split()]
    return TurnView(
        index=turn.index,
        speaker=turn.speaker,
        start=turn.start if timed else None,
        end=turn.end if timed else None,
        words=words,
        sentiment=turn.sentiment.label if turn.sentiment else None,
        emotion=turn.emotion.label if turn.emotion else None,
    )


def _script_data(call_id: str, analysis: CallAnalysis, timed: bool, has_audio: bool) -> str:
    turns = [
        {
            "i": t.index,
            "speaker": t.speaker,
            "start": t.start if timed else None,
            "end": t.end if timed else None,
            "arousal": t.emotion.arousal if t.emotion else None,
            "valence": t.emotion.valence if t.emotion else None,
        }
        for t in analysis.turns
    ]
    redactions = [
        {"start": r.start, "end": r.end, "type": r.type}
        for r in analysis.redactions
        if timed and r.start is not None and r.end is not None
    ]
    data: dict[str, Any] = {
        "callId": call_id,
        "audio": f"/ui/calls/{call_id}/audio" if has_audio else None,
        "duration": analysis.duration_s,
        "turns": turns,
        "redactions": redactions,
    }
    # Safe inside <script type="application/json">: orjson escapes no '<', so do it here.
    return orjson.dumps(data).decode().replace("<", "\\u003c")


def load_call_page(context: ServiceContext, call_id: str) -> CallPage | None:
    with context.database.read() as session:
        call = calls.get_call(session, call_id)
        if call is None:
            return None
        analysis_json = calls.get_analysis_json(session, call_id) if call.status == "done" else None
        meta = call.meta or {}
        page = CallPage(
            call_id=call.id,
            kind=call.kind,
            status=call.status,
            channel="voice" if call.kind == "call" else str(meta.get("channel") or "chat"),
            started_at=_aware(call.started_at or call.created_at),
            agent_id=call.agent_id,
            customer_id=call.customer_id,
            analysis=None,
        )
        redaction = context.settings.redaction
        audio_kept = call.blob_sha256 is not None and (
            call.blob_redacted or not (redaction.enabled and redaction.audio)
        )
        session_id = call.session_id
    if analysis_json is None:
        return page
    analysis = CallAnalysis.model_validate_json(analysis_json)
    page.analysis = analysis
    page.has_audio = call.kind == "call" and audio_kept
    page.turns = [_turn_view(turn, page.timed) for turn in analysis.turns]
    page.script_data = _script_data(call.id, analysis, page.timed, page.has_audio)
    if session_id:
        decisions = DecisionLog(context.database.engine).list(session_id=session_id, limit=1)
        page.decision = decisions[0] if decisions else None
    return page


def _aware(when: dt.datetime) -> dt.datetime:
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
