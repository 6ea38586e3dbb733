"""Find personal data in one turn's text: card numbers, CVV, expiry, PIN and SMS codes, passports,
СНИЛС, ИНН, account numbers, phones, e-mail addresses, SSN.

Numbers are read once by the ITN (voc/text/itn.py): "четыре два семь шесть ..." and "4276 3800 ..."
both become digit items with their character span in the text. Items separated only by spaces and
punctuation join into one run ("сорок два семьдесят шесть, тридцать восемь ноль ноль" is one run of
eight digits). A run is classified by its length and by the trigger words before it (in the same
turn, or in the previous turn: the agent's question). Checksums (Luhn, mod-101, stdnum) only label
what was found; they never decide it, because a recogniser's one wrong digit breaks them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from rapidfuzz.distance import Levenshtein
from stdnum import luhn
from stdnum.ru import inn as ru_inn

from voc.schemas import RedactionType
from voc.text.itn import display_text

# ITN rewrites whose value is a plain digit string someone dictated; dates, amounts, times,
# percents and years are the facts tasks need and never become personal data here.
_DIGIT_KINDS = {"number", "digits", "card", "phone"}
_JOIN = re.compile(r"[\s,.\-–—/()\u00a0]*")
_DIGITS = re.compile(r"\d+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# "ivan.petrov собака mail точка ru", "анна собака яндекс точка ру", "john dot smith at example dot com"
# an address's name spelled letter by letter ("m, k, o, w, a, l, s, k, i at gmail dot com")
_SPELLED_LETTERS = r"(?<![\w'’])[a-zа-яё0-9](?:(?:\s*,\s*|\s+|-)[a-zа-яё0-9](?![\w'’]))+"
# number words said inside an address's name ("анна точка кузнецова восемьдесят пять собака ...")
_NUMBER_WORDS = (
    r"(?:\s+(?:ноль|один|два|три|четыре|пять|шесть|семь|восемь|девять|десять|\w+надцать|двадцать|тридцать|"
    r"сорок|пятьдесят|шестьдесят|семьдесят|восемьдесят|девяносто|сто|zero|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|\d+))*"
)
_SPOKEN_EMAIL = re.compile(
    r"(?:"
    + _SPELLED_LETTERS
    + r"|\b[a-z0-9][a-z0-9._-]*)(?:\s+(?:dot|точка)\s+[a-z0-9_-]+)*"
    + _NUMBER_WORDS
    + r"\s+at\s+[a-z0-9-]+(?:\s+dot\s+[a-z]{2,6})+\b"
    r"|(?:"
    + _SPELLED_LETTERS
    + r"|(?<![\w.])[\wа-яё][\wа-яё.-]*)(?:\s+точка\s+[\wа-яё-]+)*"
    + _NUMBER_WORDS
    + r"\s+собака\s+[\wа-яё-]+(?:\s+точка\s+[\wа-яё]{2,6})+",
    re.IGNORECASE,
)
_SSN_PATTERN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
DIGIT_WORDS = {
    **dict.fromkeys(("ноль", "нуль"), "0"), **dict.fromkeys(("один", "одна", "раз"), "1"),
    **dict.fromkeys(("два", "две"), "2"), "три": "3", "четыре": "4", "пять": "5", "шесть": "6", "семь": "7",
    "восемь": "8", "девять": "9", **dict.fromkeys(("zero", "oh"), "0"), "one": "1", "two": "2", "three": "3",
    "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
_DIGIT_WORD = re.compile(r"(?<![\w])(?:" + "|".join(DIGIT_WORDS) + r")(?![\w])", re.IGNORECASE)
# Digit words that are often no digit ("ещё раз", "oh", "one of them"): they join a run only beside another digit word
_WEAK_DIGIT_WORDS = {"раз", "одна", "oh", "one"}
# A dictation the recogniser wrote as ordinals: "2-й 2-й 5-й 6-й", "второй пятый шестой"
_ORDINAL = re.compile(
    r"(?<![\w-])(?:(?P<digit>\d)-?(?:й|я|е|ой|ый|ий|ая|ое|го)"
    r"|(?P<word>нулев|перв|втор|трет|четв[её]рт|пят|шест|седьм|восьм|девят)(?:ой|ый|ий|ая|ья|ое|ье))(?![\w])",
    re.IGNORECASE,
)
_ORDINAL_WORD_DIGIT = {
    "нулев": "0", "перв": "1", "втор": "2", "трет": "3", "четвёрт": "4", "четверт": "4", "пят": "5", "шест": "6",
    "седьм": "7", "восьм": "8", "девят": "9",
}  # fmt: skip
_CARD_TAIL_WINDOW = 25
_STRAGGLER_KINDS = {"CARD_NUMBER", "PHONE", "DICTATED_NUMBER", "ACCOUNT_NUMBER", "SNILS", "INN", "PASSPORT", "SSN"}
# "позвоните на [PHONE] в 15 часов", "2 раза": words that link a number to something else, units after it
_LINKING_WORDS = {
    "в",
    "во",
    "на",
    "до",
    "и",
    "или",
    "по",
    "с",
    "за",
    "через",
    "at",
    "in",
    "on",
    "to",
    "and",
    "or",
    "by",
    "for",
}
_UNIT_AFTER = re.compile(
    r"[\s,.]*(?:час|мин|сек|числ|руб|₽|\$|%|лет|год|дн|раз|шт|недел|месяц|hour|min|sec|dollar|year|day|time|week|month)"
)
# Amounts are never a card piece, a code or a dictated number. The ITN reads "тридцать тысяч рублей" and
# "three hundred dollars and ninety nine cents" as amounts already; what it leaves as plain numbers are
# sums said with a thousand/million word and no currency ("сняли тридцать тысяч", "остаток три миллиона
# двести тысяч") and sums the recogniser wrote in digits with a currency sign ("$349.99", "€45,50").
_MAGNITUDE = re.compile(r"тысяч|миллион|миллиард|полтор|thousand|million|billion|grand\b", re.IGNORECASE)
# the number ends with its thousand/million word: a round sum ("тридцать тысяч"), not a dictated group
# ("четыре тысячи двести семьдесят шесть" for 4276, which some people say)
_ENDS_WITH_MAGNITUDE = re.compile(r"(?:тысяч|миллион|миллиард|thousand|million|billion|grand)\w*\W*$", re.IGNORECASE)
_MONEY_BEFORE = re.compile(
    r"(?:сняли|сняла|снял|списа|перев[её]л|перевела|перевели|заплати|оплати|плат[её]ж|сумм|остат|баланс|"
    r"стоим|стоит|цен[аеуы]|долг|задолж|кредит|ипотек|займ|заём|возврат|верн|"
    r"charg|paid|pay|cost|balance|amount|owe|refund|withdr|took|spent|price|bill|loan|debt)[^.!?]{0,30}$"
)
_CURRENCY_AFTER = re.compile(
    r"\s*(?:руб|₽|р\.|коп|доллар|бакс|евро|€|\$|£|usd|eur|rub|dollar|buck|cent|euro|pound|quid)", re.IGNORECASE
)
# a number the recogniser wrote with a currency sign before it ("$349.99", "$1,299.00", "€45,50")
_SIGNED_AMOUNT = re.compile(
    r"[$€£₽]\s?\d{1,3}(?:[,\u00a0 ]\d{3})+(?:[.,]\d{1,2})?(?!\d)|[$€£₽]\s?\d+(?:[.,]\d{1,2})?(?!\d)"
)
# ...or a currency word after it ("349.99 USD", "30 000 руб"), the last number before the word only
_AMOUNT_BEFORE_CURRENCY = re.compile(
    r"(?<![\d.,])(?:\d{1,3}(?:[\u00a0 ]\d{3})+|\d+)(?:[.,]\d{1,2})?(?=\s*(?:руб|₽|р\.|коп|доллар|евро|€|usd|eur|rub\b|"
    r"dollar|buck|cent|euro|pound))",
    re.IGNORECASE,
)
_DICTATION_AFTER = re.compile(
    r"[\s,.\-–—]*(?:\d|" + "|".join(DIGIT_WORDS) + r"|\w+(?:дцать|десят|сто|ста|сот))", re.IGNORECASE
)
_STRAGGLER_GAP = 14  # characters: a separator and one word of the recogniser's making
_ORDINAL_DICTATION = 4  # this many one-digit ordinals in a row (not "1-й, 2-й, 3-й, 4-й") are a dictated number

TRIGGERS: dict[RedactionType, re.Pattern[str]] = {
    "CVV": re.compile(
        r"\bcvv2?\b|\bcvc2?\b|сиви|св[иі] ?в[иі]|на оборот|обратной сторон|тр[её]хзначн|три цифры|"
        r"код безопасности|security code|three digits|back of the card|"
        # "the code on the back", "код с обратной стороны", "цифры сзади на карте"
        r"(?:code|digits|number)\w* on the back|on the back of (?:the|my|your) card|(?:3|three)[- ]digit|"
        r"security number|card verification|с обратной сторон|на задней сторон|с задней сторон|"
        r"(?:цифр\w*|код\w*) сзади|сзади на карт|проверочн\w* код|код проверки"
    ),
    "CARD_EXPIRY": re.compile(
        r"срок[аи]? действия|действует до|действительна до|годна до|expir|valid (?:thru|through|until)|exp date"
    ),
    "PIN": re.compile(r"\bпин|\bpin\b"),
    "SMS_CODE": re.compile(
        r"смс|sms|эсэмэс|код подтвержд|одноразов|сообщени\w* с код|код из сообщени|\bс кодом|пуш|"
        r"one[- ]time|verification code|confirmation code|text(?:ed)? (?:you|me) a code"
    ),
    "PASSPORT": re.compile(r"паспорт|\bсери[яюи]\b|passport"),
    # "номер снился": the recogniser's usual spelling of СНИЛС
    "SNILS": re.compile(r"сн[иы]лс|\bснил|страхов\w* номер"),
    "INN": re.compile(r"\bинн\b|налогоплательщик"),
    "ACCOUNT_NUMBER": re.compile(r"сч[её]т|account"),
    # "my social is ...": how American callers name it
    "SSN": re.compile(r"social security|\bssn\b|\bmy social\b|\bsocial(?:'s)? (?:is|number)\b"),
    "CARD_NUMBER": re.compile(r"карт|card"),
    "PHONE": re.compile(r"телефон|номер|позвон|мобильн|сотов|phone|number|call|reach|\bcell\b|mobile"),
}
# The short codes a trigger introduces, with the lengths they may have.
_SHORT: dict[RedactionType, tuple[int, int]] = {
    "CVV": (3, 4),
    "CARD_EXPIRY": (4, 6),
    "PIN": (4, 6),
    "SMS_CODE": (4, 8),
}
_WINDOW = 80  # characters before a run in which a trigger counts
# The last four digits of a card identify it without disclosing it (PCI DSS lets them be shown)
_LAST_FOUR = re.compile(
    r"последн\w*(?: (?:четыр\w*|4))? цифр|последн\w* (?:четыр\w*|4)\b|оканчива\w*(?: на)?|заканчива\w*(?: на)?|"
    r"с окончанием(?: на)?|окончание\b|на конце|\bending(?: (?:in|with))?|\bends? (?:in|with)|last (?:four |4 )?digits|"
    r"last (?:four|4)"
)
# "Последние семь девять семь восемь", "last 7767": the word "последние" right before four digits
_LAST_RIGHT_BEFORE = re.compile(r"(?:последн\w*|\blast)[\s,:\-–—]*$")
# "Последние четыре — семь девять семь восемь": the ITN joins "четыре" to the digits after it
_FOUR_WORD = re.compile(r"(?:четыре|four|4)\b", re.IGNORECASE)
# An alphanumeric reference written as one token ("1Z999AA10123456784", "AB-123456789"): a tracking or
# order number whose digit runs are no phone or card on their own. Lowercase Cyrillic letters are a
# word's ending ("2-го", "5-й"), not a reference; a code's own name glued to it ("PIN1234") is no reference.
_REFERENCE = re.compile(r"(?<![\w-])[A-Za-zА-ЯЁ0-9]+(?:-[A-Za-zА-ЯЁ0-9]+)*(?![\w-])")
_REFERENCE_LETTERS = re.compile(r"[A-Za-zА-ЯЁ]+")
_IBAN_SHAPE = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")  # an account, not a reference
_NOT_REFERENCE_LETTERS = {"pin", "cvv", "cvc", "sms", "ssn", "инн", "снилс", "пин", "смс", "card", "tel", "phone"}
# Words between two pieces of one number that correct it ("тридцать семнадцать, ой, нет, тридцать
# шестнадцать", "412-68-3391, sorry, 412-68-3319") or fill a pause ("... так ...")
_CORRECTION_WORDS = {
    "ой", "нет", "не", "извините", "простите", "прошу", "прощения", "подождите", "погодите", "секунду", "ошибся",
    "ошиблась", "точнее", "то", "есть", "вернее", "sorry", "no", "wait", "oops", "i", "mean", "actually", "rather",
}  # fmt: skip
# ... or carry on ("2202 2011 — это начало, остальное 2233 4457", "then the rest is")
_FILLER_WORDS = {
    "так", "ну", "э", "эм", "сейчас", "дальше", "это", "начало", "остальное", "потом", "продолжаю", "so", "okay",
    "ok", "uh", "um", "er", "next", "then", "the", "rest", "is",
}  # fmt: skip
# "a card ending 5521, the first digits 220070": the first digits of a card named as such, 6 or more of
# them, are a piece of its number (its last four alone may be shown)
_FIRST_DIGITS = re.compile(
    r"(?:перв\w*(?: (?:шест\w*|6|четыр\w*|4))? цифр\w*|начина\w*(?: с| на)?|"
    r"first (?:six |6 |four |4 )?digits|starts? with|begins? with|beginning with)[\s,:\-–—]*(?:is |are |—)?[\s]*$"
)
_FIRST_DIGITS_MIN = 6
# Words that close a number with its check digits said apart ("..., и контрольное... восемьдесят пять")
_CHECK_DIGIT_WORDS = re.compile(r"контрольн\w*|check")
_CHECK_DIGITS_MAX = 2
_CHECK_GAP_WORDS = {"и", "and", "число", "цифры", "цифра", "digits", "digit", "the", "are", "is"}
# Words that replace the end of a number just said ("Actually, make that 0174", "точнее, ноль один семь четыре")
_TAIL_CORRECTION_WORDS = {"make", "that", "it", "s", "change", "to", "последние", "last", "на", "конце"}
_CORRECTED_TAIL_DIGITS = (2, 6)
_CLAUSE_END = re.compile(r"\s*(?:[.!?,;…]|$)")
_PIECES_GAP = 40  # characters: at most this much between two pieces joined into one span
_PLUS_WORD = re.compile(r"(?:плюс|plus)[\s,]*$", re.IGNORECASE)
_CARD_PIECE_WINDOW = 40  # a card named this close before 4-12 digits: they are a piece of its number
# What a question asks for, when the answer is only numbers ("Срок действия карты?" -> "ноль девять
# двадцать семь"): the specific kinds first (a CVV question names the card too), then the card; a
# phone only when a phone is named ("номер" alone is too common), an account only as "номер счёта".
_ASKED_ORDER: tuple[RedactionType, ...] = (
    "CVV", "CARD_EXPIRY", "PIN", "SMS_CODE", "PASSPORT", "SNILS", "INN", "SSN", "ACCOUNT_NUMBER", "PHONE", "EMAIL",
)  # fmt: skip
_ASKED = {
    **TRIGGERS,
    "EMAIL": re.compile(r"почт[аыуе]|e-?mail|и?[эе]?мейл|email address"),
    "PHONE": re.compile(r"телефон|мобильн|phone"),
    "ACCOUNT_NUMBER": re.compile(r"номер\w* сч[её]т|расч[её]тн\w* сч[её]т|лицев\w* сч[её]т|account number"),
}
# A reply is a bare answer when, besides its numbers, it says no more than this many words
# ("да, записывайте: ...", "секунду ... три пять семь").
_BARE_ANSWER_WORDS = 6
_DICTATED_DIGITS = 6  # a bare reply with this many digits, whatever was asked, is someone's number
_PURE_DICTATION_WORDS = 2  # "Принус 7,925,122,325": the number and a word or two the recogniser made up
_DATE_SHAPE = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}")
# A request to dictate something, which survives the recogniser's garbling of what was asked for
# ("назовите мою каже" for "назовите номер карты"): the bare answer to it is someone's number.
_DICTATE_REQUEST = re.compile(
    r"назов\w*|продикту\w*|\bдикту\w*|повтор\w*|подскаж\w*|скажите|\bread\b|tell me|give me|what(?: i|')s your"
    r"|can i (?:have|get)|may i (?:have|get)"
)
# Digits the recogniser wrote as digits, joined by any separator: "8.03.04.2021.03.06.06.00" is a phone
# read out, not a date, whatever the ITN made of it. Longer than any date, time or amount it is
# someone's number.
_RAW_DIGIT_STREAM = re.compile(r"\d(?:[\s,.\-/:()\u00a0]*\d)*")
_STREAM_DIGITS = 11
# A reply of nothing but this many digits (",1,2,9.") is a code or an expiry, whatever was asked
_CODE_DIGITS = 3
_ROUND = re.compile(r"[1-9]0+")
_SHORT_QUESTION_WORDS = 4
_YOUR = re.compile(r"\b(?:your|ваш\w*|тво\w+)\b")
# A question whose numeric answer is a quantity, a price, a time or a date, not a code
_QUANTITY_QUESTION = re.compile(
    r"сколько|сумм|стоимост|цена|врем|когда|числ|дат[аеуы]|"
    r"how (?:much|many|long|old)|time|when|date|price|amount|day"
)
_UNTRIGGERED_DIGITS = 7  # a dictated run this long that nothing else claims is someone's number (a local phone has 7)
_OTHER_NUMBER_WORDS = (
    r"трек|посылк|накладн|заказ|договор|обращени|заявк|тикет|квитанц|отправлени|претензи|инцидент|брон[иья]|"
    r"tracking|order|reference|\bref\b|ticket|invoice|booking|reservation|claim|incident|"
    r"\bcase(?= *(?:number|no\b|#|id\b|\d|$))|confirmation number"
)
_OTHER_NUMBER = re.compile(_OTHER_NUMBER_WORDS)
# A number named right before it as a parcel, order, case... number ("Трек 80 0012 3456789", "case number
# 2029-118", "номер заказа: ...") is no personal data, whatever the question was: the name, then at
# most 25 characters of the same sentence with no word about a card, a phone, a code or a document.
_NAMED_OTHER = re.compile(r"(?:" + _OTHER_NUMBER_WORDS + r")(?P<gap>[^.!?]{0,25})$")
_NAMING_WORDS = 2
_PERSONAL_WORDS = re.compile(
    r"карт|card|телефон|мобильн|сотов|phone|cell|mobile|паспорт|passport|снилс|инн\b|сч[её]т\b|account|"
    r"пин|\bpin\b|смс|sms|код\b|code|cvv|cvc|social|ssn"
)
# A question that asks for the number of something else ("Номер посылки с картой скажите", "tracking
# number?") and not for the card's number
_ASKS_OTHER_NUMBER = re.compile(
    r"номер\w*\s+(?:\w+\s+)?(?:"
    + _OTHER_NUMBER_WORDS
    + r")|(?:"
    + _OTHER_NUMBER_WORDS
    + r")[\w-]*\s*(?:номер|number|no\b|#|id\b)"
)
# "До какого месяца и года действует карта?", "How long is the card valid?": the expiry asked for in
# other words than "срок действия"; a card must be named ("до какого числа действует акция?" is no card)
_VALIDITY_QUESTION = re.compile(
    r"(?:до како\w*|до когда|сколько(?: ещ[её])?|how long|until when|till when|through when)[^.!?]{0,40}"
    r"(?:действ|годн|valid|good)|(?:действ|годн|valid|good)\w*[^.!?]{0,30}(?:до како\w*|until when|till when)"
)
_ASKS_CARD_NUMBER = re.compile(
    r"номер\w*\s+(?:\w+\s+)?карт|карт\w*\s+номер|card(?:'s)? number|number (?:on|of) (?:the|your) card"
)
_WORD = re.compile(r"[^\W\d_]+")
# An address as the recogniser writes it when it mishears the spelling ("а на точку смирного собаку,
# и я на доказточку ору"): a sentence with "собака"/"точка"/"at"/"dot" in any form, in an answer to
# a question about e-mail.
_SPELLED_ADDRESS = re.compile(r"собак|точк|@|\bat\b|\bdot\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_VALID_UNTIL_MONTH = re.compile(
    r"(?:действует|действительна|годна|срок действия[^.!?]{0,15}?)\s+(?:до|по)\s+(?:конца\s+)?"
    r"(?P<month>(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*)"
    r"|(?:valid (?:thru|through|until)|expires?(?: in| at the end of)?)\s+"
    r"(?P<month_en>january|february|march|april|may|june|july|august|september|october|november|december)"
)
_MONTH = re.compile(
    r"\b(?:январ|феврал|март|апрел|ма[йяе]\b|июн|июл|август|сентябр|октябр|ноябр|декабр|"
    r"january|february|march|april|may\b|june|july|august|september|october|november|december)\w*",
    re.IGNORECASE,
)
_YEAR_WORD = re.compile(r"\s*(?:год[аеу]?|г\.|year)\b", re.IGNORECASE)
_ADDRESS_WORDS = re.compile(r"[\w@.+-]*\w")
# A long number named as something else right before it ("трек-номер посылки 80082345123456",
# "order number ...") is not a card, unless a card is named too.
_NOT_A_CARD = re.compile(r"(?:" + _OTHER_NUMBER_WORDS + r")[^.!?]{0,25}$")


@dataclass(frozen=True)
class Found:
    type: RedactionType
    start: int  # character offsets in the turn's text
    end: int
    checksum_valid: bool | None = None


@dataclass(frozen=True)
class Run:
    """Dictated digits, joined across spaces and punctuation."""

    start: int
    end: int
    digits: str
    ordinal_digits: str = ""  # the digits said as ordinals ("2-й 5-й 6-й")


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


@lru_cache(maxsize=4096)
def digit_runs(text: str, language: str) -> tuple[Run, ...]:
    # (start, end, digits, source): "itn"/"raw" digits, a digit "word" the ITN left, an "ordinal"
    items: list[tuple[int, int, str, str]] = []
    display = display_text(text, language)
    covered: list[tuple[int, int]] = []
    for piece in display.rewrites:
        covered.append((piece.source_start, piece.source_end))
        if (
            piece.kind in _DIGIT_KINDS
            and piece.value.isdigit()
            and not _spoken_amount(text, piece.source_start, piece.source_end)
        ):
            items.append((piece.source_start, piece.source_end, piece.value, "itn"))
    for pattern in (_SIGNED_AMOUNT, _AMOUNT_BEFORE_CURRENCY):
        covered.extend(m.span() for m in pattern.finditer(text) if not any(a <= m.start() < b for a, b in covered))
    ordinals = _ordinals_in_a_row(text, covered)
    covered.extend((a, b) for a, b, _, _ in ordinals)
    items.extend(ordinals)
    for match in _DIGITS.finditer(text):
        if not any(a <= match.start() < b for a, b in covered):
            items.append((match.start(), match.end(), match.group(), "raw"))
    items.extend(_digit_words_left(text, covered))
    items.sort()
    runs = []
    for group in _joined_in_a_row(text, items):
        # a lone digit word is a word ("семь дней"); beside other digits it is one of them ("семь, 373")
        if len(group) == 1 and group[0][3] == "word":
            continue
        if all(source == "word" for *_, source in group) and all(
            text[a:b].lower() in _WEAK_DIGIT_WORDS for a, b, _, _ in group
        ):
            continue  # "ещё раз" alone, "one, one"...
        ordinal = [digits for *_, digits, source in group if source == "ordinal"]
        runs.append(Run(group[0][0], group[-1][1], "".join(i[2] for i in group), "".join(ordinal)))
    return tuple(runs)


def _spoken_amount(text: str, start: int, end: int) -> bool:
    """A number said with a thousand/million word that is a sum of money: a round one ("тридцать тысяч",
    "три миллиона двести тысяч"), one a money word comes before ("сняли четыре тысячи двести") or
    a currency word follows. A 6-digit passport number said as "сто двадцать три тысячи четыреста
    пятьдесят шесть" stays a number."""
    spoken = text[start:end]
    if not _MAGNITUDE.search(spoken):
        return False
    if _ENDS_WITH_MAGNITUDE.search(spoken) or _CURRENCY_AFTER.match(text[end : end + 12]):
        return True
    # "списали с карты четыре тысячи двести семьдесят шесть, три восемь ноль ноль ...": more digits
    # follow, so it is the first group of a dictation, not the sum
    dictation_goes_on = _DICTATION_AFTER.match(text, end) is not None
    return not dictation_goes_on and bool(_MONEY_BEFORE.search(_fold(text[max(0, start - 40) : start])))


