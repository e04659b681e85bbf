"""When a registry snapshot may be trusted to tombstone what it omits."""

from __future__ import annotations

from service.registry.rules import SnapshotEnded, snapshot_gaps


def test_a_snapshot_missing_a_chunk_or_an_entity_is_not_trusted() -> None:
    ended = SnapshotEnded("s", chunk_count=2, scope_node_count=3, user_count=4, unit_count=5)
    assert snapshot_gaps(ended, {0, 1}, 3, 4, 5) == []
    assert snapshot_gaps(ended, {0}, 3, 4, 5) == ["chunks missing: [1]"]
    assert snapshot_gaps(ended, {0, 1}, 3, 4, 4) == ["units: got 4, host sent 5"]


def test_a_snapshot_without_units_says_nothing_of_them() -> None:
    ended = SnapshotEnded("s", chunk_count=1, scope_node_count=0, user_count=0)
    assert snapshot_gaps(ended, {0}, 0, 0, 7) == []
