"""The text stages that produce emotion, in order, for the pipeline and `voc analyze-text`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from voc.emotion.call import assess_call_emotion
from voc.emotion.fusion import fuse_emotion
from voc.schemas import AgentState, CustomerState, Turn
from voc.text.cues import find_cues
from voc.text.sentiment import SentimentClassifier, score_sentiment


@dataclass(frozen=True)
class EmotionResult:
    turns: list[Turn]
    customer: CustomerState
    agent: AgentState


def analyze_emotion(turns: Sequence[Turn], classifier: SentimentClassifier, language: str) -> EmotionResult:
    """sentiment -> cues -> fusion -> call level (prosody, when there is audio, comes before)."""
    scored = fuse_emotion(find_cues(score_sentiment(turns, classifier), language))
    customer, agent = assess_call_emotion(scored)
    return EmotionResult(scored, customer, agent)
