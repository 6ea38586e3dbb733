"""A second, hinted look at the words CRM tasks hang on: dates said as words and promise verbs.

On festival's Russian voice Whisper base writes "с старого мата" for "двадцать второго марта",
"Светницу" for "в пятницу", "внизу" for "внесу" and "закраю" for "закрою": the call's task is
lost although the sounds are nearly there. Like the term re-check (voc.asr.recheck), voc picks
the segments holding a word Whisper was unsure of that sounds near one of the vocabulary's
`task_words` in a sentence that reads like a date or a promise (`plan_task_recheck`), decodes
them again with those words as the hint, and takes a hinted date or verb only where it replaces
bare words that were unsure, overlap it in time and sound alike (`merge_task_words`). A date
the hinted decoding wrote over words that sound like something else is dropped: a date
inserted where none was said would be a false CRM task.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from voc.asr.correct import JOINABLE, edit_distance, lemma, normal, sound_key, styled
from voc.asr.recheck import SURE, bare_form, merge_where_changed, nearest_heard_span
from voc.asr.vocabulary import Vocabulary
from voc.schemas import Word

# A doubtful word is worth a second look when its sound key is this close to a task word's
# (one edit more than the term corrections allow: what the hinted decoding may still turn round).
REACH_SHORT, REACH_LONG = 2, 3  # keys under / from 8 letters
MIN_KEY = 4  # "мая", "дня": shorter keys sound like too much
# A sentence reads like a task when one of these (or a number, or a task word) stands near.
SUPPORT_WORDS = 8
# The verbs of a promise or a call-back, by lemma
_PROMISE_VERBS = (
    "перезвонить", "позвонить", "звонить", "набрать", "связаться", "оплатить", "заплатить", "внести",
    "погасить", "перевести", "пополнить", "закрыть", "вернуть", "положить", "перечислить",
)  # fmt: skip
CUE_LEMMAS = frozenset(
    lemma(word)
    for word in [
        *_PROMISE_VERBS,
        "продлить",
        "платёж",
        "оплата",
        "взнос",
        "долг",
        "задолженность",
        "сумма",
        "деньги",
        "срок",
        "число",
        "до",
        "к",
        "после",
        "через",
        "обещать",
        "кредит",
        "карта",
        "вклад",
        "депозит",
        "счёт",
        "страховка",
        "ипотека",
    ]
)
_NUMBER = re.compile(r"\d")
_TENS = {"двадцать", "тридцать"}
_BEFORE_DAY = {"в", "во", "до", "к", "ко", "на"}


@dataclass(frozen=True)
class TaskLexicon:
    forms: frozenset[str]  # each task word as said, normalised
    keys: tuple[tuple[str, str], ...]  # (form, sound key) for every single-word form

    @classmethod
    def build(cls, vocabulary: Vocabulary, language: str) -> TaskLexicon | None:
        words = [normal(w) for item in vocabulary.task_words.get(language, ()) for w in item.split()]
        forms = frozenset(w for w in words if w)
        if not forms:
            return None
        return cls(forms, tuple(sorted((form, sound_key(form)) for form in forms)))

    def within_reach(self, heard: str) -> list[str]:
        """The task words `heard` sounds like (nearest first)."""
        key = sound_key(heard)
        if len(key) < MIN_KEY:
            return []
        limit = REACH_LONG if len(key) >= 8 else REACH_SHORT
        found = [(edit_distance(key, form_key, limit), form) for form, form_key in self.keys]
        return [form for distance, form in sorted(found) if distance <= limit]

    def is_task_word(self, word: str) -> bool:
        return normal(word) in self.forms


@dataclass(frozen=True)
class TaskPlan:
    segments: list[int]
    likely_words: list[str]  # the task words the doubtful words sound like, for the hint


def plan_task_recheck(segments: Sequence[Sequence[Word]], lexicon: TaskLexicon) -> TaskPlan:
    """The segments (each a list of words) worth a hinted second look for task words.

    A segment qualifies when one of its words (or a one-letter word joined with the next:
    "с старого") is not sure, is not a task word itself, sounds near one, and a number, another
    task word or a cue of a promise, a call-back or a product stands within SUPPORT_WORDS words.
    """
    flat = [(index, word) for index, words in enumerate(segments) for word in words]
    texts = [normal(word.word) for _, word in flat]
    cue = [bool(_NUMBER.search(text)) or text in lexicon.forms or lemma(text) in CUE_LEMMAS for text in texts]
    chosen: set[int] = set()
    likely: dict[str, None] = {}
    doubtful: dict[int, list[str]] = {}
    for position, (_, word) in enumerate(flat):
        if word.probability >= SURE or not texts[position] or texts[position] in lexicon.forms:
            continue
        heard = [texts[position]]
        if position > 0 and texts[position - 1] in JOINABLE:
            heard.append(texts[position - 1] + texts[position])
        # ties in sound broken by the word itself: a set's order changes with each process's string
        # hashing, and with it the hint and the words a second look hears
        near = sorted(
            {form for text in heard for form in lexicon.within_reach(text)}, key=lambda f: (_distance(heard, f), f)
        )
        if not near:
            continue
        doubtful[position] = near
    for position, near in doubtful.items():
        around = range(max(0, position - SUPPORT_WORDS), min(len(flat), position + SUPPORT_WORDS + 1))
        # a cue, or a second doubtful near-miss ("извините мне ... Светницу": "перезвоните ... в пятницу")
        if any(cue[other] or other in doubtful for other in around if other != position):
            chosen.add(flat[position][0])
            likely.update(dict.fromkeys(near[:1]))  # the nearest only: a list of near forms gets written as a list
    return TaskPlan(sorted(chosen), list(likely))


def _distance(heard: Sequence[str], form: str) -> int:
    return min(edit_distance(sound_key(text), sound_key(form), 99) for text in heard)


def _listed(words: Sequence[Word], lexicon: TaskLexicon) -> bool:
    """The hinted decoding wrote its hint as a list ("июле, июля, июля,"): a task word said twice, or
    two task words with nothing but a comma between them. Nothing is taken from such a stretch."""
    said = [normal(w.word) for w in words if normal(w.word) in lexicon.forms and normal(w.word) not in _TENS]
    if len(said) != len(set(said)):
        return True
    return any(
        words[i].word.rstrip().endswith(",")
        and normal(words[i].word) in lexicon.forms
        and normal(words[i + 1].word) in lexicon.forms
        for i in range(len(words) - 1)
    )


def _units(words: Sequence[Word], lexicon: TaskLexicon) -> list[tuple[int, int]]:
    """Runs of hinted words that say one task thing: "двадцать второго", "в пятницу", "внесу".
    (first index, size)."""
    units: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        text = normal(words[index].word)
        if text in lexicon.forms and text not in _BEFORE_DAY:
            size = 1
            if text in _TENS and index + 1 < len(words) and normal(words[index + 1].word) in lexicon.forms:
                size = 2  # "двадцать второго"
            first = index
            if index > 0 and normal(words[index - 1].word) in _BEFORE_DAY | JOINABLE:
                first, size = index - 1, size + 1  # "в пятницу", said as one sound with its preposition
            units.append((first, size))
            index = first + size
        else:
            index += 1
    return units


def merge_task_words(bare: Sequence[Word], hinted: Sequence[Word], lexicon: TaskLexicon) -> list[Word]:
    """The bare words, where each task word (or "двадцать второго", "в пятницу") the hinted
    decoding heard and the bare one did not replaces the one to three bare words it was heard
    over: they overlap it in time, are not task words already, Whisper was not sure of them, and
    their sound keys are within a third of the hinted words' key (at least one edit). Nothing
    else is taken from the hinted decoding, and nothing at all when it wrote its hint as a list."""
    if _listed(hinted, lexicon):
        return list(bare)
    return merge_where_changed(bare, hinted, lambda old, new: _take_task_words(old, new, lexicon))


def _take_task_words(old: list[Word], new: list[Word], lexicon: TaskLexicon) -> list[Word]:
    out = list(old)
    for first, size in _units(new, lexicon):
        unit = new[first : first + size]
        place = _heard_over(out, unit, lexicon)
        if place is None:
            continue
        at, count = place
        span = out[at : at + count]
        out[at : at + count] = _replacing(unit, span)
    return out


def _heard_over(words: list[Word], unit: list[Word], lexicon: TaskLexicon) -> tuple[int, int] | None:
    key = sound_key("".join(w.word for w in unit))
    unit_lemmas = set().union(*(_lemmas(w.word) for w in unit))
    return nearest_heard_span(
        words,
        (unit[0].start, unit[-1].end),
        key,
        max(1, len(key) // 3),
        (1, 2, 3),
        # another form of the same word ("перезвонит" against "перезвонить") is what Whisper heard
        lambda w: w.heard is not None or lexicon.is_task_word(w.word) or bool(_lemmas(w.word) & unit_lemmas),
    )


def _replacing(unit: list[Word], span: list[Word]) -> list[Word]:
    """The hinted words in place of the bare span, with the span's capital and punctuation; the
    first keeps what bare Whisper wrote in `heard`, the others an empty `heard` (re-heard with it)."""
    heard = " ".join(w.heard or w.word for w in span)
    out: list[Word] = []
    for position, word in enumerate(unit):
        core = bare_form(word.word)
        text = styled(
            core, span[0].word if position == 0 else core, span[-1].word if position == len(unit) - 1 else core
        )
        out.append(
            Word(
                word=text,
                start=max(word.start, span[0].start) if position else span[0].start,
                end=min(word.end, span[-1].end) if position < len(unit) - 1 else span[-1].end,
                probability=word.probability,
                heard=heard if position == 0 else "",
            )
        )
    return out


# What makes a sentence read like a date or an amount, for the verb corrections below.
_DATE_CUES = frozenset(
    [
        "сегодня",
        "завтра",
        "послезавтра",
        "через",
        "неделю",
        "неделе",
        "понедельник",
        "вторник",
        "среду",
        "среда",
        "четверг",
        "пятницу",
        "субботу",
        "воскресенье",
        "понедельника",
        "вторника",
        "среды",
        "четверга",
        "пятницы",
        "субботы",
        "числа",
        "сумму",
        "всю",
        "половину",
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
        "платеж",
        "платёж",
        "платежи",
        "долг",
        "задолженность",
        # the end of a month or a week: "внесу до конца месяца"
        "конца",
        "месяца",
    ]
)
_SPLIT_PREFIXES = frozenset({"за", "в", "во", "по", "на", "пере", "при", "вы", "с", "со", "до", "про"})
# The words a speaker takes a date back with ("в пятницу, вернее, в понедельник"): the extraction
# reads them to keep the last date, so no correction ever makes them into something else
# ("вернее и" sounds within an edit of "верну").
_SELF_CORRECTIONS = frozenset({"вернее", "точнее", "лучше", "нет", "хотя", "или", "либо"})
_PRONOUNS = frozenset({"я", "мы", "вы", "он", "она", "они", "ты", "вам", "нам", "мне"})
# The noun an agent's summary of a call-back hangs on ("звонок на понедельник"), heard as "звонук".
_CALL_NOUN_KEYS = tuple((form, sound_key(form)) for form in ("звонок", "звонка", "звонку"))
VERB_WORDS = 6  # the cue stands within this many words of the doubtful verb
VERB_REACH = 1  # edits between the sound keys ("внизу" -> "внесу", "закраю" -> "закрою")


@lru_cache(maxsize=4096)
def _lemmas(word: str) -> frozenset[str]:
    """Every dictionary form `word` may be of ("закрою": закрыть, or the imperative's закрой)."""
    from voc.text.tokens import morph_analyzer

    folded = normal(word)
    if not re.search("[а-я]", folded):
        return frozenset({folded})
    return frozenset(str(p.normal_form).replace("ё", "е") for p in morph_analyzer().parse(folded) if p.score > 0.0)


def _is_verb(form: str) -> bool:
    """A promise ("внесу", "перезвоню") or a request to call ("наберите", "перезвоните")."""
    from voc.text.tokens import morph_analyzer

    parses = morph_analyzer().parse(form)
    return any(parse.tag.POS == "VERB" and ("1per" in parse.tag or "impr" in parse.tag) for parse in parses)


def correct_promise_verbs(words: Sequence[Word], lexicon: TaskLexicon) -> list[Word]:
    """A doubtful word (or a word and the one-letter word after it: "вниз с") that sounds within one
    edit of a first-person promise verb of the task words ("внесу", "закрою", "оплачу") or of a
    request to call ("наберите", "перезвоните") becomes that verb when a date, a weekday, a number
    or an amount stands within VERB_WORDS words: "я внизу в понедельник" -> "я внесу в
    понедельник", "закраю в пятницу" -> "закрою в пятницу", "на беретей меня на следующей неделе"
    -> "наберите меня ...", and the same for the noun of a call-back ("записал звонук на
    понедельник" -> "звонок"). "внизу страницы" stays (nothing of a date near it). The Word keeps
    `heard`."""
    verbs = [(form, key) for form, key in lexicon.keys if _is_verb(form)] + list(_CALL_NOUN_KEYS)
    texts = [normal(w.word) for w in words]
    cue = [bool(_NUMBER.search(t)) or t in _DATE_CUES or (t in lexicon.forms and not _is_verb(t)) for t in texts]
    out: list[Word] = []
    index = 0
    while index < len(words):
        found = _promise_verb_at(words, texts, cue, index, verbs, lexicon)
        if found is None:
            out.append(words[index])
            index += 1
            continue
        form, size = found
        span = words[index : index + size]
        out.append(
            Word(
                word=styled(form, span[0].word, span[-1].word),
                start=span[0].start,
                end=span[-1].end,
                probability=min(w.probability for w in span),
                heard=" ".join(w.heard or w.word for w in span),
            )
        )
        index += size
    return out


def _promise_verb_at(
    words: Sequence[Word],
    texts: list[str],
    cue: list[bool],
    index: int,
    verbs: list[tuple[str, str]],
    lexicon: TaskLexicon,
) -> tuple[str, int] | None:
    """The promise verb the word at `index` (alone, or with the one-letter word after it) was, and
    how many words it takes; None when it is none. Nearest in sound wins; between equals, the pair
    ("вниз со" is "внесу" with its ending split off)."""
    if not texts[index] or texts[index] in lexicon.forms or texts[index] in _SELF_CORRECTIONS:
        return None
    if index > 0 and words[index].word[:1].isupper() and not words[index - 1].word.endswith((".", "?", "!")):
        return None  # a name mid-sentence ("собаки Верны друг": the policy "Верный друг"), not a verb
    candidates = [(1, texts[index])]
    # the verb's prefix or ending split off as a short word: "за краю" (закрою), "вниз со" (внесу),
    # "свежим вся" (свяжемся); never a pronoun, which the extraction needs to know who promised
    if index + 1 < len(words) and not words[index].word.endswith((",", ".")):
        first, second = texts[index], texts[index + 1]
        if (first in _SPLIT_PREFIXES and len(second) > 3) or (
            0 < len(second) <= 3 and second not in _PRONOUNS and len(first) > 3
        ):
            candidates.append((2, first + second))
    best: tuple[int, int, str] | None = None
    for size, heard in candidates:
        span = words[index : index + size]
        key = sound_key(heard)
        if len(key) < MIN_KEY:
            continue
        if size == 1 and _lemmas(heard) & _PROMISE_LEMMAS and _known(heard):
            continue  # a promise or call verb heard as itself ("звоню", not the noun "звонку")
        near = sorted((edit_distance(key, verb_key, VERB_REACH), form) for form, verb_key in verbs)
        near = [item for item in near if item[0] <= VERB_REACH]
        if not near or (len(near) > 1 and near[1][0] == near[0][0]):
            continue  # nothing close, or two verbs equally close
        if size == 1 and _known(heard) and _personal_verb(heard):
            continue  # a real verb heard as itself ("заберёте в отделении", not "наберите")
        if min(w.probability for w in span) >= SURE and not (
            size == 1
            and (_vowel_slip(heard, near[0]) or (_paid_on_a_date(texts, index, lexicon) and span[0].word[-1].isalpha()))
        ):
            continue
        if any(_lemmas(w.word) & _lemmas(near[0][1]) for w in span):
            continue  # another person of the same verb ("закроют", "перезвонит") is a real word heard
        around = range(max(0, index - VERB_WORDS), min(len(words), index + size + VERB_WORDS))
        if not any(cue[other] for other in around if not index <= other < index + size):
            continue
        if best is None or (near[0][0], -size) < (best[0], -best[1]):
            best = (near[0][0], size, near[0][1])
    return (best[2], best[1]) if best else None


def _personal_verb(text: str) -> bool:
    from voc.text.tokens import morph_analyzer

    return any(p.tag.POS == "VERB" and p.tag.person is not None for p in morph_analyzer().parse(text) if p.score > 0.1)


_WEEKDAYS_AND_DAYS = frozenset(
    "понедельник вторник среду четверг пятницу субботу воскресенье сегодня завтра послезавтра".split()  # noqa: SIM905
)


# What a payment promise pays, said before its verb: "половину внесу в пятницу", "всю сумму".
_AMOUNTS = frozenset({"половину", "сумму", "всю", "часть", "остаток", "платеж", "платёж", "долг", "тысяч", "тысячи"})


def _paid_on_a_date(texts: list[str], index: int, lexicon: TaskLexicon) -> bool:
    """The word at `index` stands where a payment promise's verb does: an amount (or a number)
    within VERB_WORDS words before it and a date right after it ("половину внизу в пятницу",
    "10 тысяч внизу завтра"). There a real word Whisper was sure of ("внизу") is still the verb it
    sounds like; "так что внизу в понедельник" (no amount) stays."""
    at = index + 1
    if at < len(texts) and texts[at] in _BEFORE_DAY:
        at += 1
    if at >= len(texts) or not (texts[at] in _WEEKDAYS_AND_DAYS or _says_a_day(texts[at], lexicon)):
        return False
    return any(t in _AMOUNTS or _NUMBER.search(t) for t in texts[max(0, index - VERB_WORDS) : index])


def _vowel_slip(heard: str, nearest: tuple[int, str]) -> bool:
    """Whisper wrote a promise verb with one unstressed vowel changed ("погошу" for "погашу"): the
    word sounds exactly like the verb and is no Russian word, so even a word Whisper was sure of is
    that verb. A real word ("внизу") is what was heard unless Whisper doubted it."""
    distance, form = nearest
    return distance == 0 and edit_distance(heard, form, 2) == 1 and not _known(heard)


_MONTHS = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()  # noqa: SIM905
)
_MONTH_KEYS = tuple((month, sound_key(month)) for month in _MONTHS)
# A day said before the month: "19-го", "15", "пятого", or the part of a month ("в середине").
_DAY = re.compile(r"^\d{1,2}(-?го|-?е)?$")
_MONTH_PARTS = frozenset({"начале", "середине", "конце"})


