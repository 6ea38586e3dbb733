"""The sixth hearing round's repairs of the words CRM tasks hang on (voc.asr.task_words): an end
verb whose reflexive ending Whisper wrote apart, a month glued to a part of the month, "до" glued
to a unit after "за", a day's scrap before the month, a month told by its ending, "полис" merged
with the next word's first sound, and the promise verbs: "внизу" sure before a date after an
amount, and a real verb of another kind left as heard.

The sentences are made up in the shape of Whisper base's mistakes on the natural-voice task calls
(spoken5-7).
"""

from __future__ import annotations

import pytest

from tests.asr.heard_words import heard_of, spoken, text_of
from voc.asr.task_words import (
    TaskLexicon,
    correct_end_gerunds,
    correct_months_after_days,
    correct_promise_verbs,
    join_split_reflexive_end_verbs,
    restore_policy_nouns,
    split_glued_before,
    split_glued_months,
)


@pytest.mark.parametrize(
    ("heard", "written", "was"),
    [
        ("ваш вклад Летний и заканчивый с 19 июня,", "ваш вклад Летний и заканчивается 19 июня,", "заканчивый с"),
        ("вклад Доходный заканчивы с 9 июня", "вклад Доходный заканчивается 9 июня", "заканчивы с"),
        ("вклад Осенний заканчивай с двадцатого сентября", "вклад Осенний заканчивается двадцатого сентября",
         "заканчивай с"),
        ("договор оканчивый ся 30 ноября", "договор оканчивается 30 ноября", "оканчивый ся"),
    ],
)  # fmt: skip
def test_an_end_verb_with_its_reflexive_ending_apart_before_a_day_is_one_verb(
    task_lexicon: TaskLexicon, heard: str, written: str, was: str
) -> None:
    words = join_split_reflexive_end_verbs(spoken(heard, sure=tuple(heard.split())), task_lexicon)
    assert text_of(words) == written
    assert heard_of(words) == [was]


@pytest.mark.parametrize(
    "heard",
    [
        "заканчивай с этим",  # no day after the ending
        "заканчивай с 20 минут",  # "минут" is no day
        "заканчивается с 9 июня",  # already the verb
        "заканчивала с 5 мая",  # a real past form: what was heard
        "заканчивый, с 9 июня",  # a comma between them
    ],
)
def test_other_words_before_s_stay(task_lexicon: TaskLexicon, heard: str) -> None:
    assert text_of(join_split_reflexive_end_verbs(spoken(heard), task_lexicon)) == heard


@pytest.mark.parametrize(
    ("heard", "written"),
    [
        ("деньги будут в началеюня, тогда", "деньги будут в начале июня, тогда"),
        ("а второй в началеюня.", "а второй в начале июня."),
        ("закрою в концемая", "закрою в конце мая"),
        ("до серединыюля", "до середины июля"),
    ],
)
def test_a_month_glued_to_a_part_of_the_month_is_split(heard: str, written: str) -> None:
    words = split_glued_months(spoken(heard))
    assert text_of(words) == written
    assert heard_of(words)[0] == heard.split()[-2 if heard.endswith("тогда") else -1]


@pytest.mark.parametrize("heard", ["в начале", "в концертах", "началом июня", "в конце мая"])
def test_words_that_are_no_glued_month_stay(heard: str) -> None:
    assert text_of(split_glued_months(spoken(heard))) == heard


def test_do_glued_to_a_unit_after_za_is_split() -> None:
    words = split_glued_before(spoken("позвоните мне за неделюды окончания."))
    assert text_of(words) == "позвоните мне за неделю до окончания."
    assert heard_of(words) == ["неделюды", ""]


def test_a_unit_after_another_word_stays() -> None:
    assert text_of(split_glued_before(spoken("вторую неделюды"))) == "вторую неделюды"


def test_a_scrap_of_the_day_before_the_month_is_no_month(task_lexicon: TaskLexicon) -> None:
    # "до тридцать первого августа" heard as "до 31 воя в густа": "воя" once became "мая"
    words = correct_months_after_days(spoken("у меня до 31 воя в густа я оплачивал"), task_lexicon)
    assert text_of(words) == "у меня до 31 воя августа я оплачивал"
    words = correct_months_after_days(spoken("у меня до 31 воя августа я оплачивал"), task_lexicon)
    assert text_of(words) == "у меня до 31 воя августа я оплачивал"