def _ordinals_in_a_row(text: str, covered: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """One-digit ordinals said one after another ("2-й 2-й 5-й 6-й", "второй пятый"): a dictation the
    recogniser wrote as ordinals. One ordinal alone ("5-й этаж") is an ordinal."""
    found = []
    for m in _ORDINAL.finditer(text):
        if any(a <= m.start() < b for a, b in covered):
            continue
        digit = m.group("digit") or _ORDINAL_WORD_DIGIT[m.group("word").lower()]
        found.append((m.start(), m.end(), digit, "ordinal"))
    return [item for group in _joined_in_a_row(text, found) if len(group) >= 2 for item in group]


def _joined_in_a_row(text: str, items: list[tuple[int, int, str, str]]) -> list[list[tuple[int, int, str, str]]]:
    """`items` (in text order) grouped where only a separator a dictation uses (_JOIN) stands between."""
    groups: list[list[tuple[int, int, str, str]]] = []
    for item in items:
        if groups and _JOIN.fullmatch(text[groups[-1][-1][1] : item[0]]):
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def _digit_words_left(text: str, covered: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """Digit words the ITN left as words ("Четыре, восемь, один, пять": commas between single
    digits; "семь" before the "373" the ITN read)."""
    return [
        (m.start(), m.end(), DIGIT_WORDS[m.group().lower()], "word")
        for m in _DIGIT_WORD.finditer(text)
        if not any(a <= m.start() < b for a, b in covered)
    ]


def snils_valid(digits: str) -> bool:
    """СНИЛС: 9 digits and a 2-digit check; weights 9..1, sum mod 101, 100 and 101 give 00
    (checked only above 001-001-998, as the Pension Fund's rule says)."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    body, check = digits[:9], int(digits[9:])
    if int(body) <= 1001998:
        return True
    total = sum(int(d) * w for d, w in zip(body, range(9, 0, -1), strict=True))
    expected = total % 101
    if expected == 100:
        expected = 0
    return expected == check


def _inn_valid(digits: str) -> bool:
    return bool(ru_inn.is_valid(digits))


def _phone(digits: str, language: str, plus: bool) -> tuple[bool, bool]:
    """(possible, valid) as a phone number of the call's country (or international with a "+")."""
    candidates: list[str] = []
    if language == "ru":
        if len(digits) == 11 and digits[0] in "78":
            candidates.append("+7" + digits[1:])
        if len(digits) == 10 and digits[0] == "9":
            candidates.append("+7" + digits)
    else:
        if len(digits) == 10:
            candidates.append("+1" + digits)
        if len(digits) == 11 and digits[0] == "1":
            candidates.append("+" + digits)
    if plus and 8 <= len(digits) <= 15:
        candidates.append("+" + digits)
    possible = valid = False
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, None)
        except phonenumbers.NumberParseException:
            continue
        possible = possible or phonenumbers.is_possible_number(number)
        valid = valid or phonenumbers.is_valid_number(number)
    return possible, valid


# Trigger words as the recogniser may change them ("бин" for "пин", "кату" for "карту", "At heart is" for
# "my card is"): compared by sound (voicing merged, see _sound) within one edit. They count only for
# digits that follow within _NEAR_WINDOW characters, and only for short codes and card pieces of six
# digits or more (longer runs are masked without a trigger), so precision holds.
_NEAR_TRIGGERS: dict[RedactionType, tuple[str, ...]] = {
    "PIN": ("пин", "pin"),
    "CVV": ("сиви", "сививи", "cvv", "cvc"),
    "SMS_CODE": ("смс", "смску", "смски", "эсэмэс", "sms"),
    "CARD_NUMBER": ("карта", "карту", "карты", "карте", "картой", "карточка", "карточку", "card"),
    "PASSPORT": ("паспорт", "паспорта", "passport"),
    "SNILS": ("снилс", "снилса"),
}
_NEAR_WINDOW = 30
_NEAR_CARD_DIGITS = 6
_CLOSE_WINDOW = 25  # a trigger this close before a code lets a code the recogniser cut to 3 digits count
_CUT_CODE_DIGITS = 3
# The trigger words, whole ("пин", not "пинг"), after which a code cut to three digits still counts
_CUT_CODE_TRIGGERS: dict[RedactionType, re.Pattern[str]] = {
    "PIN": re.compile(r"\b(?:пин|pin)(?:[- ]?код\w*|[- ]?code)?\b"),
    "SMS_CODE": re.compile(r"\b(?:смс|sms|эсэмэс)\w*|код\w* подтвержд\w*|verification code|one[- ]time code"),
}
_WORDS = re.compile(r"[^\W\d_]+")
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


def _sounds_like(word: str, trigger_sounds: tuple[str, ...]) -> bool:
    key = _sound(word)
    for trigger in trigger_sounds:
        if min(len(key), len(trigger)) <= 3 and len(trigger) <= 3:
            if key == trigger:  # "бин" = "пин"; a three-letter trigger leaves no room for an edit ("бине")
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
_DIGIT_SOUNDS = tuple(_unstressed(_sound(w)) for w in DIGIT_WORDS if len(w) >= 3 and w not in _WEAK_DIGIT_WORDS)
_GLUED_GAP = 3  # the glued word must come right before the digits: at most a space and a comma between


def glued_trigger(before: str) -> tuple[RedactionType, int | None] | None:
    """The short code's kind whose trigger is glued into the last word of `before`, when the digits
    follow it at once, and where that word starts if it holds a digit too."""
    words = list(_WORDS.finditer(before[-_NEAR_WINDOW:]))
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


def near_triggers(before: str) -> list[RedactionType]:
    """The kinds whose trigger word, changed by the recogniser, comes right before a run (closest first)."""
    tail = before[-_NEAR_WINDOW:]
    hits: list[tuple[int, RedactionType]] = []
    for match in _WORDS.finditer(tail):
        for kind, sounds in _NEAR_SOUNDS.items():
            if _sounds_like(match.group(), sounds):
                hits.append((match.end(), kind))
    glued = glued_trigger(before)
    if glued is not None:
        hits.append((len(tail), glued[0]))
    return [kind for _, kind in sorted(hits, reverse=True)]


def _triggered(kind: RedactionType, before: str, context: str) -> bool:
    return bool(TRIGGERS[kind].search(before) or TRIGGERS[kind].search(context)) or kind in near_triggers(before)


def _nearest(kinds: Collection[RedactionType], before: str, context: str) -> list[RedactionType]:
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


def _expiry_ok(digits: str) -> bool:
    return len(digits) in (4, 6) and 1 <= int(digits[:2]) <= 12


def asked_for(question: str) -> RedactionType | None:
    """The personal data a turn asks for, if any (the nearest specific kind, else a card number)."""
    folded = _fold(question)
    if _NOT_A_CARD.search(folded[-60:]) and not TRIGGERS["CARD_NUMBER"].search(folded[-60:]):
        return None  # "номер заказа?", "трек-номер посылки?": the answer is no personal data
    if _ASKS_OTHER_NUMBER.search(folded) and not _ASKS_CARD_NUMBER.search(folded):
        return None  # "Номер посылки с картой скажите": the parcel's number, not the card's
    if _VALIDITY_QUESTION.search(folded) and TRIGGERS["CARD_NUMBER"].search(folded):
        return "CARD_EXPIRY"
    here = [(hits[-1].end(), kind) for kind in _ASKED_ORDER if (hits := list(_ASKED[kind].finditer(folded)))]
    if here:
        return max(here)[1]
    if TRIGGERS["CARD_NUMBER"].search(folded):
        return "CARD_NUMBER"
    if _DICTATE_REQUEST.search(folded) and not _OTHER_NUMBER.search(folded):
        return "DICTATED_NUMBER"
    return None


def _bare_answer(text: str, runs: Collection[Run], words: int = _BARE_ANSWER_WORDS) -> bool:
    rest = text
    for run in sorted(runs, key=lambda r: r.start, reverse=True):
        rest = rest[: run.start] + " " + rest[run.end :]
    # single letters are the recogniser's noise ("1127-I" for "eleven twenty seven"), not words said
    return len([w for w in _WORD.findall(rest) if len(w) > 1]) <= words


def classify(run: Run, text: str, folded: str, context: str, language: str) -> Found | None:
    n, digits = len(run.digits), run.digits
    before = folded[max(0, run.start - _WINDOW) : run.start]
    plus = text[max(0, run.start - 2) : run.start].strip().endswith("+")
    if n == 20:
        return Found("ACCOUNT_NUMBER", run.start, run.end)
    if n > 20:
        kind: RedactionType = "ACCOUNT_NUMBER" if _triggered("ACCOUNT_NUMBER", before, context) else "CARD_NUMBER"
        return Found(kind, run.start, run.end)
    if 13 <= n <= 19:
        if _NOT_A_CARD.search(before) and not TRIGGERS["CARD_NUMBER"].search(before[-40:]):
            return None
        return Found("CARD_NUMBER", run.start, run.end, luhn.is_valid(digits))
    if n == 11 and _triggered("SNILS", before, context) and not _phone_named_after_snils(before):
        return Found("SNILS", run.start, run.end, snils_valid(digits))
    if n in (10, 12) and _triggered("INN", before, context):
        return Found("INN", run.start, run.end, _inn_valid(digits))
    if n == 10 and _triggered("PASSPORT", before, context):
        return Found("PASSPORT", run.start, run.end)
    if (
        n == 9
        and language == "ru"
        and TRIGGERS["SNILS"].search(before)
        and _nearest(("SNILS", "PHONE"), before, "")[0] == "SNILS"
    ):
        # "СНИЛС 202 134 056, и контрольное ...": its 9 digits before the check digits said apart
        return Found("SNILS", run.start, run.end)
    ssn_shape = bool(_SSN_PATTERN.fullmatch(text[run.start : run.end]))
    if language != "ru" and n == 9 and (ssn_shape or _triggered("SSN", before, context)):
        return Found("SSN", run.start, run.end)
    if 7 <= n <= 15:
        possible, valid = _phone(digits, language, plus)
        # a written "+" before a possible number is an international phone ("+44 7700 900461")
        if valid or (possible and (plus or _triggered("PHONE", before, context))):
            start = run.start - 1 if run.start and text[run.start - 1] in "(+" else run.start
            return Found("PHONE", start, run.end)
    if n == 11 and language == "ru":
        return Found("SNILS", run.start, run.end, snils_valid(digits))  # 11 digits, no phone: what else is said
    if n == 12 and language == "ru" and _inn_valid(digits):
        return Found("INN", run.start, run.end, True)
    near = near_triggers(before)
    for kind in _nearest(_SHORT, before, context) + [k for k in near if k in _SHORT]:
        low, high = _SHORT[kind]
        # "пин 773" for "пин 7373": a code right after its trigger, which the recogniser cut short
        cut = _CUT_CODE_TRIGGERS.get(kind)
        if cut is not None and (cut.search(before[-_CLOSE_WINDOW:]) or kind in near):
            low = _CUT_CODE_DIGITS
        if low <= n <= high and (kind != "CARD_EXPIRY" or _expiry_ok(digits)):
            glued = glued_trigger(before)
            if glued is not None and glued[0] == kind and glued[1] is not None:
                # "пеннадин" holds the code's first digit: masked with it
                return Found(kind, run.start - len(before) + glued[1], run.end)
            return Found(kind, run.start, run.end)
    if (
        n >= _FIRST_DIGITS_MIN
        and _FIRST_DIGITS.search(before[-_CARD_PIECE_WINDOW:])
        and (TRIGGERS["CARD_NUMBER"].search(before) or TRIGGERS["CARD_NUMBER"].search(context))
        and not _NOT_A_CARD.search(before)
    ):
        return Found("CARD_NUMBER", run.start, run.end)  # "а первые цифры два два ноль ноль семь ноль"
    if n >= _NEAR_CARD_DIGITS and "CARD_NUMBER" in near and not _NOT_A_CARD.search(before):
        return Found("CARD_NUMBER", run.start, run.end)  # "кату 5469 38", "At heart is 378-2 82"
    # "хочу привязать карту, номер 5213 0045": a piece of a card number, the rest in another turn
    if (
        n >= 4
        and TRIGGERS["CARD_NUMBER"].search(before[-_CARD_PIECE_WINDOW:])
        and not _NOT_A_CARD.search(before)
        and not (n == 4 and _LAST_FOUR.search(before[-_CARD_PIECE_WINDOW:]))
    ):
        return Found("CARD_NUMBER", run.start, run.end)
    return None


def find_personal_data(
    text: str,
    language: str,
    context: str = "",
    types: Collection[RedactionType] | None = None,
    asked: RedactionType | None = None,
) -> tuple[list[Found], list[Run]]:
    """Personal data in `text` (the previous turn's text as `context`; `asked`: what the other party's
    last question asked for), and the digit runs left unclassified (the caller joins a card number
    read over two turns from them)."""
    lang = "ru" if language.startswith("ru") else "en"
    folded, context = _fold(text), _fold(context)
    found: list[Found] = []
    for pattern in (_EMAIL, _SPOKEN_EMAIL):
        for match in pattern.finditer(text):
            if not any(f.start <= match.start() < f.end for f in found):
                found.append(Found("EMAIL", match.start(), match.end()))
    left: list[Run] = []
    runs = [r for r in digit_runs(text, lang) if not any(f.start <= r.start < f.end for f in found)]
    # a parcel's, an order's or a case's number, named as such, and the last four digits of a card
    # (named before them, or asked for: "последние четыре цифры карты?") are said to be kept
    last_four_asked = asked == "CARD_NUMBER" and bool(_LAST_FOUR.search(context))
    # "Продиктуйте номер отправления" - "девяносто ноль ноль один ...": the answer names no personal data
    other_asked = asked is None and bool(_ASKS_OTHER_NUMBER.search(context)) and not _ASKS_CARD_NUMBER.search(context)
    kept = [
        r
        for r in runs
        if not _looks_personal(r.digits, lang)
        and (
            named_other_number(folded[max(0, r.start - _WINDOW) : r.start])
            or (other_asked and not _PERSONAL_WORDS.search(folded[: r.start]))
            or (len(r.digits) == 4 and (last_four_asked or _last_four_named(folded[: r.start])))
            or _last_four_right_after_the_word(r, text, folded)
        )
    ]
    # the digits of an alphanumeric reference ("1Z999AA10123456784") are part of it, never a number alone
    references = _references(text)
    kept += [r for r in runs if r not in kept and any(a <= r.start and r.end <= b for a, b in references)]
    runs = [r for r in runs if r not in kept]
    i = 0
    while i < len(runs):
        run = runs[i]
        before = folded[max(0, run.start - _WINDOW) : run.start]
        # "серия сорок пять ноль восемь, номер сто двадцать три четыреста пятьдесят шесть"
        if (
            len(run.digits) == 4
            and i + 1 < len(runs)
            and len(runs[i + 1].digits) == 6
            and runs[i + 1].start - run.end <= 30
            and _triggered("PASSPORT", before, context)
        ):
            found.append(Found("PASSPORT", run.start, runs[i + 1].end))
            i += 2
            continue
        hit = classify(run, text, folded, context, lang)
        if hit is not None:
            found.append(hit)
        else:
            left.append(run)
        i += 1
    # "четыре два семь шесть... нет, четыре два семь семь ...": the pieces of a card number said
    # before a correction, in a turn that holds a card number, are masked with it
    # (and the tail right after it: "378282246. That's 31-0", the last digits said apart)
    cards = [f for f in found if f.type == "CARD_NUMBER"]
    if cards:
        for run in sorted(left, key=lambda r: r.start):
            if len(run.digits) >= 4 or _card_tail(run, cards):
                cards.append(Found("CARD_NUMBER", run.start, run.end))
                found.append(cards[-1])
                left.remove(run)
    # "Срок действия?" - "ноль девять двадцать семь": in a reply that is only numbers, every number of
    # two digits or more is what was asked for, however the recogniser split or garbled it
    if asked is not None and left and _bare_answer(text, runs + kept):
        # "Назовите сумму" - "Двести сорок тысяч шестьсот": a request to say something is no request for a number
        sum_said = asked == "DICTATED_NUMBER"
        for run in [r for r in left if len(r.digits) >= 2 and not (sum_said and _said_as_sum(text, r))]:
            found.append(Found(asked, run.start, run.end))
            left.remove(run)
    # A reply that is nothing but a long dictated number, to a question the recogniser garbled beyond
    # recognition ("назовительного вертифора"), is personal data all the same, unless the question
    # named an order, a parcel or a contract.
    # The same holds for a short code (3 digits or more) said with a word or two in reply to a question
    # whose words the recogniser changed past any trigger ("your health?" for "your cell?"), unless
    # the question asked how much or how many.
    bare_digits = sum(len(r.digits) for r in left if len(r.digits) >= 2)
    quantity = bool(_QUANTITY_QUESTION.search(context))
    # a question, or a short turn about "your" something ("and your health." for "and your cell?":
    # Whisper drops question marks)
    after_question = context.rstrip().endswith("?") or (
        len(context.split()) <= _SHORT_QUESTION_WORDS and bool(_YOUR.search(context))
    )
    if (
        asked is None
        and (
            (bare_digits >= _DICTATED_DIGITS and _bare_answer(text, runs, _PURE_DICTATION_WORDS))
            or (
                _dictated_code(left)
                and not quantity
                and _bare_answer(text, runs, _PURE_DICTATION_WORDS if after_question else 0)
            )
        )
        and not _OTHER_NUMBER.search(context + " " + folded)
    ):
        for run in [
            r
            for r in left
            if len(r.digits) >= 2 and not _DATE_SHAPE.fullmatch(text[r.start : r.end]) and not _said_as_sum(text, r)
        ]:
            found.append(Found("DICTATED_NUMBER", run.start, run.end))
            left.remove(run)
    # "2-й 2-й 5-й 6-й 7-й": digits dictated as ordinals, four or more, which no list of items says
    for run in [r for r in left if len(r.ordinal_digits) >= _ORDINAL_DICTATION and not _counting(r.ordinal_digits)]:
        found.append(Found("DICTATED_NUMBER", run.start, run.end))
        left.remove(run)
    # A long dictated run nothing claimed ("четыре два семь шесть три восемь ноль ноль один" to a
    # question the recogniser lost), unless it is named as an order, parcel or contract number
    asked_other = asked is None and bool(_OTHER_NUMBER.search(context))  # "номер заказа?" - "12 34 56 78"
    for run in [
        r for r in left if len(r.digits) >= _UNTRIGGERED_DIGITS and not asked_other and not _said_as_sum(text, r)
    ]:
        before = folded[max(0, run.start - _WINDOW) : run.start]
        if not _NOT_A_CARD.search(before) and not _DATE_SHAPE.fullmatch(text[run.start : run.end]):
            found.append(Found("DICTATED_NUMBER", run.start, run.end))
            left.remove(run)
    found.extend(_digit_streams(text, folded, found + [Found("DICTATED_NUMBER", a, b) for a, b in references]))
    found.extend(_stragglers(text, left, found))
    found.extend(_corrected_tails(text, left, found))
    found = _with_check_digits(text, sorted(found, key=lambda f: f.start), left)
    if asked == "CARD_EXPIRY" and not any(f.type == "CARD_EXPIRY" for f in found) and _bare_answer(text, runs):
        found.extend(_expiry_in_words(text, lang))
    found.extend(_card_valid_until_month(text, folded, lang, found))
    if asked == "EMAIL" and not any(f.type == "EMAIL" for f in found):
        found.extend(_spelled_addresses(text))
    found = _with_expiry_year(text, lang, found)
    found = _joined_pieces(text, sorted(found, key=lambda f: f.start), runs + kept)
    found = [_with_plus_word(text, f) if f.type == "PHONE" else f for f in found]
    if types is not None:
        found = [f for f in found if f.type in types]
    return sorted(found, key=lambda f: f.start), left


def _last_four_right_after_the_word(run: Run, text: str, folded: str) -> bool:
    """ "Последние семь девять семь восемь", "last 7767", and "Последние четыре — семь девять семь
    восемь", where the ITN read "четыре" as the first of five digits."""
    if _LAST_RIGHT_BEFORE.search(folded[max(0, run.start - _CARD_PIECE_WINDOW) : run.start]) is None:
        return False
    if len(run.digits) == 4:
        return True
    return len(run.digits) == 5 and run.digits[0] == "4" and bool(_FOUR_WORD.match(text, run.start))


def _references(text: str) -> list[tuple[int, int]]:
    """The spans of alphanumeric references: one token of two letters or more and digits."""
    out = []
    for match in _REFERENCE.finditer(text):
        letters = _REFERENCE_LETTERS.findall(match.group())
        if (
            any(ch.isdigit() for ch in match.group())
            and sum(map(len, letters)) >= 2
            and not any(chunk.lower() in _NOT_REFERENCE_LETTERS for chunk in letters)
            and not _IBAN_SHAPE.fullmatch(match.group())
        ):
            out.append((match.start(), match.end()))
    return out


def _joined_pieces(text: str, found: list[Found], runs: Collection[Run]) -> list[Found]:
    """Two pieces of one kind with only a correction ("ой, нет", "sorry") or a filler ("так...") between
    them are one number said in two goes: one span, so the mask and the silenced audio cover the words
    between. A DICTATED_NUMBER piece takes the other piece's kind."""
    out: list[Found] = []
    for hit in found:
        last = out[-1] if out else None
        if last is not None and 0 <= hit.start - last.end <= _PIECES_GAP and _piece_gap(text[last.end : hit.start]):
            kinds = {last.type, hit.type} - {"DICTATED_NUMBER"}
            if len(kinds) <= 1:
                kind: RedactionType = kinds.pop() if kinds else "DICTATED_NUMBER"
                checksum = last.checksum_valid if last.type == kind else hit.checksum_valid
                if kind == "CARD_NUMBER":
                    digits = "".join(r.digits for r in runs if last.start <= r.start < hit.end)
                    checksum = luhn.is_valid(digits) if 13 <= len(digits) <= 19 else hit.checksum_valid
                out[-1] = Found(kind, last.start, hit.end, checksum)
                continue
        out.append(hit)
    return out


def _piece_gap(gap: str) -> bool:
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", gap)]
    return bool(words) and all(w in _CORRECTION_WORDS or w in _FILLER_WORDS for w in words)


def _with_expiry_year(text: str, language: str, found: list[Found]) -> list[Found]:
    """ "Ноль шесть, тридцать первый" after "срок действия?": a month found as the expiry, then the year
    said as an ordinal or a number right after it (20-99, or 2000-2099), is one expiry."""
    out = []
    for hit in found:
        if hit.type == "CARD_EXPIRY":
            month = [r for r in digit_runs(text[hit.start : hit.end], language)]
            if len(month) == 1 and len(month[0].digits) == 2 and 1 <= int(month[0].digits) <= 12:
                for piece in display_text(text[hit.end : hit.end + 40], language).rewrites:
                    between = text[hit.end : hit.end + piece.source_start]
                    year = piece.value
                    if re.fullmatch(r"[\s,.\-–—/]*", between) and (
                        (len(year) == 2 and 20 <= int(year) <= 99) or (len(year) == 4 and year.startswith("20"))
                    ):
                        end = hit.end + piece.source_end
                        year_word = _YEAR_WORD.match(text, end)
                        hit = Found("CARD_EXPIRY", hit.start, year_word.end() if year_word else end)
                    break
        out.append(hit)
    return out


def _with_plus_word(text: str, hit: Found) -> Found:
    """ "Плюс семь, девять ...": the spoken "плюс" belongs to the phone number."""
    plus = _PLUS_WORD.search(text[max(0, hit.start - 12) : hit.start])
    return Found(hit.type, hit.start - len(plus.group()), hit.end, hit.checksum_valid) if plus else hit


def _looks_personal(digits: str, language: str) -> bool:
    """A valid phone number or a card number with a valid Luhn digit: personal data even right after
    a parcel or an order is named or asked for (the customer gives a phone to find it by)."""
    return _phone(digits, language, False)[1] or (15 <= len(digits) <= 19 and luhn.is_valid(digits))


def named_other_number(before: str) -> bool:
    """The words right before a number name it as a parcel's, an order's, a case's... number ("трек",
    "номер заказа", "case number"), with no word about personal data between ("заказ, карта ...")."""
    match = _NAMED_OTHER.search(before)
    if match is None:
        return False
    gap = match.group("gap")
    # the rest of the naming word, then at most two words ("number is", "моего заказа") and no other
    # number: "заказ 12345, 8 925 ..." and "обращение по поводу списания, 8 925 ..." name no phone
    words_between = _WORD.findall(re.sub(r"^\w+", "", gap))
    return len(words_between) <= _NAMING_WORDS and not re.search(r"\d", gap) and not _PERSONAL_WORDS.search(gap)


def _last_four_named(before: str) -> bool:
    """ "Card ending 0300", "последние четыре цифры 7767": the words right before four digits say they
    are the card's last four (another number between them ends it)."""
    tail = before[-_CARD_PIECE_WINDOW:]
    said = list(_LAST_FOUR.finditer(tail))
    return bool(said) and not re.search(r"\d", tail[said[-1].end() :])


def _card_tail(run: Run, cards: list[Found]) -> bool:
    """Three digits or more, not a round number, within _CARD_TAIL_WINDOW characters after a card number."""
    return (
        len(run.digits) >= _CODE_DIGITS
        and not _ROUND.fullmatch(run.digits)
        and any(0 <= run.start - card.end <= _CARD_TAIL_WINDOW for card in cards)
    )


def _stragglers(text: str, left: list[Run], found: list[Found]) -> list[Found]:
    """Digits one misheard word away from a long number ("6, 4, 6, 5, 5, 5, 2, camera, 8, 1": "seven"
    heard as "camera"; "...-им восемьезид 9"): the end of that number. Short codes are left out: the
    words after a CVV are usually something else."""
    out = []
    for run in left:
        for hit in found:
            if hit.type not in _STRAGGLER_KINDS:
                continue
            gap = text[hit.end : run.start] if hit.end <= run.start else text[run.end : hit.start]
            words = _WORD.findall(_fold(gap))
            if (
                len(run.digits) >= 2
                and len(gap) <= _STRAGGLER_GAP
                and len(words) <= 1
                and not set(words) & _LINKING_WORDS
                and not _ROUND.fullmatch(run.digits)
                and not _UNIT_AFTER.match(_fold(text[run.end : run.end + 12]))
            ):
                out.append(Found(hit.type, run.start, run.end))
                break
    return out


def _phone_named_after_snils(before: str) -> bool:
    """ "СНИЛС ..., телефон 8 999 707 00 13": the phone named after the СНИЛС is what the 11 digits are."""
    phones = list(_ASKED["PHONE"].finditer(before))
    snils = list(TRIGGERS["SNILS"].finditer(before))
    return bool(phones) and (not snils or phones[-1].start() > snils[-1].end())


def _said_as_sum(text: str, run: Run) -> bool:
    """ "Триста пятьдесят тысяч двести": a number said with a thousand or million word, which nobody
    dictating a phone, a card or a document does, is a sum. Only asked when no card, passport or
    account was asked for (those may be read as "сто двадцать три тысячи ...")."""
    return bool(_MAGNITUDE.search(text[run.start : run.end]))


def _corrected_tails(text: str, left: list[Run], found: list[Found]) -> list[Found]:
    """ "It's 212 555 0147. Actually, make that 0174", "..., точнее, ноль один семь четыре": a short
    number right after a correction that replaces the end of a number just said is part of it."""
    out = []
    for run in left:
        if not _CORRECTED_TAIL_DIGITS[0] <= len(run.digits) <= _CORRECTED_TAIL_DIGITS[1]:
            continue
        before = [f for f in found if f.type in _STRAGGLER_KINDS and 0 <= run.start - f.end <= _PIECES_GAP]
        if not before:
            continue
        hit = max(before, key=lambda f: f.end)
        words = [w.lower() for w in _WORD.findall(text[hit.end : run.start])]
        allowed = _CORRECTION_WORDS | _FILLER_WORDS | _TAIL_CORRECTION_WORDS
        ends_the_clause = _CLAUSE_END.match(text, run.end) is not None  # "нет, двадцать пять лет им пользуюсь" goes on
        if (
            words
            and ends_the_clause
            and all(w in allowed for w in words)
            and any(w in _CORRECTION_WORDS - _FILLER_WORDS for w in words)
        ):
            out.append(Found(hit.type, run.start, run.end))
    return out


def _with_check_digits(text: str, found: list[Found], left: list[Run]) -> list[Found]:
    """ "СНИЛС 202 134 056, и контрольное... сейчас... 85": the check digits said apart after a pause
    belong to the number before them (whatever they were found as alone)."""
    check_digits = [Found("DICTATED_NUMBER", r.start, r.end) for r in left if len(r.digits) <= _CHECK_DIGITS_MAX]
    out: list[Found] = []
    for hit in sorted(found + check_digits, key=lambda f: f.start):
        last = out[-1] if out else None
        gap = text[last.end : hit.start] if last is not None else ""
        words = [w.lower() for w in _WORD.findall(gap)]
        if (
            last is not None
            and last.type in ("SNILS", "INN", "ACCOUNT_NUMBER", "CARD_NUMBER", "SSN", "PASSPORT")
            and 0 <= hit.start - last.end <= _PIECES_GAP
            and _CHECK_DIGIT_WORDS.search(gap.lower())
            and all(_CHECK_DIGIT_WORDS.match(w) or w in _CHECK_GAP_WORDS or w in _FILLER_WORDS for w in words)
        ):
            out[-1] = Found(last.type, last.start, hit.end, last.checksum_valid)
            continue
        if hit not in check_digits:
            out.append(hit)
    return out


def _counting(digits: str) -> bool:
    """ "1-й, 2-й, 3-й, 4-й": items counted, each one more than the last."""
    return all(int(b) == int(a) + 1 for a, b in itertools.pairwise(digits))


def _dictated_code(left: list[Run]) -> bool:
    """Three or more digits said as a code: "357", ",1,2,9."; not a round number ("триста")."""
    digits = "".join(r.digits for r in left)
    return len(digits) >= _CODE_DIGITS and not _ROUND.fullmatch(digits)


def _digit_streams(text: str, folded: str, found: list[Found]) -> list[Found]:
    """Digits written as digits and joined by separators, too many for a date, a time or an amount
    ("8.03.04.2021.03.06.06.00"), that no other rule covered."""
    out = []
    for match in _RAW_DIGIT_STREAM.finditer(text):
        if sum(ch.isdigit() for ch in match.group()) < _STREAM_DIGITS:
            continue
        if any(f.start < match.end() and match.start() < f.end for f in found):
            continue
        if _NOT_A_CARD.search(folded[max(0, match.start() - _WINDOW) : match.start()]):
            continue
        out.append(Found("DICTATED_NUMBER", match.start(), match.end()))
    return out


def _expiry_in_words(text: str, language: str) -> list[Found]:
    """ "до марта двадцать восьмого года" in answer to "срок действия карты?": from the month to the year."""
    pieces = [(m.start(), m.end()) for m in _MONTH.finditer(text)]
    pieces += [
        (p.source_start, p.source_end) for p in display_text(text, language).rewrites if p.kind in ("date", "year")
    ]
    if not pieces:
        return []
    end = max(b for _, b in pieces)
    year_word = _YEAR_WORD.match(text, end)  # "марта двадцать восьмого года": the word "года" with it
    return [Found("CARD_EXPIRY", min(a for a, _ in pieces), year_word.end() if year_word else end)]


def _card_valid_until_month(text: str, folded: str, language: str, found: list[Found]) -> list[Found]:
    """ "Карта действует до марта двадцать восьмого года": a month and a year (no day) right after
    "действует до"/"срок действия" with a card named before it is the card's expiry. A day and month
    ("до 31 января") is a date a task may need, and stays."""
    out = []
    for match in _VALID_UNTIL_MONTH.finditer(folded):
        group = "month" if match.group("month") else "month_en"
        month_start, month_end = match.start(group), match.end(group)
        if not TRIGGERS["CARD_NUMBER"].search(folded[max(0, match.start() - 60) : month_start]):
            continue
        if any(f.start <= month_start < f.end for f in found):
            continue
        tail = _expiry_in_words(text[month_start : month_start + 40], language)
        if tail and month_start + tail[0].end > month_end:  # a year follows: "до марта 28-го года"
            out.append(Found("CARD_EXPIRY", month_start, month_start + tail[0].end))
    return out


def _spelled_addresses(text: str) -> list[Found]:
    """The sentences of an answer to "ваш адрес почты?" that spell an address, whole (their first
    word may be the address's first word)."""
    out = []
    for sentence in _SENTENCE.finditer(text):
        if _SPELLED_ADDRESS.search(sentence.group()):
            words = list(_ADDRESS_WORDS.finditer(sentence.group()))
            if words:
                out.append(Found("EMAIL", sentence.start() + words[0].start(), sentence.start() + words[-1].end()))
    return out
