"""Deterministic streams of host registry events for tests: several versions of
each entity, tombstones among them, encoded exactly as the host publishes them."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from adapters.registry_messages import to_records
from contracts import consumed, messages, topology
from service.platform.mirror import MirrorWriter
from service.registry.rules import RegistryBatch

_WHEN = datetime(2026, 4, 20, 8, 0, tzinfo=UTC)


def _node_message(rng: random.Random, code: str, version: int, serial: int) -> bytes:
    return messages.encode(
        messages.GridUpserted.model_validate(
            {
                "schema": "grid.upserted.v1",
                "message_id": f"n-{code}-{version}-{serial}",
                "occurred_time": _WHEN,
                "code": code,
                "version": version,
                "level": "grid",
                "display_name": f"网格 {code} v{version}",
                "parent": code[:12],
                "grid_type": rng.choice(["ordinary", "rural", "exclusive"]),
            }
        )
    )


def _user_message(rng: random.Random, user_id: str, version: int, serial: int) -> bytes:
    grid = f"320102{rng.randrange(1, 10):03d}{rng.randrange(1, 30):03d}{rng.randrange(1, 9):03d}"
    document: dict[str, Any] = {
        "schema": "user.upserted.v1",
        "message_id": f"u-{user_id}-{version}-{serial}",
        "occurred_time": _WHEN,
        "user_id": user_id,
        "version": version,
        "display_name": f"用户{user_id} v{version}",
        "phone_number": f"138{rng.randrange(10**8):08d}",
        "roles": [{"role": "officer", "scope_node": grid}],
        "officer": {
            "category": rng.choice(["judge", "prosecutor", "police", "lawyer"]),
            "unit": f"unit-{rng.randrange(20)}",
            "party_member": rng.random() < 0.8,
            "residence": grid,
        },
    }
    if rng.random() < 0.3:
        document["roles"].append({"role": "community_head", "scope_node": grid[:12]})
    return messages.encode(messages.UserUpserted.model_validate(document))


def _unit_message(rng: random.Random, unit_id: str, version: int, serial: int) -> bytes:
    known = rng.random() < 0.8
    return messages.encode(
        messages.UnitUpserted.model_validate(
            {
                "schema": "unit.upserted.v1",
                "message_id": f"un-{unit_id}-{version}-{serial}",
                "occurred_time": _WHEN,
                "unit_id": unit_id,
                "version": version,
                "display_name": f"单位{unit_id} v{version}",
                "kind": rng.choice(["court", "procuratorate", "public_security", "law_society"]),
                "district": "320102",
                "staff": {"party_members": rng.randrange(200), "others": rng.randrange(100)}
                if known
                else None,
            }
        )
    )


def _tombstone(kind: str, key: str, version: int, serial: int) -> bytes:
    if kind == "unit":
        return messages.encode(
            messages.UnitDeleted.model_validate(
                {
                    "schema": "unit.deleted.v1",
                    "message_id": f"dun-{key}-{serial}",
                    "occurred_time": _WHEN,
                    "unit_id": key,
                    "version": version,
                }
            )
        )
    if kind == "node":
        return messages.encode(
            messages.GridDeleted.model_validate(
                {
                    "schema": "grid.deleted.v1",
                    "message_id": f"dn-{key}-{serial}",
                    "occurred_time": _WHEN,
                    "code": key,
                    "version": version,
                }
            )
        )
    return messages.encode(
        messages.UserDeleted.model_validate(
            {
                "schema": "user.deleted.v1",
                "message_id": f"du-{key}-{serial}",
                "occurred_time": _WHEN,
                "user_id": key,
                "version": version,
            }
        )
    )


def registry_events(count: int, *, seed: int = 7) -> list[bytes]:
    """``count`` events in the order the host emitted them: per entity, versions
    1, 2, 3... and sometimes a final tombstone."""
    rng = random.Random(seed)
    events: list[bytes] = []
    serial = 0
    while len(events) < count:
        serial += 1
        # One unit for every ten other entities, drawn apart so that the nodes and
        # users of a seed stay what they were before units were mirrored.
        kind = "unit" if serial % 11 == 0 else rng.choice(["node", "user"])
        key = (
            # Unique per serial: one entity, one history (same version, same content).
            f"320102{serial // 30_000 + 1:03d}{serial // 1000 % 30 + 1:03d}{serial % 1000:03d}"
            if kind == "node"
            else f"unit-{serial:06d}"
            if kind == "unit"
            else f"u{serial:06d}"
        )
        versions = rng.randint(1, 4)
        for version in range(1, versions + 1):
            maker = {"node": _node_message, "user": _user_message, "unit": _unit_message}[kind]
            events.append(maker(rng, key, version, serial))
        if rng.random() < 0.15:
            events.append(_tombstone(kind, key, versions + 1, serial))
    return events[:count]


def mirror_state(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the mirror holds, in a comparable form (no times, no surrogate ids)."""
    queries = {
        "scope_node": "SELECT code, version, level, display_name, parent_code, rural, "
        "grid_type, exclusive_kind, deleted FROM scope_node ORDER BY code",
        "host_user": "SELECT user_id, version, display_name, phone_number, id_number, "
        "officer_category, unit, party_member, residence, workplace, deleted "
        "FROM host_user ORDER BY user_id",
        "role_binding": "SELECT user_id, role, scope_node, unit FROM role_binding "
        "ORDER BY user_id, role, scope_node",
        "permission_toggle": "SELECT permission, role, scope_node, enabled, version, toggled_by "
        "FROM permission_toggle ORDER BY permission, role, scope_node",
        "unit": "SELECT unit_id, version, display_name, kind, district, party_staff, "
        "other_staff, deleted FROM unit ORDER BY unit_id",
    }
    with engine.connect() as connection:
        return {
            table: [tuple(row) for row in connection.execute(sa.text(query))]
            for table, query in queries.items()
        }


