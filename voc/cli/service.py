"""`voc serve`, `voc worker`, `voc db upgrade`, `voc keys create|list|revoke`, `voc jobs resend|status`, `voc audit`.

Each command builds its parts through the composition root (voc.service.Service). The web
adapter is not imported by name: `voc serve` looks it up as the `voc.web` entry point, so
`voc` runs (and its other commands work) without the `api` package.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

import typer

from voc.cli.app import app, command_group, fail
from voc.config import JobSettings, get_settings
from voc.errors import VocError
from voc.service import Service

db_app = command_group("Database: apply the migrations")
keys_app = command_group("API keys: create, list, revoke")
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")
jobs_app = command_group("Jobs: backlog, leases, re-sends (scale-out)")
app.add_typer(jobs_app, name="jobs")

# Where an installed web adapter registers its ASGI app factory: a callable taking a
# voc.service.Service (pyproject.toml: [project.entry-points."voc.web"] app = "api.app:create_app").
WEB_ENTRY_POINT_GROUP = "voc.web"
WEB_ENTRY_POINT_NAME = "app"


def _log_to_stderr() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # a line per plugin, every start


def load_web_app_factory() -> Callable[[Service], Any]:
    """The installed web adapter's app factory; a clear error when there is none."""
    found = entry_points(group=WEB_ENTRY_POINT_GROUP, name=WEB_ENTRY_POINT_NAME)
    if not found:
        fail(
            f"voc serve needs a web adapter, and none is installed (no '{WEB_ENTRY_POINT_NAME}' entry point "
            f"in the '{WEB_ENTRY_POINT_GROUP}' group): install voc with its api package, e.g. `pip install -e .` "
            "in a checkout"
        )
    factory: Callable[[Service], Any] = next(iter(found)).load()
    return factory


@app.command(short_help="Start the API (and its worker).")
def serve(
    host: str = typer.Option(
        None, metavar="ADDRESS", help="address to listen on (default VOC_HOST or 127.0.0.1; 0.0.0.0 for all)"
    ),
    port: int = typer.Option(None, metavar="PORT", help="port to listen on (default VOC_PORT or 8000)"),
) -> None:
    """Start the API (and, without VOC_BROKER_URL, its own worker).

    The first start creates an admin API key and shows it once; `voc keys create` makes more.
    The API's documentation is at http://ADDRESS:PORT/docs.
    """
    import uvicorn

    create_app = load_web_app_factory()
    settings = get_settings()
    settings = settings.model_copy(update={"host": host or settings.host, "port": port or settings.port})
    check_port_free(settings.host, settings.port)
    _log_to_stderr()
    uvicorn.run(create_app(Service(settings)), host=settings.host, port=settings.port)


def check_port_free(host: str, port: int) -> None:
    """Fail at once when the address is taken, not after the models have loaded."""
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as error:
        fail(
            f"cannot listen on {host}:{port} ({error.strerror or error}): stop what uses it, or choose "
            "another port with --port (or VOC_PORT)"
        )


# Streams a GPU worker decodes in one batch unless VOC_ASR__BATCH_SIZE says otherwise.
GPU_BATCH_SIZE = 8


@app.command(short_help="Run a queue worker (scale-out).")
def worker(
    threads: int = typer.Option(None, metavar="N", help="worker threads (default VOC_JOBS__THREADS or 1)"),
    prefetch: int = typer.Option(
        None, metavar="N", help="messages taken ahead from the queue (default VOC_JOBS__PREFETCH or 1)"
    ),
    gpu: bool = typer.Option(
        False, "--gpu", help="GPU worker: VOC_DEVICE=cuda, one thread, prefetch 1, both channels decoded in one batch"
    ),
) -> None:
    """Run a queue worker (scale-out: needs VOC_BROKER_URL).

    Takes analysis jobs from RabbitMQ or Redis until stopped (Ctrl-C or SIGTERM).
    """
    settings = get_settings()
    if settings.broker_url is None:
        fail("voc worker needs VOC_BROKER_URL (amqp://... or redis://...); `voc serve` without it runs its own worker")
    overrides: dict[str, int] = {}
    if threads:
        overrides["threads"] = threads
    if prefetch:
        overrides["prefetch"] = prefetch
    update: dict[str, Any] = {}
    if gpu:
        # One process, one thread, one message at a time: one model copy owns the card.
        overrides |= {"threads": 1, "prefetch": 1}
        update["device"] = "cuda"
        if settings.asr.batch_size == 1:  # a GPU decodes a call's channels together for the time of one
            update["asr"] = settings.asr.model_copy(update={"batch_size": GPU_BATCH_SIZE})
    update["jobs"] = JobSettings.model_validate(settings.jobs.model_dump() | overrides)
    run_worker(Service(settings.model_copy(update=update), runs_jobs=True))


