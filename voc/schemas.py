"""The result contract: what `voc analyze --json`, the API and the CRM feed return.

`CallAnalysis` is published as JSON Schema in docs/call-analysis.schema.json
(`voc schema` writes it). Times are seconds from the start of the recording.
Fields are only ever added; a breaking change bumps SCHEMA_VERSION.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

SCHEMA_VERSION = "1.0"

Speaker = Literal["agent", "customer", "unknown"]
SentimentLabel = Literal["negative", "neutral", "positive"]
EmotionLabel = Literal["neutral", "satisfied", "irritated", "angry", "anxious"]
CueKind = Literal[
    "threat_to_leave",
    "complaint",
    "escalation_request",
    "profanity",
    "repeat_contact",
    "gratitude",
]
TaskType = Literal[
    "deposit_maturity",
    "product_expiry",
    "callback",
    "payment_promise",
    "complaint",
    "churn_risk",
]
Modality = Literal["past", "future_fact", "promise", "request", "unknown"]
CallDateSource = Literal["argument", "metadata", "recording", "today"]


class Contract(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Word(Contract):
    word: str
    start: float
    end: float
    probability: float
    heard: str | None = Field(
        None,
        description="what the recogniser wrote before voc corrected a near-miss of a domain term "
        "(e.g. 'склад' or 'в склад' for 'вклад'); null when the word is as heard",
    )


class ProsodyZ(Contract):
    """Each measure against the same speaker's own baseline in this call (robust z-score)."""

    pitch: float | None = None
    pitch_spread: float | None = None
    loudness: float | None = None
    rate: float | None = None
    effort: float | None = Field(None, description="alpha ratio (spectral tilt) against the own baseline")


class ProsodyNorm(Contract):
    """Each measure against population norms: evidence that needs no baseline of the speaker.

    Positive = more aroused: higher pitch than usual for the voice's range, faster than usual
    for the language, louder than the other party on the line, flatter spectrum (effort)."""

    pitch: float | None = None
    rate: float | None = None
    loudness_vs_other: float | None = None
    effort: float | None = Field(None, description="alpha ratio and Hammarberg index, combined")
    perturbation: float | None = Field(None, description="jitter- and shimmer-like roughness")


class ProsodyBaseline(Contract):
    """What the relative z-scores were measured against, and whether to trust them."""

    source: Literal["profile", "call", "given", "none"] = Field(
        "given", description="given: z-scores computed by the caller against a baseline of its own"
    )
    turns: int = Field(0, description="the speaker's other measured turns in this call")
    weak: bool = False
    why: str | None = None


class Prosody(Contract):
    pitch_median_hz: float | None = None
    pitch_spread_st: float | None = Field(None, description="F0 spread (IQR) in semitones")
    loudness_dbfs: float | None = None
    speech_rate_sps: float | None = Field(None, description="syllables per second of voiced time")
    voiced_s: float = 0.0
    loudness_vs_other_db: float | None = Field(None, description="minus the other party's median turn")
    alpha_ratio_db: float | None = Field(None, description="energy 1-3.4 kHz over 0.3-1 kHz")
    hammarberg_db: float | None = Field(None, description="peak 0.3-2 kHz minus peak 2-3.4 kHz")
    spectral_slope_db_khz: float | None = None
    jitter_pct: float | None = Field(None, description="frame-to-frame F0 change, %")
    shimmer_db: float | None = Field(None, description="frame-to-frame level change, dB")
    z: ProsodyZ = Field(default_factory=ProsodyZ)
    norm: ProsodyNorm = Field(default_factory=ProsodyNorm)
    baseline: ProsodyBaseline = Field(default_factory=ProsodyBaseline)


class Sentiment(Contract):
    label: SentimentLabel
    score: float = Field(description="-1 (negative) .. +1 (positive)")
    confidence: float
    backend: str


class Cue(Contract):
    kind: CueKind
    text: str = Field(description="the matched words as spoken")
    start: float | None = None
    end: float | None = None


class Emotion(Contract):
    label: EmotionLabel
    arousal: float = Field(description="-1 calm .. +1 agitated, mostly from prosody")
    valence: float = Field(description="-1 negative .. +1 positive, mostly from text")
    confidence: float
    reasons: list[str] = Field(default_factory=list)


