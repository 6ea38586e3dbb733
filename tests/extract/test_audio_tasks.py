"""End to end on one synthesised call: Whisper's words -> tasks with quotes and word times."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from voc.extract import entities_from, read_call, tasks_from


@pytest.mark.slow
def test_tasks_from_a_recorded_call(analyzer, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from voc.pipeline import AnalyzeOptions

    audio = data_dir / "tasks" / "audio" / "r17.flac"
    truth = json.loads(audio.with_suffix(".json").read_text(encoding="utf-8"))
    call_date = dt.date.fromisoformat(truth["extra"]["call_date"])
    result = analyzer.analyze_recording(
        audio, AnalyzeOptions(language="en", call_date=call_date, call_date_source="argument")
    )
    reading = read_call(result.turns, "en", call_date)
    _, notices = entities_from(reading)
    tasks = tasks_from(reading)

    assert notices == []
    assert {(t.type, t.due_date.isoformat() if t.due_date else None) for t in tasks} == {
        (g["type"], g["due_date"]) for g in truth["extra"]["tasks"]
    }
    for task in tasks:
        spoken = truth["turns"][0] if task.type == "product_expiry" else truth["turns"][1]
        assert task.evidence.speaker == spoken["speaker"]
        assert task.evidence.start is not None and task.evidence.end is not None
        # the quote's word times fall inside the line as it was placed in the recording
        assert spoken["start"] - 0.5 <= task.evidence.start < task.evidence.end <= spoken["end"] + 0.5