def _says_a_day(text: str, lexicon: TaskLexicon) -> bool:
    return bool(_DAY.match(text)) or text in _MONTH_PARTS or (text.endswith("ого") and text in lexicon.forms)


def correct_months_after_days(words: Sequence[Word], lexicon: TaskLexicon) -> list[Word]:
    """A doubtful word (or two or three with one-letter words first: "я в густа") right after a day
    ("19-го", "пятого", "в середине") that sounds within one edit of a month's genitive (two for
    keys of 7+ letters) and nearer to one month than to any other becomes that month: "до
    19-го я в густа" -> "до 19-го августа", "пятого мата" -> "пятого марта". Nothing becomes a
    month where no day was said, so no date appears that was not there."""
    words = _join_ordinal_endings(words, lexicon)
    texts = [normal(w.word) for w in words]
    out: list[Word] = []
    index = 0
    while index < len(words):
        out.append(words[index])
        if not _says_a_day(texts[index], lexicon) or words[index].word.endswith((".", "?", "!")):
            index += 1
            continue
        if index + 1 < len(words) and _is_day_ending(words[index + 1].word):
            # Whisper wrote "19-го" as "19" and "-го": the ending is part of the day, never of the month
            index += 1
            out.append(words[index])
        found = None if words[index].word.endswith((".", "?", "!")) else _month_at(words, texts, index + 1)
        if found is None and _left_of_the_day(words, texts, index + 1):
            # a doubtful scrap of the day's ending between it and the month ("31 воя в густа") stays
            found = _month_at(words, texts, index + 2)
            if found is not None:
                index += 1
                out.append(words[index])
        if found is None:
            index += 1
            continue
        month, size = found
        span = words[index + 1 : index + 1 + size]
        out.append(
            Word(
                word=styled(month, span[0].word.lower(), span[-1].word),
                start=span[0].start,
                end=span[-1].end,
                probability=min(w.probability for w in span),
                heard=" ".join(w.heard or w.word for w in span),
            )
        )
        index += 1 + size
    return out


