"""Agent identification from words and structure; turn marks. Pure steps, no audio."""

from __future__ import annotations

import numpy as np

from voc.diarize.roles import assign_roles
from voc.diarize.scoring import diarization_error
from voc.diarize.segments import Diarization, SpeakerSegment
from voc.diarize.separate import Separation, mark_turns
from voc.schemas import Turn, Word


def _words(text: str, start: float) -> list[Word]:
    return [
        Word(word=w, start=start + i * 0.4, end=start + i * 0.4 + 0.3, probability=0.9)
        for i, w in enumerate(text.split())
    ]


def test_greeting_with_company_name_marks_the_agent_even_when_the_customer_speaks_first() -> None:
    customer = _words("Алло, алло? У меня вопрос по вкладу.", 0.0)
    agent = _words("Здравствуйте, банк Восток, меня зовут Анна, чем могу помочь?", 3.0)
    assignment = assign_roles({0: customer, 1: agent})
    assert assignment.roles == {0: "customer", 1: "agent"}
    assert assignment.confidence > 0.9


def test_english_script_and_identification_request() -> None:
    agent = _words("Thank you for calling. Can I have your date of birth please?", 0.0)
    customer = _words("I am calling about my card, I was charged twice.", 5.0)
    assert assign_roles({0: agent, 1: customer}).roles == {0: "agent", 1: "customer"}


def test_without_evidence_the_first_voice_is_the_agent_with_low_confidence() -> None:
    assignment = assign_roles({0: _words("ну вот так", 0.0), 1: _words("так вот ну", 2.0)})
    assert assignment.roles == {0: "agent", 1: "customer"}
    assert 0.5 <= assignment.confidence < 0.8


def test_metadata_overrides_the_words() -> None:
    agent = _words("Здравствуйте, банк Восток, чем могу помочь?", 0.0)
    assignment = assign_roles({0: agent, 1: _words("Добрый", 3.0)}, first_speaker="customer")
    assert assignment.roles == {0: "customer", 1: "agent"}
    assert assignment.confidence == 1.0


def _separation() -> Separation:
    labels = np.full(600, -1)
    labels[50:300] = 0
    labels[280:500] = 1  # frames 2.8-3.0 s: the change without a pause
    confidence = np.where(labels >= 0, 0.9, 0.0)
    segments = [SpeakerSegment(0.5, 2.8, 0, 0.9), SpeakerSegment(2.8, 5.0, 1, 0.9)]
    diarization = Diarization(segments, 2, labels, confidence, overlaps=[(2.7, 3.1)])
    return Separation([], diarization, {0: "agent", 1: "customer"}, 0.8)


def test_turns_get_voice_times_role_confidence_and_overlap_marks() -> None:
    turns = [
        Turn(index=0, speaker="agent", start=0.5, end=2.5, text="Здравствуйте"),
        Turn(index=1, speaker="customer", start=2.8, end=5.0, text="Добрый день"),
        Turn(index=2, speaker="customer", start=0.6, end=2.0, text="(heard in the agent's voice)"),
    ]
    marked = mark_turns(turns, _separation())
    assert [t.overlap for t in marked] == [False, True, False]
    assert abs(marked[0].speaker_confidence - 0.72) < 1e-6
    assert marked[2].speaker_confidence < 0.1  # the voice there is the agent's


def test_der_counts_miss_false_alarm_and_confusion_under_the_best_mapping() -> None:
    reference = [("agent", 0.0, 10.0), ("customer", 10.0, 20.0)]
    assert diarization_error(reference, [("b", 0.0, 10.0), ("a", 10.0, 20.0)]).der == 0.0
    swapped_half = diarization_error(reference, [("a", 0.0, 20.0)], collar=0.0)
    assert abs(swapped_half.der - 0.5) < 0.01 and abs(swapped_half.confusion_s - 10.0) < 0.02
    missed = diarization_error(reference, [], collar=0.0)
    assert abs(missed.der - 1.0) < 1e-6
