"""Reads each sentence of a call once: its dates, amount, product, intents, modality and timing.

`read_call` returns a `CallReading`; the pipeline makes one per call and hands it to both the
entity list and the task rules, which work from its `SentenceFacts`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from dateutil.relativedelta import relativedelta

from voc.extract import lexicon
from voc.extract.clauses import (
    LEANING_VERBS,
    RECORDING_VERBS,
    clause_bounds,
    names_another_thing,
    reports_the_past,
    verbs_in,
)
from voc.extract.dates import EN_MONTH, RU_MONTH, DateMention, find_dates
from voc.extract.morph import natasha_extractors, word_form
from voc.extract.numbers import Normalised, normalise_numbers
from voc.schemas import Amount, Modality, Speaker, Turn

NEGATED = re.compile(r"(?:\bне|\bnot(?:\s+the)?|\bno)\s+$")
MAKE_IT = re.compile(r"\bi(?:'ll| will| can)\s+make it\b")
CURRENCY_HINT = re.compile(r"руб|доллар|евро|₽|\$|€|usd|eur")
MATURES = re.compile(r"\bmatur(?:es|ing|ity)\b|срок вклада|срок депозита")
SENTENCE_END = re.compile(r"(?:(?<!\.)\.(?!\.)|[!?]+)\s+|\n+")

RulesLanguage = Literal["ru", "en"]


@dataclass
class SentenceFacts:
    turn: int
    speaker: Speaker
    text: str  # as spoken
    start_char: int  # offsets of `text` in the turn's text
    end_char: int
    norm: Normalised
    dates: list[DateMention]
    product: str | None
    amount: Amount | None
    intents: set[str] = field(default_factory=set)
    modality: Modality = "unknown"
    ends_product: bool = False
    agreement: bool = False
    corrected: str | None = None  # the date this sentence corrects, as said
    replaced: dt.date | None = None  # and its value
    asks_payment: bool = False  # the agent asks when the customer will pay: the answer is a promise
    language: RulesLanguage = "ru"
    start: float | None = None
    end: float | None = None

    def original(self, mention: DateMention) -> str:
        begin, end = self.norm.original_span(mention.start, mention.end)
        return self.text[begin:end]

    def until_before(self, mention: DateMention) -> bool:
        return bool(lexicon.UNTIL.search(self.norm.text[: mention.start].lower()))


def split_sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in SENTENCE_END.finditer(text):
        if text[begin : match.start()].strip():
            spans.append((begin, match.end()))
        begin = match.end()
    if text[begin:].strip():
        spans.append((begin, len(text)))
    return spans


@dataclass(frozen=True)
class CallReading:
    """One call's sentences as read by `read_call`; readers look, they do not change the facts."""

    sentences: list[SentenceFacts]
    language: RulesLanguage
    call_date: dt.date


def rules_language(language: str) -> RulesLanguage:
    """The extraction rules know Russian and English; any other language is read as English."""
    return "ru" if language.startswith("ru") else "en"


def read_call(turns: Sequence[Turn], language: str, call_date: dt.date) -> CallReading:
    """Read every sentence of the call; run it once per call and pass the reading on."""
    lang = rules_language(language)
    return CallReading(_read_sentences(turns, lang, call_date), lang, call_date)


def _read_sentences(turns: Sequence[Turn], language: RulesLanguage, call_date: dt.date) -> list[SentenceFacts]:
    facts: list[SentenceFacts] = []
    for turn in turns:
        for begin, end in split_sentences(turn.text):
            facts.append(_read_sentence(turn, begin, end, language, call_date))
    _carry_products(facts)
    _carry_corrections(facts)
    _payments_by_topic(facts)
    _payment_asked_by_topic(facts)
    _days_of_a_promised_month(facts)  # also a month promised by a verb the topic made a payment ("закрою")
    _parts_of_a_payment(facts)
    _promised_days(facts)
    _on_time(facts, call_date)
    _days_the_other_side_named(facts, call_date)
    for sentence in facts:
        # "My RSA matures on October 5th": only deposits and bonds mature, whatever Whisper made of the name
        if sentence.product is None and MATURES.search(sentence.norm.text.lower()):
            sentence.product = "deposit"
    _anchor_relative_dates(facts, call_date)
    return facts


BEFORE_ANCHOR = re.compile(
    r"\bза\s+(?:(\d+|пару)\s+)?(дн\w*|день|недел\w*|месяц\w*)(?:\s+до\b)?|"
    r"\b(a couple of|a few|a|an|one|the|\d+)\s+(days?|weeks?|months?)\s+(?:before|prior to|ahead of)\b|"
    # "я вам накануне позвоню", "I'll ring you the day before": one day back
    r"\b(накануне|the day before)\b"
)


# "за пару дней до окончания", "a couple of days before": two
COUNT_WORDS = {"пару": 2, "a couple of": 2, "a few": 3}

ENDING = re.compile(r"оконча|истечени|погашени|конца срока|\bmatur|\bexpir|\bends?\b|renew")


