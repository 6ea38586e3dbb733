"""What calls_fresh30 leaked at its first score: a PIN begun and stopped whose apology the recogniser
put in the same turn, and a phone's last four said before "заканчивается" with its zero heard "на"."""

from __future__ import annotations

from tests.redaction.turn_texts import redacted_texts


def test_a_code_begun_and_warned_about_is_masked_when_an_apology_follows_it_in_the_turn() -> None:
    texts = redacted_texts(
        [
            ("customer", "Мне же в приложение надо зайти, там пин-код 1, да, извините, привычка."),
            ("agent", "Стоп, пин-код не называйте, пожалуйста, никому."),
        ]
    )
    assert texts[0] == "Мне же в приложение надо зайти, там пин-код [PIN], да, извините, привычка."


def test_a_phone_s_last_four_said_before_the_verb_with_its_zero_heard_na_is_masked() -> None:
    texts = redacted_texts(
        [
            (
                "agent",
                "Если приложение спросит номер телефона, это тот, что у нас в карточке, но 66 на 1 заканчивается.",
            ),
            ("agent", "Номер телефона, тот, что в профиле, на 6601 заканчивается."),
        ]
    )
    card = redacted_texts([("agent", "Ваша карта, на 6601 заканчивается, заблокирована.")])
    assert texts[0].endswith("в карточке, но [PHONE] заканчивается.")
    assert texts[1].endswith("на [PHONE] заканчивается.")
    assert card[0] == "Ваша карта, на 6601 заканчивается, заблокирована."  # a card's last four may be shown


def test_the_customer_s_record_is_no_bank_card() -> None:
    texts = redacted_texts([("agent", "Номер телефона тот, что у нас в карточке клиента, заканчивается на 6601.")])
    assert texts[0].endswith("заканчивается на [PHONE].")


def test_a_meter_s_readings_are_no_personal_data() -> None:
    texts = redacted_texts(
        [
            ("agent", "У вас не передавались показания с сентября. Можете сейчас передать показания счетчика."),
            ("customer", "могу день 12-1481, но 5-107. ну"),
            ("customer", "Показания счётчика передам, а телефон мой 8 916 123 45 67."),
        ]
    )
    assert texts[1] == "могу день 12-1481, но 5-107. ну"
    assert texts[2] == "Показания счётчика передам, а телефон мой [PHONE]."


def test_a_card_s_last_four_after_a_misheard_ending_stay_shown() -> None:
    assert redacted_texts([("agent", "Да, это счет с карты и мир. карта заканчивы с на 7-6-3-9.")]) == [
        "Да, это счет с карты и мир. карта заканчивы с на 7-6-3-9."
    ]
    assert redacted_texts([("agent", "Счёт заканчивы с на 7-6-3-9.")]) == ["Счёт заканчивы с на [ACCOUNT_NUMBER]."]
