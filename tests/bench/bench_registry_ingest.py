"""Ingest of the full synthetic city (13,412 nodes, 26,012 users, 66 units: 39,490 messages)
from RabbitMQ into the mirror, on SQLite and on PostgreSQL, beside the fastest raw
pika consume of the same messages from the same queue in the same run (prefetch
1,000, one multiple=True ack per 100 messages, nothing else done per message).

    AMQP_URL=amqp://guest:guest@127.0.0.1:5672/%2F \\
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test \\
    python -m tests.bench.bench_registry_ingest

Uses the broker's officer.registry queue (purged first) and a scratch PostgreSQL
database it creates and drops.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time

import pika
import sqlalchemy as sa
from pika.adapters.blocking_connection import BlockingChannel

from adapters.registry_consumer import RegistryConsumer
from adapters.topology import connection_parameters, declare_on_broker
from contracts import topology
from service.devtools.synthetic_city import city_messages
from service.platform.mirror import MirrorWriter
from service.platform.store import database, schema
from tests.bench.scratch import scratch_postgres
from tests.registry_events import routing_key_of

AMQP_URL = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _preload(channel: BlockingChannel, bodies: list[bytes]) -> None:
    """Fills the registry queue (not timed) and waits until the broker holds it all."""
    channel.queue_purge(topology.REGISTRY_QUEUE.name)
    for number, body in enumerate(bodies):
        channel.basic_publish(
            topology.HOST_REGISTRY.name,
            routing_key_of(body),
            body,
            pika.BasicProperties(message_id=f"bench-{number}", delivery_mode=2),
        )
    for _ in range(600):
        queued = channel.queue_declare(topology.REGISTRY_QUEUE.name, passive=True)
        if queued.method.message_count == len(bodies):
            return
        time.sleep(0.1)
    raise RuntimeError(f"the broker holds {queued.method.message_count} of {len(bodies)}")


def _raw_consume(count: int) -> float:
    connection = pika.BlockingConnection(connection_parameters(AMQP_URL))
    channel = connection.channel()
    channel.basic_qos(prefetch_count=1000)
    started = time.perf_counter()
    for received, (method, _, _) in enumerate(channel.consume(topology.REGISTRY_QUEUE.name), 1):
        if received % 100 == 0 or received == count:
            channel.basic_ack(method.delivery_tag, multiple=True)
        if received == count:
            break
    elapsed = time.perf_counter() - started
    channel.cancel()
    connection.close()
    return count / elapsed


def _ingest(database_url: str, count: int) -> float:
    engine = database.create_engine(database_url)
    schema.migrate(engine)
    consumer = RegistryConsumer(AMQP_URL, MirrorWriter(engine))
    thread = threading.Thread(target=consumer.run, daemon=True)
    started = time.perf_counter()
    thread.start()
    while consumer.stats.applied_messages < count:
        if not thread.is_alive():
            raise RuntimeError("the consumer stopped early")
        time.sleep(0.01)
    elapsed = time.perf_counter() - started
    consumer.stop()
    thread.join()
    with engine.connect() as connection:
        users = connection.execute(sa.text("SELECT count(*) FROM host_user")).scalar_one()
        nodes = connection.execute(sa.text("SELECT count(*) FROM scope_node")).scalar_one()
        units = connection.execute(sa.text("SELECT count(*) FROM unit")).scalar_one()
    engine.dispose()
    if users + nodes + units != count:
        raise RuntimeError(
            f"mirror holds {users} users, {nodes} nodes and {units} units, not {count} records"
        )
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=3, help="each figure is the best of this many runs"
    )
    args = parser.parse_args()
    bodies = list(city_messages("full"))
    declare_on_broker(AMQP_URL)
    connection = pika.BlockingConnection(connection_parameters(AMQP_URL))
    channel = connection.channel()
    raw, on_sqlite, on_postgres = [], [], []
    try:
        # Interleaved rounds, best of each: noise on a shared 2-core machine only
        # ever slows a run down, and it hits all three alike.
        for _ in range(args.rounds):
            _preload(channel, bodies)
            raw.append(_raw_consume(len(bodies)))
            _preload(channel, bodies)
            with tempfile.TemporaryDirectory() as tmp:
                on_sqlite.append(_ingest(f"sqlite:///{tmp}/bench.sqlite3", len(bodies)))
            _preload(channel, bodies)
            with scratch_postgres(DATABASE_URL) as url:
                on_postgres.append(_ingest(url, len(bodies)))
    finally:
        connection.close()
    best_raw = max(raw)
    print(f"messages: {len(bodies)}, best of {args.rounds} rounds")
    print(f"raw pika consume (prefetch 1000, ack per 100): {best_raw:8.0f} msg/s")
    print(f"ingest into SQLite                            : {max(on_sqlite):8.0f} msg/s")
    print(f"ingest into PostgreSQL                        : {max(on_postgres):8.0f} msg/s")
    for name, runs in (("sqlite", on_sqlite), ("postgresql", on_postgres)):
        print(
            f"BENCH name=registry_ingest_{name} value={max(runs):.0f} unit=msg/s "
            f"baseline={best_raw:.0f} ratio={max(runs) / best_raw:.2f}"
        )


if __name__ == "__main__":
    main()
