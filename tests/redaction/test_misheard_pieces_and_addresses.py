"""A phone's first piece left at the end of a turn whose second piece is masked in the next one, and an
address the recogniser misspelled ("с собаком", "Косточка Ру"), said where an e-mail is expected.

Whisper's own lines from a synthesised vet-clinic and repair-service call; the phone numbers and
addresses belong to no one."""

from __future__ import annotations

from tests.redaction.test_stage import redact, timed_turn


def _texts(lines: list[tuple[str, str]]) -> list[str]:
    turns = [timed_turn(i, speaker, text, i * 5.0) for i, (speaker, text) in enumerate(lines)]
    return [t.text for t in redact(turns).turns]


def test_a_phones_first_piece_goes_with_its_masked_second_piece_when_a_digit_was_lost() -> None:
    texts = _texts(
        [
            ("agent", "вашем имя иномерте Да"),
            ("customer", "Марии Лебедева. Номер 8, 962,"),
            ("agent", "-да,"),
            ("customer", "435, 188."),
            ("agent", "восемь, 962, 41315, 88 электронный вид паспорт."),
        ]
    )
    assert texts[1] == "Марии Лебедева. Номер [PHONE],"
    assert "[PHONE]" in texts[3]


def test_a_number_named_as_something_else_before_a_masked_phone_stays() -> None:
    texts = _texts(
        [
            ("agent", "Номер заказа и телефон?"),
            ("customer", "Заказ 4512, а телефон"),
            ("agent", "Да."),
            ("customer", "8 916 123 45 67."),
        ]
    )
    assert texts[1] == "Заказ 4512, а телефон"  # an order number, and the phone begins only in the next turn
    assert texts[3] == "[PHONE]."


def test_a_long_number_that_cannot_join_the_masked_piece_stays() -> None:
    texts = _texts(
        [
            ("agent", "Ваш номер телефона?"),
            ("customer", "Сейчас, номер 4512 7890 3456 7712,"),
            ("agent", "Да."),
            ("customer", "8 916 123 45 67."),
        ]
    )
    assert "[PHONE]" not in texts[1]  # 16 digits and a phone are no one number


def test_an_address_misheard_after_the_mail_is_named_is_masked_whole() -> None:
    texts = _texts(
        [
            ("agent", "Записал оба номера."),
            ("customer", "Понял, акт пришлите на почту. Пожалуйста, кравцу в точку Петр с собаком и его точка ру."),
        ]
    )
    assert texts[1] == "Понял, акт пришлите на почту. [EMAIL]."


def test_an_address_answer_with_a_dot_inside_a_misheard_word_is_masked_whole() -> None:
    texts = _texts(
        [
            ("agent", "Пришлем на почту, какой адрес?"),
            ("customer", "Лебедеваем 85, собака Янди Косточка Ру."),
        ]
    )
    assert texts[1] == "[EMAIL]."


def test_a_mail_named_with_no_address_said_keeps_its_words() -> None:
    texts = _texts(
        [
            ("agent", "Куда прислать договор?"),
            ("customer", "На почту, пожалуйста. Точка выдачи рядом с домом, собака у меня дома одна."),
        ]
    )
    # "точка" and "собака" in one sentence, but no domain's dot after the "@": no address
    assert texts[1] == "На почту, пожалуйста. Точка выдачи рядом с домом, собака у меня дома одна."


def test_a_count_of_digits_after_a_card_is_no_piece_of_it() -> None:
    texts = _texts(
        [
            ("agent", "Продиктуйте номер карты."),
            (
                "customer",
                "Сорок два, семьдесят шесть, сорок восемь, двадцать восемь, восемнадцать, ноль три, "
                "пятьдесят четыре, семьдесят восемь. Всё, шестнадцать цифр.",
            ),
        ]
    )
    assert texts[1] == "[CARD_NUMBER]. Всё, шестнадцать цифр."


def test_a_branch_number_after_card_talk_stays() -> None:
    texts = _texts(
        [
            ("agent", "Итак, резюмирую: перевыпуск карты, доставка в отделение 8605, бесплатно."),
        ]
    )
    assert texts[0] == "Итак, резюмирую: перевыпуск карты, доставка в отделение 8605, бесплатно."