def run_worker(service: Service) -> None:
    """Take jobs from the service's broker until SIGINT or SIGTERM, then stop cleanly."""
    from voc.jobs.priority import lower_cpu_priority

    _log_to_stderr()
    jobs = service.settings.jobs
    priority = lower_cpu_priority(jobs.nice, jobs.idle_cpu)  # before any thread starts: they inherit it
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with service:
        if not _wait_for_database(service, stop):
            return
        service.jobs.start_worker()
        service.start_dispatcher()
        service.start_retention()
        service.start_topic_rebuilds()
        typer.echo(
            f"voc worker: queue {jobs.queue}, {jobs.threads} thread(s), prefetch {jobs.prefetch}, {priority}", err=True
        )
        stop.wait()


def _wait_for_database(service: Service, stop: threading.Event) -> bool:
    """A worker started while the database is down waits for it (with a warning, no traceback)
    instead of exiting; False if it was told to stop meanwhile."""
    from voc.store.db import describe_outage, is_database_outage

    wait = 1.0
    warned = False
    while True:
        try:
            service.database  # noqa: B018 - builds it: connects and runs the migrations
        except Exception as error:
            if not is_database_outage(error):
                raise
            if not warned:
                logging.getLogger(__name__).warning("voc worker: waiting for the database (%s)", describe_outage(error))
                warned = True
            if stop.wait(wait):
                return False
            wait = min(wait * 2, service.settings.jobs.database_wait_max_s)
            continue
        if warned:
            logging.getLogger(__name__).info("voc worker: the database answers, starting")
        return True


@db_app.command("upgrade")
def db_upgrade(
    revision: str = typer.Argument("head", metavar="REVISION", help="the migration to reach (default: the latest)"),
) -> None:
    """Apply the migrations (VOC_DATABASE_URL, or the SQLite file under VOC_DATA_DIR).

    `voc serve` and `voc worker` do this at start; run it yourself before a scale-out roll-out.
    """
    from voc.store.migrate import upgrade_database

    upgrade_database(get_settings().resolved_database_url, revision)
    typer.echo("database is up to date")


@keys_app.command("create")
def keys_create(
    name: str = typer.Option(..., metavar="NAME", help="who uses the key, e.g. telephony, crm, ivr"),
    scopes: str = typer.Option(
        ...,
        metavar="SCOPES",
        help="comma-separated: calls:write, results:read, route:invoke, insights:write, data:erase, ui:read, admin",
    ),
) -> None:
    """Create a key; the key itself is printed once, as the last line.

    \b
    telephony:  voc keys create --name telephony --scopes calls:write
    CRM:        voc keys create --name crm --scopes results:read
    IVR:        voc keys create --name ivr --scopes route:invoke
    """
    from voc.store.keys import create_key, parse_scopes

    try:
        scope_list = parse_scopes(scopes)
    except VocError as error:
        fail(f"--scopes {scopes!r}: {error.message}")
    with Service(get_settings()) as service, service.database.write() as session:
        row, secret = create_key(session, name, scope_list)
        typer.echo(f"created key {row.id} for {row.name!r} with scopes {row.scopes}")
    typer.echo(secret)


@keys_app.command("list")
def keys_list() -> None:
    """List keys (never their secrets)."""
    from voc.store.keys import list_keys

    with Service(get_settings()) as service, service.database.read() as session:
        for row in list_keys(session):
            state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "active"
            typer.echo(f"{row.id}  {row.name:30}  {row.scopes:45}  {state}")


@keys_app.command("revoke")
def keys_revoke(key_id: str = typer.Argument(..., metavar="KEY_ID", help="the id `voc keys list` shows")) -> None:
    """Revoke a key by its id (see `voc keys list`)."""
    from voc.store.keys import revoke_key

    with Service(get_settings()) as service, service.database.write() as session:
        if not revoke_key(session, key_id):
            fail(f"no key {key_id}: `voc keys list` shows the ids", code=1)
    typer.echo(f"revoked {key_id}")


