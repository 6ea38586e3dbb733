"""The labelled sentiment corpus in models/sentiment/corpus and its fixed train/test split."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parents[1] / "models" / "sentiment" / "corpus"
LANGUAGES = ("ru", "en")


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    language: str
    split: str  # train | test | heldout


def split_of(text: str) -> str:
    """Fixed split: a quarter of the utterances, chosen by a hash of the text, are the test set."""
    return "test" if int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) % 4 == 0 else "train"


def _read(path: Path, language: str, heldout: bool) -> list[Example]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    texts = [(r["text"].strip(), r["label"]) for r in rows if r["text"].strip()]
    return [Example(text, label, language, "heldout" if heldout else split_of(text)) for text, label in texts]


def load_corpus() -> list[Example]:
    examples: list[Example] = []
    for language in LANGUAGES:
        examples += _read(CORPUS_DIR / f"{language}.tsv", language, heldout=False)
        examples += _read(CORPUS_DIR / f"heldout_{language}.tsv", language, heldout=True)
    return examples