# The ordinal ending of a day that Whisper wrote as the pronoun "его" or with a vowel too many:
# "23 его июля", "23-его июля", "23его июля" for "23-го июля".
_SPLIT_ORDINAL_ENDINGS = frozenset({"его", "ого", "го"})
_GLUED_ORDINAL = re.compile(r"^(\d{1,2})-?(его|ого)$")
_MONTH_GENITIVES = dict(
    zip(
        "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split(),  # noqa: SIM905
        _MONTHS,
        strict=True,
    )
)


def _join_ordinal_endings(words: Sequence[Word], lexicon: TaskLexicon) -> list[Word]:
    """A day number and the ordinal ending Whisper wrote apart or misspelt become one day ("23 его
    июля" -> "23-го июля"), and a month said in another case right after a day becomes its genitive
    ("23-го июль" -> "23-го июля"): only where a month follows, since "оплачу 23 его счёт" holds a
    pronoun. Both keep what Whisper wrote in `heard`."""
    out = list(words)
    index = -1
    while index + 1 < len(out):
        index += 1
        text = normal(out[index].word)
        glued = _GLUED_ORDINAL.match(text)
        said_apart = (
            not glued
            and bool(re.fullmatch(r"\d{1,2}", text))
            and index + 1 < len(out)
            and normal(out[index + 1].word) in _SPLIT_ORDINAL_ENDINGS
            and not any(w.word.endswith((",", ".", "?", "!")) for w in out[index : index + 2])
        )
        after = index + (1 if glued else 2)
        if (glued or said_apart) and after < len(out) and _month_genitive(out[after]) is not None:
            out[index:after] = [_respelt((glued.group(1) if glued else text) + "-го", out[index:after])]
        if index + 1 >= len(out) or out[index].word.endswith((",", ".", "?", "!")):
            continue
        if _says_a_day(normal(out[index].word), lexicon):
            genitive = _month_genitive(out[index + 1])
            if genitive is not None and normal(out[index + 1].word) != genitive:
                out[index + 1] = _respelt(genitive, [out[index + 1]])
    return out


