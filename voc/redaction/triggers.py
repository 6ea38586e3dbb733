"""Trigger words that say what a run of digits is ("пин", "срок действия", "паспорт", ...), as
written, changed by the recogniser into a word that sounds like one ("бин" for "пин", "At heart is"
for "my card is"), or glued to a neighbour word ("Мойпин 4.0.4.0").
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from voc.redaction.dictation import DIGIT_WORDS, WEAK_DIGIT_WORDS
from voc.schemas import RedactionType

TRIGGERS: dict[RedactionType, re.Pattern[str]] = {
    "CVV": re.compile(
        r"\bcvv2?\b|\bcvc2?\b|сиви|св[иі] ?в[иі]|на оборот|обратной сторон|тр[её]хзначн|три цифры|"
        r"код безопасности|security code|three digits|back of the card|"
        # "the code on the back", "код с обратной стороны", "цифры сзади на карте"
        r"(?:code|digits|number)\w* on the back|on the back of (?:the|my|your) card|(?:3|three)[- ]digit|"
        r"(?<!social )security number|card verification|с обратной сторон|на задней сторон|с задней сторон|"
        r"(?:цифр\w*|код\w*) сзади|сзади на карт|проверочн\w* код|код проверки"
    ),
    "CARD_EXPIRY": re.compile(
        r"срок[аи]? действия|срок\w*\s+до\b|действует до|действительна до|годна до|expir|exp date|"
        r"(?:valid|good) (?:thru|through|until|till)"
    ),
    # "T9N", "my T9 end": how Whisper hears an English "PIN" said after "my"
    "PIN": re.compile(r"\bпин|\bpin\b|\bt[- ]?(?:9|nine)[- ]?(?:n|en|end|in)\b"),
    "SMS_CODE": re.compile(
        # "с кодом", "с временным кодом"
        r"смс|sms|эсэмэс|код подтвержд|одноразов|сообщени\w* с код|код из сообщени|\bс\s+(?:\w+\s+)?кодом|пуш|"
        r"one[- ]time|verification code|confirmation code|text(?:ed)? (?:you|me) a code|"
        # a code said to have come or been sent, however the sentence is built: "Какой код пришёл в
        # сообщении?", "Я отправила вам код", "the code we just texted you", "the code I sent"; "кот" is
        # how the recogniser often writes a "код" said at the end of a phrase ("я отправил кот")
        r"\b(?:код\w*|кот\b)[^.!?\d]{0,25}(?:сообщени|пришл|пришел|пришёл|прислал|отправил|выслал|прид[её]т|придут)|"
        r"(?:пришл|пришел|пришёл|прислал|отправил|выслал|прид[её]т|придут|пришлю|отправлю|вышлю)\w*[^.!?\d]{0,15}"
        r"\bко(?:д|т\b)|"
        r"\bcode[^.!?\d]{0,25}(?:text|sent)|(?:text|sent)\w*[^.!?\d]{0,15}\bcode"
    ),
    "PASSPORT": re.compile(r"паспорт|\bсери[яюи]\b|passport"),
    # "номер снился": the recogniser's usual spelling of СНИЛС
    "SNILS": re.compile(r"сн[иы]лс|\bснил|страхов\w* номер"),
    "INN": re.compile(r"\bинн\b|налогоплательщик"),
    "ACCOUNT_NUMBER": re.compile(r"сч[её]т|account"),
    # "my social is ...": how American callers name it
    "SSN": re.compile(
        r"social security|\bssn\b|\b(?:my|your|his|her) social\b(?! media)|\bsocial(?:'s)? (?:is|number)\b|"
        # "the last four or four social" for "the last four of her social"
        r"\blast four\b[^.!?\d]{0,20}\bsocial\b"
    ),
    # "это тот, что у нас в карточке", "в карточке клиента": the customer's record, not a bank card
    "CARD_NUMBER": re.compile(r"(?<!\bв )карточк(?!\w*\s+(?:клиент|абонент|пациент))|карт(?!очк)|card"),
    "PHONE": re.compile(r"телефон|номер|позвон|мобильн|сотов|phone|number|call|reach|\bcell\b|mobile"),
}
# The short codes a trigger introduces, with the lengths they may have.
SHORT_CODE_LENGTHS: dict[RedactionType, tuple[int, int]] = {
    "CVV": (3, 4),
    "CARD_EXPIRY": (4, 6),
    "PIN": (4, 6),
    "SMS_CODE": (4, 8),
}
TRIGGER_WINDOW = 80  # characters before a run in which a trigger counts

# Trigger words as the recogniser may change them ("бин" for "пин", "кату" for "карту", "At heart is" for
# "my card is"): compared by sound (voicing merged, see _sound) within one edit. They count only for
# digits that follow within _NEAR_WINDOW characters, and only for short codes and card pieces of six
# digits or more (longer runs are masked without a trigger), so precision holds.
_NEAR_TRIGGERS: dict[RedactionType, tuple[str, ...]] = {
    "PIN": ("пин", "pin", "pen"),  # "pen", "peen", "bin": an English "PIN" as the recogniser hears it
    "CVV": ("сиви", "сививи", "cvv", "cvc"),
    "SMS_CODE": ("смс", "смску", "смски", "эсэмэс", "sms"),
    "CARD_NUMBER": ("карта", "карту", "карты", "карте", "картой", "карточка", "карточку", "card"),
    "PASSPORT": ("паспорт", "паспорта", "passport"),
    "SNILS": ("снилс", "снилса"),
}
_NEAR_WINDOW = 30
NEAR_CARD_DIGITS = 6
CLOSE_WINDOW = 25  # a trigger this close before a code lets a code the recogniser cut to 3 digits count
CUT_CODE_DIGITS = 3
# The trigger words, whole ("пин", not "пинг"), after which a code cut to three digits still counts
CUT_CODE_TRIGGERS: dict[RedactionType, re.Pattern[str]] = {
    "PIN": re.compile(r"\b(?:пин|pin)(?:[- ]?код\w*|[- ]?code)?\b"),
    "SMS_CODE": re.compile(r"\b(?:смс|sms|эсэмэс)\w*|код\w* подтвержд\w*|verification code|one[- ]time code"),
}
WORD = re.compile(r"[^\W\d_]+")
_SOUND_RU = str.maketrans({"б": "п", "в": "ф", "г": "к", "д": "т", "ж": "ш", "з": "с", "ё": "е", "ь": None, "ъ": None})
_SOUND_EN = (
    (re.compile(r"ph"), "f"), (re.compile(r"th"), "t"), (re.compile(r"ck"), "k"), (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"[cq]"), "k"), (re.compile(r"^h"), ""), (re.compile(r"ea"), "a"), (re.compile(r"b"), "p"),
    (re.compile(r"d"), "t"), (re.compile(r"g"), "k"), (re.compile(r"v"), "f"), (re.compile(r"z"), "s"),
)  # fmt: skip


@lru_cache(maxsize=8192)
def _sound(word: str) -> str:
    """A word as it sounds, roughly: voiced and voiceless consonants merged ("бин" = "пин"), English
    spellings of one sound made one ("heart" ~ "art", "card" = "kart"), doubled letters single."""
    word = word.lower()
    if re.search(r"[a-z]", word):
        for pattern, repl in _SOUND_EN:
            word = pattern.sub(repl, word)
    else:
        word = word.translate(_SOUND_RU)
    return re.sub(r"(.)\1+", r"\1", word)


_NEAR_SOUNDS = {kind: tuple(_sound(w) for w in words) for kind, words in _NEAR_TRIGGERS.items()}


def _sounds_like(word: str, trigger_sounds: tuple[str, ...], right_before: bool = False) -> bool:
    """`right_before`: the word stands right before the digits ("пен-2-0-0-7" for "пин два ноль ноль
    семь"), where a short trigger's unstressed "и" heard as "е" still counts."""
    key = _sound(word)
    for trigger in trigger_sounds:
        if min(len(key), len(trigger)) <= 3 and len(trigger) <= 3:
            # "бин" = "пин"; a three-letter trigger leaves no room for an edit ("бине")
            if key == trigger or (right_before and _unstressed(key) == _unstressed(trigger)):
                return True
        elif min(len(key), len(trigger)) >= 3 and Levenshtein.distance(key, trigger, score_cutoff=1) <= 1:
            return True
    return False


def _unstressed(key: str) -> str:
    """An unstressed "е" sounds as "и" ("пеннадин" for "пин один"); only for glued words, whose
    vowels the recogniser guessed."""
    return key.replace("е", "и")


# A short code's trigger the recogniser glued to the word before it ("Мойпин 4.0.4.0") or to the first
# digit after it ("пеннадин 984" for "пин один девять восемь четыре")
_GLUED_KINDS: tuple[RedactionType, ...] = ("PIN", "SMS_CODE", "CVV")
_GLUED_OWNERS = {_sound(w) for w in ("мой", "моя", "мою", "твой", "ваш", "свой", "наш", "новый", "старый", "этот")}
_DIGIT_SOUNDS = tuple(_unstressed(_sound(w)) for w in DIGIT_WORDS if len(w) >= 3 and w not in WEAK_DIGIT_WORDS)
_GLUED_GAP = 3  # the glued word must come right before the digits: at most a space and a comma between


def glued_trigger(before: str) -> tuple[RedactionType, int | None] | None:
    """The short code's kind whose trigger is glued into the last word of `before`, when the digits
    follow it at once, and where that word starts if it holds a digit too."""
    words = list(WORD.finditer(before[-_NEAR_WINDOW:]))
    if not words or len(before[-_NEAR_WINDOW:]) - words[-1].end() > _GLUED_GAP:
        return None
    key = _unstressed(_sound(words[-1].group()))
    for kind in _GLUED_KINDS:
        for trigger in map(_unstressed, _NEAR_SOUNDS[kind]):
            if len(key) <= len(trigger):
                continue
            glued_after_owner = key.endswith(trigger) and key[: -len(trigger)] in _GLUED_OWNERS
            rest = key[len(trigger) :]
            glued_to_digit = (
                key.startswith(trigger)
                and len(rest) >= 3
                and any(Levenshtein.distance(rest, digit, score_cutoff=1) <= 1 for digit in _DIGIT_SOUNDS)
            )
            if glued_to_digit:
                return kind, len(before) - len(before[-_NEAR_WINDOW:]) + words[-1].start()
            if glued_after_owner:
                return kind, None
    return None


# "My P.I. is", "I changed my D.I.": Whisper writes an English "PIN" it half heard as an initialism, its
# first letter voiced or not, the "n" lost; after "my", "your", "the", "new" or "old" (not "Dr. T.I. Smith")
_PIN_AS_INITIALS = re.compile(r"\b(?:my|your|the|new|old)\s+[pbtd]\.\s?i\.(?:\s?n\.?)?(?!\w)")


def near_triggers(before: str) -> list[RedactionType]:
    """The kinds whose trigger word, changed by the recogniser, comes right before a run (closest first)."""
    tail = before[-_NEAR_WINDOW:]
    hits: list[tuple[int, RedactionType]] = [(m.end(), "PIN") for m in _PIN_AS_INITIALS.finditer(tail)]
    for match in WORD.finditer(tail):
        right_before = len(tail) - match.end() <= _GLUED_GAP
        for kind, sounds in _NEAR_SOUNDS.items():
            if _sounds_like(match.group(), sounds, right_before):
                hits.append((match.end(), kind))
    glued = glued_trigger(before)
    if glued is not None:
        hits.append((len(tail), glued[0]))
    return [kind for _, kind in sorted(hits, reverse=True)]


def triggered(kind: RedactionType, before: str, context: str) -> bool:
    return bool(TRIGGERS[kind].search(before) or TRIGGERS[kind].search(context)) or kind in near_triggers(before)


def nearest_triggered(kinds: Collection[RedactionType], before: str, context: str) -> list[RedactionType]:
    """The trigger types present, the one said closest before the run first (then the agent's question)."""
    here: list[tuple[int, RedactionType]] = []
    earlier: list[tuple[int, RedactionType]] = []
    for kind in kinds:
        hits = list(TRIGGERS[kind].finditer(before))
        if hits:
            here.append((hits[-1].end(), kind))
            continue
        hits = list(TRIGGERS[kind].finditer(context))
        if hits:
            earlier.append((hits[-1].end(), kind))
    return [k for _, k in sorted(here, reverse=True)] + [k for _, k in sorted(earlier, reverse=True)]


# "I set it to 9372", "поставил 4821", "сменил на 1357": a short number that someone set, entered or
# changed, in a turn (or right after one) about a PIN, an ATM, a code or a password, is the code even
# when the recogniser garbled its name past any trigger ("T9N is wrong, I said it 9372")
_CODE_TOPIC = re.compile(
    # the PIN said as its letters and heard as words ("your new PI and", "P.I. in")
    r"\bпин|\bpin\b|\bt[- ]?(?:9|nine)[- ]?(?:n|en|end|in)\b|"
    r"\bp\.?[- ]?i\.?[- ](?:n|en|and|in)\b|банкомат|\batm\b|парол|password|passcode|\bкод\w*|\bcode|"
    # a code's name garbled past any list ("I changed my D.I. and yesterday, I said it to 2608"): what
    # a wrong code does to the caller still says it was one
    r"\block(?:ed|s)?\s+(?:me\s+|him\s+|her\s+|us\s+|it\s+)?out|\block-?out|\bblocked\b|"
    r"\b(?:wrong|failed|too many|three|3)\s+(?:attempts|tries)|заблокир\w*|блокир\w*|попыт\w*"
)
_CODE_SET = re.compile(
    # "I'd like it to be 9901", "make it 4820": a new code chosen
    r"(?:\b(?:like|want|wish|need)\s+(?:it|that|this|mine)\s+to\s+be|\bmake\s+it|\bпусть\s+будет|"
    r"\b(?:set|reset|chang(?:e|ed)|enter(?:ed)?|typ(?:e|ed)|put|punched|keyed|tried|said\s+it)"
    r"(?:\s+(?:it|in|that|the|my|a|new|code|pin|one|this))*(?:\s+(?:to|as))?|"
    r"\b(?:постав|вв[её]л|ввод|введ|вбил|вбива|набр|набира|смени|сменя|поменя|установ|измени)\w*"
    r"(?:\s+(?:его|ее|код|пин|пинкод|новый|как|на|там))*)[\s,:\-–—]*$"
)
_CODE_SET_WINDOW = 40
# what makes such a number an amount, a time or a count: its unit right after it, or a clock's colon
UNIT_OR_TIME_AFTER = re.compile(
    r"[\s,]*(?:руб|₽|р\.|долл|евро|\$|dollar|buck|euro|cent|pound|процент|%|percent|час|мин|утра|вечера|дн|"
    r"сут|недел|месяц|раз|штук|попыт|hours?|minutes?|days?|weeks?|months?|times|attempts?|a\.?m\b|p\.?m\b)"
    r"|:\d",
    re.IGNORECASE,
)


# "I entered 2500 to withdraw", "ввёл сумму 4500 на снятие": money asked of the ATM, not its code
_MONEY_NEAR = re.compile(r"withdraw|deposit|cash|amount|balance|сумм|сня|снима|внес|внест|положи|баланс")
_MONEY_WINDOW = 25
_MONEY_WORDS = 3  # the words before the number that may name money (one fewer after: "2500 to withdraw")


def code_set_to(text: str, folded: str, context: str, start: int, end: int) -> bool:
    """The digits at text[start:end] are a code someone set or entered, in talk about a PIN or an ATM."""
    if not _CODE_SET.search(folded[max(0, start - _CODE_SET_WINDOW) : start]):
        return False
    if UNIT_OR_TIME_AFTER.match(text, end) or text[max(0, start - 1) : start] in ("$", "£", "€"):
        return False
    words_around = WORD.findall(folded[max(0, start - _MONEY_WINDOW) : start])[-_MONEY_WORDS:]
    words_around += WORD.findall(folded[end : end + _MONEY_WINDOW])[: _MONEY_WORDS - 1]
    if any(_MONEY_NEAR.match(word) for word in words_around):
        return False
    return bool(_CODE_TOPIC.search(folded) or _CODE_TOPIC.search(context))
