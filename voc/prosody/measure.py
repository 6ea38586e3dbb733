"""Pitch, loudness, speaking rate and vocal effort per turn: against the speaker's own baseline
(other turns of this call, or a profile baseline from earlier calls when one is passed in) and
against population norms (voc.prosody.norms), which need no baseline at all.

Pitch uses librosa's YIN (a few ms per audio second; pYIN is ~40x slower), with harmonic errors
corrected on telephone-band channels (voc.prosody.pitch). YIN has no voicing
decision of its own, so a frame counts as voiced when it lies inside a recognised word, is
within 30 dB of the speaker's loud frames and has a low zero-crossing rate.

Baselines are leave-one-out medians over the speaker's other turns, spread by MAD with a floor:
a calm speaker's turns vary little, and without a floor a small wobble would read as agitation.

A baseline is weak when the speaker has few other turns or when every turn sounds alike: then
the z-scores cannot tell a calm call from one where the caller is upset throughout, and
`Prosody.baseline` says so; the fusion then leans on the norms.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import librosa
import numpy as np

from voc.prosody import norms
from voc.prosody.pitch import F0_MAX_HZ, F0_MIN_HZ, lacks_low_band, pitch_track
from voc.prosody.voice import VoiceQuality, voice_quality
from voc.schemas import Prosody, ProsodyBaseline, ProsodyNorm, ProsodyZ, Turn

FRAME = 1024
HOP = 160
VOICED_ZCR_MAX = 0.25
LOUD_FRAME_RANGE_DB = 30.0
# Below this a frame is line noise or digital silence, never speech.
SPEECH_FLOOR_DBFS = -60.0
MIN_VOICED_S = 0.3
# Speaking rate over less than a second or a few syllables is mostly word-boundary noise.
MIN_RATE_SPEECH_S = 1.0
MIN_RATE_SYLLABLES = 4
MIN_BASELINE_TURNS = 2
# Fewer other turns than this, or all turns within ALIKE_Z of each other, is a weak baseline.
STRONG_BASELINE_TURNS = 3
ALIKE_Z = 1.0

# The smallest spread a baseline may have, per measure (semitones, dB, syllables/s). Utterance
# medians of one calm speaker vary by about 1.5 semitones and 2 dB in read speech.
SPREAD_FLOOR = {"pitch": 1.5, "pitch_spread": 0.8, "loudness": 2.0, "rate": 0.6, "effort": 1.5}

_VOWELS = re.compile(r"[аеёиоуыэюяaeiouy]+", re.IGNORECASE)


@dataclass(frozen=True)
class _Raw:
    pitch_st: float | None  # median F0 in semitones re 55 Hz
    pitch_spread_st: float | None
    loudness_dbfs: float | None
    rate_sps: float | None
    voiced_s: float
    quality: VoiceQuality = field(default_factory=VoiceQuality)


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


def _measure_turn(turn: Turn, samples: np.ndarray, sample_rate: int, band_limited: bool = False) -> _Raw:
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
    f0 = pitch_track(segment, sample_rate, FRAME, HOP, voiced, band_limited)
    mask = voiced[: len(f0)]
    quality = voice_quality(segment, sample_rate, mask, f0[: len(mask)], HOP)
    semitones = 12 * np.log2(f0[:n][mask] / 55.0)
    q25, q50, q75 = np.percentile(semitones, [25, 50, 75])
    return _Raw(float(q50), float(q75 - q25), loudness, rate, voiced_s, quality)


def _robust_z(value: float | None, others: list[float], floor: float) -> float | None:
    if value is None or len(others) < MIN_BASELINE_TURNS:
        return None
    center = float(np.median(others))
    spread = 1.4826 * float(np.median(np.abs(np.asarray(others) - center)))
    return round((value - center) / max(spread, floor), 2)


RAW_FIELDS = {
    "pitch": "pitch_st",
    "pitch_spread": "pitch_spread_st",
    "loudness": "loudness_dbfs",
    "rate": "rate_sps",
    "effort": "alpha_ratio_db",
}


def _value(raw: _Raw, measure: str) -> float | None:
    name = RAW_FIELDS[measure]
    return getattr(raw.quality, name) if measure == "effort" else getattr(raw, name)


def _z_scores(raws: Sequence[_Raw], i: int, profile: norms.SpeakerBaseline | None = None) -> ProsodyZ:
    rest = [r for j, r in enumerate(raws) if j != i]
    me = raws[i]
    z: dict[str, float | None] = {}
    for measure in RAW_FIELDS:
        value = _value(me, measure)
        if profile is not None and measure in profile:
            center, spread = profile[measure]
            z[measure] = round((value - center) / max(spread, SPREAD_FLOOR[measure]), 2) if value is not None else None
            continue
        others = [v for v in (_value(r, measure) for r in rest) if v is not None]
        z[measure] = _robust_z(value, others, SPREAD_FLOOR[measure])
    return ProsodyZ(**z)


def _alike(zs: Sequence[ProsodyZ]) -> bool:
    """Every turn of the speaker within ALIKE_Z of the others on pitch and loudness."""
    values = [v for z in zs for v in (z.pitch, z.loudness) if v is not None]
    return bool(values) and all(abs(v) < ALIKE_Z for v in values)


def _baseline(others: int, alike: bool, profile: bool) -> ProsodyBaseline:
    if profile:
        return ProsodyBaseline(source="profile", turns=others, weak=False)
    if others < MIN_BASELINE_TURNS:
        return ProsodyBaseline(source="none", turns=others, weak=True, why="no other turns to compare with")
    if others < STRONG_BASELINE_TURNS:
        return ProsodyBaseline(source="call", turns=others, weak=True, why=f"only {others} other turns")
    if alike:
        return ProsodyBaseline(
            source="call", turns=others, weak=True, why="every turn alike: the baseline shows no calm level"
        )
    return ProsodyBaseline(source="call", turns=others, weak=False)


def _norm_z(raw: _Raw, text: str, voice: str | None, other_loudness: float | None) -> tuple[ProsodyNorm, float | None]:
    language = norms.rate_language(text)
    vs_other = (
        round(raw.loudness_dbfs - other_loudness, 1)
        if raw.loudness_dbfs is not None and other_loudness is not None
        else None
    )
    q = raw.quality
    return (
        ProsodyNorm(
            pitch=norms.PITCH_NORMS[voice].z(raw.pitch_st) if voice else None,
            rate=norms.RATE_NORMS[language].z(raw.rate_sps) if language else None,
            loudness_vs_other=norms.LOUDNESS_VS_OTHER.z(vs_other),
            effort=norms.effort_z(q.alpha_ratio_db, q.hammarberg_db),
            perturbation=norms.perturbation_z(q.jitter_pct, q.shimmer_db),
        ),
        vs_other,
    )


def _to_prosody(
    raw: _Raw, z: ProsodyZ, norm: ProsodyNorm, baseline: ProsodyBaseline, vs_other: float | None
) -> Prosody:
    q = raw.quality
    return Prosody(
        pitch_median_hz=round(55.0 * 2 ** (raw.pitch_st / 12), 1) if raw.pitch_st is not None else None,
        pitch_spread_st=round(raw.pitch_spread_st, 2) if raw.pitch_spread_st is not None else None,
        loudness_dbfs=round(raw.loudness_dbfs, 1) if raw.loudness_dbfs is not None else None,
        speech_rate_sps=round(raw.rate_sps, 2) if raw.rate_sps is not None else None,
        voiced_s=round(raw.voiced_s, 2),
        loudness_vs_other_db=vs_other,
        alpha_ratio_db=q.alpha_ratio_db,
        hammarberg_db=q.hammarberg_db,
        spectral_slope_db_khz=q.slope_db_per_khz,
        jitter_pct=q.jitter_pct,
        shimmer_db=q.shimmer_db,
        z=z,
        norm=norm,
        baseline=baseline,
    )


def warm_up() -> None:
    """Compile librosa's numba kernels once, in one process.

    librosa caches them next to its own code; several workers compiling at the same moment
    can leave a corrupt cache that crashes later calls, so set-up compiles them first.
    """
    noise = np.random.default_rng(0).standard_normal(16000).astype(np.float32) * 0.1
    librosa.yin(noise, fmin=F0_MIN_HZ, fmax=F0_MAX_HZ, sr=16000, frame_length=FRAME, hop_length=HOP)


def score_prosody(
    turns: Sequence[Turn],
    audio_by_speaker: Mapping[str, np.ndarray],
    sample_rate: int,
    baselines: Mapping[str, norms.SpeakerBaseline] | None = None,
) -> list[Turn]:
    """Fill `prosody` on every turn whose speaker has audio.

    Relative z-scores are per speaker, against `baselines[speaker]` (earlier calls) where given,
    else against the speaker's other turns in this call; norm z-scores need neither."""
    band_limited = {speaker: lacks_low_band(samples, sample_rate) for speaker, samples in audio_by_speaker.items()}
    raws: dict[int, _Raw] = {}
    for turn in turns:
        samples = audio_by_speaker.get(turn.speaker)
        if samples is not None:
            raws[turn.index] = _measure_turn(turn, samples, sample_rate, band_limited[turn.speaker])

    by_speaker: dict[str, list[int]] = {}
    for turn in turns:
        if turn.index in raws:
            by_speaker.setdefault(turn.speaker, []).append(turn.index)
    loudness = {
        speaker: float(np.median(values))
        for speaker, indices in by_speaker.items()
        if (values := [v for i in indices if (v := raws[i].loudness_dbfs) is not None])
    }
    pitches = {
        speaker: min(values)
        for speaker, indices in by_speaker.items()
        if (values := [v for i in indices if (v := raws[i].pitch_st) is not None])
    }
    zs: dict[int, ProsodyZ] = {}
    for speaker, indices in by_speaker.items():
        profile = (baselines or {}).get(speaker)
        speaker_raws = [raws[i] for i in indices]
        for k, index in enumerate(indices):
            zs[index] = _z_scores(speaker_raws, k, profile)

    out: list[Turn] = []
    for turn in turns:
        if turn.index not in raws:
            out.append(turn)
            continue
        same = by_speaker[turn.speaker]
        others = [loud for speaker, loud in loudness.items() if speaker != turn.speaker]
        other = float(np.median(others)) if others else None
        voice = norms.voice_range(pitches[turn.speaker]) if turn.speaker in pitches else None
        norm, vs_other = _norm_z(raws[turn.index], turn.text, voice, other)
        others_measured = sum(1 for i in same if i != turn.index and raws[i].voiced_s > 0)
        baseline = _baseline(
            others_measured, _alike([zs[i] for i in same]), (baselines or {}).get(turn.speaker) is not None
        )
        prosody = _to_prosody(raws[turn.index], zs[turn.index], norm, baseline, vs_other)
        out.append(turn.model_copy(update={"prosody": prosody}))
    return out
