"""The transformers backend's loading and inference, on a tiny BERT built here from a config."""

from __future__ import annotations

from pathlib import Path

import pytest

from voc.config import Settings
from voc.errors import ModelMissingError, VocError
from voc.text.sentiment import load_sentiment_classifier, score_text
from voc.text.transformers_backend import map_labels

WORDS = ["спасибо", "плохо", "хорошо", "ужасно", "я", "звоню", "по", "поводу", "карты"]
WORDS += ["thanks", "bad", "good", "card", ",", ".", "!"]
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def build_tiny_model(folder: Path, id2label: dict[int, str]) -> Path:
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    folder.mkdir(parents=True, exist_ok=True)
    vocab = folder / "vocab.txt"
    vocab.write_text("\n".join([*SPECIAL, *WORDS]) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizer(vocab_file=str(vocab), do_lower_case=True)
    config = transformers.BertConfig(
        vocab_size=5 + len(WORDS),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        num_labels=len(id2label),
        id2label=id2label,
        label2id={v: k for k, v in id2label.items()},
    )
    torch.manual_seed(0)
    model = transformers.BertForSequenceClassification(config)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def reference_probabilities(folder: Path, text: str) -> list[float]:
    import torch
    import transformers

    tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
    model = transformers.AutoModelForSequenceClassification.from_pretrained(folder).eval()
    with torch.no_grad():
        logits = model(**tokenizer([text], return_tensors="pt")).logits
    return [float(p) for p in torch.softmax(logits, dim=-1)[0]]


def test_runs_a_local_model_and_maps_its_labels(tmp_path: Path) -> None:
    folder = build_tiny_model(tmp_path / "tiny", {0: "NEGATIVE", 1: "NEUTRAL", 2: "POSITIVE"})
    classifier = load_sentiment_classifier(Settings(sentiment_backend=str(folder), device="cpu"))
    texts = ["Спасибо, хорошо!", "Ужасно, я звоню по поводу карты", "bad card", ""]
    results = classifier.predict(texts[:3])
    assert len(results) == 3
    for text, sentiment in zip(texts, results, strict=False):
        neg, neu, pos = reference_probabilities(folder, text)
        assert sentiment.score == pytest.approx(pos - neg, abs=1e-3)
        best = [neg, neu, pos].index(max(neg, neu, pos))
        assert sentiment.label == ("negative", "neutral", "positive")[best]
        assert sentiment.backend == f"transformers:{folder}"
    sentiment, cues = score_text("спасибо, хорошо", "ru", classifier)
    assert sentiment.backend.startswith("transformers:") and [c.kind for c in cues] == ["gratitude"]


def test_two_class_anonymous_head(tmp_path: Path) -> None:
    folder = build_tiny_model(tmp_path / "binary", {0: "LABEL_0", 1: "LABEL_1"})
    classifier = load_sentiment_classifier(Settings(sentiment_backend=str(folder), device="cpu"))
    (sentiment,) = classifier.predict(["good card"])
    neg, pos = reference_probabilities(folder, "good card")
    assert sentiment.label in ("negative", "positive")
    assert sentiment.score == pytest.approx(pos - neg, abs=1e-3)


def test_missing_path_is_one_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("transformers")
    with pytest.raises(VocError, match="does not exist"):
        load_sentiment_classifier(Settings(sentiment_backend=str(tmp_path / "no-such-model")))


def test_unknown_hub_id_offline_is_a_clear_error() -> None:
    pytest.importorskip("transformers")
    with pytest.raises(ModelMissingError, match="cannot load sentiment model"):
        load_sentiment_classifier(Settings(sentiment_backend="voc-test/no-such-model"))


def test_label_mapping() -> None:
    assert map_labels({0: "negative", 1: "neutral", 2: "positive"}) == ["negative", "neutral", "positive"]
    assert map_labels({0: "POS", 1: "NEG"}) == ["positive", "negative"]
    assert map_labels({i: f"{i + 1} star{'s' if i else ''}" for i in range(5)}) == [
        "negative", "negative", "neutral", "positive", "positive"
    ]
    assert map_labels({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}) == ["negative", "neutral", "positive"]
    with pytest.raises(ModelMissingError):
        map_labels({0: "joy", 1: "anger", 2: "fear", 3: "sadness"})
