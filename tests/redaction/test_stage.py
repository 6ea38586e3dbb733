"""The redaction stage masks every text of a result, keeps the word times, and lists the spans.

Made-up calls: the card 2200 7000 0012 3454 is a test-style PAN with a valid Luhn digit, the
passport and phone numbers belong to no one.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from voc.config import REDACTION_TYPES as ALL_TYPES
from voc.config import Settings
from voc.redaction import redact_call
from voc.schemas import (
    AgentState,
    Amount,
    CallAnalysis,
    ConversationIn,
    CustomerState,
    Entity,
    Evidence,
    Summary,
    Task,
    Turn,
    Word,
)
from voc.stage_types import AnalyzeOptions, TextFindings
from voc.text.itn import add_display_text
from voc.turns import join_words

ALL = ("CARD_NUMBER", "CVV", "CARD_EXPIRY", "PIN", "SMS_CODE", "PASSPORT", "PHONE", "EMAIL", "SNILS", "INN")


def timed_turn(index: int, speaker: str, text: str, start: float) -> Turn:
    """A turn the way the audio pipeline builds it: one word every 0.4 s."""
    words = [
        Word(word=" " + w, start=round(start + 0.4 * i, 2), end=round(start + 0.4 * i + 0.3, 2), probability=0.9)
        for i, w in enumerate(text.split())
    ]
    return Turn(index=index, speaker=speaker, start=start, end=words[-1].end, text=join_words(words), words=words)  # type: ignore[arg-type]


def redact(turns: list[Turn], language: str = "ru", types: tuple[str, ...] = ALL, **found: object):  # type: ignore[no-untyped-def]
    turns = add_display_text(turns, language)
    findings = TextFindings(
        turns,
        CustomerState(),
        AgentState(),
        found.get("entities", []),  # type: ignore[arg-type]
        found.get("tasks", []),  # type: ignore[arg-type]
        found.get("summary", Summary(text="", backend="test")),  # type: ignore[arg-type]
        [],
    )
    return redact_call(findings, language, types)  # type: ignore[arg-type]


def test_words_become_one_mask_and_keep_their_times() -> None:
    turns = [
        timed_turn(0, "agent", "назовите номер карты", 0.0),
        timed_turn(
            1,
            "customer",
            "два два ноль ноль семь ноль ноль ноль ноль ноль один два три четыре пять четыре спасибо",
            2.0,
        ),
    ]
    done = redact(turns)
    turn = done.turns[1]
    assert turn.text == "[CARD_NUMBER] спасибо"
    assert turn.display_text == "[CARD_NUMBER] спасибо"
    assert [w.word for w in turn.words] == [" [CARD_NUMBER]", " спасибо"]
    assert (turn.words[0].start, turn.words[0].end) == (2.0, 8.3)  # first word's start, 16th word's end
    assert turn.words[1].start == 8.4
    assert join_words(turn.words) == turn.text
    [r] = done.redactions
    assert (r.type, r.turn_index, r.char_start, r.char_end, r.start, r.end) == ("CARD_NUMBER", 1, 0, 13, 2.0, 8.3)
    assert r.checksum_valid is True


def test_card_read_back_by_the_agent_and_derived_texts_are_masked() -> None:
    turns = [
        timed_turn(0, "customer", "карта 2200 7000 0012 3454 и телефон 8 916 123-45-67", 0.0),
        timed_turn(
            1, "agent", "повторяю два два ноль ноль семь ноль ноль ноль ноль ноль один два три четыре пять четыре", 6.0
        ),
        timed_turn(2, "customer", "да, и закройте вклад на двести тысяч рублей пятнадцатого марта", 14.0),
    ]
    task = Task(
        type="deposit_maturity",
        title="Вклад 200 000 ₽: закрыть 15 марта",
        due_date="2027-03-15",  # type: ignore[arg-type]
        amount=Amount(value=200000, currency="RUB"),
        evidence=Evidence(turn=0, speaker="customer", quote="карта 2200 7000 0012 3454 и телефон 8 916 123-45-67"),
        confidence=0.8,
    )
    summary = Summary(text="Клиент назвал карту 2200700000123454, вклад 200 000 ₽ до 15 марта.", backend="test")
    entity = Entity(kind="intent", text="повторяю 2200 7000 0012 3454", turn=1, speaker="agent")
    done = redact(turns, tasks=[task], summary=summary, entities=[entity])
    assert done.turns[1].text == "повторяю [CARD_NUMBER]"
    assert done.tasks[0].evidence.quote == "карта [CARD_NUMBER] и телефон [PHONE]"
    assert done.summary.text == "Клиент назвал карту [CARD_NUMBER], вклад 200 000 ₽ до 15 марта."
    assert done.entities[0].text == "повторяю [CARD_NUMBER]"
    # dates and amounts survive everywhere
    assert done.tasks[0].title == "Вклад 200 000 ₽: закрыть 15 марта"
    assert done.turns[2].display_text == "да, и закройте вклад на 200\u00a0000\u00a0₽ 15 марта"
    assert [r.type for r in done.redactions] == ["CARD_NUMBER", "PHONE", "CARD_NUMBER"]


def test_card_over_two_turns() -> None:
    turns = [
        timed_turn(0, "agent", "продиктуйте номер карты", 0.0),
        timed_turn(1, "customer", "двадцать два ноль ноль семьдесят ноль ноль", 2.0),
        timed_turn(2, "agent", "так", 5.0),
        timed_turn(3, "customer", "ноль ноль двенадцать тридцать четыре пятьдесят четыре", 6.0),
    ]
    done = redact(turns)
    assert [t.text for t in done.turns] == ["продиктуйте номер карты", "[CARD_NUMBER]", "так", "[CARD_NUMBER]"]


def test_passport_and_the_agents_question() -> None:
    turns = [
        timed_turn(0, "agent", "назовите серию и номер паспорта", 0.0),
        timed_turn(1, "customer", "сорок пять ноль восемь сто двадцать три четыреста пятьдесят шесть", 3.0),
        timed_turn(2, "agent", "и три цифры на обороте карты", 8.0),
        timed_turn(3, "customer", "семь один четыре", 10.0),
    ]
    done = redact(turns)
    assert done.turns[1].text == "[PASSPORT]" and done.turns[3].text == "[CVV]"


def test_english_call() -> None:
    turns = [
        timed_turn(0, "agent", "can I have the card number please", 0.0),
        timed_turn(1, "customer", "four one one one one one one one one one one one one one one one", 2.0),
        timed_turn(2, "agent", "and the CVV", 9.0),
        timed_turn(3, "customer", "seven one four and my email is jane.roe@example.com", 10.0),
    ]
    done = redact(turns, "en")
    assert [t.text for t in done.turns[1:]] == ["[CARD_NUMBER]", "and the CVV", "[CVV] and my email is [EMAIL]"]


def test_types_narrow_what_is_masked() -> None:
    turns = add_display_text([timed_turn(0, "customer", "карта 2200 7000 0012 3454 почта a.b@example.ru", 0.0)], "ru")
    findings = TextFindings(turns, CustomerState(), AgentState(), [], [], Summary(text="", backend="t"), [])
    done = redact_call(findings, "ru", ["EMAIL"])
    assert done.turns[0].text == "карта 2200 7000 0012 3454 почта [EMAIL]"


def test_settings_turn_it_on_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().redaction.enabled is True
    assert "CARD_NUMBER" in Settings().redaction.types
    monkeypatch.setenv("VOC_REDACTION__ENABLED", "false")
    monkeypatch.setenv("VOC_REDACTION__TYPES", '["CVV"]')
    assert Settings().redaction.enabled is False and Settings().redaction.types == ["CVV"]


CALL = {
    "language": "ru",
    "call_date": "2027-03-01",
    "turns": [
        {"speaker": "agent", "text": "Здравствуйте, банк, меня зовут оператор, чем могу помочь?"},
        {"speaker": "customer", "text": "У меня вклад на двести тысяч рублей, он заканчивается пятнадцатого марта."},
        {"speaker": "agent", "text": "Для проверки назовите номер карты."},
        {
            "speaker": "customer",
            "text": "Два два ноль ноль семь ноль ноль ноль ноль ноль один два три четыре пять четыре.",
        },
        {"speaker": "agent", "text": "Повторяю: 2200 7000 0012 3454. Теперь три цифры на обороте."},
        {"speaker": "customer", "text": "Три пять семь. И перезвоните мне на +7 916 123-45-67."},
        {"speaker": "agent", "text": "Хорошо, перезвоним завтра."},
    ],
}


@pytest.mark.slow
def test_the_analysis_json_has_no_card_number(settings: Settings) -> None:
    from voc.pipeline import Analyzer

    analyzer = Analyzer(settings)
    result = analyzer.analyze_conversation(ConversationIn.model_validate(CALL), AnalyzeOptions())
    # the stage timings are measured floats ("0.03454..."): any four digits may turn up in them by chance
    document = result.model_dump_json(exclude={"timings"})
    digits_only = re.sub(r"\D", "", document)
    assert "2200700000123454" not in digits_only.replace(" ", "")
    for piece in ("2200", "3454", "9161234567", "123-45-67", "ноль ноль семь", "Три пять семь"):
        assert piece not in document, piece
    assert "[CARD_NUMBER]" in document and "[CVV]" in document and "[PHONE]" in document
    assert [r.type for r in result.redactions] == ["CARD_NUMBER", "CARD_NUMBER", "CVV", "PHONE"]
    assert "redaction" in result.timings
    # the deposit's date and amount survive for the task
    assert any(t.due_date is not None and t.due_date.isoformat() == "2027-03-15" for t in result.tasks)
    assert "200\u00a0000\u00a0₽" in document
    CallAnalysis.model_validate_json(result.model_dump_json())

    off = Analyzer(settings.model_copy(update={"redaction": settings.redaction.model_copy(update={"enabled": False})}))
    plain = off.analyze_conversation(ConversationIn.model_validate(CALL), AnalyzeOptions())
    assert "2200 7000 0012 3454" in plain.model_dump_json() and plain.redactions == []
    assert [t.type for t in plain.tasks] == [t.type for t in result.tasks]


def test_a_short_code_is_not_cut_out_of_other_numbers() -> None:
    turns = [timed_turn(0, "agent", "три цифры на обороте", 0.0), timed_turn(1, "customer", "357", 2.0)]
    summary = Summary(text="Код 357 назван; платёж 13570 ₽ и 357 ₽.", backend="test")
    done = redact(turns, summary=summary)
    assert done.turns[1].text == "[CVV]"
    assert done.summary.text == "Код [CVV] назван; платёж 13570 ₽ и [CVV] ₽."


def test_a_bare_answer_is_what_the_question_asked_for_however_the_recogniser_cut_it() -> None:
    # As Whisper heard synthesised answers on a telephone line: the expiry split into odd groups,
    # a CVV's first digit carried into the turn before, the passport series one digit short.
    turns = [
        timed_turn(0, "agent", "Спасибо, срок действия карты и", 0.0),
        timed_turn(1, "customer", ".9.9.27.3", 2.0),
        timed_turn(2, "agent", "три цифры на обороте карты.", 4.0),
        timed_turn(3, "customer", ".5.7.", 6.0),
        timed_turn(4, "agent", "Для оформления кредита нужны ваши паспортные данные.", 8.0),
        timed_turn(5, "customer", "Сире 45.8 номер 123, 146,", 11.0),
        timed_turn(6, "agent", "Спасибо. И номер снился. Пожалуйста.", 14.0),
        timed_turn(7, "customer", "123, 445, 95.", 16.0),
    ]
    done = redact(turns)
    assert [done.turns[i].text for i in (1, 3, 5, 7)] == [
        "[CARD_EXPIRY]",
        "[CVV].",
        "Сире [PASSPORT] номер [PASSPORT],",
        "[SNILS].",
    ]


def test_answers_to_other_questions_keep_their_numbers() -> None:
    turns = [
        timed_turn(0, "agent", "Назовите номер заказа.", 0.0),
        timed_turn(1, "customer", "12 34 56", 2.0),
        timed_turn(2, "agent", "Сколько карт у вас в нашем банке?", 4.0),
        timed_turn(3, "customer", "Наверное 2, или 3, я точно не помню, одна кредитная и ещё одна дебетовая.", 6.0),
        timed_turn(4, "agent", "Какой у вас номер карты?", 9.0),
        timed_turn(5, "customer", "Не помню, карта дома, а лимит был 50 000 рублей до 15 марта.", 11.0),
    ]
    done = redact(turns)
    assert done.redactions == []


def test_an_address_the_recogniser_misheard_is_masked_in_the_answer_to_the_email_question() -> None:
    turns = [
        timed_turn(0, "agent", "а адрес электронной почты?", 0.0),
        timed_turn(1, "customer", "а на точку смирного собаку, и я на доказточку ору.", 2.0),
        timed_turn(2, "agent", "Вам пришлось общение с кодом, продиктуете его, пожалуйста.", 5.0),
        timed_turn(3, "customer", "Четыре, восемь, один, пять, девять, два,", 8.0),
    ]
    done = redact(turns)
    assert [done.turns[i].text for i in (1, 3)] == ["[EMAIL].", "[SMS_CODE],"]


def test_person_names_are_masked_only_when_asked_for() -> None:
    turns = add_display_text(
        [
            timed_turn(0, "agent", "Здравствуйте, меня зовут Ольга, чем могу помочь?", 0.0),
            timed_turn(1, "customer", "Это Анна Сергеевна Смирнова, у меня вклад до пятнадцатого марта.", 3.0),
        ],
        "ru",
    )
    summary = Summary(text="Анна Сергеевна Смирнова спросила про вклад до 15 марта.", backend="t")
    findings = TextFindings(turns, CustomerState(), AgentState(), [], [], summary, [])
    assert redact_call(findings, "ru", ALL_TYPES).redactions == []
    done = redact_call(findings, "ru", ALL_TYPES, names=True)
    assert [t.text for t in done.turns] == [
        "Здравствуйте, меня зовут [PERSON_NAME], чем могу помочь?",
        "Это [PERSON_NAME], у меня вклад до пятнадцатого марта.",
    ]
    assert done.summary.text == "[PERSON_NAME] спросила про вклад до 15 марта."
    assert Settings().redaction.names is False


def test_an_expiry_said_with_a_month_name_in_answer_to_the_expiry_question() -> None:
    turns = [
        timed_turn(0, "agent", "Срок действия карты?", 0.0),
        timed_turn(1, "customer", "до марта двадцать восьмого года", 2.0),
        timed_turn(2, "agent", "Когда заканчивается ваш вклад?", 4.0),
        timed_turn(3, "customer", "до мая двадцать девятого года", 6.0),
    ]
    done = redact(turns)
    assert [done.turns[i].text for i in (1, 3)] == ["до [CARD_EXPIRY]", "до мая двадцать девятого года"]


def test_a_cards_month_and_year_after_valid_until_is_its_expiry_but_a_day_and_month_stays() -> None:
    turns = [
        timed_turn(0, "customer", "Карта действует до марта двадцать восьмого года.", 0.0),
        timed_turn(1, "agent", "Ваша карта действует до тридцать первого января, новая придёт в отделение.", 3.0),
        timed_turn(2, "customer", "А вклад действует до марта двадцать девятого года?", 7.0),
    ]
    done = redact(turns)
    assert [t.text for t in done.turns] == [
        "Карта действует до [CARD_EXPIRY].",
        "Ваша карта действует до тридцать первого января, новая придёт в отделение.",
        "А вклад действует до марта двадцать девятого года?",
    ]


def test_a_pure_dictation_after_a_question_the_recogniser_garbled_is_still_masked() -> None:
    # A lower voice on a telephone line: "номер телефона" came out as "назовительного вертифора",
    # "придёт код" as "придет в отм".
    turns = [
        timed_turn(0, "agent", "для восстановления русского назовительного вертифора.", 0.0),
        timed_turn(1, "customer", "Принус 7,925,122,325", 3.0),
        timed_turn(2, "agent", "Сейчас он придет в отм назовите его.", 6.0),
        timed_turn(3, "customer", ",299,170.", 9.0),
        timed_turn(4, "agent", "Назовите номер заказа.", 12.0),
        timed_turn(5, "customer", "12 34 56 78", 14.0),
    ]
    findings = TextFindings(
        add_display_text(turns, "ru"), CustomerState(), AgentState(), [], [], Summary(text="", backend="t"), []
    )
    done = redact_call(findings, "ru", ALL_TYPES)
    assert [done.turns[i].text for i in (1, 3, 5)] == ["Принус [DICTATED_NUMBER]", "[DICTATED_NUMBER].", "12 34 56 78"]


def test_a_code_read_back_gets_a_span_of_its_own_so_its_audio_is_silenced_too() -> None:
    # "повторяю" names no kind: only the code masked in the customer's turn says what 357 is here
    turns = [
        timed_turn(0, "agent", "три цифры на обороте карты", 0.0),
        timed_turn(1, "customer", "357", 3.0),
        timed_turn(2, "agent", "повторяю 357 верно", 5.0),
        timed_turn(3, "customer", "да и платёж 357 рублей пятнадцатого марта", 7.0),
    ]
    done = redact(turns)
    assert [t.text for t in done.turns[1:3]] == ["[CVV]", "повторяю [CVV] верно"]
    again = [r for r in done.redactions if r.turn_index == 2]
    assert [(r.type, r.start, r.end) for r in again] == [("CVV", 5.4, 5.7)]
    # "357 рублей" is an amount to the ITN, masked by the cleaning only (on the safe side): its whole
    # turn is silenced, as no word times say where it was
    assert done.turns[3].text.startswith("да и платёж [CVV]")
    assert [(r.type, r.start, r.end) for r in done.redactions if r.turn_index == 3] == [("CVV", None, None)]


def test_a_quote_of_digits_the_recogniser_cut_with_commas_is_masked_in_the_summary() -> None:
    turns = [
        timed_turn(0, "agent", "Слушаю вас.", 0.0),
        timed_turn(1, "customer", "Хочу привязать карту 0,5213-0,5.", 2.0),
    ]
    summary = Summary(text="Повод звонка: «Хочу привязать карту 0,5213-0,5».", backend="test")
    done = redact(turns, summary=summary)
    assert done.turns[1].text == "Хочу привязать карту [CARD_NUMBER]."
    assert done.summary.text == "Повод звонка: «Хочу привязать карту [CARD_NUMBER]»."


def test_a_question_of_two_words_is_a_question_not_an_acknowledgement() -> None:
    # the d02 call re-spoken readably: the agent's "срок действия." is as short as "так, записываю",
    # and the expiry came out as "11, 27, 9."
    turns = [
        timed_turn(0, "agent", "Слушаю вас,", 0.0),
        timed_turn(1, "customer", "Хочу привязать карту номер 2200 7000 0012 3454,", 2.0),
        timed_turn(2, "agent", "так записываю,", 6.0),
        timed_turn(3, "customer", "Всё верно.", 8.0),
        timed_turn(4, "agent", "срок действия.", 10.0),
        timed_turn(5, "customer", "11, 27, 9.", 12.0),
        timed_turn(6, "agent", "Спасибо. Платёж 15 тысяч рублей спишется 20 декабря.", 14.0),
    ]
    done = redact(turns)
    assert done.turns[5].text == "[CARD_EXPIRY]."
    assert done.turns[6].text == turns[6].text


def test_a_read_back_the_recogniser_heard_with_a_digit_dropped_is_masked() -> None:
    # the h09 call of the fourth fresh batch (its one miss): the customer's phone was masked, the
    # agent's read-back came out with "три" dropped and "ноль" heard as "на"
    turns = [
        timed_turn(0, "agent", "Куда прислать выписку? И мобильный телефон.", 0.0),
        timed_turn(1, "customer", "8 937 482 07 37", 3.0),
        timed_turn(2, "agent", "записала 8-9-7-4-8-2 на 7-7-7 в выписку пришлём до 15 декабря", 8.0),
    ]
    done = redact(turns)
    assert done.turns[2].text.startswith("записала [PHONE] на 7-7-7")
    assert "15 декабря" in done.turns[2].text
    # a number that is not near any masked one stays: an order number after a phone
    turns[2] = timed_turn(2, "agent", "Записала. Номер заказа 55 12 60, доставка 15 декабря.", 8.0)
    assert "55 12 60" in redact(turns).turns[2].text


def test_amounts_references_and_last_four_survive_while_the_card_and_expiry_are_masked() -> None:
    turns = [
        timed_turn(0, "customer", "Карта 2200 7000 0012 3454, а вчера с неё сняли сорок тысяч.", 0.0),
        timed_turn(1, "agent", "Номер посылки с новой картой подскажите?", 4.0),
        timed_turn(2, "customer", "Трек девяносто ноль ноль один, два три четыре пять шесть семь восемь девять.", 6.0),
        timed_turn(3, "agent", "Карта заканчивается на 3454? До какого месяца она действительна?", 10.0),
        timed_turn(4, "customer", "До октября двадцать девятого года.", 13.0),
    ]
    done = redact(turns)
    assert [t.text for t in done.turns] == [
        "Карта [CARD_NUMBER], а вчера с неё сняли сорок тысяч.",
        "Номер посылки с новой картой подскажите?",
        "Трек девяносто ноль ноль один, два три четыре пять шесть семь восемь девять.",
        "Карта заканчивается на 3454? До какого месяца она действительна?",
        "До [CARD_EXPIRY].",
    ]


def test_a_corrected_code_read_back_alone_is_masked_again() -> None:
    # the customer corrects the code mid-way (one mask), the agent reads back only the corrected one
    turns = [
        timed_turn(0, "agent", "Назовите код из смс.", 0.0),
        timed_turn(1, "customer", "Восемь два один шесть, нет, простите, восемь два один девять.", 2.0),
        timed_turn(2, "agent", "Записала восемь два один девять, спасибо.", 8.0),
    ]
    done = redact(turns)
    assert done.turns[1].text == "[SMS_CODE]."
    assert done.turns[2].text == "Записала [SMS_CODE], спасибо."
    assert [r.turn_index for r in done.redactions] == [1, 2]


def test_a_phone_begun_in_one_turn_and_finished_in_the_next_is_masked_in_both() -> None:
    turns = [
        timed_turn(0, "agent", "Чем могу помочь?", 0.0),
        timed_turn(1, "customer", "Перезвоните мне, пожалуйста, мой номер восемь девятьсот шестнадцать", 2.0),
        timed_turn(2, "agent", "Так.", 6.0),
        timed_turn(3, "customer", "сто двадцать три, сорок пять, шестьдесят семь.", 7.0),
    ]
    done = redact(turns)
    assert done.turns[1].text == "Перезвоните мне, пожалуйста, мой номер [PHONE]"
    assert done.turns[3].text == "[PHONE]."


def test_a_snils_finished_after_the_other_party_cuts_in_is_one_snils() -> None:
    turns = [
        timed_turn(0, "agent", "Для заявления нужен ваш СНИЛС.", 0.0),
        timed_turn(1, "customer", "Записывайте: сто пятьдесят шесть, двести сорок семь", 2.0),
        timed_turn(2, "agent", "Секунду, записываю... да?", 6.0),
        timed_turn(3, "customer", "ноль восемьдесят один, шестьдесят семь.", 8.0),
    ]
    done = redact(turns)
    assert [(r.turn_index, r.type) for r in done.redactions] == [(1, "SNILS"), (3, "SNILS")]


def test_a_read_back_with_two_digits_swapped_is_masked_as_what_was_read() -> None:
    turns = [
        timed_turn(0, "customer", "Паспорт 4508 617243.", 0.0),
        timed_turn(1, "agent", "Сверяю: номер шесть один семь четыре два три, верно?", 3.0),
        timed_turn(
            2, "customer", "Мой номер восемь девятьсот шестнадцать, двести сорок один, семнадцать, ноль три.", 6.0
        ),
        timed_turn(3, "agent", "Записываю: двести четырнадцать, семнадцать, ноль три.", 10.0),
    ]
    done = redact(turns)
    assert done.turns[1].text == "Сверяю: номер [PASSPORT], верно?"
    assert done.turns[3].text == "Записываю: [PHONE]."


def test_a_code_read_back_with_one_digit_changed_is_masked() -> None:
    turns = [
        timed_turn(0, "agent", "Назовите код из смс.", 0.0),
        timed_turn(1, "customer", "Семь четыре ноль два.", 2.0),
        timed_turn(
            2,
            "agent",
            "Хорошо, ввожу семь четыре ноль три, подождите, система проверяет, это может занять минуту.",
            4.0,
        ),
    ]
    done = redact(turns)
    assert done.turns[2].text == "Хорошо, ввожу [SMS_CODE], подождите, система проверяет, это может занять минуту."


def test_a_passport_number_read_back_with_two_digits_changed_is_masked() -> None:
    turns = [
        timed_turn(0, "customer", "Паспорт 4508 617243.", 0.0),
        timed_turn(
            1, "agent", "Сверяю с анкетой из отделения: номер шесть один восемь два пять три, всё совпадает.", 3.0
        ),
    ]
    assert redact(turns).turns[1].text == "Сверяю с анкетой из отделения: номер [PASSPORT], всё совпадает."


def test_a_date_the_analysis_read_out_of_masked_digits_leaves_the_task_and_the_summary() -> None:
    # the agent read the card back in pairs; the recogniser wrote the first pairs as a date and
    # "до ноября двадцать седьмого" (the expiry) as "до ноября 27.00": both dates are the card's
    turns = [
        timed_turn(0, "agent", "Назовите номер карты.", 0.0),
        timed_turn(1, "agent", "карта 22.02.69 на ледейн, 28.61.55.15 до ноября 27.00.", 3.0),
        timed_turn(2, "agent", "Платёж придёт до 15.12.2026.", 9.0),
    ]
    quote = turns[1].text
    tasks = [
        Task(
            type="product_expiry",
            title=f"Карта заканчивается {day}: проверить перевыпуск",
            due_date=dt.date.fromisoformat(iso),
            product="card",
            evidence=Evidence(turn=1, speaker="agent", quote=quote),
            confidence=0.7,
        )
        for day, iso in (("22.02.2027", "2027-02-22"), ("01.11.2027", "2027-11-01"))
    ]
    entities = [
        Entity(kind="date", text="22.02.69", value="2027-02-22", turn=1, speaker="agent"),
        Entity(kind="date", text="до ноября", value="2027-11-01", turn=1, speaker="agent"),
        Entity(kind="date", text="15.12.2026", value="2026-12-15", turn=2, speaker="agent"),
    ]
    summary = Summary(text="Открыто: карта заканчивается 01.11.2027; платёж 15.12.2026.", backend="test")
    done = redact(turns, tasks=tasks, entities=entities, summary=summary)
    assert [(t.title, t.due_date) for t in done.tasks] == [
        ("Карта заканчивается [CARD_NUMBER]: проверить перевыпуск", None),
        ("Карта заканчивается [CARD_NUMBER]: проверить перевыпуск", None),
    ]
    assert done.summary.text == "Открыто: карта заканчивается [CARD_NUMBER]; платёж 15.12.2026."
    assert done.entities[2].value == "2026-12-15"


@pytest.mark.parametrize(
    "reply",
    [
        "Знаю, клиент задержал. Погашу в понедельник 13,",  # Whisper's digits, from a spoken call
        "Погашу в пятницу, 15-го.",
        "Внесу 20 числа, как зарплата придёт.",
        "Давайте 28 января, раньше не смогу.",
    ],
)
def test_a_day_of_the_month_in_reply_about_a_card_is_no_piece_of_it(reply: str) -> None:
    # the agent's words name the card, so the reply was read as the card asked for
    turns = [
        timed_turn(0, "agent", "По вашей бизнес-карте образовался долг по овердрафту.", 0.0),
        timed_turn(1, "customer", reply, 4.0),
    ]
    done = redact(turns)
    assert done.redactions == []
    assert done.turns[1].text == turns[1].text


def test_a_card_number_said_after_a_weekday_is_still_masked() -> None:
    turns = [
        timed_turn(0, "agent", "Назовите номер карты.", 0.0),
        timed_turn(1, "customer", "В понедельник получила, 4276 1300 5521 8830.", 2.0),
    ]
    done = redact(turns)
    assert [r.type for r in done.redactions] == ["CARD_NUMBER"]


def test_an_expiry_read_back_with_garbled_words_before_it_is_masked_after_the_card_was_given() -> None:
    # "Срок ноль четыре двадцать девять, принято" heard as "срок на лече 4-29, принято": the turn names no
    # card and asks nothing, but the customer gave the card and its expiry just before
    turns = [
        timed_turn(0, "agent", "Номер карты?", 0.0),
        timed_turn(1, "customer", "2200 7000 0012 3454", 2.0),
        timed_turn(2, "agent", "Срок действия карты?", 6.0),
        timed_turn(3, "customer", "ноль четыре слэш двадцать девять", 8.0),
        timed_turn(4, "agent", "срок на лече 4-29, принято. Бронь держим до 15 декабря.", 11.0),
    ]
    done = redact(turns)
    assert done.turns[4].text.startswith("срок [CARD_EXPIRY], принято")
    assert "15 декабря" in done.turns[4].text
    # with no card in the call the same words are no expiry
    assert "4-29" in redact([turns[4]]).turns[0].text


def test_a_date_said_after_a_masked_number_holding_its_digit_keeps_its_task() -> None:
    # "Позвоним 9": the 9 inside the phone read back before it is not where the date was said
    turns = [
        timed_turn(0, "agent", "Диктуйте.", 0.0),
        timed_turn(1, "agent", "8-903-571-04-69. Позвоним 9, как будет готово.", 3.0),
    ]
    task = Task(
        type="callback",
        title="Перезвонить клиенту 09.12.2026",
        due_date=dt.date(2026, 12, 9),
        evidence=Evidence(turn=1, speaker="agent", quote="Позвоним 9, как будет готово."),
        confidence=0.7,
    )
    entities = [Entity(kind="date", text="9", value="2026-12-09", turn=1, speaker="agent")]
    done = redact(turns, tasks=[task], entities=entities)
    assert done.turns[1].text == "[PHONE]. Позвоним 9, как будет готово."
    assert done.tasks[0].due_date == dt.date(2026, 12, 9)
    assert done.entities[0].value == "2026-12-09"


def test_a_two_digit_code_quoted_in_the_summary_is_masked_there_with_its_word_before() -> None:
    turns = [
        timed_turn(0, "customer", "Съел мою карту, я в Велопин 5.9, ай, вам женили заговарить.", 0.0),
        timed_turn(1, "agent", "Да, никому не называйте. Карту выдадут до 19 декабря.", 4.0),
    ]
    summary = Summary(
        text="Повод звонка: «Съел мою карту, я в Велопин 5.9, ай». Карту выдадут до 19 декабря.", backend="test"
    )
    done = redact(turns, types=(*ALL, "DICTATED_NUMBER"), summary=summary)
    assert "5.9" not in done.summary.text
    assert done.summary.text.endswith("Карту выдадут до 19 декабря.")