def _month_genitive(word: Word) -> str | None:
    """The genitive of the month `word` is a form of ("июль", "июле" -> "июля"); None for other words."""
    months = [_MONTH_GENITIVES[m] for m in _lemmas(word.word) if m in _MONTH_GENITIVES]
    return months[0] if len(months) == 1 else None


def _respelt(form: str, span: Sequence[Word]) -> Word:
    heard = " ".join(w.heard or w.word for w in span)
    # "20 -го" joined to "20-го" only closes a gap: the same letters, no correction to show
    same_letters = re.sub(r"\W", "", heard.lower()) == re.sub(r"\W", "", form.lower())
    return Word(
        word=styled(form, span[0].word, span[-1].word),
        start=span[0].start,
        end=span[-1].end,
        probability=min(w.probability for w in span),
        heard=None if same_letters else heard,
    )


def _is_day_ending(word: str) -> bool:
    return word.startswith("-") and normal(word) in {"го", "е", "ое", "ого"}


def _month_at(words: Sequence[Word], texts: list[str], at: int, depth: int = 0) -> tuple[str, int] | None:
    best: tuple[int, int, str] | None = None
    for size in (1, 2, 3):
        if at + size > len(words) or any(len(t) > 2 for t in texts[at : at + size - 1]):
            break
        span = words[at : at + size]
        if min(w.probability for w in span) >= SURE or texts[at + size - 1] in _MONTHS:
            continue
        key = sound_key("".join(texts[at : at + size]))
        if len(key) < 3:
            continue
        limit = 2 if len(key) >= 7 else 1
        near = sorted((edit_distance(key, month_key, limit), month) for month, month_key in _MONTH_KEYS)
        near = [item for item in near if item[0] <= limit]
        if not near or (len(near) > 1 and near[1][0] == near[0][0]):
            continue
        if best is None or near[0][0] < best[0]:
            best = (near[0][0], size, near[0][1])
    if best is None:
        best = _month_by_ending(words, texts, at)
    if (
        best is not None
        and at + best[1] < len(words)
        and not words[at + best[1] - 1].word.endswith((",", ".", "?", "!"))
    ):
        after = at + best[1]
        if texts[after] in _MONTHS or (not depth and _month_at(words, texts, after, depth=1)):
            return None  # the month comes next ("31 воя августа": "воя" is what is left of "первого")
    return (best[2], best[1]) if best else None


def _left_of_the_day(words: Sequence[Word], texts: list[str], at: int) -> bool:
    return (
        at + 1 < len(words)
        and words[at].probability < SURE
        and texts[at].isalpha()
        and len(texts[at]) <= 4
        and texts[at] not in _MONTHS
        and not words[at].word.endswith((",", ".", "?", "!"))
    )


MIN_MONTH_ENDING = 3  # "аря" is January's alone; "ября" is four months'


