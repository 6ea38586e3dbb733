"""Calls written as (speaker, text) lines and the tasks extracted from them, for the tests of which
date belongs to which task."""

from __future__ import annotations

import datetime as dt

from voc.extract import extract_tasks
from voc.schemas import Task, Turn

CALL = dt.date(2026, 11, 25)  # a Wednesday


def tasks_of(lines: list[tuple[str, str]], language: str = "ru") -> list[Task]:
    turns = [Turn(index=i, speaker=s, start=float(i), end=float(i) + 0.9, text=t) for i, (s, t) in enumerate(lines)]
    return extract_tasks(turns, language, CALL)


def pairs(tasks: list[Task]) -> list[tuple[str, str | None]]:
    return sorted((t.type, t.due_date.isoformat() if t.due_date else None) for t in tasks)
