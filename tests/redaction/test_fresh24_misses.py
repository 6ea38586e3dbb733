"""What calls_fresh24 leaked or lost at its first score: an address read back with a date after it in
the same sentence, an expiry read off the card after "заканчивается", a CVV cut off after one digit."""

from __future__ import annotations

from tests.redaction.turn_texts import redacted_texts


def test_an_address_read_back_ends_at_its_domain_and_the_date_after_it_stays() -> None:
    texts = redacted_texts(
        [
            ("agent", "Куда прислать направление на осмотр, на электронную почту?"),
            ("customer", "почта из ломакин все слипно собака янди-косточка ру в"),
            ("agent", "свала макен собак и янда-косточка Ро, отправлю сегодня, а смотр могу поставить на 3 декабря."),
            ("agent", "Ответ пришлём на почту. Кировись не на собак, а джемейл.com, рассмотрим до 11 декабря."),
        ]
    )
    assert texts[2] == "[EMAIL], отправлю сегодня, а смотр могу поставить на 3 декабря."
    assert texts[3] == "Ответ пришлём на почту. [EMAIL], рассмотрим до 11 декабря."


def test_a_number_read_off_a_card_that_expires_is_no_last_four() -> None:
    texts = redacted_texts([("customer", "у меня кредитка заканчивается, на ней написано 0-1-27. Что с ней?")])
    assert "0-1-27" not in texts[0]
    assert redacted_texts([("agent", "Карта заканчивается на 0127, верно?")]) == [
        "Карта заканчивается на 0127, верно?"
    ]


def test_a_code_cut_off_after_its_first_digit_is_masked() -> None:
    texts = redacted_texts(
        [
            ("customer", "It expires oh nine twenty-nine and the code on the back is seven"),
            ("agent", "You can stop right there. I don't need the security code."),
            ("customer", "I have seven cards and the one I lost was my favourite, number one"),
            ("agent", "Never mind, I will not need it."),
        ],
        "en",
    )
    assert texts[0].endswith("the code on the back is [CVV]")
    assert texts[2] == "I have seven cards and the one I lost was my favourite, number one"
