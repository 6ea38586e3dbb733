"""A code said and regretted (by the speaker at once, or by the other party's warning right after), another
number's last four read back, and a question that names a contract only as what the data is for.

Lines as Whisper wrote them for synthesised calls (the code's name lost: "обен" for "пин"), or written
the same way; every number is made up.
"""

from __future__ import annotations

from tests.redaction.turn_texts import redacted_texts


def test_a_code_the_speaker_regrets_at_once_is_masked_though_its_name_was_misheard() -> None:
    texts = redacted_texts(
        [
            ("agent", "Это вам в банк нужно. Что случилось?"),
            ("customer", "Я выводил обен 5.3.091, а и вам же нельзя говорить"),
        ]
    )
    assert "5.3.091" not in texts[1] and "[" in texts[1]


def test_an_english_code_regretted_at_once_is_masked() -> None:
    texts = redacted_texts(
        [("agent", "What happened at the machine?"), ("customer", "I typed 6042, I shouldn't say that.")], "en"
    )
    assert "6042" not in texts[1]


def test_the_other_partys_warning_right_after_makes_the_short_number_a_code_of_the_kind_it_names() -> None:
    texts = redacted_texts(
        [
            ("agent", "Что пишет банкомат?"),
            ("customer", "Я ввожу, а там ошибка, 3.9.1.7 и всё."),
            ("agent", "Стоп, пин никому не называйте, даже нам."),
        ]
    )
    assert texts[1] == "Я ввожу, а там ошибка, [PIN] и всё."


def test_a_price_before_a_warning_and_a_routine_reminder_late_in_a_turn_mask_nothing() -> None:
    texts = redacted_texts(
        [
            ("agent", "Что вы заказали?"),
            ("customer", "Три коробки по 1450 и ещё одну за 2380."),
            ("agent", "Не называйте никому код из смс."),
            ("agent", "Что-нибудь ещё добавить к заказу?"),
            ("customer", "Да, номер полки 5821."),
            ("agent", "Поняла, записала, всё оформим к пятнице, а код из смс никому не сообщайте."),
        ]
    )
    assert texts[1] == "Три коробки по 1450 и ещё одну за 2380."
    assert texts[4] == "Да, номер полки 5821."


def test_an_accounts_last_four_read_back_are_masked_and_a_cards_are_kept() -> None:
    texts = redacted_texts(
        [
            ("agent", "На какой счёт перевести?"),
            ("customer", "Счёт 40817 810 5 0021 3374826."),
            ("agent", "Сверяю: счёт заканчивается на 4826, а карта, привязанная к счёту, заканчивается на 7715."),
        ]
    )
    assert texts[1] == "Счёт [ACCOUNT_NUMBER]."
    assert "4826" not in texts[2] and "[ACCOUNT_NUMBER]" in texts[2]
    assert texts[2].endswith("заканчивается на 7715.")


def test_the_last_four_of_a_social_or_a_phone_are_masked_as_that_number() -> None:
    texts = redacted_texts([("agent", "Can you confirm the last four of your social, 6618?")], "en")
    assert texts[0] == "Can you confirm the last four of your social, [SSN]?"
    texts = redacted_texts([("agent", "Номер телефона заканчивается на 4407?")])
    assert texts[0] == "Номер телефона заканчивается на [PHONE]?"


def test_a_number_given_for_a_contract_is_masked_and_a_contracts_own_number_is_kept() -> None:
    # "Для договора нужен ваш ИНН" heard as "...нужен ваш он", the answer's digits garbled with words
    texts = redacted_texts(
        [
            ("agent", "Месяц стоит 12 000 рублей. Для договора нужен ваш он."),
            ("customer", "52,81,44 и. На Лиhedс 2086."),
        ]
    )
    assert "52,81,44" not in texts[1] and "2086" not in texts[1]
    texts = redacted_texts([("agent", "Номер договора?"), ("customer", "52,81,44 и. На 2086.")])
    assert texts[1] == "52,81,44 и. На 2086."


def test_a_code_begun_after_its_name_and_stopped_by_the_agents_warning_is_masked_with_two_digits() -> None:
    # "А три цифры сзади тоже называть? Там семь, четыре..." - "Стоп-стоп, код не называйте"
    texts = redacted_texts(
        [
            ("agent", "срок действия, карты какой-то"),
            ("customer", "ль восемь, тридцатого года, а три цифры сзади тоже называть. Там шесть, один."),
            ("agent", "стопстот, код, не называйте, его вы ведете сами на странице оплаты."),
        ]
    )
    assert texts[1] == "ль [CARD_EXPIRY], а три цифры сзади тоже называть. Там [CVV]."
    texts = redacted_texts(
        [
            ("customer", "Это не я. Вам пин-код от карты нужно для проверки. 3-8."),
            ("agent", "Нет-нет, пинкот никому не называете, а претензию оформлю."),
        ]
    )
    assert texts[0] == "Это не я. Вам пин-код от карты нужно для проверки. [PIN]."


def test_a_code_cut_off_by_a_warning_is_the_code_the_warning_names_first() -> None:
    # calls_fresh19 s07: "и код на обороте восемь один" heard "и кот наобороте 8. один", the agent cut in
    texts = redacted_texts(
        [
            ("customer", "Да, на карту, с которой платил, действует до 9, 29 и кот наобороте 8. один,"),
            ("agent", "Стоп, стой, код, соборота никому не называйте, и номер карта не нужен."),
        ]
    )
    assert texts[0].endswith("и кот наобороте [CVV],")
    # a price that ends a turn is no code, warning or not
    texts = redacted_texts([("customer", "Взял две по 1450"), ("agent", "Код никому не называйте, пожалуйста.")])
    assert texts[0] == "Взял две по 1450"


def test_an_account_over_two_turns_is_one_account_and_its_last_four_read_back_are_masked() -> None:
    # calls_fresh19 s12: thirteen digits taken for a card by their length, seven more after "дальше"
    texts = redacted_texts(
        [
            ("customer", "Остаток переведите на счёт в другом банке номер. 4, 0, 8, 0, 2, 8, 1, 0, 4, 2, 7, 5, 0."),
            ("agent", "записываю, да, дальше."),
            ("customer", "0, 0, 1, 9, 3, 6, 8,"),
            ("agent", "Последнее цифро 936-8, верно,"),
        ]
    )
    assert texts[0].endswith("номер. [ACCOUNT_NUMBER].")
    assert texts[2] == "[ACCOUNT_NUMBER],"
    assert texts[3] == "Последнее цифро [ACCOUNT_NUMBER], верно,"
