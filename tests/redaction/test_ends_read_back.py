"""A number's end read back or corrected (calls_fresh21): a phone's last four named far back in the
sentence, and the last three of an ИНН the question garbled, read back and corrected."""

from __future__ import annotations

from tests.redaction.turn_texts import redacted_texts


def test_a_phones_last_four_named_earlier_in_the_sentence_are_masked() -> None:
    texts = redacted_texts(
        [
            ("customer", "Перезвоните мне, пожалуйста, пятнадцатого с утра."),
            ("agent", "Конечно, номер для связи что в профиле, который заканчивается на 22-17,"),
        ]
    )
    assert texts[1] == "Конечно, номер для связи что в профиле, который заканчивается на [PHONE],"


def test_the_end_of_a_dictated_number_read_back_and_corrected_is_masked() -> None:
    texts = redacted_texts(
        [
            ("agent", "Сейчас посмотрим, назовите, пожалуйста, как в свидетельстве."),
            ("customer", "505. 386. 626. 610."),
            ("agent", "Вот в заявке то же самое, и контрольные суммы не сходятся. Последнее три точно. 6, 1, 0."),
            ("customer", "Ай, сейчас гляну. Нет. 601. Это я опечатался."),
            ("agent", "Исправил. Первые три месяца бесплатно, последние три месяца 990 рублей."),
        ]
    )
    assert texts[1] == "[DICTATED_NUMBER]."
    assert texts[2].endswith("Последнее три точно. [DICTATED_NUMBER].")
    assert texts[3] == "Ай, сейчас гляну. Нет. [DICTATED_NUMBER]. Это я опечатался."
    assert texts[4].endswith("последние три месяца 990 рублей.")


def test_the_last_two_corrected_in_english_are_masked() -> None:
    # calls_fresh23 l15: "the last two are five six", heard "the last two or five six"
    texts = redacted_texts(
        [
            ("agent", "What's the checking account number you'd like to use?"),
            ("customer", "Okay, it's zero zero four one seven seven three three nine eight five two"),
            ("agent", "Let me read that back, 004-177-339852."),
            ("customer", "Wait, no, sorry the last two or five six my glasses Yes,"),
            ("agent", "The last two days were 15 degrees, by the way."),
        ],
        "en",
    )
    assert texts[3] == "Wait, no, sorry the last two or [ACCOUNT_NUMBER] my glasses Yes,"
    assert texts[4] == "The last two days were 15 degrees, by the way."


def test_a_phones_last_four_after_a_stray_full_stop_are_masked() -> None:
    # calls_fresh20 t10: the recogniser put a full stop between "заканчивается" and the digits
    texts = redacted_texts(
        [
            ("customer", "Нет, сейчас никак."),
            ("agent", "Отправлю смс с кодом на номер, который заканчивая сына. 8. 8. 1. 4. Это ваш номер."),
        ]
    )
    assert texts[1] == "Отправлю смс с кодом на номер, который заканчивая сына. [PHONE]. Это ваш номер."


def test_the_last_four_asked_for_again_after_a_whole_number_are_masked() -> None:
    # calls_fresh25 q09: the whole SSN volunteered, then only the last four asked for
    texts = redacted_texts(
        [
            ("agent", "Sure, can I verify the last four of your social?"),
            ("customer", "Sure. It's 412-68-3319."),
            ("agent", "Just the last four, please. I don't need the whole number."),
            ("customer", "Oh, sorry. 331-9."),
            ("agent", "And the last four of the card you paid with?"),
            ("customer", "That one ends 7767."),
        ],
        "en",
    )
    assert texts[3] == "Oh, sorry. [SSN]."
    assert texts[5] == "That one ends 7767."
