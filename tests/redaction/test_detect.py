"""What counts as personal data in one turn, and what does not.

Every number here is made up. Card numbers are test-style PANs with a valid Luhn digit
(2200 7000 0012 3454, 4111 1111 1111 1111), the СНИЛС and ИНН carry valid check digits computed
by hand from their published rules, phones are in ranges no one is billed for in tests.
"""

from __future__ import annotations

import re

import pytest

from voc.redaction import find_personal_data, snils_valid
from voc.redaction.questions import asked_for


def found(text: str, language: str = "ru", context: str = "") -> list[tuple[str, str]]:
    hits, _ = find_personal_data(text, language, context)
    return [(h.type, text[h.start : h.end]) for h in hits]


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        ("Номер карты 2200 7000 0012 3454.", "CARD_NUMBER", "2200 7000 0012 3454"),
        ("номер карты 2200700000123454", "CARD_NUMBER", "2200700000123454"),
        # digit by digit in words
        (
            "карта два два ноль ноль семь ноль ноль ноль ноль ноль один два три четыре пять четыре",
            "CARD_NUMBER",
            "два два ноль ноль семь ноль ноль ноль ноль ноль один два три четыре пять четыре",
        ),
        # read in pairs, with commas between the groups of four
        (
            "записывайте: двадцать два ноль ноль, семьдесят ноль ноль, ноль ноль двенадцать, "
            "тридцать четыре пятьдесят четыре",
            "CARD_NUMBER",
            "двадцать два ноль ноль, семьдесят ноль ноль, ноль ноль двенадцать, тридцать четыре пятьдесят четыре",
        ),
        # Luhn-invalid (one digit misheard) is still a card: the checksum only labels
        ("карта 2200 7000 0012 3455", "CARD_NUMBER", "2200 7000 0012 3455"),
        ("код на обороте три пять семь", "CVV", "три пять семь"),
        ("CVV 357", "CVV", "357"),
        ("срок действия ноль девять двадцать семь", "CARD_EXPIRY", "ноль девять двадцать семь"),
        ("действует до 09/27", "CARD_EXPIRY", "09/27"),
        ("код из смс четыре восемь один пять", "SMS_CODE", "четыре восемь один пять"),
        ("пин-код один девять восемь семь", "PIN", "один девять восемь семь"),
        (
            "паспорт серия сорок пять ноль восемь номер сто двадцать три четыреста пятьдесят шесть",
            "PASSPORT",
            "сорок пять ноль восемь номер сто двадцать три четыреста пятьдесят шесть",
        ),
        ("паспорт 4508 123456", "PASSPORT", "4508 123456"),
        ("мой СНИЛС 143-658-274 78", "SNILS", "143-658-274 78"),
        ("ИНН 7709123453", "INN", "7709123453"),
        ("ИНН пятьсот два семь один два три четыре пять шесть пять один", "INN", None),
        ("счёт 40817 810 0 9999 1234567", "ACCOUNT_NUMBER", "40817 810 0 9999 1234567"),
        ("мой телефон +7 916 123-45-67", "PHONE", "+7 916 123-45-67"),
        (
            "перезвоните на восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь",
            "PHONE",
            "восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь",
        ),
        ("почта anna.sokolova@example.ru", "EMAIL", "anna.sokolova@example.ru"),
        ("пишите anna собака example точка ru", "EMAIL", "anna собака example точка ru"),
    ],
)
def test_russian_personal_data_is_found(text: str, kind: str, span: str | None) -> None:
    hits = found(text)
    assert [k for k, _ in hits] == [kind], hits
    if span is not None:
        assert hits[0][1] == span


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        ("my card number is 4111 1111 1111 1111", "CARD_NUMBER", "4111 1111 1111 1111"),
        (
            "it's four one one one one one one one one one one one one one one one",
            "CARD_NUMBER",
            "four one one one one one one one one one one one one one one one",
        ),
        ("the CVV is seven one four", "CVV", "seven one four"),
        ("the code on the back of the card is 714", "CVV", "714"),
        ("my social security number is 123 45 6789", "SSN", "123 45 6789"),
        ("it's 123-45-6789", "SSN", "123-45-6789"),
        ("call me back at 415-555-0134", "PHONE", "415-555-0134"),
        ("email me at john.doe@example.com", "EMAIL", "john.doe@example.com"),
        ("the verification code is 5 0 9 2 1 3", "SMS_CODE", "5 0 9 2 1 3"),
    ],
)
def test_english_personal_data_is_found(text: str, kind: str, span: str) -> None:
    hits = found(text, "en")
    assert hits == [(kind, span)]


def test_the_agents_question_is_the_context_for_a_bare_answer() -> None:
    assert found("три пять семь", context="назовите три цифры на обороте карты") == [("CVV", "три пять семь")]
    assert found("один два три четыре", context="продиктуйте код из смс") == [("SMS_CODE", "один два три четыре")]
    assert found("пять восемь два ноль", context="вам пришло сообщение с кодом") == [
        ("SMS_CODE", "пять восемь два ноль")
    ]
    # without the question, a reply of nothing but three dictated digits is still someone's code,
    # a round number is not; in a sentence, three digits without a trigger are nothing
    assert found("три пять семь") == [("DICTATED_NUMBER", "три пять семь")]
    assert found("Триста.") == []
    assert found("я звонил три пять семь раз") == []


def test_checksums_label_what_was_found() -> None:
    valid, _ = find_personal_data("карта 2200 7000 0012 3454", "ru")
    broken, _ = find_personal_data("карта 2200 7000 0012 3455", "ru")
    assert valid[0].checksum_valid is True and broken[0].checksum_valid is False
    assert snils_valid("14365827478") and not snils_valid("14365827479")
    assert snils_valid("27539184612")


@pytest.mark.parametrize(
    "text",
    [
        "заказ номер 12345 отправлен",
        "заказ номер двенадцать тысяч триста сорок пять",
        "платёж пять тысяч рублей пятнадцатого марта две тысячи двадцать седьмого года",
        "вклад на двести тысяч рублей до 15.03.2027",
        "ставка семь с половиной процентов на двенадцать месяцев",
        "я звонил уже три раза, третий раз за неделю",
        "кредит на 1 500 000 рублей на 60 месяцев",
        "перезвоните в десять тридцать",
        "в 2024 году я открыл счёт, а в 2025 закрыл",
        "три цифры не сходятся в выписке",
        "ожидайте, пожалуйста, две минуты",
        "номер обращения 4581203",
        "трек-номер посылки 80082345123456, она не пришла",
        "we paid $1,250 on March 15th",
        "my order number is 88412",
        "I called three times last week about the 2 invoices",
    ],
)
def test_numbers_that_are_not_personal_data_survive(text: str) -> None:
    language = "ru" if any("а" <= ch <= "я" for ch in text.lower()) else "en"
    assert found(text, language) == []


def test_a_card_number_corrected_midway_is_masked_whole() -> None:
    text = (
        "номер карты два два ноль ноль, ой нет, "
        "два два ноль один семь ноль ноль ноль ноль ноль один два три четыре пять четыре"
    )
    # the piece, the correction and the number said again: one span, so the words between are masked too
    assert found(text) == [("CARD_NUMBER", text[len("номер карты ") :])]
    # without a card number in the turn, four digits alone stay
    assert found("два два ноль ноль, ой нет") == []


def test_an_address_spelled_in_cyrillic() -> None:
    text = "пишите на анна точка соколова собака яндекс точка ру пожалуйста"
    assert found(text) == [("EMAIL", "анна точка соколова собака яндекс точка ру")]


def test_a_long_number_named_as_something_else_is_not_a_card_unless_a_card_is_named() -> None:
    assert found("трек-номер 80082345123456") == []
    assert found("по заказу платил картой 2200 7000 0012 3454") == [("CARD_NUMBER", "2200 7000 0012 3454")]


def test_a_long_run_nothing_else_claims_is_masked_without_a_trigger() -> None:
    # "And your cell?" came out as "your health."; "seven" as "camera": seven digits are left
    assert found("it's 6, 4, 6, 5, 5, 5, 2, camera, 8, 1,", "en", context="your health.")[0] == (
        "DICTATED_NUMBER",
        "6, 4, 6, 5, 5, 5, 2",
    )
    # "my card is" heard as "At heart is": eight digits of a card in one sentence ("heart" sounds like "card",
    # which labels it; the length alone masks it)
    assert found("At heart is 378-2. 82-2-4. Sorry.", "en") == [("CARD_NUMBER", "378-2. 82-2-4")]
    assert found("At first it is 378-2. 82-2-4. Sorry.", "en") == [("DICTATED_NUMBER", "378-2. 82-2-4")]
    # an order number named before it, or asked for, stays; so do dates and amounts
    assert found("номер заказа 1234 5678") == []
    assert found("12 34 56 78", context="назовите номер заказа.") == []
    assert found("перевёл 1 500 000 рублей 15.03.2027") == []


