"""Group each speaker's words into turns and order the turns of the call."""

from __future__ import annotations

from collections.abc import Sequence

from voc.schemas import Speaker, Turn, Word
from voc.stage_types import StreamTranscript

# A pause longer than this inside one speaker's speech starts a new turn.
TURN_PAUSE_S = 1.0
# Two segments of the same speaker with nobody else in between are one turn unless the
# pause is longer than this (a customer thinking mid-sentence is still one turn).
SAME_SPEAKER_JOIN_S = 2.5


def _segments(words: Sequence[Word]) -> list[list[Word]]:
    segments: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.start):
        if segments and word.start - segments[-1][-1].end <= TURN_PAUSE_S:
            segments[-1].append(word)
        else:
            segments.append([word])
    return segments


def join_words(words: Sequence[Word]) -> str:
    """Whisper sometimes emits a hyphenated ending as its own word ("20", "-го"); glue it back."""
    text = ""
    for word in words:
        token = word.word.strip()
        if not token:
            continue
        glue = not text or token[0] in "-,.!?;:%)»"
        text += token if glue else " " + token
    return text


def _make_turn(index: int, speaker: Speaker, words: list[Word]) -> Turn:
    return Turn(
        index=index,
        speaker=speaker,
        start=words[0].start,
        end=max(w.end for w in words),
        text=join_words(words),
        words=words,
    )


def build_turns(transcripts: Sequence[StreamTranscript]) -> list[Turn]:
    """Order all speakers' speech segments in time, joining a speaker's segments that nobody interrupts."""
    tagged: list[tuple[Speaker, list[Word]]] = []
    for transcript in transcripts:
        tagged.extend((transcript.speaker, seg) for seg in _segments(transcript.words))
    tagged.sort(key=lambda item: item[1][0].start)

    merged: list[tuple[Speaker, list[Word]]] = []
    for speaker, words in tagged:
        if merged:
            last_speaker, last_words = merged[-1]
            if last_speaker == speaker and words[0].start - last_words[-1].end <= SAME_SPEAKER_JOIN_S:
                merged[-1] = (speaker, last_words + words)
                continue
        merged.append((speaker, words))

    turns = [_make_turn(i, speaker, words) for i, (speaker, words) in enumerate(merged)]
    return mark_overlaps(turns)


def mark_overlaps(turns: Sequence[Turn]) -> list[Turn]:
    """Flag turns during which another speaker's speech (a word, not just a turn span) was heard."""
    out: list[Turn] = []
    for turn in turns:
        overlapped = any(
            other.speaker != turn.speaker
            and other.start < turn.end
            and turn.start < other.end
            and any(w.start < turn.end and turn.start < w.end for w in other.words)
            for other in turns
        )
        out.append(turn.model_copy(update={"overlap": overlapped}) if overlapped != turn.overlap else turn)
    return out
