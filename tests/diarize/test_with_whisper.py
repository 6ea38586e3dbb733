"""End to end on a committed mono call: the packaged Whisper model's words, then separation."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import soxr

from voc.diarize.separate import separate_speakers
from voc.stage_types import StreamTranscript

DATA = Path(__file__).parent.parent / "data" / "diarize"


@pytest.mark.slow
def test_whisper_words_of_a_mono_call_split_into_agent_and_customer(analyzer) -> None:  # type: ignore[no-untyped-def]
    audio, rate = sf.read(str(DATA / "real_a.flac"), dtype="float32")
    samples = soxr.resample(audio, rate, 16000).astype(np.float32)
    truth = json.loads((DATA / "real_a.json").read_text(encoding="utf-8"))
    words, language, _ = analyzer.transcriber.transcribe(samples, "ru")
    separation = separate_speakers(samples, StreamTranscript("unknown", words, language))

    by_speaker = {t.speaker: t.words for t in separation.transcripts}
    agent_spans = [(s, e) for who, s, e in truth["speech"] if who == "agent"]
    in_agent_speech = [
        any(s - 0.2 <= (w.start + w.end) / 2 <= e + 0.2 for s, e in agent_spans) for w in by_speaker["agent"]
    ]
    assert sum(in_agent_speech) > 0.8 * len(in_agent_speech)
    deep_in_agent_speech = [
        any(s + 0.3 <= (w.start + w.end) / 2 <= e - 0.3 for s, e in agent_spans)
        for w in by_speaker["customer"]
    ]
    assert sum(deep_in_agent_speech) < 0.1 * len(deep_in_agent_speech)
