"""Person names in Russian turns, by natasha's NER (its weights ship inside the package).

Off by default (`VOC_REDACTION__NAMES=true` turns it on): names are what agents and customers say
most often, the NER costs tens of milliseconds a turn, and a misheard word it takes for a name is
lost from the text. English turns are not tagged (natasha is Russian only).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from voc.redaction.spans import Found


@lru_cache(maxsize=1)
def _tagger() -> tuple[Any, Any]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def find_person_names(text: str) -> list[Found]:
    """Spans natasha tags as a person (PER) in one turn's text."""
    from natasha import Doc

    if not any(ch.isalpha() for ch in text):
        return []
    segmenter, tagger = _tagger()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    return [Found("PERSON_NAME", span.start, span.stop) for span in doc.spans if span.type == "PER"]
