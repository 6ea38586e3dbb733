"""Vocal effort and voice quality of one turn: measures that need no baseline of the speaker.

A raised voice is not only louder: the glottis closes faster, so the spectrum tilts up (more
energy above 1 kHz), and the voice gets rougher. These follow eGeMAPS (Eyben et al. 2016), restricted
to the telephone band so that 8 kHz calls and 16 kHz recordings are measured alike:

- alpha ratio: energy 1-3.4 kHz over 0.3-1 kHz, dB (eGeMAPS: 1-5 kHz over 50 Hz-1 kHz); higher = more effort;
- Hammarberg index: strongest peak 0.3-2 kHz minus strongest peak 2-3.4 kHz, dB; lower = more effort;
- spectral slope: least-squares slope of the dB spectrum over 0.3-3.4 kHz, dB/kHz; higher = more effort;
- jitter-like: median frame-to-frame F0 change in voiced runs, % (frame level, not pitch periods);
- shimmer-like: median frame-to-frame level change in voiced runs, dB.

openSMILE's eGeMAPS gives the same quantities but costs ~50 ms per audio second on this machine and
pulls in pandas; these few, from one STFT, cost ~2 ms (docs/emotion.md has the comparison).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BAND_LOW_HZ = 300.0
SPLIT_HZ = 1000.0
HAMMARBERG_SPLIT_HZ = 2000.0
BAND_HIGH_HZ = 3400.0
MIN_FRAMES = 10


@dataclass(frozen=True)
class VoiceQuality:
    alpha_ratio_db: float | None = None
    hammarberg_db: float | None = None
    slope_db_per_khz: float | None = None
    jitter_pct: float | None = None
    shimmer_db: float | None = None


def _n_fft(sample_rate: int) -> int:
    """About 32 ms: a few pitch periods, enough to resolve the spectral envelope."""
    return int(2 ** np.ceil(np.log2(0.032 * sample_rate)))


def voice_quality(
    segment: np.ndarray, sample_rate: int, voiced: np.ndarray, f0: np.ndarray | None, hop: int
) -> VoiceQuality:
    """Effort and perturbation over the voiced frames (`voiced`: one flag per hop, centred frames)."""
    if voiced.sum() < MIN_FRAMES or sample_rate < 2 * BAND_HIGH_HZ:
        return VoiceQuality()
    n_fft = _n_fft(sample_rate)
    padded = np.pad(segment.astype(np.float64), n_fft // 2)
    starts = np.flatnonzero(voiced[: 1 + (len(padded) - n_fft) // hop]) * hop
    starts = starts[starts + n_fft <= len(padded)]
    if len(starts) < MIN_FRAMES:
        return VoiceQuality()
    frames = padded[starts[:, None] + np.arange(n_fft)[None, :]] * np.hanning(n_fft)[None, :]
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2 + 1e-12
    freqs = np.fft.rfftfreq(n_fft, 1.0 / sample_rate)
    low = (freqs >= BAND_LOW_HZ) & (freqs < SPLIT_HZ)
    high = (freqs >= SPLIT_HZ) & (freqs <= BAND_HIGH_HZ)
    h_low = (freqs >= BAND_LOW_HZ) & (freqs < HAMMARBERG_SPLIT_HZ)
    h_high = (freqs >= HAMMARBERG_SPLIT_HZ) & (freqs <= BAND_HIGH_HZ)
    band = (freqs >= BAND_LOW_HZ) & (freqs <= BAND_HIGH_HZ)

    alpha = 10 * np.log10(power[:, high].sum(axis=1) / power[:, low].sum(axis=1))
    hammarberg = 10 * np.log10(power[:, h_low].max(axis=1) / power[:, h_high].max(axis=1))
    db = 10 * np.log10(power[:, band])
    khz = freqs[band] / 1000.0
    centred = khz - khz.mean()
    slope = (db - db.mean(axis=1, keepdims=True)) @ centred / float(centred @ centred)

    level = 10 * np.log10(power[:, band].sum(axis=1))
    adjacent = np.diff(starts) == hop  # neighbours within one voiced run
    shimmer = float(np.median(np.abs(np.diff(level))[adjacent])) if adjacent.sum() >= MIN_FRAMES else None
    jitter = None
    if f0 is not None:
        track = f0[starts // hop]
        ok = adjacent & np.isfinite(track[1:]) & np.isfinite(track[:-1]) & (track[1:] > 0) & (track[:-1] > 0)
        if ok.sum() >= MIN_FRAMES:
            jitter = float(np.median(np.abs(np.diff(np.log(np.maximum(track, 1e-6))))[ok]) * 100)
    return VoiceQuality(
        alpha_ratio_db=round(float(np.median(alpha)), 2),
        hammarberg_db=round(float(np.median(hammarberg)), 2),
        slope_db_per_khz=round(float(np.median(slope)), 2),
        jitter_pct=round(jitter, 2) if jitter is not None else None,
        shimmer_db=round(shimmer, 2) if shimmer is not None else None,
    )