@jobs_app.command("resend", short_help="Re-send queued calls whose job looks lost.")
def jobs_resend(
    older_than_minutes: float = typer.Option(
        5.0,
        metavar="MINUTES",
        help="re-send queued calls whose message was sent longer ago than this (never sent: at once)",
    ),
) -> None:
    """Re-send queued calls whose job looks lost (scale-out: needs VOC_BROKER_URL).

    Sends now what the dispatcher would send later: queued calls never sent, and those whose
    message went out more than --older-than-minutes ago (taken as lost, e.g. a purged queue).
    `voc serve` and `voc worker` do this on their own (VOC_JOBS__REDELIVERY_S); this is for
    when none runs, or to cut the wait short."""
    settings = get_settings()
    if settings.broker_url is None:
        fail("voc jobs resend needs VOC_BROKER_URL; the embedded server (voc serve without it) re-sends at start")
    from voc.jobs.queue import BrokerUnavailable

    with Service(settings) as service:
        try:
            dead = service.dispatcher.reconcile_dead_letters()
            count = service.dispatcher.run_once(redelivery=dt.timedelta(minutes=older_than_minutes), batch=10**9)
        except BrokerUnavailable as error:
            fail(f"the broker cannot be reached ({error}); nothing is lost, the calls stay queued: try again", code=1)
    if dead:
        typer.echo(f"took {dead} dead-lettered message(s) off the broker")
    typer.echo(f"re-sent {count} call(s)")


def _span(delta: dt.timedelta) -> str:
    seconds = int(abs(delta.total_seconds()))
    text = (
        f"{seconds // 3600}h{seconds % 3600 // 60:02d}m" if seconds >= 3600 else f"{seconds // 60}m{seconds % 60:02d}s"
    )
    return text if seconds >= 60 else f"{seconds}s"


@jobs_app.command("status")
def jobs_status() -> None:
    """Queued, processing (who holds each call and how long its lease has left), failed and done
    calls, the broker's dead letters, and the call that has waited longest."""
    from voc.store.job_status import job_status

    settings = get_settings()
    with Service(settings) as service:
        with service.database.read() as session:
            status = job_status(session)
        dead_letters = _dead_letters(service)
    counts = status.counts
    oldest = status.oldest_waiting
    waiting = f"  oldest waiting: {oldest.id}, {_span(oldest.waiting)}" if oldest else ""
    if oldest is not None:
        waiting += " (message sent)" if oldest.sent else " (not sent yet)"
    typer.echo(f"queued        {counts['queued']}{waiting}")
    typer.echo(f"processing    {counts['processing']}")
    for held in status.processing:
        if held.lease_left is None:
            lease = "no lease (taken back at the next dispatcher pass)"
        elif held.lease_left.total_seconds() < 0:
            lease = f"lease ran out {_span(held.lease_left)} ago"
        else:
            lease = f"lease {_span(held.lease_left)} left"
        typer.echo(
            f"  {held.id}  attempt {held.attempts}  held {_span(held.held_for)} by {held.leased_by or '?'}, {lease}"
        )
    typer.echo(f"failed        {counts['failed']}")
    typer.echo(f"done          {counts['done']}")
    typer.echo(f"dead letters  {dead_letters}")


def _dead_letters(service: Service) -> str:
    if service.jobs.embedded:
        return "none (embedded: no broker)"
    try:
        return f"{service.jobs.dead_letters.count()} in {service.jobs.dead_letters.name}"
    except Exception as error:  # the broker is down: the rest of the report still helps
        return f"unknown, the broker cannot be reached ({type(error).__name__}: {error})"


@app.command("audit")
def audit(
    call_id: str = typer.Option(None, metavar="ID", help="only this call"),
    customer_id: str = typer.Option(None, "--customer", metavar="ID", help="only this customer"),
    key_name: str = typer.Option(None, metavar="NAME", help="only this client (API key name)"),
    after: int = typer.Option(0, min=0, metavar="ID", help="entries after this id (the last one you saw)"),
    limit: int = typer.Option(100, min=1, max=100_000, metavar="N", help="at most this many entries"),
    as_json: bool = typer.Option(False, "--json", help="one JSON object per line"),
) -> None:
    """Who read, listed or erased which call or customer.

    One line per entry, oldest first: id, time (UTC), action, call or customer, key name (key id)."""
    from voc.store.audit import AuditLog

    with Service(get_settings()) as service:
        entries = AuditLog(service.database.engine).list(
            call_id=call_id, customer_id=customer_id, key_name=key_name, after=after, limit=limit
        )
    for entry in entries:
        if as_json:
            typer.echo(entry.model_dump_json())
        else:
            typer.echo(
                f"{entry.id}  {entry.at:%Y-%m-%dT%H:%M:%SZ}  {entry.action:14}  "
                f"{entry.call_id or 'customer ' + str(entry.customer_id)}  "
                f"{entry.key_name} ({entry.key_id})"
            )
