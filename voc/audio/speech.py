"""Where each channel's own speaker talks: Silero VAD, checked and rescued by a per-channel energy gate.

Two hazards shape this. Silero, trained mostly on wideband speech, can miss low-pitched
8 kHz telephone speech, so loud stretches the gate sees as this channel's own voice are kept
even when the VAD skipped them. And echo bleed puts the other party's words, some 20 dB down,
on this channel; Silero calls that speech too, so a VAD span that the gate finds dominated by
the other channel throughout is dropped before it costs any decoding time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from faster_whisper.vad import VadOptions, get_speech_timestamps

RATE = 16000
FRAME = RATE // 50  # 20 ms

# Lower than Silero's default 0.5: narrowband speech scores lower; the gate removes what
# this lets through from the other channel.
VAD_OPTIONS = VadOptions(
    threshold=0.35,
    neg_threshold=0.2,
    min_speech_duration_ms=150,
    min_silence_duration_ms=1000,
    speech_pad_ms=400,
)
# A frame is the other party's bleed when the other channel is this much louder at that moment.
BLEED_MARGIN_DB = 12.0
# ... unless it is about as loud as this channel's own speech usually is (overtalk with a
# quieter line).
OWN_LEVEL_MARGIN_DB = 10.0
# Frames this far above the channel's noise floor count as sound at all.
NOISE_MARGIN_DB = 12.0
MIN_OWN_SPEECH_S = 0.15
MIN_RESCUE_S = 0.3
# Dips between syllables and words do not end a stretch of the gate's own-voice frames.
RESCUE_BRIDGE_S = 0.2
RESCUE_PAD_S = 0.2
MERGE_GAP_S = 0.3
# Splitting a VAD span around this channel's own voice: pauses up to this long stay inside.
SPLIT_BRIDGE_S = 0.5
SPLIT_PAD_S = 0.3


@dataclass(frozen=True)
class SpeechSpan:
    start: int  # samples at 16 kHz
    end: int

    @property
    def seconds(self) -> float:
        return (self.end - self.start) / RATE


def frame_levels_db(samples: np.ndarray, frame: int = FRAME) -> np.ndarray:
    """RMS level of each frame (20 ms at 16 kHz by default) in dBFS (the tail shorter than a frame is dropped)."""
    usable = len(samples) // frame * frame
    frames = samples[:usable].reshape(-1, frame).astype(np.float64)
    return 10 * np.log10(np.mean(np.square(frames), axis=1) + 1e-12)


def sounding_frames(levels: np.ndarray) -> np.ndarray:
    """Frames clearly above the channel's own noise floor (its quietest tenth)."""
    if not len(levels):
        return np.zeros(0, dtype=bool)
    return levels > float(np.percentile(levels, 10)) + NOISE_MARGIN_DB


def own_voice_frames(levels: np.ndarray, others: Sequence[np.ndarray]) -> np.ndarray:
    """Frames where this channel carries its own speaker, not silence and not the other's bleed."""
    if not len(levels):
        return np.zeros(0, dtype=bool)
    sounding = sounding_frames(levels)
    if not others or not sounding.any():
        return sounding
    own_level = float(np.percentile(levels[sounding], 90))
    loudest_other = np.max(np.stack([other[: len(levels)] for other in others]), axis=0)
    not_dominated = levels > loudest_other - BLEED_MARGIN_DB
    near_own_level = levels > own_level - OWN_LEVEL_MARGIN_DB
    return sounding & (not_dominated | near_own_level)


def find_speech(samples: np.ndarray, other_channels: Sequence[np.ndarray] = ()) -> list[SpeechSpan]:
    """Spans of `samples` worth transcribing, in time order, merged across short pauses."""
    samples = np.asarray(samples, dtype=np.float32)
    levels = frame_levels_db(samples)
    others = [_pad_to(frame_levels_db(other), len(levels)) for other in other_channels]
    own = own_voice_frames(levels, others)
    vad = [
        SpeechSpan(span["start"], span["end"])
        for span in get_speech_timestamps(samples, VAD_OPTIONS, sampling_rate=RATE)
    ]
    kept = [span for span in vad if _own_seconds(own, span) >= MIN_OWN_SPEECH_S]
    if others:
        # Silero joins this speaker's words and the other's bleed across short pauses between
        # turns; keep only the parts of each span around this channel's own voice.
        kept = [part for span in kept for part in _own_parts(own, span)]
    # The union: where Silero and the gate disagree about a loud own-voice stretch, the gate wins.
    rescued = _runs(own, len(samples))
    return _merge(sorted(kept + rescued, key=lambda span: span.start))


def _own_parts(own: np.ndarray, span: SpeechSpan) -> list[SpeechSpan]:
    inside = np.zeros_like(own)
    inside[span.start // FRAME : span.end // FRAME] = own[span.start // FRAME : span.end // FRAME]
    parts = stretches(
        inside, bridge_s=SPLIT_BRIDGE_S, min_s=MIN_OWN_SPEECH_S, pad_s=SPLIT_PAD_S, total=len(own) * FRAME
    )
    return [SpeechSpan(max(p.start, span.start), min(p.end, span.end)) for p in parts]


def _pad_to(levels: np.ndarray, length: int) -> np.ndarray:
    if len(levels) >= length:
        return levels[:length]
    return np.concatenate([levels, np.full(length - len(levels), -120.0)])


def _own_seconds(own: np.ndarray, span: SpeechSpan) -> float:
    return float(own[span.start // FRAME : span.end // FRAME].sum()) * FRAME / RATE


def _runs(own: np.ndarray, total: int) -> list[SpeechSpan]:
    """Stretches of own-voice frames long enough to be speech, padded like VAD spans are."""
    return stretches(own, bridge_s=RESCUE_BRIDGE_S, min_s=MIN_RESCUE_S, pad_s=RESCUE_PAD_S, total=total)


def stretches(frames: np.ndarray, *, bridge_s: float, min_s: float, pad_s: float, total: int) -> list[SpeechSpan]:
    """Runs of true frames, joined across gaps up to `bridge_s`, at least `min_s` long, padded."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], frames.astype(np.int8), [0]])))
    bridge = int(bridge_s * RATE / FRAME)
    stretches: list[list[int]] = []
    for first, last in zip(edges[::2], edges[1::2], strict=True):
        if stretches and first - stretches[-1][1] <= bridge:
            stretches[-1][1] = int(last)
        else:
            stretches.append([int(first), int(last)])
    pad = int(pad_s * RATE)
    return [
        SpeechSpan(max(0, first * FRAME - pad), min(total, last * FRAME + pad))
        for first, last in stretches
        if (last - first) * FRAME / RATE >= min_s
    ]


def _merge(spans: Sequence[SpeechSpan]) -> list[SpeechSpan]:
    merged: list[SpeechSpan] = []
    for span in spans:
        if merged and span.start - merged[-1].end <= MERGE_GAP_S * RATE:
            merged[-1] = SpeechSpan(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged
