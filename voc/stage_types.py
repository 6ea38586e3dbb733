"""Types the stages and the pipeline share, kept below both so neither imports the other for them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from voc.schemas import CallDateSource, Speaker


@dataclass(frozen=True)
class AnalyzeOptions:
    layout: tuple[Speaker, ...] = ("agent", "customer")
    language: str | None = None  # None: detect
    call_date: dt.date | None = None
    call_date_source: CallDateSource = "today"
    first_speaker: Speaker | None = None  # mono calls: who speaks first, from the telephony metadata
