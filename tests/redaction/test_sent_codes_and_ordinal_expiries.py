"""A code sent "to the number from the contract" and asked for, a CVV begun and stopped by a warning that
names the code's side of the card, and a card's expiry read as two ordinals ("девятого, тридцатого
года"). Lines as Whisper base wrote them for the synthesised calls of calls_fresh27 (bb06, bb07, bb11)
or as their authors wrote them; every number is made up.
"""

from __future__ import annotations

from tests.redaction.turn_texts import redacted_texts


def test_a_code_sent_to_a_number_from_the_contract_is_the_code_asked_for() -> None:
    for question in (
        "Спасибо, я отправил кот, но резервный номер раз договора, продиктуете, пожалуйста,",
        "Я отправил код на резервный номер из договора. Продиктуйте, пожалуйста.",
    ):
        texts = redacted_texts([("agent", question), ("customer", "Кот. Четыре. Один. Девять. Шесть.")])
        assert texts[1] == "Кот. [SMS_CODE].", question


def test_a_contract_number_asked_for_stays() -> None:
    for question in (
        "Назовите номер договора, пожалуйста.",
        "Я отправил код на ваш номер. Продиктуйте номер договора.",
    ):
        texts = redacted_texts([("agent", question), ("customer", "4196 7788.")])
        assert texts[1] == "4196 7788.", question


def test_a_cvv_begun_and_stopped_by_a_warning_naming_the_back_of_the_card_is_masked() -> None:
    texts = redacted_texts(
        [
            ("customer", "лесе 29 и на обороте код 3"),
            ("agent", "стоп стоп код с обратной стороны не называете пожалуйста вам придет запрос в приложении"),
        ]
    )
    assert texts[0].endswith("код [CVV]")
    texts = redacted_texts(
        [
            ("customer", "Ноль семь, двадцать девять. И на обороте код, три..."),
            ("agent", "Стоп, стоп, код с обратной стороны не называйте, пожалуйста."),
        ]
    )
    assert "три" not in texts[0] and texts[0].endswith("код, [CVV]...")


def test_a_number_before_a_warning_about_something_else_stays() -> None:
    texts = redacted_texts(
        [
            ("customer", "Дом 29, и на обороте квитанции 3"),
            ("agent", "Хорошо, квитанцию с обратной стороны не заполняйте."),
        ]
    )
    assert texts[0] == "Дом 29, и на обороте квитанции 3"


def test_an_expiry_read_as_two_ordinals_after_a_card_is_masked() -> None:
    for reply in ("Верно, с раукудой на девятого, тридцатого года.", "Верно. Действует до девятого тридцатого года."):
        texts = redacted_texts([("agent", "Повторю: 2200 3135 3153 1938."), ("customer", reply)])
        assert "девятого" not in texts[1] and "[CARD_EXPIRY]" in texts[1], reply
    texts = redacted_texts([("customer", "Карта 2200 3135 3153 1938, до двенадцатого двадцать восьмого года.")])
    assert texts[0] == "Карта [CARD_NUMBER], до [CARD_EXPIRY]."


def test_a_date_with_its_month_and_ordinals_with_no_card_stay() -> None:
    texts = redacted_texts(
        [
            ("customer", "Карта у меня есть. Вклад до двенадцатого декабря двадцать восьмого года."),
            ("customer", "Приеду девятого, к десяти."),
        ]
    )
    assert texts == [
        "Карта у меня есть. Вклад до двенадцатого декабря двадцать восьмого года.",
        "Приеду девятого, к десяти.",
    ]
    texts = redacted_texts([("customer", "Ремонт закончили девятого, двадцатого года переехали.")])
    assert texts == ["Ремонт закончили девятого, двадцатого года переехали."]


def test_a_code_given_again_as_the_new_one_is_masked_too() -> None:
    # calls_fresh29 bd12: the old code, then the new one, a zero of it lost by the recogniser
    texts = redacted_texts(
        [
            ("agent", "Я отправил вам код подтверждения, назовите его,"),
            ("customer", "2,9,61. Нет 100. Это старое сообщение. Новый 4,4,8."),
        ]
    )
    assert texts[1] == "[SMS_CODE]. Нет 100. Это старое сообщение. Новый [SMS_CODE]."
    texts = redacted_texts(
        [("agent", "Назовите код из смс."), ("customer", "Код 2961, а новый тариф 450 рублей. Новый дом 15.")]
    )
    assert texts[1] == "Код [SMS_CODE], а новый тариф 450 рублей. Новый дом 15."
