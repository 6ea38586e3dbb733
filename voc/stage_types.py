"""The intermediate types stages hand to each other, below every stage.

A stage that only needs another stage's output type imports it from here, not from the stage
that produces it, so stages depend on each other only for what they call. The result contract
(`CallAnalysis`, `Turn`, `Word`, ...) is in voc.schemas; these types never leave the process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from typing import Any

import numpy as np

from voc.schemas import (
    AgentState,
    CallAnalysis,
    CallDateSource,
    CustomerState,
    Entity,
    Notice,
    Redaction,
    Speaker,
    Summary,
    Task,
    Turn,
    Word,
)

# What a transcript says when nothing decided the language (no speech to detect it on).
DEFAULT_LANGUAGE = "ru"


@dataclass(frozen=True)
class AnalyzeOptions:
    layout: tuple[Speaker, ...] = ("agent", "customer")
    language: str | None = None  # None: detect
    call_date: dt.date | None = None
    call_date_source: CallDateSource = "today"
    first_speaker: Speaker | None = None  # mono calls: who speaks first, from the telephony metadata
    # This call's own domain terms for the recogniser (e.g. the customer's products from their
    # profile), ahead of the vocabulary's (docs/asr.md, "Domain vocabulary").
    terms: tuple[str, ...] = ()
    # The customer's voice from earlier calls (their profile's prosody baseline), read from
    # storage by the job runner: (measure, centre, spread) with pitch in semitones re 55 Hz and
    # rate in syllables/s (voc.prosody.norms.profile_baseline). Empty: this call is the baseline.
    customer_voice: tuple[tuple[str, float, float], ...] = ()


@dataclass(frozen=True)
class DecodedAudio:
    """A recording after decoding (voc.audio.decode): float32 at `sample_rate`, channels kept apart."""

    samples: np.ndarray  # shape (channels, n), float32, at `sample_rate`
    sample_rate: int
    source_rate: int
    codec: str

    @property
    def channels(self) -> int:
        return int(self.samples.shape[0])

    @property
    def duration_s(self) -> float:
        return self.samples.shape[1] / self.sample_rate


@dataclass(frozen=True)
class SpeakerStream:
    """One speaker's channel (voc.audio.channels); a mono call is one `unknown` stream."""

    speaker: Speaker
    channel: int
    samples: np.ndarray  # (n,), float32, 16 kHz


@dataclass
class StreamTranscript:
    """The words heard on one speaker stream (voc.asr), before they are grouped into turns."""

    speaker: Speaker
    words: list[Word] = field(default_factory=list)
    language: str = DEFAULT_LANGUAGE
    language_probability: float | None = None


@dataclass(frozen=True)
class SearchTerms:
    """The words of a call reduced for search (voc.insights.search_terms), what storage indexes.

    `by_turn` maps a turn's index to its words' dictionary forms (Russian lemmas, English stems),
    space-separated."""

    by_turn: dict[int, str]


@dataclass(frozen=True)
class DiscoveredTopic:
    """A contact driver found by voc.insights.topics, as storage keeps it (voc/store/topics.py)."""

    id: str
    label: str
    keywords: list[str]
    centroid: np.ndarray  # unit vector in the embedding space
    join_similarity: float  # a contact at least this close to the centroid belongs to the topic
    size: int = 0
    # The same in the language-centred space discovery clusters in (None for topics stored before
    # voc kept the language means): a new contact has its language's mean taken away first.
    centred_centroid: np.ndarray | None = None
    centred_join_similarity: float | None = None


@dataclass(frozen=True)
class LanguageMean:
    """One language's mean contact vector at discovery, taken away from that language's contacts."""

    vector: np.ndarray
    contacts: int


@dataclass
class TextFindings:
    """What the text stages found in a call's turns (voc.pipeline), before and after redaction."""

    turns: list[Turn]
    customer: CustomerState
    agent: AgentState
    entities: list[Entity]
    tasks: list[Task]
    summary: Summary
    warnings: list[Notice]
    redactions: list[Redaction] = field(default_factory=list)
    # The findings before redaction, kept only with VOC_REDACTION__KEEP_ORIGINAL=true.
    unredacted: TextFindings | None = None

    def fields(self) -> dict[str, Any]:
        """The CallAnalysis fields these findings fill (warnings are merged by the caller)."""
        return {
            f.name: getattr(self, f.name) for f in dataclass_fields(self) if f.name not in ("warnings", "unredacted")
        }

    def finish(self, analysis: CallAnalysis) -> CallAnalysis:
        """`analysis` (built from these findings), carrying its unredacted twin when one was kept."""
        if self.unredacted is None:
            return analysis
        return analysis.keep_unredacted(analysis.model_copy(update=self.unredacted.fields()))
