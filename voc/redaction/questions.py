"""What the other party's last turn asked for, and whether a reply is a bare answer to it: the
question decides what a reply of only numbers is, however the recogniser wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from voc.redaction.cards import ASKS_CARD_NUMBER, VALIDITY_QUESTION
from voc.redaction.references import ASKS_OTHER_NUMBER, NOT_A_CARD, OTHER_NUMBER
from voc.redaction.spans import WORD, Run, fold
from voc.redaction.triggers import TRIGGERS
from voc.schemas import RedactionType

# What a question asks for, when the answer is only numbers ("Срок действия карты?" -> "ноль девять
# двадцать семь"): the specific kinds first (a CVV question names the card too), then the card; a
# phone only when a phone is named ("номер" alone is too common), an account only as "номер счёта".
_ASKED_ORDER: tuple[RedactionType, ...] = (
    "CVV", "CARD_EXPIRY", "PIN", "SMS_CODE", "PASSPORT", "SNILS", "INN", "SSN", "ACCOUNT_NUMBER", "PHONE", "EMAIL",
)  # fmt: skip
ASKED = {
    **TRIGGERS,
    "EMAIL": re.compile(r"почт[аыуе]|e-?mail|и?[эе]?мейл|email address"),
    # "по какому номеру вам перезвонить?" (the "номер" often garbled: "по какому наберу"), "the best number
    # to reach you", "where can we call you back"
    "PHONE": re.compile(
        r"телефон|мобильн|phone"
        r"|по как\w+ (?!вопрос|причин|повод)\w+ (?:\w+ ){0,2}(?:перезвон|позвонить|связат)"
        r"|куда (?:\w+ )?(?:перезвон|позвонить)"
        # "Какой номер для связи?", "контактный номер"
        r"|номер\w* (?:\w+ )?для связи|контактн\w* номер"
        # "инженер перезвонит до пятницы, на какой номер?": a number, not an order's or a card's
        r"|(?:на|по) как\w+ номер\w*(?! (?:\w+ )?(?:карт|сч[её]т|договор|заказ|заявк|полис|паспорт|обращени|посылк))"
        r"|(?:best|contact|callback|call-back) number"
        r"|number (?:to|where|we can|i can) (?:\w+ ){0,2}(?:reach|call|contact)"
    ),
    "ACCOUNT_NUMBER": re.compile(r"номер\w* сч[её]т|расч[её]тн\w* сч[её]т|лицев\w* сч[её]т|account number"),
}
# A reply is a bare answer when, besides its numbers, it says no more than this many words
# ("да, записывайте: ...", "секунду ... три пять семь").
_BARE_ANSWER_WORDS = 6
# A request to dictate something, which survives the recogniser's garbling of what was asked for
# ("назовите мою каже" for "назовите номер карты"): the bare answer to it is someone's number.
_DICTATE_REQUEST = re.compile(
    r"назов\w*|продикту\w*|\bдикту\w*|повтор\w*|подскаж\w*|скажите|\bread\b|tell me|give me|what(?: i|')s your"
    r"|can i (?:have|get)|may i (?:have|get)"
)
# "он на квитанции", "в договоре", "on the invoice": where the number asked for is printed
_PRINTED_ON = re.compile(r"(?:\bна|\bв|\bиз|\bon|\bin|\bfrom)\s+(?:the\s+|your\s+|вашей\s+|вашем\s+)?$")
# "отправил смс с кодом подтверждения заявки": the code that confirms the application, not its number
_CONFIRMING = re.compile(r"подтвержд\w*\s+$|confirm\w*\s+(?:the\s+|your\s+)?$")
# "Назовите адрес подключения": a house's and a flat's numbers, no one's secret
_ADDRESS = re.compile(r"\bадрес|\baddress|\bулиц|\bstreet")
# "Я отправил код на резервный номер из договора" ("отправил кот, но резервный номер раз договора" as
# heard): where something was sent, not what is asked
_SENT_TO_BEFORE = re.compile(
    r"(?:отправ|выслал|прислал|пришл|прид[её]т|придут|sent|texted)\w*[^.!?\d]{0,25}\b(?:на|но|to)\s+(?:\w+\s+)?$"
)
SHORT_QUESTION_WORDS = 4
YOUR = re.compile(r"\b(?:your|ваш\w*|тво\w+)\b")
# A question whose numeric answer is a quantity, a price, a time or a date, not a code
QUANTITY_QUESTION = re.compile(
    r"сколько|сумм|стоимост|цена|врем|когда|числ|дат[аеуы]|"
    r"how (?:much|many|long|old)|time|when|date|price|amount|day"
)


def _asks_other_thing(folded: str) -> bool:
    """An order, a receipt, a contract... named in a request, other than as where the number is printed
    ("продиктуйте номер лицевого счёта, он на квитанции")."""
    return any(
        not _PRINTED_ON.search(folded[max(0, m.start() - 12) : m.start()])
        and not _CONFIRMING.search(folded[max(0, m.start() - 20) : m.start()])
        for m in OTHER_NUMBER.finditer(folded)
    )


def asked_for(question: str) -> RedactionType | None:
    """The personal data a turn asks for, if any (the nearest specific kind, else a card number)."""
    folded = fold(question)
    if NOT_A_CARD.search(folded[-60:]) and not TRIGGERS["CARD_NUMBER"].search(folded[-60:]):
        return None  # "номер заказа?", "трек-номер посылки?": the answer is no personal data
    asks_other = any(
        not _SENT_TO_BEFORE.search(folded[max(0, m.start() - 30) : m.start()])
        for m in ASKS_OTHER_NUMBER.finditer(folded)
    )
    if asks_other and not ASKS_CARD_NUMBER.search(folded):
        return None  # "Номер посылки с картой скажите": the parcel's number, not the card's
    if VALIDITY_QUESTION.search(folded) and TRIGGERS["CARD_NUMBER"].search(folded):
        return "CARD_EXPIRY"
    here = [(hits[-1].end(), kind) for kind in _ASKED_ORDER if (hits := list(ASKED[kind].finditer(folded)))]
    if here:
        return max(here)[1]
    if TRIGGERS["CARD_NUMBER"].search(folded):
        return "CARD_NUMBER"
    if _DICTATE_REQUEST.search(folded) and not _asks_other_thing(folded) and not _ADDRESS.search(folded):
        return "DICTATED_NUMBER"
    return None


def bare_answer(text: str, runs: Collection[Run], words: int = _BARE_ANSWER_WORDS) -> bool:
    rest = text
    for run in sorted(runs, key=lambda r: r.start, reverse=True):
        rest = rest[: run.start] + " " + rest[run.end :]
    # single letters are the recogniser's noise ("1127-I" for "eleven twenty seven"), not words said
    return len([w for w in WORD.findall(rest) if len(w) > 1]) <= words
