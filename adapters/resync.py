"""Asks the host for a full snapshot of its registries (the resync).

The request is recorded first, then published with a broker confirm. Should the
publish fail, the recorded request simply never completes and a new one can be
made; the host's answer arrives on the registry queue like any other event and
the consumer reconciles it (service.registry.store.snapshots).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pika
from sqlalchemy.engine import Engine

from adapters.topology import connection_parameters, declare_on_broker
from contracts import messages, topology
from service.registry.store import snapshots


def request_resync(engine: Engine, amqp_url: str, *, requested_by: str) -> str:
    """Records and publishes a snapshot request; returns its id."""
    snapshot_id = str(uuid.uuid4())
    now = datetime.now(UTC)
    with engine.begin() as connection:
        snapshots.record_request(
            connection, snapshot_id=snapshot_id, requested_by=requested_by, now=now
        )
    request = messages.SnapshotRequested.model_validate(
        {
            "schema": "snapshot.requested.v1",
            "message_id": f"snapshot-{snapshot_id}",
            "occurred_time": now,
            "snapshot_id": snapshot_id,
            "requested_by": requested_by,
        }
    )
    declare_on_broker(amqp_url)
    connection = pika.BlockingConnection(connection_parameters(amqp_url))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.basic_publish(
            topology.EVENTS.name,
            topology.SNAPSHOT_REQUESTED_ROUTING_KEY,
            messages.encode(request),
            pika.BasicProperties(
                message_id=request.message_id,
                type="snapshot.requested.v1",
                content_type="application/json",
                delivery_mode=pika.DeliveryMode.Persistent,
            ),
        )
    finally:
        connection.close()
    return snapshot_id