def _month_by_ending(words: Sequence[Word], texts: list[str], at: int) -> tuple[int, int, str] | None:
    """The month a doubtful made-up word after a day ends like, when it ends like one month alone and
    is about as long: "31-го вакуаря" -> "января" (no other month ends in "аря"); "ября" is four."""
    if at >= len(texts):
        return None
    text = texts[at]
    if words[at].probability >= SURE or len(text) < 5 or not text.isalpha() or _known(text):
        return None
    ending = text[-MIN_MONTH_ENDING:]
    months = [m for m in _MONTHS if m.endswith(ending) and abs(len(m) - len(text)) <= 2]
    if len(months) != 1 or len([m for m in _MONTHS if m.endswith(ending)]) != 1:
        return None
    return (MIN_MONTH_ENDING, 1, months[0])


# Relative days and parts of a day said as a phrase, which Whisper base writes split or garbled as a
# whole: "после завтра", "чрезнетелю" (через неделю), "после наведа" (после обеда).
RELATIVE_DAYS = (
    "послезавтра",
    "через неделю",
    "через месяц",
    "на следующей неделе",
    "до конца недели",
    "до конца месяца",
    "после обеда",
)
_JOINED_RELATIVE_DAYS = {phrase.replace(" ", ""): phrase for phrase in RELATIVE_DAYS}
_RELATIVE_DAY_KEYS = tuple((phrase, sound_key(phrase.replace(" ", ""))) for phrase in RELATIVE_DAYS)
MIN_PHRASE_KEY = 6  # shorter stretches sound like too many things
# A promise or a call-back this near makes a relative day worth hearing again.
PHRASE_WORDS = 8
_PROMISE_LEMMAS = frozenset(lemma(word) for word in [*_PROMISE_VERBS, "звонок", "уйти"])


def correct_relative_days(words: Sequence[Word], lexicon: TaskLexicon) -> list[Word]:
    """One to three words, at least one of them unsure, that together sound like a relative day of
    RELATIVE_DAYS ("после завтра" -> "послезавтра", "чрезнетелю" -> "через неделю", "после наведа"
    -> "после обеда") become it when a promise or a call-back is said within PHRASE_WORDS words (a
    verb of one, or an unsure near-miss of a promise verb: "призвоню"). The words must sound
    within one edit of the phrase (two for keys of 8+ letters), nearer to it than to any other,
    and, unless they are the phrase itself split apart, hold a word the dictionary does not know:
    "через недели" and "возле обеда" are real words and stay. No digits, no self-correction
    ("нет", "вернее") and nothing across a sentence's end is ever taken in."""
    texts = [normal(w.word) for w in words]
    verb_keys = [key for form, key in lexicon.keys if _is_verb(form)]
    cue = [_promise_cue(word, text, verb_keys) for word, text in zip(words, texts, strict=True)]
    out: list[Word] = []
    index = 0
    while index < len(words):
        found = _relative_day_at(words, texts, cue, index)
        if found is None:
            out.append(words[index])
            index += 1
            continue
        phrase, size = found
        out.extend(_phrase_words(phrase, words[index : index + size]))
        index += size
    return out


def _phrase_words(phrase: str, span: Sequence[Word]) -> list[Word]:
    """`phrase`'s words over the time of `span`, shared out by length, with the span's capital and
    punctuation; the first keeps what Whisper wrote in `heard`, the others an empty `heard`."""
    said = phrase.split()
    start, end = span[0].start, span[-1].end
    step = (end - start) / sum(len(w) for w in said)
    out: list[Word] = []
    at = start
    for position, word in enumerate(said):
        first = span[0].word if position == 0 else word
        last = span[-1].word if position == len(said) - 1 else word
        out.append(
            Word(
                word=styled(word, first, last),
                start=round(at, 3),
                end=end if position == len(said) - 1 else round(at + step * len(word), 3),
                probability=min(w.probability for w in span),
                heard=" ".join(w.heard or w.word for w in span) if position == 0 else "",
            )
        )
        at += step * len(word)
    return out


def _promise_cue(word: Word, text: str, verb_keys: list[str]) -> bool:
    if not text:
        return False
    if _lemmas(text) & _PROMISE_LEMMAS:
        return True
    key = sound_key(text)
    return (
        word.probability < SURE
        and len(key) >= MIN_KEY
        and any(edit_distance(key, verb_key, VERB_REACH) <= VERB_REACH for verb_key in verb_keys)
    )


def _relative_day_at(words: Sequence[Word], texts: list[str], cue: list[bool], index: int) -> tuple[str, int] | None:
    best: tuple[int, int, str] | None = None
    for size in (1, 2, 3):
        span, said = words[index : index + size], texts[index : index + size]
        if len(span) < size or any(w.word.endswith((".", "?", "!")) for w in span[:-1]):
            break
        if any(not t or _NUMBER.search(t) or t in _SELF_CORRECTIONS for t in said):
            break
        joined = "".join(said)
        if " ".join(said) in RELATIVE_DAYS or min(w.probability for w in span) >= SURE:
            continue  # said as it should be, or Whisper was sure of every word
        split_apart = _JOINED_RELATIVE_DAYS.get(joined)
        if split_apart is not None:  # "после завтра": the phrase itself, written in pieces
            best = (0, size, split_apart)
            continue
        if all(_known(t) for t in said):
            continue
        key = sound_key(joined)
        if len(key) < MIN_PHRASE_KEY:
            continue
        limit = 2 if len(key) >= 8 else 1
        near = sorted((edit_distance(key, phrase_key, limit), phrase) for phrase, phrase_key in _RELATIVE_DAY_KEYS)
        near = [item for item in near if item[0] <= limit]
        if not near or (len(near) > 1 and near[1][0] == near[0][0]):
            continue
        around = range(max(0, index - PHRASE_WORDS), min(len(words), index + size + PHRASE_WORDS))
        if not any(cue[other] for other in around if not index <= other < index + size):
            continue
        if best is None or (near[0][0], -size) < (best[0], -best[1]):
            best = (near[0][0], size, near[0][1])
    return (best[2], best[1]) if best else None


def _known(text: str) -> bool:
    from voc.text.tokens import morph_analyzer

    return bool(morph_analyzer().word_is_known(text))


# The verbs a product's end is said with, whose first vowel Whisper writes as the word "и" or "о":
# "полис и стекает 25 марта" (истекает), "о канчивается".
_END_VERB_LEMMAS = frozenset({"истекать", "истечь", "оканчиваться", "окончиться"})


