"""Entities of a call: dates (resolved), amounts, products and intents, with speaker and modality."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from voc.extract import lexicon
from voc.extract.analysis import CallReading, SentenceFacts, read_call
from voc.schemas import Entity, Notice, Turn


def extract_entities(turns: Sequence[Turn], language: str, call_date: dt.date) -> tuple[list[Entity], list[Notice]]:
    """Read the call and list its entities; a caller that also wants tasks reads once and uses `entities_from`."""
    return entities_from(read_call(turns, language, call_date))


def entities_from(reading: CallReading) -> tuple[list[Entity], list[Notice]]:
    """The entities of a call already read, and a notice for each date that does not exist."""
    entities: list[Entity] = []
    notices: list[Notice] = []
    for sentence in reading.sentences:
        entities += _sentence_entities(sentence, reading.language)
        for mention in sentence.dates:
            if mention.value is None:
                notices.append(
                    Notice(
                        code="impossible_date",
                        message=f"'{sentence.original(mention)}' is not a real date; no task made from it",
                        turn=sentence.turn,
                    )
                )
    return entities, notices


def _sentence_entities(sentence: SentenceFacts, lang: str) -> list[Entity]:
    common = {
        "turn": sentence.turn,
        "speaker": sentence.speaker,
        "modality": sentence.modality,
        "start": sentence.start,
        "end": sentence.end,
    }
    out = [
        Entity(kind="date", text=sentence.original(m), value=m.value.isoformat() if m.value else None, **common)
        for m in sentence.dates
    ]
    if sentence.amount:
        amount = sentence.amount
        out.append(Entity(kind="amount", text=f"{amount.value:g} {amount.currency}", value=amount.value, **common))
    if sentence.product:
        name = lexicon.PRODUCT_NAMES[lang][sentence.product]
        out.append(Entity(kind="product", text=name, value=sentence.product, **common))
    out += [Entity(kind="intent", text=sentence.text, value=intent, **common) for intent in sorted(sentence.intents)]
    return out
