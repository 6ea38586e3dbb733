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
from collections.abc import Collection, Iterator

from stdnum import luhn

from voc.redaction.amounts import money_named_before, money_named_right_before, never_a_code, said_as_sum
from voc.redaction.cards import (
    ASKS_CARD_NUMBER,
    CARD_PIECE_WINDOW,
    FIRST_DIGITS,
    FIRST_DIGITS_MIN,
    LAST_FOUR,
    LAST_FOUR_MASKED,
    card_tail,
    card_then_expiry,
    card_valid_until_month,
    expiry_in_two_numbers,
    expiry_in_words,
    expiry_month_named,
    expiry_ok,
    expiry_ordinal_month,
    expiry_word_before_stray_words,
    expiry_word_right_before,
    said_as_last_four,
    with_expiry_year,
)
from voc.redaction.checksums import inn_valid, snils_valid
from voc.redaction.contacts import (
    EMAIL_NAMED,
    WRITTEN_EMAIL,
    addresses_in_sentences,
    glued_service_addresses,
    phone_across_misheard_words,
    phone_validity,
    said_addresses,
    spelled_addresses,
    with_glued_name_parts,
    with_name_said_before_spelling,
    with_plus_word,
)
from voc.redaction.dates import date_shaped_dictation, named_year_or_date
from voc.redaction.dictation import (
    ORDINAL_DICTATION,
    RAW_DIGIT_STREAM,
    ROUND_NUMBER,
    STREAM_DIGITS,
    counting,
    dictated_code,
    dictated_one_by_one,
    digit_runs,
    numbered_item,
)
from voc.redaction.documents import SSN_PATTERN, phone_named_after_snils
from voc.redaction.pieces import (
    begun_and_dropped,
    corrected_tails,
    joined_pieces,
    new_code_after_old,
    said_again,
    second_number_begun,
    stragglers,
    taken_back_numbers,
    with_check_digits,
    without_taking_back,
)
from voc.redaction.questions import QUANTITY_QUESTION, SHORT_QUESTION_WORDS, YOUR, bare_answer
from voc.redaction.references import (
    ASKS_OTHER_NUMBER,
    NOT_A_CARD,
    OTHER_NUMBER,
    PERSONAL_WORDS,
    looks_personal,
    named_other_number,
    named_with_series,
    names_other_number,
    reference_spans,
)
from voc.redaction.regrets import priced, regretted_at_once
from voc.redaction.spans import Found, Run, fold
from voc.redaction.triggers import (
    CLOSE_WINDOW,
    CUT_CODE_DIGITS,
    CUT_CODE_TRIGGERS,
    NEAR_CARD_DIGITS,
    SHORT_CODE_LENGTHS,
    TRIGGER_WINDOW,
    TRIGGERS,
    UNIT_OR_TIME_AFTER,
    code_set_to,
    glued_trigger,
    near_triggers,
    nearest_triggered,
    triggered,
)
from voc.schemas import RedactionType

# "Всё, шестнадцать цифр", "the last four digits": a number of digits or characters, not one of them
_COUNT_OF_DIGITS = re.compile(r"[\s,]*(?:цифр|знак|символ|digits?\b|characters?\b)", re.IGNORECASE)
_COUNT_DIGITS = 2  # "шестнадцать цифр": a count of digits is short; "40-08, 515-142, цифры переставили" is a number
_DICTATED_DIGITS = 6  # a bare reply with this many digits, whatever was asked, is someone's number
_PURE_DICTATION_WORDS = 2  # "Принус 7,925,122,325": the number and a word or two the recogniser made up
_DATE_SHAPE = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}")
_ASKED_RUN_DIGITS = 4  # the shortest number a question for one may get in a long reply (a PIN, an SMS code)
# the question names a number or a code, not just "tell me"
_TWO_SAID_APART = re.compile(r"\d-\d")
_NUMBER_ASKED = re.compile(r"номер|цифр|\bкод|\bnumber|\bdigits|\bcode")
# a payment said around the number: "заплатил 4817", "paid 4817", "сумма 4817"
_MONEY_BEFORE = re.compile(r"плат|сумм|стои|цен|\bpa(?:id|y)|cost|price|charg|spent|balance|остат|баланс")
_UNTRIGGERED_DIGITS = 7  # a dictated run this long that nothing else claims is someone's number (a local phone has 7)


# A Russian account's balance prefix: a private person's (408), a company's (407), a deposit's (423),
# a bank's correspondent account (301-302)
_ACCOUNT_PREFIX = re.compile(r"40[5-8]|423|30[12]")
_ACCOUNT_SHORT_BY_ITN = 17  # digits: "восемьсот десять пять" read as 815 loses one, a slip two more


_PLUS_SAID_BEFORE = re.compile(r"(?<!\w)(?:плюс|plus)[\s,:]*$", re.IGNORECASE)
_PHONE_AFTER_PLUS = (9, 13)  # digits


def _phone_after_plus_word(text: str, run: Run) -> bool:
    """A phone's length of digits right after the word "плюс"/"plus": a country code said."""
    low, high = _PHONE_AFTER_PLUS
    return low <= len(run.digits) <= high and bool(_PLUS_SAID_BEFORE.search(text[: run.start]))


_DOCUMENT_KINDS: tuple[RedactionType, ...] = ("PASSPORT", "SNILS", "INN", "PHONE", "CARD_NUMBER", "ACCOUNT_NUMBER")


def _nearest_document(before: str, context: str) -> RedactionType | None:
    """The number named closest before a run (in its turn, else in the question)."""
    kinds = nearest_triggered(_DOCUMENT_KINDS, before, context)
    return kinds[0] if kinds else None


def _account_named(before: str, context: str) -> bool:
    """An account, not a card, is what the turn or the question last named."""
    kinds = nearest_triggered(("ACCOUNT_NUMBER", "CARD_NUMBER"), before, context)
    return bool(kinds) and kinds[0] == "ACCOUNT_NUMBER"


