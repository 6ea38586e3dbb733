"""A secret said and then regretted: by the speaker at once ("Я вводила пин, семь два ноль восемь... ой,
вам же нельзя говорить") or by the other party warning in the next turn ("Нет, пин никому не
называйте"). Either tells that the short number just said was a code, even when the recogniser
garbled the code's name past any trigger ("Я выводил обен 7.2.080, а и вам же нельзя говорить").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from voc.redaction.amounts import never_a_code, said_as_sum
from voc.redaction.dictation import CODE_DIGITS, DIGIT_WORD, ROUND_NUMBER
from voc.redaction.spans import Found, Run, fold
from voc.redaction.triggers import TRIGGER_WINDOW, UNIT_OR_TIME_AFTER, near_triggers, nearest_triggered
from voc.schemas import RedactionType

_TELLING = (
    r"(?:говорить|сказать|называть|назвать|сообщать|сообщить|диктовать|продиктовать|озвучивать|"
    r"say(?:ing)?|tell(?:ing)?|give|giving|share|sharing|read(?:ing)?)"
)
# "вам же нельзя говорить", "не надо было называть", "зря я сказала", "I shouldn't say that",
# "I'm not supposed to give that out"
_REGRET = re.compile(
    r"нельзя\s+(?:(?:было|же|вам|никому|его|её|ее|это)\s+)*" + _TELLING + r"|"
    r"не\s+(?:надо|нужно|стоило|следовало|должн\w*)\s+(?:(?:было|же|вам|никому|его|её|ее|это|я)\s+)*"
    + _TELLING
    + r"|зря\s+(?:я\s+)?(?:сказал\w*|назвал\w*|сообщил\w*)|"
    r"(?:shouldn'?t|should not|must not|mustn'?t|not supposed to|wasn'?t supposed to)\s+(?:have\s+)?"
    r"(?:said|told|given|shared|read|" + _TELLING + r")"
)
_REGRET_REACH = 40  # characters after the number within which the regret is said

# "Нет, пин никому не называйте", "Код никому не сообщайте", "never share your PIN", "please don't read
# the code out": the other party's warning, which names the kind of code when it can
_WARNING_VERB = r"(?:говор|назыв|назва|сообщ|диктов|давай|озвуч)\w*"
_WARNING = re.compile(
    # "никому не называйте", "пинкот никому не называете" (the recogniser's ending)
    r"никому\s+(?:(?:и\s+)?никогда\s+)?(?:не\s+)?" + _WARNING_VERB + r"|"
    # "код с оборота никогда не называете"
    r"никогда\s+(?:(?:никому|его|её|ее|вслух)\s+)?не\s+" + _WARNING_VERB + r"|"
    r"не\s+(?:говорите|называйте|сообщайте|диктуйте|озвучивайте)\s+(?:(?:его|её|ее|никому|мне|нам|вслух)\s+)*"
    r"(?:пин|код|cvv|цвв|парол|цифр)|"
    # "Стоп-стоп, код не называйте", "код с обратной стороны не называете" (the recogniser's ending)
    r"(?:пин|код|cvv|цвв|парол|цифр)\w*(?:[\s,\-–—]+[^\W\d]+){0,3}?[\s,\-–—]+"
    r"(?:(?:мне|нам|никому|вслух|его|её|ее)\s+)*не\s+" + _WARNING_VERB + r"|"
    r"нельзя\s+(?:(?:никому|вслух|нам|мне|его|её|ее)\s+)*(?:говорить|называть|сообщать|диктовать)|"
    # "Нет-нет, их не называйте, это лишнее" (the three digits just begun), "не называйте его"
    r"(?:^|[\s,.!?-])(?:их|его|её|ее)\s+(?:никому\s+)?не\s+" + _WARNING_VERB + r"|"
    r"не\s+(?:говорите|называйте|называете|сообщайте|диктуйте|озвучивайте)\s+(?:их|его|её|ее)\b|"
    # "Стоп-стоп, номер карты не нужно", "диктовать не надо"
    r"(?:пин|код|cvv|цвв|парол|цифр|номер|карт|срок)\w*(?:\s+\w+)?\s+(?:мне\s+|нам\s+)?не\s+(?:нужн|надо|нужен)\w*|"
    r"не\s+(?:нужно|надо)\s+(?:(?:мне|нам|его|её|ее|вслух)\s+)*(?:диктовать|называть|говорить|сообщать)|"
    r"(?:don'?t|do not)\s+need\s+(?:\w+\s+){0,2}(?:card|number|pin|code|cvv|digits)|"
    r"never\s+(?:share|give|tell|read|say)|(?:don'?t|do not)\s+(?:share|give|tell|read|say)\s+"
    # "Please don't tell me you're P.I.N." (Whisper's "your PIN")
    r"(?:(?:me|us|anyone|it|that|your|you'?re|the|out)\s+)*(?:pin|p\.i\.n|code|cvv|password|digits|it|that)"
)
_WARNED_KIND: tuple[tuple[re.Pattern[str], RedactionType], ...] = (
    (re.compile(r"\bпин|\bpin\b|\bp\.i\.n\b"), "PIN"),
    (re.compile(r"cvv|cvc|цвв|обратн\w* сторон|оборот|сзади|on the back|security code"), "CVV"),
    (re.compile(r"смс|sms|сообщени|text"), "SMS_CODE"),
    (re.compile(r"карт|card"), "CARD_NUMBER"),
    # "Срок не нужен": the card's expiry
    (re.compile(r"срок|expir|valid"), "CARD_EXPIRY"),
)
_CARD_MOST_DIGITS = 19
# the warning as the reply's first words ("Нет, пин никому не называйте"), a reaction to what was just
# said, not the agent's routine reminder later in a longer turn
_WARNING_REACH = 30
# "3 коробки по 1500", "за 2400": a price, however short
_PRICE_BEFORE = re.compile(r"(?:\bпо|\bза|сто[ия]т\w*|цен\w*|\bfor|\bat|costs?)\W*$")
_PIN_GLUED_RIGHT_BEFORE = re.compile(r"(?:пин|pin)[\s,:\-–—]*$")
_CODE_KINDS: tuple[RedactionType, ...] = ("PIN", "CVV", "SMS_CODE")
_CODE_MOST_DIGITS = 8


def _code_like(text: str, run: Run, context: str = "") -> bool:
    """Three to eight digits (two right after a code's name: "три цифры сзади ... Там семь, четыре" begun
    and stopped), not a round number, a price, or a quantity."""
    return (
        (
            (_code_named_before(text, run, context) is not None and len(run.digits) >= 2)
            or len(run.digits) >= CODE_DIGITS
        )
        and len(run.digits) <= _CODE_MOST_DIGITS
        and not ROUND_NUMBER.fullmatch(run.digits)
        and not priced(text, run)
        and not _quantity(text, run)
    )


def _card_piece(text: str, run: Run) -> bool:
    """Four digits or more of a card begun and stopped, not a quantity."""
    return 4 <= len(run.digits) <= _CARD_MOST_DIGITS and not _quantity(text, run)


_LAST_DIGIT = re.compile(r"(?:\d|" + DIGIT_WORD.pattern + r")(?=[\s,.!?…-]*$)", re.IGNORECASE)
# a lone figure with no other figure after it in the turn: the customer's apology for it heard in the
# same turn ("... пин-код 1, да, извините"); a digit word there may be a word ("oh sorry", "ещё раз")
_LAST_LONE_FIGURE = re.compile(r"(?<!\d)\d(?!\d)(?!.*\d)", re.DOTALL)
_FIRST_DIGIT_REACH = 30  # characters between the code's name and its first digit


def _first_digit_cut_off(text: str, found: Sequence[Found]) -> list[Found]:
    """The last digit of the turn, one, right after a code's name ("... and the code on the back is
    seven" - "You can stop right there. I don't need the security code"; "там пин-код 1, да, извините,
    привычка", the customer's apology heard in the same turn): the code begun, of the kind named."""
    last = _LAST_DIGIT.search(text) or _LAST_LONE_FIGURE.search(text)
    if (
        last is None
        or any(f.start < last.end() and last.start() < f.end for f in found)
        or UNIT_OR_TIME_AFTER.match(text, last.end())
    ):
        return []
    kinds = nearest_triggered(_CODE_KINDS, fold(text)[max(0, last.start() - _FIRST_DIGIT_REACH) : last.start()], "")
    return [Found(kinds[0], last.start(), last.end())] if kinds else []


