"""The broker's dead-letter queue, read back and reconciled with the database.

Dramatiq moves a message to `<queue>.XQ` when its retries run out. The database, not that
queue, says what a call needs: voc counts attempts itself and fails a call with its reason, so
a dead letter only means a message was given up on. `reconcile` takes dead letters off the
queue and makes each still-`queued` call due for the dispatcher again at once (a finished,
failed or deleted call needs nothing; a `processing` one is its lease's business).

RabbitMQ: `<queue>.XQ` is read with basic_get on a connection of its own. Redis: the sorted
set `dramatiq:<queue>.XQ` with its `.msgs` hash. The embedded broker keeps them in memory.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.common import xq_name

log = logging.getLogger(__name__)
Handle = Callable[[list[str]], None]


def _call_ids(bodies: list[bytes]) -> list[str]:
    ids: list[str] = []
    for body in bodies:
        try:
            ids.append(str(dramatiq.Message.decode(body).args[0]))
        except Exception as error:  # not one of ours: dropped with a note
            log.warning("dead letter that is not an analysis job dropped: %s", error)
    return ids


class DeadLetters:
    """Count and take the dead letters of one queue on the broker `broker`."""

    def __init__(self, broker: dramatiq.Broker, queue: str, url: str | None) -> None:
        self.broker = broker
        self.queue = queue
        self.name = xq_name(queue)
        self.url = url

    def count(self) -> int:
        if isinstance(self.broker, StubBroker):
            return len(self.broker.dead_letters_by_queue.get(self.queue, []))
        if self._is_redis():
            return int(self.broker.client.zcard(self._redis_key()))  # type: ignore[attr-defined]
        with self._rabbit_channel() as channel:
            return int(self._declare(channel).method.message_count)

    def take(self, handle: Handle, limit: int = 500) -> int:
        """Hand up to `limit` dead letters' call ids to `handle`, then remove them from the queue
        (if `handle` raises, they stay for the next try). The number taken."""
        if isinstance(self.broker, StubBroker):
            letters = self.broker.dead_letters_by_queue.get(self.queue, [])
            taken = letters[:limit]
            handle([str(m.args[0]) for m in taken])
            del letters[: len(taken)]
            return len(taken)
        if self._is_redis():
            return self._take_redis(handle, limit)
        return self._take_rabbit(handle, limit)

    def _is_redis(self) -> bool:
        return (self.url or "").startswith(("redis://", "rediss://"))

    def _redis_key(self) -> str:
        return f"{self.broker.namespace}:{self.name}"  # type: ignore[attr-defined]

    def _take_redis(self, handle: Handle, limit: int) -> int:
        client = self.broker.client  # type: ignore[attr-defined]
        key = self._redis_key()
        message_ids = client.zrange(key, 0, limit - 1)
        if not message_ids:
            return 0
        bodies = [body for body in client.hmget(f"{key}.msgs", message_ids) if body is not None]
        handle(_call_ids(bodies))
        client.zrem(key, *message_ids)
        client.hdel(f"{key}.msgs", *message_ids)
        return len(message_ids)

    def _declare(self, channel: Any) -> Any:
        """Declare the dead-letter queue exactly as Dramatiq does (a no-op when it exists), so a
        queue nothing was ever sent to reads as empty instead of a 404 from the broker."""
        from dramatiq.brokers.rabbitmq import DEAD_MESSAGE_TTL

        return channel.queue_declare(self.name, durable=True, arguments={"x-message-ttl": DEAD_MESSAGE_TTL})

    def _take_rabbit(self, handle: Handle, limit: int) -> int:
        with self._rabbit_channel() as channel:
            self._declare(channel)
            tags: list[int] = []
            bodies: list[bytes] = []
            while len(tags) < limit:
                method, _properties, body = channel.basic_get(self.name, auto_ack=False)
                if method is None:
                    break
                tags.append(method.delivery_tag)
                bodies.append(body)
            if not tags:
                return 0
            try:
                handle(_call_ids(bodies))
            except BaseException:
                channel.basic_nack(tags[-1], multiple=True, requeue=True)
                raise
            channel.basic_ack(tags[-1], multiple=True)
            return len(tags)

    def _rabbit_channel(self) -> _RabbitChannel:
        return _RabbitChannel(self.url or "")


class _RabbitChannel:
    """A short-lived connection of its own: the broker's connections belong to its threads."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __enter__(self) -> Any:
        import pika

        parameters = pika.URLParameters(self.url)
        parameters.socket_timeout = 5
        parameters.blocked_connection_timeout = 5
        self.connection = pika.BlockingConnection(parameters)
        return self.connection.channel()

    def __exit__(self, *_: object) -> None:
        if self.connection.is_open:
            self.connection.close()
