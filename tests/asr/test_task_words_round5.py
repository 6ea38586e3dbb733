"""The fifth hearing round's repairs of the words CRM tasks hang on (voc.asr.task_words): product
names written with their capitals, a product noun glued to the next word, months that lost their
first "и", "в" for "к" before a day, end verbs heard as gerunds, ordinals split before a month, and
the promise-verb step leaving real call verbs and names alone.

The sentences are made up in the shape of Whisper base's mistakes on the spoken task calls.
"""

from __future__ import annotations

import pytest

from tests.asr.heard_words import heard_of, spoken, text_of
from voc.asr.task_words import (
    TaskLexicon,
    correct_day_prepositions,
    correct_end_gerunds,
    correct_promise_verbs,
    correct_relative_days,
    join_split_ordinals,
    restore_month_onsets,
    split_glued_product_nouns,
    write_product_names,
)

TERMS = ("кредитная карта Звезда", "полис Оберег", "вклад Осенний", "страхование жизни")


@pytest.mark.parametrize(
    ("heard", "written", "was"),
    [
        ("ваша карта звезда заканчивается в мае.", "ваша карта Звезда заканчивается в мае.", ["звезда"]),
        ("платёж по карте звезды до пятого", "платёж по карте Звезды до пятого", ["звезды"]),
        ("полис страхования жизни оберег истекает", "полис страхования жизни Оберег истекает", ["оберег"]),
        ("мой вклад осенний, когда он кончается?", "мой вклад Осенний, когда он кончается?", ["осенний,"]),
    ],
)
def test_a_product_name_the_upload_sent_gets_its_capital_after_its_noun(heard: str, written: str, was: list) -> None:
    words = write_product_names(spoken(heard, 0.95), TERMS)
    assert text_of(words) == written
    assert [h for h in heard_of(words) if h] == was


@pytest.mark.parametrize(
    "heard",
    [
        "вчера видел звезду на небе, красивая",  # no word of the term before it
        "это ваша карта. Звезда была на обложке",  # already a capital, after a sentence's end
        "ваша карта. звезда упала",  # the noun is in the sentence before
        "у вас карта и ещё много дел, звезда",  # further than four words from the noun
    ],
)
def test_a_common_word_away_from_its_products_noun_stays(heard: str) -> None:
    assert text_of(write_product_names(spoken(heard, 0.95), TERMS)) == heard


def test_terms_without_a_name_change_nothing() -> None:
    heard = "страхование жизни заканчивается в мае"
    assert text_of(write_product_names(spoken(heard), ("страхование жизни", "Вклад"))) == heard


def test_a_product_noun_glued_to_the_next_word_is_split() -> None:
    words = split_glued_product_nouns(spoken("ваш вкладпенсионного типа истекает завтра"))
    assert text_of(words) == "ваш вклад пенсионного типа истекает завтра"
    assert [w.heard for w in words[1:3]] == ["вкладпенсионного", ""]
    assert words[1].start == 0.4 and words[2].end == 0.7 and words[1].end == words[2].start


@pytest.mark.parametrize("heard", ["вкладчики банка", "кредитование бизнеса", "полисами", "договорённость есть"])
def test_real_words_that_start_with_a_product_noun_stay(heard: str) -> None:
    assert text_of(split_glued_product_nouns(spoken(heard))) == heard


def test_a_glued_word_whisper_was_sure_of_stays() -> None:
    assert text_of(split_glued_product_nouns(spoken("полисопатечного", 0.95))) == "полисопатечного"


@pytest.mark.parametrize(
    ("heard", "written"),
    [
        ("оплачу во Юле, точно", "оплачу в июле, точно"),
        ("карта кончается в юне", "карта кончается в июне"),
        ("до пятого юня внесу", "до пятого июня внесу"),
        ("в конце юля перезвоню", "в конце июля перезвоню"),
        ("позвоню 12-го юля", "позвоню 12-го июля"),
    ],
)
def test_a_month_that_lost_its_first_vowel_to_the_preposition_is_restored(
    task_lexicon: TaskLexicon, heard: str, written: str
) -> None:
    words = restore_month_onsets(spoken(heard), task_lexicon)
    assert text_of(words) == written
    assert any(h.lower().startswith("ю") for h in [h for h in heard_of(words) if h])


@pytest.mark.parametrize(
    "heard", ["передам Юле в пятницу", "у Юли день рождения", "позвоню Юле", "с Юлей", "в пятницу, Юля"]
)
def test_the_name_yulia_stays(task_lexicon: TaskLexicon, heard: str) -> None:
    assert text_of(restore_month_onsets(spoken(heard), task_lexicon)) == heard


