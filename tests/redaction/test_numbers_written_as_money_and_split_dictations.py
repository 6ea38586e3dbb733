"""A phone or an expiry the recogniser wrote as money ("$312.5550148", "$11.29"), an amount the analysis
read out of masked digits, a phone broken by what is left of a digit's word ("три, стына, ль, восемь"),
and an ИНН over two turns whose name was misheard but whose checksum holds. Lines as Whisper base wrote
them for the synthesised calls of calls_fresh26 (ba06, ba13, ba15) and calls_fresh28 (bc02); every
number is made up.
"""

from __future__ import annotations

from tests.redaction.test_stage import redact, timed_turn
from tests.redaction.turn_texts import TYPES_BUT_NAMES, redacted_texts
from voc.schemas import Entity


def test_a_phone_the_recogniser_wrote_with_a_dollar_sign_is_masked_whole() -> None:
    texts = redacted_texts(
        [("agent", "We'll text you the outcome. It's $312.5550148 still good."), ("customer", "You owe $412.37.")],
        "en",
    )
    assert texts == ["We'll text you the outcome. It's [PHONE] still good.", "You owe $412.37."]


def test_an_amount_read_from_masked_digits_loses_its_text_and_value() -> None:
    turns = [
        timed_turn(0, "agent", "You'll only owe $412.37. It's $312.5550148 still good?", 0.0),
        timed_turn(1, "customer", "Which account, the one ending in 3 3 9 2?", 5.0),
        timed_turn(2, "agent", "That's right, the checking ending in $3,392.", 9.0),
    ]
    entities = [
        Entity(kind="amount", text="412.37 USD", value=412.37, turn=0, speaker="agent"),
        Entity(kind="amount", text="312.555 USD", value=312.5550148, turn=0, speaker="agent"),
        Entity(kind="amount", text="3392 USD", value=3392.0, turn=2, speaker="agent"),
    ]
    done = redact(turns, "en", TYPES_BUT_NAMES, entities=entities)
    assert [(e.text, e.value) for e in done.entities] == [
        ("412.37 USD", 412.37),
        ("[PHONE]", None),
        ("[ACCOUNT_NUMBER] USD", None),
    ]


def test_an_expiry_said_in_words_and_read_back_as_money_is_masked_there_too() -> None:
    texts = redacted_texts(
        [
            ("agent", "And the expiration,"),
            ("customer", "nine twenty-eight. No way. That's the old card. This one's eleven twenty-nine."),
            ("agent", "$11.29 and the three-digit security code on the back."),
        ],
        "en",
    )
    assert "11" not in texts[1] + texts[2] and "[CARD_EXPIRY]" in texts[2]


def test_a_phone_broken_by_what_is_left_of_a_digits_word_is_masked_to_its_end() -> None:
    texts = redacted_texts(
        [
            ("agent", "Какой наберу вас сейчас?"),
            ("customer", "плюс семь, девятьсот, двадцать, один, три, стына, ль, восемь, пятьдесят, пять, ноль, два,"),
        ]
    )
    assert "восемь" not in texts[1] and "пятьдесят" not in texts[1]


def test_a_number_after_a_real_word_stays() -> None:
    texts = redacted_texts([("customer", "Мой номер 8 903 117 40 88, дом 15, кв 12.")])
    assert texts == ["Мой номер [PHONE], дом 15, кв 12."]


def test_an_inn_over_two_turns_with_its_name_misheard_is_masked_by_its_checksum() -> None:
    texts = redacted_texts(
        [
            ("agent", "Да и пересматрали. Алими там не нужен ваш Ант и еще подтвердить до охот. Можете продиктовать?"),
            ("customer", "Сейчас в телефоне посмотрю 8-3-6-2-4-7-3-4. 2,"),
            ("agent", "Да, слушаю."),
            ("customer", "7, 0, 7, все и"),
        ]
    )
    assert texts[1] == "Сейчас в телефоне посмотрю [INN]," and texts[3] == "[INN], все и"


def test_two_pieces_whose_checksum_fails_and_no_name_stay_apart() -> None:
    texts = redacted_texts(
        [
            ("agent", "Можете продиктовать?"),
            ("customer", "Сейчас посмотрю 8-3-6-2-4-7-3-4. 2,"),
            ("agent", "Да, слушаю."),
            ("customer", "7, 0, 8, все"),
        ]
    )
    assert texts[3] == "7, 0, 8, все"


def test_a_sum_and_a_time_the_recogniser_wrote_with_dots_near_a_card_stay() -> None:
    # calls_fresh28 bc01: the operation's sum and time were masked as pieces of the card
    texts = redacted_texts(
        [
            ("customer", "Да, в руках, так. 4, 2, 7, 6, 2, 7, 6, 6. Секунду, очки и на дину. 6, 4, 7, 3, 4, 4, 5, 1."),
            ("agent", "Спасибо, вижу карту на 4.451 операция на 12.400 сегодня в 10.42 это точно не вы. правильно"),
        ]
    )
    assert "операция на 12.400 сегодня в 10.42" in texts[1]
    assert "4, 2, 7, 6" not in texts[0] and "6, 4, 7, 3" not in texts[0]


def test_a_price_after_the_code_on_the_back_was_named_is_no_code() -> None:
    # calls_fresh28 bc13: "a charge for 640" right after the customer's "the code on the back" was masked as the
    # CVV, and with it the "$640" the customer had said at the start
    texts = redacted_texts(
        [
            ("customer", "There's a charge from a hotel in Denver $640. I have never been to Denver."),
            ("agent", "And the expiration date?"),
            ("customer", "expires zero nine two eight do you need the code on the back two it's seven no"),
            ("agent", "No, no. Please don't read me that one. I see the card ending in 8,386 in a charge for 640."),
        ],
        "en",
    )
    assert "$640" in texts[0] and texts[3].endswith("a charge for 640.")
    # the code named in the turn itself still makes a code of it
    texts = redacted_texts([("customer", "The security code for 640, I mean it's 640.")], "en")
    assert "640" not in texts[0]


def test_a_sum_grouped_with_a_comma_stays_and_its_date_before_the_sentence_end_is_kept() -> None:
    # calls_fresh29 bd03: "86,400" (86 400 and the penalties) was masked, and with it the promised date
    # "пятого", which stood right before it across a full stop
    turns = [
        timed_turn(0, "agent", "Платёж 86-400 рублей и пени 2-100.", 0.0),
        timed_turn(1, "customer", "Да, пятого. 86,400 опени может спишите.", 5.0),
    ]
    entities = [Entity(kind="date", text="пятого", value="2026-12-05", turn=1, speaker="customer")]
    done = redact(turns, "ru", TYPES_BUT_NAMES, entities=entities)
    assert [t.text for t in done.turns] == [
        "Платёж 86-400 рублей и пени 2-100.",
        "Да, пятого. 86,400 опени может спишите.",
    ]
    assert done.entities[0].value == "2026-12-05"


def test_a_phone_gone_on_with_after_a_dallshe_is_masked_to_its_end() -> None:
    texts = redacted_texts(
        [("customer", "да, он тут рядом, телефон у него, сейчас спрошу 8, 916, 205, а дальше. 33 90 да")]
    )
    assert "33 90" not in texts[0] and "205" not in texts[0]
