"""The summary panel and the tasks table of the CLI's readable view."""

from __future__ import annotations

import datetime as dt
import re

from rich.console import Console

from voc.cli.render_summary import extraction_view
from voc.extract import extract_tasks
from voc.schemas import CallAnalysis, ChannelInfo, Turn
from voc.summary import ExtractiveSummarizer, summarize_call

CALL = dt.date(2026, 11, 25)
DEPOSIT_CALL = (
    ("agent", "Банк «Северный», здравствуйте."),
    ("customer", "Здравствуйте. У меня вклад заканчивается пятнадцатого марта, хочу узнать про продление."),
    ("agent", "Ставки ещё не утверждены, я вам перезвоню в пятницу."),
    ("customer", "Хорошо, спасибо большое."),
)


def turns_of(*lines: tuple[str, str]) -> list[Turn]:
    return [Turn(index=i, speaker=s, start=float(i), end=float(i) + 0.9, text=t) for i, (s, t) in enumerate(lines)]  # type: ignore[arg-type]


def test_render_shows_summary_and_tasks() -> None:
    turns = turns_of(*DEPOSIT_CALL)
    tasks = extract_tasks(turns, "ru", CALL)
    analysis = CallAnalysis(
        duration_s=4.0,
        language="ru",
        channels=ChannelInfo(mode="text", layout=["agent", "customer"]),
        call_date=CALL,
        call_date_source="argument",
        turns=turns,
        tasks=tasks,
        summary=summarize_call(turns, tasks, None, "ru", ExtractiveSummarizer()),
    )
    console = Console(width=160, record=True)
    console.print(*extraction_view(analysis))
    shown = console.export_text()
    assert "Summary" in shown and "CRM tasks" in shown
    assert "2027-03-15" in shown and "Перезвонить клиенту 27.11.2026" in shown
    callback = next(line for line in shown.splitlines() if "Перезвонить клиенту" in line)
    turn = next(t for t in tasks if t.type == "callback").evidence.turn
    assert re.search(rf"│\s*{turn + 1}\s*│", callback), "the quote's turn, counted from 1"