def _anchor_relative_dates(facts: list[SentenceFacts], call_date: dt.date) -> None:
    """ "Напомните за неделю до окончания", "call me a week before that": counted back from the last date named,
    or from the last end named when the anchor says "до окончания" / "before it matures" (not from "interest is
    paid on the first" said in between); with nothing named yet, from the date said next ("Хотите, я напомню
    накануне?" — "Да. Платёж у меня двадцать пятого")."""
    last: dt.date | None = None
    last_end: dt.date | None = None
    base_after = False
    waiting: tuple[SentenceFacts, re.Match[str]] | None = None
    listed: list[
        dt.date
    ] = []  # the ends of the last sentence that named several ("«Стабильный» до ..., «Пополняемый» до ...")
    asked: SentenceFacts | None = None  # the last question when a product ends
    ends_said: list[tuple[int, dt.date, set[str]]] = []  # recent ends: turn, date, the stems of their clauses
    for sentence in facts:
        future = [d for d in sentence.dates if d.value is not None and d.value >= call_date]
        match = BEFORE_ANCHOR.search(sentence.norm.text.lower())
        if not sentence.dates and "?" in sentence.text and lexicon.ENDING_AHEAD.search(sentence.norm.text.lower()):
            asked = sentence
        if waiting is not None and future and future[0].value is not None and not match:
            offer, anchor = waiting
            if sentence.turn - offer.turn <= 1:
                offer.dates.append(_anchored(anchor, future[0].value, call_date))
            waiting = None
        if match:
            # "до 22 апреля, можете напомнить за неделю?": the anchor may come earlier in the sentence
            earlier = [d.value for d in future if d.end <= match.start() and d.value is not None]
            later = [d.value for d in future if d.start >= match.end() and d.value is not None]
            # "напомните за три дня до платежа, платёж у меня тридцатого": with nothing named before, the date
            # said after it ("за неделю, второго марта" is the day counted, when an end was named before)
            base_after = not earlier and last is None and bool(later)
            last = earlier[-1] if earlier else later[0] if base_after else last
            if last is None and not future and "callback" in sentence.intents:
                waiting = (sentence, match)
        if match and last_end is not None and ENDING.search(sentence.norm.text.lower()[match.start() :]):
            last = last_end
        named = _end_named_by_its_words(sentence, match, ends_said) if match else None
        if named is not None:
            last = named  # "Позвоните мне по долларовому за день до окончания": the dollar deposit's end
        which = WHICH_OF_THEM.search(sentence.text.lower())
        if match and which and len(listed) > 1:
            # "По первому я вам позвоню за неделю до окончания": the first of the ends just listed
            last = listed[0] if which.group(1) or which.group(2) else listed[1]  # "перв..." or "first"
        if match and last is not None and not base_after:
            _days_in_the_counted_month(sentence, match, last, call_date)
            future = [d for d in sentence.dates if d.value is not None and d.value >= call_date]
        if (
            match
            and last is not None
            and "callback" in sentence.intents
            and (len(earlier) == len(future) or base_after)
        ):
            sentence.dates.append(_anchored(match, last, call_date))
            sentence.modality = "request" if sentence.modality == "unknown" else sentence.modality
        if sentence.ends_product:
            ends_said = [e for e in ends_said if sentence.turn - e[0] <= NAMED_END_TURNS]
            ends_said += _ends_with_words(sentence, future)
        if future and future[-1].value is not None:
            last = future[-1].value
            if sentence.ends_product and sentence.dates[-1].kind != "anchored":
                last_end = _end_date(sentence, future) or last_end
            elif _answers_when_it_ends(sentence, asked):
                last_end = future[0].value  # "Когда заканчивается вклад?" — "Двенадцатого июня."
            asked = None  # only the first dated reply answers it
            ends = [
                d.value for d in future if d.value is not None and (sentence.ends_product or sentence.until_before(d))
            ]
            if len(set(ends)) > 1:
                listed = ends


NAMED_END_TURNS = 3


def _stems(text: str) -> set[str]:
    return {word[:5] for word in re.findall(r"[а-яёa-z]{5,}", text)}


def _ends_with_words(sentence: SentenceFacts, future: list[DateMention]) -> list[tuple[int, dt.date, set[str]]]:
    """Each end date of a sentence with the words of its own clause ("а долларовый вклад — 2 октября")."""
    lower = sentence.norm.text.lower()
    spans = [(d.start, d.end) for d in sentence.dates]
    out = []
    for d in future:
        if d.value is None or d.kind == "anchored":
            continue
        start, end = clause_bounds(lower, d.start, spans)
        out.append((sentence.turn, d.value, _stems(_blank_dates(lower[start:end], []))))
    return out


def _end_named_by_its_words(
    sentence: SentenceFacts, match: re.Match[str], ends_said: list[tuple[int, dt.date, set[str]]]
) -> dt.date | None:
    """Of two ends said just before, the one whose clause shares a word with the reminder ("по долларовому",
    "до окончания вклада" beside a rate that "действует до конца года"), when only one of them does."""
    if len({value for _, value, _ in ends_said}) < 2:
        return None
    lower = sentence.norm.text.lower()
    words = _stems(ENDING.sub(" ", lower[: match.start()] + " " + lower[match.end() :]))
    sharing = {value for _, value, stems in ends_said if words & (stems - _common_stems(ends_said))}
    return next(iter(sharing)) if len(sharing) == 1 else None


def _common_stems(ends_said: list[tuple[int, dt.date, set[str]]]) -> set[str]:
    """Words every end's clause has ("вклад" in "вклад «Осенний» ... а долларовый вклад"): they tell none apart."""
    by_date: dict[dt.date, set[str]] = {}
    for _, value, stems in ends_said:
        by_date[value] = by_date.get(value, set()) | stems
    sets = list(by_date.values())
    return set.intersection(*sets) if sets else set()


def _answers_when_it_ends(sentence: SentenceFacts, asked: SentenceFacts | None) -> bool:
    """The other side's dated reply, in the next turn, to a question when a product ends, with no event of its own."""
    return (
        asked is not None
        and sentence.speaker != asked.speaker
        and sentence.turn == asked.turn + 1
        and not sentence.intents
    )


WHICH_OF_THEM = re.compile(r"\bпо (?:(перв)\w*|втор\w*)\b|\b(?:for )?the (?:(first)|second) one\b")


BARE_DAY = re.compile(r"\d{1,2}")


def _days_in_the_counted_month(
    sentence: SentenceFacts, match: re.Match[str], base: dt.date, call_date: dt.date
) -> None:
    """ "Give me a ring the week before, say the 8th" (of a bond redeemed on 15 October): a day said after the anchor
    without its month is the day counted back, in that day's month, not the next 8th after the call."""
    counted = _anchored(match, base, call_date).value
    if counted is None:
        return
    for i, d in enumerate(sentence.dates):
        if d.start < match.end() or d.value is None or not BARE_DAY.fullmatch(d.text.strip()):
            continue
        options = []
        for shift in (-1, 0, 1):
            month = counted + relativedelta(months=shift)
            with contextlib.suppress(ValueError):
                options.append(month.replace(day=d.value.day))
        options = [o for o in options if o >= call_date]
        if options:
            nearest = min(options, key=lambda o: abs((o - counted).days))
            sentence.dates[i] = dataclasses.replace(d, value=nearest)


def _anchored(match: re.Match[str], base: dt.date, call_date: dt.date) -> DateMention:
    """The day "за неделю до", "a couple of days before", "накануне" counts back to from `base`."""
    count_text = match.group(1) or match.group(3) or "1"
    count = int(count_text) if count_text.isdigit() else COUNT_WORDS.get(count_text.lower(), 1)
    unit = (match.group(2) or match.group(4) or "days").lower()
    if unit.startswith(("недел", "week")):
        delta = relativedelta(weeks=count)
    elif unit.startswith(("месяц", "month")):
        delta = relativedelta(months=count)
    else:
        delta = relativedelta(days=count)
    value = max(call_date, base - delta)
    return DateMention(match.start(), match.end(), value, "day", match.group(), kind="anchored")


def _end_date(sentence: SentenceFacts, future: list[DateMention]) -> dt.date | None:
    """The date said nearest the end verb: "вклад заканчивается пятнадцатого ноября, проценты выплачиваются
    первого числа" ends on the fifteenth."""
    lower = _blank_dates(sentence.norm.text.lower(), sentence.dates)
    cues = [m.start() for m in lexicon.ENDS.finditer(lower)]
    if not cues:
        return future[-1].value
    nearest = min(future, key=lambda d: min(abs(d.start - c) for c in cues))
    return nearest.value


