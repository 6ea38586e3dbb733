"""What a routing decision looks at: the IVR text's sentiment and cues, the caller's voice against
their own baseline, and what voc already knows about them.

Everything here is plain data plus pure functions, so policies are tested without models.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from voc.emotion.fusion import emotion_of
from voc.prosody.measure import SPREAD_FLOOR
from voc.schemas import Cue, EmotionLabel, Prosody, ProsodyZ, Sentiment, SentimentLabel, Turn

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

    @cached_property
    def emotion(self) -> EmotionEstimate:
        return estimate_emotion(self.text, self.text_signals, self.prosody)


def estimate_emotion(text: str, text_signals: TextSignals | None, prosody: Mapping[str, float]) -> EmotionEstimate:
    """The emotion stage's own fusion (voc.emotion.fusion), on the caller's IVR utterance as one turn:
    arousal mostly from the voice against the baseline, valence mostly from the text."""
    z = ProsodyZ(**{m: prosody[m] for m in PROSODY_MEASURES if m in prosody}) if prosody else None
    turn = Turn(
        index=0,
        speaker="customer",
        start=0.0,
        end=0.0,
        text=text,
        prosody=Prosody(z=z) if z is not None else None,
        sentiment=text_signals.sentiment if text_signals else None,
        cues=list(text_signals.cues) if text_signals else [],
    )
    emotion = emotion_of(turn)
    return EmotionEstimate(label=emotion.label, arousal=round(emotion.arousal, 2), valence=round(emotion.valence, 2))
