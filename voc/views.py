"""What clients see: the bodies of the HTTP API, of `voc route --json` and of the CRM feed's events.

Each shape is one pydantic model, built from the stored row or the domain object by a classmethod
here. The API declares these models in its OpenAPI document and serialises its answers through
them, so the documentation and the bytes cannot drift apart.

Stored analyses and event payloads are JSON text already. They are embedded as they are
(`orjson.Fragment`) inside an envelope dumped from the model: a large analysis polled every second
is never parsed and re-encoded on its way out.

The store builds its event payloads from these models, so this module sits with the foundations:
it imports neither the store nor routing, and reads rows and answers through the Protocols below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Annotated, Any, Literal, Protocol

import orjson
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from voc.schemas import CallAnalysis, EmotionLabel, Task

CallStatus = Literal["queued", "processing", "done", "failed"]
CallKind = Literal["call", "conversation"]
TaskStatus = Literal["open", "acked", "done"]


def _as_utc(value: dt.datetime) -> dt.datetime:
    # Stored times are UTC; SQLite hands them back without an offset, PostgreSQL with one.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _iso(value: dt.datetime) -> str:
    return value.isoformat()  # "+00:00", as the API has always written it (pydantic would write "Z")


UtcTime = Annotated[
    dt.datetime,
    AfterValidator(_as_utc),
    PlainSerializer(_iso, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def status_path(kind: str, call_id: str) -> str:
    """Where a client polls a call or a conversation (`status_url` in the views below)."""
    return f"/v1/{'calls' if kind == 'call' else 'conversations'}/{call_id}"


# --- what the builders read -------------------------------------------------------------------
# Read-only members: a stored row, a named tuple and a frozen dataclass all fit.


class CallHandle(Protocol):
    """Enough of a call to point a client at it (a stored row, or a submission's result)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> str: ...


class CallRecord(CallHandle, Protocol):
    """A stored call or conversation (voc.store.tables.Call)."""

    @property
    def external_id(self) -> str | None: ...
    @property
    def customer_id(self) -> str | None: ...
    @property
    def agent_id(self) -> str | None: ...
    @property
    def session_id(self) -> str | None: ...
    @property
    def meta(self) -> dict[str, Any]: ...
    @property
    def attempts(self) -> int: ...
    @property
    def failed_stage(self) -> str | None: ...
    @property
    def error_code(self) -> str | None: ...
    @property
    def error_message(self) -> str | None: ...
    @property
    def created_at(self) -> dt.datetime: ...
    @property
    def updated_at(self) -> dt.datetime: ...
    @property
    def finished_at(self) -> dt.datetime | None: ...


class TaskRecord(Protocol):
    """A stored CRM task (voc.store.tables.TaskRow); `body` is the analysis' Task as JSON."""

    @property
    def id(self) -> str: ...
    @property
    def call_id(self) -> str: ...
    @property
    def customer_id(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def body(self) -> dict[str, Any]: ...
    @property
    def created_at(self) -> dt.datetime: ...
    @property
    def acked_at(self) -> dt.datetime | None: ...
    @property
    def done_at(self) -> dt.datetime | None: ...


class FeedRecord(Protocol):
    """One outbox event as the feed reads it (voc.store.events.FeedEvent)."""

    @property
    def cursor(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def call_id(self) -> str | None: ...
    @property
    def customer_id(self) -> str | None: ...
    @property
    def created_at(self) -> dt.datetime: ...
    @property
    def payload_json(self) -> str: ...


class EmotionRecord(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def arousal(self) -> float: ...
    @property
    def valence(self) -> float: ...


class DecisionRecord(Protocol):
    """What the policy decided (voc.routing.recommend.RouteDecision)."""

    @property
    def queue(self) -> str: ...
    @property
    def priority(self) -> int: ...
    @property
    def skills(self) -> Sequence[str]: ...
    @property
    def rule(self) -> str | None: ...
    @property
    def emotion(self) -> EmotionRecord: ...
    @property
    def policy_version(self) -> str: ...
    @property
    def also_matched(self) -> Sequence[str]: ...


class RouteAnswerRecord(Protocol):
    """A live routing answer (voc.routing.live.RouteAnswer)."""

    @property
    def decision_id(self) -> str: ...
    @property
    def decision(self) -> DecisionRecord: ...
    @property
    def context(self) -> Mapping[str, Any]: ...
    @property
    def skipped(self) -> Mapping[str, str]: ...
    @property
    def elapsed_ms(self) -> float: ...
    @property
    def transcript(self) -> str | None: ...
    @property
    def degraded(self) -> bool: ...
    @property
    def reasons(self) -> Sequence[str]: ...


class PolicyRecord(Protocol):
    """The policy store's state (voc.reloading.ReloadStatus)."""

    @property
    def policy_version(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def last_error(self) -> str | None: ...


# --- calls and conversations ------------------------------------------------------------------


class Accepted(BaseModel):
    """The answer to an upload: where to poll for the result."""

    id: str
    status: CallStatus
    status_url: str
    duplicate: bool = Field(description="true when this external_id was already uploaded; id is the first upload's")

    @classmethod
    def for_call(cls, call: CallHandle, *, duplicate: bool) -> Accepted:
        return cls(id=call.id, status=call.status, status_url=status_path(call.kind, call.id), duplicate=duplicate)


class CallError(BaseModel):
    stage: str | None
    code: str | None
    message: str | None


class CallView(BaseModel):
    id: str
    kind: CallKind
    status: CallStatus = Field(description="queued | processing | done | failed")
    external_id: str | None
    customer_id: str | None
    agent_id: str | None
    session_id: str | None
    metadata: dict[str, Any]
    attempts: int
    created_at: UtcTime
    updated_at: UtcTime
    finished_at: UtcTime | None
    status_url: str
    error: CallError | None = Field(None, description="why it failed, or the last failed attempt while retrying")
    analysis: CallAnalysis | None = Field(None, description="the result, once status is done")

    @classmethod
    def from_row(cls, call: CallRecord) -> CallView:
        """The call without its analysis (the list shows it so; `json_with_analysis` adds the stored one)."""
        error = None
        if call.error_code is not None:
            error = CallError(stage=call.failed_stage, code=call.error_code, message=call.error_message)
        return cls(
            id=call.id,
            kind=call.kind,
            status=call.status,
            external_id=call.external_id,
            customer_id=call.customer_id,
            agent_id=call.agent_id,
            session_id=call.session_id,
            metadata=call.meta,
            attempts=call.attempts,
            created_at=call.created_at,
            updated_at=call.updated_at,
            finished_at=call.finished_at,
            status_url=status_path(call.kind, call.id),
            error=error,
        )

    def json_with_analysis(self, analysis_json: str | None) -> bytes:
        """This view as JSON with the stored analysis text embedded unparsed (null when there is none)."""
        body = self.model_dump(mode="json", exclude={"analysis"})
        body["analysis"] = orjson.Fragment(analysis_json) if analysis_json is not None else None
        return orjson.dumps(body)


class CallList(BaseModel):
    items: list[CallView] = Field(description="newest first; `analysis` is null here (fetch the call for it)")


# --- CRM tasks --------------------------------------------------------------------------------


class TaskView(Task):
    """A task found in a call (the result contract's Task) with its life cycle in the CRM."""

    id: str
    call_id: str
    customer_id: str | None
    status: TaskStatus
    created_at: UtcTime
    acked_at: UtcTime | None
    done_at: UtcTime | None

    @classmethod
    def from_row(cls, task: TaskRecord) -> TaskView:
        return cls.model_validate(
            {
                **task.body,
                "id": task.id,
                "call_id": task.call_id,
                "customer_id": task.customer_id,
                "status": task.status,
                "created_at": task.created_at,
                "acked_at": task.acked_at,
                "done_at": task.done_at,
            }
        )


class TaskList(BaseModel):
    items: list[TaskView]


# --- the CRM feed -----------------------------------------------------------------------------


class ErasureReport(BaseModel):
    """What an erasure removed, per kind (DELETE /v1/customers/{id}, `voc erase`, retention batches)."""

    calls: int = Field(0, description="recordings erased")
    conversations: int = Field(0, description="text conversations erased")
    results: int = Field(0, description="stored analyses")
    originals: int = Field(0, description="unredacted analyses kept with VOC_REDACTION__KEEP_ORIGINAL")
    tasks: int = 0
    events: int = Field(0, description="feed events whose content was erased (their ids stay in the feed)")
    route_decisions: int = Field(0, description="IVR routing decisions with the caller's words and the outcome")
    profiles: int = Field(0, description="customer profiles (derived from the calls, not stored apart): 1 or 0")
    blobs: int = Field(0, description="stored recordings / conversation texts removed from the blob store")
    inputs: int = Field(0, description="retention: calls whose stored input was removed, the rest kept")


class CallRef(BaseModel):
    """Which call an event is about (the whole payload of call.deleted)."""

    call_id: str
    kind: CallKind
    external_id: str | None
    customer_id: str | None
    session_id: str | None


class CallAnalyzedData(CallRef):
    duration_s: float
    language: str
    customer_sentiment: float | None = Field(description="mean sentiment of the customer's turns, -1..1")
    task_ids: list[str]


class CallFailedData(CallRef):
    attempts: int
    error: CallError


class ErasedData(BaseModel):
    """The payload of any event whose call was erased (DELETE, customer erasure, retention): its ids only."""

    erased: Literal[True]
    call_id: str | None
    id: str | None = Field(None, description="task.created: the task's id")
    task_ids: list[str] | None = Field(None, description="call.analyzed: the ids of the call's tasks")


class RetentionPurgedData(BaseModel):
    """One retention batch: what was removed, and the cut-off it applied (docs/privacy.md)."""

    purged: Literal["inputs", "calls"] = Field(
        description="`inputs`: stored recordings / conversation texts of calls received before `before`; "
        "`calls`: whole calls received before `before`, erased like DELETE /v1/calls/{id}"
    )
    before: UtcTime
    counts: ErasureReport


class EventEnvelope(BaseModel):
    """What every event carries besides its `data`."""

    id: str = Field(description="this event's cursor")
    type: str
    call_id: str | None
    customer_id: str | None
    created_at: UtcTime

    @classmethod
    def from_feed(cls, event: FeedRecord) -> EventEnvelope:
        return cls(
            id=event.cursor,
            type=event.type,
            call_id=event.call_id,
            customer_id=event.customer_id,
            created_at=event.created_at,
        )

    def dump_with_payload(self, payload_json: str) -> dict[str, Any]:
        """This envelope ready for orjson, with the stored payload text embedded unparsed as `data`."""
        return self.model_dump(mode="json") | {"data": orjson.Fragment(payload_json)}


class CallAnalyzedEvent(EventEnvelope):
    type: Literal["call.analyzed"]
    data: CallAnalyzedData | ErasedData


class CallFailedEvent(EventEnvelope):
    type: Literal["call.failed"]
    data: CallFailedData | ErasedData


class TaskCreatedEvent(EventEnvelope):
    type: Literal["task.created"]
    data: TaskView | ErasedData


class CallDeletedEvent(EventEnvelope):
    type: Literal["call.deleted"]
    data: CallRef | ErasedData


class RetentionPurgedEvent(EventEnvelope):
    type: Literal["retention.purged"]
    data: RetentionPurgedData


EventView = Annotated[
    CallAnalyzedEvent | CallFailedEvent | TaskCreatedEvent | CallDeletedEvent | RetentionPurgedEvent,
    Field(discriminator="type"),
]


class EventPage(BaseModel):
    events: list[EventView]
    next_cursor: str = Field(description="pass as `after` to continue; unchanged when there was nothing new")

    @staticmethod
    def json_from_feed(events: Sequence[FeedRecord], next_cursor: str) -> bytes:
        """A page as JSON: envelopes from the model, each stored payload embedded unparsed."""
        items = [EventEnvelope.from_feed(event).dump_with_payload(event.payload_json) for event in events]
        return orjson.dumps({"events": items, "next_cursor": next_cursor})


# --- IVR routing ------------------------------------------------------------------------------


class EmotionView(BaseModel):
    label: EmotionLabel
    arousal: float
    valence: float


class ProductEndingSoon(BaseModel):
    product: str
    kind: str
    end_date: dt.date
    days_left: int


class RouteContext(BaseModel):
    """What the IVR may tell the agent before they pick up."""

    known_customer: bool
    customer_id: str | None = Field(None, exclude_if=lambda value: value is None, description="when known")
    open_tasks: list[str]
    products_ending_soon: list[ProductEndingSoon]
    churn_risk: float | None
    last_contact_sentiment: str | None
    contacts_last_7_days: int


class RouteView(BaseModel):
    """A routing decision as the IVR receives it (`POST /v1/route`, `voc route --json`)."""

    queue: str
    priority: int = Field(description="1 (highest) .. 5")
    skills: list[str]
    reasons: list[str]
    emotion: EmotionView
    context: RouteContext
    decision_id: str
    policy_version: str
    degraded: bool
    skipped: dict[str, str] = Field(description="signals that were not used, and why")
    rule: str | None = Field(description="the policy rule that decided; null for the policy's default")
    also_matched: list[str] = Field(description="rules below the winner that matched too")
    elapsed_ms: float
    transcript: str | None = Field(
        None,
        exclude_if=lambda value: value is None,
        description="the clip's transcript, when audio came without ivr_text",
    )

    @classmethod
    def from_answer(cls, answer: RouteAnswerRecord) -> RouteView:
        d = answer.decision
        return cls(
            queue=d.queue,
            priority=d.priority,
            skills=list(d.skills),
            reasons=list(answer.reasons),
            emotion=EmotionView(label=d.emotion.label, arousal=d.emotion.arousal, valence=d.emotion.valence),
            context=RouteContext.model_validate(answer.context),
            decision_id=answer.decision_id,
            policy_version=d.policy_version,
            degraded=answer.degraded,
            skipped=dict(answer.skipped),
            rule=d.rule,
            also_matched=list(d.also_matched),
            elapsed_ms=answer.elapsed_ms,
            transcript=answer.transcript,
        )


class PolicyStatus(BaseModel):
    policy_version: str
    source: str = Field(description="the policy file's name (the shipped default_policy.yaml or VOC_ROUTE__POLICY)")
    last_error: str | None = Field(description="why the file on disk is not in force, if it is not")

    @classmethod
    def from_status(cls, status: PolicyRecord) -> PolicyStatus:
        """The policy file by its name only: where the server keeps its files is not the client's business."""
        name = PurePath(status.source).name
        last_error = status.last_error.replace(status.source, name) if status.last_error else None
        return cls(policy_version=status.policy_version, source=name, last_error=last_error)


# --- the service itself -----------------------------------------------------------------------


# --- insights across calls --------------------------------------------------------------------


class TrendBucket(BaseModel):
    period_start: dt.date = Field(description="the day, or the Monday of the week")
    key: str = Field(description="the topic, category, agent or channel")
    count: int
    negative_share: float | None = Field(description="share of these calls where the customer ended negative")
    escalations: int
    qa_score: float | None = Field(description="mean scorecard score of these calls, 0..1")
    spike: bool = Field(description="far above this key's usual level (docs/insights.md: how it is decided)")
    usual: float | None = Field(description="the key's mean count over its earlier periods, when there were enough")


class TrendsView(BaseModel):
    group_by: str
    interval: str
    since: dt.date
    until: dt.date
    buckets: list[TrendBucket]


class SentimentShares(BaseModel):
    negative: float
    neutral: float
    positive: float


class TopicExample(BaseModel):
    call_id: str
    text: str = Field(description="the customer's first turn")


class TopicView(BaseModel):
    id: str
    label: str = Field(description="the analyst's name for it, else the discovered one")
    discovered_label: str
    keywords: list[str]
    count: int = Field(description="contacts in this topic")
    share: float = Field(description="of all analysed contacts in the period")
    sentiment: SentimentShares = Field(description="how the customer ended these contacts")
    escalation_rate: float
    pinned: bool
    examples: list[TopicExample]


class TopicsView(BaseModel):
    contacts: int = Field(description="analysed contacts in the period")
    topics: list[TopicView]


class TopicCall(BaseModel):
    call_id: str
    score: float | None
    date: dt.date
    end_sentiment: str | None


class TopicCalls(BaseModel):
    topic: str
    items: list[TopicCall]


class TopicChange(BaseModel):
    """PATCH /v1/insights/topics/{id}: rename or pin; a renamed topic keeps its name across rebuilds."""

    label: str | None = Field(None, max_length=200, description="empty: back to the discovered label")
    pinned: bool | None = Field(None, description="a pinned topic survives rebuilds that no longer find it")


class TopicMerge(BaseModel):
    into: str = Field(max_length=40, description="the topic that takes this one's contacts, now and after rebuilds")


class SearchHitView(BaseModel):
    call_id: str
    turn: int
    speaker: str
    start: float | None = Field(description="seconds into the recording; None for text conversations")
    end: float | None
    text: str = Field(description="the turn as stored (numbers as digits, personal data masked)")
    date: dt.date
    agent_id: str | None
    customer_id: str | None


class SearchView(BaseModel):
    query: str
    terms: list[str] = Field(description="the dictionary forms searched for; every one must be in the turn")
    total: int = Field(description="matching turns, counted up to total_capped_at")
    total_capped_at: int
    items: list[SearchHitView]


class Health(BaseModel):
    status: Literal["ok"]
    worker: Literal["embedded", "external"] = Field(description="where jobs run: in the API process or apart")


class Liveness(BaseModel):
    status: Literal["ok"] = Field(description="the process is up and answers; nothing else is checked")


class Reachability(BaseModel):
    reachable: bool
    error: str | None = Field(None, description="why not, when it is not")


class Readiness(BaseModel):
    status: Literal["ready"]
    worker: Literal["embedded", "external"] = Field(description="where jobs run: in the API process or apart")
    database: Reachability
    broker: Reachability = Field(description="always reachable when embedded (the queue lives in the process)")


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="where in the request: body, query, header ... then the field")
    msg: str
    type: str


class ProblemDetails(BaseModel):
    """An error answer (RFC 9457, `application/problem+json`)."""

    model_config = ConfigDict(extra="allow")  # RFC 9457 lets a problem carry extension members

    type: str = Field(description="a URI naming the problem; its last segment is `code`")
    title: str = Field(description="the HTTP status phrase")
    status: int
    code: str = Field(description="stable, for programs: not_found, invalid_input, upload_too_large, ...")
    detail: str = Field(description="for people: what was wrong with this request")
    errors: list[FieldError] | None = Field(None, description="each invalid field, when the request did not validate")
