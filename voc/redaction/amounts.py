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
# ("100-90-92 рублей": the recogniser's hyphens in a price, the last piece taken by the ITN with its currency)
_CURRENCY_AFTER = re.compile(
    r"(?:[-–]\d{1,3})?\s*(?:руб|₽|р\.|коп|доллар|бакс|евро|€|\$|£|usd|eur|rub|dollar|buck|cent|euro|pound|quid)",
    re.IGNORECASE,
)
# a number the recogniser wrote with a currency sign before it ("$349.99", "$1,299.00", "€45,50")
# (not "$312.5550148": the recogniser's dollar sign on a phone, whose digits go on past any cents)
SIGNED_AMOUNT = re.compile(
    r"[$€£₽]\s?\d{1,3}(?:[,\u00a0 ]\d{3})+(?:[.,]\d{1,2})?(?![.,]?\d)|[$€£₽]\s?\d+(?:[.,]\d{1,2})?(?![.,]?\d)"
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


# A count of things after a number ("40 лотов", "3 штуки", "10 shares"): a quantity, never digits of a
# dictation, so it never joins the number said before it ("поручение 88-21453, 40 лотов")
COUNT_UNIT_AFTER = re.compile(
    r"\s*(?:лот\w*|штук\w*|шт\b\.?|акци[йияю]\w*|облигаци\w*|бумаг\w*|контракт\w*|позици\w*|"
    r"lots?\b|shares?\b|units?\b|pieces?\b|items?\b|contracts?\b|bonds?\b)",
    re.IGNORECASE,
)
# a currency, a count or a period after a number ("100 000 в сутки", "990 в месяц", "5000 per day",
# "500 рублей", "3 штуки"): an amount, a limit or a quantity, never a code
_PERIOD_AFTER = re.compile(
    r"\s*(?:в|за|на|per|a|an|each)\s+(?:сутки|день|дн[яи]|недел\w*|месяц\w*|год\w*|час\w*|"
    r"day|week|month|year|hour)\b",
    re.IGNORECASE,
)
# "100 000", "1,000,000": a round number the recogniser wrote in groups of thousands
_ROUND_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:[\u00a0 ,]000)+")
_ROUND = re.compile(r"[1-9]0+")
# a money word right before a number ("с моими деньгами 49900", "остаток 12500", "my balance is 4990"):
# the last two words before it
_MONEY_RIGHT_BEFORE = re.compile(
    r"(?:деньг\w*|денег|денежк\w*|сумм\w*|остат\w*|баланс\w*|списал\w*|списан\w*|зачисл\w*|"
    r"money|balance|funds|amount|charged|debited|credited)\W+(?:(?:is|was|of|—|-|:|в|на|около|about)\W+)?$"
)
_SUM_DIGITS = 6  # a sum said after a money word is at most this long; a longer run is a card or a phone
_MORE_DIGITS_GAP = 20  # characters: the next group of a dictation, a separator or a word between


def never_a_code(text: str, run: Run) -> bool:
    """A number that is no PIN, SMS code or CVV, even near a code's name: a round number ("100 000",
    "5000"), or a number with a currency, a count or a period after it ("990 в месяц", "10 shares")."""
    if _ROUND.fullmatch(run.digits) or _ROUND_THOUSANDS.fullmatch(text, run.start, run.end):
        return True
    after = text[run.end : run.end + 20]
    return bool(_CURRENCY_AFTER.match(after) or COUNT_UNIT_AFTER.match(after) or _PERIOD_AFTER.match(after))


def money_named_right_before(text: str, run: Run, runs: list[Run]) -> bool:
    """A money word right before the number ("что с моими деньгами 49900", "balance is 4990"), which makes
    it a sum, unless more dictated digits follow within a few characters in the same sentence (the first
    group of a card read out after "списали с ...") or it is as long as a phone or a card."""
    if len(run.digits) > _SUM_DIGITS or not _MONEY_RIGHT_BEFORE.search(fold(text[max(0, run.start - 40) : run.start])):
        return False
    return not any(
        run.end < other.start <= run.end + _MORE_DIGITS_GAP and not re.search(r"[.!?]", text[run.end : other.start])
        for other in runs
    )
