"""Population norms: how a calm adult on a phone line sounds, for evidence that needs no baseline.

Where they come from (docs/emotion.md has the figures):
- pitch: the voice's range is told from the speaker's lowest turn median in the call (a raised
  voice lifts every turn, but rarely moves a low voice above 170 Hz); centres are the calm medians
  measured here, 133 Hz (the festvox-ru man: 134 Hz at 16 kHz, 131 Hz on the telephone copy since
  voc.prosody.pitch corrects harmonic errors on band-limited audio; it was 140 Hz while YIN read
  the telephone copy at 148 Hz)
  and 205 Hz (the Asterisk women), spread 3 semitones, about the spread between speakers of one
  sex in the literature (Traunmüller & Eriksson 1995);
- speaking rate: syllables (vowel groups) per second of the turn's words; calm Russian read and
  IVR speech measures 4.0-5.1, English prompts 4.7; both 4.5, spread 0.8;
- loudness against the other party on the same line: calm parties are within a few dB;
- effort (alpha ratio, Hammarberg index): medians and spreads of calm read and announced speech
  in festvox-ru and the Asterisk prompts, 16 kHz and telephone band, measured by
  scripts/eval_emotion.py norms.

A norm z says "unusual for anyone"; it is weaker evidence than a z against the speaker's own
calm turns, and the fusion weighs it so (voc.emotion.fusion).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Norm:
    center: float
    scale: float

    def z(self, value: float | None) -> float | None:
        return None if value is None else round((value - self.center) / self.scale, 2)


# Semitones re 55 Hz, as voc.prosody.measure keeps pitch.
LOW_VOICE_LIMIT_ST = 12 * math.log2(170.0 / 55.0)
PITCH_NORMS = {
    "low": Norm(center=12 * math.log2(133.0 / 55.0), scale=3.0),
    "high": Norm(center=12 * math.log2(205.0 / 55.0), scale=3.0),
}
RATE_NORMS = {"ru": Norm(center=4.5, scale=0.8), "en": Norm(center=4.5, scale=0.8)}
LOUDNESS_VS_OTHER = Norm(center=0.0, scale=4.0)
ALPHA_RATIO = Norm(center=-9.0, scale=2.5)
HAMMARBERG = Norm(center=18.5, scale=3.0)
JITTER = Norm(center=1.0, scale=0.3)
SHIMMER = Norm(center=1.5, scale=0.4)

_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)


def rate_language(text: str) -> str | None:
    """The script of the words decides the rate norm: Cyrillic is Russian, Latin is English."""
    cyr, lat = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    if cyr == lat == 0:
        return None
    return "ru" if cyr >= lat else "en"


def voice_range(lowest_turn_pitch_st: float) -> str:
    return "low" if lowest_turn_pitch_st < LOW_VOICE_LIMIT_ST else "high"


def effort_z(alpha_ratio_db: float | None, hammarberg_db: float | None) -> float | None:
    """More energy high up (alpha ratio up, Hammarberg down) is more effort; the mean of both."""
    parts = [z for z in (ALPHA_RATIO.z(alpha_ratio_db), _neg(HAMMARBERG.z(hammarberg_db))) if z is not None]
    return round(sum(parts) / len(parts), 2) if parts else None


def perturbation_z(jitter_pct: float | None, shimmer_db: float | None) -> float | None:
    parts = [z for z in (JITTER.z(jitter_pct), SHIMMER.z(shimmer_db)) if z is not None]
    return round(sum(parts) / len(parts), 2) if parts else None


def _neg(value: float | None) -> float | None:
    return None if value is None else -value


# A speaker's own baseline from earlier calls (the customer profile): measure -> (centre, spread),
# measures as in ProsodyZ (pitch in semitones re 55 Hz, loudness dBFS, rate syllables/s,
# pitch_spread semitones, effort = alpha ratio dB).
SpeakerBaseline = Mapping[str, tuple[float, float]]

# Fewer turns than this in the customer's earlier calls is no baseline (as routing counts it).
MIN_PROFILE_TURNS = 3


def profile_baseline(
    pitch_hz: tuple[float, float, int] | None, rate_sps: tuple[float, float, int] | None
) -> dict[str, tuple[float, float]]:
    """The customer's voice from earlier calls, as score_prosody compares against it.

    The service keeps it as (median, spread, turns) with pitch in Hz; z-scores are taken in
    semitones, so the spread becomes the semitone distance from the median to median + spread.
    Only the voice's own measures come from the profile: loudness in dBFS depends on the line and
    the recorder as much as on the voice, so it stays relative to this call (and to the other party).
    """
    baseline: dict[str, tuple[float, float]] = {}
    if pitch_hz is not None and pitch_hz[2] >= MIN_PROFILE_TURNS and pitch_hz[0] > 0:
        center = 12 * math.log2(pitch_hz[0] / 55.0)
        baseline["pitch"] = (center, 12 * math.log2((pitch_hz[0] + max(pitch_hz[1], 0.0)) / 55.0) - center)
    if rate_sps is not None and rate_sps[2] >= MIN_PROFILE_TURNS and rate_sps[0] > 0:
        baseline["rate"] = (rate_sps[0], max(rate_sps[1], 0.0))
    return baseline
