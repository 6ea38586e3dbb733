"""The words CRM tasks hang on: which stretches get a hinted second look, which hinted dates and
verbs are kept, and which misheard promise verbs are corrected (voc.asr.task_words).

The word texts are Whisper base's own, from the spoken task calls (tests/data/tasks/audio).
"""

from __future__ import annotations

import pytest

from tests.asr.heard_words import spoken, text_of
from voc.asr.task_words import (
    TaskLexicon,
    correct_months_after_days,
    correct_promise_verbs,
    correct_relative_days,
    join_split_end_verbs,
    merge_task_words,
    plan_task_recheck,
    split_glued_before,
)
from voc.schemas import Word


@pytest.mark.parametrize(
    ("heard", "corrected"),
    [
        ("так что внизу в понедельник.", "так что внесу в понедельник."),
        ("Я внизу платёшь в 18,", "Я внесу платёшь в 18,"),
        ("Задолженность по карте закраю в пятницу,", "Задолженность по карте закрою в пятницу,"),
        ("Через две недели точно вниз со всю сумму", "Через две недели точно внесу всю сумму"),
        ("Ясно, остаток, за краю до 15-го сентября.", "Ясно, остаток, закрою до 15-го сентября."),
    ],
)
def test_a_misheard_promise_verb_next_to_a_date_is_corrected(
    task_lexicon: TaskLexicon, heard: str, corrected: str
) -> None:
    words = correct_promise_verbs(spoken(heard), task_lexicon)
    assert text_of(words) == corrected
    assert [w.heard for w in words if w.heard] in (["внизу"], ["закраю"], ["вниз со"], ["за краю"])


@pytest.mark.parametrize(
    "heard",
    [
        "книга лежит внизу на полке",  # nothing of a date near it
        "вклад закроется 2 февраля",  # a real word of another sound
        "я сама позвоню в пятницу",  # already a task word
        "всю сумму закроют 28 числа",  # another person of the same verb: a real word heard
    ],
)
def test_words_that_are_not_a_misheard_promise_stay(task_lexicon: TaskLexicon, heard: str) -> None:
    assert text_of(correct_promise_verbs(spoken(heard), task_lexicon)) == heard


def test_a_word_whisper_was_sure_of_is_not_corrected(task_lexicon: TaskLexicon) -> None:
    words = spoken("так что внизу в понедельник.", sure=("внизу",))
    assert text_of(correct_promise_verbs(words, task_lexicon)) == "так что внизу в понедельник."


def test_a_garbled_date_and_a_garbled_call_back_ask_for_a_second_look(task_lexicon: TaskLexicon) -> None:
    # "Перезвоните мне, пожалуйста, в пятницу после обеда" as Whisper wrote it: neither sentence holds
    # a cue of its own, but the two doubtful near-misses support each other.
    segments = [spoken("и извините мне, пожалуйста,"), spoken("Светницу возле объеда.", at=3.0)]
    plan = plan_task_recheck(segments, task_lexicon)
    assert plan.segments == [0, 1]
    assert "пятницу" in plan.likely_words


def test_sure_words_and_sentences_without_a_task_get_no_second_look(task_lexicon: TaskLexicon) -> None:
    assert plan_task_recheck([spoken("он вклад с старого мата", probability=0.95)], task_lexicon).segments == []
    assert plan_task_recheck([spoken("спасибо что позвонили")], task_lexicon).segments == []


def test_a_hinted_month_replaces_the_word_it_was_heard_over(task_lexicon: TaskLexicon) -> None:
    bare = spoken("он вклад с старого мата, и я не понимаю", sure=("он", "вклад", "и", "я", "не", "понимаю"))
    hinted = spoken("он вклад с старого марта, и я не понимаю")
    merged = merge_task_words(bare, hinted, task_lexicon)
    assert text_of(merged) == "он вклад с старого марта, и я не понимаю"
    assert [w.heard for w in merged if w.heard is not None] == ["мата,"]