MIRROR_TABLES = ("scope_node", "host_user", "role_binding", "permission_toggle", "unit")


def apply_directly(
    engine: Engine, bodies: list[bytes], *, batch_size: int, now: datetime = _WHEN
) -> None:
    """Applies events straight to the store, bypassing the broker: the reference."""
    writer = MirrorWriter(engine)
    for start in range(0, len(bodies), batch_size):
        batch = RegistryBatch()
        for body in bodies[start : start + batch_size]:
            batch.extend(to_records(consumed.decode_consumed(body)))
        writer.apply(batch, now)


def reference_state(engine: Engine, bodies: list[bytes]) -> dict[str, list[tuple[Any, ...]]]:
    """Empties the mirror, applies ``bodies`` in order, and returns the state."""
    with engine.begin() as connection:
        for table in MIRROR_TABLES:
            connection.exec_driver_sql(f"DELETE FROM {table}")
    apply_directly(engine, bodies, batch_size=100)
    return mirror_state(engine)


def routing_key_of(body: bytes) -> str:
    """The routing key the host publishes a body under: its schema without the
    version (a body that is not a message at all goes out as a user event)."""
    try:
        document = json.loads(body)
        return topology.routing_key_for_schema(str(document["schema"]))
    except (ValueError, KeyError, TypeError):
        return "user.upserted"


def unit_admin(user_id: str, unit: str) -> bytes:
    """The host's record of a unit admin of ``unit`` (a role bound to a unit, not a node)."""
    return messages.encode(
        messages.UserUpserted.model_validate(
            {
                "schema": "user.upserted.v1",
                "message_id": f"unit-admin-{user_id}",
                "occurred_time": "2026-04-01T00:00:00Z",
                "user_id": user_id,
                "version": 1,
                "display_name": "单位管理员",
                "roles": [{"role": "unit_admin", "unit": unit}],
            }
        )
    )