def test_trigger_words_the_recogniser_changed_still_count_for_the_digits_after_them() -> None:
    # "пин" heard as "бин" (the f07 call of the first fresh batch), the PIN cut to three digits
    assert found("Муз старый бин был 7-7-3, а тебе не подходит") == [("PIN", "7-7-3")]
    assert found("мой бин-код 4821") == [("PIN", "4821")]
    assert found("смеска 4821 пришла") == []  # "смеска" is too far from "смс" and "смску"
    # the same digits written apart one by one are a dictation, whatever named them
    assert found("смеска 4 8 2 1 пришла") == [("DICTATED_NUMBER", "4 8 2 1")]
    assert found("пришла смска, код 482193") == [("SMS_CODE", "482193")]
    # "карту" heard as "кату": a piece of six digits after it is a card's
    assert found("назовите кату 5469 38") == [("CARD_NUMBER", "5469 38")]
    assert found("At heart is 37 82 82", "en") == [("CARD_NUMBER", "37 82 82")]
    # "паспорт" heard as "паспор": its series and number
    assert found("паспор 45 08 123456") == [("PASSPORT", "45 08 123456")]


def test_near_trigger_words_leave_other_numbers_alone() -> None:
    # words one sound away from a trigger, with the numbers tasks need after them
    assert found("part number 4567 is out of stock", "en") == []
    assert found("the cart 2 items 1999 total", "en") == []
    assert found("Я был в Бине 1234 раза") == []  # "бине" is not "пин": a three-letter trigger must match whole
    assert found("в кассе 4 500 рублей") == []
    assert found("пинг 120") == []
    assert found("доставка 15 марта, заказ 123456") == []
    assert found("модель Galaxy S23 за 79 990 рублей") == []
    assert found("карта Мир, платёж 15 000 рублей до 20 декабря") == []


def test_a_dictation_written_as_ordinals_is_a_number() -> None:
    # the d05 call: the customer's card came out as ordinals
    assert found("Чеми 4-й один, но и 2-й 2-й 5-й 6-й 7-й в возле возле.") == [
        ("DICTATED_NUMBER", "2-й 2-й 5-й 6-й 7-й")
    ]
    assert found("мой пин второй пятый шестой седьмой") == [("PIN", "второй пятый шестой седьмой")]
    assert found("номер карты 4-й 2-й 7-й 6-й 3-й 8-й") == [("CARD_NUMBER", "4-й 2-й 7-й 6-й 3-й 8-й")]
    # ordinals that are ordinals: a floor, an entrance, items counted
    assert found("на 5-й этаж, 2-й подъезд") == []
    assert found("пункты 1-й, 2-й, 3-й, 4-й") == []
    assert found("второй раз звоню, третий день жду") == []


def test_a_lone_digit_word_joins_the_digits_beside_it() -> None:
    # the ITN read "три семь три" and left "семь": the PIN is all four
    assert found("Мусть старый бин был семь, три семь три") == [("PIN", "семь, три семь три")]
    assert found("ещё раз семь дней жду") == []


def test_the_tail_of_a_card_said_apart_is_masked_with_it() -> None:
    # the f04 call: "...six three one zero, zero zero five" heard with the last digits apart
    text = "At heart is 378-2. 82-2-4. Sorry. That's starting yet. 378-2. 82-2-4. That's 31-0. You're alive."
    assert [kind for kind, _ in found(text, "en")] == ["CARD_NUMBER"] * 3
    assert found(text, "en")[-1] == ("CARD_NUMBER", "31-0")
    # an amount or a round number after a card stays
    assert found("моя карта 2200 7000 0012 3454, списали 300 рублей") == [("CARD_NUMBER", "2200 7000 0012 3454")]
    assert found("карта 2200 7000 0012 3454, списали 2 450 рублей") == [("CARD_NUMBER", "2200 7000 0012 3454")]


def test_digits_one_misheard_word_after_a_long_number_are_its_end() -> None:
    # the f06 call: "seven" heard as "camera" in the middle of a phone number
    assert found("it's 6, 4, 6, 5, 5, 5, 2, camera, 8, 1,", "en", context="your health.") == [
        ("DICTATED_NUMBER", "6, 4, 6, 5, 5, 5, 2"),
        ("DICTATED_NUMBER", "8, 1"),
    ]
    # times, days and counts said after a phone stay
    assert found("позвоните на 89161234567 в 5 часов") == [("PHONE", "89161234567")]
    assert found("позвоните на 89161234567 через 15 минут") == [("PHONE", "89161234567")]
    assert found("89161234567 звоните 15 числа") == [("PHONE", "89161234567")]
    assert found("телефон 89161234567 и ещё 2") == [("PHONE", "89161234567")]


def test_a_single_letter_beside_a_bare_code_is_noise() -> None:
    # the g04 call of the third fresh batch: "eleven twenty seven" heard as "1127-I" after a question
    # the recogniser garbled ("And the expert is eight on it.")
    assert found("1127-I", "en", context="And the expert is eight on it.") == [("DICTATED_NUMBER", "1127")]
    assert found("а 357") == [("DICTATED_NUMBER", "357")]
    # a word is a word: "at 1127" says when, "дом 12" where
    assert found("at 1127", "en", context="When did it happen?") == []
    assert found("а 300") == []  # a round number


def test_a_trigger_glued_to_the_word_beside_it_still_counts() -> None:
    # the fresh3 calls re-spoken by festival at its natural pitch: "мой пин четыре ноль четыре ноль"
    # came out as "Мойпин 4.0.4.0."; "пин один девять восемь четыре" as "пеннадин 984" (the "один"
    # glued to "пин", the code cut to three digits), which is masked with the glued word
    assert found("Кажется, кто-то узнал Мойпин 4.0.4.0.") == [("PIN", "4.0.4.0")]
    assert found("Я ввёл в пеннадин 984, обымком и забрал карту") == [("PIN", "пеннадин 984")]
    # words that only begin with "пин", or end with it after something other than "мой"/"ваш"...
    assert found("пинать 12 раз") == []
    assert found("Репин 1234") == []
    assert found("пинг 120") == []