def _named_first(reply: str) -> RedactionType | None:
    """The kind the warning names first ("Стоп, код с оборота никому не называйте, и номер карты не нужен":
    the CVV)."""
    named = [(m.start(), kind) for pattern, kind in _WARNED_KIND if (m := pattern.search(reply))]
    return min(named)[1] if named else None


def _cut_off(text: str, run: Run) -> bool:
    """Two digits or more that end the turn, not a quantity: what the speaker was saying when the warning
    cut in ("... и кот наобороте 8. один," - "Стоп, код никому не называйте"), however its name was heard."""
    return (
        len(run.digits) >= 2
        and not text[run.end :].strip(" ,.!?…-")
        and not priced(text, run)
        and not _quantity(text, run)
    )


def priced(text: str, run: Run) -> bool:
    """A price's word right before the number ("по 1450", "за 2400")."""
    return bool(_PRICE_BEFORE.search(fold(text[max(0, run.start - 20) : run.start])))


def _quantity(text: str, run: Run) -> bool:
    """A sum, or a number with its currency, count, period, unit or time after it."""
    return said_as_sum(text, run) or never_a_code(text, run) or bool(UNIT_OR_TIME_AFTER.match(text, run.end))


def _code_named_before(text: str, run: Run, context: str) -> RedactionType | None:
    """The code named closest before the run in its turn (or in the question before it)."""
    before = fold(text)[max(0, run.start - TRIGGER_WINDOW) : run.start]
    kinds = nearest_triggered(_CODE_KINDS, before, context)
    if kinds:
        return kinds[0]
    # "Я знаю её бен, 1, 9": the code's name as the recogniser changed it; "я в Велопин 5.9" ("ввела пин"):
    # glued to the word before it
    if _PIN_GLUED_RIGHT_BEFORE.search(before):
        return "PIN"
    return next((k for k in _CODE_KINDS if k in near_triggers(before)), None)


