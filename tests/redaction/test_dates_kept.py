"""Dates a task needs are no card's secret: a month alone, a day alone, a day before its month and an
English "November 30th" stay, even where a card or an expiry was just talked of. A card's expiry said
with its year is still masked.

Made-up calls; the card 2200 7000 0012 3454 has a valid Luhn digit and belongs to no one.
"""

from __future__ import annotations

import pytest

from tests.redaction.test_stage import redact
from voc.config import REDACTION_TYPES
from voc.schemas import Turn


def texts_after(lines: list[tuple[str, str]], language: str = "ru") -> list[str]:
    """The turns' texts after the redaction stage with every type on (the default settings)."""
    turns = [Turn(index=i, speaker=s, start=float(i), end=float(i) + 0.9, text=t) for i, (s, t) in enumerate(lines)]
    return [t.text for t in redact(turns, language, REDACTION_TYPES).turns]


@pytest.mark.parametrize(
    ("lines", "language"),
    [
        # a month alone, after a term that "действует до": the reply is a date, not an expiry
        (
            [
                ("agent", "Акция по кредитке действует до конца апреля."),
                ("customer", "Тогда наберите меня в середине марта."),
            ],
            "ru",
        ),
        # a day alone and a day before its month, after a term the other side doubts
        (
            [
                ("agent", "Ваша карта действует до десятого мая, новую привезём курьером."),
                ("customer", "Мне казалось, что до двадцатого."),
                ("agent", "Проверила, вы правы, до двадцатого мая."),
            ],
            "ru",
        ),
        # days said with their ending after a card was named
        (
            [
                ("agent", "Новая карта будет в отделении ориентировочно 14 марта, я позвоню."),
                ("customer", "14-го я в отъезде, лучше 17-го."),
            ],
            "ru",
        ),
        # Whisper's garble of "шестого" keeps its ending
        (
            [
                ("agent", "По зарплатной карте у вас перерасход, его нужно погасить."),
                ("customer", "Зарплата придёт 5М-6-го, всё закрою."),
            ],
            "ru",
        ),
        (
            [
                ("agent", "Your new card expires on October 31st, and the old one stops working on the 5th."),
                ("customer", "Could you call me on October 30th then?"),
            ],
            "en",
        ),
    ],
)
def test_dates_after_card_talk_stay(lines: list[tuple[str, str]], language: str) -> None:
    assert texts_after(lines, language) == [text for _, text in lines]


def test_an_expiry_with_its_year_is_still_masked() -> None:
    lines = [
        ("agent", "Назовите срок действия карты."),
        ("customer", "До марта двадцать восьмого года."),
    ]
    assert texts_after(lines)[1] == "До [CARD_EXPIRY]."


def test_an_expiry_after_a_card_number_is_still_masked() -> None:
    lines = [
        ("customer", "Карта 2200 7000 0012 3454, срок 04/29."),
        ("agent", "Записала, срок ноль четыре двадцать девять."),
    ]
    after = texts_after(lines)
    assert "3454" not in after[0] and "04/29" not in after[0]
    assert "двадцать девять" not in after[1]


def test_a_sum_charged_before_the_card_stays() -> None:
    after = texts_after([("customer", "Списали 15 990 с карты 2200 7000 0012 3454, я такого не покупала.")])
    assert after == ["Списали 15 990 с карты [CARD_NUMBER], я такого не покупала."]


def test_an_insurance_policy_number_is_a_contract_number_and_stays() -> None:
    line = "Полис ОСАГО ХХХ 0451227783, действует до 14 марта 2027 года."
    assert texts_after([("customer", line)]) == [line]


_SNILS_READ_BACK = (
    "Записала: сто двенадцать, двести тридцать три, четыреста сорок пять, девяносто пять. "
    "Ответ придёт в течение тридцати дней."
)
_PHONE_READ_BACK = (
    "Уточняю: восемь, девятьсот шестнадцать, пятьсот пятьдесят пять, двенадцать, тридцать четыре. "
    "Курьер будет с десяти до двух."
)


@pytest.mark.parametrize(
    ("lines", "kept", "mask"),
    [
        (
            [("customer", "Мой СНИЛС 112 233 445 95."), ("agent", _SNILS_READ_BACK)],
            "в течение тридцати дней",
            "[SNILS]",
        ),
        ([("customer", "Телефон 8 916 555 12 34."), ("agent", _PHONE_READ_BACK)], "с десяти до двух", "[PHONE]"),
    ],
)
def test_a_number_in_the_sentence_after_a_read_back_stays(lines: list[tuple[str, str]], kept: str, mask: str) -> None:
    after = texts_after(lines)
    assert kept in after[1] and mask in after[1]
