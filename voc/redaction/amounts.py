"""Sums of money, which are never a card piece, a code or a dictated number: a number said with a
thousand/million word that a money word comes before or a currency word follows, and digits written
with a currency sign or word.
"""

from __future__ import annotations

import re

from voc.redaction.spans import Run, fold

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
SIGNED_AMOUNT = re.compile(
    r"[$€£₽]\s?\d{1,3}(?:[,\u00a0 ]\d{3})+(?:[.,]\d{1,2})?(?!\d)|[$€£₽]\s?\d+(?:[.,]\d{1,2})?(?!\d)"
)
# ...or a currency word after it ("349.99 USD", "30 000 руб"), the last number before the word only
AMOUNT_BEFORE_CURRENCY = re.compile(
    r"(?<![\d.,])(?:\d{1,3}(?:[\u00a0 ]\d{3})+|\d+)(?:[.,]\d{1,2})?(?=\s*(?:руб|₽|р\.|коп|доллар|евро|€|usd|eur|rub\b|"
    r"dollar|buck|cent|euro|pound))",
    re.IGNORECASE,
)


def spoken_amount(text: str, start: int, end: int, dictation_goes_on: bool) -> bool:
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
    # follow (`dictation_goes_on`), so it is the first group of a dictation, not the sum
    return not dictation_goes_on and bool(_MONEY_BEFORE.search(fold(text[max(0, start - 40) : start])))


def said_as_sum(text: str, run: Run) -> bool:
    """ "Триста пятьдесят тысяч двести": a number said with a thousand or million word, which nobody
    dictating a phone, a card or a document does, is a sum. Only asked when no card, passport or
    account was asked for (those may be read as "сто двадцать три тысячи ...")."""
    return bool(_MAGNITUDE.search(text[run.start : run.end]))


def money_named_before(before: str) -> bool:
    """A money word ("платёж", "сумма", "paid") ends `before`, at most 30 characters before its end."""
    return bool(_MONEY_BEFORE.search(fold(before)))