def classify(
    run: Run, text: str, folded: str, context: str, language: str, begun_at: int | None = None
) -> Found | None:
    """What `run` is, by its length and the words before it; `begun_at`: where the number was first
    begun when it is said again after being taken back ("My social is four one two, six eight... sorry,
    ... Mine is ..."), whose words introduce it too."""
    n, digits = len(run.digits), run.digits
    before = folded[max(0, (run.start if begun_at is None else begun_at) - TRIGGER_WINDOW) : run.start]
    plus = text[max(0, run.start - 2) : run.start].strip().endswith("+")
    if n == 20:
        return Found("ACCOUNT_NUMBER", run.start, run.end)
    if n > 20:
        kind: RedactionType = "ACCOUNT_NUMBER" if triggered("ACCOUNT_NUMBER", before, context) else "CARD_NUMBER"
        return Found(kind, run.start, run.end)
    if _ACCOUNT_SHORT_BY_ITN <= n <= 19 and _ACCOUNT_PREFIX.match(digits) and _account_named(before, context):
        # "... восемьсот десять пять ..." read as 815: an account's twenty digits the ITN ran together
        return Found("ACCOUNT_NUMBER", run.start, run.end)
    if 13 <= n <= 19:
        if NOT_A_CARD.search(before) and not TRIGGERS["CARD_NUMBER"].search(before[-40:]):
            return None
        return Found("CARD_NUMBER", run.start, run.end, luhn.is_valid(digits))
    if n == 11 and triggered("SNILS", before, context) and not phone_named_after_snils(before):
        return Found("SNILS", run.start, run.end, snils_valid(digits))
    if n in (10, 12) and triggered("INN", before, context):
        return Found("INN", run.start, run.end, inn_valid(digits))
    if n == 10 and triggered("PASSPORT", before, context):
        return Found("PASSPORT", run.start, run.end)
    if (
        n == 9
        and language == "ru"
        and TRIGGERS["SNILS"].search(before)
        and nearest_triggered(("SNILS", "PHONE"), before, "")[0] == "SNILS"
    ):
        # "СНИЛС 202 134 056, и контрольное ...": its 9 digits before the check digits said apart
        return Found("SNILS", run.start, run.end)
    if n in (9, 11) and language == "ru" and _nearest_document(before, context) == "PASSPORT":
        # "паспорту мужа 40.8. 515.362.": a passport's ten digits, one lost or doubled by the recogniser
        return Found("PASSPORT", run.start, run.end)
    ssn_shape = bool(SSN_PATTERN.fullmatch(text[run.start : run.end]))
    if language != "ru" and n == 9 and (ssn_shape or triggered("SSN", before, context)):
        return Found("SSN", run.start, run.end)
    if _phone_after_plus_word(text, run):
        # "на новый плюс 97718, 03, 03" for "плюс семь девятьсот двадцать семь ...": the word "plus" before a
        # phone's length of digits is a phone's country code, however the recogniser garbled the digits
        return Found("PHONE", run.start, run.end)
    if 7 <= n <= 15:
        possible, valid = phone_validity(digits, language, plus)
        # a written "+" before a possible number is an international phone ("+44 7700 900461")
        if valid or (possible and (plus or triggered("PHONE", before, context))):
            start = run.start - 1 if run.start and text[run.start - 1] in "(+" else run.start
            return Found("PHONE", start, run.end)
    if n == 11 and language == "ru":
        return Found("SNILS", run.start, run.end, snils_valid(digits))  # 11 digits, no phone: what else is said
    if n == 12 and language == "ru" and inn_valid(digits):
        return Found("INN", run.start, run.end, True)
    near = near_triggers(before)
    for kind in nearest_triggered(SHORT_CODE_LENGTHS, before, context) + [k for k in near if k in SHORT_CODE_LENGTHS]:
        if kind != "CARD_EXPIRY" and never_a_code(text, run):
            continue  # "не называйте пин. Ваш лимит 100 000 в сутки": a limit, not the code
        if priced(text, run) and not triggered(kind, before[-CLOSE_WINDOW:], ""):
            continue  # "the code on the back" asked before, then "I see a charge for 640": a price
        low, high = SHORT_CODE_LENGTHS[kind]
        # "пин 773" for "пин 7373": a code right after its trigger, which the recogniser cut short
        cut = CUT_CODE_TRIGGERS.get(kind)
        if cut is not None and (cut.search(before[-CLOSE_WINDOW:]) or kind in near):
            # "Do you need my PIN? It's 4-4.": two digits said one by one are a code begun
            begun = (
                _TWO_SAID_APART.fullmatch(text, run.start, run.end)
                and not counting(digits)  # "пин 2-3 раза вводил": a range
                and not UNIT_OR_TIME_AFTER.match(text, run.end)
            )
            low = 2 if begun else CUT_CODE_DIGITS
        if low <= n <= high and (kind != "CARD_EXPIRY" or expiry_ok(digits)):
            glued = glued_trigger(before)
            if glued is not None and glued[0] == kind and glued[1] is not None:
                # "пеннадин" holds the code's first digit: masked with it
                return Found(kind, run.start - len(before) + glued[1], run.end)
            return Found(kind, run.start, run.end)
    if (
        n >= FIRST_DIGITS_MIN
        and FIRST_DIGITS.search(before[-CARD_PIECE_WINDOW:])
        and (TRIGGERS["CARD_NUMBER"].search(before) or TRIGGERS["CARD_NUMBER"].search(context))
        and not NOT_A_CARD.search(before)
    ):
        return Found("CARD_NUMBER", run.start, run.end)  # "а первые цифры два два ноль ноль семь ноль"
    if n >= NEAR_CARD_DIGITS and "CARD_NUMBER" in near and not NOT_A_CARD.search(before):
        return Found("CARD_NUMBER", run.start, run.end)  # "кату 5469 38", "At heart is 378-2 82"
    # "хочу привязать карту, номер 5213 0045": a piece of a card number, the rest in another turn
    if (
        n >= 4
        and TRIGGERS["CARD_NUMBER"].search(before[-CARD_PIECE_WINDOW:])
        and not NOT_A_CARD.search(before)
        and not (n == 4 and LAST_FOUR.search(before[-CARD_PIECE_WINDOW:]))
        and not never_a_code(text, run)  # "обслуживание карты 100-90-92 рублей в год": a price
        and not _time_or_sum_written(text, run)
    ):
        return Found("CARD_NUMBER", run.start, run.end)
    return None