@pytest.mark.parametrize(
    ("heard", "written"),
    [
        ("действует до 31 -го вакуаря.", "действует до 31 -го января."),
        ("до пятого вакуаря", "до пятого января"),
    ],
)
def test_a_made_up_word_after_a_day_that_ends_like_one_month_alone_is_that_month(
    task_lexicon: TaskLexicon, heard: str, written: str
) -> None:
    words = correct_months_after_days(spoken(heard), task_lexicon)
    assert text_of(words) == written
    assert heard_of(words) == [heard.split()[-1]]


@pytest.mark.parametrize(
    "heard",
    [
        "до пятого ября",  # September to December all end so
        "до пятого вакуаря",  # Whisper was sure of it
        "до пятого январского",  # a real word
        "купил вакуаря",  # no day before it
        "перезвоню 25",  # nothing after the day
    ],
)
def test_no_month_by_its_ending_where_it_is_not_one(task_lexicon: TaskLexicon, heard: str) -> None:
    sure = ("вакуаря",) if heard == "до пятого вакуаря" else ()
    assert text_of(correct_months_after_days(spoken(heard, sure=sure), task_lexicon)) == heard


@pytest.mark.parametrize(
    ("heard", "written"),
    [
        ("ваше пользство страхования дачи действует", "ваше полис страхования дачи действует"),
        ("Пользство страховки кончается", "Полис страховки кончается"),
    ],
)
def test_polis_merged_into_a_made_up_word_before_what_it_insures(heard: str, written: str) -> None:
    words = restore_policy_nouns(spoken(heard))
    assert text_of(words) == written
    assert heard_of(words) == [heard.split()[0 if heard[0].isupper() else 1]]


@pytest.mark.parametrize(
    "heard",
    [
        "польза страхования",  # a real word
        "пользство дачи",  # nothing insured after it
        "пользство, страхования",
    ],
)
def test_other_words_before_strakhovaniya_stay(heard: str) -> None:
    assert text_of(restore_policy_nouns(spoken(heard))) == heard


def test_a_sure_policy_word_stays() -> None:
    heard = "ваше пользство страхования"
    assert text_of(restore_policy_nouns(spoken(heard, sure=("пользство",)))) == heard


@pytest.mark.parametrize(
    ("heard", "written"),
    [
        ("Знаю, половину внизу в пятницу, а вторую", "Знаю, половину внесу в пятницу, а вторую"),
        ("десять тысяч внизу завтра", "десять тысяч внесу завтра"),
    ],
)
def test_a_sure_vnizu_after_an_amount_and_before_a_date_is_vnesu(
    task_lexicon: TaskLexicon, heard: str, written: str
) -> None:
    words = correct_promise_verbs(spoken(heard, sure=("внизу",)), task_lexicon)
    assert text_of(words) == written
    assert heard_of(words) == ["внизу"]


@pytest.mark.parametrize(
    "heard",
    [
        "так что внизу в понедельник.",  # no amount before it
        "половину внизу на полке",  # no date after it
        "всю сумму оставил внизу, а в пятницу",  # the date is not right after it
    ],
)
def test_a_sure_vnizu_elsewhere_stays(task_lexicon: TaskLexicon, heard: str) -> None:
    assert text_of(correct_promise_verbs(spoken(heard, sure=("внизу", "внизу,")), task_lexicon)) == heard


def test_a_real_verb_of_another_kind_is_not_made_a_request_to_call(task_lexicon: TaskLexicon) -> None:
    # "новая карта уже выпущена, заберёте в отделении": "заберёте" once became "наберите"
    heard = "новая карта выпущена, заберёте в отделении до 31-го января."
    assert text_of(correct_promise_verbs(spoken(heard), task_lexicon)) == heard


@pytest.mark.parametrize(
    ("heard", "written"),
    [
        ("старое одействие до 31-го января.", "старое действует до 31-го января."),
        ("карта действуе по 5 мая", "карта действует по 5 мая"),
    ],
)
def test_a_made_up_word_on_the_stem_of_deystvuet_before_a_day_is_the_verb(
    task_lexicon: TaskLexicon, heard: str, written: str
) -> None:
    words = correct_end_gerunds(spoken(heard), task_lexicon)
    assert text_of(words) == written
    assert heard_of(words) == [heard.split()[1]]


@pytest.mark.parametrize(
    "heard",
    [
        "срок действие до 31-го января",  # a real word
        "старое одействие в отделении",  # no day after "до"
    ],
)
def test_other_words_on_the_stem_stay(task_lexicon: TaskLexicon, heard: str) -> None:
    assert text_of(correct_end_gerunds(spoken(heard), task_lexicon)) == heard