def join_split_end_verbs(words: Sequence[Word]) -> list[Word]:
    """A one-letter word and the word after it that together are a form of a verb a product ends
    with ("и стекает" -> "истекает", "и стечёт" -> "истечёт") become that one word (keeping both in
    `heard`): the extraction finds a product's end by that verb. Only a join that is itself such a
    form is made, after a word that can only be a verb: "фара и стекло" (glass, or "истекло")
    stays."""
    out: list[Word] = []
    index = 0
    while index < len(words):
        word = words[index]
        if index + 1 < len(words) and normal(word.word) in JOINABLE and not word.word.endswith((",", ".")):
            after = words[index + 1]
            joined = normal(word.word) + normal(after.word)
            if _lemmas(joined) & _END_VERB_LEMMAS and _known(joined) and _only_a_verb(normal(after.word)):
                out.append(
                    Word(
                        word=styled(joined, word.word, after.word),
                        start=word.start,
                        end=after.end,
                        probability=min(word.probability, after.probability),
                        heard=f"{word.heard or word.word} {after.heard or after.word}",
                    )
                )
                index += 2
                continue
        out.append(word)
        index += 1
    return out


# The end verbs whose reflexive ending Whisper writes apart, as the word "с" (or "ся"), the stem
# before it garbled: "вклад и заканчивый с 19 июня", "заканчивы с 9 июня" (заканчивается).
_REFLEXIVE_END_STEMS = {"заканчив": "заканчивается", "оканчив": "оканчивается"}
_SPLIT_REFLEXIVE = frozenset({"с", "ся", "сь", "со"})


def join_split_reflexive_end_verbs(words: Sequence[Word], lexicon: TaskLexicon) -> list[Word]:
    """A word on the stem of an end verb ("заканчив...") with its reflexive ending written apart as
    "с"/"ся", right before a day, becomes the verb: "вклад и заканчивый с 19 июня" -> "вклад и
    заканчивается 19 июня" (the extraction finds a deposit's end by that verb). The stem word must
    be no Russian word or the imperative ("заканчивай с 20" is no order to stop before a day), and
    a day ("19", "пятого", a month) must follow the ending, so "заканчивай с этим" stays. Whisper
    is often sure of the garbled stem, so its probability is not asked; the verb keeps both words
    in `heard`."""
    out: list[Word] = []
    index = 0
    while index < len(words):
        word = words[index]
        text = normal(word.word)
        verb = next((v for stem, v in _REFLEXIVE_END_STEMS.items() if text.startswith(stem)), None)
        if (
            verb is not None
            and index + 2 < len(words)
            and not word.word.endswith((",", ".", "?", "!"))
            and normal(words[index + 1].word) in _SPLIT_REFLEXIVE
            and _a_day_at(words, index + 2, lexicon)
            and (not _known(text) or _imperative(text))
        ):
            out.append(_respelt(verb, words[index : index + 2]))
            index += 2
            continue
        out.append(word)
        index += 1
    return out


# What a number counts when it is no day: "заканчивай с 20 минут".
_NOT_DAYS = frozenset({"минут", "минуты", "часов", "часа", "лет", "года", "дней", "рублей", "тысяч", "процентов"})


def _a_day_at(words: Sequence[Word], at: int, lexicon: TaskLexicon) -> bool:
    text = normal(words[at].word)
    if text in _MONTHS:
        return True
    if not _says_a_day(text, lexicon):
        return False
    counted = at + 1 < len(words) and not words[at].word.endswith((",", ".")) and normal(words[at + 1].word)
    return not (text.isdigit() and counted in _NOT_DAYS)


def _imperative(text: str) -> bool:
    from voc.text.tokens import morph_analyzer

    return any("impr" in p.tag for p in morph_analyzer().parse(text) if p.score > 0.0)


def _only_a_verb(text: str) -> bool:
    from voc.text.tokens import morph_analyzer

    parses = [p for p in morph_analyzer().parse(text) if p.score > 0.0]
    return bool(parses) and all(p.tag.POS in {"VERB", "INFN", "PRTF", "PRTS", "GRND"} for p in parses)


# The units a span of time before a date is counted in ("за три дня до окончания"), after which
# Whisper glues the preposition "до" on, with its vowel reduced: "за три дняды окончания".
_TIME_UNITS = frozenset({"дня", "дней", "день", "недели", "недель", "неделю", "месяца", "месяцев"})
_GLUED_DO = ("до", "ды", "да")
_COUNT = re.compile(r"^(\d+|два|две|три|четыре|пять|шесть|семь|десять|пару|несколько)$")


def _split_word(word: Word, first: str, second: str, share: float) -> tuple[Word, Word]:
    """One word Whisper glued from two, as those two: `first` over the first `share` of its time (what
    Whisper wrote kept in its `heard`), `second` over the rest."""
    middle = round(word.start + (word.end - word.start) * share, 3)
    return (
        Word(word=first, start=word.start, end=middle, probability=word.probability, heard=word.heard or word.word),
        Word(word=second, start=middle, end=word.end, probability=word.probability, heard=""),
    )


def split_glued_before(words: Sequence[Word]) -> list[Word]:
    """A unit of time after a count (or after "за" alone: "за неделюды окончания") with "до" glued
    on, written as a word the dictionary does not know, becomes the unit and "до": "за три дняды
    окончания" -> "за три дня до окончания" (the
    extraction reads "за N дней до" as counting back from a date, not as the date itself). The
    unit keeps what Whisper wrote in `heard`, "до" an empty `heard`."""
    out: list[Word] = []
    for index, word in enumerate(words):
        text = normal(word.word)
        unit = text[:-2]
        if (
            index > 0
            and (_COUNT.match(normal(words[index - 1].word)) or normal(words[index - 1].word) == "за")
            and text.endswith(_GLUED_DO)
            and unit in _TIME_UNITS
            and not _known(text)
        ):
            out.extend(
                _split_word(word, styled(unit, word.word, unit), styled("до", "до", word.word), len(unit) / len(text))
            )
            continue
        out.append(word)
    return out


# The months whose genitive and prepositional start with "и", which Whisper hears as the
# preposition's vowel: "в июле" written "во Юле", "до пятого июня" as "до пятого юня".
_MONTH_ONSETS = {"юле": "июле", "юне": "июне", "юля": "июля", "юня": "июня"}
# What a month in the genitive follows: a day, a part of the month, or a preposition of a span.
_BEFORE_GENITIVE_MONTH = frozenset({"до", "с", "со", "конца", "начала", "середины", "конце", "начале", "середине"})