def test_a_short_code_after_a_question_the_recogniser_garbled_is_masked() -> None:
    # "And your cell?" heard as "your health?": no trigger is left, the reply is a code with a word
    assert found("Yes, 6 4 6 5.", "en", context="and your health?") == [("DICTATED_NUMBER", "6 4 6 5")]
    assert found("Это 4815.", context="назовите, пожалуйста, ваш кот?") == [("DICTATED_NUMBER", "4815")]
    # a quantity, a price, a time or a date asked for is no code, said bare or with a word or two
    assert found("Триста пятьдесят.", context="сколько стоит?") == []
    assert found("Где-то 1250.", context="на какую сумму?") == []
    assert found("С двенадцати до шести вечера.", context="понятно. а в какое время?") == []
    assert found("About 1130.", "en", context="what time did it happen?") == []
    # without a question, a code said with a word stays a number in a sentence
    assert found("Это 4815.", context="ну вот так.") == []
    # Whisper drops the question mark; a turn as short as a question counts as one
    assert found("Yes, 6 4 6 5.", "en", context="and your health.") == [("DICTATED_NUMBER", "6 4 6 5")]
    # a meter reading after "go ahead" is no one's code (tests/data/emotion: en_calm_meter_reading)
    assert found("It is four two seven one five.", "en", context="sure, go ahead.") == []


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # a sum said after a card and its CVV is neither a piece of the card nor a code
        (
            "Карта 2200 7000 0012 3454, код на обороте 357, и с неё списали сорок тысяч.",
            "ru",
            [("CARD_NUMBER", "2200 7000 0012 3454"), ("CVV", "357")],
        ),
        (
            "card 4111 1111 1111 1111 and they billed me $1,299.00 yesterday, then €45,50 more",
            "en",
            [("CARD_NUMBER", "4111 1111 1111 1111")],
        ),
        ("по карте сняли четыре тысячи двести вчера", "ru", []),
        ("задолженность по кредиту два миллиона четыреста тысяч", "ru", []),
        (
            "a balance of twelve thousand on the card 4111 1111 1111 1111",
            "en",
            [("CARD_NUMBER", "4111 1111 1111 1111")],
        ),
        # a group of a card said as a number with "тысячи" is still a piece of the card
        (
            "номер карты четыре тысячи двести семьдесят шесть, три восемь ноль ноль",
            "ru",
            [("CARD_NUMBER", "четыре тысячи двести семьдесят шесть, три восемь ноль ноль")],
        ),
        # a money word before it does not make the first group of a card read out a sum
        (
            "сняли деньги, карта четыре тысячи двести семьдесят шесть, три восемь ноль ноль, "
            "девять девять восемь восемь, семь семь шесть семь",
            "ru",
            [
                (
                    "CARD_NUMBER",
                    "четыре тысячи двести семьдесят шесть, три восемь ноль ноль, "
                    "девять девять восемь восемь, семь семь шесть семь",
                )
            ],
        ),
        # and a passport number said with "тысячи" is still a passport number
        (
            "паспорт серия сорок пять ноль восемь, номер сто двадцать три тысячи четыреста пятьдесят шесть",
            "ru",
            [("PASSPORT", "сорок пять ноль восемь, номер сто двадцать три тысячи четыреста пятьдесят шесть")],
        ),
    ],
)
def test_an_amount_is_never_a_card_piece_or_a_dictated_number(
    text: str, language: str, expected: list[tuple[str, str]]
) -> None:
    assert found(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "context"),
    [
        ("Мой трек-номер восемьдесят один ноль ноль, два три четыре пять шесть семь восемь девять ноль", "ru", ""),
        ("номер обращения 2027-415, я звонила вчера", "ru", ""),
        ("My ticket number is 4471-902, opened yesterday.", "en", "Do you have a ticket number?"),
        ("Claim number 55 310 872 was rejected", "en", ""),
        ("It's case 6620-31, from last week.", "en", ""),
        # the question names the parcel's number; the card is only what the parcel holds
        (
            "Девяносто ноль ноль один, два три, четыре пять шесть семь восемь девять.",
            "ru",
            "Продиктуйте номер отправления с новой картой.",
        ),
    ],
)
def test_a_number_named_as_a_parcel_case_or_ticket_number_is_kept(text: str, language: str, context: str) -> None:
    assert found(text, language, context.lower()) == []


def test_a_named_reference_does_not_shield_a_card_said_after_it() -> None:
    assert found("номер заказа 4471, а карта 2200 7000 0012 3454") == [("CARD_NUMBER", "2200 7000 0012 3454")]
    assert found("order number 88412 and my phone is 202 555 0147", "en") == [("PHONE", "202 555 0147")]
    # a valid phone number is a phone even right after a request is named
    assert found("заявка на перевыпуск 89251234567") == [("PHONE", "89251234567")]
    assert found("обращение по поводу списания, 8 925 123 45 67") == [("PHONE", "8 925 123 45 67")]


def test_the_last_four_digits_of_a_card_are_kept() -> None:
    assert found("Карта, которая заканчивается на 3454, заблокирована") == []
    assert found("my card ending in 1111 was declined", "en") == []
    assert found("Card ending 1111, is that the one?", "en") == []
    hits, _ = find_personal_data(
        "Три четыре пять четыре.", "ru", "назовите последние четыре цифры карты.", None, "CARD_NUMBER"
    )
    assert hits == []
    # a piece of a card said after the word card is still masked
    assert found("карта пять четыре шесть девять, три восемь ноль ноль") == [
        ("CARD_NUMBER", "пять четыре шесть девять, три восемь ноль ноль")
    ]


@pytest.mark.parametrize(
    ("question", "answer", "language", "span"),
    [
        (
            "До какого месяца карта действительна?",
            "До октября двадцать девятого года.",
            "ru",
            "октября двадцать девятого года",
        ),
        ("Сколько ещё действует ваша карта?", "до июня тридцать первого года", "ru", "июня тридцать первого года"),
        ("Until when is the card valid?", "Until March twenty twenty nine.", "en", "March twenty twenty nine"),
    ],
)
def test_an_expiry_in_words_after_a_validity_question_is_masked(
    question: str, answer: str, language: str, span: str
) -> None:
    assert asked_for(question) == "CARD_EXPIRY"
    hits, _ = find_personal_data(answer, language, question.lower(), None, asked_for(question))
    assert [(h.type, answer[h.start : h.end]) for h in hits] == [("CARD_EXPIRY", span)]


def test_a_validity_question_about_something_other_than_a_card_asks_for_no_expiry() -> None:
    assert asked_for("До какого числа действует акция?") is None


def test_an_address_spelled_letter_by_letter_or_with_numbers_is_masked_whole() -> None:
    text = "sure, it's j, o, h, n, s, m, i, t, h at outlook dot com"
    assert found(text, "en") == [("EMAIL", "j, o, h, n, s, m, i, t, h at outlook dot com")]
    text = "почта иван точка петров двадцать два собака яндекс точка ру"
    assert found(text) == [("EMAIL", "иван точка петров двадцать два собака яндекс точка ру")]


@pytest.mark.parametrize(
    "text",
    [
        "Списание было с карты с окончанием 4412, вчера вечером.",
        "Да, последние два ноль ноль девять.",
        "Последние четыре — три восемь один пять.",
        "It was the card with the last digits 6021.",
        "The card ending in 3307 was declined.",
    ],
)
def test_the_last_four_of_a_card_named_in_other_ways_are_kept(text: str) -> None:
    language = "ru" if any("а" <= ch <= "я" for ch in text.lower()) else "en"
    assert found(text, language) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("My parcel is 1Z4F81A20398765442, it was due Monday.", "en"),
        ("Order XK-825167340912 never arrived.", "en"),
        ("Посылка RA123456785RU пришла на почту.", "ru"),
    ],
)
def test_the_digits_of_an_alphanumeric_reference_are_not_personal_data(text: str, language: str) -> None:
    assert found(text, language) == []


def test_a_code_glued_to_its_name_is_not_a_reference() -> None:
    assert [kind for kind, _ in found("It says PIN-4821 on the slip.", "en")] == ["PIN"]


@pytest.mark.parametrize(
    ("text", "language", "context", "kind", "span"),
    [
        (
            "Пришёл, пять пять один два, нет, извините, пять пять один три.",
            "ru",
            "Продиктуйте код из смс",
            "SMS_CODE",
            "пять пять один два, нет, извините, пять пять один три",
        ),
        ("It's 523-41-7790, sorry, 523-41-7709.", "en", "And your SSN?", "SSN", "523-41-7790, sorry, 523-41-7709"),
        (
            "Two two zero zero, one nine four seven, um, five five zero one, three two eight six.",
            "en",
            "Could you read me the card number?",
            "CARD_NUMBER",
            "Two two zero zero, one nine four seven, um, five five zero one, three two eight six",
        ),
    ],
)
def test_a_number_corrected_or_paused_midway_is_one_span_of_one_type(
    text: str, language: str, context: str, kind: str, span: str
) -> None:
    hits, _ = find_personal_data(text, language, context, asked=asked_for(context))
    assert [(h.type, text[h.start : h.end]) for h in hits] == [(kind, span)]


def test_two_numbers_of_different_kinds_with_a_no_between_stay_apart() -> None:
    text = "Пин один два три четыре, нет, смс код пять шесть семь восемь."
    assert [kind for kind, _ in found(text)] == ["PIN", "SMS_CODE"]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Одиннадцать, двадцать девятый.", "Одиннадцать, двадцать девятый"),
        ("Ноль три, двадцать восьмого года.", "Ноль три, двадцать восьмого года"),
    ],
)
def test_an_expiry_said_as_a_month_and_a_year_ordinal(text: str, span: str) -> None:
    context = "Срок действия карты?"
    hits, _ = find_personal_data(text, "ru", context, asked=asked_for(context))
    assert [(h.type, text[h.start : h.end]) for h in hits] == [("CARD_EXPIRY", span)]


def test_a_spoken_plus_is_masked_with_its_phone() -> None:
    text = "Плюс семь, девятьсот шестнадцать, двести сорок, восемнадцать, ноль два."
    assert found(text, "ru", "Ваш номер телефона?") == [("PHONE", text[:-1])]


def test_a_card_said_in_two_halves_with_words_between_is_one_card() -> None:
    text = "Карта 5536 9140 — это начало, остальное 2871 0063."
    assert found(text) == [("CARD_NUMBER", "5536 9140 — это начало, остальное 2871 0063")]


