"""The redaction stage: personal data found in the turns is replaced by masks such as
`[CARD_NUMBER]` in every text of the result (turn text, words, display text, cues, task
evidence, entities, summary), and listed in `CallAnalysis.redactions`.

It runs after extraction and the summary (tasks need the dates and amounts first; they are not
personal data and survive). Derived texts are cleaned two ways: the exact words that were
masked in a turn (as spoken and as the display text wrote them), and any digit sequence equal to
one that was masked, however it is grouped ("4276 3800 1234 5678", "4276380012345678").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar, cast

from pydantic import BaseModel
from rapidfuzz.distance import Levenshtein

from voc.redaction.detect import find_personal_data
from voc.redaction.dictation import digit_runs
from voc.redaction.names import find_person_names
from voc.redaction.questions import asked_for
from voc.redaction.spans import Found, Run
from voc.redaction.triggers import TRIGGERS
from voc.schemas import Redaction, RedactionType, Turn, Word
from voc.stage_types import TextFindings
from voc.text.itn import add_display_text, display_text, word_positions
from voc.text.language import detect_text_language

_DERIVED_DIGITS = re.compile(r"\+?\d(?:[\d ,\-().\u00a0/]*\d)?")

M = TypeVar("M", bound=BaseModel)
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


def _card_over_two_turns(turns: Sequence[Turn], runs: list[list[Run]], contexts: list[str]) -> dict[int, list[Found]]:
    """A card number read partly in one turn and finished in the speaker's next turn (the other
    party may say "да" in between): two leftover runs of 4-12 digits that make 13-19 together,
    after a word about a card."""
    extra: dict[int, list[Found]] = {}
    for i, turn in enumerate(turns):
        if not runs[i]:
            continue
        first = runs[i][-1]
        head = turn.text.lower()[: first.start]
        if not 4 <= len(first.digits) <= 12 or not (
            TRIGGERS["CARD_NUMBER"].search(head) or TRIGGERS["CARD_NUMBER"].search(contexts[i])
        ):
            continue
        for j in range(i + 1, min(i + 3, len(turns))):
            if turns[j].speaker != turn.speaker or not runs[j]:
                continue
            second = runs[j][0]
            if 13 <= len(first.digits) + len(second.digits) <= 19:
                extra.setdefault(i, []).append(Found("CARD_NUMBER", first.start, first.end))
                extra.setdefault(j, []).append(Found("CARD_NUMBER", second.start, second.end))
            break
    return extra


_READ_BACK_DIGITS = 5  # a leftover run this long, one edit from a piece of a masked number, is that number again


def _misheard_read_backs(
    turns: Sequence[Turn], found: list[list[Found]], runs: list[list[Run]], language: str
) -> dict[int, list[Found]]:
    """A number read back (or said again) as the recogniser heard it the second time, a digit
    dropped or changed ("записала 8-9-7-4-8-2 на 7-7-7" after the customer's "8 937 482 07 37"): a
    leftover run of five digits or more within one edit of a piece of a number masked in another
    turn is masked as that number."""
    masked: list[tuple[int, str, RedactionType]] = []
    for i, (turn, hits) in enumerate(zip(turns, found, strict=True)):
        for f in hits:
            digits = "".join(r.digits for r in digit_runs(turn.text[f.start : f.end], language))
            if len(digits) >= _READ_BACK_DIGITS:
                masked.append((i, digits, f.type))
    extra: dict[int, list[Found]] = {}
    for i, turn_runs in enumerate(runs):
        for run in turn_runs:
            n = len(run.digits)
            if n < _READ_BACK_DIGITS or any(f.start < run.end and run.start < f.end for f in found[i]):
                continue
            for j, digits, kind in masked:
                pieces = {digits[a : a + m] for m in (n - 1, n, n + 1) for a in range(len(digits) - m + 1)}
                if j != i and any(Levenshtein.distance(run.digits, p, score_cutoff=1) <= 1 for p in pieces):
                    extra.setdefault(i, []).append(Found(kind, run.start, run.end))
                    break
    return extra


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


def _asked_before(turns: Sequence[Turn], i: int) -> RedactionType | None:
    """What the other party's last question before turn `i` asked for; their short acknowledgements
    ("так", "да", "записываю") in between do not end the answer, nor do the speaker's own earlier
    pieces of it (a card number read in two goes)."""
    for j in range(i - 1, max(-1, i - 5), -1):
        if turns[j].speaker == turns[i].speaker:
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
        hits, runs = find_personal_data(turn.text, lang, context, allowed, question)
        if names and lang == "ru" and "PERSON_NAME" in allowed:
            taken = [(h.start, h.end) for h in hits]
            hits += [n for n in find_person_names(turn.text) if not any(a < n.end and n.start < b for a, b in taken)]
        found.append(hits)
        left.append(runs)
    if "CARD_NUMBER" in allowed:
        for i, extra in _card_over_two_turns(turns, left, contexts).items():
            found[i] = sorted(found[i] + extra, key=lambda f: f.start)
    for i, extra in _misheard_read_backs(turns, found, left, lang).items():
        found[i] = sorted(found[i] + extra, key=lambda f: f.start)
    secrets = Secrets()
    for turn, hits in zip(turns, found, strict=True):
        for f in hits:
            secrets.add(turn.text[f.start : f.end], f.type, lang)
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
    return TextFindings(
        turns=cleaned,
        customer=secrets.clean_model(findings.customer),
        agent=secrets.clean_model(findings.agent),
        entities=[secrets.clean_model(e) for e in findings.entities],
        tasks=[secrets.clean_model(t) for t in findings.tasks],
        summary=secrets.clean_model(findings.summary),
        warnings=findings.warnings,
        redactions=redactions,
    )