CORRECTS = re.compile(
    r"^\W*(?:(?:ой|ah|oh)\W+)?"
    r"(?:хотя нет|нет|точнее|вернее|то есть|стоп|путаю|подождите|погодите|извините|простите|оговорил\w*|поправлюсь|"
    r"sorry|actually|i mean|no|scratch that|hang on|hold on|my mistake|i misspoke)\b",
    re.IGNORECASE,
)


BANK_RECORDS = re.compile(
    r"\bпо (?:нашим|моим) данным\b|\bпо данным банка\b|\bу нас в системе\b|\bв системе (?:у вас )?указан|"
    r"\baccording to (?:our|my) records\b|\b(?:our|my|the) records (?:show|say|have)\b|\bin our system\b"
)
ACTUALLY = re.compile(
    r"\bactually\b|\bна самом деле\b|\bвообще-то\b|"
    # "Вы ошиблись, у меня до двадцать пятого", "Не двадцатого, а двадцать пятого", "I think you'll find it's the 25th"
    r"^\W*(?:вы ошиблись|вы ошибаетесь|не совсем|уточню|поправлю|не \d+\b|"
    r"неправильно|неверно|не так|это не так|"
    r"you're wrong|that's wrong|that's not right|that isn't right|that's not correct|that's incorrect|not quite|"
    r"i think you'll find)|"
    r"\bв договоре (?:указан|стоит|написан)\w*|\bпо документам\b|"
    r"\b(?:our|the) system (?:says|shows)\b|\bon (?:our|my) system\b"
)
# "Мне казалось, что до девятнадцатого", "I thought it was the 19th": the other side doubts the date with another one
DOUBTS = re.compile(
    r"^\W*(?:(?:а|но|hmm|but)\W+)?(?:мне казалось|я думал\w*,? что|а разве не|разве не|i thought it(?:'s| was)|"
    r"wasn't it|isn't it)\b|"
    # "А мне в договоре казалось, до ...", "Actually I thought it was the 28th": a few words may lead the doubt
    r"^\W*(?:[\w-]+\W+){1,4}?(?:казалось|i thought it(?:'s| was))\b"
)
# "мне казалось, до двадцать четвёртого", "I thought it was the 28th": a past belief about a date still ahead
BELIEF_PAST = re.compile(r"\bказалось\b|\bя думал\w*\b|\bi thought\b|\bi was sure\b|\bя был\w* уверен\w*")
CONFIRMS = re.compile(r"^\W*(?:да|верно|правильно|всё так|yes|correct|right|that's right)\b")
CONTRADICTS = re.compile(r"^\W*(?:нет|no)\b(?!\s+(?:проблем|problem))", re.IGNORECASE)


def _carry_corrections(facts: list[SentenceFacts]) -> None:
    """ "Вклад до 15 января. Ой, нет, до 16-го": the next sentence corrects the date and keeps the event;
    so does the other side's "Нет, ..." with a date in the next turn.

    The corrected sentence's dates are dropped; the correcting one takes its intents and product, and
    a day said alone ("Sorry, the sixteenth") keeps the corrected date's month.
    """
    for before, after in _said_one_after_another(facts):
        if after.turn - before.turn > 1 or not before.dates or not after.dates:
            continue
        lower = after.norm.text.lower()
        if before.speaker == after.speaker and not CORRECTS.match(lower):
            continue
        # "Ваш ОСАГО заканчивается третьего февраля." — "Нет, у меня до тринадцатого": the other side corrects
        # "По нашим данным полис действует до двадцать седьмого": the agent reads the bank's record
        # ("Да, по нашим данным ..." with the same date confirms, it corrects nothing)
        # "It's actually the twelfth of September", "Вообще-то до двенадцатого": either side sets it right
        other_date = all(d.value != before.dates[-1].value for d in after.dates) and not CONFIRMS.match(lower)
        bank_records = after.speaker == "agent" and BANK_RECORDS.search(lower)
        contradicts = CONTRADICTS.match(lower) or (
            other_date and (ACTUALLY.search(lower) or DOUBTS.match(lower) or bank_records)
        )
        if before.speaker != after.speaker and not (
            after.turn > before.turn and (contradicts or _refines(before, after))
        ):
            continue
        target = before.dates[_corrected_index(before, after)]
        corrected = target.value
        # "I'll pay on Thursday. Actually no, Friday, on Thursday I'm travelling", "Нет, я говорила до
        # двенадцатого, у меня зарплата одиннадцатого": the last new date not about another thing
        lower = after.norm.text.lower()
        new = [d for d in after.dates if d.value != corrected] or after.dates
        own = [
            d
            for d in new
            if not names_another_thing(lower[clause_bounds(lower, d.start)[0] : d.start], after.language)
            and not _another_act(after, d)
        ]
        if not own and before.speaker != after.speaker:
            continue  # "Our records show your pension comes on the first": another thing's date corrects nothing
        # "Actually, make it Thursday, I'm working Wednesday": the date proposed, not the reason after it
        proposal = lexicon.COUNTER_PROPOSAL.search(lower)
        proposed = [d for d in own or new if proposal and d.start >= proposal.end()]
        mention = proposed[0] if proposed else (own or new)[-1]
        # "Нет, он заканчивается двадцать третьего марта, а двадцатого у вас заканчивается рублёвый": each
        # date with its own verb of the event is an event of its own
        events = [d for d in after.dates if _own_event_verb(after, d)]
        chosen = events if len(events) > 1 and mention in events else [mention]
        # "Нет, по нашим данным долларовый до двенадцатого декабря, а рублёвый заканчивается третьего февраля": the
        # bank reads out every end it holds, the corrected one among them, and each stays an end
        listed = _listed_ends(after, new) if before.ends_product or after.ends_product else []
        if len(listed) > 1:
            chosen = listed
        after.dates = [_in_month_of(d, corrected) if corrected is not None else d for d in chosen]
        after.corrected = before.original(target)
        after.replaced = corrected
        # "Записываю: четыре тысячи в пятницу и четыре тысячи двадцать шестого" — "двадцать шестого не
        # получится, давайте двадцать восьмого": only the date corrected goes, the rest of a list stays
        before.dates = [d for d in before.dates if d is not target]
        if len(listed) > 1:
            # "The euro one ends on the tenth of January ..." — "... the euro deposit matures on the twelfth of January,
            # and ...": the list read back moves each end it restates in the same month
            months = {(d.value.year, d.value.month) for d in listed if d.value}
            before.dates = [d for d in before.dates if not d.value or (d.value.year, d.value.month) not in months]
        after.intents |= before.intents or _events_named_for(corrected, before, facts)
        after.product = after.product or before.product
        # "Вклад у меня до десятого июля." — "в договоре указано одиннадцатое июля": the end said "до" moves too
        until_end = before.product is not None and before.until_before(target)
        after.ends_product = after.ends_product or before.ends_product or until_end
        # "Мне казалось, что до девятнадцатого": the doubt's past verb is about the belief, not the date
        if after.modality in ("unknown", "future_fact") or DOUBTS.match(lower):
            after.modality = before.modality


