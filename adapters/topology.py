"""Declares the module's RabbitMQ topology (contracts.topology) on a broker.

Declarations are idempotent: every replica declares at start-up, and a
mismatch with what the broker already has (say, a classic queue where a
quorum queue is expected) fails loudly with PRECONDITION_FAILED rather than
running on a queue without a delivery limit.
"""

from __future__ import annotations

import pika
import structlog
from pika.adapters.blocking_connection import BlockingChannel
from pika.exceptions import AMQPConnectionError
from tenacity import (
    retry,
    retry_if_exception_type,
    stop_after_delay,
    wait_exponential,
)

from contracts import topology
from service.platform.observability import log_retry

log = structlog.get_logger(__name__)


def declare_topology(channel: BlockingChannel) -> None:
    for exchange in topology.EXCHANGES:
        channel.exchange_declare(exchange.name, exchange.type, durable=True)
    for queue in topology.QUEUES:
        channel.queue_declare(queue.name, durable=True, arguments=dict(queue.arguments))
    for binding in topology.BINDINGS:
        channel.queue_bind(binding.queue, binding.exchange, routing_key=binding.routing_key)


def connection_parameters(url: str) -> pika.URLParameters:
    parameters = pika.URLParameters(url)
    # A broker under a memory or disk alarm blocks publishers silently; give up
    # after a minute instead of hanging for ever.
    parameters.blocked_connection_timeout = 60
    return parameters


@retry(
    retry=retry_if_exception_type(AMQPConnectionError),
    wait=wait_exponential(multiplier=0.2, max=5),
    stop=stop_after_delay(60),
    reraise=True,
    before_sleep=log_retry("broker unreachable, retrying", log),
)
def declare_on_broker(url: str) -> None:
    """Connects (retrying for up to a minute), declares everything, disconnects."""
    connection = pika.BlockingConnection(connection_parameters(url))
    try:
        declare_topology(connection.channel())
    finally:
        connection.close()
