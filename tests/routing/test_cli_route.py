from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from typer.testing import CliRunner

from tests.routing.helpers import TODAY, UnhurriedClock, create_log_tables
from voc.cli import app
from voc.routing.live import LiveRouter, RouteEngines, RouteRequest
from voc.routing.policy import DEFAULT_POLICY_PATH, PolicyStore
from voc.routing.profiles import StaticProfiles
from voc.store.route_decisions import DecisionLog, DecisionWriter

runner = CliRunner()

PROFILES = [
    {
        "customer_id": "C-1001",
        "open_tasks": [{"type": "complaint"}],
        "products": [{"name": "Вклад Надёжный", "kind": "deposit", "end_date": "2099-01-01"}],
    }
]


def _profiles(tmp_path: Path) -> Path:
    path = tmp_path / "profiles.json"
    path.write_text(json.dumps(PROFILES, ensure_ascii=False), encoding="utf-8")
    return path


# The profile lookup runs on a signal thread: the IVR's longest budget, 8 s, for a lookup in memory
# that takes microseconds, so a busy machine cannot make it late.
UNHURRIED = ["--budget-ms", "8000"]


def test_route_prints_queue_and_reasons(tmp_path: Path) -> None:
    args = [
        "route",
        "--customer",
        "C-1001",
        "--text",
        "где мой вклад",
        "--profiles",
        str(_profiles(tmp_path)),
        *UNHURRIED,
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "queue complaints  priority 2  skills complaints" in result.output
    assert "- open complaint task" in result.output
    assert "policy default-1+" in result.output


def test_route_json_and_fraud_words(tmp_path: Path) -> None:
    args = ["route", "--customer", "C-1001", "--text", "у меня украли карту", "--json", *UNHURRIED]
    result = runner.invoke(app, [*args, "--profiles", str(_profiles(tmp_path))])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout[result.stdout.index("{") :])
    assert (body["queue"], body["priority"], body["rule"]) == ("fraud_security", 1, "fraud_or_security")
    assert "the caller said 'украли'" in body["reasons"]


def test_route_needs_a_caller() -> None:
    result = runner.invoke(app, ["route", "--text", "алло"])
    assert result.exit_code == 2
    assert "give --customer ID or --ani NUMBER" in result.output


def test_route_with_an_invalid_policy_names_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\ndefault: {queue: g, priority: 7}\n", encoding="utf-8")
    result = runner.invoke(app, ["route", "--customer", "C-1", "--text", "x", "--policy", str(bad)])
    assert result.exit_code == 2
    assert "default.priority: an integer 1 (highest) .. 5 is required, got 7" in result.output


def test_replay_prints_how_many_decisions_change(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'voc.sqlite3'}"
    engine = sa.create_engine(db)
    create_log_tables(engine)
    writer = DecisionWriter(DecisionLog(engine))
    router = LiveRouter(
        PolicyStore(DEFAULT_POLICY_PATH), StaticProfiles(PROFILES), RouteEngines(), sink=writer, clock=UnhurriedClock()
    )
    for _ in range(4):
        router.route(RouteRequest(customer_id="C-1001"), today=TODAY)
    router.route(RouteRequest(customer_id="C-2"), today=TODAY)
    writer.flush()
    router.close()
    writer.close()
    engine.dispose()
    changed = tmp_path / "p.yaml"
    changed.write_text(
        DEFAULT_POLICY_PATH.read_text(encoding="utf-8").replace(
            "route: {queue: complaints, priority: 2, skills: [complaints]}",
            "route: {queue: complaints_senior, priority: 1, skills: [complaints, senior]}",
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["route", "replay", "--policy", str(changed), "--db", db, "--show", "1"])
    assert result.exit_code == 0, result.output
    assert ": 5 past decisions" in result.output
    assert "unchanged 1, changed 4" in result.output
    assert "complaints -> complaints_senior: 4" in result.output
    assert "(rule open_complaint; call ended no outcome yet)" in result.output


def test_replay_without_a_log_says_so(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    result = runner.invoke(app, ["route", "replay", "--policy", str(DEFAULT_POLICY_PATH), "--db", db])
    assert result.exit_code == 2
    assert "no decision log in this database" in result.output
