"""The mono-call stage: split one transcript into agent and customer by who spoke when.

    separation = separate_speakers(stream.samples, transcript, options)
    turns = mark_turns(build_turns(separation.transcripts), separation)

`separate_speakers` runs after ASR on the mono stream; `mark_turns` after turns are built,
to give each turn its `speaker_confidence` and `overlap` mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from voc.diarize.embedding import WindowEmbedder
from voc.diarize.roles import assign_roles
from voc.diarize.segments import RATE, Diarization, diarize
from voc.schemas import Notice, Speaker, Turn, Word
from voc.stage_types import StreamTranscript

MIN_OVERLAP_IN_TURN_S = 0.1


@dataclass(frozen=True)
class SeparationOptions:
    # Metadata from the telephony system wins over what the words suggest.
    first_speaker: Speaker | None = None
    max_speakers: int = 3
    # A pretrained speaker-embedding model (voc.diarize.embedding), loaded once by the caller.
    embedder: WindowEmbedder | None = None


@dataclass
class Separation:
    transcripts: list[StreamTranscript]
    diarization: Diarization
    roles: dict[int, Speaker]
    role_confidence: float
    notices: list[Notice] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)

    @property
    def method(self) -> str:
        return self.diarization.method


def separate_speakers(
    samples: np.ndarray,
    transcript: StreamTranscript,
    options: SeparationOptions | None = None,
    sample_rate: int = RATE,
) -> Separation:
    """Who said each word of a mono call; the words come back as agent and customer transcripts."""
    options = options or SeparationOptions()
    diarization = diarize(samples, sample_rate, max_speakers=options.max_speakers, embedder=options.embedder)
    clusters: dict[int, list[Word]] = {c: [] for c in range(diarization.n_speakers)}
    unplaced: list[Word] = []
    for word in transcript.words:
        cluster, _ = diarization.cluster_at(word.start, word.end)
        (clusters.get(cluster, unplaced)).append(word)

    notices: list[Notice] = []
    if diarization.n_speakers == 0:
        notices.append(Notice(code="no_speech_for_separation", message="no speech found to separate speakers"))
        return Separation([transcript], diarization, {}, 0.0, notices)

    assignment = assign_roles({c: clusters[c] for c in sorted(clusters)[:2]}, options.first_speaker)
    roles = dict(assignment.roles)
    if diarization.n_speakers == 1:
        if options.first_speaker is None:
            roles = {0: "unknown"}
        notices.append(
            Notice(
                code="one_speaker",
                message="one voice found in this mono call; its turns are labelled "
                + (f"'{roles[0]}' from the metadata" if options.first_speaker else "'unknown'"),
            )
        )
    elif diarization.n_speakers > 2:
        notices.append(
            Notice(
                code="more_than_two_speakers",
                message=f"{diarization.n_speakers} voices found in this mono call; "
                "the two who spoke first are labelled agent and customer, the other's words 'unknown'",
            )
        )
    by_speaker: dict[Speaker, list[Word]] = {}
    for cluster, words in clusters.items():
        by_speaker.setdefault(roles.get(cluster, "unknown"), []).extend(words)
    if unplaced:
        by_speaker.setdefault("unknown", []).extend(unplaced)
    transcripts = [
        StreamTranscript(
            speaker,
            sorted(words, key=lambda w: w.start),
            transcript.language,
            transcript.language_probability,
        )
        for speaker, words in by_speaker.items()
        if words
    ]
    return Separation(transcripts, diarization, roles, assignment.confidence, notices, assignment.evidence)


def mark_turns(turns: Sequence[Turn], separation: Separation) -> list[Turn]:
    """Each turn's speaker_confidence (voice match x role certainty) and overlap mark."""
    cluster_of = {role: cluster for cluster, role in separation.roles.items()}
    marked = []
    for turn in turns:
        update: dict[str, object] = {}
        cluster = cluster_of.get(turn.speaker)
        if cluster is not None:
            found, posterior = separation.diarization.cluster_at(turn.start, turn.end)
            voice = posterior if found == cluster else 1.0 - posterior
            role = separation.role_confidence if separation.diarization.n_speakers > 1 else 1.0
            update["speaker_confidence"] = round(min(turn.speaker_confidence, voice * role), 3)
        if _overlapped(turn, separation.diarization.overlaps):
            update["overlap"] = True
        marked.append(turn.model_copy(update=update) if update else turn)
    return marked


def _overlapped(turn: Turn, overlaps: Sequence[tuple[float, float]]) -> bool:
    return any(min(turn.end, end) - max(turn.start, start) >= MIN_OVERLAP_IN_TURN_S for start, end in overlaps)