DisplayKind = Literal["number", "ordinal", "date", "year", "time", "amount", "percent", "phone", "card", "digits"]


class DisplaySpan(Contract):
    """One rewritten piece of a turn's display text and the words it came from."""

    char_start: int = Field(description="offset of the piece in display_text")
    char_end: int
    text_start: int = Field(description="offset of the spoken form in text")
    text_end: int
    kind: DisplayKind
    value: str = Field(description="what was read: 200000, 1.5, 15, 10:30, 89161234567")
    words: list[int] = Field(default_factory=list, description="indices into the turn's words")
    start: float | None = None
    end: float | None = None


class Turn(Contract):
    index: int
    speaker: Speaker
    speaker_confidence: float = 1.0
    start: float
    end: float
    text: str
    words: list[Word] = Field(default_factory=list)
    overlap: bool = Field(False, description="the other party spoke at the same time")
    prosody: Prosody | None = None
    sentiment: Sentiment | None = None
    emotion: Emotion | None = None
    cues: list[Cue] = Field(default_factory=list)
    display_text: str | None = Field(
        None, description="text with numbers, dates, times, amounts and phone numbers written in digits (docs/itn.md)"
    )
    display_spans: list[DisplaySpan] = Field(default_factory=list, description="where display_text differs from text")


class SpeakerMetrics(Contract):
    talk_time_s: float
    talk_share: float
    turns: int
    interruptions: int = Field(description="turns this speaker began while the other was speaking")


class CallMetrics(Contract):
    speakers: dict[str, SpeakerMetrics]
    silence_s: float
    longest_silence_s: float
    overtalk_s: float
    interruptions: int


class ChannelInfo(Contract):
    mode: Literal["stereo", "mono", "text"]
    layout: list[Speaker] = Field(description="speaker of each input channel, in order")
    source_sample_rate: int | None = None
    codec: str | None = None
    diarization: str | None = Field(None, description="method used to separate speakers of a mono call")


class PeakMoment(Contract):
    turn: int
    start: float
    end: float
    label: EmotionLabel


class CustomerState(Contract):
    sentiment_start: SentimentLabel | None = None
    sentiment_end: SentimentLabel | None = None
    trajectory: Literal["improved", "worsened", "steady"] = "steady"
    peak: PeakMoment | None = None
    escalate: bool = False
    escalate_reasons: list[str] = Field(default_factory=list)


class AgentState(Contract):
    sentiment_avg: float | None = None
    peak: PeakMoment | None = None
    stayed_calm: bool | None = Field(None, description="agent stayed calm while the customer did not")


class Amount(Contract):
    value: float
    currency: str = Field(description="ISO 4217 code")


class Evidence(Contract):
    turn: int
    speaker: Speaker
    quote: str
    start: float | None = None
    end: float | None = None
    reason: str | None = Field(None, description="why this sentence and date make the task: speaker, cue, date")


class Task(Contract):
    type: TaskType
    title: str
    due_date: dt.date | None = None
    product: str | None = None
    amount: Amount | None = None
    owner: str = Field("agent", description="who should act: agent, supervisor, retention, ...")
    evidence: Evidence
    confidence: float


class Entity(Contract):
    kind: Literal["date", "amount", "product", "intent"]
    text: str
    value: str | float | None = None
    turn: int
    speaker: Speaker
    modality: Modality = "unknown"
    start: float | None = None
    end: float | None = None


class Summary(Contract):
    text: str
    reason: str | None = None
    outcome: str | None = None
    open_items: list[str] = Field(default_factory=list)
    backend: str


class Notice(Contract):
    code: str
    message: str
    turn: int | None = None


RedactionType = Literal[
    "CARD_NUMBER",
    "CVV",
    "CARD_EXPIRY",
    "PIN",
    "SMS_CODE",
    "PASSPORT",
    "SNILS",
    "INN",
    "ACCOUNT_NUMBER",
    "PHONE",
    "EMAIL",
    "SSN",
    "PERSON_NAME",
    "DICTATED_NUMBER",
]