def regretted_at_once(text: str, context: str, left: list[Run], found: list[Found]) -> list[Found]:
    """A short number the speaker regrets saying within a few words ("семь два ноль восемь... ой, вам же
    нельзя говорить"): a code of the kind the words before it (or the question) name, else a
    DICTATED_NUMBER."""
    folded = fold(text)
    out = []
    for run in left:
        if any(f.start <= run.start < f.end for f in found) or not _code_like(text, run, context):
            continue
        after = folded[run.end : run.end + _REGRET_REACH]
        regret = _REGRET.search(after)
        if regret is None or any(ch.isdigit() for ch in after[: regret.start()]):
            continue
        out.append(Found(_code_named_before(text, run, context) or "DICTATED_NUMBER", run.start, run.end))
    return out


def warned_after(
    texts: Sequence[str], speakers: Sequence[str], found: Sequence[list[Found]], left: Sequence[list[Run]]
) -> dict[int, list[Found]]:
    """The short numbers left in a turn that the other party answers with a warning ("пин никому не
    называйте"): codes of the kind named before them, else of the kind the warning names (a
    DICTATED_NUMBER when neither names one)."""
    extra: dict[int, list[Found]] = {}
    for i in range(len(texts) - 1):
        if speakers[i + 1] == speakers[i]:
            continue
        reply = fold(texts[i + 1])
        warning = _WARNING.search(reply)
        if warning is None or warning.start() > _WARNING_REACH:
            continue
        warned = _named_first(reply)
        context = fold(texts[i - 1]) if i else ""
        codes = [
            Found(_code_named_before(texts[i], r, context) or warned or "DICTATED_NUMBER", r.start, r.end)
            for r in left[i]
            if (
                _code_like(texts[i], r, context)
                or (warned == "CARD_NUMBER" and _card_piece(texts[i], r))
                or _cut_off(texts[i], r)
            )
            and not any(f.start < r.end and r.start < f.end for f in found[i])
        ]
        codes += _first_digit_cut_off(texts[i], found[i] + codes)
        kind = warned or "DICTATED_NUMBER"
        if kind != "DICTATED_NUMBER":  # a short number found only as dictated takes the warned kind
            codes += [
                Found(kind, f.start, f.end)
                for f in found[i]
                if f.type == "DICTATED_NUMBER"
                and CODE_DIGITS <= len(re.sub(r"\D", "", texts[i][f.start : f.end])) <= _CODE_MOST_DIGITS
            ]
        if codes:
            extra[i] = codes
    return extra
