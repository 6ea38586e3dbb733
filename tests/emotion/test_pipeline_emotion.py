"""The emotion stages inside the real audio pipeline, on synthesised calls with known truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voc.pipeline import AnalyzeOptions

CALLS = Path(__file__).resolve().parents[1] / "data" / "emotion" / "calls"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["en_angry_cancel", "en_calm_thanks"])
def test_customer_state_on_a_synthesised_call(analyzer, name: str) -> None:  # type: ignore[no-untyped-def]
    truth = json.loads((CALLS / f"{name}.json").read_text(encoding="utf-8"))["extra"]
    analysis = analyzer.analyze_recording(CALLS / f"{name}.flac", AnalyzeOptions(language="en"))
    assert analysis.customer is not None and analysis.agent is not None
    assert analysis.customer.sentiment_end == truth["sentiment_end"]
    assert analysis.customer.escalate == truth["escalate"]
    assert all(t.sentiment is not None and t.emotion is not None for t in analysis.turns)
    assert "sentiment" in analysis.timings and analysis.models["sentiment"].startswith("packaged")
    if truth["escalate"]:
        aroused = [t for t in analysis.turns if t.speaker == "customer" and t.emotion and t.emotion.arousal >= 0.35]
        assert aroused, "the aroused customer lines should read as agitated"
        assert analysis.agent.stayed_calm is True