def test_a_hinted_weekday_with_its_preposition_replaces_one_bare_word(task_lexicon: TaskLexicon) -> None:
    bare = [
        Word(word="Светницу", start=1.0, end=1.6, probability=0.4),
        Word(word="возле", start=1.7, end=2.0, probability=0.5),
    ]
    hinted = [
        Word(word="в", start=1.0, end=1.1, probability=0.6),
        Word(word="пятницу", start=1.1, end=1.6, probability=0.7),
        Word(word="возле", start=1.7, end=2.0, probability=0.5),
    ]
    merged = merge_task_words(bare, hinted, task_lexicon)
    assert text_of(merged) == "В пятницу возле"
    assert merged[0].heard == "Светницу" and merged[1].heard == ""
    assert merged[0].start == 1.0 and merged[1].end == 1.6


def test_another_form_of_the_hinted_word_is_not_replaced(task_lexicon: TaskLexicon) -> None:
    # Real: the agent's "перезвонит специалист" came back from the hinted look as "перезвонить".
    bare = spoken("вам перезвонит специалист завтра", sure=("вам", "специалист", "завтра"))
    hinted = spoken("вам перезвонить специалист завтра")
    assert text_of(merge_task_words(bare, hinted, task_lexicon)) == text_of(bare)


def test_a_hint_written_as_a_list_is_not_taken(task_lexicon: TaskLexicon) -> None:
    # Real: the hint "марте, марта, июле, июля, июне" over an English aside came back as a list.
    bare = spoken("и если вы guys if you still have")
    hinted = spoken("июле, июле, ия, июля, июле,")
    assert text_of(merge_task_words(bare, hinted, task_lexicon)) == text_of(bare)


def test_a_hinted_date_over_words_that_sound_otherwise_or_were_sure_is_not_taken(task_lexicon: TaskLexicon) -> None:
    bare = spoken("и извините мне, пожалуйста,")
    hinted = spoken("и извините мне, пятницу,")
    assert text_of(merge_task_words(bare, hinted, task_lexicon)) == text_of(bare)
    sure = spoken("он вклад с старого мата,", probability=0.95)
    assert text_of(merge_task_words(sure, spoken("он вклад с старого марта,"), task_lexicon)) == text_of(sure)


@pytest.mark.parametrize(
    ("heard", "corrected"),
    [
        ("пополняемый до 19-го я в густа, а", "пополняемый до 19-го августа, а"),
        ("он заканчивается второго мата, и я", "он заканчивается второго марта, и я"),
        ("заканчивается в середине Юня, точнее", "заканчивается в середине июня, точнее"),
    ],
)
def test_a_misheard_month_after_a_day_is_corrected(task_lexicon: TaskLexicon, heard: str, corrected: str) -> None:
    words = correct_months_after_days(spoken(heard), task_lexicon)
    assert text_of(words) == corrected
    assert len([w for w in words if w.heard]) == 1


@pytest.mark.parametrize(
    "heard",
    [
        "отдам 5 марок завтра",  # not near enough to a month
        "с старого мата",  # no day said before it: no date is made up
        "платёж 20 марта",  # already a month
    ],
)
def test_no_month_appears_where_none_was_heard_after_a_day(task_lexicon: TaskLexicon, heard: str) -> None:
    assert text_of(correct_months_after_days(spoken(heard), task_lexicon)) == heard
    assert text_of(correct_months_after_days(spoken("до 15 мата", probability=0.95), task_lexicon)) == "до 15 мата"


def test_a_self_correction_is_never_made_into_a_promise_verb(task_lexicon: TaskLexicon) -> None:
    # "закрою в пятницу, вернее, в понедельник": "вернее и" sounds within an edit of "верну", and
    # taking it would lose the correction the extraction needs to keep Monday alone
    words = correct_promise_verbs(
        spoken("Задолженность по карте закраю в пятницу, вернее и в понедельник"), task_lexicon
    )
    assert text_of(words) == "Задолженность по карте закрою в пятницу, вернее и в понедельник"