def test_a_written_plus_makes_a_possible_number_a_phone() -> None:
    # Ofcom's range for fiction: possible, not valid, and no phone word said before it
    text = "I'm abroad, text me on +44 7700 900872 tonight."
    assert found(text, "en") == [("PHONE", "+44 7700 900872")]


def test_an_iban_is_an_account_not_a_reference() -> None:
    # the textbook example IBAN: two letters and digits in one token, but an account all the same
    text = "Pay it to DE89370400440532013000, please."
    assert found(text, "en") == [("ACCOUNT_NUMBER", "89370400440532013000")]


@pytest.mark.parametrize(
    ("text", "language", "span"),
    [
        ("My card expires 11/28 and the code on the back reads six zero two.", "en", "six zero two"),
        ("It's the three digit number, five one seven.", "en", "five one seven"),
        ("Код с обратной стороны карты — девять четыре один.", "ru", "девять четыре один"),
        ("Цифры сзади на карте: три три восемь.", "ru", "три три восемь"),
    ],
)
def test_every_way_of_naming_the_cvv_triggers_it(text: str, language: str, span: str) -> None:
    assert ("CVV", span) in found(text, language)


@pytest.mark.parametrize(
    ("text", "language", "card", "kept"),
    [
        (
            "Моя карта оканчивается на три девять девять один, а начинается на пять пять три шесть девять один.",
            "ru",
            "пять пять три шесть девять один",
            "три девять девять один",
        ),
        ("The card ends in 4410 and the first six digits are 411111.", "en", "411111", "4410"),
    ],
)
def test_the_first_digits_of_a_card_are_masked_its_last_four_kept(
    text: str, language: str, card: str, kept: str
) -> None:
    hits = found(text, language)
    assert ("CARD_NUMBER", card) in hits
    assert all(kept not in span for _, span in hits)


@pytest.mark.parametrize(
    ("text", "language", "context", "tail"),
    [
        ("Sure, 646 555 0193. No wait, make it zero one nine one.", "en", "Your phone number?", "zero one nine one"),
        (
            "Восемь девятьсот шестнадцать, двести сорок, восемнадцать ноль два, точнее, восемнадцать двадцать.",
            "ru",
            "Ваш номер телефона?",
            "восемнадцать двадцать",
        ),
    ],
)
def test_a_corrected_tail_of_a_phone_is_masked_as_the_phone(text: str, language: str, context: str, tail: str) -> None:
    hits = found(text, language, context)
    assert any(kind == "PHONE" and tail in span for kind, span in hits)


def test_an_amount_said_with_thousands_in_reply_to_how_much_is_kept() -> None:
    assert found("Двести сорок тысяч шестьсот.", "ru", "На какую сумму был платёж?") == []


def test_my_social_names_a_social_security_number() -> None:
    text = "Sure, my social is five three one, two two, eight four zero six."
    assert found(text, "en") == [("SSN", "five three one, two two, eight four zero six")]


def test_snils_check_digits_said_apart_stay_with_it_and_a_phone_after_is_a_phone() -> None:
    text = (
        "СНИЛС сто двенадцать, двести тридцать три, четыреста сорок пять, и контрольное число девяносто пять. "
        "А мобильный восемь девятьсот шестнадцать, двести сорок, восемнадцать, ноль два."
    )
    hits = found(text, "ru")
    assert hits[0] == (
        "SNILS",
        "сто двенадцать, двести тридцать три, четыреста сорок пять, и контрольное число девяносто пять",
    )
    assert hits[1] == ("PHONE", "восемь девятьсот шестнадцать, двести сорок, восемнадцать, ноль два")


def test_a_sum_said_after_a_request_to_name_it_is_kept() -> None:
    context = "Назовите сумму перевода."
    hits, _ = find_personal_data("Двести сорок тысяч шестьсот.", "ru", context, asked=asked_for(context))
    assert hits == []


def test_the_back_of_something_else_is_no_cvv() -> None:
    assert found("The sticker on the back says model 2040.", "en") == []


def found_after(text: str, language: str, context: str) -> list[tuple[str, str]]:
    """As the stage finds it: with what the previous turn asked for."""
    hits, _ = find_personal_data(text, language, context, asked=asked_for(context))
    return [(h.type, text[h.start : h.end]) for h in hits]


@pytest.mark.parametrize(
    ("text", "language", "context", "begun", "said"),
    [
        (
            "Телефон восемь девятьсот три, пять... ой, это рабочий, не тот. "
            "Мобильный: восемь девятьсот шестьдесят один, двести два, сорок, ноль девять.",
            "ru",
            "",
            ("PHONE", "восемь девятьсот три, пять"),
            ("PHONE", "восемь девятьсот шестьдесят один, двести два, сорок, ноль девять"),
        ),
        (
            "Паспорт сорок шесть ноль один, два... нет, сбилась. "
            "Серия сорок шесть ноль один, номер триста двенадцать пятьсот сорок шесть.",
            "ru",
            "",
            ("PASSPORT", "сорок шесть ноль один, два"),
            ("PASSPORT", "сорок шесть ноль один, номер триста двенадцать пятьсот сорок шесть"),
        ),
        (
            "ИНН семь семь ноль девять... хотя нет, это старый, я переоформлялась. "
            "Новый семь семь ноль один два три четыре пять шесть семь.",
            "ru",
            "",
            ("INN", "семь семь ноль девять"),
            ("INN", "семь семь ноль один два три четыре пять шесть семь"),
        ),
        (
            "You can call me on four one five, two... scratch that, use my cell, "
            "six five zero, five five five, zero one four four.",
            "en",
            "",
            ("PHONE", "four one five, two"),
            ("PHONE", "six five zero, five five five, zero one four four"),
        ),
        (
            "Мой номер восемь девятьсот три, пардон, это рабочий был. "
            "Личный: восемь девятьсот тридцать три, двести двенадцать, ноль семь, ноль восемь.",
            "ru",
            "",
            ("PHONE", "восемь девятьсот три"),
            ("PHONE", "восемь девятьсот тридцать три, двести двенадцать, ноль семь, ноль восемь"),
        ),
        (
            "Call me at two one two, five... strike that, my mistake. "
            "It's three four seven, five five five, zero one nine two.",
            "en",
            "",
            ("PHONE", "two one two, five"),
            ("PHONE", "three four seven, five five five, zero one nine two"),
        ),
        # the social security question is no CVV's "security number"
        (
            "It's five three one, two... sorry, wrong one, that's my daughter's. "
            "Mine is five three one, four four, seven seven zero two.",
            "en",
            "What's your social security number?",
            ("SSN", "five three one, two"),
            ("SSN", "five three one, four four, seven seven zero two"),
        ),
        # the words before the first go name the number said again after a long excuse
        (
            "My social is four one two, six eight... sorry, I mixed it up with my husband's number there. "
            "Mine is four one two, eight six, three three nine one.",
            "en",
            "",
            ("SSN", "four one two, six eight"),
            ("SSN", "four one two, eight six, three three nine one"),
        ),
        # taking a number back does not stop a reply from being a bare answer to the question
        (
            "Один один двадцать шесть... ой, нет, это у старой карты было, новую смотрю. Ноль два, двадцать девятый.",
            "ru",
            "Срок действия карты?",
            ("CARD_EXPIRY", "Один один двадцать шесть"),
            ("CARD_EXPIRY", "Ноль два, двадцать девятый"),
        ),
    ],
)
def test_a_number_begun_and_taken_back_is_masked_as_the_one_said_in_its_place(
    text: str, language: str, context: str, begun: tuple[str, str], said: tuple[str, str]
) -> None:
    assert found_after(text, language, context) == [begun, said]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Я звонила три раза, нет, четыре раза, и ждала по 15 минут.", "ru"),
        ("Списали 350, ой, нет, 530 рублей, и ещё 120 рублей комиссии.", "ru"),
        ("Заказ 1234, нет, простите, 4321, пришёл без чека.", "ru"),
        ("It was on the 12th, no wait, the 14th, at 5 pm, and I paid 39.99 dollars.", "en"),
    ],
)
def test_counts_orders_and_sums_corrected_mid_way_stay(text: str, language: str) -> None:
    assert found(text, language) == []


@pytest.mark.parametrize(
    "question",
    ["Какой код вам пришёл в сообщении?", "Я выслала вам код, назовите его.", "Read me the code we texted you."],
)
def test_a_code_said_to_have_been_sent_asks_for_the_sms_code(question: str) -> None:
    assert asked_for(question) == "SMS_CODE"


