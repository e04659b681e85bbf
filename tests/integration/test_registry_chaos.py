"""The registry consumer across a broker crash: nothing lost, nothing applied twice."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pika
import pytest
from sqlalchemy.engine import Engine

from adapters.registry_consumer import ConsumerSettings, RegistryConsumer
from adapters.topology import connection_parameters, declare_on_broker
from contracts import topology
from service.platform.mirror import MirrorWriter
from tests.private_broker import PrivateBroker
from tests.registry_events import (
    mirror_state,
    reference_state,
    registry_events,
    routing_key_of,
)


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[PrivateBroker]:
    node = PrivateBroker(tmp_path)
    node.start()
    yield node
    node.kill()


def _publish_confirmed(url: str, bodies: list[bytes]) -> None:
    connection = pika.BlockingConnection(connection_parameters(url))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        for number, body in enumerate(bodies):
            channel.basic_publish(
                topology.HOST_REGISTRY.name,
                routing_key_of(body),
                body,
                pika.BasicProperties(message_id=f"chaos-{number}", delivery_mode=2),
            )
    finally:
        connection.close()


def test_a_broker_killed_mid_ingest_loses_nothing(
    broker: PrivateBroker, migrated_engine: Engine
) -> None:
    events = registry_events(6_000, seed=23)
    declare_on_broker(broker.url)
    _publish_confirmed(broker.url, events)

    consumer = RegistryConsumer(
        broker.url,
        MirrorWriter(migrated_engine),
        # Small batches so that the crash lands mid-ingest, not after it.
        settings=ConsumerSettings(batch_size=100, prefetch=200, broker_outage_seconds=120),
    )
    errors: list[BaseException] = []

    def run() -> None:
        try:
            consumer.run()
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while consumer.stats.applied_messages < 1_000:
        assert not errors
        assert time.monotonic() < deadline, consumer.stats
        time.sleep(0.01)
    broker.kill()
    killed_at = consumer.stats.applied_messages
    broker.start()

    deadline = time.monotonic() + 120
    while consumer.stats.applied_messages < len(events):
        assert not errors
        assert time.monotonic() < deadline, consumer.stats
        time.sleep(0.05)
    reconnects = consumer.stats.reconnects
    assert reconnects >= 1
    assert killed_at < len(events), "the crash came after the ingest: nothing was tested"

    # Asked to stop while the broker is away, the consumer stops waiting at once.
    broker.kill()
    deadline = time.monotonic() + 30
    while consumer.stats.reconnects == reconnects:
        assert time.monotonic() < deadline, "the consumer did not notice the broker left"
        time.sleep(0.05)
    consumer.stop()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert not errors
    consumed = mirror_state(migrated_engine)
    assert consumed == reference_state(migrated_engine, events)
