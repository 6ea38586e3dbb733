"""Whisper on real speech: key words, word times in the recording's time base, language, bleed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from voc.asr.transcribe import Transcriber, transcribe_streams
from voc.audio.bleed import remove_bleed
from voc.audio.channels import split_channels
from voc.audio.decode import decode_audio
from voc.stage_types import DecodedAudio, SpeakerStream, StreamTranscript

pytestmark = pytest.mark.slow

# Words a listener hears clearly in each real clip (checked against the package transcripts).
KEY_WORDS = {
    "festvox_ru_0063.flac": ["штык", "истребить"],
    "festvox_ru_0306.flac": ["день", "столик"],
    "festvox_ru_0695.flac": ["услугу"],
    "asterisk_ru_all-circuits-busy-now.wav": ["момент", "заняты"],  # base hears "линии" as "силе"
    "asterisk_ru_check-number-dial-again.wav": ["номер"],
    "asterisk_ru_auth-incorrect.wav": ["пароль", "решетку"],
    "asterisk_en_all-circuits-busy-now.wav": ["circuits", "busy"],
    "asterisk_en_check-number-dial-again.wav": ["number", "dial"],
    "asterisk_en_auth-incorrect.wav": ["password", "pound"],
}


@pytest.fixture(scope="session")
def transcriber(analyzer) -> Transcriber:
    return analyzer.transcriber


def _norm(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.lower().replace("ё", "е")).strip()


def _text(transcript: StreamTranscript) -> str:
    return _norm(" ".join(w.word for w in transcript.words))


def _load(data_dir: Path, name: str) -> tuple[DecodedAudio, dict]:
    audio = decode_audio(data_dir / "calls" / name, max_duration_s=7200)
    truth = json.loads((data_dir / "calls" / name).with_suffix(".json").read_text(encoding="utf-8"))
    return audio, truth


@pytest.mark.parametrize("clip", sorted(KEY_WORDS))
def test_real_recordings_key_words_and_language(data_dir: Path, transcriber: Transcriber, clip: str) -> None:
    info = json.loads((data_dir / "real" / "transcripts.json").read_text(encoding="utf-8"))[clip]
    audio = decode_audio(data_dir / "real" / clip, max_duration_s=7200)
    [stream] = split_channels(audio)
    [transcript] = transcribe_streams([stream], transcriber, language=None)
    assert transcript.language == info["language"]
    heard = _text(transcript).split()
    for word in KEY_WORDS[clip]:
        assert word in heard, (word, heard)
    assert all(0 <= w.start <= w.end <= audio.duration_s + 0.05 for w in transcript.words)


@pytest.fixture(scope="module")
def deposit(data_dir: Path, transcriber: Transcriber):
    audio, truth = _load(data_dir, "deposit_ru_8k.wav")
    streams = split_channels(audio, ("agent", "customer"))
    raw = transcribe_streams(streams, transcriber, language=None, progress=lambda *report: PROGRESS.append(report))
    return streams, raw, remove_bleed(raw, streams), truth


PROGRESS: list[tuple[float, float]] = []  # what the deposit call's transcription reported as it went


def test_progress_is_told_over_the_speech_as_whisper_goes(deposit) -> None:
    streams, raw, _, _ = deposit
    total = PROGRESS[-1][1]
    assert {t for _, t in PROGRESS} == {total}, "the total is known from the start"
    assert PROGRESS[0] == (0.0, total) and PROGRESS[-1] == (total, total)
    done = [d for d, _ in PROGRESS]
    assert done == sorted(done), "it only moves forward"
    assert len(set(done)) >= 2 + len(streams), "several steps within each channel, not only at the ends"
    spoken = sum(w.end - w.start for t in raw for w in t.words)
    assert spoken <= total <= sum(len(s.samples) for s in streams) / 16000, "speech found, not the recording"


def test_deposit_call_language_is_detected_for_both_channels(deposit) -> None:
    _, raw, _, _ = deposit
    assert [t.language for t in raw] == ["ru", "ru"]
    assert raw[0].language_probability is not None and raw[0].language_probability > 0.8


def _has(words: list[str], stem: str) -> bool:
    """Whisper base bends endings ("заканчивый"); the stem is what a listener recognises."""
    return any(word.startswith(stem) for word in words)


def test_deposit_call_key_words_on_the_right_speaker(deposit) -> None:
    _, _, clean, _ = deposit
    by_speaker = {t.speaker: _text(t).split() for t in clean}
    for stem in ("здравств", "продл", "годовых", "востребова", "перезвон"):
        assert _has(by_speaker["agent"], stem), stem
    for stem in ("заканчив", "марта", "деньги", "срока"):
        assert _has(by_speaker["customer"], stem), stem
        assert not _has(by_speaker["agent"], stem), stem
    assert not _has(by_speaker["customer"], "востребова")


def test_word_times_are_in_the_recordings_time_base(deposit) -> None:
    """Every truth turn's words start and end within 0.5 s of the turn, on its speaker's channel."""
    _, _, clean, truth = deposit
    by_speaker = {t.speaker: t.words for t in clean}
    for turn in truth["turns"]:
        own = by_speaker[turn["speaker"]]
        words = [w for w in own if turn["start"] - 0.5 <= w.start <= turn["end"] + 0.5]
        assert words, turn
        # Word edges are pulled out of the VAD padding onto sound: starts land close to the truth.
        assert abs(words[0].start - turn["start"]) <= 0.25, (turn, words[0])
        assert abs(words[-1].end - turn["end"]) <= 0.5, (turn, words[-1])
    for speaker, words in by_speaker.items():
        own_turns = [t for t in truth["turns"] if t["speaker"] == speaker]
        for word in words:
            assert any(t["start"] - 0.5 <= word.start and word.end <= t["end"] + 0.5 for t in own_turns), word


def test_loud_bleed_that_reaches_whisper_is_kept_only_on_the_agent(deposit, transcriber: Transcriber) -> None:
    """Bleed at -10 dB passes the energy gate, so the customer channel transcribes the agent too."""
    streams, _, _, _ = deposit
    agent = streams[0].samples
    leaky = SpeakerStream("customer", 1, (streams[1].samples + 10 ** (-10 / 20) * agent).astype(np.float32))
    both = [streams[0], leaky]
    transcripts = transcribe_streams(both, transcriber, language="ru")
    raw = {t.speaker: _text(t).split() for t in transcripts}
    assert _has(raw["customer"], "востребова")  # the hazard is real: the leak was transcribed
    clean = {t.speaker: _text(t).split() for t in remove_bleed(transcripts, both)}
    for stem in ("здравств", "годовых", "востребова", "звонок"):
        assert _has(clean["agent"], stem), stem
        assert not _has(clean["customer"], stem), stem
    for stem in ("заканчив", "марта", "деньги", "срока"):
        assert _has(clean["customer"], stem), stem


def test_english_call_at_8k_alaw(data_dir: Path, transcriber: Transcriber) -> None:
    audio, _ = _load(data_dir, "support_en_8k.wav")
    streams = split_channels(audio, ("agent", "customer"))
    clean = remove_bleed(transcribe_streams(streams, transcriber, language=None), streams)
    assert [t.language for t in clean] == ["en", "en"]
    text = {t.speaker: _text(t).split() for t in clean}
    for word in ("number", "technician", "thursday"):
        assert word in text["agent"], word
    for word in ("internet", "monday", "friday"):
        assert word in text["customer"], word
        assert word not in text["agent"], word


def test_forced_language_is_used(data_dir: Path, transcriber: Transcriber) -> None:
    audio, _ = _load(data_dir, "order_ru_16k.flac")
    streams = split_channels(audio, ("agent", "customer"))
    transcripts = transcribe_streams(streams, transcriber, language="ru")
    assert [t.language for t in transcripts] == ["ru", "ru"]
    assert all(t.language_probability is None for t in transcripts)
    text = {t.speaker: _text(t).split() for t in transcripts}
    assert "заказ" in text["customer"] and "доставка" in text["agent"]
