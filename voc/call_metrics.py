"""Talk time, silence, overtalk and interruptions of a call, from word timings."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from voc.schemas import CallMetrics, SpeakerMetrics, Turn

Interval = tuple[float, float]

# Words closer than this belong to one stretch of speech (the pause between words is still talk).
WORD_BRIDGE_S = 0.3
# Starting to speak while the other party goes on for at least this long is an interruption;
# a reply that only clips the end of the other's last word is not.
INTERRUPTION_MIN_OVERLAP_S = 0.5


def _union(intervals: Sequence[Interval], bridge: float = 0.0) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + bridge:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _total(intervals: Sequence[Interval]) -> float:
    return sum(end - start for start, end in intervals)


def _intersection(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def speech_intervals(turns: Sequence[Turn], speaker: str) -> list[Interval]:
    spans = [(w.start, w.end) for t in turns if t.speaker == speaker for w in t.words]
    if not spans:
        spans = [(t.start, t.end) for t in turns if t.speaker == speaker]
    return _union(spans, bridge=WORD_BRIDGE_S)


def _is_interruption(turn: Turn, other_speech: Sequence[Interval]) -> bool:
    return any(start < turn.start and end - turn.start >= INTERRUPTION_MIN_OVERLAP_S for start, end in other_speech)


def measure_call(turns: Sequence[Turn], duration_s: float) -> CallMetrics:
    speakers = sorted({t.speaker for t in turns})
    speech = {s: speech_intervals(turns, s) for s in speakers}
    everyone = _union([iv for ivs in speech.values() for iv in ivs])
    talk_total = _total(everyone) or 1.0

    per_speaker: dict[str, SpeakerMetrics] = {}
    interruptions_total = 0
    for speaker in speakers:
        others = _union([iv for s, ivs in speech.items() if s != speaker for iv in ivs])
        interruptions = sum(1 for t in turns if t.speaker == speaker and _is_interruption(t, others))
        interruptions_total += interruptions
        talk = _total(speech[speaker])
        per_speaker[speaker] = SpeakerMetrics(
            talk_time_s=round(talk, 2),
            talk_share=round(talk / talk_total, 3),
            turns=sum(1 for t in turns if t.speaker == speaker),
            interruptions=interruptions,
        )

    overtalk = 0.0
    for i, a in enumerate(speakers):
        for b in speakers[i + 1 :]:
            overtalk += _total(_intersection(speech[a], speech[b]))

    gaps = [nxt[0] - cur[1] for cur, nxt in itertools.pairwise(everyone)]
    return CallMetrics(
        speakers=per_speaker,
        silence_s=round(max(0.0, duration_s - _total(everyone)), 2),
        longest_silence_s=round(max(gaps, default=0.0), 2),
        overtalk_s=round(overtalk, 2),
        interruptions=interruptions_total,
    )
