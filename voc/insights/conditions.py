"""Evaluate one rule condition on an analysed call, with the points of interest that made it hold.

Phrases are compared by dictionary form: Russian words through pymorphy3 lemmas, English words
through the Snowball stemmer, so word order and inflection do not matter ("заблокировали
карту" finds "карта заблокирована", "charged twice" finds "charges ... twice"). The words of a
phrase must fall within a few words of each other in one turn. A negation word just before or
inside the match ("не заблокировали", "didn't charge") marks it negated.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from voc.insights.rules import Condition, Within
from voc.schemas import CallAnalysis, PointOfInterest, Turn
from voc.text.itn import word_positions
from voc.text.tokens import tokenize

_CYRILLIC = re.compile(r"[а-яе]")
# Russian negation particles and English negators; "n't" is a suffix of the English token.
NEGATORS = frozenset({"не", "нет", "ни", "никак", "никогда", "not", "no", "never", "cannot", "nobody", "nothing"})
NEGATION_LOOKBACK = 2  # words before a match that can negate it ("не был заблокирован")
PHRASE_SLACK = 2  # other words allowed inside a phrase's match ("карта у меня заблокирована")
UPSET_EMOTIONS = frozenset({"angry", "irritated"})
TEXT_WINDOW_TURNS = 2  # a text conversation has no clock: first_s / last_s mean its first / last turns


@lru_cache(maxsize=1)
def _english_stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def match_key(lemma: str) -> str:
    """The form words are compared by: the lemma for Russian, the Snowball stem for English."""
    if _CYRILLIC.search(lemma):
        return lemma
    return str(_english_stemmer().stemWord(lemma.replace("’", "'")))


def _is_negator(text: str) -> bool:
    return text in NEGATORS or text.endswith("n't")


@dataclass(frozen=True)
class _Token:
    key: str
    text: str
    start: int
    end: int


@lru_cache(maxsize=4096)
def _phrase_keys(phrase: str) -> tuple[str, ...]:
    return tuple(match_key(t.lemma) for t in tokenize(phrase))


def _turn_tokens(turn: Turn) -> list[_Token]:
    return [_Token(match_key(t.lemma), t.text, t.start, t.end) for t in tokenize(turn.text)]


@dataclass
class CallView:
    """The call as conditions see it: tokens per turn computed once for all rules."""

    analysis: CallAnalysis
    tokens: dict[int, list[_Token]]  # by turn index
    positions: dict[int, int]  # turn index -> its place in the call, for text conversations' windows

    @classmethod
    def of(cls, analysis: CallAnalysis) -> CallView:
        turns = analysis.turns
        return cls(analysis, {t.index: _turn_tokens(t) for t in turns}, {t.index: i for i, t in enumerate(turns)})

    @property
    def timed(self) -> bool:
        return self.analysis.channels.mode != "text" and self.analysis.duration_s > 0


@dataclass(frozen=True)
class Outcome:
    holds: bool
    points: tuple[PointOfInterest, ...] = ()


def _in_window(view: CallView, turn: Turn, within: Within | None) -> bool:
    if within is None:
        return True
    turns = view.analysis.turns
    if not view.timed:
        position, count = view.positions[turn.index], len(turns)
        if within.first_s is not None:
            return position < TEXT_WINDOW_TURNS
        if within.last_s is not None:
            return position >= count - TEXT_WINDOW_TURNS
        if within.first_pct is not None:
            return position < max(1.0, count * within.first_pct / 100)
        assert within.last_pct is not None
        return position >= count - max(1.0, count * within.last_pct / 100)
    duration = view.analysis.duration_s
    if within.first_s is not None:
        return turn.start < within.first_s
    if within.last_s is not None:
        return turn.end > duration - within.last_s
    if within.first_pct is not None:
        return turn.start < duration * within.first_pct / 100
    assert within.last_pct is not None
    return turn.end > duration * (1 - within.last_pct / 100)


def _turns(view: CallView, condition: Condition) -> list[Turn]:
    return [
        t
        for t in view.analysis.turns
        if (condition.speaker == "any" or t.speaker == condition.speaker) and _in_window(view, t, condition.within)
    ]


def _point(turn: Turn, text: str | None = None, span: tuple[int, int] | None = None) -> PointOfInterest:
    start, end = turn.start, turn.end
    if span is not None and turn.words:
        positions = word_positions(turn.text, [w.word for w in turn.words])
        inside = [w for w, (a, b) in zip(turn.words, positions, strict=True) if a >= 0 and a < span[1] and b > span[0]]
        if inside:
            start, end = inside[0].start, inside[-1].end
    return PointOfInterest(
        turn=turn.index,
        speaker=turn.speaker,
        start=start if start or end else None,
        end=end if start or end else None,
        text=text if text is not None else turn.text,
    )


def find_phrase(tokens: Sequence[_Token], keys: Sequence[str]) -> list[tuple[int, int]]:
    """Token index ranges [first, last] where every key of the phrase occurs within the allowed slack."""
    if not keys:
        return []
    found: list[tuple[int, int]] = []
    width = len(keys) + PHRASE_SLACK
    i = 0
    while i < len(tokens):
        if tokens[i].key not in keys:
            i += 1
            continue
        wanted = list(keys)
        last = i
        for j in range(i, min(len(tokens), i + width)):
            if tokens[j].key in wanted:
                wanted.remove(tokens[j].key)
                last = j
                if not wanted:
                    break
        if not wanted:
            found.append((i, last))
            i = last + 1
        else:
            i += 1
    return found


def _negated(tokens: Sequence[_Token], first: int, last: int, keys: Sequence[str]) -> bool:
    """A negator near the match that is not a word of the phrase itself ("карта не работает")."""
    window = tokens[max(0, first - NEGATION_LOOKBACK) : last + 1]
    return any(_is_negator(t.text) and t.key not in keys for t in window)


def _phrase(view: CallView, condition: Condition) -> Outcome:
    assert condition.phrase is not None
    points: list[PointOfInterest] = []
    for turn in _turns(view, condition):
        tokens = view.tokens[turn.index]
        for phrase in condition.phrase:
            keys = _phrase_keys(phrase)
            for first, last in find_phrase(tokens, keys):
                negated = _negated(tokens, first, last, keys)
                if condition.negated == "any" or (condition.negated == "yes") == negated:
                    span = (tokens[first].start, tokens[last].end)
                    points.append(_point(turn, turn.text[span[0] : span[1]], span))
    return Outcome(bool(points), tuple(points))


def _upset(turn: Turn) -> bool:
    if turn.emotion is not None and turn.emotion.label in UPSET_EMOTIONS:
        return True
    return turn.sentiment is not None and turn.sentiment.label == "negative"


def _interruptions(view: CallView, condition: Condition) -> Outcome:
    rule = condition.interruptions
    assert rule is not None
    turns = view.analysis.turns
    points = []
    for previous, turn in itertools.pairwise(turns):
        if turn.speaker != rule.by or previous.speaker == rule.by or not turn.overlap:
            continue
        if turn.start >= previous.end or not _in_window(view, turn, condition.within):
            continue
        if rule.while_other_upset and not _upset(previous):
            continue
        points.append(_point(turn, f"interrupted turn {previous.index}"))
    return Outcome(len(points) >= rule.at_least, tuple(points))


def _silence(view: CallView, condition: Condition) -> Outcome:
    assert condition.silence_over_s is not None
    turns = sorted(view.analysis.turns, key=lambda t: t.start)
    points = []
    reach = turns[0].end if turns else 0.0
    for turn in turns[1:]:
        gap = turn.start - reach
        if gap > condition.silence_over_s and _in_window(view, turn, condition.within):
            points.append(_point(turn, f"silence {gap:.1f} s before this turn"))
        reach = max(reach, turn.end)
    return Outcome(bool(points), tuple(points))


def evaluate(view: CallView, condition: Condition) -> Outcome:
    if condition.all_of is not None:
        outcomes = [evaluate(view, c) for c in condition.all_of]
        holds = all(o.holds for o in outcomes)
        return Outcome(holds, tuple(p for o in outcomes for p in o.points) if holds else ())
    if condition.any_of is not None:
        outcomes = [evaluate(view, c) for c in condition.any_of]
        return Outcome(any(o.holds for o in outcomes), tuple(p for o in outcomes if o.holds for p in o.points))
    if condition.none_of is not None:
        return Outcome(not evaluate(view, condition.none_of).holds)
    if condition.phrase is not None:
        return _phrase(view, condition)
    if condition.sentiment is not None:
        hits = [t for t in _turns(view, condition) if t.sentiment and t.sentiment.label == condition.sentiment]
        return Outcome(bool(hits), tuple(_point(t) for t in hits))
    if condition.emotion is not None:
        wanted = set(condition.emotion)
        hits = [t for t in _turns(view, condition) if t.emotion and t.emotion.label in wanted]
        return Outcome(bool(hits), tuple(_point(t) for t in hits))
    if condition.silence_over_s is not None:
        return _silence(view, condition)
    if condition.interruptions is not None:
        return _interruptions(view, condition)
    if condition.escalated is not None:
        escalated = bool(view.analysis.customer and view.analysis.customer.escalate)
        return Outcome(escalated == condition.escalated)
    assert condition.task is not None
    tasks = [t for t in view.analysis.tasks if t.type == condition.task]
    points = []
    for task in tasks:
        evidence = task.evidence
        points.append(
            PointOfInterest(
                turn=evidence.turn,
                speaker=evidence.speaker,
                start=evidence.start,
                end=evidence.end,
                text=evidence.quote,
            )
        )
    return Outcome(bool(tasks), tuple(points))
