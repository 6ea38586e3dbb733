"""The packaged classifier on real phrasing, its artefact checks, and bad input."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from sklearn.metrics import f1_score

from voc.config import Settings
from voc.errors import ModelMissingError
from voc.schemas import Sentiment, Turn
from voc.text.packaged import ARTEFACT_PATH, PackagedSentiment
from voc.text.sentiment import (
    SentimentClassifier,
    load_sentiment_classifier,
    packaged_classifier,
    score_sentiment,
    score_text,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from sentiment_corpus import load_corpus


@pytest.fixture(scope="module")
def classifier() -> SentimentClassifier:
    return load_sentiment_classifier(Settings(sentiment_backend="packaged"))


@pytest.mark.parametrize("language", ["ru", "en"])
def test_test_split_macro_f1(classifier: SentimentClassifier, language: str) -> None:
    test = [e for e in load_corpus() if e.split == "test" and e.language == language]
    predicted = [s.label for s in classifier.predict([e.text for e in test])]
    assert f1_score([e.label for e in test], predicted, average="macro") >= 0.8


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # written for this test, not in the corpus
        ("Сколько раз мне ещё повторять, у меня опять списали деньги!", "negative"),
        ("Вы мне очень помогли, огромное вам спасибо!", "positive"),
        ("Подскажите, когда будет готова новая карта?", "neutral"),
        pytest.param(
            "Ну да, конечно, очень быстро работаете, вторую неделю жду.",
            "negative",
            marks=pytest.mark.xfail(reason="sarcasm without a marker word is read as neutral", strict=True),
        ),
        ("Вполне себе не плохо.", "positive"),
        ("The refund still hasn't arrived and nobody answers my emails.", "negative"),
        ("Cheers, that solved it.", "positive"),
        ("What's the interest rate on the savings account?", "neutral"),
    ],
)
def test_unseen_phrases(classifier: SentimentClassifier, text: str, label: str) -> None:
    (sentiment,) = classifier.predict([text])
    assert sentiment.label == label
    assert -1.0 <= sentiment.score <= 1.0 and 0.0 < sentiment.confidence <= 1.0


class CountingClassifier:
    def __init__(self, inner: SentimentClassifier) -> None:
        self.inner = inner
        self.calls: list[int] = []

    @property
    def name(self) -> str:
        return self.inner.name

    def predict(self, texts):  # type: ignore[no-untyped-def]
        self.calls.append(len(texts))
        return self.inner.predict(texts)


def test_score_sentiment_is_one_batch_and_skips_empty_turns(classifier: SentimentClassifier) -> None:
    texts = ["Спасибо, всё понятно.", "", "   \n", "Это безобразие!", "🙂🙂", "Когда придёт карта?"]
    turns = [Turn(index=i, speaker="customer", start=i, end=i + 1, text=t) for i, t in enumerate(texts)]
    counting = CountingClassifier(classifier)
    scored = score_sentiment(turns, counting)
    assert counting.calls == [3]
    labels = [t.sentiment.label for t in scored if t.sentiment]
    assert labels == ["positive", "neutral", "neutral", "negative", "neutral", "neutral"]
    assert [t.sentiment.confidence for t in scored if t.sentiment][1:3] == [0.0, 0.0]


@pytest.mark.parametrize(
    "text",
    [
        "ужасно " * 700,  # > 2,000 characters
        "Hello, я звоню по поводу card, которая не работает, very bad!",
        "\x00\x1b[31m<b>жалоба</b>\u200b\ufeff",
        "€€€ ### 12345 ...",
    ],
)
def test_bad_input_is_scored_without_crashing(text: str) -> None:
    sentiment, cues = score_text(text, "ru")
    assert isinstance(sentiment, Sentiment) and isinstance(cues, list)


def test_long_turn_keeps_its_meaning() -> None:
    sentiment, _ = score_text("Это просто отвратительный сервис, я очень недоволен. " * 60, "ru")
    assert sentiment.label == "negative"


def test_model_is_loaded_once() -> None:
    assert packaged_classifier() is packaged_classifier()


def test_tampered_artefact_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / ARTEFACT_PATH.name
    shutil.copy(ARTEFACT_PATH, copy)
    data = json.loads(copy.read_text())
    data["intercept"][0] += 1.0
    copy.write_text(json.dumps(data))
    with pytest.raises(ModelMissingError, match="checksum"):
        PackagedSentiment.load(copy)


def test_missing_artefact_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match="train_sentiment"):
        PackagedSentiment.load(tmp_path / "classifier.json")
