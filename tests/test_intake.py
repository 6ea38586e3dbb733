"""The inbound boundary: text to analysis options, with one rule and one reason per option."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from voc.cli import app
from voc.errors import InvalidInputError, InvalidOptionError
from voc.intake import (
    CallMetadata,
    ConversationSubmission,
    parse_call_date,
    parse_first_speaker,
    parse_language,
    parse_layout,
    parse_options,
    parse_terms,
)
from voc.stage_types import AnalyzeOptions

runner = CliRunner()
CALL = Path(__file__).parent / "data" / "service" / "short_call_8k.wav"


@pytest.mark.parametrize(
    ("value", "layout"),
    [
        (None, ("agent", "customer")),
        ("agent,customer", ("agent", "customer")),
        (" Customer , agent ", ("customer", "agent")),
        (["customer", "agent"], ("customer", "agent")),
    ],
)
def test_layouts_that_name_agent_and_customer_once_each(value: str | list[str] | None, layout: tuple) -> None:
    assert parse_layout(value) == layout


@pytest.mark.parametrize(
    "value", ["agent", "customer", "agent,agent", "agent,customer,agent", "", ",", "unknown,customer", ["agent"]]
)
def test_a_stereo_layout_must_name_both_parties_once(value: str | list[str]) -> None:
    with pytest.raises(InvalidOptionError, match="agent and customer once each") as raised:
        parse_layout(value)
    assert raised.value.option == "channels" and raised.value.code == "invalid_input"
    assert isinstance(raised.value, InvalidInputError)


def test_an_unknown_name_is_named() -> None:
    with pytest.raises(InvalidOptionError, match="not robot, client; name agent and customer once each"):
        parse_layout("robot,client")


@pytest.mark.parametrize(("value", "language"), [(None, None), ("", None), ("auto", None), ("ru", "ru"), ("EN", "en")])
def test_languages(value: str | None, language: str | None) -> None:
    assert parse_language(value) == language


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(InvalidOptionError, match="use ru, en or auto"):
        parse_language("de")


def test_call_dates() -> None:
    assert parse_call_date(None) is None
    assert parse_call_date("2026-03-01") == dt.date(2026, 3, 1)
    assert parse_call_date("2028-02-29") == dt.date(2028, 2, 29)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2026-02-30", "not a date: February 2026 has 28 days"),
        ("2026-04-31", "not a date: April 2026 has 30 days"),
        ("2026-13-01", "not a date: there is no month 13"),
        ("0000-01-01", "not a date: there is no year 0"),
    ],
)
def test_an_impossible_day_says_why_not_how_to_write_it(value: str, reason: str) -> None:
    with pytest.raises(InvalidOptionError) as raised:
        parse_call_date(value)
    assert raised.value.reason == reason and "YYYY-MM-DD" not in raised.value.message
    assert raised.value.option == "call_date"


@pytest.mark.parametrize("value", ["31/12/2026", "tomorrow", "2026-3-1", ""])
def test_a_badly_written_date_says_how_to_write_it(value: str) -> None:
    with pytest.raises(InvalidOptionError, match="not a date: use YYYY-MM-DD"):
        parse_call_date(value)


def test_first_speaker() -> None:
    assert parse_first_speaker(None) is None and parse_first_speaker("Customer") == "customer"
    with pytest.raises(InvalidOptionError, match="use agent or customer"):
        parse_first_speaker("unknown")


def test_options_from_text() -> None:
    assert parse_options() == AnalyzeOptions()
    assert parse_options(
        channels="customer,agent", language="en", call_date="2026-03-01", first_speaker="agent"
    ) == AnalyzeOptions(
        layout=("customer", "agent"),
        language="en",
        call_date=dt.date(2026, 3, 1),
        call_date_source="argument",
        first_speaker="agent",
    )


def test_call_terms_from_a_list_or_a_comma_separated_text() -> None:
    assert parse_terms(None) == () and parse_terms("") == ()
    assert parse_terms(" Вклад  Надёжный , карта Халва,,") == ("вклад Надёжный", "карта Халва")
    assert parse_terms(["полис КАСКО", "СБП", "полис каско"]) == ("полис КАСКО", "СБП")
    assert parse_options(terms="ипотека").terms == ("ипотека",)
    assert CallMetadata.model_validate({"terms": ["карта Халва"]}).analyze_options().terms == ("карта Халва",)


@pytest.mark.parametrize(
    ("value", "reason", "metadata_reason"),
    [
        (",".join(f"вклад {n}" for n in range(21)), "at most 20 names", None),
        ("вклад " + "о" * 80, "a name is at most 80 characters", None),
        ("вклад, 12345", "each name needs a letter", None),
        (["вклад", 5], "give a list of names", "Input should be a valid string"),
    ],
)
def test_bad_call_terms_say_why(value: object, reason: str, metadata_reason: str | None) -> None:
    with pytest.raises(InvalidOptionError, match=reason):
        parse_terms(value)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=metadata_reason or reason):
        CallMetadata.model_validate({"terms": value})


def test_metadata_options_and_conversation() -> None:
    submission = ConversationSubmission.model_validate(
        {
            "external_id": "c1",
            "language": "auto",
            "channels": ["customer", "agent"],
            "started_at": "2026-03-02T09:30:00+03:00",
            "turns": [{"speaker": "customer", "text": "hello"}],
        }
    )
    options = submission.analyze_options()
    assert options.layout == ("customer", "agent") and options.language is None
    assert options.call_date == dt.date(2026, 3, 2) and options.call_date_source == "metadata"
    conversation = submission.conversation()
    assert conversation.language is None and conversation.call_date == dt.date(2026, 3, 2)


def test_metadata_names_the_field_and_gives_the_same_reason() -> None:
    with pytest.raises(ValidationError) as raised:
        CallMetadata.model_validate({"external_id": "x", "channels": "agent", "language": "de"})
    errors = {e["loc"][0]: e["msg"] for e in raised.value.errors()}
    with pytest.raises(InvalidOptionError) as layout:
        parse_layout("agent")
    assert errors["channels"] == f"Value error, 'agent': {layout.value.reason}"
    assert errors["language"] == "Value error, 'de': use ru, en or auto"


@pytest.fixture
def wide_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich wraps at 80 columns when not on a terminal; a wide console shows the message as one line."""
    monkeypatch.setenv("COLUMNS", "400")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--call-date", "2026-02-30"], "error: --call-date '2026-02-30': not a date: February 2026 has 28 days"),
        (["--call-date", "31/12/2026"], "error: --call-date '31/12/2026': not a date: use YYYY-MM-DD"),
        (["--language", "de"], "error: --language 'de': use ru, en or auto"),
        (["--first-speaker", "robot"], "error: --first-speaker 'robot': use agent or customer"),
        (["--channels", "agent"], "error: --channels 'agent': name agent and customer once each"),
        (["--terms", "вклад,42"], "error: --terms 'вклад,42': each name needs a letter"),
    ],
)
def test_cli_refuses_bad_options_on_one_line(wide_errors: None, args: list[str], line: str) -> None:
    result = runner.invoke(app, ["analyze", str(CALL), *args])
    assert result.exit_code == 2
    assert result.output.startswith(line) and len(result.output.strip().splitlines()) == 1


def test_cli_analyze_text_uses_the_same_language_rule(wide_errors: None, tmp_path: Path) -> None:
    path = tmp_path / "chat.json"
    path.write_text('[{"speaker": "customer", "text": "hi"}]', encoding="utf-8")
    result = runner.invoke(app, ["analyze-text", str(path), "--language", "de"])
    assert result.exit_code == 2 and result.output.strip() == "error: --language 'de': use ru, en or auto"
