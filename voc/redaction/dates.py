"""Years and dates said beside personal data ("паспорт ... выдан в 2014 году", "issued in 1998",
"expires on 15.12.2026"), which are facts a task may need and never a piece of the number before them,
whatever was asked.
"""

from __future__ import annotations

import re

from voc.redaction.spans import Run

# "2014 году", "14-м году", "2009 г.", "1998 year": a number with the word for a year after it
_YEAR_WORD_AFTER = re.compile(r"\s*-?(?:го|м|й|ом)?\s*(?:год\w*|гг?\.|г\b|years?\b)", re.IGNORECASE)
# "в 2014", "с 2009", "in 1998", "since 2011": a preposition of time right before a four-digit year
_YEAR_PREPOSITION_BEFORE = re.compile(r"(?:^|\s)(?:в|во|с|со|от|до|in|since|from|of)\s+$", re.IGNORECASE)
_YEARS = range(1900, 2100)
# "15.12.2026", "01/03/21": a day, a month and a year written as a date
_WRITTEN_DATE = re.compile(r"(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?:19|20)?\d{2}")


def named_year_or_date(run: Run, text: str) -> bool:
    """A run that is a year by the words around it: a four-digit year (1900-2099) or a two-digit one with
    the word "год" after it, or a four-digit year after "в", "с", "in", "since"; or a date written with
    its day, month and year ("expires on 15.12.2026")."""
    date = _WRITTEN_DATE.fullmatch(text, run.start, run.end)
    if date is not None and 1 <= int(date["day"]) <= 31 and 1 <= int(date["month"]) <= 12:
        return True
    digits = run.digits
    four_digit_year = len(digits) == 4 and int(digits) in _YEARS
    if (four_digit_year or len(digits) == 2) and _YEAR_WORD_AFTER.match(text, run.end):
        return True
    return four_digit_year and _YEAR_PREPOSITION_BEFORE.search(text[max(0, run.start - 8) : run.start]) is not None
