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
from dramatiq.middleware import CurrentMessage, Retries, TimeLimit

from voc.config import Settings
from voc.jobs.dead_letters import DeadLetters
from voc.jobs.priority import in_lowered_thread
from voc.jobs.runner import DatabaseUnavailable, JobRunner
from voc.store.calls import unfinished_call_ids
from voc.store.db import Database
from voc.store.dispatch import mark_sent
from voc.store.leases import expire_leases
from voc.store.tables import utcnow

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
    broker.add_middleware(CurrentMessage())  # a delivery that found the database down re-sends itself
    return broker


class JobQueue:
    """Sends analysis jobs and, where asked, runs a worker for them."""

    def __init__(self, settings: Settings, runner: JobRunner | None = None) -> None:
        self.embedded = settings.broker_url is None
        self.job_settings = job_settings = settings.jobs
        self.broker = build_broker(settings)
        self.runner = runner
        self.broker_url = settings.broker_url
        self.dead_letters = DeadLetters(self.broker, job_settings.queue, settings.broker_url)
        process: Callable[[str], None] = self._deliver if runner else _no_runner
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

    def _deliver(self, call_id: str) -> None:
        assert self.runner is not None
        try:
            self.runner.process(call_id)
        except DatabaseUnavailable as error:
            self._deliver_later(call_id, str(error))

    def _deliver_later(self, call_id: str, why: str) -> None:
        """The database could not be reached to claim the call: send the message again after a
        growing wait. Not a retry of the job: nothing was tried, so no attempt is counted and the
        broker's retry budget is not spent (a long outage would otherwise dead-letter it)."""
        message = CurrentMessage.get_current_message()
        waits = int(message.options.get("database_waits", 0)) if message is not None else 0
        delay_s = min(2.0**waits, self.job_settings.database_wait_max_s)
        try:
            self.actor.send_with_options(args=(call_id,), delay=int(delay_s * 1000), database_waits=waits + 1)
        except SEND_ERRORS as error:
            # The broker went too: the message it holds unacknowledged comes back when the
            # connection does; were it lost, the dispatcher sends the call after REDELIVERY_S.
            log.warning("job for %s: database and broker unreachable (%s; %s)", call_id, why, error)
            return
        log.warning(
            "job for %s: database unreachable (%s); delivered again in %.0f s, no attempt counted",
            call_id,
            why,
            delay_s,
        )

    def check_broker(self) -> str | None:
        """None if the broker answers now, else why not (for readiness checks)."""
        if self.embedded:
            return None
        try:
            if isinstance(self.broker_url, str) and self.broker_url.startswith(("redis://", "rediss://")):
                self.broker.client.ping()  # type: ignore[attr-defined]
            else:
                self.dead_letters.count()  # opens a connection and asks the broker about a queue
        except Exception as error:
            return f"{type(error).__name__}: {error}"
        return None

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
        in-memory broker forgot them, and no other process can be analysing them, so every
        lease is taken back first). Queued calls' messages are otherwise the dispatcher's."""
        with database.write() as session:
            while True:  # in batches; calls past their last attempt fail here
                expired = expire_leases(session, max_attempts=self.job_settings.max_attempts, before=_FAR_FUTURE)
                if not (expired.requeued or expired.failed):
                    break
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
        if self.runner is not None:
            self.runner.stop()
        self.broker.close()


_FAR_FUTURE = utcnow().replace(year=9000)


def _no_runner(call_id: str) -> None:
    raise RuntimeError("this process only sends jobs")