@pytest.mark.parametrize(
    ("heard", "written"),
    [
        ("деньги будут на счёте в двадцатому", "деньги будут на счёте к двадцатому"),
        ("закрою долг во второму числу", "закрою долг ко второму числу"),
        ("верну в 15-му", "верну к 15-му"),
    ],
)
def test_v_before_a_day_in_the_dative_is_k(heard: str, written: str) -> None:
    words = correct_day_prepositions(spoken(heard))
    assert text_of(words).replace("ко второму", "к второму") == written.replace("ко второму", "к второму")
    assert [h for h in heard_of(words) if h] in (["в"], ["во"])


@pytest.mark.parametrize("heard", ["в двадцатом году", "в нашему отделу", "в пятом ряду", "к двадцатому"])
def test_other_words_after_v_stay(heard: str) -> None:
    assert text_of(correct_day_prepositions(spoken(heard))) == heard


@pytest.mark.parametrize(
    ("heard", "written"),
    [
        ("договор действуя до 12 мая.", "договор действует до 12 мая."),
        ("карта заканчиваясь по пятого", "карта заканчивается по пятого"),
        ("ставка действуя до конца месяца", "ставка действует до конца месяца"),
    ],
)
def test_an_end_verb_heard_as_its_gerund_before_a_date_is_the_verb(
    task_lexicon: TaskLexicon, heard: str, written: str
) -> None:
    words = correct_end_gerunds(spoken(heard), task_lexicon)
    assert text_of(words) == written
    assert len([h for h in heard_of(words) if h]) == 1


@pytest.mark.parametrize("heard", ["действуя по инструкции", "действуя до того, как", "истекая кровью до утра"])
def test_a_gerund_without_a_date_after_it_stays(task_lexicon: TaskLexicon, heard: str) -> None:
    assert text_of(correct_end_gerunds(spoken(heard), task_lexicon)) == heard


@pytest.mark.parametrize(
    ("heard", "written"),
    [
        ("перезвоню треться того июля", "перезвоню тридцатого июля"),
        ("полис действует отреться того мая.", "полис действует тридцатого мая."),
        ("внесу двацца того марта", "внесу двадцатого марта"),
    ],
)
def test_an_ordinal_heard_as_a_made_up_word_and_its_ending_before_a_month_is_one_ordinal(
    task_lexicon: TaskLexicon, heard: str, written: str
) -> None:
    words = join_split_ordinals(spoken(heard), task_lexicon)
    assert text_of(words) == written
    assert [h for h in heard_of(words) if h] == [" ".join(heard.split()[-3:-1])]


@pytest.mark.parametrize(
    "heard",
    ["кроме того июля", "треться того", "треться того, июля", "треться того дня"],
)
def test_no_ordinal_is_made_from_real_words_or_without_a_month(task_lexicon: TaskLexicon, heard: str) -> None:
    assert text_of(join_split_ordinals(spoken(heard), task_lexicon)) == heard


def test_a_split_ordinal_whisper_was_sure_of_stays(task_lexicon: TaskLexicon) -> None:
    assert text_of(join_split_ordinals(spoken("треться того июля", 0.95), task_lexicon)) == "треться того июля"


def test_a_real_call_verb_is_not_made_into_the_call_back_noun(task_lexicon: TaskLexicon) -> None:
    heard = "Договорились, звоню в понедельник 18."
    assert text_of(correct_promise_verbs(spoken(heard), task_lexicon)) == heard


def test_a_name_mid_sentence_is_not_made_into_a_promise_verb(task_lexicon: TaskLexicon) -> None:
    heard = "полис Верны друг действует до пятого мая"
    assert text_of(correct_promise_verbs(spoken(heard), task_lexicon)) == heard
    # the same word in lower case is the verb's near-miss, as before
    assert text_of(correct_promise_verbs(spoken("я верны до пятого мая"), task_lexicon)) == "я верну до пятого мая"


def test_a_promise_verb_found_first_lets_a_garbled_end_of_month_be_heard(task_lexicon: TaskLexicon) -> None:
    words = correct_promise_verbs(spoken("Хорошо, я вниз с подоканца месяца."), task_lexicon)
    assert text_of(words) == "Хорошо, я внесу подоканца месяца."
    words = correct_relative_days(words, task_lexicon)
    assert text_of(words) == "Хорошо, я внесу до конца месяца."
    assert [h for h in heard_of(words) if h] == ["вниз с", "подоканца месяца."]
