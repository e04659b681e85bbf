"""The dead-letter queue for an operator: list what is in it, and replay messages
to where they came from (``officer-module dead-letters list|replay``).

Reading takes every message unacknowledged, then hands back those not replayed
(``nack`` with requeue), so that listing changes nothing. A replayed message is
published to its original exchange under its original routing key, without the
dead-letter headers, and acknowledged from the dead-letter queue only once the
broker has confirmed the new copy: a crash in between leaves it in both places,
never in neither (the consumer is idempotent).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pika

from adapters.topology import connection_parameters
from contracts import topology


@dataclass(frozen=True)
class DeadLetter:
    message_id: str | None
    type: str | None
    reason: str
    detail: str
    dead_letter_time: int | None
    original_exchange: str
    original_routing_key: str
    size: int

    def as_json(self) -> dict[str, Any]:
        return {
            "message_id": self.message_id,
            "type": self.type,
            "reason": self.reason,
            "detail": self.detail,
            "dead_letter_time": self.dead_letter_time,
            "original_exchange": self.original_exchange,
            "original_routing_key": self.original_routing_key,
            "size": self.size,
        }


def _text(headers: dict[str, Any], name: str) -> str:
    value = headers.get(name, "")
    return value.decode() if isinstance(value, bytes) else str(value)


def _described(properties: pika.BasicProperties, body: bytes) -> DeadLetter:
    headers = dict(properties.headers or {})
    moment = headers.get(topology.DEAD_LETTER_TIME_HEADER)
    return DeadLetter(
        message_id=properties.message_id,
        type=properties.type,
        reason=_text(headers, topology.DEAD_LETTER_REASON_HEADER),
        detail=_text(headers, topology.DEAD_LETTER_DETAIL_HEADER),
        dead_letter_time=int(moment) if moment is not None else None,
        original_exchange=_text(headers, topology.ORIGINAL_EXCHANGE_HEADER),
        original_routing_key=_text(headers, topology.ORIGINAL_ROUTING_KEY_HEADER),
        size=len(body),
    )


def _as_sent(properties: pika.BasicProperties) -> pika.BasicProperties:
    headers = {
        key: value
        for key, value in (properties.headers or {}).items()
        if key not in topology.DEAD_LETTER_HEADERS
    }
    return pika.BasicProperties(
        message_id=properties.message_id,
        type=properties.type,
        content_type=properties.content_type,
        timestamp=properties.timestamp,
        headers=headers or None,
        delivery_mode=pika.DeliveryMode.Persistent,
    )


def _walk(
    amqp_url: str, limit: int, replay: Callable[[DeadLetter], bool] | None
) -> tuple[list[DeadLetter], int]:
    """Reads up to ``limit`` dead letters; replays those ``replay`` picks.
    Returns what was read and how many were replayed."""
    connection = pika.BlockingConnection(connection_parameters(amqp_url))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        seen: list[DeadLetter] = []
        replayed = 0
        while len(seen) < limit:
            method, properties, body = channel.basic_get(topology.DEAD_LETTER_QUEUE.name)
            if method is None:
                break
            letter = _described(properties, body)
            seen.append(letter)
            if replay is not None and letter.original_exchange and replay(letter):
                # Confirmed (a BlockingChannel in confirm mode waits), then acked.
                channel.basic_publish(
                    letter.original_exchange,
                    letter.original_routing_key,
                    body,
                    _as_sent(properties),
                    mandatory=True,
                )
                channel.basic_ack(method.delivery_tag)
                replayed += 1
        # Everything still held goes back to the queue, in its order.
        channel.basic_nack(delivery_tag=0, multiple=True, requeue=True)
        return seen, replayed
    finally:
        if connection.is_open:
            connection.close()


def list_dead_letters(amqp_url: str, *, limit: int = 1000) -> list[DeadLetter]:
    return _walk(amqp_url, limit, None)[0]


def replay(amqp_url: str, *, pick: Callable[[DeadLetter], bool], limit: int = 100_000) -> int:
    """Replays the dead letters ``pick`` chooses; returns how many."""
    return _walk(amqp_url, limit, pick)[1]
