"""A second, hinted look at only the stretches where a domain term was probably misheard.

A decoder hint (faster-whisper `hotwords`) helps Whisper hear "вклад" where it wrote "склад",
but on a whole stream it also nudges words about other things ("несовершенства" -> "не
совершенства"), which costs WER. So voc decodes each stream bare first and re-decodes, with
the hint, only the segments that hold a doubtful near-miss of a domain term in a sentence that
reads as banking (`plan_recheck`); the hint starts with the call's own terms and the terms those
words sound like. A term the hinted decoding heard replaces only the bare word or two it was
heard over, when they sound alike and are not domain words already (`merge_hinted`). Everywhere else the words are bare
Whisper's, so speech about other things comes out exactly as without a vocabulary.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from voc.asr.correct import JOINABLE, DomainLexicon, edit_distance, lemma, normal, sound_key, styled
from voc.schemas import Word

# Silence kept around a re-decoded segment (seconds), so Whisper hears its first and last sounds.
WINDOW_PAD_S = 0.25
# A bare word Whisper was at least this sure of neither calls for a second look nor is replaced.
SURE = 0.85
# Domain words this many words before or after a doubtful word make it worth a second look.
SUPPORT_WORDS = 8
# ... and so does a stream that is about banking as a whole: at least this many domain words, one of
# them a term. On 8 kHz calls a customer's sentence is often too garbled to hold a domain word of its
# own ("мне залинаща поросовщий по ко..."), while the rest of their side says "вклад" and "процент".
STREAM_SUPPORT_WORDS = 3


@dataclass(frozen=True)
class DecodedSegment:
    """One of Whisper's segments: its words, times in the decoded audio's own time base."""

    start: float
    end: float
    words: tuple[Word, ...]


@dataclass(frozen=True)
class RecheckPlan:
    segments: list[int]  # indexes of the segments to re-decode
    likely_terms: list[str]  # the terms their doubtful words sound like, for the front of the hint


def plan_recheck(segments: Sequence[DecodedSegment], lexicon: DomainLexicon) -> RecheckPlan:
    """The segments worth re-decoding with the hint, and the terms the hint should start with.

    A segment qualifies when one of its words (or a one-letter word joined with the next: "в
    склад") is not sure (probability below SURE: on 8 kHz calls Whisper writes "просречка" and
    "автоплотеж" at 0.7-0.8, above the corrections' limits), is not itself a domain word,
    sounds within reach of a term form, and a domain word stands within SUPPORT_WORDS words or the
    stream as a whole is about banking (STREAM_SUPPORT_WORDS domain words, one of them a term).
    """
    flat = [(index, word) for index, segment in enumerate(segments) for word in segment.words]
    lemmas = [lemma(word.word) for _, word in flat]
    domain = [other for other, found in enumerate(lemmas) if found in lexicon.domain_lemmas]
    banking_stream = len(domain) >= STREAM_SUPPORT_WORDS and any(
        lemmas[other] in lexicon.term_lemmas for other in domain
    )
    chosen: set[int] = set()
    likely: dict[str, None] = {}
    for position, (index, word) in enumerate(flat):
        if word.probability >= SURE:
            continue
        if lemmas[position] in lexicon.domain_lemmas or lemmas[position] in lexicon.protected:
            continue
        heard = [normal(word.word)]
        if position > 0 and normal(flat[position - 1][1].word) in JOINABLE:
            heard.append(normal(flat[position - 1][1].word) + heard[0])
        near = [term for text in heard if text for term in lexicon.terms_within_reach(text)]
        if not near:
            continue
        around = range(max(0, position - SUPPORT_WORDS), min(len(flat), position + SUPPORT_WORDS + 1))
        if banking_stream or any(lemmas[other] in lexicon.domain_lemmas for other in around if other != position):
            chosen.add(index)
            likely.update(dict.fromkeys(near))
    return RecheckPlan(sorted(chosen), list(likely))


def text_calls_for_hint(text: str, lexicon: DomainLexicon) -> bool:
    """Text without word probabilities (an IVR clip's) is worth a hinted second decoding: a word that
    is not a domain word sounds within reach of a term, and a domain word stands within SUPPORT_WORDS."""
    words = [word for word in (normal(w) for w in text.split()) if word]
    lemmas = [lemma(word) for word in words]
    for position, word in enumerate(words):
        if lemmas[position] in lexicon.domain_lemmas or lemmas[position] in lexicon.protected:
            continue
        heard = [word] + ([words[position - 1] + word] if position and words[position - 1] in JOINABLE else [])
        if not any(lexicon.terms_within_reach(text) for text in heard):
            continue
        around = range(max(0, position - SUPPORT_WORDS), min(len(words), position + SUPPORT_WORDS + 1))
        if any(lemmas[other] in lexicon.domain_lemmas for other in around if other != position):
            return True
    return False


def recheck_windows(
    segments: Sequence[DecodedSegment], chosen: Sequence[int], duration: float
) -> list[tuple[float, float]]:
    """The stretch of audio to re-decode for each chosen segment: its words plus a little silence,
    never reaching into the neighbouring segments' words."""
    windows = []
    for index in chosen:
        segment = segments[index]
        first = segment.words[0].start if segment.words else segment.start
        last = segment.words[-1].end if segment.words else segment.end
        before = segments[index - 1].words[-1].end if index > 0 and segments[index - 1].words else 0.0
        after = (
            segments[index + 1].words[0].start if index + 1 < len(segments) and segments[index + 1].words else duration
        )
        windows.append((max(before, first - WINDOW_PAD_S, 0.0), min(after, last + WINDOW_PAD_S, duration)))
    return windows


def term_count(words: Sequence[Word], lexicon: DomainLexicon) -> Counter[str]:
    """Term words among `words`, by lemma ("пин -код", as Whisper splits it, counts as "пин-код")."""
    texts: list[str] = []
    for word in words:
        if texts and word.word.startswith("-"):
            texts[-1] += word.word
        else:
            texts.append(word.word)
    return Counter(lemma(text) for text in texts if lemma(text) in lexicon.term_lemmas)


def merge_hinted(bare: Sequence[Word], hinted: Sequence[Word], lexicon: DomainLexicon) -> list[Word]:
    """The bare words, where each term the hinted decoding heard and the bare one did not replaces
    the one or two bare words it was heard over: overlapping in time, close in sound (half of
    the term's phonetic key, at least two edits), not already domain words, and not words Whisper
    was sure of (probability below SURE). Nothing else changes, so a hint's other nudges and any
    list it wrote are dropped.

    The replacing word keeps the bare words in `heard`; it takes their capital and punctuation.
    """
    return merge_where_changed(bare, hinted, lambda old, new: _take_terms(old, _hyphens_joined(new), lexicon))


def merge_where_changed(
    bare: Sequence[Word], hinted: Sequence[Word], take: Callable[[list[Word], list[Word]], list[Word]]
) -> list[Word]:
    """The bare words, where each stretch the hinted decoding wrote differently is replaced by
    `take(bare stretch, hinted stretch)`; words only the hinted decoding wrote are never added."""
    matcher = SequenceMatcher(a=[normal(w.word) for w in bare], b=[normal(w.word) for w in hinted], autojunk=False)
    merged: list[Word] = []
    for tag, low, high, hinted_low, hinted_high in matcher.get_opcodes():
        old = list(bare[low:high])
        if tag in ("equal", "insert") or not old:
            merged += old
            continue
        merged += take(old, list(hinted[hinted_low:hinted_high]))
    return merged


def _hyphens_joined(words: Sequence[Word]) -> list[Word]:
    """ "пин", "-код" as Whisper splits them, one word again."""
    joined: list[Word] = []
    for word in words:
        if joined and word.word.startswith("-"):
            joined[-1] = joined[-1].model_copy(update={"word": joined[-1].word + word.word, "end": word.end})
        else:
            joined.append(word)
    return joined


def _take_terms(old: list[Word], new: list[Word], lexicon: DomainLexicon) -> list[Word]:
    gained = term_count(new, lexicon) - term_count(old, lexicon)
    out = list(old)
    for word in new:
        if gained[lemma(word.word)] <= 0:
            continue
        place = _heard_over(out, word, lexicon)
        if place is None:
            continue
        first, size = place
        span = out[first : first + size]
        replacing = Word(
            word=styled(bare_form(word.word), span[0].word, span[-1].word),
            start=span[0].start,
            end=span[-1].end,
            probability=word.probability,
            heard=" ".join(w.heard or w.word for w in span),
        )
        out[first : first + size] = [replacing]
        gained[lemma(word.word)] -= 1
    return out


def bare_form(word: str) -> str:
    """The hinted word without its own punctuation and capital (the bare words' are used)."""
    core = re.sub(r"^[^\w]+|[^\w%₽$€]+$", "", word)
    return core[:1].lower() + core[1:] if core[1:2].islower() else core


def _heard_over(words: list[Word], term: Word, lexicon: DomainLexicon) -> tuple[int, int] | None:
    """Where in `words` the hinted `term` was heard: the nearest-sounding one or two words it overlaps."""
    key = sound_key(term.word)
    return nearest_heard_span(
        words,
        (term.start, term.end),
        key,
        max(2, len(key) // 2),
        (1, 2),
        lambda w: bool(w.heard) or lemma(w.word) in lexicon.domain_lemmas,
    )


def nearest_heard_span(
    words: Sequence[Word],
    time: tuple[float, float],
    key: str,
    limit: int,
    sizes: Sequence[int],
    kept: Callable[[Word], bool],
) -> tuple[int, int] | None:
    """(first, size) of the run of `sizes` words, overlapping `time`, that a hinted word with sound
    `key` was heard over: none of them `kept`, Whisper unsure of at least one (below SURE), and
    their joined sound key within `limit` edits; the nearest in sound, and between equals the one
    covering more of the time ("в склад")."""
    start, end = time
    best: tuple[int, float, int, int] | None = None
    for size in sizes:
        for first in range(len(words) - size + 1):
            span = words[first : first + size]
            overlap = min(span[-1].end, end) - max(span[0].start, start)
            if overlap <= 0 or any(kept(w) for w in span) or min(w.probability for w in span) >= SURE:
                continue
            distance = edit_distance(sound_key("".join(w.word for w in span)), key, limit)
            candidate = (distance, -overlap, first, size)
            if distance <= limit and (best is None or candidate < best):
                best = candidate
    return (best[2], best[3]) if best else None
