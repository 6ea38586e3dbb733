"""Pure pieces of the ASR stage: the repetition-loop guard and the joined-speech time map."""

from __future__ import annotations

import numpy as np

from voc.asr.transcribe import _Timeline, drop_repetition_loops, tighten_to_sound
from voc.audio.speech import RATE, SpeechSpan
from voc.schemas import Word


def _words(text: str) -> list[Word]:
    return [Word(word=w, start=i * 0.3, end=i * 0.3 + 0.25, probability=0.9) for i, w in enumerate(text.split())]


def _text(words: list[Word]) -> str:
    return " ".join(w.word for w in words)


def test_a_looping_phrase_is_cut_to_two_copies() -> None:
    looped = _words("спасибо за звонок " * 8 + "до свидания")
    assert _text(drop_repetition_loops(looped)) == "спасибо за звонок спасибо за звонок до свидания"


def test_a_looping_word_with_punctuation_is_cut() -> None:
    looped = _words("Да. да, Да да да да да. хорошо")
    assert _text(drop_repetition_loops(looped)) == "Да. да, хорошо"


def test_real_short_repeats_stay() -> None:
    for text in ("алло алло алло вы меня слышите", "да да конечно", "нет нет нет и ещё раз нет"):
        assert _text(drop_repetition_loops(_words(text))) == text


def test_timeline_maps_joined_times_back_to_the_recording() -> None:
    spans = [SpeechSpan(2 * RATE, 4 * RATE), SpeechSpan(10 * RATE, 11 * RATE)]
    timeline = _Timeline(spans)
    assert timeline.to_recording(0.5, 1.0) == (2.5, 3.0)
    # The second span begins 2 s into the joined audio, 10 s into the recording.
    assert timeline.to_recording(2.2, 2.6) == (10.2, 10.6)
    # A word straddling the join belongs to the span holding its middle, clipped to it.
    assert timeline.to_recording(1.9, 2.5) == (10.0, 10.5)


def test_word_edges_in_silence_move_onto_sound() -> None:
    rng = np.random.default_rng(0)
    samples = rng.normal(0, 1e-4, RATE * 3).astype(np.float32)
    samples[RATE : 2 * RATE] += 0.1 * np.sin(np.arange(RATE) / RATE * 2 * np.pi * 200).astype(np.float32)
    padded = Word(word="алло", start=0.6, end=2.4, probability=0.9)
    inside = Word(word="да", start=1.2, end=1.5, probability=0.9)
    silent = Word(word="э", start=2.5, end=2.8, probability=0.4)
    tightened = tighten_to_sound([padded, inside, silent], samples)
    assert (tightened[0].start, tightened[0].end) == (1.0, 2.0)
    assert tightened[1:] == [inside, silent]
