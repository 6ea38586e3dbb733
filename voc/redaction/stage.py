"""The redaction stage: personal data found in the turns is replaced by masks such as
`[CARD_NUMBER]` in every text of the result (turn text, words, display text, cues, task
evidence, entities, summary), and listed in `CallAnalysis.redactions`.

It runs after extraction and the summary (tasks need the dates and amounts first; they are not
personal data and survive). Derived texts are cleaned two ways: the exact words that were
masked in a turn (as spoken and as the display text wrote them), and any digit sequence equal to
one that was masked, however it is grouped ("4276 3800 1234 5678", "4276380012345678").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar, cast

from pydantic import BaseModel
from rapidfuzz.distance import OSA

from voc.redaction.cards import LAST_FOUR, LAST_FOUR_MASKED, said_as_last_four
from voc.redaction.contacts import addresses_in_sentences, addresses_read_back, glued_addresses_read_back
from voc.redaction.detect import classify, find_personal_data
from voc.redaction.dictation import DIGIT_WORD, digit_runs
from voc.redaction.names import find_person_names
from voc.redaction.questions import asked_for
from voc.redaction.references import named_other_number
from voc.redaction.regrets import warned_after
from voc.redaction.spans import WORD, Found, Run, fold
from voc.redaction.triggers import TRIGGER_WINDOW, TRIGGERS, triggered
from voc.schemas import Entity, Redaction, RedactionType, Task, Turn, Word
from voc.stage_types import TextFindings
from voc.text.itn import add_display_text, display_text, word_positions
from voc.text.language import detect_text_language

_DERIVED_DIGITS = re.compile(r"\+?\d(?:[\d ,\-().\u00a0/]*\d)?")

M = TypeVar("M", bound=BaseModel)
_SHORT_SECRET_DIGITS = 3  # a masked span with fewer digits is cleaned from derived texts with its word before
_READ_BACK_ADDRESS_TURNS = 3  # turns after a masked address in which it may be read back
_ACKNOWLEDGEMENT_WORDS = 2  # "так", "да, записываю": the other party is still listening


def mask(kind: RedactionType) -> str:
    return f"[{kind}]"


@dataclass
class Secrets:
    """What was masked, for cleaning the texts derived from the turns."""

    literals: dict[str, str] = field(default_factory=dict)  # spoken or display form -> mask
    digits: dict[str, str] = field(default_factory=dict)  # digit string -> mask

    def add(self, original: str, kind: RedactionType, language: str) -> None:
        token = mask(kind)
        original = original.strip()
        shown = display_text(original, language).text.strip()
        for literal in (original, shown):
            # digits alone are matched as whole digit runs below, never inside a longer number
            if any(ch.isalpha() for ch in literal):
                self.literals[literal] = token
        digits = "".join(ch for ch in shown if ch.isdigit())
        if len(digits) >= 3:
            self.digits[digits] = token
        # a number corrected mid-way is one span ("8216, нет, 8219"): each piece is also a secret on
        # its own, so the corrected code read back alone is masked again
        pieces = digit_runs(original, language)
        if len(pieces) > 1:
            for piece in pieces:
                if len(piece.digits) >= 3:
                    self.digits.setdefault(piece.digits, token)

    def add_span(self, text: str, hit: Found, language: str) -> None:
        """What `hit` masks in `text`; a span of under three digits with the word said before it as well
        ("Велопин 5.9"): two digits alone would match any number, and the summary quotes the turn (a word
        of four letters or more: "до 19" would mask every "до 19-го декабря"; a code begun with "seven" every
        "seven")."""
        said = text[hit.start : hit.end]
        # numbers said in words count by the digits they stand for ("eleven twenty-nine": 4)
        shown = display_text(said, language).text
        digits = max(len(re.sub(r"\D", "", said)) + len(DIGIT_WORD.findall(said)), len(re.sub(r"\D", "", shown)))
        if hit.type in ("EMAIL", "PERSON_NAME") or digits >= _SHORT_SECRET_DIGITS:
            self.add(said, hit.type, language)
        else:
            before = re.search(r"[^\W\d_][\w-]{3,}[\s,:]*$", text[: hit.start])
            if before is not None:
                self.literals[text[before.start() : hit.end]] = mask(hit.type)

    def _matches(self, digits: str) -> str | None:
        for secret, token in self.digits.items():
            if digits == secret or (len(secret) >= 6 and secret in digits) or (len(digits) >= 6 and digits in secret):
                return token
        return None

    def locate(self, text: str, language: str) -> list[Found]:
        """Where `text` says something already masked elsewhere (the agent reading a card back, a
        spelled address repeated): the turn gets a redaction of its own, so its audio is silenced too."""
        out: list[Found] = []
        for literal in sorted(self.literals, key=len, reverse=True):
            at = text.find(literal)
            while at >= 0:
                out.append(Found(_kind(self.literals[literal]), at, at + len(literal)))
                at = text.find(literal, at + len(literal))
        for run in digit_runs(text, language):
            token = self._matches(run.digits)
            if token is not None and len(run.digits) >= 3:
                out.append(Found(_kind(token), run.start, run.end))
        return out

    def clean(self, text: str) -> str:
        for literal in sorted(self.literals, key=len, reverse=True):
            if literal in text:
                text = text.replace(literal, self.literals[literal])
        if not self.digits:
            return text

        def swap(match: re.Match[str]) -> str:
            token = self._matches("".join(ch for ch in match.group() if ch.isdigit()))
            return match.group() if token is None else token

        return _DERIVED_DIGITS.sub(swap, text)

    def clean_model(self, model: M) -> M:
        return type(model).model_validate(self._walk(model.model_dump()))

    def _walk(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.clean(value)
        if isinstance(value, list):
            return [self._walk(v) for v in value]
        if isinstance(value, dict):
            return {k: self._walk(v) for k, v in value.items()}
        return value


def _kind(token: str) -> RedactionType:
    return cast(RedactionType, token.strip("[]"))


def _merge(found: list[Found]) -> list[Found]:
    merged: list[Found] = []
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if merged and f.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Found(last.type, last.start, max(last.end, f.end), last.checksum_valid)
        else:
            merged.append(f)
    return merged


def _mask_turn(turn: Turn, found: list[Found], language: str) -> tuple[Turn, list[Redaction]]:
    positions = word_positions(turn.text, [w.word for w in turn.words])

    def inside(start: int, end: int) -> list[int]:
        return [i for i, (a, b) in enumerate(positions) if a >= 0 and a < end and b > start]

    widened = []
    for f in found:  # each span widened to whole words, so no word is left half masked
        words = inside(f.start, f.end)
        start = min([f.start] + [positions[i][0] for i in words])
        end = max([f.end] + [positions[i][1] for i in words])
        while end > f.end and turn.text[end - 1] in ",.!?;:…":  # the word's punctuation stays
            end -= 1
        widened.append(Found(f.type, start, end, f.checksum_valid))
    text, cursor, redactions = "", 0, []
    first_word: dict[int, Word] = {}  # index of a span's first word -> the mask word that replaces the span
    masked: set[int] = set()
    for f in _merge(widened):
        text += turn.text[cursor : f.start]
        char_start = len(text)
        text += mask(f.type)
        cursor = f.end
        words = inside(f.start, f.end)
        timed = [turn.words[i] for i in words]
        if timed:
            first_word[words[0]] = Word(
                word=" " + mask(f.type),
                start=timed[0].start,
                end=max(w.end for w in timed),
                probability=min(w.probability for w in timed),
            )
        masked.update(words)
        redactions.append(
            Redaction(
                type=f.type,
                turn_index=turn.index,
                char_start=char_start,
                char_end=len(text),
                start=timed[0].start if timed else None,
                end=max(w.end for w in timed) if timed else None,
                checksum_valid=f.checksum_valid,
            )
        )
    text += turn.text[cursor:]
    words_out = [first_word.get(i, w) for i, w in enumerate(turn.words) if i in first_word or i not in masked]
    updated = turn.model_copy(update={"text": text, "words": words_out})
    return add_display_text([updated], language)[0], redactions


_SPLIT_KINDS: set[RedactionType] = {"CARD_NUMBER", "PHONE", "PASSPORT", "SNILS", "INN", "ACCOUNT_NUMBER", "SSN"}
_LISTENING_WORDS = 4  # words of the other party's turn between two pieces of one number, at most
_AROUND_SPLIT_WORDS = 4  # words at most after the first piece of a split number, and before its second


def _digits_of(turn: Turn, hit: Found, language: str) -> Run:
    return Run(hit.start, hit.end, "".join(r.digits for r in digit_runs(turn.text[hit.start : hit.end], language)))


def _numbers(turn: Turn, runs: list[Run], hits: list[Found], language: str) -> list[tuple[Run, RedactionType | None]]:
    """The numbers of a turn, in order, with their kind: None for its leftover runs and for what it
    could only call a DICTATED_NUMBER."""
    numbers: list[tuple[Run, RedactionType | None]] = [(run, None) for run in runs]
    for hit in hits:
        if hit.type == "DICTATED_NUMBER":
            numbers.append((_digits_of(turn, hit, language), None))
        elif hit.type in _SPLIT_KINDS:
            numbers.append((_digits_of(turn, hit, language), hit.type))
    return sorted(numbers, key=lambda number: number[0].start)


def _number_over_two_turns(
    turns: Sequence[Turn], found: list[list[Found]], runs: list[list[Run]], contexts: list[str], language: str
) -> dict[int, list[Found]]:
    """A number begun at the end of one turn and finished at the start of the speaker's next (the other
    party's "так", "да" or "записываю... да?" between): the two pieces read as one number are of the
    kind the first turn's words or the question before it name ("продиктуйте номер карты" - "2200 7000" -
    "так" - "0012 3454"; "мой номер восемь девятьсот шестнадцать" - "так" - "сто двадцать три, сорок
    пять, шестьдесят семь"; "нужен ваш СНИЛС" - "сто пятьдесят шесть, двести сорок семь" - "да?" -
    "ноль восемьдесят один, шестьдесят семь"), or whose checksum holds over both pieces. A first piece
    already typed keeps its kind."""
    extra: dict[int, list[Found]] = {}
    for i, turn in enumerate(turns):
        numbers = _numbers(turn, runs[i], found[i], language)
        if not numbers or len(WORD.findall(turn.text[numbers[-1][0].end :])) > _AROUND_SPLIT_WORDS:
            continue
        first, first_kind = numbers[-1]
        for j in range(i + 1, min(i + 3, len(turns))):
            if turns[j].speaker != turn.speaker:
                if len(WORD.findall(turns[j].text)) > _LISTENING_WORDS:
                    break  # the other party said more than "так" or "записываю... да?": the number ended
                continue
            later = _numbers(turns[j], runs[j], found[j], language)
            if (
                not later
                or later[0][1] not in (None, "DICTATED_NUMBER")
                or len(WORD.findall(turns[j].text[: later[0][0].start])) > _AROUND_SPLIT_WORDS
            ):
                break
            second = later[0][0]
            folded = fold(turn.text)
            whole = classify(
                Run(first.start, first.end, first.digits + second.digits), turn.text, folded, contexts[i], language
            )
            if (
                whole is not None
                and whole.type in _SPLIT_KINDS
                and _retypable(first_kind, whole.type)
                # the kind named, or a checksum that holds over both pieces (an ИНН asked for as "ваш Ант")
                and (triggered(whole.type, folded[: first.start], contexts[i]) or whole.checksum_valid)
            ):
                if first_kind != whole.type:
                    extra.setdefault(i, []).append(Found(whole.type, first.start, first.end))
                extra.setdefault(j, []).append(Found(whole.type, second.start, second.end))
            break
    return extra


def _retypable(first: RedactionType | None, whole: RedactionType) -> bool:
    """The first piece of a number over two turns may take the whole number's kind: it had none, was only
    a dictated number, or was taken for a card by its length alone (thirteen digits of a twenty-digit
    account: "переведите на счёт ... 4, 0, 8, 0, 2, 8, 1, 0, 4, 2, 7, 5, 0" - "дальше" - "0, 0, 1, 9, 3, 6, 8")."""
    return first in (None, whole, "DICTATED_NUMBER") or (first == "CARD_NUMBER" and whole == "ACCOUNT_NUMBER")


# The most digits each split kind has: a first piece whose digits and the typed second piece's come to
# more than one over this is another number.
_MOST_DIGITS: dict[RedactionType, int] = {
    "CARD_NUMBER": 19, "PHONE": 12, "PASSPORT": 10, "SNILS": 11, "INN": 12, "ACCOUNT_NUMBER": 20, "SSN": 9,
}  # fmt: skip


def _begun_before_a_typed_piece(
    turns: Sequence[Turn], found: list[list[Found]], runs: list[list[Run]], contexts: list[str], language: str
) -> dict[int, list[Found]]:
    """The first piece of a number whose second piece, in the speaker's next turn, is already masked
    ("Номер 8, 962," - "да" - "[PHONE]", where the recogniser lost a digit, so the two pieces read
    together make no valid phone and the second was typed only as the agent's read-back of it): the
    leftover digits at the end of the first turn are the same number when its words name that kind
    (or the question before asked for it) and the two pieces' digits are no more than that kind has."""
    extra: dict[int, list[Found]] = {}
    for i, turn in enumerate(turns):
        if not runs[i]:
            continue
        first = max(runs[i], key=lambda run: run.start)
        if len(first.digits) < 2 or len(WORD.findall(turn.text[first.end :])) > _AROUND_SPLIT_WORDS:
            continue
        if any(f.end > first.start for f in found[i]):
            continue  # masked already, or something masked after it: not where the number breaks off
        for j in range(i + 1, min(i + 3, len(turns))):
            if turns[j].speaker != turn.speaker:
                continue
            later = sorted(found[j], key=lambda f: f.start)
            if not later or len(WORD.findall(turns[j].text[: later[0].start])) > _AROUND_SPLIT_WORDS:
                break
            kind = later[0].type
            second = _digits_of(turns[j], later[0], language)
            if (
                kind in _SPLIT_KINDS
                and len(first.digits) + len(second.digits) <= _MOST_DIGITS[kind] + 1
                and triggered(kind, fold(turn.text)[: first.start], contexts[i])
            ):
                extra.setdefault(i, []).append(Found(kind, first.start, first.end))
            break
    return extra


_READ_BACK_DIGITS = 5  # a leftover run this long, one edit from a piece of a masked number, is that number again
_READ_BACK_CODE_DIGITS = 4  # a shorter one only as a whole code of its length, one digit changed or two swapped,
_READ_BACK_CODE_TURNS = 3  # this many turns apart at most
_READ_BACK_LONG_DIGITS = 6  # a leftover run this long may differ by two edits ("шестьсот восемнадцать двести
_READ_BACK_EDITS_LONG = 2  # пятьдесят три" read back for the passport's "617243")


def _misheard_read_backs(
    turns: Sequence[Turn], found: list[list[Found]], runs: list[list[Run]], language: str
) -> dict[int, list[Found]]:
    """A number read back (or said again) as the recogniser heard it the second time, a digit
    dropped or changed ("записала 8-9-7-4-8-2 на 7-7-7" after the customer's "8 937 482 07 37") or
    two neighbours swapped ("двести четырнадцать" read back for "двести сорок один"): a leftover run
    of five digits or more within one such edit (six or more: two) of a piece of a number masked in another turn is
    masked as that number; so is one this turn could only call a DICTATED_NUMBER (the caller puts
    the typed span in its place), and a run of four digits one such edit from a whole code of four
    masked at most three turns before or after ("Ввожу семь четыре ноль три" after the SMS code
    "семь четыре ноль два")."""
    masked: list[tuple[int, str, RedactionType]] = []
    for i, (turn, hits) in enumerate(zip(turns, found, strict=True)):
        for f in hits:
            digits = "".join(r.digits for r in digit_runs(turn.text[f.start : f.end], language))
            if len(digits) >= _READ_BACK_CODE_DIGITS:
                masked.append((i, digits, f.type))
    extra: dict[int, list[Found]] = {}
    for i, turn_runs in enumerate(runs):
        untyped = [_digits_of(turns[i], f, language) for f in found[i] if f.type == "DICTATED_NUMBER"]
        for run in [*turn_runs, *untyped]:
            n = len(run.digits)
            if n < _READ_BACK_CODE_DIGITS or (
                run not in untyped and any(f.start < run.end and run.start < f.end for f in found[i])
            ):
                continue
            for j, digits, kind in masked:
                if j == i or (run in untyped and kind == "DICTATED_NUMBER"):
                    continue
                if min(n, len(digits)) < _READ_BACK_DIGITS:
                    # a code read back with one digit changed ("Ввожу семь четыре ноль три" after "семь
                    # четыре ноль два"): all of it, in the next few turns
                    pieces = {digits} if n == len(digits) and abs(i - j) <= _READ_BACK_CODE_TURNS else set()
                else:
                    pieces = {digits[a : a + m] for m in (n - 1, n, n + 1) for a in range(len(digits) - m + 1)}
                edits = _READ_BACK_EDITS_LONG if n >= _READ_BACK_LONG_DIGITS else 1
                if any(OSA.distance(run.digits, p, score_cutoff=edits) <= edits for p in pieces):
                    extra.setdefault(i, []).append(Found(kind, run.start, run.end))
                    break
    return extra


_END_NAMED = re.compile(
    r"(?:в конце|на конце|последн\w* (?:две|2|три|3)(?: (?:цифр\w*|точно|вот|знак\w*))?|(?:поправ|исправ)\w*|"
    # "the last two are five six", heard "the last two or five six"
    r"at the end|last (?:two|2|three|3)(?: digits)?(?: (?:are|is|or|were|should be))?)\W*$"
)
# "Нет. 601.": the other party's answer to an end read back wrong, right after its "no"
_END_CORRECTED = re.compile(r"(?:\bнет|\bне так|\bno\b|\bnope\b)[^\d]{0,20}$")
_CARD_LENGTHS = range(13, 20)
_LAST_FOUR_TURNS = 3  # turns after a number was masked in which its last four may be read back


def _last_four_of_a_number_just_given(
    turns: Sequence[Turn], found: list[list[Found]], language: str
) -> dict[int, list[Found]]:
    """ "Проверяю, заканчивается на 98-76", "Ending 3907, correct": four digits named as a number's last
    soon after a phone, an account, an ИНН, a СНИЛС, a passport or an SSN was masked, with no card named
    before them, are that number's (only a card's last four may be shown)."""
    extra: dict[int, list[Found]] = {}
    for i, turn in enumerate(turns):
        given = [
            f.type
            for k in range(max(0, i - _LAST_FOUR_TURNS), i)
            for f in sorted(found[k], key=lambda f: f.start)
            if f.type in LAST_FOUR_MASKED
            # a dictated number no card's length ("505. 386. 626. 610." to a garbled question for the ИНН)
            or (f.type == "DICTATED_NUMBER" and len(_digits_of(turns[k], f, language).digits) not in _CARD_LENGTHS)
        ]
        if not given:
            continue
        folded = fold(turn.text)
        # the end read back in the turn before, of this many digits ("Последние три точно. 6, 1, 0.")
        read_back = [len(_digits_of(turns[i - 1], f, language).digits) for f in extra.get(i - 1, [])]
        # "Just the last four, please. I don't need the whole number." - "Oh, sorry. 331-9."
        question = fold(turns[i - 1].text) if i and turns[i - 1].speaker != turn.speaker else ""
        last_four_asked = bool(LAST_FOUR.search(question)) and not TRIGGERS["CARD_NUMBER"].search(question)
        for run in digit_runs(turn.text, language):
            if any(f.start < run.end and run.start < f.end for f in found[i]):
                continue
            before = folded[max(0, run.start - TRIGGER_WINDOW) : run.start]
            named_last = (
                said_as_last_four(run, turn.text, folded)
                # "Да и нет, в конце 93 я перепутала": the end of the number corrected
                or (2 <= len(run.digits) <= 4 and bool(_END_NAMED.search(folded[max(0, run.start - 30) : run.start])))
                # "Нет. 601.": that end corrected in the answer
                or (len(run.digits) in read_back and bool(_END_CORRECTED.search(before)))
                # the last four asked for again by the other party
                or (len(run.digits) == 4 and last_four_asked)
            )
            if named_last and not TRIGGERS["CARD_NUMBER"].search(before) and not named_other_number(before):
                extra.setdefault(i, []).append(Found(given[-1], run.start, run.end))
    return extra


_PASSPORT_TURNS = 3  # turns after a masked passport in which its number may be said again
_SERIES_GAP = 12  # characters between a passport's series and its number
_PASSPORT_NUMBER_NAMED = re.compile(r"(?:номер|number)\w*[\s,.:\-–—]*$", re.IGNORECASE)


def _passport_pieces_after_a_passport(
    turns: Sequence[Turn], found: list[list[Found]], runs: list[list[Run]]
) -> dict[int, list[Found]]:
    """A passport's number said again without its name soon after the passport was masked: six digits
    right after "номер" ("Ой нет, не так, я без очков. Номер два, семь, восемь, восемь, один, пять"), or four
    digits and six after them ("А в билете у вас 40-08, 515-142, цифры переставили"), left over or found
    only as a DICTATED_NUMBER."""
    extra: dict[int, list[Found]] = {}
    for i, turn in enumerate(turns):
        if not any(f.type == "PASSPORT" for hits in found[max(0, i - _PASSPORT_TURNS) : i] for f in hits):
            continue
        numbers = sorted(
            [(r.start, r.end, r.digits) for r in runs[i]]
            + [(f.start, f.end, _digits_of(turn, f, "ru").digits) for f in found[i] if f.type == "DICTATED_NUMBER"]
        )
        for at, (start, end, digits) in enumerate(numbers):
            series_then_number = (
                len(digits) == 4
                and at + 1 < len(numbers)
                and len(numbers[at + 1][2]) == 6
                and numbers[at + 1][0] - end <= _SERIES_GAP
            )
            if len(digits) == 10 or series_then_number:
                finish = numbers[at + 1][1] if series_then_number else end
                extra.setdefault(i, []).append(Found("PASSPORT", start, finish))
            elif len(digits) == 6 and _PASSPORT_NUMBER_NAMED.search(turn.text[max(0, start - 20) : start]):
                extra.setdefault(i, []).append(Found("PASSPORT", start, end))
    return extra


def _typed_over_dictated(hits: list[Found], typed: list[Found]) -> list[Found]:
    """`hits` with `typed` spans added, each replacing the DICTATED_NUMBER it covers (or the card that an
    account over two turns turned out to be)."""
    kept = [
        h
        for h in hits
        if not any(
            t.start <= h.start
            and h.end <= t.end
            and (h.type == "DICTATED_NUMBER" or (h.type == "CARD_NUMBER" and t.type == "ACCOUNT_NUMBER"))
            for t in typed
        )
    ]
    return sorted(kept + typed, key=lambda f: f.start)


_MASK = re.compile(r"\[([A-Z_]+)\]")


def _masked_by_cleaning(turns: Sequence[Turn], listed: Sequence[Redaction]) -> list[Redaction]:
    """Masks that only the cleaning put into a turn (a masked number said again inside an amount or a
    date the ITN read: "357 рублей" after the CVV 357) have no span of their own yet: they get one
    without word times, so the audio stage silences their whole turn."""
    taken = {(r.turn_index, r.char_start) for r in listed}
    extra = []
    for turn in turns:
        for match in _MASK.finditer(turn.text):
            if (turn.index, match.start()) not in taken:
                extra.append(
                    Redaction(
                        type=_kind(match.group()),
                        turn_index=turn.index,
                        char_start=match.start(),
                        char_end=match.end(),
                        start=None,
                        end=None,
                    )
                )
    return extra


# how close (characters) a masked span may follow a date's words for the date to have taken its digits
# ("до ноября 27": the recogniser's date "до ноября" got its year from the masked expiry)
_DATE_TAIL = 3


def _dates_read_from_secrets(findings: TextFindings, found: list[list[Found]]) -> dict[dt.date, str]:
    """The dates the analysis read out of what redaction masks (a card's pairs written as "22.02.69",
    an expiry "до ноября 27"): the date would disclose them in task titles, due dates and the summary."""
    out: dict[dt.date, str] = {}
    for entity in findings.entities:
        if entity.kind != "date" or not isinstance(entity.value, str) or not 0 <= entity.turn < len(found):
            continue
        text = findings.turns[entity.turn].text
        # every place the date's words stand as words ("Позвоним 9" after the masked "8-903-571-04-69":
        # not the 9 inside the phone); it was read from a secret only where each of them touches one
        said = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(entity.text) + r"(?!\w)", text)]
        # (not across a sentence's end: "Да, пятого. [DICTATED_NUMBER] и пени спишите")
        masks_touched = [
            next(
                (
                    f
                    for f in found[entity.turn]
                    if f.start < at + len(entity.text) + _DATE_TAIL
                    and at < f.end
                    and not re.search(r"[.!?]", text[at + len(entity.text) : f.start])
                ),
                None,
            )
            for at in said
        ]
        if not said or any(f is None for f in masks_touched):
            continue
        with contextlib.suppress(ValueError):  # a date the analysis could not pin down
            out[dt.date.fromisoformat(entity.value)] = mask(cast(Found, masks_touched[0]).type)
    return out