# "вижу карту на 4.451, операция на 12.400 сегодня в 10.42": a sum the recogniser grouped with a dot after
# "на"/"за", and a time after "в"/"к"/"до", near a card's name, are not pieces of its number
_SUM_WRITTEN = re.compile(r"\d{1,3}(?:\.\d{3})+")
_SUM_BEFORE = re.compile(r"(?:\bна|\bза|сумм\w*)\s*$")
_TIME_WRITTEN = re.compile(r"(?:[01]?\d|2[0-3])[.:][0-5]\d")
_TIME_BEFORE = re.compile(r"(?:\bв|\bк|\bдо|\bat|\bby)\s*$")


def _time_or_sum_written(text: str, run: Run) -> bool:
    said, before = text[run.start : run.end], fold(text[max(0, run.start - 12) : run.start])
    return bool(
        (_SUM_WRITTEN.fullmatch(said) and _SUM_BEFORE.search(before))
        or (_TIME_WRITTEN.fullmatch(said) and _TIME_BEFORE.search(before))
    )


def find_personal_data(
    text: str,
    language: str,
    context: str = "",
    types: Collection[RedactionType] | None = None,
    asked: RedactionType | None = None,
    card_in_call: bool = False,
) -> tuple[list[Found], list[Run]]:
    """Personal data in `text` (the previous turn's text as `context`; `asked`: what the other party's
    last question asked for; `card_in_call`: a card's number or expiry was given in the turns just
    before), and the digit runs left unclassified (the caller joins a card number read over two turns
    from them)."""
    lang = "ru" if language.startswith("ru") else "en"
    said_before = context
    folded, context = fold(text), fold(context)
    found: list[Found] = []
    email_expected = asked == "EMAIL" or bool(EMAIL_NAMED.search(text))
    written = [Found("EMAIL", m.start(), m.end()) for m in WRITTEN_EMAIL.finditer(text)]
    written += [
        a for a in glued_service_addresses(text) if not any(w.start < a.end and a.start < w.end for w in written)
    ]
    for address in written + said_addresses(text, email_expected):
        if not any(f.start <= address.start < f.end for f in found):
            found.append(address)
    left: list[Run] = []
    runs = [
        r
        for r in digit_runs(text, lang)
        if not any(f.start <= r.start < f.end for f in found)
        and not (len(r.digits) <= _COUNT_DIGITS and _COUNT_OF_DIGITS.match(text, r.end))
    ]
    # a parcel's, an order's or a case's number, named as such, and the last four digits of a card
    # (named before them, or asked for: "последние четыре цифры карты?") are said to be kept; another
    # number's last four are not ("счёт заканчивается на 4156"): no rule lets them be shown, as PCI DSS
    # lets a card's
    last_four_asked = asked == "CARD_NUMBER" and _asks_last_four(context, lang)
    for run in list(runs):
        other = _last_four_of_another_number(run, text, folded, context)
        if other is not None:
            found.append(Found(other, run.start, run.end))
            runs.remove(run)
    # "Продиктуйте номер отправления" - "девяносто ноль ноль один ...": the answer names no personal data
    other_asked = asked is None and bool(ASKS_OTHER_NUMBER.search(context)) and not ASKS_CARD_NUMBER.search(context)
    kept = [
        r
        for r in runs
        if not looks_personal(r.digits, lang)
        and not _phone_after_plus_word(text, r)
        and (
            named_other_number(folded[max(0, r.start - TRIGGER_WINDOW) : r.start])
            or (other_asked and not PERSONAL_WORDS.search(folded[: r.start]))
            or (len(r.digits) == 4 and last_four_asked)
            or said_as_last_four(r, text, folded)
            or named_with_series(text[max(0, r.start - TRIGGER_WINDOW) : r.start])
            # "скажите, что с моими деньгами 49900": a sum, unless a dictation goes on after it
            or money_named_right_before(text, r, runs)
        )
    ]
    # the digits of an alphanumeric reference ("1Z999AA10123456784") are part of it, never a number alone;
    # digits dictated one by one with the letters the recogniser put for some ("I-I-I-0164") are no reference
    one_by_one = dictated_one_by_one(text, lang)
    references = [(a, b) for a, b in reference_spans(text) if not any(c <= a and b <= d for c, d in one_by_one)]
    kept += [r for r in runs if r not in kept and any(a <= r.start and r.end <= b for a, b in references)]
    # "паспорт ... выдан в 2014 году", "issued in 1998", "expires on 15.12.2026": a year named as such, or a
    # written date, is no piece of a number
    # (not right after a code's name: "пин 1987 год рождения" is the PIN)
    kept += [
        r
        for r in runs
        if r not in kept
        and named_year_or_date(r, text)
        # "карта 22.02.69 на ледейн, 28.61.55.15": date-shaped pairs of a card being read out are its digits
        and not (
            (asked is not None or PERSONAL_WORDS.search(folded[: r.start]) or PERSONAL_WORDS.search(context))
            and date_shaped_dictation(r, runs, text)
        )
        and not any(
            TRIGGERS[kind].search(folded[max(0, r.start - CLOSE_WINDOW) : r.start])
            for kind in ("PIN", "SMS_CODE", "CVV")
        )
    ]
    # "Семь семь шесть... нет, семь семь девять два" to "последние четыре цифры?": a start taken back
    # and said again as a number that is kept is kept too; "Номер заказа двенадцать тридцать четыре...
    # ой, нет, двенадцать сорок три пятьсот шестьдесят семь": so is what is said in place of a number
    # kept as an order's, a parcel's or a case's, when nothing personal is named between
    corrections = said_again(text, sorted(runs, key=lambda r: r.start), lang)
    for pair in reversed(corrections):
        if pair.then in kept and pair.first not in kept and len(pair.first.digits) <= len(pair.then.digits):
            kept.append(pair.first)
    for pair in corrections:
        if (
            pair.first in kept
            and pair.then not in kept
            and named_other_number(folded[max(0, pair.first.start - TRIGGER_WINDOW) : pair.first.start])
            and not looks_personal(pair.then.digits, lang)
            and not PERSONAL_WORDS.search(folded[pair.first.end : pair.then.start])
        ):
            kept.append(pair.then)
    runs = [r for r in runs if r not in kept]
    # a number begun, taken back ("ой, нет, это старый", "sorry, scratch that") and said again
    taken_back = said_again(text, runs, lang)
    begun_at: dict[Run, int] = {}
    for pair in taken_back:
        begun_at[pair.then] = begun_at.get(pair.first, pair.first.start)
    # what the reply says besides its numbers, the words that take a number back left out
    answer = without_taking_back(text, taken_back)
    i = 0
    while i < len(runs):
        run = runs[i]
        before = folded[max(0, run.start - TRIGGER_WINDOW) : run.start]
        # "серия сорок пять ноль восемь, номер сто двадцать три четыреста пятьдесят шесть"
        if (
            len(run.digits) == 4
            and i + 1 < len(runs)
            and len(runs[i + 1].digits) == 6
            and runs[i + 1].start - run.end <= 30
            and triggered("PASSPORT", before, context)
        ):
            found.append(Found("PASSPORT", run.start, runs[i + 1].end))
            i += 2
            continue
        split = _card_then_expiry(run, text, lang, before, context, asked)
        if split is not None:
            found.extend(split)
            i += 1
            continue
        hit = classify(run, text, folded, context, lang, begun_at.get(run))
        if hit is None and code_set_to(text, folded, context, run.start, run.end) and _code_shaped(text, run):
            hit = Found("PIN", run.start, run.end)  # "T9N is wrong. I said it 9372": set at the ATM
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
            if (len(run.digits) >= 4 or card_tail(run, cards)) and not _sum_before_a_card(text, run):
                cards.append(Found("CARD_NUMBER", run.start, run.end))
                found.append(cards[-1])
                left.remove(run)
    # "Срок действия?" - "ноль девять двадцать семь": in a reply that is only numbers, every number of
    # two digits or more is what was asked for, however the recogniser split or garbled it
    if asked is not None and left and bare_answer(answer, runs + kept):
        # "Назовите сумму" - "Двести сорок тысяч шестьсот": a request to say something is no request for a number
        sum_said = asked == "DICTATED_NUMBER"
        given = [f for f in found if f.type == asked]
        for run in [
            r
            for r in left
            if len(r.digits) >= 2 and not (sum_said and said_as_sum(text, r)) and not _said_after(text, r, given)
        ]:
            found.append(Found(asked, run.start, run.end))
            left.remove(run)
    # A reply that is nothing but a long dictated number, to a question the recogniser garbled beyond
    # recognition ("назовительного вертифора"), is personal data all the same, unless the question
    # named an order, a parcel or a contract.
    # The same holds for a short code (3 digits or more) said with a word or two in reply to a question
    # whose words the recogniser changed past any trigger ("your health?" for "your cell?"), unless
    # the question asked how much or how many.
    bare_digits = sum(len(r.digits) for r in left if len(r.digits) >= 2)
    quantity = bool(QUANTITY_QUESTION.search(context))
    # a question, or a short turn about "your" something ("and your health." for "and your cell?":
    # Whisper drops question marks)
    after_question = context.rstrip().endswith("?") or (
        len(context.split()) <= SHORT_QUESTION_WORDS and bool(YOUR.search(context))
    )
    if (
        asked is None
        and (
            (bare_digits >= _DICTATED_DIGITS and bare_answer(answer, runs, _PURE_DICTATION_WORDS))
            or (
                dictated_code(left)
                and not quantity
                and bare_answer(answer, runs, _PURE_DICTATION_WORDS if after_question else 0)
            )
        )
        and not names_other_number(context + " " + folded)
    ):
        for run in [
            r
            for r in left
            if len(r.digits) >= 2 and not _DATE_SHAPE.fullmatch(text[r.start : r.end]) and not said_as_sum(text, r)
        ]:
            found.append(Found("DICTATED_NUMBER", run.start, run.end))
            left.remove(run)
    # "Назовите номер" - "Сейчас, вот он, 4817, и ещё там буквы какие-то": a run of a code's length inside a
    # reply too long to be a bare answer, to a question that asked for a number, is that number (not a sum,
    # a time, a date or a count; not when the question or the reply names an order, a parcel or a contract)
    if (
        asked is not None
        and not quantity
        and (asked != "DICTATED_NUMBER" or _NUMBER_ASKED.search(context))
        and not names_other_number(context + " " + folded)
    ):
        for run in [
            r
            for r in left
            if len(r.digits) >= _ASKED_RUN_DIGITS
            and not said_as_sum(text, r)
            and not never_a_code(text, r)
            and not UNIT_OR_TIME_AFTER.match(text, r.end)
            and not _DATE_SHAPE.fullmatch(text[r.start : r.end])
            and not _MONEY_BEFORE.search(folded[max(0, r.start - TRIGGER_WINDOW) : r.start])
        ]:
            found.append(Found(asked, run.start, run.end))
            left.remove(run)
    # "2-й 2-й 5-й 6-й 7-й": digits dictated as ordinals, four or more, which no list of items says
    for run in [r for r in left if len(r.ordinal_digits) >= ORDINAL_DICTATION and not counting(r.ordinal_digits)]:
        found.append(Found("DICTATED_NUMBER", run.start, run.end))
        left.remove(run)
    # A long dictated run nothing claimed ("четыре два семь шесть три восемь ноль ноль один" to a
    # question the recogniser lost), unless it is named as an order, parcel or contract number
    asked_other = asked is None and bool(OTHER_NUMBER.search(context))  # "номер заказа?" - "12 34 56 78"
    for run in [
        r
        for r in left
        if len(r.digits) >= _UNTRIGGERED_DIGITS
        and (not asked_other or looks_personal(r.digits, lang))
        and not said_as_sum(text, r)
    ]:
        before = folded[max(0, run.start - TRIGGER_WINDOW) : run.start]
        if not NOT_A_CARD.search(before) and not _DATE_SHAPE.fullmatch(text[run.start : run.end]):
            found.append(Found("DICTATED_NUMBER", run.start, run.end))
            left.remove(run)
    found = _one_by_one(text, folded, one_by_one, found, kept, asked, asked_other)
    left = [r for r in left if not any(f.start <= r.start and r.end <= f.end for f in found)]
    found.extend(_digit_streams(text, folded, found + [Found("DICTATED_NUMBER", a, b) for a, b in references]))
    found.extend(_phone_pieces(text, folded, context, asked, left))
    found.extend(_code_across_misheard_zero(text, folded, context, left, found))
    found.extend(_last_four_across_misheard_zero(text, folded, context, left, found))
    left = [r for r in left if not any(f.start <= r.start < f.end for f in found)]
    found.extend(stragglers(text, left, found))
    found.extend(corrected_tails(text, left, found))
    left = [r for r in left if not any(f.start < r.end and r.start < f.end for f in found)]
    found.extend(new_code_after_old(text, left, found))
    found.extend(_series_before_passport(folded, left, found))
    left = [r for r in left if not any(f.start < r.end and r.start < f.end for f in found)]
    grouped_kind: RedactionType = asked if asked is not None else "DICTATED_NUMBER"
    found.extend(Found(grouped_kind, r.start, r.end) for r in _said_in_groups(text, folded, left, asked_other, lang))
    found = with_check_digits(text, sorted(found, key=lambda f: f.start), left)
    found = [_with_digits_heard_as_words(text, f, lang) if f.type == asked else f for f in found]
    if asked == "CARD_EXPIRY" and not any(f.type == "CARD_EXPIRY" for f in found) and bare_answer(answer, runs):
        found.extend(expiry_in_words(text, lang))
    found.extend(card_valid_until_month(text, folded, lang, found))
    found = _with_expiries(text, folded, lang, context, asked, found, card_in_call)
    if asked == "EMAIL" and not any(f.type == "EMAIL" for f in found):
        found.extend(spelled_addresses(text))
    if email_expected:
        named = EMAIL_NAMED.search(text)
        begin = 0 if asked == "EMAIL" or named is None else named.end()
        for sentence in addresses_in_sentences(text, begin, found):
            # the whole sentence replaces the pieces of it already masked as an address
            found = [f for f in found if not (f.type == "EMAIL" and sentence.start <= f.start < sentence.end)]
            found.append(sentence)
    found = [with_name_said_before_spelling(text, with_glued_name_parts(text, f)) for f in found]
    found = with_expiry_year(text, lang, found)
    found = joined_pieces(text, sorted(found, key=lambda f: f.start), runs + kept)
    found = taken_back_numbers(text, taken_back, found)
    found = sorted(found + begun_and_dropped(text, context, left, found), key=lambda f: f.start)
    found = sorted(found + regretted_at_once(text, context, left, found), key=lambda f: f.start)
    found = second_number_begun(text, left, found)
    found = sorted(found + _read_back(text, left, found, said_before, lang), key=lambda f: f.start)
    left = [r for r in left if not any(f.start <= r.start < f.end for f in found)]
    found = [with_plus_word(text, f) if f.type == "PHONE" else f for f in found]
    if types is not None:
        found = [f for f in found if f.type in types]
    return sorted(found, key=lambda f: f.start), left


