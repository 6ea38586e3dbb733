"""Running the service for tests, embedded (SQLite, in-process worker) or scale-out
(PostgreSQL + RabbitMQ on loopback, a worker in its own process: `voc worker`, or
`python -m tests.service.failing_worker` where a test needs jobs that fail on purpose).

Each scale-out run gets its own PostgreSQL schema and queue name, so parallel runs
do not collide; both are dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from voc.config import JobSettings, RouteSettings, Settings
from voc.store.db import Database
from voc.store.keys import create_key
from voc.store.migrate import upgrade_database

REPO = Path(__file__).resolve().parents[2]
PG_BASE = os.environ.get("VOC_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
AMQP_URL = os.environ.get("VOC_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672/")


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def scaleout_available() -> bool:
    return reachable("127.0.0.1", 5432) and reachable("127.0.0.1", 5672)


@dataclass
class Deployment:
    """Settings shared by the API under test and any worker process it starts."""

    backend: str
    data_dir: Path
    database_url: str
    broker_url: str | None
    queue: str
    schema: str | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    def settings(self, **overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "data_dir": self.data_dir,
            "cache_dir": Path.home() / ".cache" / "voc",
            "database_url": self.database_url,
            "broker_url": self.broker_url,
            # These tests do not route calls: the API need not load its own IVR Whisper.
            "route": RouteSettings(transcription=False),
            "jobs": self.job_settings(),
        }
        return Settings(**(values | overrides))

    def job_settings(self, **overrides: Any) -> JobSettings:
        values: dict[str, Any] = {
            "queue": self.queue,
            "max_attempts": 3,
            "min_backoff_ms": 200,
            "max_backoff_ms": 1000,
        }
        return JobSettings(**(values | overrides))

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VOC_")}
        env |= {
            # This checkout first; whatever the test run itself was given after it.
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
            "VOC_DATA_DIR": str(self.data_dir),
            "VOC_DATABASE_URL": self.database_url,
            "VOC_JOBS__QUEUE": self.queue,
            "VOC_JOBS__MAX_ATTEMPTS": "3",
            "VOC_JOBS__MIN_BACKOFF_MS": "200",
            "VOC_JOBS__MAX_BACKOFF_MS": "1000",
            "VOC_ROUTE__TRANSCRIPTION": "false",
        }
        if self.broker_url:
            env["VOC_BROKER_URL"] = self.broker_url
        return env | self.extra_env

    def database(self) -> Database:
        upgrade_database(self.database_url)
        return Database(self.database_url)

    def new_key(self, scopes: list[str], name: str = "tester") -> str:
        database = self.database()
        try:
            with database.write() as session:
                return create_key(session, name, scopes)[1]
        finally:
            database.dispose()


@contextmanager
def deployment(backend: str, tmp_path: Path) -> Iterator[Deployment]:
    run = secrets.token_hex(4)
    if backend == "embedded":
        yield Deployment(
            backend,
            tmp_path / "data",
            f"sqlite:///{tmp_path / 'data' / 'voc.sqlite3'}",
            None,
            f"voc-test-{run}",
        )
        return
    import psycopg

    schema = f"voc_test_{run}"
    admin_url = PG_BASE.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    queue = f"voc-test-{run}"
    try:
        yield Deployment(
            backend, tmp_path / "data", f"{PG_BASE}?options=-csearch_path%3D{schema}", AMQP_URL, queue, schema
        )
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")
        _delete_queues(queue)


def _delete_queues(queue: str) -> None:
    import pika

    connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    try:
        channel = connection.channel()
        for name in (queue, f"{queue}.DQ", f"{queue}.XQ"):
            channel.queue_delete(name)
    finally:
        connection.close()


def voc_command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from voc.cli import main; main()", *args]


# A real worker process whose jobs fail on purpose for marked calls (tests/service/failing_worker.py).
FAILING_WORKER = [sys.executable, "-m", "tests.service.failing_worker"]


class Process:
    """A subprocess (`voc_command(...)` or FAILING_WORKER) whose output goes to a log file
    (read it when a test fails)."""

    def __init__(self, command: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self._out = log.open("ab")
        self.proc = subprocess.Popen(command, env=env, cwd=REPO, stdout=self._out, stderr=subprocess.STDOUT)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
        self._out.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._out.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], Any], timeout: float, interval: float = 0.05, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def call_status(client: httpx.Client | Any, call_id: str, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get(f"/v1/calls/{call_id}", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def read_feed(client: httpx.Client | Any, headers: dict[str, str], after: str | None = None) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    while True:
        params = {"limit": 1000} | ({"after": after} if after else {})
        page = client.get("/v1/events", params=params, headers=headers).json()
        events.extend(page["events"])
        if not page["events"]:
            return events
        after = page["next_cursor"]