def _amounts_read_from_secrets(findings: TextFindings, found: list[list[Found]]) -> list[Entity]:
    """The entities, with each amount the analysis read out of what redaction masks ("It's $312.5550148
    still good": a phone the recogniser gave a dollar sign, read as 312.555 USD) masked too: its whole
    digits stand in the turn only inside masked spans. An amount said in words, or also said elsewhere in
    the turn, stays."""
    out = []
    for entity in findings.entities:
        hits = found[entity.turn] if 0 <= entity.turn < len(found) else []
        if entity.kind == "amount" and isinstance(entity.value, float) and hits:
            text = findings.turns[entity.turn].text
            whole = "[,\u00a0 ]?".join(str(int(entity.value)))  # "3,392" for 3392
            said = [m.start() for m in re.finditer(r"(?<![\d.,])" + whole + r"(?!\d)", text)]
            touched = [next((f for f in hits if f.start <= at < f.end), None) for at in said]
            if said and all(f is not None for f in touched):
                entity = entity.model_copy(update={"text": mask(cast(Found, touched[0]).type), "value": None})
        out.append(entity)
    return out


def _without_masked_value(entity: Entity) -> Entity:
    """An amount whose words were masked ("[ACCOUNT_NUMBER] USD") loses its value too: the value is
    the same digits."""
    if entity.kind == "amount" and "[" in entity.text and entity.value is not None:
        return entity.model_copy(update={"value": None})
    return entity