LIST_JOIN = re.compile(r"(?:,\s*|\s+)(?:а|и|and|but)\s+|;\s*")


def _listed_ends(sentence: SentenceFacts, dates: list[DateMention]) -> list[DateMention]:
    """Dates of different days, each in its own item of a list ("..., а рублёвый ...", "..., and the sterling one
    ...")."""
    if len({d.value for d in dates}) < 2:
        return []
    text = sentence.norm.text.lower()
    apart = all(LIST_JOIN.search(text[a.end : b.start]) for a, b in itertools.pairwise(dates))
    return dates if apart else []


SINGLE_EVENT_CUES = (lexicon.CALLBACK, lexicon.PAYMENT_PROMISE, lexicon.PAYMENT_RESTATED, lexicon.PAYMENT_WORDS)


def _corrected_index(before: SentenceFacts, after: SentenceFacts) -> int:
    """The date a correction moves: the last one, unless the correction says no end ("Actually, can you make it
    Friday instead?") and an earlier date is a call-back's or a payment's ("I'll call you back on Thursday, and your
    deposit matures on the 2nd of June")."""
    last = len(before.dates) - 1
    if last == 0 or lexicon.ENDS.search(after.norm.text.lower()):
        return last
    lower = before.norm.text.lower()
    spans = [(d.start, d.end) for d in before.dates]
    for i in range(last, -1, -1):
        start, end = clause_bounds(lower, before.dates[i].start, spans)
        if any(cue.search(lower[start:end]) for cue in SINGLE_EVENT_CUES):
            return i
    return last


def _another_act(sentence: SentenceFacts, mention: DateMention) -> bool:
    """ "Хотя нет, двадцать второго, зарплату дают двадцать первого": the date's own clause has a verb of
    something else (no payment, call or end, nor one that leans on another)."""
    lower = sentence.norm.text.lower()
    start, end = clause_bounds(lower, mention.start, [(d.start, d.end) for d in sentence.dates])
    events = lexicon.END_LEMMAS | lexicon.PAYMENT_LEMMAS | lexicon.CALLBACK_LEMMAS | lexicon.MONEY_MOVE_LEMMAS
    verbs = verbs_in(lower, start, end, sentence.language)
    # "давайте двадцать второго" leans on another verb; "зарплату дают" is an act of its own
    leaning = [v for v in verbs if v.lemma in LEANING_VERBS and (v.imperative or v.lemma not in GIVE_LEMMAS)]
    return bool(verbs) and not leaning and all(v.lemma not in events | RECORDING_VERBS for v in verbs)


GIVE_LEMMAS = frozenset({"давать", "дать"})


def _own_event_verb(sentence: SentenceFacts, mention: DateMention) -> bool:
    lower = sentence.norm.text.lower()
    start, end = clause_bounds(lower, mention.start, [(d.start, d.end) for d in sentence.dates])
    events = lexicon.END_LEMMAS | lexicon.PAYMENT_LEMMAS | lexicon.CALLBACK_LEMMAS
    return any(v.lemma in events for v in verbs_in(lower, start, end, sentence.language))


def _days_of_a_promised_month(facts: list[SentenceFacts]) -> None:
    """ "Смогу внести только в июле." — "А конкретнее?" — "Тогда десятого июля": asked for a day, the speaker
    names one in the month they promised, with no verb of its own; it is the same promise, and the month gives
    way to it."""
    for i, after in enumerate(facts):
        if after.intents or len(_own_dates(after)) != 1:
            continue
        earlier = [
            f
            for f in facts[:i]
            if f.speaker == after.speaker and f.turn < after.turn and after.turn - f.turn <= FOLLOW_TURNS
        ]
        before = next((f for f in reversed(earlier) if f.dates), None)
        if before is None or not ({"payment_promise", "callback"} & before.intents) or not _refines(before, after):
            continue
        after.intents |= before.intents
        after.product = after.product or before.product
        after.modality = before.modality


def _refines(before: SentenceFacts, after: SentenceFacts) -> bool:
    """ "Ваш полис ОСАГО истекает в июне." — "Да, восемнадцатого июня, я помню": the other side's reply names
    the day in the month just said, in a clause of its own with nothing else to do with it."""
    days = _own_dates(after)
    if len(days) != 1 or after.intents:
        return False
    day = days[0]
    # "Первый платёж закрою завтра, а второй в начале июня": of a split, the part said by its month
    months = [d for d in before.dates if d.precision != "day"] if len(before.dates) > 1 else before.dates
    if len(months) != 1:
        return False
    month = months[0]
    if (
        month.precision == "day"
        or day.precision != "day"
        or day.kind not in DAY_WITH_MONTH
        or not (month.value and day.value)
    ):
        return False
    if not (before.intents or before.ends_product) or (month.value.year, month.value.month) != (
        day.value.year,
        day.value.month,
    ):
        return False
    lower = after.norm.text.lower()
    start, end = clause_bounds(lower, day.start, [(day.start, day.end)])
    # "Пусть будет пятнадцатого января", "Давайте восемнадцатого": a verb that leans on another is no act of its own
    acts = [v for v in verbs_in(lower, start, end, after.language) if v.lemma not in LEANING_VERBS]
    return not acts and not names_another_thing(lower[start : day.start], after.language)


def _own_dates(sentence: SentenceFacts) -> list[DateMention]:
    """The dates of a sentence less those whose clause names another thing ("Пусть будет пятое июня, зарплата
    четвёртого": the salary's day)."""
    lower = sentence.norm.text.lower()
    spans = [(d.start, d.end) for d in sentence.dates]
    return [
        d
        for d in sentence.dates
        if not names_another_thing(lower[clause_bounds(lower, d.start, spans)[0] : d.start], sentence.language)
    ]


# a day said with its month: natasha's Russian dates, "12 August", "August 12th", "12.08"
DAY_WITH_MONTH = frozenset({"absolute", "day_month", "month_day", "numeric"})


def _events_named_for(value: dt.date | None, restating: SentenceFacts, facts: list[SentenceFacts]) -> set[str]:
    """The events a date was first named for, when a sentence that only restates it (an agent's "Записываю: ...")
    is corrected: "Половину внесу в пятницу, а остаток двадцать шестого" made the twenty-sixth a payment."""
    for earlier in reversed(facts[: facts.index(restating)]):
        if restating.turn - earlier.turn > FOLLOW_TURNS:
            break
        if earlier.intents and any(d.value == value for d in earlier.dates):
            return set(earlier.intents)
    return set()


FOLLOW_TURNS = 2


