"""Echo bleed: the same words heard on both channels at once are kept on the louder one.

Cheap handsets and some recorders leak each party into the other's channel some 10-30 dB
down; Whisper transcribes the leak as if the other party had said it. A word found on two
channels at the same moment with the same text is kept only where its signal is louder.
Both parties saying the same short word at once ("да") at similar levels is real overtalk,
so a word is dropped only when its channel is clearly quieter over that word.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from difflib import SequenceMatcher

import numpy as np

from voc.audio.speech import RATE
from voc.schemas import Word
from voc.stage_types import SpeakerStream, StreamTranscript

# Words on two channels are "the same moment" when their centres are this close (Whisper's
# word times wander by a couple of hundred milliseconds).
MAX_CENTRE_GAP_S = 0.6
MIN_TEXT_SIMILARITY = 0.7
# The quieter copy is bleed only if it is at least this much quieter.
MIN_LEVEL_GAP_DB = 6.0


def remove_bleed(transcripts: Sequence[StreamTranscript], streams: Sequence[SpeakerStream]) -> list[StreamTranscript]:
    if len(transcripts) < 2:
        return list(transcripts)
    samples = {stream.speaker: stream.samples for stream in streams}
    dropped: list[set[int]] = [set() for _ in transcripts]
    for a in range(len(transcripts)):
        for b in range(a + 1, len(transcripts)):
            first, second = transcripts[a], transcripts[b]
            pairs = _matching_words(first.words, second.words)
            for i, j in pairs:
                span = _union(first.words[i], second.words[j])
                level_a = _level_db(samples[first.speaker], span)
                level_b = _level_db(samples[second.speaker], span)
                if level_a - level_b >= MIN_LEVEL_GAP_DB:
                    dropped[b].add(j)
                elif level_b - level_a >= MIN_LEVEL_GAP_DB:
                    dropped[a].add(i)
    return [
        StreamTranscript(
            speaker=transcript.speaker,
            words=[word for index, word in enumerate(transcript.words) if index not in dropped[n]],
            language=transcript.language,
            language_probability=transcript.language_probability,
        )
        for n, transcript in enumerate(transcripts)
    ]


def _key(word: Word) -> str:
    """Lower-case letters and digits; a word of symbols only ("%") keys on its symbols."""
    text = word.word.lower().strip()
    return re.sub(r"[^\w]+", "", text) or text


def _centre(word: Word) -> float:
    return (word.start + word.end) / 2


def _matching_words(first: Sequence[Word], second: Sequence[Word]) -> list[tuple[int, int]]:
    """Pairs (i, j) of words with the same text at the same moment; each word pairs at most once."""
    centres = [_centre(word) for word in second]
    order = sorted(range(len(second)), key=centres.__getitem__)
    sorted_centres = [centres[j] for j in order]
    used: set[int] = set()
    pairs = []
    for i, word in enumerate(first):
        key = _key(word)
        if not key:
            continue
        low = bisect.bisect_left(sorted_centres, _centre(word) - MAX_CENTRE_GAP_S)
        high = bisect.bisect_right(sorted_centres, _centre(word) + MAX_CENTRE_GAP_S)
        best, best_score = None, 0.0
        for j in (order[k] for k in range(low, high)):
            if j in used:
                continue
            score = _similarity(key, _key(second[j]))
            closeness = abs(_centre(word) - centres[j])
            if score >= MIN_TEXT_SIMILARITY and score - closeness / 10 > best_score:
                best, best_score = j, score - closeness / 10
        if best is not None:
            used.add(best)
            pairs.append((i, best))
    return pairs


def _similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


def _union(a: Word, b: Word) -> tuple[float, float]:
    return min(a.start, b.start), max(a.end, b.end)


def _level_db(samples: np.ndarray, span: tuple[float, float]) -> float:
    piece = samples[int(span[0] * RATE) : max(int(span[1] * RATE), int(span[0] * RATE) + 1)]
    energy = float(np.mean(np.square(piece, dtype=np.float64))) if len(piece) else 0.0
    return 10 * np.log10(energy + 1e-12)
