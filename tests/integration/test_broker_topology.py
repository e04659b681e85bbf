"""The contract's topology on a real RabbitMQ: it declares, routes and dead-letters."""

from __future__ import annotations

import uuid

import pika
import pytest
from pika.adapters.blocking_connection import BlockingChannel

from adapters.topology import declare_topology
from contracts import golden, messages, topology


@pytest.fixture
def channel(broker_channel: BlockingChannel) -> BlockingChannel:
    return broker_channel


def _publish_sample(channel: BlockingChannel, schema: str) -> str:
    message_id = f"test-{uuid.uuid4()}"
    channel.confirm_delivery()
    channel.basic_publish(
        topology.HOST_REGISTRY.name,
        topology.routing_key_for_schema(schema),
        golden.sample_bytes(schema),
        pika.BasicProperties(
            message_id=message_id, type=schema, content_type="application/json", delivery_mode=2
        ),
        mandatory=True,
    )
    return message_id


def _next(channel: BlockingChannel, queue: str) -> tuple[int, pika.BasicProperties, bytes]:
    for method, properties, body in channel.consume(queue, inactivity_timeout=10):
        assert method is not None, f"nothing arrived on {queue}"
        channel.cancel()
        return method.delivery_tag, properties, body
    raise AssertionError("consume ended without a message")


def test_declaring_twice_is_harmless(amqp_url: str, channel: BlockingChannel) -> None:
    declare_topology(channel)
    for queue in topology.QUEUES:
        channel.queue_declare(queue.name, passive=True)


@pytest.mark.parametrize("schema", sorted(messages.CONSUMED_SCHEMAS))
def test_every_consumed_message_reaches_the_registry_queue(
    channel: BlockingChannel, schema: str
) -> None:
    message_id = _publish_sample(channel, schema)
    tag, properties, body = _next(channel, topology.REGISTRY_QUEUE.name)
    channel.basic_ack(tag)
    assert properties.message_id == message_id
    assert body == golden.sample_bytes(schema)


def test_a_rejected_message_is_dead_lettered(channel: BlockingChannel) -> None:
    message_id = _publish_sample(channel, "user.upserted.v1")
    tag, _, _ = _next(channel, topology.REGISTRY_QUEUE.name)
    channel.basic_reject(tag, requeue=False)
    dead_tag, properties, _ = _next(channel, topology.DEAD_LETTER_QUEUE.name)
    channel.basic_ack(dead_tag)
    assert properties.message_id == message_id


def test_a_message_redelivered_past_the_limit_is_dead_lettered_not_looped(
    channel: BlockingChannel,
) -> None:
    message_id = _publish_sample(channel, "grid.upserted.v1")
    for _ in range(topology.DELIVERY_LIMIT + 1):
        tag, properties, _ = _next(channel, topology.REGISTRY_QUEUE.name)
        assert properties.message_id == message_id
        channel.basic_nack(tag, requeue=True)
    dead_tag, properties, _ = _next(channel, topology.DEAD_LETTER_QUEUE.name)
    channel.basic_ack(dead_tag)
    assert properties.message_id == message_id
    assert (
        channel.queue_declare(topology.REGISTRY_QUEUE.name, passive=True).method.message_count == 0
    )