def _said_one_after_another(facts: list[SentenceFacts]) -> list[tuple[SentenceFacts, SentenceFacts]]:
    """Neighbouring sentences, stepping over a short one with no date between them: Whisper writes
    "I can make it on the 20th. Sorry. I mean the 22nd", and "Sorry." corrects nothing by itself; nor
    does the agent's "Let me check." before "It's actually the twelfth"."""
    pairs: list[tuple[SentenceFacts, SentenceFacts]] = []
    for i, after in enumerate(facts[1:], 1):
        j = i - 1
        while (
            j > 0
            and not facts[j].dates
            and (
                (len(facts[j].norm.text.split()) <= 3 and facts[j].speaker == after.speaker)
                or _question_closing_turn(facts, j, i)
            )
        ):
            j -= 1
        pairs.append((facts[j], after))
    return pairs


def _question_closing_turn(facts: list[SentenceFacts], j: int, i: int) -> bool:
    """ "Гарантия заканчивается 3 декабря. Хотите продлить?" — "Нет, у меня до 13 декабря": the other side's
    answer opens its turn and speaks to the date said before the question that closed the turn, when it says an
    end again ("No, a new card will be mailed in early February" answers the question itself)."""
    question, after = facts[j], facts[i]
    lower = after.norm.text.lower()
    return (
        (bool(lexicon.ENDS.search(lower)) or any(after.until_before(d) for d in after.dates))
        # "... действует до 31 марта. Хотим продлить." — "По нашим данным до 28 марта": a short closing
        # remark without a date is stepped over like a question
        and (question.norm.text.rstrip().endswith("?") or len(question.norm.text.split()) <= 3)
        and question.speaker != after.speaker
        and after.turn == question.turn + 1
        and facts[j - 1].turn == question.turn
        and facts[i - 1].turn != after.turn
    )


def _aside(sentence: SentenceFacts) -> bool:
    return not sentence.dates and len(sentence.norm.text.split()) <= 2


def _carry_products(facts: list[SentenceFacts]) -> None:
    """ "По поводу вклада. У него срок кончается 8 февраля": the end belongs to the product just named,
    also across a short question ("Долларовый вклад истекает 14 ноября." — "А евровый?" — "Евровый
    действует до третьего декабря")."""
    last: SentenceFacts | None = None
    for sentence in facts:
        if sentence.product is None and last and sentence.turn - last.turn <= 2 and _currency_ellipsis(sentence):
            sentence.ends_product = True  # "У меня два вклада ... Рублёвый да, до десятого июня."
        if sentence.product is None and sentence.ends_product and last and sentence.turn - last.turn <= 2:
            sentence.product = last.product
        elif last and sentence.turn - last.turn <= 2 and _pronoun_ends_before_product(sentence):
            # "Вклад «Надёжный» до какого числа открыт?" — "Он открыт до второго октября, в этот день сумма вернётся
            # на карту": "он" is the deposit just named, the card only receives the money
            sentence.product = last.product
        if sentence.product is not None:
            last = sentence


PRONOUN_SUBJECT = re.compile(r"^\W*(?:(?:а|и|but|and|so)\s+)?(?:он|она|оно|они|у него|у неё|у нее|it|it's|they)\b")


def _pronoun_ends_before_product(sentence: SentenceFacts) -> bool:
    """An end ("до" a date) said of "он"/"it", its date before any product word of the sentence."""
    lower = sentence.norm.text.lower()
    if not (sentence.dates and sentence.product and PRONOUN_SUBJECT.search(lower)):
        return False
    if not (sentence.ends_product or sentence.until_before(sentence.dates[0])):
        return False
    named = [m.start() for _, pattern in lexicon.PRODUCTS for m in pattern.finditer(lower)]
    return bool(named) and min(named) > sentence.dates[0].end


# "Рублёвый до десятого июня", "the dollar one runs until May": a product named by its currency alone
CURRENCY_ELLIPSIS = re.compile(
    r"^\W*(?:(?:а|и|but|and)\s+)?(?:(?:рубл[её]в|долларов|евров|валютн|юанев)\w*(?:\s+да)?\W+до\b|"
    r"the (?:dollar|euro|sterling|pound|rouble|ruble) one (?:runs |is )?(?:until|till|to)\b)"
)


def _currency_ellipsis(sentence: SentenceFacts) -> bool:
    """An end said of a product named just before by its currency alone, not asked about ("..., правильно?")."""
    return "?" not in sentence.text and bool(CURRENCY_ELLIPSIS.search(sentence.norm.text.lower()))


def _read_sentence(turn: Turn, begin: int, end: int, language: str, call_date: dt.date) -> SentenceFacts:
    text = turn.text[begin:end].strip()
    begin += len(turn.text[begin:end]) - len(turn.text[begin:end].lstrip())
    norm = normalise_numbers(text, language)
    lower = norm.text.lower()
    said = _drop_corrected(find_dates(norm, language, call_date), lower)
    dates = _drop_past_clauses(said, lower, language)
    facts = SentenceFacts(
        turn=turn.index,
        speaker=turn.speaker,
        text=text,
        start_char=begin,
        end_char=begin + len(text),
        norm=norm,
        dates=dates,
        product=next((name for name, pattern in lexicon.PRODUCTS if pattern.search(lower)), None),
        amount=find_amount(norm, language),
        # "by the end of the month" names a date, not a product that ends
        ends_product=bool(lexicon.ENDS.search(_blank_dates(lower, dates))),
        agreement=bool(lexicon.AGREEMENT.search(lower)),
        language="ru" if language == "ru" else "en",
    )
    facts.intents = _intents(facts, lower, turn)
    facts.asks_payment = facts.speaker == "agent" and _asks_payment(lower, language)
    facts.modality = _modality(facts, lower, language, call_date, past_dates_dropped=len(dates) < len(said))
    facts.start, facts.end = _timing(turn, begin, begin + len(text))
    return facts


def _blank_dates(lower: str, dates: list[DateMention]) -> str:
    for date in dates:
        lower = lower[: date.start] + " " * (date.end - date.start) + lower[date.end :]
    return lower


