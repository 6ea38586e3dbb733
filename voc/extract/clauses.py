"""The clause a date sits in, and the verbs of that clause.

"Заявление подам завтра, а деньги положу на счёт девятнадцатого" holds two events: each date
belongs to the verb of its own clause, and a clause whose verb is about something else (handing in
a form, a coupon being paid, deciding) gives its date to no task. Clauses end at punctuation and
at the words that open a new clause ("а", "и", "но", "если", "когда", "чтобы"; "but", "and", "if",
"when"). Russian verbs come from pymorphy3 (finite forms and infinitives, with tense, person and
mood); English has no morphology here, so only its clause edges and tense words are used.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from voc.extract import lexicon
from voc.extract.morph import word_parses

CLAUSE_EDGE = re.compile(
    r"[,;:—–]\s*|\s+(?:а|и|но|если|когда|чтобы|потому что|but|and|while|if|when|because|so that|so|once)\s+"
)
# Verbs that carry no event of their own: they lean on an infinitive or on the sentence's event
# ("смогу в пятницу", "давайте в четверг", "сделаю это пятнадцатого", "будет просрочка").
LEANING_VERBS = frozenset(
    {
        "быть",
        "мочь",
        "смочь",
        "суметь",
        "хотеть",
        "захотеть",
        "давать",
        "дать",
        "получиться",
        "получаться",
        "успеть",
        "успевать",
        "стать",
        "сделать",
        "делать",
        "постараться",
        "стараться",
        "попробовать",
        "собираться",
        "планировать",
        "начать",
        "удаться",
        "надо",
        "нужно",
        "видеть",
        "понимать",
        "понять",
        "помнить",
        "подсказать",
        "есть",
        "значить",
        # "Мне казалось, до двадцать четвёртого": a belief about the date of the event talked of
        "казаться",
        "показаться",
        # "А понедельник устроит?": asks whether a day suits the event already talked of
        "устроить",
        "устраивать",
        # "Стоп, путаю, пятого января": the speaker's slip is no event of the date (its past forms: RECORDING_VERBS)
        "путать",
        "ошибаться",
        # "Ой нет, вру, пятнадцатого марта", "обманываю": the speaker owning up to a slip, not an event
        "врать",
        "обманывать",
    }
)
# Past forms that put an event on record or report what was said rather than what happened
# ("записала на пятницу", "договорились на четверг", "я говорила до двенадцатого"): the date they
# carry is still ahead.
RECORDING_VERBS = frozenset(
    {
        "записать",
        "записывать",
        "отметить",
        "отмечать",
        "поставить",
        "ставить",
        "зафиксировать",
        "фиксировать",
        "договориться",
        "запланировать",
        "назначить",
        "оформить",
        "решить",
        "ждать",
        "ожидать",
        "говорить",
        "сказать",
        "обещать",
        "пообещать",
        "указать",  # "в договоре указано одиннадцатое июля"
        # "Извините, оговорилась, четырнадцатого июня": the slip is in the past, the date is not
        "оговориться",
        "ошибиться",
        "перепутать",
    }
)
EN_PAST = re.compile(
    r"\b(?:was|were|had|did|paid|closed|opened|ended|expired|matured|arrived|went|sent|called|tried|made)\b"
)
EN_AHEAD = re.compile(r"\b(?:will|'ll|going to|is|are|am|can|could|would|shall|need|want|let's)\b|'s\b|'re\b|'m\b")


@dataclass(frozen=True)
class Verb:
    word: str
    lemma: str
    start: int
    tense: str | None  # past, pres, futr; None for an infinitive or an imperative
    person: str | None  # 1per, 2per, 3per
    number: str | None  # sing, plur
    infinitive: bool
    imperative: bool


def clause_bounds(lower: str, position: int, date_spans: Sequence[tuple[int, int]] = ()) -> tuple[int, int]:
    """Start and end of the clause holding character `position`; a clause that is only a date
    ("в пятницу, двенадцатого февраля") joins the clause before it."""
    bounds = [0, *(m.end() for m in CLAUSE_EDGE.finditer(lower)), len(lower) + 1]
    clauses = [(a, b) for a, b in itertools.pairwise(bounds) if a < b]
    mine = next((i for i, (a, b) in enumerate(clauses) if a <= position < b), len(clauses) - 1)
    start, end = clauses[mine]
    words = lower[start:end]
    for a, b in date_spans:
        if start <= a and b <= end:
            words = words.replace(lower[a:b], " ")
    if mine > 0 and not re.search(r"[^\W\d_]{3,}", words):
        start = clauses[mine - 1][0]
    return start, end


def verbs_in(lower: str, start: int, end: int, language: str) -> list[Verb]:
    """The Russian finite verbs and infinitives between `start` and `end` (none for English)."""
    if language != "ru":
        return []
    found: list[Verb] = []
    for match in re.finditer(r"[а-яё]+", lower[start:end]):
        parse = _verb_reading(match.group())
        if parse is None:
            continue
        lemma, grammemes = parse
        found.append(
            Verb(
                word=match.group(),
                lemma=lemma,
                start=start + match.start(),
                tense=next((g for g in ("past", "pres", "futr") if g in grammemes), None),
                person=next((g for g in ("1per", "2per", "3per") if g in grammemes), None),
                number=next((g for g in ("sing", "plur") if g in grammemes), None),
                infinitive="INFN" in grammemes,
                imperative="impr" in grammemes,
            )
        )
    return found


EVENT_LEMMAS = lexicon.PAYMENT_LEMMAS | lexicon.MONEY_MOVE_LEMMAS | lexicon.CALLBACK_LEMMAS | lexicon.END_LEMMAS
VERB_SHARE = 0.3  # "закрою" (a third verb "закрыть"), not "минут" (0.5% verb "минуть")


def _verb_reading(word: str) -> tuple[str, frozenset[str]] | None:
    """The word's verb reading when pymorphy3 gives verbs a fair share of its parses; a lemma the task
    rules know wins among equally likely verbs ("закрою": "закрыть", not "закроить")."""
    verbs = [(lemma, grammemes, score) for lemma, grammemes, score in word_parses(word) if {"VERB", "INFN"} & grammemes]
    if sum(score for _, _, score in verbs) < VERB_SHARE:
        return None
    best = max(score for _, _, score in verbs)
    known = [v for v in verbs if v[0] in EVENT_LEMMAS and v[2] >= best]
    lemma, grammemes, _ = (known or verbs)[0]
    return lemma, grammemes


def main_verbs(lower: str, start: int, end: int, language: str) -> list[Verb]:
    """The clause's verbs that name an event of their own (not "смогу", "давайте", "будет")."""
    return [v for v in verbs_in(lower, start, end, language) if v.lemma not in LEANING_VERBS]