def test_a_dictation_paused_with_hesitation_is_one_number() -> None:
    text = (
        "Записывайте: восемь... м-м... девятьсот двадцать один... э-э... триста сорок, ноль два... так... семнадцать."
    )
    assert found_after(text, "ru", "Ваш мобильный?") == [
        ("PHONE", "восемь... м-м... девятьсот двадцать один... э-э... триста сорок, ноль два... так... семнадцать")
    ]


@pytest.mark.parametrize(
    ("text", "language", "piece"),
    [
        (
            "Мой номер восемь девятьсот... ой, подождите, у меня второй звонок, я вам перезвоню.",
            "ru",
            ("PHONE", "восемь девятьсот"),
        ),
        (
            "My cell is six one seven, five... sorry, hang on, my kid is yelling.",
            "en",
            ("PHONE", "six one seven, five"),
        ),
        (
            "СНИЛС сто двенадцать, двести... нет, подождите, не могу найти, перезвоню.",
            "ru",
            ("SNILS", "сто двенадцать, двести"),
        ),
    ],
)
def test_a_number_begun_after_its_name_and_dropped_is_masked(text: str, language: str, piece: tuple[str, str]) -> None:
    assert found(text, language) == [piece]


@pytest.mark.parametrize(
    ("text", "language", "context", "expected"),
    [
        # a spoken slash between the month and the year
        (
            "Ноль четыре слэш двадцать шесть.",
            "ru",
            "Срок действия карты?",
            [("CARD_EXPIRY", "Ноль четыре слэш двадцать шесть")],
        ),
        ("Oh three slash thirty.", "en", "When does your card expire?", [("CARD_EXPIRY", "Oh three slash thirty")]),
        # "срок до 08 27": the ITN reads the pair as a time, 08:27
        (
            "Карта 2200 7000 0012 3454, срок до 08 27.",
            "ru",
            "",
            [("CARD_NUMBER", "2200 7000 0012 3454"), ("CARD_EXPIRY", "08 27")],
        ),
        ("It's good thru 05/28.", "en", "", [("CARD_EXPIRY", "05/28")]),
        # the ITN joined the month to the card's digits; the said slash parts them again
        (
            "2200 7000 0012 3454, ноль семь дробь двадцать девять.",
            "ru",
            "Назовите номер карты.",
            [("CARD_NUMBER", "2200 7000 0012 3454"), ("CARD_EXPIRY", "ноль семь дробь двадцать девять")],
        ),
        # a house number, a count of days, a time and a date stay
        ("Карту привезите в дом 12 дробь 25.", "ru", "", []),
        ("Заявку рассмотрят в срок до 10 20 дней.", "ru", "", []),
        ("Предложение по карте действует до 10 30 утра.", "ru", "", []),
        ("Your car insurance expires on 15.12.2026.", "en", "", []),
    ],
)
def test_an_expiry_said_as_a_month_and_a_year(
    text: str, language: str, context: str, expected: list[tuple[str, str]]
) -> None:
    assert found_after(text, language, context) == expected


@pytest.mark.parametrize(
    ("text", "language", "context", "expiry"),
    [
        # more words in the reply than a bare answer has
        (
            "До сентября двадцать седьмого года, там так написано.",
            "ru",
            "До какого месяца и года действует карта?",
            "сентября двадцать седьмого года",
        ),
        (
            "It says June of twenty thirty on the front.",
            "en",
            "What's the expiry date on the card?",
            "June of twenty thirty",
        ),
        ("В мае тридцатого, вроде бы.", "ru", "Когда истекает ваша карта?", "мае тридцатого"),
        ("Карта до марта 2030 года, лимит сто тысяч.", "ru", "Уточните срок действия карты.", "марта 2030 года"),
        # the month said by its number
        (
            "Там седьмой месяц двадцать девятого года.",
            "ru",
            "Срок действия карты?",
            "седьмой месяц двадцать девятого года",
        ),
    ],
)
def test_an_expiry_said_with_a_month_name_inside_a_longer_reply(
    text: str, language: str, context: str, expiry: str
) -> None:
    assert found_after(text, language, context) == [("CARD_EXPIRY", expiry)]


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("Акция действует до марта 2027 года.", ""),
        ("Срок действия договора до марта 2027 года.", ""),
        ("Карту выдали двенадцатого мая двадцать первого года.", "Срок действия карты?"),
        ("А вклад у меня до марта двадцать девятого года.", "До какого месяца действует карта?"),
    ],
)
def test_a_month_and_year_that_is_no_card_expiry_stays(text: str, context: str) -> None:
    assert [f for f in found_after(text, "ru", context) if f[0] == "CARD_EXPIRY"] == []


@pytest.mark.parametrize(
    ("text", "language", "address"),
    [
        # a written name and domain with a said "собака"/"собачка"
        ("Пишите: petrov.oleg собачка gmail.com", "ru", "petrov.oleg собачка gmail.com"),
        ("почта ivan.petrov82 собака example.ru", "ru", "ivan.petrov82 собака example.ru"),
        # an underscore said in the name, a dot said as "дот"
        (
            "На мейл: олег подчёркивание смирнов собака яндекс дот ру.",
            "ru",
            "олег подчёркивание смирнов собака яндекс дот ру",
        ),
        ("Yeah, it's tom underscore baker at gmail dot com.", "en", "tom underscore baker at gmail dot com"),
        # initials with said dots, then the surname letter by letter
        (
            "Sure, it's j dot r dot m c c a r t h y at example dot com.",
            "en",
            "j dot r dot m c c a r t h y at example dot com",
        ),
        ("To s dot k dot l e e at outlook.com please.", "en", "s dot k dot l e e at outlook.com"),
    ],
)
def test_an_address_said_written_or_mixed_is_masked_whole(text: str, language: str, address: str) -> None:
    assert found(text, language) == [("EMAIL", address)]


def test_a_written_address_after_at_is_one_address() -> None:
    assert found("email me at mary.jones@example.org", "en") == [("EMAIL", "mary.jones@example.org")]


@pytest.mark.parametrize(
    ("text", "language", "context", "kept"),
    [
        ("паспорт 4510 123456, выдан в 2015 году", "ru", "Паспортные данные, пожалуйста.", ("PASSPORT", "4510 123456")),
        ("СНИЛС 112-233-445 95, получала в 2009 году.", "ru", "Назовите СНИЛС.", ("SNILS", "112-233-445 95")),
        ("It's 412-68-3391, issued in 1998.", "en", "And your social security number?", ("SSN", "412-68-3391")),
        ("Паспорт 4510 123456, получен в 14-м году.", "ru", "Паспортные данные?", ("PASSPORT", "4510 123456")),
    ],
)
def test_a_year_after_a_document_number_is_no_piece_of_it(
    text: str, language: str, context: str, kept: tuple[str, str]
) -> None:
    assert found_after(text, language, context) == [kept]


@pytest.mark.parametrize(
    ("text", "language", "context"),
    [
        ("Пять один... нет, пять два ноль ноль.", "ru", "Назовите последние четыре цифры карты."),
        ("Two nine... sorry, two eight one four.", "en", "Can you confirm the last four of the card?"),
        ("Четыре пять шесть... ой, нет, четыре пять семь восемь девять один.", "ru", "Номер заказа подскажите?"),
    ],
)
def test_the_abandoned_start_of_a_number_that_is_kept_is_kept(text: str, language: str, context: str) -> None:
    assert found_after(text, language, context) == []


def test_a_pin_trigger_heard_with_another_vowel_right_before_the_digits() -> None:
    assert found("Я ввела пен-4-0-1-9, а он пишет неверный.") == [("PIN", "4-0-1-9")]
    assert found("Купил пенал 2007 года.") == []


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        ("I bought it at amazon.com last week.", "", []),
        ("My email is tom at gmail.com.", "", [("EMAIL", "tom at gmail.com")]),
        ("tom at gmail.com", "What's your email?", [("EMAIL", "tom at gmail.com")]),
    ],
)
def test_one_plain_word_before_at_is_an_address_only_where_an_email_is_meant(
    text: str, context: str, expected: list[tuple[str, str]]
) -> None:
    assert found_after(text, "en", context) == expected


def test_a_year_right_after_a_codes_name_is_the_code() -> None:
    assert found("Мой пин 1987 год рождения мужа.") == [("PIN", "1987")]


def test_a_number_said_in_place_of_an_order_number_is_kept() -> None:
    corrected = "Номер заказа двенадцать тридцать четыре... ой, нет, двенадцать сорок три пятьсот шестьдесят семь."
    assert found(corrected) == []
    # a phone named between is the phone
    phone = (
        "Номер заказа двенадцать тридцать четыре... ой, нет, это телефон, "
        "восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь."
    )
    assert [kind for kind, _ in found(phone)] == ["PHONE"]