# "278 815", "67-18-84": said in three groups (in two, one more), this many digits is no count nor sum
_GROUPED_DIGITS = 4
_NUMBER_NAMED = re.compile(r"номер|\bnumber|" + PERSONAL_WORDS.pattern)
_DECIMAL = re.compile(r"\d+[.,]\d{1,2}")  # "112.40": a price with its cents
_VERSION_OR_ADDRESS = re.compile(r"\d{1,3}(?:\.\d{1,3}){2,3}")  # "2.13.0", "10.0.0.1"
_TIME_SHAPE = re.compile(r"\d{1,2}[:.]\d{2}")


def _said_in_groups(text: str, folded: str, left: list[Run], asked_other: bool, language: str) -> list[Run]:
    """A number said in groups of digits ("Номер 278 815", "515-142", "67-18-84") that nothing else
    claimed: dictated, so someone's number, whatever named it (the recogniser garbles the names), unless it
    reads as a sum (a round number, a price with cents, thousands written as such: "24 750"; a currency or
    a count after it), a date, a time, a range with its unit, a version, items counted or numbered, or a
    number named as an order's, a parcel's, a flight's or a contract's."""
    out = []
    for run in left:
        said = text[run.start : run.end]
        # groups of digits: digits the ITN left as words ("It is four two seven one five") are read out one
        # by one, as a meter reading is, and have rules of their own
        groups = len(re.findall(r"\d+", said))
        # four digits in two groups are as often a room or a range ("room 12-30"); in three, a dictation
        if groups < 2 or len(run.digits) < _GROUPED_DIGITS + (groups == 2):
            continue
        if _DECIMAL.fullmatch(said) or _VERSION_OR_ADDRESS.fullmatch(said):
            continue
        if (asked_other and not looks_personal(run.digits, language)) or run.ordinal_digits or counting(run.digits):
            continue
        before = folded[max(0, run.start - TRIGGER_WINDOW) : run.start]
        if (
            said_as_sum(text, run)
            or never_a_code(text, run)
            or UNIT_OR_TIME_AFTER.match(text, run.end)
            or _DATE_SHAPE.fullmatch(said)
            or _TIME_SHAPE.fullmatch(said)
            or NOT_A_CARD.search(before)
            or numbered_item(text, run.start)
            or _MONEY_BEFORE.search(before)
            # "а пришло только 24 750": written in thousands, a sum, unless a number or a document is named
            or (_THOUSANDS.fullmatch(said) and not _NUMBER_NAMED.search(before))
            or _time_or_sum_written(text, run)
        ):
            continue
        out.append(run)
    return out


