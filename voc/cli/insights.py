"""`voc insights ...`: questions about many calls at once (categories and scorecards for now)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import ValidationError

from voc.cli.app import app, command_group, fail

if TYPE_CHECKING:
    from voc.insights.replay import ReplayReport
    from voc.service import Service
    from voc.views import TrendsView

insights_app = command_group("Insights: topics, trends, QA scores, search")
app.add_typer(insights_app, name="insights")


def _service() -> Service:
    from voc.config import get_settings
    from voc.service import Service

    return Service(get_settings())


def _dates(since: str | None, until: str | None, days: int) -> tuple[dt.date, dt.date]:
    try:
        last = dt.date.fromisoformat(until) if until else dt.datetime.now(dt.UTC).date()
        first = dt.date.fromisoformat(since) if since else last - dt.timedelta(days=days - 1)
    except ValueError:
        fail("dates are YYYY-MM-DD, for example --since 2026-11-01")
    if last < first:
        fail("--until is before --since")
    return first, last


@insights_app.command("build")
def build(
    rules: Annotated[
        bool, typer.Option("--rules/--no-rules", help="evaluate the category and scorecard rules in force again")
    ] = True,
    topics: Annotated[
        bool, typer.Option("--topics/--no-topics", help="discover the contact drivers again and label every call")
    ] = True,
) -> None:
    """Index every stored call for trends and search again and rediscover the contact drivers.

    Run it after an upgrade, after changing the rule file, or on a schedule (nightly) so topics
    follow what customers call about; renamed, merged and pinned topics keep what was decided."""
    from voc.across_calls import build_topics, rebuild_index
    from voc.insights import DEFAULT_RULES_PATH, RuleFileError, load_rules

    service = _service()
    try:
        ruleset = None
        if rules:
            try:
                ruleset = load_rules(service.settings.insights.rules or DEFAULT_RULES_PATH)
            except RuleFileError as err:
                fail(str(err))
        report = rebuild_index(service.database, ruleset)
        typer.echo(f"indexed {report.calls} analysed calls" + (f", skipped {report.skipped}" if report.skipped else ""))
        if topics:
            found = build_topics(service.database)
            typer.echo(
                f"topics: {found.topics} from {found.contacts} contacts ({found.kept} carried over, "
                f"{found.unassigned} contacts in no topic, {found.embedded} newly embedded)"
            )
    finally:
        service.close()


@insights_app.command("trends")
def trends(
    group_by: Annotated[
        str, typer.Option("--group-by", metavar="KEY", help="category, topic, agent, channel or task")
    ] = "category",
    interval: Annotated[str, typer.Option("--interval", metavar="PERIOD", help="day or week")] = "week",
    since: Annotated[
        str | None, typer.Option("--since", metavar="YYYY-MM-DD", help="first day (default: 8 weeks ago)")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="YYYY-MM-DD", help="last day (default: today)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON, as GET /v1/insights/trends does")] = False,
) -> None:
    """Calls per period by category, topic, agent, channel or task type; spikes are marked."""
    from voc.across_calls import trends as load_trends

    if group_by not in ("category", "topic", "agent", "channel", "task"):
        fail("--group-by is one of category, topic, agent, channel, task")
    if interval not in ("day", "week"):
        fail("--interval is day or week")
    first, last = _dates(since, until, 56)
    service = _service()
    try:
        view = load_trends(service.database, group_by, interval, first, last)  # type: ignore[arg-type]
    finally:
        service.close()
    if as_json:
        typer.echo(view.model_dump_json(indent=2))
        return
    _print_trends(view)


@insights_app.command("topics")
def list_topics(
    since: Annotated[
        str | None, typer.Option("--since", metavar="YYYY-MM-DD", help="count contacts from this day")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON, as GET /v1/insights/topics does")] = False,
) -> None:
    """The contact drivers: why customers get in touch, biggest first, with examples."""
    from voc.across_calls import topics_view

    first = _dates(since, None, 1)[0] if since else None
    service = _service()
    try:
        view = topics_view(service.database, first)
    finally:
        service.close()
    if as_json:
        typer.echo(view.model_dump_json(indent=2))
        return
    if not view.topics:
        typer.echo("no topics yet: run `voc insights build` once calls are analysed")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("topic", "contacts", "share", "negative end", "escalations", "keywords", "example")
    for topic in view.topics:
        example = topic.examples[0].text if topic.examples else ""
        negative = f"{topic.sentiment.negative:.0%}" if topic.count else "-"
        table.add_row(
            f"{topic.label}\n[dim]{topic.id}[/]",
            str(topic.count),
            f"{topic.share:.0%}",
            negative,
            f"{topic.escalation_rate:.0%}" if topic.count else "-",
            ", ".join(topic.keywords[:4]),
            example[:80],
        )
    Console().print(table)


@insights_app.command("agents")
def agents(
    since: Annotated[
        str | None, typer.Option("--since", metavar="YYYY-MM-DD", help="first day (default: 4 weeks ago)")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="YYYY-MM-DD", help="last day (default: today)")
    ] = None,
) -> None:
    """Each agent's calls, QA score, negative endings and escalations per week."""
    from voc.across_calls import trends as load_trends

    first, last = _dates(since, until, 28)
    service = _service()
    try:
        view = load_trends(service.database, "agent", "week", first, last)
    finally:
        service.close()
    _print_trends(view)


