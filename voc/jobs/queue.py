"""The Dramatiq side: broker set-up, the analysis actor, and worker start.

Embedded (no VOC_BROKER_URL): an in-memory broker and a worker thread inside the API
process; since that broker forgets everything on exit, unfinished calls are re-sent
from the database at start. Scale-out: RabbitMQ (amqp://) or Redis (redis://), durable
queues, messages acknowledged only after the job finished, so a killed worker's job
is delivered again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import Retries, TimeLimit

from voc.config import Settings
from voc.jobs.priority import in_lowered_thread
from voc.jobs.runner import JobRunner
from voc.store.calls import unfinished_call_ids
from voc.store.db import Database
from voc.store.dispatch import mark_sent

log = logging.getLogger(__name__)
ACTOR_NAME = "analyze_call"


class BrokerUnavailable(Exception):
    """The broker could not take a message (down, unreachable, connection lost). Nothing is
    lost: the call stays `queued` in the database and the dispatcher sends it later."""


def _send_errors() -> tuple[type[BaseException], ...]:
    """What a broker client raises when it cannot send: Dramatiq wraps RabbitMQ's errors in its
    ConnectionError; the Redis client's own errors come through as they are."""
    errors: list[type[BaseException]] = [dramatiq.errors.BrokerConnectionError, OSError]
    try:
        import pika.exceptions

        errors.append(pika.exceptions.AMQPError)
    except ImportError:  # pragma: no cover - pika comes with dramatiq[rabbitmq]
        pass
    try:
        import redis.exceptions

        errors += [redis.exceptions.ConnectionError, redis.exceptions.TimeoutError]
    except ImportError:  # pragma: no cover - without the redis extra
        pass
    return tuple(errors)


SEND_ERRORS = _send_errors()
PIKA_CONNECT_LOGGERS = ("pika.adapters",)  # connection attempts, sockets, I/O: what a refused connection logs


def build_broker(settings: Settings) -> dramatiq.Broker:
    broker_url, job_settings = settings.broker_url, settings.jobs
    broker: dramatiq.Broker
    if broker_url is None:
        broker = StubBroker()
    elif broker_url.startswith(("amqp://", "amqps://")):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        broker = RabbitmqBroker(url=broker_url, confirm_delivery=True)
        # pika logs every refused connection as an ERROR with a traceback; a send that fails
        # raises BrokerUnavailable, which voc logs once as a warning (the dispatcher waits).
        for name in PIKA_CONNECT_LOGGERS:
            logging.getLogger(name).setLevel(logging.CRITICAL)
    elif broker_url.startswith(("redis://", "rediss://")):
        from dramatiq.brokers.redis import RedisBroker

        broker = RedisBroker(url=broker_url)
    else:
        raise ValueError(f"VOC_BROKER_URL must start with amqp:// or redis://, got {broker_url.split(':')[0]}://...")
    for middleware in broker.middleware:
        if isinstance(middleware, Retries):
            middleware.max_retries = job_settings.max_attempts + 2
            middleware.min_backoff = job_settings.min_backoff_ms
            middleware.max_backoff = job_settings.max_backoff_ms
        if isinstance(middleware, TimeLimit):
            middleware.time_limit = job_settings.time_limit_ms
    return broker


class JobQueue:
    """Sends analysis jobs and, where asked, runs a worker for them."""

    def __init__(self, settings: Settings, runner: JobRunner | None = None) -> None:
        self.embedded = settings.broker_url is None
        self.job_settings = job_settings = settings.jobs
        self.broker = build_broker(settings)
        self.runner = runner
        process: Callable[[str], None] = runner.process if runner else _no_runner
        if runner and self.embedded:
            process = in_lowered_thread(job_settings.nice, process)
        # The attempt count that decides `failed` lives in the database (see JobRunner); the
        # broker's own retry limit sits above it so it never gives up first.
        self.actor = dramatiq.actor(
            actor_name=ACTOR_NAME,
            queue_name=job_settings.queue,
            broker=self.broker,
            max_retries=job_settings.max_attempts + 2,
        )(process)
        self.worker: dramatiq.Worker | None = None

    def enqueue(self, call_id: str) -> None:
        """Send the call's job; `BrokerUnavailable` when the broker cannot take it."""
        try:
            self.actor.send(call_id)
        except SEND_ERRORS as error:
            raise BrokerUnavailable(f"{type(error).__name__}: {error}") from error

    def start_worker(self) -> dramatiq.Worker:
        if self.runner is None:
            raise RuntimeError("a worker needs a JobRunner")
        worker = dramatiq.Worker(
            self.broker, queues={self.job_settings.queue}, worker_threads=self.job_settings.threads
        )
        worker.queue_prefetch = self.job_settings.prefetch
        worker.start()
        self.worker = worker
        return worker

    def resend_unfinished(self, database: Database) -> int:
        """Re-send jobs the database says are unfinished (the embedded server's start: its
        in-memory broker forgot them). Queued calls' messages are otherwise the dispatcher's."""
        with database.read() as session:
            ids = unfinished_call_ids(session)
        for call_id in ids:
            self.enqueue(call_id)
        if ids:
            with database.write() as session:
                mark_sent(session, ids)  # so the dispatcher does not send them again
            log.info("re-sent %d unfinished job(s)", len(ids))
        return len(ids)

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop(timeout=5000)
            self.worker = None
        self.broker.close()


def _no_runner(call_id: str) -> None:
    raise RuntimeError("this process only sends jobs")
