"""Dead letters reconciled with the database, on each broker (the embedded one, real RabbitMQ,
real Redis): a message the broker gave up on (nacked by a consumer, as Dramatiq does when
its retries run out) is taken off the dead-letter queue; its call, still `queued`, is sent
again, and the dead letter of a finished call changes nothing."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.service.harness import AMQP_URL, Deployment, deployment, reachable, wait_for
from voc.intake import CallMetadata
from voc.jobs.dispatch import Dispatcher
from voc.jobs.queue import JobQueue
from voc.store import calls, dispatch
from voc.store.tables import Call

BROKERS = {"embedded": None, "rabbitmq": AMQP_URL, "redis": "redis://127.0.0.1:6379/0"}
PORTS = {"rabbitmq": 5672, "redis": 6379}


@pytest.fixture(params=list(BROKERS))
def deploy(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Deployment]:
    broker = request.param
    if broker in PORTS and not reachable("127.0.0.1", PORTS[broker]):
        pytest.skip(f"needs {broker} on 127.0.0.1:{PORTS[broker]}")
    with deployment("embedded", tmp_path) as deploy:
        deploy.broker_url = BROKERS[broker]
        deploy.queue = f"voc-test-{secrets.token_hex(4)}"
        yield deploy
    if broker == "rabbitmq":
        from tests.service.harness import _delete_queues

        _delete_queues(deploy.queue)
    if broker == "redis":
        import redis

        connection = redis.Redis.from_url(BROKERS["redis"] or "")
        for key in connection.scan_iter(f"dramatiq:{deploy.queue}*"):
            connection.delete(key)


def dead_letter(queue: JobQueue, call_id: str) -> None:
    """Send the call's job and have a consumer give up on it, the way a worker does when the
    message's retries run out."""
    queue.enqueue(call_id)
    consumer = queue.broker.consume(queue.job_settings.queue, timeout=200)
    try:
        for message in consumer:
            if message is not None:
                consumer.nack(message)
                return
    finally:
        consumer.close()


def test_dead_letters_are_reconciled_with_the_database(deploy: Deployment) -> None:
    settings = deploy.settings()
    database = deploy.database()
    queue = JobQueue(settings)
    dispatcher = Dispatcher(database, queue, settings.jobs)
    with database.write() as session:
        waiting = calls.create_call(session, client="t", metadata=CallMetadata(external_id="w")).id
        finished = calls.create_call(session, client="t", metadata=CallMetadata(external_id="f")).id
        dispatch.mark_sent(session, [waiting, finished])
        session.get(Call, finished).status = "done"  # type: ignore[union-attr]
    for call_id in (waiting, finished):
        dead_letter(queue, call_id)
    wait_for(lambda: queue.dead_letters.count() == 2, 10, what="two dead letters")
    assert dispatcher.run_once() == 0, "a call whose message was sent is not due before its redelivery window"

    assert dispatcher.reconcile_dead_letters() == 2
    assert queue.dead_letters.count() == 0
    with database.read() as session:
        assert session.get(Call, waiting).dispatched_at is None  # type: ignore[union-attr]
        assert session.get(Call, finished).status == "done"  # type: ignore[union-attr]
    assert dispatcher.run_once() == 1, "the waiting call is sent again at once, the finished one not"
    assert dispatcher.reconcile_dead_letters() == 0
    queue.stop()
    database.dispose()