@pytest.mark.parametrize(
    ("heard", "corrected", "was"),
    [
        # the s14 call: "Решение будет через неделю, и я вам сразу перезвоню"
        (
            "Решение будет чрезнетелю, и я вон сразу перезвоню.",
            "Решение будет через неделю, и я вон сразу перезвоню.",
            "чрезнетелю,",
        ),
        # a call-back verb Whisper also misheard still makes the sentence a promise
        ("чрезнетелю, и я вон сразу призвоню.", "через неделю, и я вон сразу призвоню.", "чрезнетелю,"),
        # the phrase itself written in two words needs no promise near
        ("извините мне после завтра, а", "извините мне послезавтра, а", "после завтра,"),
        ("Я вам перезвоню после наведа.", "Я вам перезвоню после обеда.", "после наведа."),
    ],
)
def test_a_garbled_relative_day_near_a_promise_is_corrected(
    task_lexicon: TaskLexicon, heard: str, corrected: str, was: str
) -> None:
    words = correct_relative_days(spoken(heard), task_lexicon)
    assert text_of(words) == corrected
    changed = [w for w in words if w.heard]
    assert changed[0].heard == was
    assert [w.heard for w in words if w.heard is not None][1:] in ([], [""])  # the phrase's other word
    assert words[0].start == 0.0 and words[-1].end == spoken(heard)[-1].end


@pytest.mark.parametrize(
    "heard",
    [
        "Платёж будет чрезнетелю.",  # nothing promised or called back near: no date is made up
        "Я перезвоню через недели две",  # real words, said as heard
        "я перезвоню возле обеда",  # real words
    ],
)
def test_relative_days_are_not_made_up(task_lexicon: TaskLexicon, heard: str) -> None:
    assert text_of(correct_relative_days(spoken(heard), task_lexicon)) == heard


def test_a_relative_day_whisper_was_sure_of_stays(task_lexicon: TaskLexicon) -> None:
    heard = "Я вам перезвоню после наведа."
    assert text_of(correct_relative_days(spoken(heard, probability=0.95), task_lexicon)) == heard


def test_a_day_ending_whisper_wrote_apart_stays_with_the_day(task_lexicon: TaskLexicon) -> None:
    # "до девятнадцатого августа" heard as "до 19 -го я в густа": "-го я" sounds like "мая", but the
    # ending belongs to the day and the month is the words after it
    words = correct_months_after_days(spoken("пополняемый до 19 -го я в густа, по-первых"), task_lexicon)
    assert text_of(words) == "пополняемый до 19 -го августа, по-первых"
    assert [w.heard for w in words if w.heard] == ["я в густа,"]


def test_the_hint_breaks_ties_in_sound_the_same_way_in_every_process(task_lexicon: TaskLexicon) -> None:
    # "срида" is one edit from both "среду" and "среды"; which one the hint names must not depend
    # on the process's string hashing, or the second look hears other words on every run
    words = spoken("я перезвоню в срида", sure=("я", "перезвоню", "в"))
    assert plan_task_recheck([words], task_lexicon).likely_words == ["среду"]


@pytest.mark.parametrize(
    ("heard", "corrected"),
    [
        # "Наберите меня на следующей неделе" (r28) and "наберите меня в следующую среду" (x03)
        ("Подумаю, на беретей меня на следующей неделе.", "Подумаю, наберите меня на следующей неделе."),
        ("Я подумаю, на беретем не в следующее среду ладно.", "Я подумаю, наберите не в следующее среду ладно."),
    ],
)
def test_a_misheard_request_to_call_next_to_a_date_is_corrected(
    task_lexicon: TaskLexicon, heard: str, corrected: str
) -> None:
    words = correct_promise_verbs(spoken(heard), task_lexicon)
    assert text_of(words) == corrected
    assert next(w.heard for w in words if w.heard).startswith("на берете")


@pytest.mark.parametrize(
    "heard",
    [
        "специалист позвонит вам в среду",  # another person of a call-back verb: what was said
        "вы наберете нас завтра",
        "на береге реки",  # nothing of a date near
    ],
)
def test_other_forms_of_a_call_back_verb_stay(task_lexicon: TaskLexicon, heard: str) -> None:
    assert text_of(correct_promise_verbs(spoken(heard), task_lexicon)) == heard