def restore_month_onsets(words: Sequence[Word], lexicon: TaskLexicon) -> list[Word]:
    """A month that lost its first "и" to the word before it becomes the month again: "во Юле" ->
    "в июле", "до пятого юня" -> "до пятого июня". The prepositional ("юле", "юне") only after
    "в"/"во", the genitive ("юня", "юля") only after a day, a part of the month or "до"/"с", so
    the name Юля ("к Юле", "у Юли") stays. The month keeps what Whisper wrote in `heard`."""
    out: list[Word] = []
    for word in words:
        text = normal(word.word)
        month = _MONTH_ONSETS.get(text)
        before = out[-1] if out else None
        said = normal(before.word) if before is not None else ""
        if month is None or before is None or before.word.endswith((",", ".", "?", "!")):
            out.append(word)
            continue
        locative = month.endswith("е")
        if locative and said in {"в", "во"}:
            out[-1] = Word(
                word=styled("в", before.word, before.word),
                start=before.start,
                end=before.end,
                probability=before.probability,
                heard=before.heard if said == "в" else before.heard or before.word,
            )
        elif locative or not (said in _BEFORE_GENITIVE_MONTH or _says_a_day(said, lexicon)):
            out.append(word)
            continue
        out.append(
            Word(
                word=styled(month, word.word.lower(), word.word),
                start=word.start,
                end=word.end,
                probability=word.probability,
                heard=word.heard or word.word,
            )
        )
    return out


# The parts of a month a month's genitive follows, to which Whisper glues the month (its "и" lost
# in the part's last vowel): "в началеюня" for "в начале июня".
_MONTH_PART_WORDS = ("начале", "середине", "конце", "начала", "середины", "конца")


def split_glued_months(words: Sequence[Word]) -> list[Word]:
    """A word the dictionary does not know made of a part of a month and a month's genitive, the
    month's first "и" perhaps lost, becomes the two: "в началеюня" -> "в начале июня", "к
    концумая" stays (no part of a month in the dative is glued here). The part keeps what Whisper
    wrote in `heard`, the month an empty `heard`."""
    out: list[Word] = []
    for word in words:
        text = normal(word.word)
        found = None
        for part in _MONTH_PART_WORDS:
            rest = text[len(part) :]
            if text.startswith(part) and (rest in _MONTHS or _MONTH_ONSETS.get(rest, "") in _MONTHS):
                found = (part, rest if rest in _MONTHS else _MONTH_ONSETS[rest])
                break
        if found is None or _known(text):
            out.append(word)
            continue
        part, month = found
        first, second = _split_word(
            word, styled(part, word.word, part), styled(month, "", word.word), len(part) / len(text)
        )
        out.extend((first, second))
    return out


_DATIVE_ORDINAL = re.compile(r"^(\d{1,2}-?(му|ому)|[а-я]+(ому|ему))$")


def correct_day_prepositions(words: Sequence[Word]) -> list[Word]:
    """ "в" before a day said in the dative ("деньги будут на карте в двадцатому") is "к", which
    Whisper hears as "в" (the two differ only in voicing before a consonant): "в" never takes the
    dative, "к двадцатому" is a deadline the extraction reads. Only before an ordinal number
    (pymorphy's Anum, or digits with "-му"); "в" keeps what Whisper wrote in `heard`."""
    out = list(words)
    for index in range(len(out) - 1):
        word, day = out[index], normal(out[index + 1].word)
        if normal(word.word) not in {"в", "во"} or word.word.endswith((",", ".")) or not _DATIVE_ORDINAL.match(day):
            continue
        if not (day[0].isdigit() or _dative_ordinal(day)):
            continue
        out[index] = Word(
            word=styled("к", word.word, word.word),
            start=word.start,
            end=word.end,
            probability=word.probability,
            heard=word.heard or word.word,
        )
    return out


@lru_cache(maxsize=1024)
def _dative_ordinal(text: str) -> bool:
    from voc.text.tokens import morph_analyzer

    parses = [p for p in morph_analyzer().parse(text) if p.score > 0.0]
    return (
        bool(parses)
        and all("Anum" in p.tag and "datv" in p.tag for p in parses if p.tag.POS == "ADJF")
        and any("Anum" in p.tag for p in parses)
    )


# The nouns a product is named by, which Whisper glues to the next word: "полисопатечного
# страхования" for "полис ипотечного страхования".
_PRODUCT_NOUNS = ("полис", "вклад", "кредит", "договор", "депозит", "счет")
MIN_GLUED_REST = 5  # the word glued on: "ипотечного", "пенсионный" (not an ending: "полиса", "вкладом")
NAME_REACH = 4  # a product's name stands within this many words after the words it names


def split_glued_product_nouns(words: Sequence[Word]) -> list[Word]:
    """A doubtful word the dictionary does not know that starts with a product noun and goes on
    with a word of its own becomes the two ("полисопатечного" -> "полис опатечного"): the
    extraction finds a product's end by its noun. The noun keeps what Whisper wrote in `heard`,
    the rest an empty `heard`."""
    out: list[Word] = []
    for word in words:
        text = normal(word.word)
        noun = next((n for n in _PRODUCT_NOUNS if text.startswith(n) and len(text) - len(n) >= MIN_GLUED_REST), None)
        if noun is None or word.probability >= SURE or _known(text):
            out.append(word)
            continue
        letters = re.search(r"\w+", word.word)
        core = letters.group() if letters else word.word
        first, rest = core[: len(noun)], core[len(noun) :].lower()
        out.extend(
            _split_word(word, styled(first, word.word, first), styled(rest, "", word.word), len(noun) / len(text))
        )
    return out


# What an insurance policy insures, said right after "полис", which Whisper merges with it into a
# made-up word on the policy's first syllable: "ваше пользство страхования дачи".
_INSURED = frozenset({"страхования", "страхований", "страховки"})


def restore_policy_nouns(words: Sequence[Word]) -> list[Word]:
    """A doubtful word the dictionary does not know that starts like "полис" ("пол...") right before
    "страхования"/"страховки" becomes "полис": "ваше пользство страхования дачи действует до 12 мая"
    -> "ваше полис страхования ..." (the extraction finds a product's end by its noun). Real words
    ("польза страхования") and words Whisper was sure of stay; the word keeps `heard`."""
    out = list(words)
    for index in range(len(out) - 1):
        word = out[index]
        text = normal(word.word)
        if (
            not text.startswith("пол")
            or len(text) < 5
            or text == "полис"
            or normal(out[index + 1].word) not in _INSURED
            or word.word.endswith((",", ".", "?", "!"))
            or word.probability >= SURE
            or _known(text)
        ):
            continue
        out[index] = Word(
            word=styled("полис", word.word, word.word),
            start=word.start,
            end=word.end,
            probability=word.probability,
            heard=word.heard or word.word,
        )
    return out