@pytest.mark.parametrize(
    ("text", "language", "span"),
    [
        ("Карта с окончанием 6612, срок 0-3-28, перевыпуск не нужен.", "ru", "0-3-28"),
        ("Ваша карта действует 11 27, всё верно.", "ru", "11 27"),
        ("По карте на 5521: до ноль четыре тридцать, верно?", "ru", "ноль четыре тридцать"),
        ("The card ending 4410, exp 05 28, is that right?", "en", "05 28"),
    ],
)
def test_a_bare_expiry_word_right_before_month_and_year_in_talk_about_a_card(
    text: str, language: str, span: str
) -> None:
    assert ("CARD_EXPIRY", span) in found(text, language)


def test_a_bare_expiry_word_leaves_times_counts_and_other_terms_alone() -> None:
    assert found("Карту привезут до 10 30 утра.") == []
    assert found("Срок перевыпуска карты 10 дней.") == []
    assert found("Курьер будет до 11 20, карту возьмите с собой.") == []


def test_card_digits_and_expiry_joined_into_one_run_are_the_card_and_its_expiry() -> None:
    context = "Назовите номер карты и срок действия."
    text = "Два два ноль ноль, семь ноль ноль один, два три четыре пять, шесть семь восемь девять, один ноль два восемь"
    assert [kind for kind, _ in found(text, "ru", context)] == ["CARD_NUMBER", "CARD_EXPIRY"]
    assert found(text, "ru", context)[1] == ("CARD_EXPIRY", "один ноль два восемь")


@pytest.mark.parametrize(
    ("text", "language", "context", "span"),
    [
        ("The ATM keeps saying T9N is wrong, I said it 5819 this morning.", "en", "", "5819"),
        ("It rejects it. I changed it to 2846 on Monday.", "en", "Does the machine say the code is wrong?", "2846"),
        ("Банкомат не пускает, я же поставил 7315 вчера.", "ru", "", "7315"),
        ("Сменила на 4096, а он всё равно не берёт.", "ru", "Банкомат пишет, что код неверный?", "4096"),
        ("The peen fails, I typed 6604.", "en", "", "6604"),
    ],
)
def test_a_code_set_or_entered_in_talk_about_a_pin_is_the_pin(
    text: str, language: str, context: str, span: str
) -> None:
    assert ("PIN", span) in found(text, language, context)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The ATM ate my card, I entered 5000 dollars to withdraw.", "en"),
        ("Банкомат не выдал деньги, я ввёл 3500 рублей.", "ru"),
        ("I set the ATM alert to 1030 am.", "en"),
        ("Банкомат сломался, поставил заявку на 2000.", "ru"),
    ],
)
def test_amounts_and_times_set_at_an_atm_are_no_pin(text: str, language: str) -> None:
    assert not [kind for kind, _ in found(text, language) if kind == "PIN"]


def test_after_the_agent_reads_back_a_cards_ending_four_digits_are_not_taken_for_it() -> None:
    # the agent said the ending, so the next four digits answer something else
    read_back = "Got it, the card ending 7128. What seems to be the problem?"
    assert found_after("The ATM says my T9N is wrong, I said it 4630.", "en", read_back) == [("PIN", "4630")]
    # asked for the last four, they are kept
    assert found_after("7128", "en", "What are the last four digits of the card?") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the recogniser wrote the card's first pairs "двадцать два ноль два, шестьдесят девять" as a date
        (
            "карта 22.02.69 на ледейн, 28.61.55.15 до ноября 27.00.",
            [("CARD_NUMBER", "22.02.69"), ("CARD_NUMBER", "28.61.55.15"), ("CARD_NUMBER", "27.00")],
        ),
        ("Карта 22.02.69, 28.61.55.15", [("CARD_NUMBER", "22.02.69, 28.61.55.15")]),
        # a date named as one, or with a payment word before it, stays beside the card
        ("карта 4111 1111 1111 1111, платёж от 15.12.26", [("CARD_NUMBER", "4111 1111 1111 1111")]),
        ("номер карты 1234 5678, последний платёж 15.12.26", [("CARD_NUMBER", "1234 5678")]),
        ("паспорт 4508 123456 выдан 15.12.16", [("PASSPORT", "4508 123456")]),
    ],
)
def test_date_shaped_pairs_of_a_card_read_out_are_its_digits(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_a_stray_word_between_the_groups_of_a_slow_read_back_does_not_cut_the_number() -> None:
    # an elderly caller's number read back slowly; the recogniser put "в" between the groups
    text = "Восемь девятьсот шестьдесят, один в сто сорок, двадцать два, ноль в восемь, пенсия зачислим четвёртого."
    assert found(text, context="Сейчас в 961, 142, 08.") == [
        ("PHONE", "Восемь девятьсот шестьдесят, один в сто сорок, двадцать два, ноль")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Перезвоню в два и в пять, договорились.",
        "Было три платежа по сто в десять часов.",
    ],
)
def test_numbers_with_a_short_word_between_stay_apart_when_shorter_than_a_phone(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Пять пять три шесть, семь девять один четыре, три три... нет, подождите, сбилась, "
            "три три три три, ноль один девять четыре",
            "ru",
        ),
        (
            "four five five six, one two... sorry, let me start again, four five five six, one two three four, "
            "five six seven eight, nine zero one two",
            "en",
        ),
    ],
)
def test_a_card_started_again_after_losing_the_place_is_one_span(text: str, language: str) -> None:
    hits, _ = find_personal_data(text, language, "", None, "CARD_NUMBER")
    assert [(h.type, h.start, h.end) for h in hits] == [("CARD_NUMBER", 0, len(text))]


def test_number_words_after_a_spelled_name_with_commas_belong_to_the_address() -> None:
    text = "It is B, r, o, w, n, seventy one at example dot org."
    assert found(text, "en", context="your e-mail?") == [("EMAIL", "B, r, o, w, n, seventy one at example dot org")]


def test_a_number_with_an_inns_check_digits_is_masked_even_when_a_contract_number_seemed_asked() -> None:
    # the recogniser heard "назовите ИНН организации" as "договорно-организацию, назовить им"
    asked = "Договорно-организацию, назовить им."
    found, _ = find_personal_data("5, 0, 0, 1, 0, 0, 7, 3, 2, 9.", "ru", asked.lower())
    assert [f.type for f in found] == ["DICTATED_NUMBER"]
    # the same digits with a wrong check digit are the contract's number, kept
    found, _ = find_personal_data("5, 0, 0, 1, 0, 0, 7, 3, 2, 1.", "ru", asked.lower())
    assert found == []


@pytest.mark.parametrize(
    ("text", "language", "context", "span"),
    [
        ("Hi, I changed my D.I. and yesterday, I said it to 2608 and now that locked me out.", "en", "", "2608"),
        ("I set it to 7391 last night and after three attempts it blocked.", "en", "", "7391"),
        ("Я вчера поставила 5183, а сегодня карту заблокировали.", "ru", "", "5183"),
        ("Сменила на 9046, и после трёх попыток всё.", "ru", "", "9046"),
    ],
)
def test_a_code_set_in_a_call_about_being_locked_out_is_the_pin(
    text: str, language: str, context: str, span: str
) -> None:
    # the code's name is garbled past any list; being locked out after setting it says what it was
    assert ("PIN", span) in found(text, language, context)


def test_a_count_or_a_time_in_a_call_about_being_locked_out_is_kept() -> None:
    assert found("I set it to 3 o'clock and it locked me out after 5 attempts.", "en") == []
    assert found("Поставила на 15 минут, а карту заблокировали на 2 дня.") == []


@pytest.mark.parametrize(
    ("text", "language", "kind", "span"),
    [
        ("номер 8 977 053 16 48 так и запишите а второй 8 903 через минуту скажу", "ru", "PHONE", "8 903"),
        ("Мой 8 916 204 73 15, а другой номер 8 925 471, не помню дальше.", "ru", "PHONE", "8 925 471"),
        ("It's 617 555 0142, and another one 212 555, I'll give you the rest later.", "en", "PHONE", "212 555"),
    ],
)
def test_the_start_of_a_second_number_left_unfinished_is_a_piece_of_one(
    text: str, language: str, kind: str, span: str
) -> None:
    # the recogniser may join a digit word of the announcing words to it ("ещё один 8 925")
    assert any(k == kind and span in masked for k, masked in found(text, language))