def _said_after(text: str, run: Run, given: list[Found]) -> bool:
    """ "Записала: 195, 003, 694, 67. Вычет придёт в течение 30 дней.": the number asked for was given
    whole, and this run comes in a sentence after it, which says something else."""
    return any(f.end <= run.start and re.search(r"[.!?]", text[f.end : run.start]) for f in given)


# "15 990", "1 250 000": a sum written in thousands; a card's groups have four digits
# "24 750", "86,400" as the recogniser groups them; "46.000 ... рублей", a round sum with dots
_THOUSANDS = re.compile(r"\d{1,3}(?:[ ,\u00a0\u202f]\d{3})+|\d{1,3}(?:\.\d{3})*\.000")


def _sum_before_a_card(text: str, run: Run) -> bool:
    """ "Списали 15 990 с карты 4405 ...", "they charged 1 250 to my card": a sum in thousands after a
    money word, said before the card, is what was paid, not a piece of the card taken back."""
    return bool(_THOUSANDS.fullmatch(text, run.start, run.end)) and money_named_before(
        text[max(0, run.start - TRIGGER_WINDOW) : run.start]
    )


def _read_back(text: str, left: list[Run], found: list[Found], previous: str, language: str) -> list[Found]:
    """A code or a number the previous turn gave, read back whole ("восемь два один девять" -
    "Записала восемь два один девять, подтверждаю перевод"): masked as what that turn was found to hold
    (the stage also masks read-backs across the whole call; this covers a turn seen with its
    predecessor alone)."""
    repeated = [
        r
        for r in left
        if len(r.digits) >= _READ_BACK_DIGITS
        and not ROUND_NUMBER.fullmatch(r.digits)
        and not said_as_sum(text, r)
        and not any(f.start <= r.start < f.end for f in found)
    ]
    earlier = digit_runs(previous, language) if repeated else ()
    if not any(r.digits in e.digits for r in repeated for e in earlier):
        return []
    given = find_personal_data(previous, language)[0]
    out = []
    for run in repeated:
        kinds = [f.type for f in given for e in earlier if f.start <= e.start < f.end and run.digits in e.digits]
        if kinds:
            out.append(Found(kinds[-1], run.start, run.end))
    return out