def _forget_dates(secrets: Secrets, tasks: list[Task], dates: dict[dt.date, str]) -> list[Task]:
    """Each such date becomes a secret in its written forms; a task due on one loses its due date."""
    for day, token in dates.items():
        for form in (day.isoformat(), day.strftime("%d.%m.%Y")):
            secrets.literals[form] = token
    return [t.model_copy(update={"due_date": None}) if t.due_date in dates else t for t in tasks]


def redact_text(text: str, language: str | None, types: Collection[RedactionType]) -> str:
    """One text on its own (an IVR utterance, a transcribed clip) with its personal data masked."""
    lang = (language or detect_text_language([text])).lower()
    lang = "ru" if lang.startswith("ru") else "en"
    found, _ = find_personal_data(text, lang, "", set(types))
    out, cursor = "", 0
    for f in _merge(found):
        out += text[cursor : f.start] + mask(f.type)
        cursor = f.end
    return out + text[cursor:]


_CARD_KINDS = ("CARD_NUMBER", "CARD_EXPIRY")
_CARD_TURNS = 4


_ANNOUNCED_REACH = 60  # characters at the end of the speaker's own turn that may announce what they will give
_ANNOUNCED_WORDS = 3  # "запишите новый телефон"; not the word left after a number's first piece


def _asked_before(turns: Sequence[Turn], i: int) -> RedactionType | None:
    """What the other party's last question before turn `i` asked for; their short acknowledgements
    ("так", "да", "записываю") in between do not end the answer, nor do the speaker's own earlier
    pieces of it (a card number read in two goes)."""
    for j in range(i - 1, max(-1, i - 5), -1):
        if turns[j].speaker == turns[i].speaker:
            # "у меня сменился телефон, запишите новый" - "Говорите": the speaker announced what follows,
            # after the turn's last figure (an earlier piece of the number is no announcement)
            announcing = re.split(r"\d", turns[j].text)[-1][-_ANNOUNCED_REACH:]
            if len(announcing.split()) >= _ANNOUNCED_WORDS:
                announced = asked_for(announcing)
                if announced not in (None, "DICTATED_NUMBER"):
                    return announced
            continue
        asked = asked_for(turns[j].text)
        if asked is None and len(turns[j].text.split()) <= _ACKNOWLEDGEMENT_WORDS:
            continue  # "так", "записываю"; not "Срок действия?", which asks in two words
        return asked
    return None


