"""Consumes the host's registry events into the mirror, in batches.

One connection and one channel, used only by the thread that runs the consumer
(pika connections are not thread-safe). Deliveries accumulate into a batch of
up to ``batch_size`` messages, or whatever has arrived when the queue goes
quiet for ``linger_seconds``; then, in order:

1. each body is decoded; a malformed one (or an unknown schema) is set aside;
2. the valid records are applied in one database transaction;
3. the malformed ones are published to the dead-letter exchange, with the
   reason in a header, and confirmed by the broker;
4. the whole batch is acknowledged with a single ``multiple=True`` ack.

A crash anywhere before 4 redelivers the batch, which is harmless: applying a
record twice changes nothing (versions), and a malformed message may reach the
dead-letter queue twice. Delivery tags are never used across connections, so no
ack can close a channel with "unknown delivery tag".

A database that stops answering is retried while the batch stays unacked (so
that the broker does not count redeliveries towards the delivery limit); a lost
broker connection is reopened with bounded exponential backoff.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

import pika
import structlog
from pika.adapters.blocking_connection import BlockingChannel, BlockingConnection
from pika.exceptions import AMQPChannelError, AMQPConnectionError
from tenacity import RetryCallState

from adapters.broker_session import Outage, error_text, keep_trying
from adapters.registry_messages import to_records
from adapters.topology import connection_parameters, declare_topology
from contracts import consumed, topology
from service.platform.observability import log_retry
from service.registry.rules import RegistryBatch

log = structlog.get_logger(__name__)


class RegistryWriter(Protocol):
    def apply(self, batch: RegistryBatch, now: datetime) -> None: ...


@dataclass(frozen=True)
class ConsumerSettings:
    batch_size: int = 500
    prefetch: int = 1000
    linger_seconds: float = 0.05
    # How long one database outage is waited out before giving up (the process
    # then exits and its supervisor restarts it).
    database_outage_seconds: float = 300.0
    # How long one broker outage is waited out, likewise.
    broker_outage_seconds: float = 300.0


@dataclass
class ConsumerStats:
    applied_messages: int = 0
    dead_lettered: int = 0
    batches: int = 0
    reconnects: int = 0


@dataclass(frozen=True)
class _Delivery:
    exchange: str
    routing_key: str
    properties: pika.BasicProperties
    body: bytes


@dataclass
class _Pending:
    last_tag: int = 0
    deliveries: list[_Delivery] = field(default_factory=list)


class RegistryConsumer:
    def __init__(
        self,
        amqp_url: str,
        writer: RegistryWriter,
        *,
        settings: ConsumerSettings | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._url = amqp_url
        self._writer = writer
        self._settings = settings or ConsumerSettings()
        self._clock = clock
        self._stopping = threading.Event()
        self._broker = Outage(self._settings.broker_outage_seconds)
        self.stats = ConsumerStats()

    def stop(self) -> None:
        """Asks the consumer to finish its batch and return; safe from any thread."""
        self._stopping.set()

    def run(self) -> None:
        """Consumes until ``stop()``. A lost broker is reconnected with backoff; an
        outage longer than ``broker_outage_seconds`` since the last progress (a
        connection opened or a batch applied) ends the consumer with the error."""
        self._broker.progress()
        keep_trying(
            self._consume_session,
            errors=(AMQPConnectionError, AMQPChannelError),
            outage=self._broker,
            on_retry=self._log_reconnect,
            stopping=self._stopping,
        )

    def _log_reconnect(self, state: RetryCallState) -> None:
        self.stats.reconnects += 1
        log.warning(
            "registry consumer reconnecting", attempt=state.attempt_number, error=error_text(state)
        )

    def _consume_session(self) -> None:
        """One connection's life, until stop() or a broker failure (raised)."""
        connection = pika.BlockingConnection(connection_parameters(self._url))
        try:
            channel = connection.channel()
            declare_topology(channel)
            channel.basic_qos(prefetch_count=self._settings.prefetch)
            dead_letters = connection.channel()
            dead_letters.confirm_delivery()
            self._broker.progress()
            log.info("registry consumer connected", queue=topology.REGISTRY_QUEUE.name)
            self._consume(connection, channel, dead_letters)
        finally:
            if connection.is_open:
                connection.close()

    def _consume(
        self,
        connection: BlockingConnection,
        channel: BlockingChannel,
        dead_letters: BlockingChannel,
    ) -> None:
        pending = _Pending()
        deliveries = channel.consume(
            topology.REGISTRY_QUEUE.name, inactivity_timeout=self._settings.linger_seconds
        )
        for method, properties, body in deliveries:
            if method is not None:
                pending.last_tag = method.delivery_tag
                pending.deliveries.append(
                    _Delivery(method.exchange, method.routing_key, properties, body)
                )
                if len(pending.deliveries) < self._settings.batch_size:
                    continue
            if pending.deliveries:
                self._flush(connection, channel, dead_letters, pending)
                pending = _Pending()
            if self._stopping.is_set():
                channel.cancel()
                return

    def _flush(
        self,
        connection: BlockingConnection,
        channel: BlockingChannel,
        dead_letters: BlockingChannel,
        pending: _Pending,
    ) -> None:
        batch = RegistryBatch()
        refused: list[tuple[_Delivery, consumed.Refused]] = []
        for delivery in pending.deliveries:
            try:
                message = consumed.decode_consumed(delivery.body)
                consumed.check_routing_key(message, delivery.routing_key)
            except consumed.Refused as exc:
                refused.append((delivery, exc))
                continue
            batch.extend(to_records(message))
        if len(batch):
            self._apply_waiting_out_outages(connection, batch)
        for delivery, reason in refused:
            self._dead_letter(dead_letters, delivery, reason)
        channel.basic_ack(pending.last_tag, multiple=True)
        self._broker.progress()
        self.stats.batches += 1
        self.stats.applied_messages += len(pending.deliveries) - len(refused)
        self.stats.dead_lettered += len(refused)

    def _apply_waiting_out_outages(
        self, connection: BlockingConnection, batch: RegistryBatch
    ) -> None:
        def sleep_with_heartbeats(seconds: float) -> None:
            # time.sleep would starve the heartbeats and lose the connection.
            connection.sleep(seconds)

        # The batch stays unacked meanwhile, so that the broker does not count
        # redeliveries towards the delivery limit.
        keep_trying(
            lambda: self._writer.apply(batch, self._clock()),
            errors=(Exception,),
            outage=Outage(self._settings.database_outage_seconds),
            on_retry=log_retry("registry batch not applied; retrying", log),
            sleep=sleep_with_heartbeats,
        )

    def _dead_letter(
        self, channel: BlockingChannel, delivery: _Delivery, reason: consumed.Refused
    ) -> None:
        """Publishes the message, as it came, to the dead-letter exchange under
        its original routing key, with why, when and where it came from, so
        that ``officer-module dead-letters replay`` can send it back there."""
        properties = delivery.properties
        headers = dict(properties.headers or {})
        headers[topology.DEAD_LETTER_REASON_HEADER] = reason.code
        headers[topology.DEAD_LETTER_DETAIL_HEADER] = reason.detail[:500]
        headers[topology.DEAD_LETTER_TIME_HEADER] = int(time.time())
        headers[topology.ORIGINAL_EXCHANGE_HEADER] = delivery.exchange
        headers[topology.ORIGINAL_ROUTING_KEY_HEADER] = delivery.routing_key
        channel.basic_publish(
            topology.DEAD_LETTER.name,
            delivery.routing_key,
            delivery.body,
            pika.BasicProperties(
                message_id=properties.message_id,
                type=properties.type,
                content_type=properties.content_type,
                timestamp=properties.timestamp,
                headers=headers,
                delivery_mode=pika.DeliveryMode.Persistent,
            ),
            mandatory=True,
        )
        log.warning(
            "registry message dead-lettered",
            message_id=properties.message_id,
            reason=reason.code,
            detail=reason.detail,
        )