_READ_BACK_DIGITS = 4

_READ_BACK_GAP = 6  # "the card ending 7128", "с окончанием — семь один два восемь"


# a phone named by its own word: "номер" alone between "последние четыре цифры" and the digits is the card's
_PHONE_NAMED = re.compile(r"телефон|мобильн|сотов|phone|\bcell\b|mobile")


def _last_four_of_another_number(run: Run, text: str, folded: str, context: str) -> RedactionType | None:
    """ "Счёт заканчивается на 4156", "the last four of your social, 6789": four digits named as the
    last of a number whose words just before them name an account, an SSN, a document or a phone, and no
    card ("карта, привязанная к счёту, заканчивается на 7767" is the card's): that number's kind."""
    if not said_as_last_four(run, text, folded):
        return None
    before = folded[max(0, run.start - TRIGGER_WINDOW) : run.start]
    named = list(LAST_FOUR.finditer(before))
    # "последние четыре цифры вашего паспорта 5521": the number named between the words and the digits,
    # whatever card was named before ("можете перезвонить по номеру на обороте карты")
    between = before[named[-1].end() :] if named else ""
    if between and not TRIGGERS["CARD_NUMBER"].search(between):
        named_between = [k for k in nearest_triggered(LAST_FOUR_MASKED, between, "") if k != "PHONE"]
        if named_between:
            return named_between[0]
        if _PHONE_NAMED.search(between):
            return "PHONE"
    if TRIGGERS["CARD_NUMBER"].search(before):
        return None
    # the number named anywhere before them in their sentence ("номер для связи, что в профиле, который
    # заканчивается на 22-17")
    # (the sentence of the words that name them last: "на номер, который заканчивая сына. 8. 8. 1. 4.")
    cut = named[-1].start() if named else len(before)
    sentence = before[max((before.rfind(mark, 0, cut) for mark in ".!?"), default=-1) + 1 :]
    kinds = nearest_triggered(LAST_FOUR_MASKED, sentence, "")
    if not kinds and not TRIGGERS["CARD_NUMBER"].search(context):
        # "...the last four of her social?" - "the last four are 8-816": named in the question
        kinds = [k for k in nearest_triggered(LAST_FOUR_MASKED, "", context) if k != "PHONE"]
    return kinds[0] if kinds else None


def _asks_last_four(context: str, language: str) -> bool:
    """The previous turn speaks of a card's last four digits without saying them: "Назовите последние
    четыре цифры карты", not the agent's read-back "Got it, the card ending 7128. What is the problem?"
    after which four digits are something else (a PIN)."""
    runs = digit_runs(context, language)
    return any(
        not any(0 <= run.start - said.end() <= _READ_BACK_GAP and len(run.digits) >= 4 for run in runs)
        for said in LAST_FOUR.finditer(context)
    )


# "Пришла 92 на 6-17" for "девяносто два ноль шестнадцать семнадцать": a zero heard as "на", "но" or "ну"
_MISHEARD_ZERO = re.compile(r"[\s,.\-–—]*(?:на|но|ну)[\s,.\-–—]*", re.IGNORECASE)


def _pairs_across_misheard_zero(
    text: str, left: list[Run], found: list[Found], out: list[Found]
) -> Iterator[tuple[Run, Run]]:
    """Neighbouring runs with only a zero heard "на", "но" or "ну" between them, overlapping nothing
    found before or since (`out`, read as the caller fills it)."""
    for first, second in itertools.pairwise(sorted(left, key=lambda r: r.start)):
        if _MISHEARD_ZERO.fullmatch(text, first.end, second.start) and not any(
            f.start < second.end and first.start < f.end for f in (*found, *out)
        ):
            yield first, second


def _code_across_misheard_zero(
    text: str, folded: str, context: str, left: list[Run], found: list[Found]
) -> list[Found]:
    """Two runs a misheard zero apart, after a code's name (in the turn or the question), that together
    (with the zero) are as long as that code: one code."""
    out: list[Found] = []
    for first, second in _pairs_across_misheard_zero(text, left, found, out):
        before = folded[max(0, first.start - TRIGGER_WINDOW) : first.start]
        kinds = [k for k in nearest_triggered(SHORT_CODE_LENGTHS, before, context) if k != "CARD_EXPIRY"]
        if not kinds:
            continue
        low, high = SHORT_CODE_LENGTHS[kinds[0]]
        if low <= len(first.digits) + len(second.digits) + 1 <= high:
            out.append(Found(kinds[0], first.start, second.end))
    return out


# "Сире 45.9 номер с имесрот [PASSPORT]": the series said before the word "номер" and the number
_SERIES_THEN_NUMBER = re.compile(r"[\s,.:\-–—]*(?:и\s+)?(?:номер|number)\b[^\d]{0,20}")
_SERIES_DIGITS = (2, 4)  # a series of four digits, its zero or a pair lost by the recogniser


def _series_before_passport(folded: str, left: list[Run], found: list[Found]) -> list[Found]:
    """The passport's series, two to four digits, right before the word "номер" and the passport's
    number found after it: the number alone was recognised as the passport."""
    out: list[Found] = []
    for passport in (f for f in found if f.type == "PASSPORT"):
        for run in left:
            if (
                _SERIES_DIGITS[0] <= len(run.digits) <= _SERIES_DIGITS[1]
                and run.end < passport.start
                and _SERIES_THEN_NUMBER.fullmatch(folded, run.end, passport.start)
            ):
                out.append(Found("PASSPORT", run.start, run.end))
    return out


