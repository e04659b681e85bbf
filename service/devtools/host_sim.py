"""The host simulator: publishes a synthetic city's registries on the bus, or loads
them straight into the store when there is no broker (the embedded demo)."""

from __future__ import annotations

from datetime import UTC, datetime

import pika
import sqlalchemy as sa
import structlog
from sqlalchemy.engine import Engine
from tenacity import Retrying, retry_if_result, stop_after_delay, wait_fixed

from adapters.registry_messages import to_records
from adapters.topology import connection_parameters, declare_on_broker
from contracts import consumed, messages, topology
from service.assignment import rules as rules
from service.assignment import store as assignments
from service.devtools.synthetic_city import city_messages
from service.platform.mirror import MirrorWriter
from service.registry.rules import RegistryBatch

log = structlog.get_logger(__name__)


def publish_city(amqp_url: str, *, size: str, seed: int) -> int:
    """Publishes every message of the city to host.registry, each confirmed by the
    broker. Returns how many officers the city holds."""
    declare_on_broker(amqp_url)
    connection = pika.BlockingConnection(connection_parameters(amqp_url))
    count = officers = 0
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        for body in city_messages(size, seed=seed):
            message = consumed.decode_consumed(body)
            schema = messages.schema_of(message)
            channel.basic_publish(
                topology.HOST_REGISTRY.name,
                topology.routing_key_for_schema(schema),
                body,
                pika.BasicProperties(
                    message_id=message.message_id,
                    type=schema,
                    content_type="application/json",
                    delivery_mode=pika.DeliveryMode.Persistent,
                ),
                mandatory=True,
            )
            count += 1
            if isinstance(message, messages.UserUpserted) and message.officer is not None:
                officers += 1
    finally:
        connection.close()
    log.info("city published", size=size, seed=seed, messages=count, officers=officers)
    return officers


class MirrorBehind(RuntimeError):
    """The module did not mirror the published city in time."""


def seed_once_mirrored(engine: Engine, *, officers: int, wait_seconds: float) -> int:
    """Waits until the module's mirror (fed by its consumer) holds ``officers``
    officers, then seeds their assignments. Returns how many were seeded."""

    def mirrored() -> int:
        with engine.connect() as connection:
            held: int = connection.execute(
                sa.text("SELECT count(DISTINCT user_id) FROM role_binding WHERE role = 'officer'")
            ).scalar_one()
        return held

    retrying = Retrying(
        retry=retry_if_result(lambda held: held < officers),
        wait=wait_fixed(0.5),
        stop=stop_after_delay(wait_seconds),
        before_sleep=lambda state: log.info(
            "waiting for the module to mirror the city",
            officers=officers,
            mirrored=state.outcome.result() if state.outcome else None,
        ),
        retry_error_callback=lambda state: state.outcome.result() if state.outcome else 0,
    )
    held = retrying(mirrored)
    if held < officers:
        raise MirrorBehind(
            f"the mirror holds {held} of {officers} officers after {wait_seconds:g} s: "
            "is the module consuming from this broker into this database?"
        )
    seeded = seed_assignments(engine, now=datetime.now(UTC))
    log.info("assignments seeded", assignments=seeded)
    return seeded


def load_city(engine: Engine, *, size: str, seed: int, batch_size: int = 1000) -> int:
    """Applies the city straight to the mirror; loading it again changes nothing."""
    writer = MirrorWriter(engine)
    bodies = list(city_messages(size, seed=seed))
    now = datetime.now(UTC)
    for start in range(0, len(bodies), batch_size):
        batch = RegistryBatch()
        for body in bodies[start : start + batch_size]:
            batch.extend(to_records(consumed.decode_consumed(body)))
        writer.apply(batch, now)
    seeded = seed_assignments(engine, now=now)
    log.info("city loaded", size=size, seed=seed, messages=len(bodies), assignments=seeded)
    return len(bodies)


def seed_assignments(engine: Engine, *, now: datetime) -> int:
    """Assigns every officer to the grid the host's registry names for them, as
    street staff would at the start (编网入格), each with its history row. Grids
    already assigned are left alone, so seeding twice changes nothing."""
    with engine.begin() as connection:
        bindings = connection.execute(
            sa.text(
                "SELECT b.user_id, b.scope_node FROM role_binding b "
                "WHERE b.role = 'officer' AND NOT EXISTS (SELECT 1 FROM grid_assignment a "
                "WHERE a.officer_id = b.user_id AND a.grid_code = b.scope_node) "
                "ORDER BY b.user_id"
            )
        ).all()
        for officer_id, grid in bindings:
            before = tuple(v.grid_code for v in assignments.current(connection, officer_id))
            change = rules.AssignmentChange(
                officer_id, before, rules.assign(before, [grid]), "初始编网入格", "host-sim", now
            )
            assignments.apply_change(connection, change)
    return len(bindings)


def snapshot_reply(bodies: list[bytes], *, snapshot_id: str, chunk_size: int = 1000) -> list[bytes]:
    """How the host answers a snapshot request: every live entity of ``bodies``
    (registry upserts) in chunks, then a completion with the counts."""
    nodes: list[dict[str, object]] = []
    users: list[dict[str, object]] = []
    units: list[dict[str, object]] = []
    for body in bodies:
        message = consumed.decode_consumed(body)
        if isinstance(message, messages.GridUpserted):
            nodes.append(messages.ScopeNodeRecord.model_validate(message.model_dump()).model_dump())
        elif isinstance(message, messages.UserUpserted):
            users.append(messages.UserRecord.model_validate(message.model_dump()).model_dump())
        elif isinstance(message, messages.UnitUpserted):
            units.append(messages.UnitRecord.model_validate(message.model_dump()).model_dump())
    entities = (
        [("scope_nodes", node) for node in nodes]
        + [("users", user) for user in users]
        + [("units", unit) for unit in units]
    )
    now = datetime.now(UTC)
    replies = []
    chunks = range(0, len(entities), chunk_size)
    for sequence, start in enumerate(chunks):
        part = entities[start : start + chunk_size]
        replies.append(
            messages.encode(
                messages.SnapshotChunk.model_validate(
                    {
                        "schema": "snapshot.chunk.v1",
                        "message_id": f"{snapshot_id}-{sequence}",
                        "occurred_time": now,
                        "snapshot_id": snapshot_id,
                        "sequence": sequence,
                        "scope_nodes": [entity for kind, entity in part if kind == "scope_nodes"],
                        "users": [entity for kind, entity in part if kind == "users"],
                        "units": [entity for kind, entity in part if kind == "units"],
                    }
                )
            )
        )
    replies.append(
        messages.encode(
            messages.SnapshotCompleted.model_validate(
                {
                    "schema": "snapshot.completed.v1",
                    "message_id": f"{snapshot_id}-completed",
                    "occurred_time": now,
                    "snapshot_id": snapshot_id,
                    "chunk_count": len(chunks),
                    "scope_node_count": len(nodes),
                    "user_count": len(users),
                    "unit_count": len(units),
                }
            )
        )
    )
    return replies
