from __future__ import annotations

import datetime as dt

from voc.extract import extract_entities
from voc.schemas import Turn

CALL = dt.date(2026, 11, 25)


def test_entities_carry_value_speaker_and_modality() -> None:
    turns = [
        Turn(
            index=0,
            speaker="customer",
            start=0.0,
            end=3.0,
            text="Я открыла вклад на пятьсот тысяч рублей в прошлом году.",
        ),
        Turn(index=1, speaker="customer", start=3.0, end=5.0, text="Перезвоните мне, пожалуйста, завтра."),
        Turn(index=2, speaker="customer", start=5.0, end=7.0, text="Оплачу долг в пятницу, обещаю."),
    ]
    entities, notices = extract_entities(turns, "ru", CALL)
    assert notices == []
    amount = next(e for e in entities if e.kind == "amount")
    assert (amount.value, amount.turn, amount.modality) == (500000.0, 0, "past")
    product = next(e for e in entities if e.kind == "product")
    assert product.value == "deposit"
    tomorrow = next(e for e in entities if e.kind == "date" and e.turn == 1)
    assert (tomorrow.value, tomorrow.text, tomorrow.modality) == ("2026-11-26", "завтра", "request")
    friday = next(e for e in entities if e.kind == "date" and e.turn == 2)
    assert (friday.value, friday.modality, friday.speaker) == ("2026-11-27", "promise", "customer")
    intents = {e.value for e in entities if e.kind == "intent"}
    assert intents == {"callback", "payment_promise"}


def test_impossible_date_is_kept_as_an_entity_without_value() -> None:
    turns = [Turn(index=0, speaker="agent", start=0.0, end=1.0, text="Полис действует до 31 апреля.")]
    entities, notices = extract_entities(turns, "ru", CALL)
    [date] = [e for e in entities if e.kind == "date"]
    assert date.value is None and date.text == "31 апреля"
    assert notices[0].code == "impossible_date" and notices[0].turn == 0


def test_empty_and_odd_input_does_not_crash() -> None:
    turns = [
        Turn(index=0, speaker="unknown", start=0.0, end=0.0, text=""),
        Turn(index=1, speaker="customer", start=0.0, end=0.0, text="... ?? 99.99.9999 тридцать сорокового -го"),
    ]
    entities, _ = extract_entities(turns, "ru", CALL)
    assert all(e.kind != "date" or e.value is None for e in entities)