def redact_call(
    findings: TextFindings, language: str, types: Collection[RedactionType], names: bool = False
) -> TextFindings:
    """The pipeline stage: mask personal data of the given types everywhere in the findings (person
    names too with `names`, Russian turns only)."""
    turns = findings.turns
    lang = "ru" if language.startswith("ru") else "en"
    allowed = set(types)
    contexts = [turns[i - 1].text.lower() if i else "" for i in range(len(turns))]
    asked = [_asked_before(turns, i) for i in range(len(turns))]
    found: list[list[Found]] = []
    left: list[list[Run]] = []
    for turn, context, question in zip(turns, contexts, asked, strict=True):
        # every kind is found, so the steps over several turns see a number's pieces whatever is masked
        # a card's number or expiry given in the last few turns: its expiry read back is expected
        card_in_call = any(f.type in _CARD_KINDS for hits in found[-_CARD_TURNS:] for f in hits)
        hits, runs = find_personal_data(turn.text, lang, context, None, question, card_in_call)
        if names and lang == "ru" and "PERSON_NAME" in allowed:
            taken = [(h.start, h.end) for h in hits]
            hits += [n for n in find_person_names(turn.text) if not any(a < n.end and n.start < b for a, b in taken)]
        found.append(hits)
        left.append(runs)
    for i, extra in _number_over_two_turns(turns, found, left, contexts, lang).items():
        found[i] = _typed_over_dictated(found[i], extra)
    for i, extra in _misheard_read_backs(turns, found, left, lang).items():
        found[i] = _typed_over_dictated(found[i], extra)
    for i, extra in _begun_before_a_typed_piece(turns, found, left, contexts, lang).items():
        found[i] = _typed_over_dictated(found[i], extra)
    for i, extra in warned_after([t.text for t in turns], [t.speaker for t in turns], found, left).items():
        found[i] = _typed_over_dictated(found[i], extra)
    for i, extra in _last_four_of_a_number_just_given(turns, found, lang).items():
        found[i] = _typed_over_dictated(found[i], extra)
    for i, extra in _passport_pieces_after_a_passport(turns, found, left).items():
        found[i] = _typed_over_dictated(found[i], extra)
    for i, turn in enumerate(turns):  # an address read back soon after it was masked, however misheard
        addresses = [
            turns[k].text[f.start : f.end]
            for k in range(max(0, i - _READ_BACK_ADDRESS_TURNS), i)
            for f in found[k]
            if f.type == "EMAIL"
        ]
        if addresses:
            said = (
                addresses_read_back(turn.text)
                + addresses_in_sentences(turn.text, 0, found[i])
                + glued_addresses_read_back(turn.text, addresses)
            )
            new: list[Found] = []
            for a in said:
                if not any(h.start < a.end and a.start < h.end for h in found[i] + new):
                    new.append(a)
            found[i] = _typed_over_dictated(found[i], new)
    found = [[f for f in hits if f.type in allowed] for hits in found]
    secrets = Secrets()
    for turn, hits in zip(turns, found, strict=True):
        for f in hits:
            secrets.add_span(turn.text, f, lang)
    for i, turn in enumerate(turns):  # the same data said again in any turn has a span of its own
        again = [
            f for f in secrets.locate(turn.text, lang) if not any(h.start < f.end and f.start < h.end for h in found[i])
        ]
        found[i] = sorted(found[i] + again, key=lambda f: f.start)
    out_turns: list[Turn] = []
    redactions: list[Redaction] = []
    for turn, hits in zip(turns, found, strict=True):
        if not hits:
            out_turns.append(turn)
            continue
        masked, listed = _mask_turn(turn, hits, lang)
        out_turns.append(masked)
        redactions.extend(listed)
    if not redactions:
        return replace(findings, redactions=[])
    cleaned = [secrets.clean_model(t) for t in out_turns]
    redactions += _masked_by_cleaning(cleaned, redactions)
    tasks = _forget_dates(secrets, findings.tasks, _dates_read_from_secrets(findings, found))
    return TextFindings(
        turns=cleaned,
        customer=secrets.clean_model(findings.customer),
        agent=secrets.clean_model(findings.agent),
        entities=[_without_masked_value(secrets.clean_model(e)) for e in _amounts_read_from_secrets(findings, found)],
        tasks=[secrets.clean_model(t) for t in tasks],
        summary=secrets.clean_model(findings.summary),
        warnings=findings.warnings,
        redactions=redactions,
    )
