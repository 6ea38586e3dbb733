"""The audio redaction stage: a copy of the recording with every redacted span silenced (or
covered by a tone) on all channels, padded, the duration unchanged.

The copy keeps the recording's container, codec, rate and channels where libsndfile can write
them (WAV in any codec, FLAC, OGG Vorbis/Opus, MP3); anything else (a file only PyAV could read)
becomes a 16-bit WAV at the source rate. Every channel is silenced over a span, not only the
speaker's own: on a stereo call the other channel often carries the speaker's voice as echo.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import soundfile as sf

from voc.audio.decode import decode_source_rate
from voc.audio.speech import FRAME, RATE, frame_levels_db, own_voice_frames, stretches
from voc.schemas import Redaction, Turn

AudioMask = Literal["silence", "tone"]
# Word times from the recogniser are often 100-200 ms early or late at the edges of a number.
DEFAULT_PAD_S = 0.2
TONE_HZ = 1000.0
TONE_LEVEL = 0.1  # -20 dBFS: audible as a mask, not painful
_FADE_S = 0.005  # a ramp at each edge, so the cut does not click

CONTENT_TYPES = {"WAV": "audio/wav", "FLAC": "audio/flac", "OGG": "audio/ogg", "MP3": "audio/mpeg"}


# The least time a person takes to dictate each type (about 0.2 s a digit, quick): a span whose
# words claim less had its times garbled by the recogniser (Whisper sometimes writes a dictated card
# as one "word" of 0.7 s, placed after the fact).
MIN_SPOKEN_S = {
    "CARD_NUMBER": 2.6, "ACCOUNT_NUMBER": 4.0, "SNILS": 2.2, "PASSPORT": 2.0, "INN": 2.0, "PHONE": 1.4,
    "DICTATED_NUMBER": 1.0, "SMS_CODE": 0.8, "PIN": 0.7, "CARD_EXPIRY": 0.7, "CVV": 0.5, "SSN": 1.4,
}  # fmt: skip


BRIDGE_S = 1.5  # masked pieces of one turn this close are silenced with what lies between them
# Whisper places the first word of a turn late, up to a second after the voice begins (after silence it
# waits for a word it is sure of): a span that opens a turn is silenced this far back on the speaker's
# channel too, no further than the speech before it
ONSET_S = 1.5


@dataclass(frozen=True)
class MutedSpan:
    """Seconds from the start of the recording; `channel` None: every channel."""

    start: float
    end: float
    channel: int | None = None


@dataclass(frozen=True)
class RedactedRecording:
    data: bytes
    container: str  # WAV, FLAC, OGG, MP3
    content_type: str
    spans: tuple[MutedSpan, ...]  # what was silenced, padded and merged
    duration_s: float


def spans_to_mute(
    redactions: Sequence[Redaction],
    turns: Sequence[Turn],
    pad_s: float = DEFAULT_PAD_S,
    layout: Sequence[str] = (),
    source: bytes | None = None,
) -> list[MutedSpan]:
    """The intervals to silence on every channel: each redaction's word times, or its whole turn
    where the masked words had no times, widened by `pad_s` on both sides, overlapping ones merged.

    A span too short for what it holds (MIN_SPOKEN_S) had its times garbled: the speaker's own
    channel (from `layout`, the speaker of each channel; every channel without one) is also silenced
    from the end of their previous word to the start of their next, where the dictation must have been.
    With the recording (`source`) of a call with a channel per speaker, the speech its recogniser left
    without words near a redaction is silenced too (`unheard_speech`)."""
    by_index = {t.index: t for t in turns}
    raw: list[tuple[float, float]] = []
    back: list[MutedSpan] = []
    for r in redactions:
        turn = by_index.get(r.turn_index)
        if r.start is not None and r.end is not None:
            raw.append((r.start, r.end))
            if turn is not None and r.end - r.start < MIN_SPOKEN_S.get(r.type, 0.0):
                back.append(_to_neighbouring_words(r.start, r.end, turn, turns, layout, pad_s))
            elif turn is not None and turn.words and r.start <= turn.words[0].start:
                back.append(_onset(r.start, turn, turns, layout))
        elif turn is not None:  # no word times: the whole turn, on the safe side
            raw.append((turn.start, turn.end))
    bridged = _bridge_pieces(redactions)
    merged: list[MutedSpan] = []
    for start, end in sorted([(max(0.0, a - pad_s), b + pad_s) for a, b in raw + bridged]):
        if merged and start <= merged[-1].end:
            merged[-1] = MutedSpan(merged[-1].start, max(merged[-1].end, end))
        else:
            merged.append(MutedSpan(start, end))
    unheard = unheard_speech(source, redactions, turns, layout) if source is not None else []
    return merged + back + unheard


# A stretch of a speaker's own voice this long that the recogniser gave no word for, this close to a
# redaction, is silenced: what it lost there is most likely more of the same dictation (a customer's
# ИНН and account, 23 s of "7, 7, 1, 2, ...", came out of the decoder as nothing at all).
UNHEARD_S = 1.0
UNHEARD_REACH_S = 30.0
_WORD_EDGE_S = 0.5  # around each recognised word: its own sound
_UNHEARD_BRIDGE_S = 0.5  # pauses inside a dictation
_FRAMES_PER_S = 50


def unheard_speech(
    source: bytes, redactions: Sequence[Redaction], turns: Sequence[Turn], layout: Sequence[str]
) -> list[MutedSpan]:
    """On a call with a channel per speaker: each stretch of a speaker's own voice of UNHEARD_S or more
    with no recognised word of theirs, within UNHEARD_REACH_S of a redaction, on that channel."""
    timed = [(r.start, r.end) for r in redactions if r.start is not None and r.end is not None]
    timed += [(t.start, t.end) for r in redactions if r.start is None for t in turns if t.index == r.turn_index]
    if len(layout) < 2 or not timed:
        return []
    samples, rate, _, _ = decode_source_rate(source)
    frame = rate // _FRAMES_PER_S
    levels = [frame_levels_db(channel, frame) for channel in samples]
    out = []
    for channel, speaker in enumerate(layout[: len(levels)]):
        own = own_voice_frames(levels[channel], [lv for i, lv in enumerate(levels) if i != channel])
        heard = np.zeros(len(own), dtype=bool)
        for word in (w for t in turns if t.speaker == speaker for w in t.words):
            heard[
                max(0, int((word.start - _WORD_EDGE_S) * _FRAMES_PER_S)) : int(
                    (word.end + _WORD_EDGE_S) * _FRAMES_PER_S
                )
            ] = True
        lost = stretches(own & ~heard, bridge_s=_UNHEARD_BRIDGE_S, min_s=UNHEARD_S, pad_s=0.0, total=len(own) * FRAME)
        for span in lost:
            begin, finish = span.start / RATE, span.end / RATE
            if any(a - UNHEARD_REACH_S <= finish and begin <= b + UNHEARD_REACH_S for a, b in timed):
                out.append(MutedSpan(begin, finish, channel))
    return out


def _bridge_pieces(redactions: Sequence[Redaction]) -> list[tuple[float, float]]:
    """The gaps between masked pieces of one turn said close together ("[DICTATED_NUMBER]-реген,
    [DICTATED_NUMBER]-реген"): the words the recogniser put between them are most often more of the
    same dictation, misheard, so the whole stretch is silenced."""
    timed = sorted((r.turn_index, r.start, r.end) for r in redactions if r.start is not None and r.end is not None)
    gaps = []
    for (turn_a, _, end_a), (turn_b, start_b, _) in itertools.pairwise(timed):
        if turn_a == turn_b and 0 < start_b - end_a <= BRIDGE_S:
            gaps.append((end_a, start_b))
    return gaps


def _to_neighbouring_words(
    start: float, end: float, turn: Turn, turns: Sequence[Turn], layout: Sequence[str], pad_s: float
) -> MutedSpan:
    """The speaker's channel from the end of their previous word to the start of their next one:
    where a dictation whose word times are garbled must have been said."""
    own = [w for t in turns if t.speaker == turn.speaker for w in t.words]
    before = [w.end for w in own if w.end <= start]
    after = [w.start for w in own if w.start >= end]
    channel = layout.index(turn.speaker) if turn.speaker in layout and len(layout) > 1 else None
    return MutedSpan(max(before, default=0.0), min(after, default=end + pad_s), channel)


def _onset(start: float, turn: Turn, turns: Sequence[Turn], layout: Sequence[str]) -> MutedSpan:
    """The second and a half before a span that opens its turn, on the speaker's channel, back to their
    previous word at most (on a mono call, anyone's: the other party's words stay)."""
    channel = layout.index(turn.speaker) if turn.speaker in layout and len(layout) > 1 else None
    heard = [w.end for t in turns if channel is None or t.speaker == turn.speaker for w in t.words if w.end <= start]
    return MutedSpan(max([start - ONSET_S, *heard, 0.0]), start, channel)


def redact_recording(
    source: bytes, spans: Sequence[MutedSpan], mask: AudioMask = "silence", container: str | None = None
) -> RedactedRecording:
    """The recording with `spans` silenced (or toned) on every channel. `container` forces an output
    container (e.g. "WAV" for a file the user named .wav); by default the source's is kept."""
    samples, rate, source_format, subtype = decode_source_rate(source)
    out = samples.copy()
    for span in spans:
        _cover(out, rate, span, mask)
    data, written = _encode(out, rate, container or source_format, subtype)
    duration = out.shape[1] / rate
    kept = tuple(MutedSpan(s.start, min(s.end, duration), s.channel) for s in spans if s.start < duration)
    return RedactedRecording(data, written, CONTENT_TYPES[written], kept, round(duration, 3))


def _cover(samples: np.ndarray, rate: int, span: MutedSpan, mask: AudioMask) -> None:
    first = max(0, int(span.start * rate))
    last = min(samples.shape[1], int(np.ceil(span.end * rate)))
    if last <= first:
        return
    if span.channel is not None and span.channel < samples.shape[0]:
        samples = samples[span.channel : span.channel + 1]  # a view: covered in place
    fade = min(int(_FADE_S * rate), (last - first) // 2)
    keep = np.zeros(last - first, dtype=np.float32)  # how much of the original is left: 0 inside
    if fade:
        ramp = np.linspace(1.0, 0.0, fade, dtype=np.float32)
        keep[:fade], keep[-fade:] = ramp, ramp[::-1]
    samples[:, first:last] *= keep
    if mask == "tone":
        t = np.arange(first, last, dtype=np.float64) / rate
        samples[:, first:last] += ((1.0 - keep) * TONE_LEVEL * np.sin(2 * np.pi * TONE_HZ * t)).astype(np.float32)


def _encode(samples: np.ndarray, rate: int, container: str, subtype: str | None) -> tuple[bytes, str]:
    """Write in `container`/`subtype` if libsndfile can; else a 16-bit WAV."""
    frames = samples.T
    if container in CONTENT_TYPES and subtype is not None:
        try:
            if sf.check_format(container, subtype):
                return _write(frames, rate, container, subtype), container
        except (sf.LibsndfileError, ValueError, TypeError):
            pass
    if container in CONTENT_TYPES and container != "WAV":
        try:
            return _write(frames, rate, container, sf.default_subtype(container)), container
        except (sf.LibsndfileError, ValueError, TypeError):
            pass
    return _write(frames, rate, "WAV", "PCM_16"), "WAV"


def _write(frames: np.ndarray, rate: int, container: str, subtype: str | None) -> bytes:
    buffer = io.BytesIO()
    sf.write(buffer, frames, rate, format=container, subtype=subtype)
    return buffer.getvalue()