def _last_four_across_misheard_zero(
    text: str, folded: str, context: str, left: list[Run], found: list[Found]
) -> list[Found]:
    """Another number's last four said with a zero heard "на" ("номер телефона, тот, что в карточке, на
    66 на 1 заканчивается" for "на шесть шесть ноль один"): the two pieces and the zero make four digits
    named as that number's last."""
    out: list[Found] = []
    for first, second in _pairs_across_misheard_zero(text, left, found, out):
        if len(first.digits) + len(second.digits) != 3:
            continue
        whole = Run(first.start, second.end, first.digits + "0" + second.digits)
        kind = _last_four_of_another_number(whole, text, folded, context)
        if kind is not None:
            out.append(Found(kind, whole.start, whole.end))
    return out


def _phone_pieces(text: str, folded: str, context: str, asked: RedactionType | None, left: list[Run]) -> list[Found]:
    """A phone whose pieces the recogniser split with a misheard word or two ("мой номер. 925, на лишь 6,
    57, 43"), after a phone's word or asked for; not after an order's or a parcel's number, nor pieces
    that are sums, times or counts."""

    def phone_named(at: int) -> bool:
        before = folded[max(0, at - TRIGGER_WINDOW) : at]
        # the question's "номер" counts too ("на завете номер" for "назовите номер"), not an order's
        in_question = bool(TRIGGERS["PHONE"].search(context)) and not OTHER_NUMBER.search(context)
        return (asked == "PHONE" or in_question or bool(TRIGGERS["PHONE"].search(before))) and not (
            named_other_number(before) or NOT_A_CARD.search(before)
        )

    pieces = [r for r in left if not said_as_sum(text, r) and not UNIT_OR_TIME_AFTER.match(text, r.end)]
    return phone_across_misheard_words(text, pieces, phone_named)


def _card_then_expiry(
    run: Run, text: str, language: str, before: str, context: str, asked: RedactionType | None
) -> tuple[Found, Found] | None:
    """A card number and its expiry the ITN joined into one run, where both were asked for or named."""
    card = TRIGGERS["CARD_NUMBER"].search(before) or TRIGGERS["CARD_NUMBER"].search(context)
    expiry = asked == "CARD_EXPIRY" or triggered("CARD_EXPIRY", before, context)
    return card_then_expiry(text, language, run) if card and expiry else None


def _code_shaped(text: str, run: Run) -> bool:
    """4-6 digits, not a round sum ("5000") nor a sum said with its magnitude word."""
    low, high = SHORT_CODE_LENGTHS["PIN"]
    return low <= len(run.digits) <= high and not ROUND_NUMBER.fullmatch(run.digits) and not said_as_sum(text, run)


# Words that name or introduce a code, never stand for its digits ("my PIN is", "код у меня")
_NOT_DIGIT_WORDS = re.compile(
    r"is|are|was|it'?s|its|my|the|a|an|and|so|yes|yeah|sure|ok|okay|code|pin|number|that|this|uh|um|"
    r"was|were|new|old|это|мой|моя|мою|мне|меня|у|код|пин|номер|да|вот|так|ну|а|и|же|значит|был\w*|стал\w*|"
    r"новый|старый|теперь",
    re.IGNORECASE,
)
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[\s,\-]*$")


def _with_digits_heard_as_words(text: str, found: Found, language: str) -> Found:
    """A short code given in reply to the question for it, with fewer digits than its kind has ("my PI is
    Lord War 19" for "my PIN is four four one nine"): the words right before it that no code is named with
    are the digits the recogniser heard as words, one per digit missing, and are masked with it (its
    audio too). A code found by its trigger alone is not widened ("старый бин был 7-7-3": a digit dropped)."""
    if found.type not in SHORT_CODE_LENGTHS or found.type == "CARD_EXPIRY":
        return found  # an expiry of three digits is whole: its month's zero unsaid ("9/28")
    low = SHORT_CODE_LENGTHS[found.type][0]
    missing = low - sum(len(r.digits) for r in digit_runs(text[found.start : found.end], language))
    start = found.start
    for _ in range(max(0, missing)):
        word = _WORD_BEFORE.search(text, 0, start)
        if (
            word is None
            or _NOT_DIGIT_WORDS.fullmatch(word.group(1))
            or any(trigger.search(fold(word.group(1))) for trigger in TRIGGERS.values())
        ):
            break
        start = word.start()
    return found if start == found.start else Found(found.type, start, found.end, found.checksum_valid)


def _without_glued_trigger(folded: str, start: int, end: int) -> tuple[int, int]:
    """A chain of digits without the code's name glued to it ("пен-4-0-1-9"): the name is no digit."""
    glued = re.match(r"([^\W\d_]+)-", folded[start:end])
    if glued and (near_triggers(glued.group(1)) or any(t.search(glued.group(1)) for t in TRIGGERS.values())):
        start += glued.end()
    glued = re.search(r"-([^\W\d_]+)$", folded[start:end])
    if glued and (near_triggers(glued.group(1)) or any(t.search(glued.group(1)) for t in TRIGGERS.values())):
        end = start + glued.start()
    return start, end


def _one_by_one(
    text: str,
    folded: str,
    spans: list[tuple[int, int]],
    found: list[Found],
    kept: list[Run],
    asked: RedactionType | None,
    asked_other: bool,
) -> list[Found]:
    """Digits the recogniser wrote one by one ("4-4-1-I", "0-9-29", "I-I-I-0164"): dictated, so someone's
    number, even where the word that named it was garbled ("My P.I. is 4-4-1-I"), unless a rule kept it
    (an order's number, a card's last four, a sum, a year) or a unit follows ("1-2-5 days"); typed as
    what the question asked for, if it asked. A span found inside the chain grows to all of it ("4-4-1" of
    "4-4-1-I")."""
    out = list(found)
    for start, end in map(lambda span: _without_glued_trigger(folded, *span), spans):
        inside = [f for f in out if f.start < end and start < f.end]
        if inside:
            if len(inside) == 1 and start <= inside[0].start and inside[0].end <= end:
                out[out.index(inside[0])] = Found(inside[0].type, start, end, inside[0].checksum_valid)
            continue
        if any(r.start < end and start < r.end for r in kept):
            continue
        if asked_other or NOT_A_CARD.search(folded[max(0, start - TRIGGER_WINDOW) : start]):
            continue
        if UNIT_OR_TIME_AFTER.match(text, end) or never_a_code(text, Run(start, end, "")):
            continue
        kind: RedactionType = asked if asked is not None else "DICTATED_NUMBER"
        out.append(Found(kind, start, end))
    return out