def test_a_second_something_that_is_not_a_number_is_kept() -> None:
    # no number was given before "второй", or what follows is a count
    assert found("Второй 3 раза звонил, а первый не отвечал.") == []


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("Полис ХХ 0451 2277 от пятнадцатого марта 2025 года.", "Номер полиса назовите, пожалуйста."),
        ("Договор АБ 3318 4420, заключали весной.", ""),
        ("The policy number is KL 5582 0193.", "What's your policy number?"),
    ],
)
def test_a_policys_or_contracts_number_after_its_series_of_letters_is_kept(text: str, context: str) -> None:
    language = "ru" if any("а" <= ch <= "я" for ch in text.lower()) else "en"
    assert found(text, language, context) == []


def test_a_passports_series_is_no_policy_series() -> None:
    assert ("PASSPORT", "4508 123456") in found("Паспорт серия ХХ 4508 123456")


def test_an_accounts_digits_the_itn_ran_together_are_still_an_account() -> None:
    # "восемьсот десять пять" read as 815: 19 digits, but the question asked for the account
    text = (
        "четыре ноль восемь один семь восемьсот десять пять тридцать восемь двадцать девять "
        "один ноль четыре семь пять шесть два"
    )
    assert [kind for kind, _ in found(text, "ru", "Продиктуйте номер счёта ещё раз.")] == ["ACCOUNT_NUMBER"]
    # asked for the card, the same digits are a card
    assert [kind for kind, _ in found(text, "ru", "Продиктуйте номер карты.")] == ["CARD_NUMBER"]


def test_an_address_spelled_with_a_hyphen_between_commas_is_masked_whole() -> None:
    text = "к, и, р, а, дефис, л, е собака example точка net"
    assert found(text, "ru", "Продиктуйте почту по буквам.") == [("EMAIL", text)]


def test_a_code_read_back_in_the_next_turn_is_masked_again() -> None:
    read_back = "Записала восемь два один девять, подтверждаю перевод на двенадцать тысяч пятьсот рублей."
    masked = found(read_back, "ru", "восемь два один... нет, восемь два один девять")
    assert [span for _, span in masked] == ["восемь два один девять"]
    # an order's number read back stays an order's number
    assert found("Записала 1234 5678, заказ оформлен.", "ru", "Номер заказа 1234 5678.") == []


@pytest.mark.parametrize(
    ("text", "language", "context"),
    [
        # a limit or a fee near a code's name: a round number, a number with a period or a unit after it
        (
            "Нет, никогда не называйте пин. Сейчас уточню ваш лимит, 100 000 в сутки, и тариф за 990 в месяц.",
            "ru",
            "Мой пин карты вы не спрашиваете?",
        ),
        ("Пин не нужен, лимит на снятие 3500 в сутки.", "ru", ""),
        ("Never tell anyone your PIN. Your limit is 2500 per day.", "en", ""),
        ("PIN is not needed, you bought 15 shares and 2750 units.", "en", ""),
        # a money word right before a number makes it a sum
        (
            "Да верно и скажите что с моими деньгами 49900",
            "ru",
            "Проверю: карта пять пять три шесть, четыре один один четыре, восемь ноль три пять, ноль три пять пять?",
        ),
        ("С карты списали 2990 за какую-то подписку", "ru", ""),
        ("Card is fine, but what about my money 38450", "en", "Your card ending 1111, correct?"),
        # a four-digit year after a month's name, with or without a day
        ("Двенадцатое мая 1987. Кодовое слово ромашка.", "ru", "Для проверки назовите дату рождения и кодовое слово."),
        ("Март 1992, кодовое слово берёза.", "ru", "Назовите дату рождения."),
        ("Sure, May 1987, and the code word is daisy.", "en", "Please tell me your date of birth."),
        # a broker's order is a reference; a count of lots never joins the number before it
        ("Да, поручение 88-21453, 40 лотов.", "ru", "Вижу поручение 88-21453 на продажу 40 лотов."),
        ("Заявка на сделку 7741-0932, 12 штук.", "ru", ""),
        ("Yes, order ticket 77-41093, 10 shares.", "en", ""),
    ],
)
def test_amounts_limits_dates_and_orders_are_kept(text: str, language: str, context: str) -> None:
    assert found_after(text, language, context) == []


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # the codes themselves are still masked beside such numbers
        ("Мой пин 4821, лимит 100 000 в сутки.", "", [("PIN", "4821")]),
        ("пин 1987", "", [("PIN", "1987")]),
        # money named, but a whole card is said after it
        (
            "списали с баланса 4276 3800 1234 5678",
            "",
            [("CARD_NUMBER", "4276 3800 1234 5678")],
        ),
        # money named, but the dictation goes on past the first group
        ("остаток 5213, 0045, 1234, 5678, это карта", "", [("CARD_NUMBER", "5213, 0045, 1234, 5678")]),
    ],
)
def test_codes_beside_amounts_are_still_masked(text: str, context: str, expected: list[tuple[str, str]]) -> None:
    assert found_after(text, "ru", context) == expected


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # a card's first half, then an expiry word and the month and year: no card named, still a card
        ("4097 9144 и срок 11 29", "Так.", [("CARD_NUMBER", "4097 9144"), ("CARD_EXPIRY", "11 29")]),
        # a month said with its zero as an ordinal ("ноль первого"), which the ITN leaves as "0 первого"
        (
            "4097 9144 5612 3456, срок действия до ноль первого тридцатого",
            "Продиктуйте номер карты.",
            [("CARD_NUMBER", "4097 9144 5612 3456"), ("CARD_EXPIRY", "ноль первого тридцатого")],
        ),
        (
            "Срок действия до ноль третьего двадцать девятого года",
            "",
            [("CARD_EXPIRY", "ноль третьего двадцать девятого года")],
        ),
        # a contract's number and its term stay
        ("договор 4097 9144 и срок 11 29", "Так.", []),
    ],
)
def test_card_half_and_expiry_said_together(text: str, context: str, expected: list[tuple[str, str]]) -> None:
    assert found_after(text, "ru", context) == expected


@pytest.mark.parametrize(
    ("text", "language", "context", "expected"),
    [
        # digits Whisper wrote one by one, the code's name garbled past any trigger, a digit it could not
        # make out written "I"
        ("My thing is 4-4-1-I.", "en", "And what is the reason for the call?", [("DICTATED_NUMBER", "4-4-1-I")]),
        ("My P.I. is 4-4-1-I.", "en", "And what is the reason for the call?", [("PIN", "4-4-1-I")]),
        # "I" for digits it could not make out, the words before garbled ("To serve you" for "two oh two")
        ("To serve you, I-I-I-0164.", "en", "Okay.", [("DICTATED_NUMBER", "I-I-I-0164")]),
        # a digit heard as a word and glued to the chain is masked with it
        ("Noted, Niro-3-8-7, thank you.", "en", "", [("DICTATED_NUMBER", "Niro-3-8-7")]),
        ("Записала 5.0.7.3, всё верно.", "ru", "", [("DICTATED_NUMBER", "5.0.7.3")]),
        ("ну вот 7-3-9-1, как просили", "ru", "", [("DICTATED_NUMBER", "7-3-9-1")]),
        # the chain answers what the question asked, in a longer reply
        (
            "Sure, it's 5-8-2-1 and I tried it twice already today",
            "en",
            "What is the PIN you set?",
            [("PIN", "5-8-2-1")],
        ),
    ],
)
def test_digits_written_one_by_one_are_dictated_even_with_their_name_garbled(
    text: str, language: str, context: str, expected: list[tuple[str, str]]
) -> None:
    assert found_after(text, language, context) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The delivery takes 3-5-7 days depending on the region.", "en"),  # a unit after it
        ("Please update the app to version 2.0.1 first.", "en"),  # a version's number
        ("согласно пункту 3.1.2 договора", "ru"),  # a clause's number
        ("Your order 4-4-1-9 has shipped.", "en"),  # an order's number
        ("Steps 1-2-3 are on the website.", "en"),  # counting
        ("I-I-I don't know what happened.", "en"),  # a stutter: no digit at all
        ("The payment of 1.2.2026 is late.", "en"),  # a date with its year
        ("The payment was due 2026-3-1.", "en"),  # a date with its year first
        ("Restart it and open 10.0.0.1 in the browser.", "en"),  # an address with dots, its first piece long
        ("After the update to 2.13.0 it crashes.", "en"),  # a version, fewer than three single digits
        ("It was 1.5 times more, room 12-30 on floor 3.", "en"),  # a decimal, groups of several digits
        ("That's 2-1 for us.", "en"),  # two numbers, no dictation
    ],
)
def test_numbers_with_hyphens_or_dots_that_are_no_dictation_stay(text: str, language: str) -> None:
    assert [kind for kind, _ in found(text, language)] == []


