"""Any Hugging Face sequence-classification model as the sentiment backend (optional `hf` extra).

`VOC_SENTIMENT_BACKEND` names a local model folder or a hub id (a hub id needs the model in the
local Hugging Face cache, or network access allowed with VOC_ASR__ALLOW_NETWORK=true, the same
switch the ASR model uses). The model's own labels are mapped to
negative / neutral / positive: by name ("negative", "NEG", "1 star" ...), or by position for
anonymous LABEL_0.. heads (2 classes: negative, positive; 3: negative, neutral, positive).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from voc.errors import ModelMissingError
from voc.schemas import Sentiment, SentimentLabel

BATCH = 32
_STARS = re.compile(r"^([1-5])\s*stars?$")


def map_labels(id2label: dict[int, str]) -> list[SentimentLabel]:
    """The sentiment label of each output of the model's head, in order."""
    names = [str(id2label[i]).strip().lower() for i in sorted(id2label)]
    mapped = [_by_name(n) for n in names]
    if all(m is not None for m in mapped):
        return [m for m in mapped if m is not None]
    if len(names) == 2:
        return ["negative", "positive"]
    if len(names) == 3:
        return ["negative", "neutral", "positive"]
    raise ModelMissingError(f"cannot map the model's labels {names} to negative/neutral/positive")


def _by_name(name: str) -> SentimentLabel | None:
    stars = _STARS.match(name)
    if stars:
        value = int(stars.group(1))
        return "negative" if value <= 2 else "neutral" if value == 3 else "positive"
    if name.startswith("neg"):
        return "negative"
    if name.startswith("pos"):
        return "positive"
    if name.startswith("neu"):
        return "neutral"
    return None


def _looks_local(name: str) -> bool:
    return name.startswith(("/", ".", "~")) or Path(name).exists() or name.count("/") > 1


class TransformersSentiment:
    def __init__(self, model: str, device: str = "auto", allow_network: bool = False) -> None:
        try:
            import torch
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as exc:
            raise ModelMissingError(
                f"sentiment backend {model!r} needs torch and transformers: pip install 'voc[hf]'"
            ) from exc
        if _looks_local(model) and not Path(model).expanduser().is_dir():
            raise ModelMissingError(f"sentiment model folder {model} does not exist")
        source = str(Path(model).expanduser()) if _looks_local(model) else model
        try:
            offline = not allow_network
            self._tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=offline)
            self._model = AutoModelForSequenceClassification.from_pretrained(source, local_files_only=offline)
        except (OSError, ValueError) as exc:
            raise ModelMissingError(f"cannot load sentiment model {model!r}: {exc}") from exc
        self._torch: Any = torch
        use_cuda = device == "cuda" or (device == "auto" and torch.cuda.is_available())
        self._device = "cuda" if use_cuda else "cpu"
        self._model.to(self._device).eval()
        self._labels = map_labels(dict(self._model.config.id2label))
        self._name = f"transformers:{model}"

    @property
    def name(self) -> str:
        return self._name

    def predict(self, texts: Sequence[str]) -> list[Sentiment]:
        out: list[Sentiment] = []
        for begin in range(0, len(texts), BATCH):
            out += self._predict_batch(list(texts[begin : begin + BATCH]))
        return out

    def _predict_batch(self, texts: list[str]) -> list[Sentiment]:
        torch = self._torch
        encoded = self._tokenizer(texts, padding=True, truncation=True, max_length=512, return_tensors="pt")
        with torch.inference_mode():
            logits = self._model(**{k: v.to(self._device) for k, v in encoded.items()}).logits
        probs = torch.softmax(logits.float(), dim=-1).cpu().numpy()
        results = []
        for row in probs:
            by_label: dict[SentimentLabel, float] = {"negative": 0.0, "neutral": 0.0, "positive": 0.0}
            for label, p in zip(self._labels, row, strict=True):
                by_label[label] += float(p)
            best = max(by_label, key=lambda k: by_label[k])
            results.append(
                Sentiment(
                    label=best,
                    score=round(by_label["positive"] - by_label["negative"], 4),
                    confidence=round(by_label[best], 4),
                    backend=self._name,
                )
            )
        return results
