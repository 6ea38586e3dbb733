"""`voc insights replay`: a changed rule file tried on stored calls before it is deployed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voc.cli import app
from voc.insights import DEFAULT_RULES_PATH, load_rules, parse_rules
from voc.insights.replay import replay_rules
from voc.intake import CallMetadata
from voc.schemas import CallAnalysis, ConversationIn
from voc.stage_types import AnalyzeOptions
from voc.store.calls import claim_call, create_call, finish_call
from voc.store.db import Database
from voc.store.migrate import upgrade_database

CHATS = {
    "deposit": [
        ("agent", "Добрый день, меня зовут Ольга, чем могу помочь?"),
        ("customer", "Хочу узнать, когда заканчивается мой вклад и можно ли его продлить."),
        ("agent", "Вклад заканчивается пятнадцатого марта, продлить можно в приложении. Всего доброго!"),
    ],
    "app": [
        ("agent", "Здравствуйте, слушаю вас."),
        ("customer", "Приложение не работает, не могу войти уже второй день, это безобразие."),
        ("agent", "Сейчас проверю. Попробуйте обновить приложение, я создам заявку."),
    ],
}

NARROWER = """
version: narrower
categories:
  - name: deposits
    label: Deposits
    when: {phrase: [депозит]}
  - name: mobile_app
    label: Mobile app
    when: {phrase: [приложение не работает, не могу войти], speaker: customer}
"""


@pytest.fixture(scope="module")
def analyses(analyzer) -> dict[str, CallAnalysis]:  # type: ignore[no-untyped-def]
    return {
        name: analyzer.analyze_conversation(
            ConversationIn.model_validate({"language": "ru", "turns": [{"speaker": s, "text": t} for s, t in chat]}),
            AnalyzeOptions(),
        )
        for name, chat in CHATS.items()
    }


def test_replay_reports_gained_and_lost_categories(analyses: dict[str, CallAnalysis]) -> None:
    report = replay_rules(analyses.items(), load_rules(DEFAULT_RULES_PATH), parse_rules(NARROWER, "narrower.yaml"))
    assert report.calls == 2
    deposits = report.categories["deposits"]
    # the default matches "вклад"; the narrower file only "депозит"
    assert (deposits.before, deposits.after, deposits.lost, deposits.gained) == (1, 0, ["deposit"], [])
    app_change = report.categories["mobile_app"]
    assert app_change.before == app_change.after == 1 and not app_change.gained and not app_change.lost
    # the narrower file has no scorecard: every call that had a score loses it
    assert report.score_after == [] and len(report.score_changed) == len(report.score_before) == 2


def test_cli_replay_on_a_stored_database(tmp_path: Path, analyses: dict[str, CallAnalysis], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'voc.sqlite3'}"
    upgrade_database(url)
    database = Database(url)
    try:
        with database.write() as session:
            for name, analysis in analyses.items():
                call = create_call(session, client="test", metadata=CallMetadata(external_id=name), kind="conversation")
                assert claim_call(session, call.id) is not None
                assert finish_call(session, call.id, analysis)
    finally:
        database.dispose()
    monkeypatch.setenv("VOC_DATABASE_URL", url)
    monkeypatch.setenv("VOC_DATA_DIR", str(tmp_path))
    changed = tmp_path / "narrower.yaml"
    changed.write_text(NARROWER, encoding="utf-8")
    from voc.config import get_settings

    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["insights", "replay", "--rules", str(changed), "--json"])
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        assert report["calls"] == 2
        assert report["categories"]["deposits"]["before"] == 1 and report["categories"]["deposits"]["after"] == 0

        # stored without the runner, so not indexed yet: build indexes them
        assert "0 turns" in CliRunner().invoke(app, ["insights", "search", "вклад"]).output
        built = CliRunner().invoke(app, ["insights", "build"])
        assert built.exit_code == 0 and "indexed 2 analysed calls" in built.output
        hits = CliRunner().invoke(app, ["insights", "search", "вклады"])
        assert hits.exit_code == 0, hits.output
        assert hits.output.startswith("2 turns hold вклад") and "Хочу узнать, когда заканчивается" in hits.output
        trends = CliRunner().invoke(app, ["insights", "trends", "--json", "--interval", "day"])
        assert trends.exit_code == 0, trends.output
        keys = {b["key"] for b in json.loads(trends.output)["buckets"]}
        assert {"deposits", "mobile_app"} <= keys
        wrong = CliRunner().invoke(app, ["insights", "trends", "--since", "30.11.2026"])
        assert wrong.exit_code == 2 and "YYYY-MM-DD" in wrong.output

        bad = tmp_path / "bad.yaml"
        bad.write_text("version: 1\ncategories:\n  - name: x\n    label: X\n    when: {}\n", encoding="utf-8")
        result = CliRunner().invoke(app, ["insights", "replay", "--rules", str(bad)])
        assert result.exit_code == 2
        assert "bad.yaml: categories.0.when: a condition needs exactly one of" in " ".join(result.output.split())
    finally:
        get_settings.cache_clear()