def reports_the_past(lower: str, start: int, end: int, language: str) -> bool:
    """The clause tells of something that already happened: "один закрылся в марте", "I paid on the 3rd".

    A past verb that leans on an infinitive or a future verb ("решила заплатить в пятницу") or puts
    an event on record ("записала на пятницу") does not.
    """
    clause = lower[start:end]
    if language != "ru":
        return bool(EN_PAST.search(clause)) and not EN_AHEAD.search(clause)
    polite = [m.span() for m in lexicon.POLITE_PAST.finditer(lower)]
    verbs = [v for v in verbs_in(lower, start, end, language) if not any(a <= v.start < b for a, b in polite)]
    past = [v for v in verbs if v.tense == "past" and v.lemma not in RECORDING_VERBS]
    ahead = [v for v in verbs if v.infinitive or v.imperative or v.tense in ("pres", "futr")]
    return bool(past) and not ahead


# English has no morphology here: the things whose dates are no task, named as a clause's subject
EN_ANOTHER_THING = re.compile(
    r"\b(?:(?:new |the |interest )?rates?|salary|wages?|pay ?(?:check|cheque|day)|pension|bonus|refund|letter|"
    r"statement|coupon|documents?|certificate|new card|delivery|decision|approval)\b"
)


def names_another_thing(words_before: str, language: str = "ru") -> bool:
    """The clause's subject, said before the date, is neither a product nor money owed: "Зарплата у меня
    двадцатого" dates the salary, "the new rates come out on the first of June" the rates."""
    if language != "ru":
        return bool(EN_ANOTHER_THING.search(words_before)) and not any(
            pattern.search(words_before) for _, pattern in lexicon.PRODUCTS
        )
    for word in re.findall(r"[а-яё]{3,}", words_before):
        parses = [(lemma, grammemes) for lemma, grammemes, score in word_parses(word) if score >= 0.3]
        if any({"NOUN", "nomn"} <= grammemes and "Abbr" not in grammemes for _, grammemes in parses):
            named = any(pattern.search(word) for _, pattern in lexicon.PRODUCTS)
            # "сегодня половина и девятого января остаток": a part of the sum is money owed too
            owed = lexicon.DEBT_TOPIC.search(word) or lexicon.SPLIT_PARTS.search(word)
            return not (named or owed or parses[0][0] in lexicon.TERM_NOUNS)
    return False
