"""What calls_fresh33 leaked at its first score: an account asked for with the receipt it is printed on,
a CVV begun and answered "их не называйте", a phone asked for as "номер для связи" and given over two
turns."""

from __future__ import annotations

from tests.redaction.turn_texts import redacted_texts
from voc.redaction.questions import asked_for


def test_a_request_that_names_where_the_number_is_printed_still_asks_for_it() -> None:
    texts = redacted_texts(
        [
            ("agent", "Давайте проверим, продиктуете номер Лицыгова, счеты ребенка, он на квитанции 10 цифров."),
            ("customer", "сейчас 4, 0, 1, 7, 3, 8,"),
            ("agent", "Ага,"),
            ("customer", "5, 2, 6, 0."),
        ]
    )
    assert texts[1] == "сейчас [DICTATED_NUMBER],"
    assert texts[3] == "[DICTATED_NUMBER]."
    assert asked_for("Продиктуйте номер заказа.") is None


def test_a_code_begun_and_answered_with_their_pronoun_is_masked() -> None:
    texts = redacted_texts(
        [
            ("customer", "а три цифры сзади не нужны, там 7,1,"),
            ("agent", "Нет-нет! Их не называйте, это лишнее."),
        ]
    )
    assert texts[0] == "а три цифры сзади не нужны, там [CVV],"
    assert (
        redacted_texts([("customer", "у меня 2 ребенка, 7 и 12 лет"), ("agent", "Их не называйте, не нужно.")])[0]
        == "у меня 2 ребенка, 7 и 12 лет"
    )


def test_a_number_for_contact_is_a_phone_given_over_two_turns() -> None:
    assert asked_for("он вам перезвонит, какой номер для связи.") == "PHONE"
    texts = redacted_texts(
        [
            ("agent", "Руководитель вам перезвонит, какой номер для связи."),
            ("customer", "1986"),
            ("agent", "Так"),
            ("customer", "-1924 на Лисей меня."),
        ]
    )
    assert texts[1] == "[PHONE]"
    assert "1924" not in texts[3]
