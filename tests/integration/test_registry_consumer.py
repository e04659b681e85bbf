"""The registry consumer on a real RabbitMQ and a real database."""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Iterator

import pika
import pytest
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy.engine import Engine

from adapters.registry_consumer import ConsumerSettings, RegistryConsumer
from contracts import golden, topology
from service.platform.mirror import MirrorWriter
from tests.registry_events import mirror_state, reference_state, registry_events


@pytest.fixture
def channel(broker_channel: BlockingChannel) -> BlockingChannel:
    return broker_channel


def _publish(channel: BlockingChannel, bodies: list[bytes]) -> None:
    for body in bodies:
        channel.basic_publish(
            topology.HOST_REGISTRY.name,
            "user.upserted",  # the queue's binding, whatever the schema inside says
            body,
            pika.BasicProperties(message_id=str(uuid.uuid4()), delivery_mode=2),
        )


class RunningConsumer:
    def __init__(self, amqp_url: str, engine: Engine) -> None:
        self.consumer = RegistryConsumer(
            amqp_url, MirrorWriter(engine), settings=ConsumerSettings(batch_size=500)
        )
        self.errors: list[BaseException] = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.consumer.run()
        except BaseException as exc:
            self.errors.append(exc)

    def wait_for(self, messages: int, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        stats = self.consumer.stats
        while stats.applied_messages + stats.dead_lettered < messages:
            assert not self.errors, self.errors
            assert time.monotonic() < deadline, f"consumed only {stats} of {messages}"
            time.sleep(0.05)

    def stop(self) -> None:
        self.consumer.stop()
        self.thread.join(timeout=30)
        assert not self.thread.is_alive()
        assert not self.errors, self.errors


@pytest.fixture
def consumer(
    amqp_url: str, migrated_engine: Engine, channel: BlockingChannel
) -> Iterator[RunningConsumer]:
    running = RunningConsumer(amqp_url, migrated_engine)
    yield running
    running.stop()


def _dead_letters(channel: BlockingChannel) -> list[tuple[pika.BasicProperties, bytes]]:
    found: list[tuple[pika.BasicProperties, bytes]] = []
    while True:
        method, properties, body = channel.basic_get(topology.DEAD_LETTER_QUEUE.name, auto_ack=True)
        if method is None:
            return found
        found.append((properties, body))


def test_malformed_messages_are_dead_lettered_with_a_reason_and_the_rest_applied(
    channel: BlockingChannel, consumer: RunningConsumer, migrated_engine: Engine
) -> None:
    valid = registry_events(1_000, seed=11)
    bad_versions = 17
    malformed = [
        b"not json at all",
        b"[]",
        b'{"schema": "user.exploded.v9", "message_id": "x"}',
        *(
            golden.sample_bytes("user.upserted.v1").replace(
                b'"version": 3', f'"version": -{i}'.encode()
            )
            for i in range(bad_versions)
        ),
    ]
    mixed = valid + malformed
    random.Random(5).shuffle(mixed)
    _publish(channel, mixed)
    consumer.wait_for(len(mixed))

    assert consumer.consumer.stats.dead_lettered == len(malformed)
    dead = _dead_letters(channel)
    assert sorted(body for _, body in dead) == sorted(malformed)
    reasons = [properties.headers[topology.DEAD_LETTER_REASON_HEADER] for properties, _ in dead]
    assert any("not JSON" in reason for reason in reasons)
    assert any("user.exploded.v9" in reason for reason in reasons)
    assert sum("version" in reason for reason in reasons) == bad_versions

    consumed = mirror_state(migrated_engine)
    assert consumed == reference_state(migrated_engine, valid)
    assert len(consumed["host_user"]) + len(consumed["scope_node"]) > 200


def test_events_three_times_over_the_broker_in_shuffled_order_end_as_one_in_order_apply(
    channel: BlockingChannel,
    consumer: RunningConsumer,
    migrated_engine: Engine,
) -> None:
    events = registry_events(10_000, seed=13)
    tripled = events * 3
    random.Random(17).shuffle(tripled)
    _publish(channel, tripled)
    consumer.wait_for(len(tripled))
    consumed = mirror_state(migrated_engine)
    assert consumed == reference_state(migrated_engine, events)
