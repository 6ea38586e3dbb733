"""A second, hinted look at only the stretches where a domain term was probably misheard.

A decoder hint (faster-whisper `hotwords`) helps Whisper hear "вклад" where it wrote "склад",
but on a whole stream it also nudges words about other things ("несовершенства" -> "не
совершенства"), which costs WER. So voc decodes each stream bare first and re-decodes, with
the hint, only the segments that hold a doubtful near-miss of a domain term in a sentence that
reads as banking (`plan_recheck`); the hint starts with the call's own terms and the terms those
words sound like. A stretch of hinted words replaces the bare ones only where it brings a term
the bare words lacked in place of words Whisper doubted (`merge_hinted`). Everywhere else the words are bare
Whisper's, so speech about other things comes out exactly as without a vocabulary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from voc.asr.correct import JOINABLE, DomainLexicon, doubt_limit, lemma, normal
from voc.schemas import Word

# Silence kept around a re-decoded segment (seconds), so Whisper hears its first and last sounds.
WINDOW_PAD_S = 0.25
# Domain words this many words before or after a doubtful word make it worth a second look.
SUPPORT_WORDS = 8


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
    склад") is doubtful (probability below the correction's limit), is not itself a domain word,
    sounds within reach of a term form, and a domain word stands within SUPPORT_WORDS words.
    """
    flat = [(index, word) for index, segment in enumerate(segments) for word in segment.words]
    lemmas = [lemma(word.word) for _, word in flat]
    chosen: set[int] = set()
    likely: dict[str, None] = {}
    for position, (index, word) in enumerate(flat):
        if word.probability >= doubt_limit(word.word):
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
        if any(lemmas[other] in lexicon.domain_lemmas for other in around if other != position):
            chosen.add(index)
            likely.update(dict.fromkeys(near))
    return RecheckPlan(sorted(chosen), list(likely))


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
    """The bare words, with each stretch the hinted decoding wrote differently taken from it only
    when that stretch brings a term, loses none, and replaces bare words Whisper doubted (never an
    insertion, never much longer: a hint that made Whisper write its list is no reading).

    The first word of a taken stretch keeps what bare Whisper wrote for the whole stretch in `heard`.
    """
    matcher = SequenceMatcher(a=[normal(w.word) for w in bare], b=[normal(w.word) for w in hinted], autojunk=False)
    merged: list[Word] = []
    for tag, low, high, hinted_low, hinted_high in matcher.get_opcodes():
        old, new = list(bare[low:high]), list(hinted[hinted_low:hinted_high])
        if tag == "equal" or not _better(old, new, lexicon):
            merged += old
            continue
        heard = " ".join(word.heard or word.word for word in old)
        first = new[0].word
        if old[0].word[:1].isupper():
            first = first[:1].upper() + first[1:]
        merged.append(new[0].model_copy(update={"word": first, "heard": heard}))
        merged += new[1:]
    return merged


def _better(old: list[Word], new: list[Word], lexicon: DomainLexicon) -> bool:
    if not old or not new or len(new) > len(old) + 1:
        return False
    if not any(word.probability < doubt_limit(word.word) for word in old):
        return False
    gained = term_count(new, lexicon) - term_count(old, lexicon)
    lost = term_count(old, lexicon) - term_count(new, lexicon)
    return bool(gained) and not lost
