"""Speaker separation on committed mono calls of real voices (scripts/make_mono_calls.py)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import soxr

from voc.diarize.scoring import diarization_error
from voc.diarize.segments import Diarization, diarize
from voc.diarize.separate import Separation, SeparationOptions, separate_speakers
from voc.errors import InvalidInputError
from voc.schemas import Word
from voc.stage_types import StreamTranscript

DATA = Path(__file__).parent.parent / "data" / "diarize"


def _call(name: str) -> tuple[np.ndarray, dict]:
    audio, rate = sf.read(str(DATA / f"{name}.flac"), dtype="float32")
    truth = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return soxr.resample(audio, rate, 16000).astype(np.float32), truth


def _words(name: str) -> list[Word]:
    """Words the packaged Whisper model heard in the call (saved by scripts/eval_diarization.py)."""
    return [Word(**w) for w in json.loads((DATA / f"{name}.words.json").read_text(encoding="utf-8"))]


@functools.cache
def _separated(name: str) -> Separation:
    """One separation per committed call, shared by the tests that look at it."""
    samples, _ = _call(name)
    return separate_speakers(samples, StreamTranscript("unknown", _words(name)))


def _der(result: Diarization, truth: dict) -> float:
    hypothesis = [(str(s.cluster), s.start, s.end) for s in result.segments]
    return diarization_error([tuple(s) for s in truth["speech"]], hypothesis).der


@pytest.mark.parametrize(("name", "limit"), [("real_a", 0.15), ("real_b", 0.15), ("downmix_a", 0.25)])
def test_two_real_voices_are_told_apart(name: str, limit: float) -> None:
    _, truth = _call(name)
    result = _separated(name).diarization
    assert result.n_speakers == 2
    assert _der(result, truth) <= limit


@pytest.mark.parametrize("name", ["real_a", "real_b", "downmix_a"])
def test_agent_is_the_voice_with_the_agents_words(name: str) -> None:
    _, truth = _call(name)
    words = _words(name)
    separation = _separated(name)
    agent_spans = [(s, e) for who, s, e in truth["speech"] if who == "agent"]
    by_speaker = {t.speaker: t.words for t in separation.transcripts}
    assert set(by_speaker) == {"agent", "customer"}
    inside = [
        any(s - 0.2 <= (w.start + w.end) / 2 <= e + 0.2 for s, e in agent_spans) for w in by_speaker["agent"]
    ]
    assert sum(inside) > 0.8 * len(inside)
    assert sum(len(ws) for ws in by_speaker.values()) == len(words)  # no word lost


def test_metadata_names_the_first_speaker() -> None:
    samples, truth = _call("real_b")
    first = truth["speech"][0][0]
    other = "customer" if first == "agent" else "agent"
    separation = separate_speakers(
        samples, StreamTranscript("unknown", _words("real_b")), SeparationOptions(first_speaker=other)
    )
    assert separation.roles[0] == other
    assert separation.role_confidence == 1.0


def test_one_voice_is_reported_not_split() -> None:
    samples, _ = _call("single_a")
    separation = separate_speakers(
        samples, StreamTranscript("unknown", [Word(word="да", start=1.0, end=1.3, probability=0.9)])
    )
    assert separation.diarization.n_speakers == 1
    assert [t.speaker for t in separation.transcripts] == ["unknown"]
    assert [n.code for n in separation.notices] == ["one_speaker"]


def test_silence_gives_no_speakers_and_a_notice() -> None:
    separation = separate_speakers(np.zeros(16000 * 3, dtype=np.float32), StreamTranscript("unknown", []))
    assert separation.diarization.n_speakers == 0
    assert separation.notices[0].code == "no_speech_for_separation"


@pytest.mark.parametrize(
    ("samples", "rate"),
    [
        (np.zeros((2, 16000), dtype=np.float32), 16000),
        (np.zeros(16000, dtype=np.float32), 8000),
        (np.full(16000, np.nan, dtype=np.float32), 16000),
    ],
)
def test_bad_input_is_refused_clearly(samples: np.ndarray, rate: int) -> None:
    with pytest.raises(InvalidInputError):
        diarize(samples, rate)
