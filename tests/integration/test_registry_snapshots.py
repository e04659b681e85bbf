"""Resync: a complete snapshot the module asked for tombstones what it omits; an
incomplete one, or one the module did not ask for, tombstones nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy.engine import Engine

from adapters.resync import request_resync
from contracts import consumed, messages, topology
from service.devtools.host_sim import snapshot_reply
from service.devtools.synthetic_city import city_messages
from service.registry.store import snapshots
from tests.integration.test_registry_consumer import RunningConsumer
from tests.registry_events import apply_directly, mirror_state, routing_key_of

REQUESTED = datetime(2026, 4, 20, 8, 0, tzinfo=UTC)  # registry_events stamps 08:00 too


@pytest.fixture
def city(migrated_engine: Engine) -> list[bytes]:
    """The small city in the mirror, stamped an hour before the snapshot request."""
    bodies = list(city_messages("small"))
    apply_directly(migrated_engine, bodies, batch_size=500, now=REQUESTED - timedelta(hours=1))
    return bodies


def _request(engine: Engine, snapshot_id: str) -> None:
    with engine.begin() as connection:
        snapshots.record_request(
            connection, snapshot_id=snapshot_id, requested_by="users/admin-city", now=REQUESTED
        )


def _state(engine: Engine, snapshot_id: str) -> tuple[str, str | None] | None:
    with engine.connect() as connection:
        return snapshots.snapshot_state(connection, snapshot_id)


def _deleted(engine: Engine) -> tuple[set[str], set[str]]:
    state = mirror_state(engine)
    nodes = {row[0] for row in state["scope_node"] if row[-1]}
    users = {row[0] for row in state["host_user"] if row[-1]}
    return nodes, users


def _keys(bodies: list[bytes]) -> tuple[list[str], list[str]]:
    nodes, users = [], []
    for body in bodies:
        message = consumed.decode_consumed(body)
        if isinstance(message, messages.GridUpserted):
            nodes.append(message.code)
        elif isinstance(message, messages.UserUpserted):
            users.append(message.user_id)
    return nodes, users


def _without(bodies: list[bytes], gone: set[str]) -> list[bytes]:
    return [body for body in bodies if not any(f'"{key}"'.encode() in body for key in gone)]


def test_a_complete_snapshot_tombstones_what_the_host_no_longer_has(
    migrated_engine: Engine, city: list[bytes]
) -> None:
    nodes, users = _keys(city)
    gone_users = {users[5], users[300], users[-1]}
    gone_grid = {nodes[-1]}  # the last grid: nothing else names it
    _request(migrated_engine, "snap-1")
    reply = snapshot_reply(
        _without(city, gone_users | gone_grid), snapshot_id="snap-1", chunk_size=100
    )
    apply_directly(migrated_engine, reply, batch_size=7, now=REQUESTED + timedelta(minutes=1))

    assert _deleted(migrated_engine) == (gone_grid, gone_users)
    bound = {row[0] for row in mirror_state(migrated_engine)["role_binding"]}
    assert not bound & gone_users
    state, detail = _state(migrated_engine, "snap-1") or ("", "")
    assert state == "applied"
    assert detail == "tombstoned 1 scope nodes, 3 users, 0 units"


def test_a_complete_snapshot_tombstones_a_unit_it_no_longer_holds(
    migrated_engine: Engine, city: list[bytes]
) -> None:
    gone = "320111-prosecutor"
    kept = [
        body
        for body in city
        if not (b'"unit.upserted.v1"' in body and f'"unit_id":"{gone}"'.encode() in body)
    ]
    assert len(kept) == len(city) - 1
    _request(migrated_engine, "snap-units")
    reply = snapshot_reply(kept, snapshot_id="snap-units", chunk_size=100)
    apply_directly(migrated_engine, reply, batch_size=7, now=REQUESTED + timedelta(minutes=1))
    units = {row[0]: bool(row[-1]) for row in mirror_state(migrated_engine)["unit"]}
    assert [unit for unit, deleted in units.items() if deleted] == [gone]
    assert len(units) == 18
    state, detail = _state(migrated_engine, "snap-units") or ("", "")
    assert (state, detail) == ("applied", "tombstoned 0 scope nodes, 0 users, 1 units")


def test_a_snapshot_with_a_missing_chunk_tombstones_nothing(
    migrated_engine: Engine, city: list[bytes]
) -> None:
    _, users = _keys(city)
    _request(migrated_engine, "snap-2")
    reply = snapshot_reply(_without(city, {users[0]}), snapshot_id="snap-2", chunk_size=100)
    del reply[3]  # a chunk lost on the way
    apply_directly(migrated_engine, reply, batch_size=50, now=REQUESTED + timedelta(minutes=1))

    assert _deleted(migrated_engine) == (set(), set())
    state, detail = _state(migrated_engine, "snap-2") or ("", "")
    assert state == "incomplete"
    assert "chunks missing: [3]" in (detail or "")


def test_a_snapshot_the_module_did_not_ask_for_only_updates(
    migrated_engine: Engine, city: list[bytes]
) -> None:
    _, users = _keys(city)
    reply = snapshot_reply(_without(city, {users[0]}), snapshot_id="theirs", chunk_size=100)
    apply_directly(migrated_engine, reply, batch_size=50, now=REQUESTED + timedelta(minutes=1))
    assert _deleted(migrated_engine) == (set(), set())
    assert _state(migrated_engine, "theirs") is None


def test_what_arrived_after_the_request_survives_a_snapshot_that_predates_it(
    migrated_engine: Engine, city: list[bytes]
) -> None:
    _request(migrated_engine, "snap-3")
    newcomer = messages.encode(
        messages.UserUpserted.model_validate(
            {
                "schema": "user.upserted.v1",
                "message_id": "late-1",
                "occurred_time": REQUESTED,
                "user_id": "of-late",
                "version": 1,
                "display_name": "新报名的政法网格员",
            }
        )
    )
    apply_directly(migrated_engine, [newcomer], batch_size=1, now=REQUESTED + timedelta(seconds=5))
    reply = snapshot_reply(city, snapshot_id="snap-3", chunk_size=100)
    apply_directly(migrated_engine, reply, batch_size=50, now=REQUESTED + timedelta(minutes=1))
    assert _deleted(migrated_engine) == (set(), set())
    assert (_state(migrated_engine, "snap-3") or ("",))[0] == "applied"


def test_resync_over_the_broker_end_to_end(
    amqp_url: str, broker_channel: BlockingChannel, migrated_engine: Engine, city: list[bytes]
) -> None:
    """The request reaches the host's side of officer.events; the host's answer,
    consumed like any registry event, reconciles the mirror."""
    channel = broker_channel
    host_queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(host_queue, topology.EVENTS.name, topology.SNAPSHOT_REQUESTED_ROUTING_KEY)

    snapshot_id = request_resync(migrated_engine, amqp_url, requested_by="users/admin-city")
    method, properties, body = channel.basic_get(host_queue, auto_ack=True)
    assert method is not None
    request = messages.SnapshotRequested.model_validate_json(body)
    assert request.snapshot_id == snapshot_id
    assert properties.type == "snapshot.requested.v1"

    _, users = _keys(city)
    reply = snapshot_reply(_without(city, {users[7]}), snapshot_id=snapshot_id, chunk_size=200)
    for part in reply:
        channel.basic_publish(topology.HOST_REGISTRY.name, routing_key_of(part), part)
    running = RunningConsumer(amqp_url, migrated_engine)
    try:
        running.wait_for(len(reply))
    finally:
        running.stop()
    assert _deleted(migrated_engine) == (set(), {users[7]})
    assert (_state(migrated_engine, snapshot_id) or ("",))[0] == "applied"
