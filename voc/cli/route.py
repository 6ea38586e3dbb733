"""`voc route ...`: ask for a routing decision, and test a policy against past decisions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from voc.cli.app import app, command_group, fail

route_app = command_group(
    "IVR routing: decide a queue for a caller, replay a policy over past decisions",
    short_help="Decide the queue for a caller (IVR routing).",
    no_args_is_help=False,
)
app.add_typer(route_app, name="route")


def _policy_store(policy: Path | None) -> Any:
    from voc.routing.policy import DEFAULT_POLICY_PATH, PolicyError, PolicyStore

    try:
        return PolicyStore(policy or DEFAULT_POLICY_PATH)
    except PolicyError as err:
        fail(str(err))


@route_app.callback(invoke_without_command=True)
def route(
    ctx: typer.Context,
    customer: Annotated[
        str | None, typer.Option("--customer", metavar="ID", help="the customer's id in the CRM")
    ] = None,
    ani: Annotated[
        str | None, typer.Option("--ani", metavar="NUMBER", help="the caller's number, when the customer id is unknown")
    ] = None,
    text: Annotated[str | None, typer.Option("--text", metavar="TEXT", help="what the caller said to the IVR")] = None,
    audio: Annotated[
        Path | None,
        typer.Option("--audio", metavar="FILE", help="up to 15 s of the caller's speech (WAV, FLAC, OGG, MP3)"),
    ] = None,
    ivr_path: Annotated[
        list[str] | None,
        typer.Option("--ivr-path", metavar="CHOICE", help="an IVR menu choice the caller made; repeat for each"),
    ] = None,
    language: Annotated[
        str | None, typer.Option("--language", metavar="LANG", help="ru or en (default: detected)")
    ] = None,
    policy: Annotated[
        Path | None, typer.Option("--policy", metavar="FILE", help="policy YAML (default: the shipped one)")
    ] = None,
    profiles: Annotated[
        Path | None,
        typer.Option("--profiles", metavar="FILE", help="JSON file of customer profiles instead of the database"),
    ] = None,
    budget_ms: Annotated[
        float | None,
        typer.Option("--budget-ms", metavar="MS", help="time the decision may take, in milliseconds (default 800)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the decision as JSON")] = False,
) -> None:
    """Decide the queue for a caller and print the decision with its reasons."""
    if ctx.invoked_subcommand is not None:
        return
    if not customer and not ani:
        fail("say who is calling: give --customer ID or --ani NUMBER")
    if audio is not None and not audio.is_file():
        fail(f"no such audio file: {audio}")
    from voc.config import get_settings
    from voc.routing.live import RouteRequest
    from voc.service import Service

    router = Service(get_settings()).command_line_router(
        _policy_store(policy), _static_profiles(profiles), transcription=not text, audio=audio is not None
    )
    try:
        answer = router.route(
            RouteRequest(
                customer_id=customer,
                ani=ani,
                ivr_text=text,
                audio=audio.read_bytes() if audio else None,
                ivr_path=tuple(ivr_path or ()),
                language=language,
                budget_ms=budget_ms,
            )
        )
    finally:
        router.close()
    from voc.views import RouteView

    body = RouteView.from_answer(answer).model_dump(mode="json")
    if as_json:
        typer.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    typer.echo(f"queue {body['queue']}  priority {body['priority']}  skills {', '.join(body['skills']) or '-'}")
    e = body["emotion"]
    typer.echo(f"emotion {e['label']} (arousal {e['arousal']:+.2f}, valence {e['valence']:+.2f})")
    if answer.transcript is not None:
        typer.echo(f"transcript: {answer.transcript}")
    for reason in body["reasons"]:
        typer.echo(f"  - {reason}")
    degraded = " DEGRADED" if body["degraded"] else ""
    typer.echo(f"policy {body['policy_version']}  {answer.elapsed_ms:.0f} ms{degraded}")


def _static_profiles(path: Path | None) -> Any:
    """--profiles: a JSON file instead of the service's database (None: use the database)."""
    from voc.routing.profiles import StaticProfiles

    if path is None:
        return None
    try:
        return StaticProfiles.from_file(path)
    except (OSError, ValueError) as err:
        fail(f"cannot read profiles from {path}: {err}")


@route_app.command("replay", short_help="Test a policy on past decisions.")
def replay(
    policy: Annotated[Path, typer.Option("--policy", metavar="FILE", help="the policy YAML to test")],
    db: Annotated[
        str | None, typer.Option("--db", metavar="URL", help="database URL (default: the configured one)")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="YYYY-MM-DD", help="only decisions from this date on")
    ] = None,
    show: Annotated[int, typer.Option("--show", metavar="N", help="how many changed decisions to list")] = 10,
) -> None:
    """Run a policy over the decision log and print how many decisions it would change, and how."""
    import sqlalchemy as sa

    from voc.config import get_settings
    from voc.routing.replay import replay_decisions
    from voc.store.route_decisions import DecisionLog

    store = _policy_store(policy)
    since_date = None
    if since:
        try:
            since_date = dt.date.fromisoformat(since)
        except ValueError:
            fail(f"--since {since!r}: not a date, use YYYY-MM-DD")
    engine = sa.create_engine(db or get_settings().resolved_database_url)
    try:
        if not sa.inspect(engine).has_table("route_decisions"):
            fail("no decision log in this database: run `voc db upgrade`, then route some calls")
        decisions = (
            d for d in DecisionLog(engine).iter_all() if since_date is None or d.created_at.date() >= since_date
        )
        report = replay_decisions(decisions, store.current())
    finally:
        engine.dispose()
    typer.echo(f"policy {report.policy_version}: {report.total} past decisions")
    typer.echo(f"  unchanged {report.unchanged}, changed {len(report.changed)}")
    if report.priority_only:
        typer.echo(f"  same queue, other priority: {report.priority_only}")
    for (old, new), count in report.moves.most_common():
        typer.echo(f"  {old} -> {new}: {count}")
    for change in report.changed[:show]:
        outcome = change.outcome or {}
        ended = outcome.get("final_customer_sentiment", "no outcome yet")
        typer.echo(
            f"  {change.decision_id}: {change.old_queue}/p{change.old_priority} -> "
            f"{change.new_queue}/p{change.new_priority} "
            f"(rule {change.new_rule or 'default'}; call ended {ended})"
        )