def test_a_short_code_the_recogniser_cut_is_masked_with_the_words_it_heard_for_its_digits() -> None:
    # "my PIN is four four one nine" heard as "my PI is Lord War 19": the two words stand for two digits
    assert found_after("my PI is Lord War 19.", "en", "And your rewards PIN?") == [("PIN", "Lord War 19")]
    # the words that name the code stay; a whole code takes nothing before it
    assert found_after("My PIN is 4419.", "en", "And your rewards PIN?") == [("PIN", "4419")]
    assert found_after("пин у меня 19", "ru", "Назовите пин.") == [("PIN", "19")]


def expiry_read_back(text: str, card_in_call: bool) -> list[tuple[str, str]]:
    hits, _ = find_personal_data(text, "ru", "", card_in_call=card_in_call)
    return [(h.type, text[h.start : h.end]) for h in hits]


def test_an_expiry_read_back_after_stray_words_with_its_month_written_alone_is_masked() -> None:
    # "срок ноль четыре двадцать девять" heard as "срок на лече 4-29", after the customer gave the card
    assert expiry_read_back("срок на лече 4-29, принято", True) == [("CARD_EXPIRY", "на лече 4-29")]
    assert expiry_read_back("Срок 7-31, записала.", True) == [("CARD_EXPIRY", "7-31")]
    # no card in the call, a range of days, a day of the month, a count: no expiry
    assert expiry_read_back("срок на лече 4-29, принято", False) == []
    assert expiry_read_back("срок доставки 5-25 дней", True) == []
    assert expiry_read_back("срок оплаты с 5-25 числа", True) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Whisper's initialism for a half-heard "PIN" after "my"/"your"
        ("My P.I. is 4419.", [("PIN", "4419")]),
        ("Okay, your P.I.N. is 7316 now", [("PIN", "7316")]),
        ("I changed my D.I. and now 2608 works", [("PIN", "2608")]),
        # a person's initials, a private investigator: no code
        ("Dr. T.I. Smith said 4419 is fine", []),
        ("The P.I. followed him for 3 days", []),
    ],
)
def test_an_english_pin_written_as_initials_counts_as_the_pin(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # "double four" is two fours: the phone's last digits are no lone "4" left out of it
        (
            "Yeah, call me at three one two, five five five, oh one double four, that's my cell.",
            "What is the best number to reach you?",
            [("PHONE", "three one two, five five five, oh one double four")],
        ),
        ("My PIN is triple five two.", "Okay.", [("PIN", "triple five two")]),
        ("Sure, it's double seven three.", "Okay, anything else?", [("DICTATED_NUMBER", "double seven three")]),
        # Whisper writes the digit after it as a digit
        ("My PIN is 8 double 1 4.", "Okay.", [("PIN", "8 double 1 4")]),
    ],
)
def test_english_double_and_triple_repeat_the_digit_after_them(
    text: str, context: str, expected: list[tuple[str, str]]
) -> None:
    assert found_after(text, "en", context) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I'll double check it and call you back.",
        "We booked a double room for two nights.",
        "It was double 2 hours of waiting.",
        "That's a triple win for us.",
    ],
)
def test_double_and_triple_that_repeat_no_digit_are_kept(text: str) -> None:
    assert found_after(text, "en", "What is the best number to reach you?") == []


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Конечно, по какому наберу вам перезвонить?", "PHONE"),  # "номеру" garbled
        ("По какому номеру с вами связаться?", "PHONE"),
        ("Куда вам перезвонить?", "PHONE"),
        ("What is the best number to reach you?", "PHONE"),
        ("Is there a number where we can reach you?", "PHONE"),
        ("По какому вопросу звоните?", None),
        ("По какому вопросу с вами связаться?", None),
        ("Когда вам перезвонить?", None),
    ],
)
def test_a_question_for_where_to_call_back_asks_for_a_phone(question: str, asked: str | None) -> None:
    assert asked_for(question) == asked


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # the PIN's name garbled ("обен" for "пин"), its digits written apart one by one
        ("и я забыл обен кажется был 2 0 8 5 или нет не помню", "Так, записала.", [("DICTATED_NUMBER", "2 0 8 5")]),
        ("Code is 7 3 0 9 I think.", "Anything else?", [("DICTATED_NUMBER", "7 3 0 9")]),
        # "код" heard as "кот", its digits written with commas between (calls_fresh9 k10, after its first score)
        (
            "Да, кот. 5, 8, 2, 0, 1, 7. И сообщение.",
            "вы называли им какой-нибудь год,",
            [("DICTATED_NUMBER", "5, 8, 2, 0, 1, 7")],
        ),
    ],
)
def test_single_digits_written_apart_are_dictated(text: str, context: str, expected: list[tuple[str, str]]) -> None:
    assert found_after(text, "ru" if re.search("[а-я]", text) else "en", context) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ваш заказ номер 2 0 8 5 доставим завтра.",  # an order's number
        "Шаги 1 2 3 4 описаны на сайте.",  # counting
        "Перезвоним 3 декабря в 10 утра, 2 раза.",  # a date, a time, a count
        "Доставка 3 5 7 дней.",  # three digits and a unit
        "Кабинеты 1, 2, 3, 4 на втором этаже.",  # counting, with commas
        "Пункты 3, 5, 7, 9 договора вы нарушили.",  # items numbered
    ],
)
def test_digits_written_apart_that_are_no_dictation_stay(text: str) -> None:
    assert found_after(text, "ru", "") == []


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # the PIN's name heard as words ("PI and"), the new code chosen in a sentence
        ("I'd like it to be 9901, please.", "Yes, and what would you like your new PI and to be?", [("PIN", "9901")]),
        ("I'd like it to be 4172.", "What would you like your new password to be?", [("PIN", "4172")]),
        ("Make it 4820.", "So what should the new code be?", [("PIN", "4820")]),
    ],
)
def test_a_new_code_chosen_in_a_sentence_is_the_pin(text: str, context: str, expected: list[tuple[str, str]]) -> None:
    assert found_after(text, "en", context) == expected


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("I'd like it to be 5000, please.", "Yes, and what would you like your new PI and to be?"),  # a round sum
        ("I'd like it to be 1500 dollars a month.", "What would you like your new limit to be?"),
        ("I'd like it to be delivered by 1530.", "When do you want the parcel?"),
        ("Make it 2 hours, the pin pad is slow.", "How long should the session last?"),
    ],
)
def test_a_sum_or_a_time_chosen_in_a_sentence_is_kept(text: str, context: str) -> None:
    assert found_after(text, "en", context) == []


@pytest.mark.parametrize(
    ("text", "language", "context", "expected"),
    [
        (
            "Сейчас посмотрю, вот он, 4817, и ещё там буквы какие-то были, не помню.",
            "ru",
            "Продиктуйте, пожалуйста, номер.",
            [("DICTATED_NUMBER", "4817")],
        ),
        (
            "Hold on, let me find it, okay it's 5820 and then there's something else I can't read.",
            "en",
            "Can you give me the number please?",
            [("DICTATED_NUMBER", "5820")],
        ),
        (
            "Hold on, let me find it, okay it's 58 20 and then there's something else I can't read.",
            "en",
            "What's your account number?",
            [("ACCOUNT_NUMBER", "58 20")],
        ),
    ],
)
def test_a_number_inside_a_long_reply_to_a_question_for_a_number_is_masked(
    text: str, language: str, context: str, expected: list[tuple[str, str]]
) -> None:
    assert found_after(text, language, context) == expected


@pytest.mark.parametrize(
    ("text", "language", "context"),
    [
        # "tell me" asks for no number
        ("Yes, I paid 4817 last week and nothing happened since then at all.", "en", "Can you tell me what happened?"),
        (
            "Ну я заплатил 4817 на прошлой неделе и ничего не произошло с тех пор.",
            "ru",
            "Продиктуйте номер, пожалуйста.",
        ),
        ("Сейчас, вот он, 4817, это номер заказа, а пришёл не тот товар.", "ru", "Продиктуйте, пожалуйста, номер."),
        ("Ну где-то 1500 рублей, точно не помню, может больше было.", "ru", "Назовите номер и сумму."),
        ("It was on 12.05.2026 I think, and then again later that week.", "en", "Can you give me the number please?"),
    ],
)
def test_sums_dates_and_orders_in_a_long_reply_to_a_question_for_a_number_are_kept(
    text: str, language: str, context: str
) -> None:
    assert found_after(text, language, context) == []
