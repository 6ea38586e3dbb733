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
    assert lines[1] == "turn      1"
    assert lines[2] == "customer   ▁ █"
    assert lines[3] == "           A S"
    assert lines[4] == "agent     ▅ ▅"
    assert lines[5] == "          · ·"


def test_long_arc_continues_in_blocks_that_fit_the_width() -> None:
    turns = [turn(i, "customer" if i % 2 else "agent", -1.0 if i == 57 else 0.0, "neutral") for i in range(130)]
    lines = render_arc(turns, width=60).splitlines()
    aligned = lines[1:-1]  # between the title and the key
    assert all(len(line) <= 60 for line in aligned), max(aligned, key=len)
    rulers = [line for line in lines if line.startswith("turn")]
    assert len(rulers) == 3, "130 turns in 50-column blocks"
    assert rulers[1].split() == ["turn", "51", "61", "71", "81", "91"]
    second = lines[lines.index(rulers[1]) + 1]
    assert second.startswith("customer") and second[10 + 57 - 50] == "▁", "turn 58 (index 57) sits under its column"


def test_arc_with_customer_summary() -> None:
    turns = [turn(0, "customer", -0.9, "angry"), turn(1, "customer", 0.9, "satisfied")]
    customer, _ = assess_call_emotion(turns)
    text = render_arc(turns, customer)
    assert any(line.startswith("customer: negative → positive (improved)") for line in text.splitlines())
    peak = customer.peak
    assert peak is not None and f"(turn {peak.turn + 1})" in text, "turns are counted from 1, as the table shows"


def test_arc_of_nothing() -> None:
    assert render_arc([]) == "emotional arc: no turns"
