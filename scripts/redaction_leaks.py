"""Whether a gold span of personal data can still be read in redacted text: the leak criterion of
issue 14, shared by scripts/eval_redaction.py (text sets) and scripts/eval_redaction_audio.py
(synthesised calls), so both score a leak the same way."""

from __future__ import annotations

import re

from voc.text.itn import display_text

SHORT = {"CVV", "PIN", "SMS_CODE", "CARD_EXPIRY"}
_RUN = re.compile(r"\d[\d\s,\-./()\u00a0]*")
_AMOUNT_AFTER = re.compile(r"\s*(?:₽|\$|€|%|руб|RUB|USD|EUR|dollars?)")
# how the display text writes a number said with a thousand word ("сто двадцать тысяч" -> "120 000",
# no-break spaces between the groups): a quantity, never a dictation
_GROUPED_QUANTITY = re.compile(r"\d{1,3}(?:\u00a0\d{3})+")
# a date written with its four-digit year ("15.12.2026" in a task's title) is read as a day, a month and a
# year: "2202" of a Mir card is not read back across its dots ("12.2026"), nor a code begun and stopped,
# "12", as the month; a piece of a secret in its year still is
_DATE_WITH_YEAR = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b")


def readable(kind: str, secret: str, texts: list[str], language: str) -> bool:
    """Whether `secret` (the gold span's digits; for an e-mail, its gold word) can be read back from
    any of `texts`: 4 consecutive digits of it (3 for CVV, PIN, SMS codes, expiry; a shorter span as a
    number of its own), other than a card's last four said alone, or for an e-mail the stem of its gold
    word (all but 3 letters, at least 4)."""
    if kind == "EMAIL":  # the gold word's stem: the recogniser's "смирного" for "смирнова" still names her
        stem = secret.lower()[: max(4, len(secret) - 3)]
        return any(stem in t.lower() for t in texts)
    window = 3 if kind in SHORT else 4
    pieces = {secret[i : i + window] for i in range(len(secret) - window + 1)}
    for text in texts:
        shown = display_text(text, language).text
        for date in _DATE_WITH_YEAR.finditer(shown):
            if len(secret) >= window and any(p in group for p in pieces for group in date.groups()):
                return True
        # the dates read, the rest is read as it runs
        shown = _DATE_WITH_YEAR.sub(lambda date: "|" * len(date.group()), shown)
        for run in _RUN.finditer(shown):
            digits = re.sub(r"\D", "", run.group())
            # a piece shorter than the window (a code begun and stopped: "код, три...") is read back only
            # as a number of its own, not as a digit inside another ("23 400")
            hits = {p for p in pieces if p in digits} if len(secret) >= window else {secret} & {digits}
            # "0000" of an account is not read back from "70 000 ₽" or "аванс 120 000": one digit
            # repeated, inside an amount
            amount = _AMOUNT_AFTER.match(shown, run.end()) or _GROUPED_QUANTITY.fullmatch(run.group().rstrip(" ,-./("))
            if hits and amount:
                hits = {p for p in hits if len(set(p)) > 1}
            # a card's last four said on their own ("the card ending 7128") identify the card without
            # disclosing it (PCI DSS allows showing them); the rest of the number is still a leak
            if kind == "CARD_NUMBER" and digits == secret[-4:]:
                hits.discard(digits)
            if hits:
                return True
    return False
