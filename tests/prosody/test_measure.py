"""Prosody on real recordings of one speaker: an aroused copy must stand out against his own baseline."""

from __future__ import annotations

import json
from pathlib import Path

import librosa
import numpy as np
import pytest
import soundfile as sf

from voc.prosody.measure import count_syllables, score_prosody
from voc.schemas import Turn, Word

RATE = 16000
GAP_S = 0.8


def _load(path: Path) -> np.ndarray:
    audio, rate = sf.read(str(path), dtype="float32")
    assert rate == RATE
    trimmed, _ = librosa.effects.trim(audio, top_db=35)
    return trimmed


def _aroused(audio: np.ndarray) -> np.ndarray:
    out = librosa.effects.pitch_shift(audio, sr=RATE, n_steps=3)
    out = librosa.effects.time_stretch(out, rate=1.15)
    # The phase vocoder loses energy; restore the original level before adding the 5 dB.
    out = out * np.sqrt(np.mean(audio**2) / np.mean(out**2))
    return np.clip(out * 10 ** (5 / 20), -1, 1).astype(np.float32)


def _call(clips: list[tuple[str, np.ndarray]]) -> tuple[np.ndarray, list[Turn]]:
    """One speaker's clips in a row with pauses; one word spans each clip (as ASR would cover it)."""
    pieces, turns, cursor = [], [], GAP_S
    for i, (text, audio) in enumerate(clips):
        start, end = cursor, cursor + len(audio) / RATE
        turns.append(
            Turn(index=i, speaker="customer", start=start, end=end, text=text,
                 words=[Word(word=text, start=start, end=end, probability=1.0)])
        )
        pieces += [np.zeros(int(GAP_S * RATE), np.float32), audio]
        cursor = end + GAP_S
    pieces.append(np.zeros(int(GAP_S * RATE), np.float32))
    return np.concatenate(pieces), turns


@pytest.fixture(scope="module")
def clips(data_dir: Path) -> list[tuple[str, np.ndarray]]:
    folder = data_dir / "prosody"
    texts = json.loads((folder / "transcripts.json").read_text(encoding="utf-8"))
    return [(texts[name], _load(folder / f"{name}.flac")) for name in sorted(texts)]


def test_aroused_copy_rises_against_own_baseline(clips: list[tuple[str, np.ndarray]]) -> None:
    text, audio = clips[2]
    samples, turns = _call([*clips, (text, _aroused(audio))])
    scored = score_prosody(turns, {"customer": samples}, RATE)

    aroused = scored[-1].prosody
    original = scored[2].prosody
    assert aroused is not None and original is not None
    assert aroused.z.pitch is not None and aroused.z.pitch > 1.5
    assert aroused.z.loudness is not None and aroused.z.loudness > 1.5
    assert aroused.z.rate is not None and aroused.z.rate > 0.5
    # Same words, same speaker: the copy is higher, louder and faster than the original.
    assert aroused.pitch_median_hz is not None and original.pitch_median_hz is not None
    assert 2.0 < 12 * np.log2(aroused.pitch_median_hz / original.pitch_median_hz) < 4.0
    assert aroused.loudness_dbfs is not None and original.loudness_dbfs is not None
    assert 3.5 < aroused.loudness_dbfs - original.loudness_dbfs < 6.5
    assert aroused.speech_rate_sps is not None and original.speech_rate_sps is not None
    assert aroused.speech_rate_sps > original.speech_rate_sps * 1.08


def test_calm_turns_stay_near_baseline(clips: list[tuple[str, np.ndarray]]) -> None:
    samples, turns = _call(clips)
    scored = score_prosody(turns, {"customer": samples}, RATE)
    for turn in scored:
        assert turn.prosody is not None
        assert turn.prosody.z.pitch is not None and abs(turn.prosody.z.pitch) < 2.0
        assert turn.prosody.z.loudness is not None and abs(turn.prosody.z.loudness) < 2.0
        # A male voice: the median F0 lies in the male range.
        assert turn.prosody.pitch_median_hz is not None and 70 < turn.prosody.pitch_median_hz < 200


def test_baseline_is_per_speaker(clips: list[tuple[str, np.ndarray]]) -> None:
    """A louder second speaker must not make the first speaker's turns look quiet."""
    samples, turns = _call(clips)
    loud_other = [t.model_copy(update={"speaker": "agent", "index": t.index + 100}) for t in turns]
    scored = score_prosody(
        turns + loud_other, {"customer": samples, "agent": np.clip(samples * 4, -1, 1)}, RATE
    )
    customer_z = [t.prosody.z.loudness for t in scored if t.speaker == "customer" and t.prosody]
    assert all(z is not None and abs(z) < 2.0 for z in customer_z)


def test_turn_without_audio_or_too_short_has_no_z_scores() -> None:
    silence = np.zeros(RATE * 2, np.float32)
    turn = Turn(index=0, speaker="customer", start=0.1, end=0.2, text="да",
                words=[Word(word="да", start=0.1, end=0.2, probability=0.9)])
    scored = score_prosody([turn], {"customer": silence}, RATE)
    assert scored[0].prosody is not None
    assert scored[0].prosody.z.pitch is None
    assert score_prosody([turn], {}, RATE)[0].prosody is None


def test_digital_silence_has_no_pitch_or_loudness() -> None:
    silence = np.zeros(RATE * 3, np.float32)
    turn = Turn(index=0, speaker="customer", start=0.5, end=2.5, text="алло алло",
                words=[Word(word="алло", start=0.5, end=2.5, probability=0.5)])
    prosody = score_prosody([turn], {"customer": silence}, RATE)[0].prosody
    assert prosody is not None
    assert prosody.pitch_median_hz is None and prosody.loudness_dbfs is None


def test_syllables_are_vowel_groups() -> None:
    assert count_syllables("Здравствуйте, чем могу помочь?") == 8
    assert count_syllables("deposit ends") == 4