def _drop_corrected(dates: list[DateMention], lower: str) -> list[DateMention]:
    """ "пятнадцатого... нет, не пятнадцатого, а шестнадцатого": keep what follows the correction."""
    affirmed = [d for d in dates if not NEGATED.search(lower[: d.start])]
    dates = affirmed or dates
    # "В пятницу не получится, в понедельник внесу": a date the speaker rules out is no event's date
    # ("раньше двадцатого не смогу" names the earliest day, it rules nothing out)
    dates = [
        d
        for d in dates
        if not lexicon.RULED_OUT.match(lower[d.end :]) or re.search(r"\b(?:раньше|до)\s+$", lower[: d.start])
    ]
    available = [d for d in dates if not lexicon.AWAY_THAT_DAY.match(lower[d.end :])]
    if available and len({d.value for d in dates}) > 1:
        dates = available
    # "В пятницу лучше, в четверг я на работе допоздна": of two days the one preferred is the day
    preferred = [d for d in dates if lexicon.PREFERRED.match(lower[d.end :])]
    if len({d.value for d in preferred}) == 1 and len({d.value for d in dates}) > 1:
        dates = preferred
    # "пятнадцатого или шестнадцатого, как получится": alternatives, the latest is the day to check
    dates = [d for i, d in enumerate(dates) if i + 1 == len(dates) or not _or_between(lower, d, dates[i + 1])]
    # "до пятого февраля, то есть до шестого, я путаю": the last correction that a date follows
    marks = [m.end() for m in lexicon.CORRECTION.finditer(lower) if any(d.start >= m.end() for d in dates)]
    if not lexicon.SPLIT_PARTS.search(lower):
        marks += [
            m.start()
            for m in lexicon.COUNTER_PROPOSAL.finditer(lower)
            if any(d.end <= m.start() for d in dates) and any(d.start >= m.end() for d in dates)
        ]
        marks.sort()
    if not marks:
        return dates
    kept = [d for d in dates if d.start >= marks[-1]]
    dropped = [d for d in dates if d.start < marks[-1] and d.value is not None]
    # "в субботу, хотя нет, в субботу я на даче, оплачу в понедельник": the date corrected, said again, is the reason
    kept = [d for d in kept if d.value not in {x.value for x in dropped}] or kept
    # "matures on the 4th of March no sorry the 14th": a day said alone keeps the month said with the corrected date
    month_said = dropped and dropped[-1].value and not re.fullmatch(r"\d{1,2}", dropped[-1].text.strip())
    return [_in_month_of(d, dropped[-1].value) if month_said and dropped[-1].value else d for d in kept]


ALTERNATIVE = re.compile(r"[\s,]*(?:или|либо|or)\s+(?:(?:в|во|до|к|on|by)\s+)?(?:the\s+)?")


def _or_between(lower: str, first: DateMention, second: DateMention) -> bool:
    return bool(ALTERNATIVE.fullmatch(lower[first.end : second.start]))


def _in_month_of(mention: DateMention, corrected: dt.date) -> DateMention:
    if mention.value is None or not re.fullmatch(r"\d{1,2}", mention.text.strip()):
        return mention
    with contextlib.suppress(ValueError):
        return dataclasses.replace(mention, value=corrected.replace(day=int(mention.text)))
    return mention


def _intents(facts: SentenceFacts, lower: str, turn: Turn) -> set[str]:
    intents: set[str] = set()
    customer_said = facts.speaker != "agent"
    # an undated "я сама вам перезвоню" leaves the bank nothing to do; a dated one is a call to expect
    if (
        lexicon.CALLBACK.search(lower)
        and not (customer_said and not facts.dates and _own_call(lower, facts.language))
        and not (
            facts.speaker == "agent"
            and lexicon.CONDITIONAL_CALL_US.search(lower)
            and not lexicon.AGENTS_OWN_CALL.search(lower)
        )
    ):
        intents.add("callback")
    if (customer_said and lexicon.PAYMENT_PROMISE.search(lower)) or lexicon.PAYMENT_RESTATED.search(lower):
        intents.add("payment_promise")
    elif customer_said and _promises_to_pay(lower, facts.language, lexicon.PAYMENT_LEMMAS, dated=bool(facts.dates)):
        intents.add("payment_promise")  # "в пятницу вношу", "хочу внести досрочно"
    elif customer_said and MAKE_IT.search(lower) and lexicon.PAYMENT_WORDS.search(turn.text.lower()):
        intents.add("payment_promise")  # "I missed my card payment. I'll make it on Wednesday."
    if lexicon.COMPLAINT.search(lower) and not lexicon.NOT_COMPLAINT.search(lower):
        intents.add("complaint")
    if facts.speaker != "agent" and lexicon.CHURN.search(lower):
        intents.add("churn_risk")
    for cue in turn.cues:
        if cue.kind == "threat_to_leave" and _inside(cue.text, lower):
            intents.add("churn_risk")
        if cue.kind == "complaint" and _inside(cue.text, lower):
            intents.add("complaint")
    return intents


def _own_call(lower: str, language: str) -> bool:
    """ "Не надо, я сам позвоню вам двадцатого": the customer makes the call, the bank has nothing to do."""
    if language != "ru":
        return bool(lexicon.EN_OWN_CALL.search(lower))
    calls = [v for v in verbs_in(lower, 0, len(lower), language) if v.lemma in lexicon.CALLBACK_LEMMAS]
    return bool(calls) and all(v.person == "1per" and v.number == "sing" and not v.infinitive for v in calls)


def _promises_to_pay(
    lower: str, language: str, lemmas: frozenset[str], infinitive: bool = True, dated: bool = True
) -> bool:
    """The speaker's own payment: a first-person verb of paying ("внесу", "вношу"), or its infinitive
    beside a first-person verb ("смогу внести", "хочу внести досрочно", "закрыть могу"); not when negated. A
    present tense is a promise only beside a date ("в пятницу вношу"): "я плачу за пакет" is a habit. With
    `infinitive` off only "могу"/"смогу" lend their person ("хочу закрыть вклад" asks the bank)."""
    if language != "ru":
        return dated and bool(lexicon.EN_PRESENT_PROMISE.search(lower))
    verbs = verbs_in(lower, 0, len(lower), language)
    for i, verb in enumerate(verbs):
        if verb.lemma not in lemmas or re.search(r"\bне\s+$", lower[: verb.start]):
            continue
        if verb.person == "1per" and (verb.tense == "futr" or (verb.tense == "pres" and dated)):
            return True
        if not verb.infinitive:
            continue
        # "хочу внести", "смогу оплатить", "закрыть могу": the first-person verb right beside the infinitive
        beside = [v for v in verbs[max(i - 1, 0) : i + 2] if v is not verb and abs(v.start - verb.start) < 25]
        # "оплачивать не собираюсь", "не буду платить": the helper verb's "не" refuses the payment
        if any(
            v.person == "1per"
            and (infinitive or v.lemma in ABLE_LEMMAS)
            and not re.search(r"\bне\s+$", lower[: v.start])
            for v in beside
        ):
            return True
    return False


ABLE_LEMMAS = frozenset({"мочь", "смочь"})


def _asks_payment(lower: str, language: str) -> bool:
    """ "Когда сможете внести?", "When could you pay it?": the customer's next dated answer is a promise."""
    if language != "ru":
        pays = r"(?:pay|clear|settle|make|bring|put|top|cover)"
        return bool(
            re.search(r"\bwhen (?:could|can|will|would) you (?:\w+\s+)?" + pays, lower)
            # "Can you pay it by Friday?", "Could you be able to clear it on the 20th?": a yes-no question with a day
            or re.search(
                r"^\W*(?:(?:can|could|will|would) you (?:be able to )?|are you able to )" + pays + r"\b[^?]*\?", lower
            )
            or re.search(
                # "So you owe four hundred. When can we expect it?": what the bank expects from the customer is money
                r"\bwhen (?:can|could|will|should) we (?:expect|see|receive) (?:(?:the |your )?(?:payment|money)|it\b)",
                lower,
            )
        )
    if not re.search(r"\?|\bкогда\b", lower):
        return False
    # "Когда ждать оплату?": the bank asks the day it will see the money
    if re.search(
        r"\bкогда\s+(?:нам\s+)?(?:ждать|ожидать)\s+(?:от вас\s+)?(?:оплат|плат[её]ж|погашени|деньги|взнос)", lower
    ):
        return True
    return any(
        v.lemma in lexicon.PAYMENT_LEMMAS and (v.infinitive or v.person == "2per")
        for v in verbs_in(lower, 0, len(lower), language)
    )


