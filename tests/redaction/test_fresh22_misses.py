"""What calls_fresh22 leaked at its first score: an expiry the agent stopped ("Срок не нужен"), an
account's last four after a garbled "с окончанием", and a PIN begun as two digits said apart."""

from __future__ import annotations

from tests.redaction.turn_texts import redacted_texts
from voc.redaction import find_personal_data


def test_an_expiry_the_agent_says_is_not_needed_is_masked() -> None:
    texts = redacted_texts(
        [
            ("customer", "Сейчас. 4, 2, 7, 6, 3, 8, 1, 0, 4, 5, 1, 2, 0, 9, 7, 2."),
            ("agent", "Спасибо. Карта с окончанием на 0972, верно?"),
            ("customer", "Да, да, она с рауктом до 9, 29, если надо к"),
            ("agent", "Срок не нужен. Спасибо для подтверждения."),
        ]
    )
    assert texts[2] == "Да, да, она с рауктом до [CARD_EXPIRY], если надо к"


def test_an_accounts_last_four_after_a_garbled_ending_word_are_masked() -> None:
    texts = redacted_texts(
        [
            ("customer", "Мне нужно, чтобы деньги сразу были на текущем счете."),
            ("agent", "Секунду, успеваю, счет с вакончанием 29-46, ставка сейчас 16 процентов при продлении."),
        ]
    )
    assert (
        texts[1] == "Секунду, успеваю, счет с вакончанием [ACCOUNT_NUMBER], ставка сейчас 16 процентов при продлении."
    )


def test_a_pin_begun_as_two_digits_said_apart_is_masked_and_a_range_stays() -> None:
    found = find_personal_data("Do you need my PIN? It's 4-4.", "en")[0]
    assert [(f.type, f.start) for f in found] == [("PIN", 25)]
    assert find_personal_data("пин 2-3 раза вводил, потом 4-8 минут ждал", "ru")[0] == []


def test_a_long_dictation_written_one_by_one_is_masked_whole() -> None:
    # calls_fresh23 l11: an account of twenty hyphenated digits. The address pattern used to try
    # exponentially many splits of such a chain (0.7 s for twenty digits, four times more for every two
    # more): these twenty-eight would have held this test for minutes.
    text = "Записала. " + "-".join("4081781053800421765987654321") + ". Банк получателя."
    found = find_personal_data(text, "ru")[0]
    assert [(f.start, f.end) for f in found] == [(10, 10 + 2 * 28 - 1)]
