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
