"""The registry mirror in the database: versions decide, order and repetition do not."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from contracts import golden
from tests.registry_events import apply_directly, mirror_state, reference_state, registry_events

NOW = datetime(2026, 4, 21, 9, 0, tzinfo=UTC)


def _apply(engine: Engine, bodies: list[bytes], batch_size: int) -> None:
    apply_directly(engine, bodies, batch_size=batch_size)


def test_events_delivered_three_times_shuffled_end_as_one_in_order_apply(
    migrated_engine: Engine,
) -> None:
    events = registry_events(10_000)
    shuffled = events * 3
    random.Random(3).shuffle(shuffled)
    _apply(migrated_engine, shuffled, batch_size=500)
    tripled_and_shuffled = mirror_state(migrated_engine)

    in_order = reference_state(migrated_engine, events)
    assert len(in_order["scope_node"]) + len(in_order["host_user"]) > 2_000
    assert len(in_order["unit"]) > 100
    assert tripled_and_shuffled == in_order


def test_a_stale_version_changes_nothing(migrated_engine: Engine) -> None:
    newer = golden.sample_bytes("user.upserted.v1")  # version 3
    older = newer.replace(b'"version": 3', b'"version": 2').replace("王建国".encode(), b"Old")
    _apply(migrated_engine, [newer], batch_size=1)
    before = mirror_state(migrated_engine)
    _apply(migrated_engine, [older], batch_size=1)
    assert mirror_state(migrated_engine) == before
    assert before["host_user"][0][2] == "王建国"


def test_a_tombstone_keeps_the_row_and_drops_the_roles(migrated_engine: Engine) -> None:
    _apply(migrated_engine, [golden.sample_bytes("user.upserted.v1")], batch_size=1)
    assert len(mirror_state(migrated_engine)["role_binding"]) == 2
    _apply(migrated_engine, [golden.sample_bytes("user.deleted.v1")], batch_size=1)
    state = mirror_state(migrated_engine)
    (user,) = state["host_user"]
    assert user[0] == "u100234"
    assert user[1] == 4
    assert user[-1] is True or user[-1] == 1
    assert state["role_binding"] == []
    # An upsert older than the tombstone cannot resurrect the user.
    _apply(migrated_engine, [golden.sample_bytes("user.upserted.v1")], batch_size=1)
    assert mirror_state(migrated_engine) == state


def test_within_one_batch_the_newest_version_wins_whatever_the_order(
    migrated_engine: Engine,
) -> None:
    v3 = golden.sample_bytes("user.upserted.v1")
    v5 = v3.replace(b'"version": 3', b'"version": 5').replace("王建国".encode(), b"Newest")
    _apply(migrated_engine, [v5, v3], batch_size=2)
    assert mirror_state(migrated_engine)["host_user"][0][1:3] == (5, "Newest")


def test_permission_toggles_and_snapshot_chunks_are_mirrored(migrated_engine: Engine) -> None:
    _apply(
        migrated_engine,
        [golden.sample_bytes("permission.toggled.v1"), golden.sample_bytes("snapshot.chunk.v1")],
        batch_size=10,
    )
    state = mirror_state(migrated_engine)
    assert state["permission_toggle"] == [
        ("activity.read", "community_head", "320102", True, 7, "u000017")
    ]
    assert [row[0] for row in state["scope_node"]] == ["320102", "320102002003001"]
    assert [row[0] for row in state["host_user"]] == ["u100234"]


def test_units_are_mirrored_by_version_and_unknown_staff_stays_unknown(
    migrated_engine: Engine,
) -> None:
    _apply(migrated_engine, [golden.sample_bytes("unit.upserted.v1")], batch_size=1)
    assert mirror_state(migrated_engine)["unit"] == [
        ("320102-court", 4, "玄武区人民法院", "court", "320102", 120, 30, False)
    ]
    document = json.loads(golden.sample_bytes("unit.upserted.v1"))
    del document["staff"]
    unknown = json.dumps({**document, "version": 6}).encode()
    older = golden.sample_bytes("unit.upserted.v1").replace(b'"version": 4', b'"version": 3')
    _apply(migrated_engine, [unknown, older], batch_size=1)
    assert mirror_state(migrated_engine)["unit"] == [
        ("320102-court", 6, "玄武区人民法院", "court", "320102", None, None, False)
    ]
    tombstone = golden.sample_bytes("unit.deleted.v1").replace(b'"version": 5', b'"version": 7')
    _apply(migrated_engine, [tombstone], batch_size=1)
    [(unit_id, version, *_, deleted)] = mirror_state(migrated_engine)["unit"]
    assert (unit_id, version, bool(deleted)) == ("320102-court", 7, True)
