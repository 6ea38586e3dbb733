"""Numbers that are someone else's business, kept: a parcel's, an order's, a case's number named
before it or asked for, and alphanumeric references written as one token ("1Z999AA10123456784").
A valid phone, a Luhn-valid card or a number with a СНИЛС's or an ИНН's check digits is masked all the same.
"""

from __future__ import annotations

import re

from stdnum import luhn

from voc.redaction.checksums import inn_valid, snils_valid
from voc.redaction.contacts import phone_validity
from voc.redaction.spans import WORD

# An alphanumeric reference written as one token ("1Z999AA10123456784", "AB-123456789"): a tracking or
# order number whose digit runs are no phone or card on their own. Lowercase Cyrillic letters are a
# word's ending ("2-го", "5-й"), not a reference; a code's own name glued to it ("PIN1234") is no reference.
_REFERENCE = re.compile(r"(?<![\w-])[A-Za-zА-ЯЁ0-9]+(?:-[A-Za-zА-ЯЁ0-9]+)*(?![\w-])")
_REFERENCE_LETTERS = re.compile(r"[A-Za-zА-ЯЁ]+")
_IBAN_SHAPE = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")  # an account, not a reference
_NOT_REFERENCE_LETTERS = {"pin", "cvv", "cvc", "sms", "ssn", "инн", "снилс", "пин", "смс", "card", "tel", "phone"}
_OTHER_NUMBER_WORDS = (
    r"трек|посылк|накладн|заказ|договор|обращени|заявк|поручени|тикет|квитанц|отправлени|претензи|инцидент|брон(?:[иья]|\b)|"
    # an insurance policy's number ("Полис ОСАГО ХХХ 0451227783") is a contract's, as a loan's is
    r"полис|"
    # an insurance claim's number ("номер убытка 1234-55")
    r"убыт(?:ок|ка|ку)|"
    # a flight's, a certificate's number ("рейс SU 1402", "справка номер 2211-08")
    r"\bрейс|справк|\bflight|"
    # a meter's reading ("показания счётчика: день 12 148, ночь 5 107")
    r"показани|сч[её]тчик|\bmeter\b|"
    r"tracking|order|reference|\bref\b|ticket|invoice|booking|reservation|claim|incident|\bpolicy\b|"
    r"\bcase(?= *(?:number|no\b|#|id\b|\d|$))|confirmation number"
)
OTHER_NUMBER = re.compile(_OTHER_NUMBER_WORDS)
# "Для договора нужен ваш ИНН", "for the booking I need your number": a contract or an order named as what
# the data is for, not as the number asked for or given
_FOR_THE_OTHER = re.compile(r"(?:\bдля|\bfor(?: (?:the|your|this|that|a|an))?)\s+$")


def names_other_number(text: str) -> bool:
    """An order, a parcel, a contract... is named in `text`, other than as what something is for."""
    return any(not _FOR_THE_OTHER.search(text[max(0, m.start() - 20) : m.start()]) for m in OTHER_NUMBER.finditer(text))


# A number named right before it as a parcel, order, case... number ("Трек 80 0012 3456789", "case number
# 2029-118", "номер заказа: ...") is no personal data, whatever the question was: the name, then at
# most 25 characters of the same sentence with no word about a card, a phone, a code or a document, or
# the end of the sentence the name ends ("Номер брони. 4-7-1-2-0-3": the recogniser's full stop).
_NAMED_OTHER = re.compile(r"(?:" + _OTHER_NUMBER_WORDS + r")\w*(?P<gap>[^.!?]{0,25}|[.:]\s*)$")
_NAMING_WORDS = 2
PERSONAL_WORDS = re.compile(
    r"карт|card|телефон|мобильн|сотов|phone|cell|mobile|паспорт|passport|снилс|инн\b|сч[её]т\b|account|"
    r"пин|\bpin\b|смс|sms|код\b|code|cvv|cvc|social|ssn"
)
# A question that asks for the number of something else ("Номер посылки с картой скажите", "tracking
# number?") and not for the card's number
ASKS_OTHER_NUMBER = re.compile(
    r"номер\w*\s+(?:\w+\s+)?(?:"
    + _OTHER_NUMBER_WORDS
    + r")|(?:"
    + _OTHER_NUMBER_WORDS
    + r")[\w-]*\s*(?:номер|number|no\b|#|id\b)"
)
# A long number named as something else right before it ("трек-номер посылки 80082345123456",
# "order number ...") is not a card, unless a card is named too.
NOT_A_CARD = re.compile(r"(?:" + _OTHER_NUMBER_WORDS + r")[^.!?]{0,25}$")


def reference_spans(text: str) -> list[tuple[int, int]]:
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


def looks_personal(digits: str, language: str) -> bool:
    """A valid phone number, a card number with a valid Luhn digit, or 10-12 digits with a СНИЛС's or an
    ИНН's check digits: personal data even right after a parcel, an order or a contract is named or
    asked for (the customer gives a phone to find it by; a recogniser's "договор организации" was
    "ИНН организации")."""
    return (
        phone_validity(digits, language, False)[1]
        or (15 <= len(digits) <= 19 and luhn.is_valid(digits))
        or (len(digits) in (10, 12) and inn_valid(digits))
        or (len(digits) == 11 and not digits.startswith("00") and snils_valid(digits))
    )


# a branch's number right after the word ("доставка в отделение 8605", "branch 1142") names a place, not
# a person ("из отделения: номер 6182..." names no branch number)
_BRANCH_RIGHT_BEFORE = re.compile(r"(?:отделени\w*|филиал\w*|\bbranch)\s*(?:№|#|no\.)?\s*$")


def named_other_number(before: str) -> bool:
    """The words right before a number name it as a parcel's, an order's, a case's... number ("трек",
    "номер заказа", "case number"), with no word about personal data between ("заказ, карта ..."), or a
    branch's number right after the word."""
    if _BRANCH_RIGHT_BEFORE.search(before):
        return True
    match = _NAMED_OTHER.search(before)
    if match is None:
        return False
    gap = match.group("gap")
    # the rest of the naming word, then at most two words ("number is", "моего заказа") and no other
    # number: "заказ 12345, 8 925 ..." and "обращение по поводу списания, 8 925 ..." name no phone
    words_between = WORD.findall(re.sub(r"^\w+", "", gap))
    return len(words_between) <= _NAMING_WORDS and not re.search(r"\d", gap) and not PERSONAL_WORDS.search(gap)


# "Полис ХХ 0451 2277", "договор № АБ-1234567", "policy KL 558 201": a policy's, a contract's or an
# application's number after its name and its series of capital letters is theirs, not the caller's
# (a passport's series is digits, and "паспорт" is not among these names)
_SERIES_NAMED = re.compile(
    r"(?i:полис|договор|контракт|заявк|policy|contract|application)\w*"
    r"(?i:\s+(?:номер|number|no\.?|№|серия|series|#|is|это|будет))*\s*[,:№#]?\s*"
    r"[A-ZА-ЯЁ]{1,4}\s*[-–]?\s*$"
)


def named_with_series(before: str) -> bool:
    """The original words right before a number are a policy's or a contract's name and its series of
    capital letters ("Полис ХХ ", "contract AB-")."""
    return _SERIES_NAMED.search(before) is not None
