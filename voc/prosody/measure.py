"""Pitch, loudness and speaking rate per turn, each against the speaker's own baseline in the call.

Pitch uses librosa's YIN (a few ms per audio second; pYIN is ~40x slower). YIN has no voicing
decision of its own, so a frame counts as voiced when it lies inside a recognised word, is
within 30 dB of the speaker's loud frames and has a low zero-crossing rate.

Baselines are leave-one-out medians over the speaker's other turns, spread by MAD with a floor:
a calm speaker's turns vary little, and without a floor a small wobble would read as agitation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import librosa
import numpy as np

from voc.schemas import Prosody, ProsodyZ, Turn

FRAME = 1024
HOP = 160
F0_MIN_HZ = 60.0
F0_MAX_HZ = 420.0
VOICED_ZCR_MAX = 0.25
LOUD_FRAME_RANGE_DB = 30.0
# Below this a frame is line noise or digital silence, never speech.
SPEECH_FLOOR_DBFS = -60.0
MIN_VOICED_S = 0.3
# Speaking rate over less than a second or a few syllables is mostly word-boundary noise.
MIN_RATE_SPEECH_S = 1.0
MIN_RATE_SYLLABLES = 4
MIN_BASELINE_TURNS = 2

# The smallest spread a baseline may have, per measure (semitones, dB, syllables/s). Utterance
# medians of one calm speaker vary by about 1.5 semitones and 2 dB in read speech.
SPREAD_FLOOR = {"pitch": 1.5, "pitch_spread": 0.8, "loudness": 2.0, "rate": 0.6}

_VOWELS = re.compile(r"[аеёиоуыэюяaeiouy]+", re.IGNORECASE)


@dataclass(frozen=True)
class _Raw:
    pitch_st: float | None  # median F0 in semitones re 55 Hz
    pitch_spread_st: float | None
    loudness_dbfs: float | None
    rate_sps: float | None
    voiced_s: float


def count_syllables(text: str) -> int:
    """Vowel groups: exact for Russian (one vowel per syllable), close enough for English."""
    return len(_VOWELS.findall(text))


def _speech_mask(turn: Turn, n_frames: int, sample_rate: int) -> np.ndarray:
    mask = np.zeros(n_frames, dtype=bool)
    if not turn.words:
        mask[:] = True
        return mask
    for word in turn.words:
        a = int((word.start - turn.start) * sample_rate / HOP)
        b = int(np.ceil((word.end - turn.start) * sample_rate / HOP))
        mask[max(0, a) : max(0, min(n_frames, b))] = True
    return mask


def _measure_turn(turn: Turn, samples: np.ndarray, sample_rate: int) -> _Raw:
    segment = samples[int(turn.start * sample_rate) : int(np.ceil(turn.end * sample_rate))]
    speech_s = sum(w.end - w.start for w in turn.words) if turn.words else turn.end - turn.start
    syllables = count_syllables(turn.text)
    rate = syllables / speech_s if speech_s >= MIN_RATE_SPEECH_S and syllables >= MIN_RATE_SYLLABLES else None
    if len(segment) < FRAME:
        return _Raw(None, None, None, rate, 0.0)

    rms = librosa.feature.rms(y=segment, frame_length=FRAME, hop_length=HOP, center=True)[0]
    zcr = librosa.feature.zero_crossing_rate(segment, frame_length=FRAME, hop_length=HOP, center=True)[0]
    n = len(rms)
    speech = _speech_mask(turn, n, sample_rate)
    if not speech.any():
        return _Raw(None, None, None, rate, 0.0)
    db = 20 * np.log10(np.maximum(rms, 1e-10))
    loud = (db > np.percentile(db[speech], 95) - LOUD_FRAME_RANGE_DB) & (db > SPEECH_FLOOR_DBFS)
    if not (speech & loud).any():
        return _Raw(None, None, None, rate, 0.0)
    voiced = speech & loud & (zcr < VOICED_ZCR_MAX)
    loudness = float(20 * np.log10(max(np.sqrt(np.mean(rms[speech & loud] ** 2)), 1e-10)))

    voiced_s = float(voiced.sum() * HOP / sample_rate)
    if voiced_s < MIN_VOICED_S:
        return _Raw(None, None, loudness, rate, voiced_s)
    f0 = librosa.yin(segment, fmin=F0_MIN_HZ, fmax=F0_MAX_HZ, sr=sample_rate, frame_length=FRAME, hop_length=HOP)
    f0 = f0[: n][voiced[: len(f0)]]
    semitones = 12 * np.log2(f0 / 55.0)
    q25, q50, q75 = np.percentile(semitones, [25, 50, 75])
    return _Raw(float(q50), float(q75 - q25), loudness, rate, voiced_s)


def _robust_z(value: float | None, others: list[float], floor: float) -> float | None:
    if value is None or len(others) < MIN_BASELINE_TURNS:
        return None
    center = float(np.median(others))
    spread = 1.4826 * float(np.median(np.abs(np.asarray(others) - center)))
    return round((value - center) / max(spread, floor), 2)


def _z_scores(raws: Sequence[_Raw], i: int) -> ProsodyZ:
    rest = [r for j, r in enumerate(raws) if j != i]
    me = raws[i]

    def values(attr: str) -> list[float]:
        return [v for v in (getattr(r, attr) for r in rest) if v is not None]

    return ProsodyZ(
        pitch=_robust_z(me.pitch_st, values("pitch_st"), SPREAD_FLOOR["pitch"]),
        pitch_spread=_robust_z(me.pitch_spread_st, values("pitch_spread_st"), SPREAD_FLOOR["pitch_spread"]),
        loudness=_robust_z(me.loudness_dbfs, values("loudness_dbfs"), SPREAD_FLOOR["loudness"]),
        rate=_robust_z(me.rate_sps, values("rate_sps"), SPREAD_FLOOR["rate"]),
    )


def _to_prosody(raw: _Raw, z: ProsodyZ) -> Prosody:
    return Prosody(
        pitch_median_hz=round(55.0 * 2 ** (raw.pitch_st / 12), 1) if raw.pitch_st is not None else None,
        pitch_spread_st=round(raw.pitch_spread_st, 2) if raw.pitch_spread_st is not None else None,
        loudness_dbfs=round(raw.loudness_dbfs, 1) if raw.loudness_dbfs is not None else None,
        speech_rate_sps=round(raw.rate_sps, 2) if raw.rate_sps is not None else None,
        voiced_s=round(raw.voiced_s, 2),
        z=z,
    )


def warm_up() -> None:
    """Compile librosa's numba kernels once, in one process.

    librosa caches them next to its own code; several workers compiling at the same moment
    can leave a corrupt cache that crashes later calls, so set-up compiles them first.
    """
    noise = np.random.default_rng(0).standard_normal(16000).astype(np.float32) * 0.1
    librosa.yin(noise, fmin=F0_MIN_HZ, fmax=F0_MAX_HZ, sr=16000, frame_length=FRAME, hop_length=HOP)


def score_prosody(
    turns: Sequence[Turn], audio_by_speaker: Mapping[str, np.ndarray], sample_rate: int
) -> list[Turn]:
    """Fill `prosody` on every turn whose speaker has audio; baselines are per speaker."""
    raws: dict[int, _Raw] = {}
    for turn in turns:
        samples = audio_by_speaker.get(turn.speaker)
        if samples is not None:
            raws[turn.index] = _measure_turn(turn, samples, sample_rate)

    out: list[Turn] = []
    for turn in turns:
        if turn.index not in raws:
            out.append(turn)
            continue
        same = [t.index for t in turns if t.speaker == turn.speaker and t.index in raws]
        speaker_raws = [raws[i] for i in same]
        z = _z_scores(speaker_raws, same.index(turn.index))
        out.append(turn.model_copy(update={"prosody": _to_prosody(raws[turn.index], z)}))
    return out