I_PROMISE = re.compile(r"\bi promise\b|\bобещаю\b")


def _promised_days(facts: list[SentenceFacts]) -> None:
    """ "You were due to pay on the 10th." — "Yeah, sorry. Monday, I promise.": a customer's dated "I promise" while
    the talk is of money owed promises the payment."""
    for i, sentence in enumerate(facts):
        if sentence.speaker == "agent" or sentence.intents or not sentence.dates:
            continue
        if not I_PROMISE.search(sentence.norm.text.lower()):
            continue
        recent = [f for f in facts[: i + 1] if sentence.turn - f.turn <= FOLLOW_TURNS]
        if any(lexicon.DEBT_TOPIC.search(f.norm.text.lower()) for f in recent):
            sentence.intents.add("payment_promise")
            sentence.modality = "promise"


ON_TIME = re.compile(
    r"\bвовремя\b|\bв срок\b|\bдо этого (?:числа|дня)\b|\bв этот день\b|"
    r"\bon time\b|\b(?:by|on) the due date\b|\bby then\b|"
    # "Your table will be delivered on Saturday." — "I'll pay the rest when it arrives"
    r"\bwhen it (?:arrives|comes|is delivered|gets here)\b|\bon delivery\b|\bпри получении\b|"
    r"\bкогда (?:привезут|доставят|придёт|придет)\b|\bв день доставки\b"
)


def _on_time(facts: list[SentenceFacts], call_date: dt.date) -> None:
    """ "Ваш платёж по графику двадцать пятого мая." — "Понял, внесу вовремя.": a promise to pay on time (or on
    delivery) takes the day the other side just named."""
    for i, sentence in enumerate(facts):
        match = ON_TIME.search(sentence.norm.text.lower())
        if match is None or sentence.dates or "payment_promise" not in sentence.intents:
            continue
        named = [
            d
            for f in facts[:i]
            if f.speaker != sentence.speaker and sentence.turn - f.turn <= 1
            for d in f.dates
            if d.value is not None and d.value >= call_date
        ]
        if named:
            sentence.dates = [DateMention(match.start(), match.end(), named[-1].value, "day", match.group())]


MONTH_SAID = re.compile(RU_MONTH + "|" + EN_MONTH + r"|\d{1,2}[./]\d{1,2}", re.IGNORECASE)


def _days_the_other_side_named(facts: list[SentenceFacts], call_date: dt.date) -> None:
    """ "Давайте первый платёж вы вносите 10 августа." — "Да, 10-го внесу.": a day said without its month, right
    after the other side named that day with a month, is that date, not the next such day of the calendar."""
    for i, sentence in enumerate(facts):
        for k, mention in enumerate(sentence.dates):
            if mention.kind != "absolute" or mention.value is None or MONTH_SAID.search(mention.text):
                continue
            named = [
                d.value
                for f in facts[:i]
                if f.speaker != sentence.speaker and 0 <= sentence.turn - f.turn <= 1
                for d in f.dates
                if d.value is not None and d.value >= call_date and MONTH_SAID.search(d.text)
            ]
            same_day = [v for v in named if v.day == mention.value.day and v != mention.value]
            if same_day:
                sentence.dates[k] = dataclasses.replace(mention, value=same_day[-1])


def _parts_of_a_payment(facts: list[SentenceFacts]) -> None:
    """ "Oh right, then the rest on the thirty-first", "А остаток тридцатого": the customer dates a part of the sum
    they promised within the two turns before, so it is that payment's part."""
    for i, sentence in enumerate(facts):
        if sentence.speaker == "agent" or sentence.intents or not sentence.dates:
            continue
        if not lexicon.SPLIT_PARTS.search(sentence.norm.text.lower()):
            continue
        if any(
            "payment_promise" in f.intents and f.speaker == sentence.speaker and sentence.turn - f.turn <= FOLLOW_TURNS
            for f in facts[:i]
        ):
            sentence.intents.add("payment_promise")
            sentence.modality = "promise"


SENT_PAPER = re.compile(
    r"\b(?:(?:с|пере|за)?кин|отправ|отошл|перешл|передам|(?:при)?нес)\w*\s+(?:\w+\s+){0,2}?"
    r"(?:справк|документ|выписк|ссылк|фото|скан|чек|квитанци|заявлени|копи|реквизит|письм|паспорт)"
)


def _payments_by_topic(facts: list[SentenceFacts]) -> None:
    """ "Платёж тридцатого августа не поступил." — "Сегодня вечером переведу.": a customer's verb of moving
    or settling money is a payment promise when the sentence or the two turns before talk of a payment."""
    for i, sentence in enumerate(facts):
        if sentence.speaker == "agent" or sentence.intents & {"payment_promise", "churn_risk"}:
            continue
        # finite forms or "могу закрыть": "хочу закрыть вклад и забрать деньги" asks the bank, it promises nothing
        if sentence.language != "ru" or not _promises_to_pay(
            sentence.norm.text.lower(), sentence.language, lexicon.MONEY_MOVE_LEMMAS, False
        ):
            continue
        if SENT_PAPER.search(sentence.norm.text.lower()):
            continue  # "Отправлю вам справку в пятницу", "скину ссылку на чек": a paper sent, not money
        recent = [f for f in facts[: i + 1] if sentence.turn - f.turn <= 2]
        if any(lexicon.DEBT_TOPIC.search(f.norm.text.lower()) for f in recent):
            sentence.intents.add("payment_promise")
            if sentence.modality in ("unknown", "future_fact"):
                sentence.modality = "promise"