class Redaction(Contract):
    """One piece of personal data, replaced by its mask (`[CARD_NUMBER]`) everywhere in the result.

    See docs/redaction.md."""

    type: RedactionType
    turn_index: int
    char_start: int = Field(description="offset of the mask in the turn's (redacted) text")
    char_end: int
    start: float | None = Field(None, description="seconds: the first redacted word's start (audio calls only)")
    end: float | None = Field(None, description="seconds: the last redacted word's end")
    checksum_valid: bool | None = Field(
        None, description="Luhn (card), mod-101 (СНИЛС), stdnum (ИНН); a label only: None where there is no checksum"
    )


class PointOfInterest(Contract):
    """Where a category rule or a scorecard criterion found its evidence in the call."""

    turn: int
    speaker: Speaker
    start: float | None = None
    end: float | None = None
    text: str = Field(description="the words that matched, or what the rule measured (`silence 14.2 s`)")


class TopicRef(Contract):
    """A contact driver this call belongs to (docs/insights.md: topics)."""

    id: str
    label: str
    score: float = Field(description="cosine similarity of the customer's words to the topic, 0..1")


class CategoryMatch(Contract):
    name: str = Field(description="the category's id in the rule file")
    label: str = Field(description="its name for people, in the rule file's words")
    points: list[PointOfInterest] = Field(default_factory=list)


class CriterionResult(Contract):
    name: str
    label: str
    weight: float
    passed: bool | None = Field(description="None: the criterion did not apply to this call (no upset customer, ...)")
    points: list[PointOfInterest] = Field(default_factory=list)


class ScorecardResult(Contract):
    """The agent's quality-assurance score for this call. See docs/insights.md."""

    name: str
    label: str
    score: float | None = Field(description="passed weight over applicable weight, 0..1; None when nothing applied")
    criteria: list[CriterionResult]


class CallAnalysis(Contract):
    schema_version: str = SCHEMA_VERSION
    duration_s: float
    language: str
    language_probability: float | None = None
    channels: ChannelInfo
    call_date: dt.date
    call_date_source: CallDateSource
    turns: list[Turn]
    metrics: CallMetrics | None = None
    customer: CustomerState | None = None
    agent: AgentState | None = None
    tasks: list[Task] = Field(default_factory=list)
    summary: Summary | None = None
    entities: list[Entity] = Field(default_factory=list)
    redactions: list[Redaction] = Field(
        default_factory=list, description="personal data masked in this result (empty when redaction is off)"
    )
    topics: list[TopicRef] = Field(
        default_factory=list, description="contact drivers: why the customer got in touch (empty until topics exist)"
    )
    categories: list[CategoryMatch] = Field(
        default_factory=list, description="categories whose rules this call matches, with the evidence"
    )
    scorecard: ScorecardResult | None = Field(None, description="the agent's quality score, when a scorecard applies")
    rules_version: str | None = Field(
        None, description="version and content hash of the category and scorecard rules that were applied"
    )
    warnings: list[Notice] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict, description="seconds spent per stage")
    models: dict[str, str] = Field(default_factory=dict, description="model used per stage")
    # The same analysis before redaction, carried beside (never inside) the result: it is not
    # serialised with it and is stored apart only with VOC_REDACTION__KEEP_ORIGINAL=true.
    _unredacted: CallAnalysis | None = PrivateAttr(default=None)

    @property
    def unredacted(self) -> CallAnalysis | None:
        """The analysis before personal data was masked, when the settings keep it (else None)."""
        return self._unredacted

    def keep_unredacted(self, original: CallAnalysis) -> CallAnalysis:
        """Carry `original` beside this (redacted) result; returns self."""
        self._unredacted = original
        return self


class ConversationTurnIn(Contract):
    """One turn of a text conversation (chat, e-mail, review) as a client sends it."""

    speaker: Speaker
    text: str = Field(max_length=20000)
    start: float | None = Field(None, ge=0)
    end: float | None = Field(None, ge=0)


class ConversationIn(Contract):
    turns: list[ConversationTurnIn] = Field(min_length=1, max_length=2000)
    language: Literal["ru", "en"] | None = None
    call_date: dt.date | None = None
