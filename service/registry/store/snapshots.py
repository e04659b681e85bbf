"""Registry snapshots: recording a request, the chunks that answer it, and the
reconciliation that tombstones what a complete snapshot no longer mentions."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import structlog

from service.registry.rules import SnapshotChunkSeen, SnapshotEnded, SnapshotEvent, snapshot_gaps

log = structlog.get_logger(__name__)

_NODE, _USER, _UNIT = "node", "user", "unit"


def record_request(
    connection: sa.Connection, *, snapshot_id: str, requested_by: str, now: datetime
) -> None:
    connection.execute(
        sa.text(
            "INSERT INTO registry_snapshot (snapshot_id, requested_by, request_time, state) "
            "VALUES (:snapshot_id, :requested_by, :now, 'requested')"
        ).bindparams(sa.bindparam("now", type_=sa.DateTime(timezone=True))),
        {"snapshot_id": snapshot_id, "requested_by": requested_by, "now": now},
    )


def snapshot_state(connection: sa.Connection, snapshot_id: str) -> tuple[str, str | None] | None:
    row = connection.execute(
        sa.text("SELECT state, detail FROM registry_snapshot WHERE snapshot_id = :id"),
        {"id": snapshot_id},
    ).one_or_none()
    return None if row is None else (row.state, row.detail)


def apply_snapshot_events(
    connection: sa.Connection, events: list[SnapshotEvent], now: datetime
) -> None:
    """Records chunks of snapshots we asked for and reconciles the ones that end.
    Snapshots we did not ask for (another subscriber's) only update records."""
    ours: dict[str, datetime | None] = {}
    for event in events:
        if event.snapshot_id not in ours:
            ours[event.snapshot_id] = _request_time(connection, event.snapshot_id)
        request_time = ours[event.snapshot_id]
        if request_time is None:
            continue
        if isinstance(event, SnapshotChunkSeen):
            _record_chunk(connection, event)
        else:
            _reconcile(connection, event, request_time, now)


def _request_time(connection: sa.Connection, snapshot_id: str) -> datetime | None:
    """When we asked for this snapshot, if we did and it is still open."""
    found: datetime | None = connection.execute(
        sa.text(
            "SELECT request_time FROM registry_snapshot "
            "WHERE snapshot_id = :id AND state = 'requested'"
        ).columns(request_time=sa.DateTime(timezone=True)),
        {"id": snapshot_id},
    ).scalar_one_or_none()
    return found


def _record_chunk(connection: sa.Connection, chunk: SnapshotChunkSeen) -> None:
    connection.execute(
        sa.text(
            "INSERT INTO registry_snapshot_chunk (snapshot_id, sequence) VALUES (:id, :seq) "
            "ON CONFLICT DO NOTHING"
        ),
        {"id": chunk.snapshot_id, "seq": chunk.sequence},
    )
    entries = [{"id": chunk.snapshot_id, "kind": _NODE, "key": code} for code in chunk.scope_nodes]
    entries += [{"id": chunk.snapshot_id, "kind": _USER, "key": user} for user in chunk.users]
    entries += [{"id": chunk.snapshot_id, "kind": _UNIT, "key": unit} for unit in chunk.units]
    if entries:
        connection.execute(
            sa.text(
                "INSERT INTO registry_snapshot_entry (snapshot_id, kind, entity_key) "
                "VALUES (:id, :kind, :key) ON CONFLICT DO NOTHING"
            ),
            entries,
        )


def _reconcile(
    connection: sa.Connection, ended: SnapshotEnded, request_time: datetime, now: datetime
) -> None:
    key = {"id": ended.snapshot_id}
    chunks = set(
        connection.execute(
            sa.text("SELECT sequence FROM registry_snapshot_chunk WHERE snapshot_id = :id"), key
        ).scalars()
    )
    counts: dict[str, int] = {
        kind: count
        for kind, count in connection.execute(
            sa.text(
                "SELECT kind, count(*) FROM registry_snapshot_entry "
                "WHERE snapshot_id = :id GROUP BY kind"
            ),
            key,
        )
    }
    gaps = snapshot_gaps(
        ended, chunks, counts.get(_NODE, 0), counts.get(_USER, 0), counts.get(_UNIT, 0)
    )
    if gaps:
        detail = "; ".join(gaps)
        _finish(connection, ended.snapshot_id, "incomplete", detail, now)
        log.warning("registry snapshot incomplete; nothing tombstoned", detail=detail, **key)
        return
    # Only rows the mirror already held when the snapshot was asked for: anything
    # written since may be newer than the host's snapshot and absent from it.
    stamp = sa.bindparam("before", request_time, type_=sa.DateTime(timezone=True))
    at = sa.bindparam("now", now, type_=sa.DateTime(timezone=True))
    tombstoned = {"unit": 0}
    reconciled = [("scope_node", "code", _NODE), ("host_user", "user_id", _USER)]
    if ended.unit_count is not None:
        reconciled.append(("unit", "unit_id", _UNIT))
    for table, column, kind in reconciled:
        result = connection.execute(
            sa.text(
                f"UPDATE {table} SET deleted = :yes, update_time = :now "  # noqa: S608
                f"WHERE deleted = :no AND update_time < :before AND {column} NOT IN "
                "(SELECT entity_key FROM registry_snapshot_entry "
                " WHERE snapshot_id = :id AND kind = :kind)"
            ).bindparams(stamp, at),
            {"yes": True, "no": False, "id": ended.snapshot_id, "kind": kind},
        )
        tombstoned[table] = result.rowcount
    connection.execute(
        sa.text(
            "DELETE FROM role_binding WHERE user_id IN "
            "(SELECT user_id FROM host_user WHERE deleted = :yes)"
        ),
        {"yes": True},
    )
    connection.execute(sa.text("DELETE FROM registry_snapshot_entry WHERE snapshot_id = :id"), key)
    detail = f"tombstoned {tombstoned['scope_node']} scope nodes, {tombstoned['host_user']} users"
    if ended.unit_count is not None:
        detail += f", {tombstoned['unit']} units"
    _finish(connection, ended.snapshot_id, "applied", detail, now)
    log.info("registry snapshot reconciled", detail=detail, **key)


def _finish(
    connection: sa.Connection, snapshot_id: str, state: str, detail: str, now: datetime
) -> None:
    connection.execute(
        sa.text(
            "UPDATE registry_snapshot SET state = :state, detail = :detail, "
            "complete_time = :now WHERE snapshot_id = :id"
        ).bindparams(sa.bindparam("now", type_=sa.DateTime(timezone=True))),
        {"state": state, "detail": detail, "now": now, "id": snapshot_id},
    )