def _digit_streams(text: str, folded: str, found: list[Found]) -> list[Found]:
    """Digits written as digits and joined by separators, too many for a date, a time or an amount
    ("8.03.04.2021.03.06.06.00"), that no other rule covered."""
    out = []
    for match in RAW_DIGIT_STREAM.finditer(text):
        if sum(ch.isdigit() for ch in match.group()) < STREAM_DIGITS:
            continue
        if any(f.start < match.end() and match.start() < f.end for f in found):
            continue
        if NOT_A_CARD.search(folded[max(0, match.start() - TRIGGER_WINDOW) : match.start()]):
            continue
        out.append(Found("DICTATED_NUMBER", match.start(), match.end()))
    return out


def _with_expiries(
    text: str,
    folded: str,
    language: str,
    context: str,
    asked: RedactionType | None,
    found: list[Found],
    card_in_call: bool,
) -> list[Found]:
    """Expiries said as a month and a year ("Ноль семь слэш тридцать", "срок до 11 28", "До марта
    двадцать девятого года, как там написано") where one is expected: after a question about it, or an
    expiry trigger within TRIGGER_WINDOW characters before (with a card named, for a month's name:
    "акция действует до марта 2027 года" stays). Each replaces the expiry or dictated pieces it covers
    and cuts off a card number it ends ("4276 ... 5678, ноль семь дробь двадцать девять": the ITN
    joined the month to the card); one that overlaps anything else is left out."""
    # "4097 9144 и срок 11 29": digits of a card's length or half of it, then an expiry word, are a card's
    card_pieces = _card_pieces_before_expiry_word(text, folded, language, found)
    card_named = bool(TRIGGERS["CARD_NUMBER"].search(folded) or TRIGGERS["CARD_NUMBER"].search(context)) or bool(
        card_pieces
    )

    def triggered_before(at: int) -> bool:
        return bool(TRIGGERS["CARD_EXPIRY"].search(folded[max(0, at - TRIGGER_WINDOW) : at]))

    def card_just_named(at: int) -> bool:
        return bool(TRIGGERS["CARD_NUMBER"].search(folded[max(0, at - CARD_PIECE_WINDOW) : at])) or any(
            f.type == "CARD_NUMBER" and f.start < at <= f.end + CARD_PIECE_WINDOW for f in found
        )

    def stray_words_begin(at: int) -> int | None:
        if asked == "CARD_EXPIRY" or triggered_before(at):
            return at
        # "срок на лече 4-29" read back after the customer's card and expiry: no card named in these two turns
        return expiry_word_before_stray_words(folded, at) if card_named or card_in_call else None

    candidates = expiry_in_two_numbers(
        text,
        language,
        lambda at: (
            asked == "CARD_EXPIRY"
            or triggered_before(at)
            or (card_named and expiry_word_right_before(text, folded, at))
        ),
        card_just_named,
        stray_words_begin,
    ) + expiry_month_named(text, language, lambda at: asked == "CARD_EXPIRY" or (card_named and triggered_before(at)))
    if card_named or card_in_call or asked == "CARD_EXPIRY":
        candidates += expiry_ordinal_month(text, language)
    out = list(found)
    for expiry in candidates:
        covered = [f for f in out if f.start < expiry.end and expiry.start < f.end]
        if any(f.type not in ("CARD_EXPIRY", "DICTATED_NUMBER", "CARD_NUMBER") for f in covered):
            continue
        # a card piece inside the expiry is a tail the card rule took; a card begun before it is cut there
        cards = [f for f in covered if f.type == "CARD_NUMBER" and f.start < expiry.start]
        cut = [_card_cut_at(text, language, card, expiry.start) for card in cards]
        if any(card is None for card in cut):
            continue
        pieces = [f for f in covered if f not in cards]
        start = min([expiry.start] + [f.start for f in pieces])
        end = max([expiry.end] + [f.end for f in covered])
        out = [f for f in out if f not in covered] + [card for card in cut if card is not None]
        out.append(Found("CARD_EXPIRY", start, end))
    expiry_starts = [f.start for f in out if f.type == "CARD_EXPIRY"]
    for piece in card_pieces:
        if piece in out and any(0 < at - piece.end <= _CARD_TO_EXPIRY_GAP for at in expiry_starts):
            out[out.index(piece)] = Found("CARD_NUMBER", piece.start, piece.end)
    return sorted(out, key=lambda f: f.start)


# "4097 9144 и срок 11 29", "4097 9144 1234 5678, exp 09 29": an expiry word right after the digits
_EXPIRY_WORD_AFTER = re.compile(r"[\s,.;:\-–—]*(?:(?:и|а|and)\s+)?(?:срок|действ|годн|exp|valid)")
_CARD_HALF_DIGITS = 8  # a card read in two halves: the first eight digits, or more
_CARD_TO_EXPIRY_GAP = 30  # characters from the card's digits to its expiry: "и срок действия до"


def _card_pieces_before_expiry_word(text: str, folded: str, language: str, found: list[Found]) -> list[Found]:
    """Dictated numbers of eight digits or more that an expiry word follows: a card (or half of one) and
    then its expiry, though no card is named."""
    return [
        f
        for f in found
        if f.type == "DICTATED_NUMBER"
        and _EXPIRY_WORD_AFTER.match(folded, f.end)
        and sum(len(r.digits) for r in digit_runs(text[f.start : f.end], language)) >= _CARD_HALF_DIGITS
    ]


def _card_cut_at(text: str, language: str, card: Found, cut_at: int) -> Found | None:
    """A card number found over the start of an expiry, cut there; None when too few digits are left
    for a card."""
    end = card.start + len(text[card.start : cut_at].rstrip(" ,.;:-—–"))
    digits = "".join(r.digits for r in digit_runs(text[card.start : end], language))
    if not 13 <= len(digits) <= 19:
        return None
    return Found("CARD_NUMBER", card.start, end, luhn.is_valid(digits))
