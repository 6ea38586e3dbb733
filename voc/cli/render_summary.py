"""Rich renderables for the summary and tasks of a call; the CLI's readable view shows them."""

from __future__ import annotations

from rich.console import RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from voc.schemas import CallAnalysis, Summary, Task

TASK_STYLE = {
    "deposit_maturity": "green",
    "product_expiry": "green",
    "callback": "cyan",
    "payment_promise": "yellow",
    "complaint": "red",
    "churn_risk": "bold red",
}


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(seconds, 60)
    return f"{int(minutes):02d}:{secs:04.1f}"


def summary_panel(summary: Summary) -> Panel:
    body = Text(summary.text)
    if summary.open_items:
        body.append("\n")
        for item in summary.open_items:
            body.append(f"\n• {item}")
    return Panel(body, title="Summary", subtitle=summary.backend, expand=True)


def tasks_table(tasks: list[Task]) -> Table:
    table = Table(title="CRM tasks", expand=True)
    table.add_column("due", no_wrap=True)
    table.add_column("task", ratio=2)
    table.add_column("owner", no_wrap=True)
    table.add_column("evidence", ratio=3)
    table.add_column("turn", justify="right", no_wrap=True)
    table.add_column("at", no_wrap=True)
    for task in tasks:
        evidence = task.evidence
        table.add_row(
            task.due_date.isoformat() if task.due_date else "—",
            Text(task.title, style=TASK_STYLE.get(task.type, "white")),
            task.owner,
            Text(f"{evidence.speaker}: «{evidence.quote}»", style="dim"),
            str(evidence.turn + 1),  # numbered from 1, as the turns table shows them
            _clock(evidence.start),
        )
    return table


def extraction_view(analysis: CallAnalysis) -> list[RenderableType]:
    """The summary panel and the tasks table, in that order; empty parts are left out."""
    parts: list[RenderableType] = []
    if analysis.summary is not None:
        parts.append(summary_panel(analysis.summary))
    if analysis.tasks:
        parts.append(tasks_table(analysis.tasks))
    elif analysis.summary is not None:
        parts.append(Text("no CRM tasks", style="dim"))
    return parts
