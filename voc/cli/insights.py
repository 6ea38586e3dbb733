"""`voc insights ...`: questions about many calls at once (categories and scorecards for now)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import ValidationError

from voc.cli.app import app, fail

if TYPE_CHECKING:
    from voc.insights.replay import ReplayReport

insights_app = typer.Typer(help="Insights across calls: try a changed category or scorecard rule file on stored calls")
app.add_typer(insights_app, name="insights")


@insights_app.command("replay")
def replay(
    rules: Annotated[Path, typer.Option("--rules", help="the changed rule file (YAML) to try")],
    limit: Annotated[int, typer.Option("--limit", min=1, help="how many of the newest analysed calls to use")] = 1000,
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
