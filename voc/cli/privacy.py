"""`voc erase call ID`, `voc erase customer ID`, `voc retention run` and `voc retention sweep`: erasure
from the terminal.

They do what `DELETE /v1/calls/{id}`, `DELETE /v1/customers/{id}` and the retention timer do
(voc/store/erasure.py, voc/store/retention.py), on the database and blob store of VOC_* settings.
"""

from __future__ import annotations

import typer

from voc.cli.app import app, command_group, fail
from voc.config import get_settings
from voc.errors import VocError
from voc.service import Service
from voc.views import ErasureReport

erase_app = command_group("Erase a call or a customer, for good")
retention_app = command_group("Retention: purge data past VOC_RETENTION__*")
app.add_typer(erase_app, name="erase")
app.add_typer(retention_app, name="retention")


def _counts(report: ErasureReport) -> str:
    found = {name: value for name, value in report.model_dump().items() if value}
    return ", ".join(f"{name} {value}" for name, value in found.items()) or "nothing"


@erase_app.command("call")
def erase_call_command(call_id: str) -> None:
    """Erase one call or conversation: audio, result, original, tasks, routing decisions, events' content."""
    from voc.store.erasure import erase_call

    with Service(get_settings()) as service:
        try:
            report = erase_call(service.database, service.blobs, call_id)
        except VocError as error:
            fail(error.message, 1)
    if report is None:
        fail(f"no call or conversation {call_id}", 1)
    typer.echo(f"erased {call_id}: {_counts(report)}")


@erase_app.command("customer")
def erase_customer_command(customer_id: str) -> None:
    """Erase everything stored about one customer, across every client's calls and conversations."""
    from voc.store.erasure import erase_customer

    with Service(get_settings()) as service:
        try:
            report = erase_customer(service.database, service.blobs, customer_id)
        except VocError as error:
            fail(error.message, 1)
    typer.echo(f"erased customer {customer_id}: {_counts(report)}")


@retention_app.command("run")
def retention_run() -> None:
    """One retention pass now (`voc serve` and `voc worker` run one every VOC_RETENTION__INTERVAL_S)."""
    settings = get_settings()
    if not settings.retention.enabled:
        fail("no retention is configured: set VOC_RETENTION__AUDIO_DAYS and/or VOC_RETENTION__RESULTS_DAYS")
    with Service(settings) as service:
        try:
            reports = service.retention.run_once()
        except VocError as error:
            fail(error.message, 1)
    if not reports:
        typer.echo("nothing has expired")
    for report in reports:
        typer.echo(f"purged: {_counts(report)}")


@retention_app.command("sweep")
def retention_sweep() -> None:
    """Remove stored blobs no call points to (what a crash between storing and deleting leaves),
    older than VOC_RETENTION__ORPHAN_GRACE_S; each retention pass does this too."""
    from voc.store.retention import sweep_unreferenced_blobs

    settings = get_settings()
    with Service(settings) as service:
        try:
            removed = sweep_unreferenced_blobs(service.database, service.blobs, settings.retention.orphan_grace_s)
        except VocError as error:
            fail(error.message, 1)
    typer.echo(f"swept {removed} unreferenced blob(s)")
