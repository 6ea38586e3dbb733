from __future__ import annotations

from voc.cli.render_arc import render_arc
from voc.emotion.call import assess_call_emotion
from voc.schemas import Emotion, Sentiment, Turn


def turn(index: int, speaker: str, valence: float, label: str) -> Turn:
    return Turn(
        index=index,
        speaker=speaker,  # type: ignore[arg-type]
        start=index * 10.0,
        end=index * 10.0 + 8,
        text="x",
        emotion=Emotion(label=label, arousal=0.0, valence=valence, confidence=0.8),  # type: ignore[arg-type]
        sentiment=Sentiment(label="neutral", score=valence, confidence=0.8, backend="test"),
    )


def test_arc_aligns_turns_per_speaker() -> None:
    turns = [
        turn(0, "agent", 0.0, "neutral"),
        turn(1, "customer", -1.0, "angry"),
        turn(2, "agent", 0.1, "neutral"),
        turn(3, "customer", 1.0, "satisfied"),
    ]
    lines = render_arc(turns).splitlines()
    assert lines[1] == "customer   ▁ █"
    assert lines[2] == "           A S"
    assert lines[3] == "agent     ▅ ▅"
    assert lines[4] == "          · ·"


def test_arc_with_customer_summary() -> None:
    turns = [turn(0, "customer", -0.9, "angry"), turn(1, "customer", 0.9, "satisfied")]
    customer, _ = assess_call_emotion(turns)
    text = render_arc(turns, customer)
    assert any(line.startswith("customer: negative → positive (improved)") for line in text.splitlines())


def test_arc_of_nothing() -> None:
    assert render_arc([]) == "emotional arc: no turns"