def write_product_names(words: Sequence[Word], terms: Sequence[str]) -> list[Word]:
    """The product names an upload sent ("кредитная карта Комета", "полис Забота") written with
    their capitals where Whisper wrote them as common words ("карта комета", "полис страхования
    жизни забота"): the extraction tells a product's own end from other dates by its name. A
    heard word is a name only in one of the name's forms ("кометы") and within NAME_REACH words
    after a word of the same term ("карта", "полис") in the same sentence, so "весь мир" stays
    although a "полис Мир" was sent. The word keeps what Whisper wrote in `heard`."""
    from voc.asr.correct import inflected_forms

    names: list[tuple[frozenset[str], frozenset[str]]] = []  # (forms of a capitalised word, of the rest)
    for term in terms:
        said = term.split()
        first = next((i for i, w in enumerate(said) if w[:1].isupper() and re.search("[а-яА-ЯёЁ]", w)), None)
        if not first:  # no name, or nothing said before it to anchor it
            continue
        others = frozenset(
            normal(form) for w in said if not w[:1].isupper() and len(normal(w)) >= 3 for form in inflected_forms(w)[0]
        )
        for w in said[first:]:
            if w[:1].isupper() and len(normal(w)) >= 3:
                names.append((frozenset(normal(form) for form in inflected_forms(w)[0]), others))
    if not names:
        return list(words)
    out = list(words)
    texts = [normal(w.word) for w in out]
    for index, word in enumerate(out):
        letters = word.word.lstrip("\"'«(")
        if not letters[:1].islower():
            continue
        for forms, others in names:
            if texts[index] not in forms:
                continue
            before = range(max(0, index - NAME_REACH), index)
            if any(
                texts[other] in others and not any(w.word.endswith((".", "?", "!")) for w in out[other:index])
                for other in before
            ):
                lead = word.word[: len(word.word) - len(letters)]
                out[index] = Word(
                    word=lead + letters[:1].upper() + letters[1:],
                    start=word.start,
                    end=word.end,
                    probability=word.probability,
                    heard=word.heard or word.word,
                )
                break
    return out


# The gerunds of the verbs a product's term is said with, which Whisper writes for the verb
# itself ("полис действуя до 19 июня" for "действует до"): {gerund: the present, third person}.
_END_GERUNDS = {
    "действуя": "действует",
    "истекая": "истекает",
    "заканчиваясь": "заканчивается",
    "оканчиваясь": "оканчивается",
}
_END_SPAN = frozenset({"до", "по"})


def _made_up_end_verb(word: Word) -> str | None:
    """ "действует" heard as a word the dictionary does not know on its stem, perhaps with the last
    vowel of the word before: "старая действует" -> "старое одействие". "действие" is a real word."""
    text = normal(word.word)
    stem = text[1:] if text[:1] in "аоэиуы" else text
    if not stem.startswith("действ") or word.probability >= SURE or _known(text):
        return None
    return "действует"


def correct_end_gerunds(words: Sequence[Word], lexicon: TaskLexicon) -> list[Word]:
    """A gerund of an end verb (or a made-up word on the stem of "действует": "одействие") right
    before "до"/"по" and a day becomes the verb ("действуя до 19 июня" -> "действует до 19
    июня"): a call says a product's term with the verb, and the extraction reads a product's end
    from it. Only where a day ("19", "пятого", "конца") follows the preposition; the word keeps
    what Whisper wrote in `heard`."""
    out = list(words)
    for index in range(len(out) - 2):
        verb = _END_GERUNDS.get(normal(out[index].word)) or _made_up_end_verb(out[index])
        if verb is None or out[index].word.endswith((".", "?", "!")) or normal(out[index + 1].word) not in _END_SPAN:
            continue
        day = normal(out[index + 2].word)
        if not (_says_a_day(day, lexicon) or day in {"конца", "тридцать", "двадцать"}):
            continue
        word = out[index]
        out[index] = Word(
            word=styled(verb, word.word, word.word),
            start=word.start,
            end=word.end,
            probability=word.probability,
            heard=word.heard or word.word,
        )
    return out


def join_split_ordinals(words: Sequence[Word], lexicon: TaskLexicon) -> list[Word]:
    """A day's ordinal that Whisper wrote as a made-up word and its ending "того"/"ого" apart,
    right before a month, becomes the ordinal: "позвоню треться того июля" -> "тридцатого июля".
    The made-up word may carry the vowel of the preposition before it ("отреться того": "до
    тридцатого"), which is left out. The two must sound within one edit of one ordinal of the task
    words (two for keys of 8+ letters), nearer to it than to any other, the first be no Russian
    word and one of them be doubtful; the ordinal keeps what Whisper wrote in `heard`."""
    ordinals = [(form, sound_key(form)) for form in sorted(lexicon.forms) if form.endswith("ого")]
    out: list[Word] = []
    index = 0
    while index < len(words):
        found = _split_ordinal_at(words, index, ordinals)
        if found is None:
            out.append(words[index])
            index += 1
            continue
        span = words[index : index + 2]
        out.append(
            Word(
                word=styled(found, span[0].word.lower(), span[-1].word),
                start=span[0].start,
                end=span[-1].end,
                probability=min(w.probability for w in span),
                heard=" ".join(w.heard or w.word for w in span),
            )
        )
        index += 2
    return out


def _split_ordinal_at(words: Sequence[Word], index: int, ordinals: list[tuple[str, str]]) -> str | None:
    if index + 2 >= len(words) or any(w.word.endswith((",", ".", "?", "!")) for w in words[index : index + 2]):
        return None
    first, ending, month = (normal(w.word) for w in words[index : index + 3])
    if ending not in {"того", "ого"} or month not in _MONTHS or not re.fullmatch("[а-я]{3,}", first):
        return None
    if _known(first) or min(w.probability for w in words[index : index + 2]) >= SURE:
        return None
    stems = [first] + ([first[1:]] if first[0] in "аоэ" else [])
    best: tuple[int, str] | None = None
    for stem in stems:
        key = sound_key(stem + ending)
        limit = 2 if len(key) >= 8 else 1
        near = sorted((edit_distance(key, ordinal_key, limit), form) for form, ordinal_key in ordinals)
        near = [item for item in near if item[0] <= limit]
        if not near or (len(near) > 1 and near[1][0] == near[0][0]):
            continue
        if best is None or near[0][0] < best[0]:
            best = near[0]
    return best[1] if best else None
