"""What a routing decision looks at: the IVR text's sentiment and cues, the caller's voice against
their own baseline, and what voc already knows about them.

Everything here is plain data plus pure functions, so policies are tested without models.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from voc.prosody.measure import SPREAD_FLOOR
from voc.schemas import Cue, EmotionLabel, Prosody, Sentiment, SentimentLabel

PROSODY_MEASURES = ("pitch", "pitch_spread", "loudness", "rate")


@dataclass(frozen=True)
class MeasureNorm:
    """Centre and spread of one prosody measure for one speaker (or for the population)."""

    center: float
    scale: float


@dataclass(frozen=True)
class ProsodyBaseline:
    norms: Mapping[str, MeasureNorm]
    source: str  # "customer" (from their earlier calls) or "population"


# Adult telephone speech, both sexes pooled; deliberately wide so a population z only fires on
# clearly raised voices. Used when the customer has no baseline of their own yet. Pitch is in
# semitones re 55 Hz (as voc.prosody.measure keeps it), loudness in dBFS, rate in syllables/s.
POPULATION_BASELINE = ProsodyBaseline(
    norms={
        "pitch": MeasureNorm(center=19.0, scale=4.0),  # 165 Hz; ~120-230 Hz within +-1
        "pitch_spread": MeasureNorm(center=3.5, scale=1.5),
        "loudness": MeasureNorm(center=-26.0, scale=6.0),
        "rate": MeasureNorm(center=4.5, scale=1.2),
    },
    source="population",
)

_PROSODY_FIELDS = {
    "pitch": "pitch_median_hz",
    "pitch_spread": "pitch_spread_st",
    "loudness": "loudness_dbfs",
    "rate": "speech_rate_sps",
}


def semitones(hz: float) -> float:
    return 12.0 * math.log2(hz / 55.0)


def baseline_from_profile(raw: Mapping[str, Any] | None) -> ProsodyBaseline:
    """The customer's own baseline where the profile has one, measure by measure; population otherwise.

    Accepts `{measure: {"center"|"median": x, "scale"|"mad"|"iqr": y}}` keyed by our measure names
    (pitch in semitones re 55 Hz) or by the `Prosody` field names (`pitch_median_hz`: centre in Hz,
    spread in semitones). Spreads are floored as in voc.prosody.measure, so a very steady speaker's
    small wobble does not read as agitation.
    """
    if not raw:
        return POPULATION_BASELINE
    norms = dict(POPULATION_BASELINE.norms)
    found = False
    for measure, field_name in _PROSODY_FIELDS.items():
        entry = raw.get(measure) or raw.get(field_name)
        if not isinstance(entry, Mapping):
            continue
        center = entry.get("center", entry.get("median"))
        scale = entry.get("scale", entry.get("mad", entry.get("iqr")))
        if isinstance(center, int | float) and isinstance(scale, int | float) and scale > 0:
            if measure == "pitch" and center <= 0:
                continue
            if measure == "pitch" and measure not in raw:
                center = semitones(float(center))
            norms[measure] = MeasureNorm(float(center), max(float(scale), SPREAD_FLOOR[measure]))
            found = True
    return ProsodyBaseline(norms=norms, source="customer") if found else POPULATION_BASELINE


def prosody_z(prosody: Prosody, baseline: ProsodyBaseline) -> dict[str, float]:
    """How far this clip's voice is from the baseline, per measure, in baseline spreads."""
    z: dict[str, float] = {}
    for measure, field_name in _PROSODY_FIELDS.items():
        value = getattr(prosody, field_name)
        if value is None or (measure == "pitch" and value <= 0):
            continue
        if measure == "pitch":
            value = semitones(value)
        norm = baseline.norms[measure]
        z[measure] = round((float(value) - norm.center) / norm.scale, 2)
    return z


@dataclass(frozen=True)
class ProductEnding:
    product: str
    kind: str  # deposit, loan, card, insurance, ...
    end_date: dt.date
    days_left: int


@dataclass(frozen=True)
class CustomerFacts:
    """What the profile says about the caller, reduced to what a policy may look at."""

    customer_id: str
    open_tasks: tuple[str, ...] = ()  # task types, e.g. ("complaint", "callback")
    products_ending: tuple[ProductEnding, ...] = ()
    churn_risk: float | None = None
    last_contact_sentiment: SentimentLabel | None = None
    contacts_last_7_days: int = 0
    prosody_baseline: ProsodyBaseline = POPULATION_BASELINE


@dataclass(frozen=True)
class TextSignals:
    sentiment: Sentiment | None
    cues: tuple[Cue, ...] = ()


@dataclass(frozen=True)
class EmotionEstimate:
    label: EmotionLabel
    arousal: float
    valence: float


@dataclass(frozen=True)
class RouteSignals:
    """Everything known about the caller at decision time; missing parts are None/empty."""

    text: str = ""
    language: str | None = None
    ivr_path: tuple[str, ...] = ()
    text_signals: TextSignals | None = None
    prosody: dict[str, float] = field(default_factory=dict)  # z per measure vs the baseline used
    prosody_baseline: str | None = None  # "customer" or "population" when prosody was measured
    customer: CustomerFacts | None = None
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def cue_kinds(self) -> frozenset[str]:
        return frozenset(c.kind for c in self.text_signals.cues) if self.text_signals else frozenset()

    @property
    def sentiment(self) -> Sentiment | None:
        return self.text_signals.sentiment if self.text_signals else None

    @property
    def emotion(self) -> EmotionEstimate:
        return estimate_emotion(self.sentiment, self.cue_kinds, self.prosody)


_AGITATED_CUES = frozenset({"threat_to_leave", "profanity", "escalation_request", "complaint"})


def estimate_emotion(
    sentiment: Sentiment | None, cue_kinds: frozenset[str], prosody: Mapping[str, float]
) -> EmotionEstimate:
    """A quick, explainable emotion for routing: valence from the text, arousal from the voice.

    Without audio, arousal leans on the text alone (agitated cues raise it) so the text path still
    tells angry from irritated.
    """
    valence = sentiment.score if sentiment else 0.0
    if prosody:
        raised = [max(0.0, prosody.get(m, 0.0)) for m in ("pitch", "loudness", "rate")]
        arousal = min(1.0, sum(raised) / 3.0 / 2.0)
        if prosody.get("loudness", 0.0) < -1.0 and prosody.get("pitch", 0.0) < -1.0:
            arousal = -0.5
    else:
        arousal = 0.0
    if cue_kinds & _AGITATED_CUES:
        arousal = max(arousal, 0.3 + 0.2 * len(cue_kinds & _AGITATED_CUES))
    arousal = round(min(1.0, arousal), 2)
    return EmotionEstimate(
        label=_emotion_label(valence, arousal, prosody), arousal=arousal, valence=round(valence, 2)
    )


def _emotion_label(valence: float, arousal: float, prosody: Mapping[str, float]) -> EmotionLabel:
    if valence <= -0.3 and arousal >= 0.6:
        return "angry"
    if valence <= -0.3 and prosody.get("pitch", 0.0) >= 1.5 and prosody.get("loudness", 0.0) < 1.0:
        return "anxious"
    if valence <= -0.3 and arousal >= 0.2:
        return "irritated"
    if valence >= 0.3:
        return "satisfied"
    return "neutral"
