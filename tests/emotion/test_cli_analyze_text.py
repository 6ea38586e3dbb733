"""`voc analyze-text` end to end on conversation files, with the real packaged classifier."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from voc.cli import app
from voc.schemas import CallAnalysis

runner = CliRunner()


def test_json_output_for_an_angry_russian_chat(data_dir: Path) -> None:
    result = runner.invoke(app, ["analyze-text", str(data_dir / "emotion" / "angry_chat_ru.json"), "--json"])
    assert result.exit_code == 0, result.output
    analysis = CallAnalysis.model_validate_json(result.stdout)
    assert analysis.channels.mode == "text" and analysis.language == "ru"
    assert str(analysis.call_date) == "2026-03-02"
    assert all(t.sentiment and t.emotion for t in analysis.turns)
    assert analysis.customer and analysis.customer.escalate and analysis.customer.sentiment_end == "negative"
    kinds = {c.kind for t in analysis.turns for c in t.cues}
    assert {"repeat_contact", "escalation_request", "threat_to_leave"} <= kinds


def test_readable_view_for_a_calm_english_chat(data_dir: Path) -> None:
    result = runner.invoke(app, ["analyze-text", str(data_dir / "emotion" / "calm_chat_en.json")])
    assert result.exit_code == 0, result.output
    assert "emotional arc" in result.stdout
    assert "customer: " in result.stdout and "ESCALATE" not in result.stdout


def test_calm_chat_ends_positive(data_dir: Path) -> None:
    result = runner.invoke(app, ["analyze-text", str(data_dir / "emotion" / "calm_chat_en.json"), "--json"])
    analysis = CallAnalysis.model_validate_json(result.stdout)
    assert analysis.language == "en" and analysis.duration_s == 14.2
    assert analysis.customer and analysis.customer.sentiment_end == "positive"
    assert analysis.customer.trajectory == "improved" and not analysis.customer.escalate


def test_bad_files_exit_with_a_message(tmp_path: Path) -> None:
    cases = {
        "broken.json": "{not json",
        "shape.json": json.dumps({"messages": []}),
        "speaker.json": json.dumps([{"speaker": "robot", "text": "hi"}]),
        "empty.json": json.dumps([]),
        "date.json": json.dumps({"turns": [{"speaker": "agent", "text": "hi"}], "call_date": "yesterday"}),
    }
    for name, body in cases.items():
        (tmp_path / name).write_text(body)
        result = runner.invoke(app, ["analyze-text", str(tmp_path / name)])
        assert result.exit_code == 2, name
        assert "error:" in result.output
    assert runner.invoke(app, ["analyze-text", str(tmp_path / "absent.json")]).exit_code == 2


def test_odd_turns_do_not_crash(tmp_path: Path) -> None:
    turns = [
        {"speaker": "customer", "text": ""},
        {"speaker": "customer", "text": "   "},
        {"speaker": "agent", "text": "ок " * 1500},
        {"speaker": "customer", "text": "Hello, мне нужна help с картой 💳\u0000"},
        {"speaker": "unknown", "text": "%%% ### ***"},
    ]
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(turns))
    result = runner.invoke(app, ["analyze-text", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert len(CallAnalysis.model_validate_json(result.stdout).turns) == 5