@insights_app.command("search")
def search(
    query: Annotated[str, typer.Argument(metavar="WORDS", help="words in any form, e.g. 'заблокировали карту'")],
    limit: Annotated[int, typer.Option("--limit", min=1, max=200, metavar="N", help="at most this many turns")] = 20,
    speaker: Annotated[str | None, typer.Option("--speaker", metavar="WHO", help="agent or customer")] = None,
    category: Annotated[
        str | None, typer.Option("--category", metavar="NAME", help="only calls in this category")
    ] = None,
    agent: Annotated[str | None, typer.Option("--agent", metavar="ID", help="only this agent's calls")] = None,
) -> None:
    """Turns of stored calls that hold every word of the query, newest first."""
    from voc.across_calls import search as run_search
    from voc.store.insights import SearchFilters

    if speaker not in (None, "agent", "customer"):
        fail("--speaker is agent or customer")
    service = _service()
    try:
        found = run_search(
            service.database, query, SearchFilters(speaker=speaker, category=category, agent_id=agent), limit, 0
        )
    finally:
        service.close()
    if not found.terms:
        fail("the query has no words to search for")
    total = f"{found.total_capped_at}+" if found.total > found.total_capped_at else str(found.total)
    typer.echo(f"{total} turns hold {' + '.join(found.terms)}")
    for hit in found.items:
        when = f" {hit.start:.1f}s" if hit.start is not None else ""
        typer.echo(f"{hit.date} {hit.call_id} turn {hit.turn}{when} {hit.speaker}: {hit.text}")


def _print_trends(view: TrendsView) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not view.buckets:
        console.print(f"no analysed calls between {view.since} and {view.until}")
        return
    table = Table(
        "from", view.group_by, "calls", "negative end", "escalations", "QA score", "", title=f"per {view.interval}"
    )
    for b in view.buckets:
        share = f"{b.negative_share:.0%}" if b.negative_share is not None else "-"
        score = f"{b.qa_score:.2f}" if b.qa_score is not None else "-"
        spike = f"[bold red]spike[/] (usual {b.usual})" if b.spike else ""
        table.add_row(str(b.period_start), b.key, str(b.count), share, str(b.escalations), score, spike)
    console.print(table)


@insights_app.command("replay")
def replay(
    rules: Annotated[Path, typer.Option("--rules", metavar="FILE", help="the changed rule file (YAML) to try")],
    limit: Annotated[
        int, typer.Option("--limit", min=1, metavar="N", help="how many of the newest analysed calls to use")
    ] = 1000,
    as_json: Annotated[bool, typer.Option("--json", help="print the comparison as JSON")] = False,
) -> None:
    """Show what a changed rule file would change on calls already analysed, before deploying it.

    The rules in force (VOC_INSIGHTS__RULES, or voc's default) and the changed file are both
    applied to the same stored calls; nothing stored is changed."""
    from voc.config import get_settings
    from voc.insights import DEFAULT_RULES_PATH, RuleFileError, load_rules
    from voc.insights.replay import replay_rules
    from voc.schemas import CallAnalysis
    from voc.service import Service
    from voc.store.calls import recent_analyses

    settings = get_settings()
    try:
        after = load_rules(rules)
        before = load_rules(settings.insights.rules or DEFAULT_RULES_PATH)
    except RuleFileError as err:
        fail(str(err))
    service = Service(settings)
    try:
        with service.database.read() as session:
            stored = recent_analyses(session, limit)
    finally:
        service.close()
    analyses = []
    for call_id, raw in stored:
        try:
            analyses.append((call_id, CallAnalysis.model_validate(raw)))
        except ValidationError:
            continue  # written by a newer voc: nothing to compare
    if not analyses:
        fail("no analysed calls are stored yet: analyse some calls first, then replay the rules on them")
    report = replay_rules(analyses, before, after)
    if as_json:
        typer.echo(json.dumps(_as_dict(report), ensure_ascii=False, indent=2))
        return
    _print(report)


def _as_dict(report: ReplayReport) -> dict[str, object]:
    from dataclasses import asdict

    return {
        **asdict(report),
        "score_mean_before": report.mean(report.score_before),
        "score_mean_after": report.mean(report.score_after),
    }


def _print(report: ReplayReport) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"{report.calls} stored calls; rules in force {report.before_version}, changed file {report.after_version}"
    )
    table = Table("category", "now", "with the change", "gained", "lost", "examples")
    for change in sorted(report.categories.values(), key=lambda c: c.name):
        examples = ", ".join((change.gained + change.lost)[:3])
        table.add_row(
            change.name,
            str(change.before),
            str(change.after),
            f"+{len(change.gained)}",
            f"-{len(change.lost)}",
            examples,
        )
    console.print(table)
    before, after = report.mean(report.score_before), report.mean(report.score_after)
    console.print(
        f"scorecard: mean {before if before is not None else '-'} now, {after if after is not None else '-'} with the"
        f" change; {len(report.score_changed)} calls change score"
    )
    if not report.changed and not report.score_changed:
        console.print("the changed file changes nothing on these calls")
