"""Whisper can end its text early and leave the rest of a window unheard (a customer's card dictated
in recorded digits right after a sentence in another voice came back as the sentence alone). The
transcriber decodes what was left unheard again, from the last word heard. Whisper can also jump
over speech between two words it heard; a sounding stretch it skipped is decoded again on its own.

The engine here is a recording of what Whisper base did on such a stream (calls_fresh10 n07 of the
redaction evaluation): the whole joined speech gave the first sentence only, the rest decoded on its
own gave the digits. It replays those answers by the audio's length, so the test checks voc's handling
of them, not Whisper.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from voc.asr.engine import EngineSegment
from voc.asr.transcribe import Transcriber
from voc.audio.speech import RATE, SpeechSpan
from voc.config import Settings
from voc.schemas import Word


def _words(text: str, start: float, step: float) -> tuple[Word, ...]:
    return tuple(
        Word(
            word=" " + w, start=round(start + i * step, 2), end=round(start + i * step + step * 0.8, 2), probability=0.9
        )
        for i, w in enumerate(text.split())
    )


class _Recorded:
    """An engine that replays what Whisper answered on a recorded stream (`answer`, by the decode's turn);
    it notes each decoded audio's length."""

    name = "faster-whisper"
    device = "cpu"
    model_path = "recorded"

    def __init__(self) -> None:
        self.decoded: list[float] = []

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def detect_language(self, audio: np.ndarray, segments: int) -> tuple[str, float]:
        return "ru", 1.0

    def decode(
        self,
        audio: np.ndarray,
        language: str | None,
        options: object,
        on_decoded: Callable[[float], None] | None = None,
    ) -> list[EngineSegment]:
        self.decoded.append(round(len(audio) / RATE, 2))
        return self.answer(audio)

    def answer(self, audio: np.ndarray) -> list[EngineSegment]:
        raise NotImplementedError

    def decode_batch(
        self, audios: Sequence[np.ndarray], languages: Sequence[str], options: object
    ) -> list[list[EngineSegment]]:
        return [self.decode(audio, language, options) for audio, language in zip(audios, languages, strict=True)]


class _StopsEarly(_Recorded):
    """Answers as Whisper did: the first sentence for the whole stream, the digits for what is left."""

    def answer(self, audio: np.ndarray) -> list[EngineSegment]:
        if len(self.decoded) == 1 and len(audio) / RATE > 15:
            first = "Хочу продлить абонемент на полгода за 19 тысяч."
            return [EngineSegment(0.0, 4.2, " " + first, _words(first, 0.0, 0.5))]
        if len(self.decoded) == 2:
            digits = "5, 5, 3, 6, 4, 7, 2, 9, 4, 0, 5, 5, 7, 6, 1, 7."
            return [EngineSegment(0.5, 12.0, " " + digits, _words(digits, 0.5, 0.7))]
        return []  # the pause after the last digit: nothing more to hear


def test_speech_whisper_left_unheard_is_decoded_again(settings: Settings) -> None:
    plain = settings.asr.model_copy(update={"bias": "off", "task_words": False})
    engine = _StopsEarly()
    transcriber = Transcriber(settings.model_copy(update={"asr": plain}), engine=engine)  # type: ignore[arg-type]
    samples = np.random.default_rng(7).normal(0, 0.1, 20 * RATE).astype(np.float32)
    words = transcriber.transcribe_spans(samples, [SpeechSpan(0, 20 * RATE)], "ru")
    text = "".join(w.word for w in words)
    assert "Хочу продлить" in text and "5, 5, 3, 6, 4, 7, 2, 9, 4, 0, 5, 5, 7, 6, 1, 7." in text
    # the rest was decoded from the last word heard (3.9 s), then what followed the digits, which held
    # nothing; the digits' times are the stream's
    assert engine.decoded == [20.0, 16.1, 4.54]
    digits = words[8:]  # after "Хочу продлить абонемент на полгода за 19 тысяч."
    assert len(digits) == 16 and digits[0].start >= 3.9 and digits[-1].end <= 20.0
    assert [w.start for w in words] == sorted(w.start for w in words)


def test_a_stream_with_nothing_heard_is_decoded_once(settings: Settings) -> None:
    plain = settings.asr.model_copy(update={"bias": "off", "task_words": False})
    engine = _StopsEarly()
    transcriber = Transcriber(settings.model_copy(update={"asr": plain}), engine=engine)  # type: ignore[arg-type]
    samples = np.zeros(12 * RATE, dtype=np.float32)
    transcriber.transcribe_spans(samples, [SpeechSpan(0, 12 * RATE)], "ru")
    assert engine.decoded == [12.0]  # nothing heard at all: decoding the same again would hear nothing more


class _JumpsOverDictation(_Recorded):
    """Answers as Whisper did on calls_fresh22 j08 of the redaction evaluation: the joined stream gave a
    sentence up to 21.5 s and the words after a dictation from 44.8 s on, nothing of the 23 s of recorded
    digits between; that stretch decoded on its own gave the digits (its first word is the tail of the
    sentence's last word, cut in half)."""

    def answer(self, audio: np.ndarray) -> list[EngineSegment]:
        if len(self.decoded) == 1:
            first = "Там нужен ИНН, записывайте."
            last = "Чтобы вы не искали."
            return [
                EngineSegment(17.5, 21.5, " " + first, _words(first, 17.5, 1.0)),
                EngineSegment(44.8, 47.0, " " + last, _words(last, 44.8, 0.55)),
            ]
        digits = "7, 7, 1, 2, 3, 4, 0, 5, 8, 6, 1, 1."
        return [
            EngineSegment(0.0, 0.1, " айте.", _words("айте.", 0.0, 0.12)),
            EngineSegment(1.6, 10.0, " " + digits, _words(digits, 1.6, 0.7)),
        ]


def _voice_between(total_s: float, *stretches: tuple[float, float]) -> np.ndarray:
    """Silence but for a 200 Hz buzz over `stretches` (seconds): what the level check counts as sound."""
    samples = np.zeros(int(total_s * RATE), dtype=np.float32)
    for start, end in stretches:
        times = np.arange(int(start * RATE), int(end * RATE))
        samples[times] = 0.3 * np.sin(2 * np.pi * 200 * times / RATE)
    return samples


def test_speech_whisper_jumped_over_is_decoded_again(settings: Settings) -> None:
    plain = settings.asr.model_copy(update={"bias": "off", "task_words": False})
    engine = _JumpsOverDictation()
    transcriber = Transcriber(settings.model_copy(update={"asr": plain}), engine=engine)  # type: ignore[arg-type]
    samples = _voice_between(48.0, (17.5, 21.5), (23.0, 31.0), (44.8, 47.0))
    words = transcriber.transcribe_spans(samples, [SpeechSpan(0, 48 * RATE)], "ru")
    text = "".join(w.word for w in words)
    assert text == " Там нужен ИНН, записывайте. 7, 7, 1, 2, 3, 4, 0, 5, 8, 6, 1, 1. Чтобы вы не искали."
    # the stretch from the last word before it (21.3 s) to the first after it (44.8 s) was decoded once more
    assert engine.decoded == [48.0, 23.5]
    assert [w.start for w in words] == sorted(w.start for w in words)
    digits = words[4:16]
    assert digits[0].start >= 21.3 + 1.6 - 0.01 and digits[-1].end <= 44.8


def test_a_pause_between_words_is_not_decoded_again(settings: Settings) -> None:
    plain = settings.asr.model_copy(update={"bias": "off", "task_words": False})
    engine = _JumpsOverDictation()
    transcriber = Transcriber(settings.model_copy(update={"asr": plain}), engine=engine)  # type: ignore[arg-type]
    # the same words, but the 23 s between them are silent, or hold well under a second of sound (a cough)
    for between in [(), ((30.0, 30.6),)]:
        engine.decoded.clear()
        samples = _voice_between(48.0, (17.5, 21.5), *between, (44.8, 47.0))
        words = transcriber.transcribe_spans(samples, [SpeechSpan(0, 48 * RATE)], "ru")
        assert engine.decoded == [48.0]
        assert "".join(w.word for w in words) == " Там нужен ИНН, записывайте. Чтобы вы не искали."
