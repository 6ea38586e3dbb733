"""What calls_fresh32 leaked at its first score: a passport's last four that the agent named as the
passport's, after a card named earlier in the sentence."""

from __future__ import annotations

from tests.redaction.turn_texts import redacted_texts


def test_the_number_named_between_last_four_and_the_digits_is_theirs() -> None:
    texts = redacted_texts(
        [
            (
                "agent",
                "можете перезвонить по номеру на обороте карты для подтверждения и могу назвать последние четыре"
                " цифры вашего паспорта 5 5 2 1",
            )
        ]
    )
    assert texts[0].endswith("последние четыре цифры вашего паспорта [PASSPORT]")
    # "номер" alone there is the card's number
    card = redacted_texts([("agent", "По карте вижу, последние четыре цифры номера 7767, верно?")])
    assert card == ["По карте вижу, последние четыре цифры номера 7767, верно?"]


def test_numbers_that_are_no_one_s_secret_stay() -> None:
    # an address asked for: the house's and the flat's numbers
    assert redacted_texts(
        [
            ("agent", "Хорошо, назовите адрес."),
            ("customer", "Улится Гагарина, дом 23, корпус 2, квартира 117."),
            ("agent", "Так, Гагарин на 23 корпус 2, квартира 117 показаний о поводе"),
        ]
    )[1:] == [
        "Улится Гагарина, дом 23, корпус 2, квартира 117.",
        "Так, Гагарин на 23 корпус 2, квартира 117 показаний о поводе",
    ]
    # a booking's number, its name cut ("брон") or ending the sentence the recogniser closed before it
    assert redacted_texts([("customer", "мы брали тур на 20 декабря, брон 4.5.7.8.9, а мне пришло письмо")]) == [
        "мы брали тур на 20 декабря, брон 4.5.7.8.9, а мне пришло письмо"
    ]
    assert redacted_texts([("agent", "Бронь подтверждена. Номер брони. 4-7-1-2-0-3. Комната 214.")]) == [
        "Бронь подтверждена. Номер брони. 4-7-1-2-0-3. Комната 214."
    ]
    # a round sum the recogniser wrote with a dot, a garbled word before its currency
    said = "учетом того, что аварии не было. 46.000 высееместратор рублей. Это на 3000 меньше."
    assert redacted_texts([("agent", said)]) == [said]
