"""A call's words reduced to the forms search compares: what storage indexes and what a query becomes.

The same reduction as category phrases (voc.insights.conditions.match_key), so a search for
"заблокировали карту" finds "карта заблокирована", and "charged" finds "charges".
"""

from __future__ import annotations

from voc.insights.conditions import match_key
from voc.schemas import CallAnalysis
from voc.stage_types import SearchTerms
from voc.text.tokens import tokenize


def reduce_text(text: str) -> str:
    return " ".join(match_key(token.lemma) for token in tokenize(text))


def search_terms(analysis: CallAnalysis) -> SearchTerms:
    return SearchTerms(by_turn={turn.index: reduce_text(turn.text) for turn in analysis.turns})


def query_terms(query: str) -> list[str]:
    """A free-text query as the distinct reduced words it must find, in order."""
    seen: dict[str, None] = {}
    for word in reduce_text(query).split():
        seen.setdefault(word, None)
    return list(seen)
