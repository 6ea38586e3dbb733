"""Telephone-band pitch on real recordings: a man's voice, band-limited to 300-3400 Hz, must read
the pitch of the full-band original, not its harmonics (voc.prosody.pitch)."""

from __future__ import annotations

import json
from pathlib import Path

import librosa
import numpy as np
import pytest
import soundfile as sf
import soxr
from scipy.signal import butter, sosfiltfilt

from voc.prosody.measure import score_prosody
from voc.prosody.pitch import lacks_low_band
from voc.schemas import Turn, Word

RATE = 16000


def _telephone(audio: np.ndarray) -> np.ndarray:
    """What a G.711 line leaves: 300-3400 Hz, 8 kHz, back at 16 kHz as the pipeline decodes it."""
    band = sosfiltfilt(butter(6, [300, 3400], btype="bandpass", fs=RATE, output="sos"), audio)
    return soxr.resample(soxr.resample(band, RATE, 8000), 8000, RATE).astype(np.float32)


@pytest.fixture(scope="module")
def clips(data_dir: Path) -> list[tuple[str, np.ndarray]]:
    folder = data_dir / "prosody"
    texts = json.loads((folder / "transcripts.json").read_text(encoding="utf-8"))
    out = []
    for name in sorted(texts):
        audio, rate = sf.read(str(folder / f"{name}.flac"), dtype="float32")
        assert rate == RATE
        out.append((texts[name], librosa.effects.trim(audio, top_db=35)[0]))
    return out


def _pitches(clips: list[tuple[str, np.ndarray]], telephone: bool) -> list[float]:
    """Median pitch (Hz) per clip, the clips laid out as one speaker's turns of a call."""
    gap = np.zeros(int(0.8 * RATE), np.float32)
    pieces, turns, cursor = [gap], [], 0.8
    for i, (text, audio) in enumerate(clips):
        start, end = cursor, cursor + len(audio) / RATE
        turns.append(
            Turn(
                index=i,
                speaker="customer",
                start=start,
                end=end,
                text=text,
                words=[Word(word=text, start=start, end=end, probability=1.0)],
            )
        )
        pieces += [audio, gap]
        cursor = end + 0.8
    samples = np.concatenate(pieces)
    if telephone:
        samples = _telephone(samples)
    scored = score_prosody(turns, {"customer": samples}, RATE)
    return [t.prosody.pitch_median_hz for t in scored if t.prosody and t.prosody.pitch_median_hz]


def test_band_limited_channel_is_detected(clips: list[tuple[str, np.ndarray]]) -> None:
    audio = np.concatenate([a for _, a in clips])
    assert not lacks_low_band(audio, RATE)
    assert lacks_low_band(_telephone(audio), RATE)


def test_telephone_copy_reads_the_pitch_of_the_original(clips: list[tuple[str, np.ndarray]]) -> None:
    wide = _pitches(clips, telephone=False)
    narrow = _pitches(clips, telephone=True)
    assert len(wide) == len(narrow) == len(clips)
    semitones = 12 * np.log2(np.asarray(narrow) / np.asarray(wide))
    # Plain YIN read these copies 1-3.5 semitones high (harmonics); now within one semitone each.
    assert np.all(np.abs(semitones) < 1.0), semitones
    assert abs(float(np.mean(semitones))) < 0.5, semitones
