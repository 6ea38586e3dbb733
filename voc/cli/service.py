"""`voc serve`, `voc worker`, `voc db upgrade`, `voc keys create|list|revoke`, `voc jobs resend`, `voc audit`.

Each command builds its parts through the composition root (voc.service.Service). The web
adapter is not imported by name: `voc serve` looks it up as the `voc.web` entry point, so
`voc` runs (and its other commands work) without the `api` package.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

import typer

from voc.cli.app import app, fail
from voc.config import JobSettings, get_settings
from voc.errors import VocError
from voc.service import Service

db_app = typer.Typer(no_args_is_help=True, help="Database: migrations")
keys_app = typer.Typer(no_args_is_help=True, help="API keys: create, list, revoke")
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")
jobs_app = typer.Typer(no_args_is_help=True, help="Jobs: re-send those that waited too long")
app.add_typer(jobs_app, name="jobs")

# Where an installed web adapter registers its ASGI app factory: a callable taking a
# voc.service.Service (pyproject.toml: [project.entry-points."voc.web"] app = "api.app:create_app").
WEB_ENTRY_POINT_GROUP = "voc.web"
WEB_ENTRY_POINT_NAME = "app"


def _log_to_stderr() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


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


@app.command()
def serve(
    host: str = typer.Option(None, help="address to listen on (default VOC_HOST or 127.0.0.1)"),
    port: int = typer.Option(None, help="port (default VOC_PORT or 8000)"),
) -> None:
    """Start the API; without VOC_BROKER_URL it runs its own worker on SQLite (embedded)."""
    import uvicorn

    create_app = load_web_app_factory()
    settings = get_settings()
    _log_to_stderr()
    uvicorn.run(create_app(Service(settings)), host=host or settings.host, port=port or settings.port)


@app.command()
def worker(
    threads: int = typer.Option(None, help="worker threads (default VOC_JOBS__THREADS or 1)"),
    prefetch: int = typer.Option(None, help="messages held ahead (default VOC_JOBS__PREFETCH or 1)"),
    gpu: bool = typer.Option(False, help="GPU worker: VOC_DEVICE=cuda, one thread, prefetch 1"),
) -> None:
    """Run a worker process against VOC_BROKER_URL (RabbitMQ or Redis) until stopped."""
    settings = get_settings()
    if settings.broker_url is None:
        typer.echo(
            "voc worker needs VOC_BROKER_URL (amqp://... or redis://...); `voc serve` without it runs its own worker",
            err=True,
        )
        raise typer.Exit(2)
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
        service.jobs.start_worker()
        service.start_dispatcher()
        typer.echo(
            f"voc worker: queue {jobs.queue}, {jobs.threads} thread(s), prefetch {jobs.prefetch}, {priority}", err=True
        )
        stop.wait()


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply the migrations (VOC_DATABASE_URL, or the SQLite file under VOC_DATA_DIR)."""
    from voc.store.migrate import upgrade_database

    upgrade_database(get_settings().resolved_database_url, revision)
    typer.echo("database is up to date")


@keys_app.command("create")
def keys_create(
    name: str = typer.Option(..., help="who uses the key (the client name)"),
    scopes: str = typer.Option(..., help="comma-separated: calls:write, results:read, route:invoke, admin"),
) -> None:
    """Create a key; the key itself is printed once, as the last line."""
    from voc.store.keys import create_key, parse_scopes

    try:
        scope_list = parse_scopes(scopes)
    except VocError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(2) from error
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
def keys_revoke(key_id: str) -> None:
    """Revoke a key by its id (see `voc keys list`)."""
    from voc.store.keys import revoke_key

    with Service(get_settings()) as service, service.database.write() as session:
        if not revoke_key(session, key_id):
            typer.echo(f"no key {key_id}", err=True)
            raise typer.Exit(1)
    typer.echo(f"revoked {key_id}")


@jobs_app.command("resend")
def jobs_resend(
    older_than_minutes: float = typer.Option(
        5.0, help="re-send queued calls whose message was sent longer ago than this (never sent: at once)"
    ),
) -> None:
    """Send now what the dispatcher would send later: queued calls never sent, and those whose
    message went out more than --older-than-minutes ago (taken as lost, e.g. a purged queue).
    `voc serve` and `voc worker` do this on their own (VOC_JOBS__REDELIVERY_S); this is for
    when none runs, or to cut the wait short."""
    import datetime as dt

    settings = get_settings()
    if settings.broker_url is None:
        typer.echo("voc jobs resend needs VOC_BROKER_URL; the embedded server re-sends at start", err=True)
        raise typer.Exit(2)
    from voc.jobs.queue import BrokerUnavailable

    with Service(settings) as service:
        try:
            count = service.dispatcher.run_once(redelivery=dt.timedelta(minutes=older_than_minutes), batch=10**9)
        except BrokerUnavailable as error:
            typer.echo(f"the broker cannot be reached ({error}); nothing lost, the calls stay queued", err=True)
            raise typer.Exit(1) from error
    typer.echo(f"re-sent {count} call(s)")


@app.command("audit")
def audit(
    call_id: str = typer.Option(None, help="only this call"),
    key_name: str = typer.Option(None, help="only this client (API key name)"),
    after: int = typer.Option(0, min=0, help="entries after this id (the last one you saw)"),
    limit: int = typer.Option(100, min=1, max=100_000),
    as_json: bool = typer.Option(False, "--json", help="one JSON object per line"),
) -> None:
    """Who read or deleted which call, oldest first: id, time (UTC), action, call, key name (key id)."""
    from voc.store.audit import AuditLog

    with Service(get_settings()) as service:
        entries = AuditLog(service.database.engine).list(call_id=call_id, key_name=key_name, after=after, limit=limit)
    for entry in entries:
        if as_json:
            typer.echo(entry.model_dump_json())
        else:
            typer.echo(
                f"{entry.id}  {entry.at:%Y-%m-%dT%H:%M:%SZ}  {entry.action:14}  {entry.call_id}  "
                f"{entry.key_name} ({entry.key_id})"
            )