def test_an_end_verb_whisper_split_after_its_first_vowel_is_joined() -> None:
    words = join_split_end_verbs(spoken("срок действия вашего полиса и стекает 25 марта", sure=("стекает",)))
    assert text_of(words) == "срок действия вашего полиса истекает 25 марта"
    joined = words[4]
    assert (joined.heard, joined.start, joined.end) == ("и стекает", 1.6, 2.3)


@pytest.mark.parametrize("heard", ["разбиты фара и стекло", "и, стекает", "он и заканчивается"])
def test_only_a_join_that_makes_an_end_verb_is_made(heard: str) -> None:
    assert text_of(join_split_end_verbs(spoken(heard))) == heard


@pytest.mark.parametrize(
    ("heard", "corrected"),
    [
        ("Хорошо записал звонук на понедельник.", "Хорошо записал звонок на понедельник."),  # d05
        ("вклад заканчивается 2 февраля, званок от меня третьего февраля.", None),  # t14
    ],
)
def test_a_misheard_call_back_noun_next_to_a_date_is_corrected(
    task_lexicon: TaskLexicon, heard: str, corrected: str | None
) -> None:
    words = correct_promise_verbs(spoken(heard), task_lexicon)
    assert text_of(words) == (corrected or heard.replace("званок", "звонок"))
    assert [w.heard for w in words if w.heard] in (["звонук"], ["званок"])


@pytest.mark.parametrize("heard", ["звонков было много в понедельник", "звонко смеялся в пятницу", "звонук"])
def test_other_words_near_the_call_back_noun_stay(task_lexicon: TaskLexicon, heard: str) -> None:
    assert text_of(correct_promise_verbs(spoken(heard), task_lexicon)) == heard


@pytest.mark.parametrize(
    ("heard", "corrected"),
    [
        ("позвоню вам через неделю 23 его июль с ответом.", "позвоню вам через неделю 23-го июля с ответом."),
        ("оплата до 23-его июля", "оплата до 23-го июля"),
        ("платёж 5ого мая", "платёж 5-го мая"),
        ("позвоню 15 июле", "позвоню 15 июля"),
    ],
)
def test_a_day_with_its_ordinal_ending_written_apart_or_a_month_in_another_case_is_one_date(
    task_lexicon: TaskLexicon, heard: str, corrected: str
) -> None:
    words = correct_months_after_days(spoken(heard, probability=0.95), task_lexicon)
    assert text_of(words) == corrected
    assert any(w.heard for w in words)


@pytest.mark.parametrize("heard", ["оплачу 23 его счёт", "внесу 23, его жена в курсе"])
def test_a_pronoun_after_a_number_stays_without_a_month_after_it(task_lexicon: TaskLexicon, heard: str) -> None:
    assert text_of(correct_months_after_days(spoken(heard, probability=0.95), task_lexicon)) == heard


def test_a_promise_verb_with_one_vowel_changed_is_corrected_even_when_sure(task_lexicon: TaskLexicon) -> None:
    words = correct_promise_verbs(spoken("ладно, погошу в субботу 11.", probability=0.95), task_lexicon)
    assert text_of(words) == "ладно, погашу в субботу 11."
    assert words[1].heard == "погошу"
    # a real word Whisper was sure of, and a slip with no date near, stay
    assert (
        text_of(correct_promise_verbs(spoken("внизу в понедельник", probability=0.95), task_lexicon))
        == "внизу в понедельник"
    )
    assert text_of(correct_promise_verbs(spoken("ну погошу", probability=0.95), task_lexicon)) == "ну погошу"


def test_a_preposition_glued_to_a_unit_of_time_after_a_count_is_split_off() -> None:
    words = split_glued_before(spoken("я позвоню вам за три дняды окончания."))
    assert text_of(words) == "я позвоню вам за три дня до окончания."
    assert [w.heard for w in words[5:7]] == ["дняды", ""]
    # no count before it, or a real word: what Whisper wrote stays
    assert text_of(split_glued_before(spoken("дняды окончания"))) == "дняды окончания"
    assert text_of(split_glued_before(spoken("за три недели"))) == "за три недели"
