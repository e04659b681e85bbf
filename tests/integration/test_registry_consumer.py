"""The registry consumer on a real RabbitMQ and a real database."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pika
import pytest
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy.engine import Engine

from adapters.registry_consumer import ConsumerSettings, RegistryConsumer
from contracts import golden, topology
from service.platform.mirror import MirrorWriter
from tests.registry_events import (
    mirror_state,
    reference_state,
    registry_events,
    routing_key_of,
)


@pytest.fixture
def channel(broker_channel: BlockingChannel) -> BlockingChannel:
    return broker_channel


def _publish(channel: BlockingChannel, bodies: list[bytes]) -> None:
    for body in bodies:
        channel.basic_publish(
            topology.HOST_REGISTRY.name,
            routing_key_of(body),
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
    reasons = Counter(
        properties.headers[topology.DEAD_LETTER_REASON_HEADER] for properties, _ in dead
    )
    assert reasons == {
        "NOT_JSON": 1,
        "NOT_AN_OBJECT": 1,
        "UNKNOWN_SCHEMA": 1,
        "INVALID_FIELDS": bad_versions,
    }
    details = [properties.headers[topology.DEAD_LETTER_DETAIL_HEADER] for properties, _ in dead]
    assert sum(detail.startswith("version: ") for detail in details) == bad_versions
    # Where each came from, to replay it there.
    assert {
        (
            properties.headers[topology.ORIGINAL_EXCHANGE_HEADER],
            properties.headers[topology.ORIGINAL_ROUTING_KEY_HEADER],
        )
        for properties, _ in dead
    } == {(topology.HOST_REGISTRY.name, key) for key in map(routing_key_of, malformed)}
    # No value of a message is repeated in what a header says about it.
    sample = golden.sample_bytes("user.upserted.v1").decode()
    for detail in details:
        assert "-1" not in detail
        assert all(value not in detail for value in ("u100234", "王建国", "13851234567"))
    assert all(value in sample for value in ("u100234", "王建国", "13851234567"))

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


def test_a_routing_key_that_disagrees_with_the_schema_is_dead_lettered_not_applied(
    channel: BlockingChannel, consumer: RunningConsumer, migrated_engine: Engine
) -> None:
    grid = golden.sample_bytes("grid.upserted.v1")
    channel.basic_publish(
        topology.HOST_REGISTRY.name,
        "user.upserted",  # a grid's body under a user's key
        grid,
        pika.BasicProperties(message_id="mismatch-1", delivery_mode=2),
    )
    consumer.wait_for(1)
    assert consumer.consumer.stats.dead_lettered == 1
    [(properties, body)] = _dead_letters(channel)
    assert body == grid
    assert properties.headers[topology.DEAD_LETTER_REASON_HEADER] == "ROUTING_KEY_MISMATCH"
    assert not mirror_state(migrated_engine)["scope_node"]


def _cli(command: str, amqp_url: str, *options: str) -> str:
    """``officer-module dead-letters ...`` as an operator runs it; its stdout."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "service.cli",
            "dead-letters",
            command,
            "--amqp-url",
            amqp_url,
            *options,
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    return done.stdout


def test_dead_letters_are_listed_without_loss_and_replayed_where_they_came_from(
    channel: BlockingChannel, consumer: RunningConsumer, amqp_url: str
) -> None:
    refused = [b"not json", golden.sample_bytes("grid.upserted.v1")]
    for number, body in enumerate(refused):
        channel.basic_publish(
            topology.HOST_REGISTRY.name,
            "user.upserted",
            body,
            pika.BasicProperties(message_id=f"dead-{number}", delivery_mode=2),
        )
    consumer.wait_for(len(refused))
    consumer.stop()
    for _ in range(2):  # listing twice: listing keeps them
        listed = [json.loads(line) for line in _cli("list", amqp_url).splitlines()]
        assert sorted((item["message_id"], item["reason"]) for item in listed) == [
            ("dead-0", "NOT_JSON"),
            ("dead-1", "ROUTING_KEY_MISMATCH"),
        ]
    with pytest.raises(subprocess.CalledProcessError):  # names nothing to replay
        _cli("replay", amqp_url)
    assert _cli("replay", amqp_url, "--reason", "NOT_JSON").strip() == "1"
    # Back on the registry queue, as the host sent it, without the dead-letter headers.
    _, properties, body = channel.basic_get(topology.REGISTRY_QUEUE.name, auto_ack=True)
    assert (body, properties.message_id) == (b"not json", "dead-0")
    assert not set(properties.headers or {}) & set(topology.DEAD_LETTER_HEADERS)
    assert [p.message_id for p, _ in _dead_letters(channel)] == ["dead-1"]
