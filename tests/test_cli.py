"""`voc analyze` end to end on a synthesised 8 kHz stereo bank call with known turns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voc.cli import app
from voc.schemas import CallAnalysis

runner = CliRunner()
CALL = Path(__file__).parent / "data" / "calls" / "deposit_ru_8k.wav"


@pytest.fixture(scope="module")
def analysis(tmp_path_factory: pytest.TempPathFactory) -> CallAnalysis:
    out = tmp_path_factory.mktemp("cli") / "call.json"
    result = runner.invoke(app, ["analyze", str(CALL), "--call-date", "2026-11-25", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return CallAnalysis.model_validate_json(out.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_turns_match_the_generators_truth(analysis: CallAnalysis) -> None:
    truth = json.loads(CALL.with_suffix(".json").read_text(encoding="utf-8"))["turns"]
    assert analysis.channels.mode == "stereo"
    assert analysis.channels.layout == ["agent", "customer"]
    assert analysis.language == "ru"
    assert str(analysis.call_date) == "2026-11-25" and analysis.call_date_source == "argument"
    assert [t.speaker for t in analysis.turns] == [t["speaker"] for t in truth]
    for got, want in zip(analysis.turns, truth, strict=True):
        assert abs(got.start - want["start"]) < 0.5, (got.text, want["text"])
        assert abs(got.end - want["end"]) < 0.5, (got.text, want["text"])
        assert got.prosody is not None and got.words


@pytest.mark.slow
def test_metrics_add_up(analysis: CallAnalysis) -> None:
    metrics = analysis.metrics
    assert metrics is not None
    talk = sum(m.talk_time_s for m in metrics.speakers.values())
    assert talk + metrics.silence_s == pytest.approx(analysis.duration_s, abs=0.2 + metrics.overtalk_s)
    assert metrics.speakers["agent"].turns == sum(1 for t in analysis.turns if t.speaker == "agent")


@pytest.mark.slow
def test_readable_view_and_swapped_channels(tmp_path: Path) -> None:
    out = tmp_path / "view.txt"
    args = ["analyze", str(CALL), "--channels", "customer,agent", "--language", "ru", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    view = out.read_text(encoding="utf-8")
    assert "Turns" in view and "Call metrics" in view and "\x1b[" not in view, "a .txt file gets the plain view"
    assert "stereo (customer/agent" in view
    assert "shares can add up to more than 100%" in view


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["analyze", "no/such/file.wav"], "no such file"),
        (["analyze", str(CALL), "--channels", "agent,robot"], "robot"),
        (["analyze", str(CALL), "--language", "de"], "--language"),
        (["analyze", str(CALL), "--call-date", "2026-02-30"], "not a date"),
    ],
)
def test_bad_arguments_fail_with_a_message(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    assert message in result.output


def test_not_audio_fails_with_its_own_error(tmp_path: Path) -> None:
    fake = tmp_path / "call.wav"
    fake.write_text("this is a text file, not a recording", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(fake)])
    assert result.exit_code == 2
    assert "call.wav" in result.output and "audio" in result.output


def test_schema_command_publishes_the_contract() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "CallAnalysis"
    assert {"turns", "metrics", "channels", "duration_s"} <= set(schema["properties"])


@pytest.mark.slow
def test_redacted_audio_is_the_recording_with_the_dictated_card_silenced(tmp_path: Path) -> None:
    import soundfile as sf

    card_call = Path(__file__).parent / "data" / "redaction" / "card_call_8k.wav"
    out, copy = tmp_path / "call.json", tmp_path / "copy.flac"
    args = ["analyze", str(card_call), "--json", "--out", str(out), "--redacted-audio", str(copy)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    analysis = CallAnalysis.model_validate_json(out.read_text(encoding="utf-8"))
    [card] = [r for r in analysis.redactions if r.type == "CARD_NUMBER"]
    assert card.start is not None and card.end is not None
    before, rate = sf.read(card_call, dtype="int16")
    after, rate_after = sf.read(copy, dtype="int16")
    assert sf.info(copy).format == "FLAC", "the container the file name asks for"
    assert (rate_after, after.shape) == (rate, before.shape)
    inside = slice(int(card.start * rate), int(card.end * rate))
    assert abs(before[inside]).max() > 1000 and not after[inside].any()
    assert (after[: int(3.0 * rate)] == before[: int(3.0 * rate)]).all(), "the agent's question is kept"


def test_redacted_audio_into_a_missing_folder_fails_before_analysing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(CALL), "--redacted-audio", str(tmp_path / "no" / "copy.wav")])
    assert result.exit_code == 2 and "no such folder" in " ".join(result.output.split())