def _payment_asked_by_topic(facts: list[SentenceFacts]) -> None:
    """ "У вас долг двадцать две тысячи. Получится закрыть к пятнице?": the agent's question with a verb that
    moves or settles money asks when the customer will pay when the sentence or the two turns before talk of a
    debt, as the customer's own "закрою" is a promise then (`_payments_by_topic`)."""
    for i, sentence in enumerate(facts):
        if sentence.speaker != "agent" or sentence.asks_payment or sentence.language != "ru":
            continue
        lower = sentence.norm.text.lower()
        # "у вас долг 2200 получится закрыть к пятнице": Whisper drops the question mark, the modal still asks
        if "?" not in lower and not re.search(r"\bкогда\b|\b(?:получится|получатся|сможете|успеете)\b", lower):
            continue
        if SENT_PAPER.search(lower):
            continue
        if not any(
            v.lemma in lexicon.MONEY_MOVE_LEMMAS and (v.infinitive or v.person == "2per")
            for v in verbs_in(lower, 0, len(lower), sentence.language)
        ):
            continue
        recent = [f for f in facts[: i + 1] if sentence.turn - f.turn <= 2]
        if any(lexicon.DEBT_TOPIC.search(f.norm.text.lower()) for f in recent):
            sentence.asks_payment = True


def _drop_past_clauses(dates: list[DateMention], lower: str, language: str) -> list[DateMention]:
    """ "Один вклад закрылся в марте, а второй когда заканчивается?": a date in a clause that reports the
    past is a past fact, whatever the rest of the sentence says."""
    spans = [(d.start, d.end) for d in dates]
    return [
        d
        for d in dates
        if d.certainly_ahead
        or not reports_the_past(lower, *(bounds := clause_bounds(lower, d.start, spans)), language)
        or BELIEF_PAST.search(lower[bounds[0] : bounds[1]])
    ]


def _inside(cue_text: str, lower: str) -> bool:
    return bool(cue_text) and cue_text.lower() in lower


def _modality(
    facts: SentenceFacts, lower: str, language: str, call_date: dt.date, past_dates_dropped: bool = False
) -> Modality:
    if facts.dates and all(d.value and d.value < call_date and not _this_month(d, call_date) for d in facts.dates):
        return "past"
    # "Вы продлили двадцать восьмого сентября, новый срок — до двадцать восьмого марта": the past verb
    # had its own date, dropped with its clause; the date left is in a clause that says no past
    past_told_apart = past_dates_dropped and any(d.value and d.value >= call_date for d in facts.dates)
    # "Нет, у меня до двадцать пятого ноября, я его в прошлом году позже оформлял": the past is told in a
    # clause of its own; the date's clause says nothing of the past
    past_told_apart = past_told_apart or _past_only_beside_dates(facts, lower, language, call_date)
    # "Записала, платёж через две недели": past tense, but the date is said relative to now
    if _is_past(lower, language) and not any(d.certainly_ahead for d in facts.dates) and not past_told_apart:
        return "past"
    if "payment_promise" in facts.intents or (facts.speaker != "agent" and lexicon.PROMISE.search(lower)):
        return "promise"
    if lexicon.REQUEST.search(lower) or _has_imperative(lower, language):
        return "request"
    if lexicon.PROMISE.search(lower):
        return "promise"
    if facts.dates:
        return "future_fact"
    return "unknown"


def _this_month(mention: DateMention, call_date: dt.date) -> bool:
    """ "Да, в июле внесу" said on 8 July: the month under way is ahead, though its first day has passed."""
    value = mention.value
    return (
        mention.precision in ("month", "part")
        and value is not None
        and (value.year, value.month) == (call_date.year, call_date.month)
    )


def _past_only_beside_dates(facts: SentenceFacts, lower: str, language: str, call_date: dt.date) -> bool:
    spans = [(d.start, d.end) for d in facts.dates]
    bounds = [clause_bounds(lower, d.start, spans) for d in facts.dates]
    return (
        bool(facts.dates)
        and all(d.value and d.value >= call_date for d in facts.dates)
        and all(end < len(lower.rstrip(" .!?")) or start > 0 for start, end in bounds)
        and not any(
            reports_the_past(lower, start, end, language)
            or lexicon.PAST_MARKERS.search(lower[start:end])
            # "Вы обещали перезвонить в понедельник": a past verb of any kind keeps the date in the past
            or any(v.tense == "past" for v in verbs_in(lower, start, end, language))
            for start, end in bounds
        )
    )


def _is_past(lower: str, language: str) -> bool:
    # "В прошлом месяце я пропустил платёж, теперь внесу двойной двадцать пятого": a past marker dates its
    # own clause; a verb still ahead keeps the sentence's date ahead
    marked = bool(lexicon.PAST_MARKERS.search(lower))
    if language != "ru":
        return (marked or bool(lexicon.EN_PAST.search(lower))) and not lexicon.EN_NON_PAST.search(lower)
    if lexicon.SUBJUNCTIVE.search(lower):
        return marked
    past = non_past = False
    # "вклад до девятого июня и я хотела узнать проценты": the polite "хотела узнать" asks now
    for word in re.findall(r"[а-яё]+", lexicon.POLITE_PAST.sub(" ", lower)):
        lemma, grammemes, _, tense, mood = word_form(word)
        if "VERB" not in grammemes or lemma in RECORDING_VERBS:  # "записала звонок на понедельник"
            continue
        if tense == "past":
            past = True
        elif tense in ("pres", "futr") or mood == "impr":
            non_past = True
    return (past or marked) and not non_past


def _has_imperative(lower: str, language: str) -> bool:
    if language != "ru":
        return bool(re.match(r"\W*(?:call|ring|phone|send|remind|renew)\b", lower))
    return any(word_form(word)[4] == "impr" for word in re.findall(r"[а-яё]+", lower))


def find_amount(norm: Normalised, language: str) -> Amount | None:
    if language == "ru" and CURRENCY_HINT.search(norm.text.lower()):
        _, money = natasha_extractors()
        for match in money(norm.text):
            return Amount(value=float(match.fact.amount), currency=match.fact.currency)
    lower = norm.text.lower()
    for match in lexicon.AMOUNT.finditer(lower):
        number = match.group("v1") or match.group("v2")
        symbol = match.group("pre") or match.group("cur") or ""
        try:
            value = float(re.sub(r"[\s,]", "", number).replace(",", "."))
        except ValueError:
            continue
        multiplier = (match.group("mult") or "").lower()
        if multiplier.startswith(("тыс", "thousand", "k")):
            value *= 1000
        elif multiplier.startswith(("млн", "миллион", "million")):
            value *= 1_000_000
        currency = next((code for stem, code in lexicon.CURRENCIES.items() if symbol.startswith(stem)), None)
        if currency and value > 0:
            return Amount(value=value, currency=currency)
    return None


def _timing(turn: Turn, begin: int, end: int) -> tuple[float | None, float | None]:
    """Start and end of the words that make up characters begin..end of the turn's text."""
    if not turn.words:
        return (turn.start, turn.end) if turn.end > turn.start else (None, None)
    cursor = 0
    inside: list[tuple[float, float]] = []
    for word in turn.words:
        token = word.word.strip()
        at = turn.text.find(token, cursor) if token else -1
        if at < 0:
            continue
        cursor = at + len(token)
        if at < end and cursor > begin:
            inside.append((word.start, word.end))
    if not inside:
        return turn.start, turn.end
    return inside[0][0], inside[-1][1]
