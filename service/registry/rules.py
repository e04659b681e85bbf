"""The mirror of the host's registries: scope nodes (city down to grid), users with
their roles, units, and permission toggles. Every record carries the host's version of
the entity; a change applies only when its version is higher than the one held,
so duplicates, redeliveries and out-of-order arrivals all end in the same state.
Deletions are tombstones: versioned records flagged deleted, never removed rows.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from service.kernel.access import PermissionToggle
from service.kernel.errors import InvalidArgument
from service.kernel.roles import OfficerCategory, RoleBinding
from service.kernel.scope import ScopeLevel
from service.kernel.working_time import OwnHours, QuietHours

# Records are NamedTuples: immutable like frozen dataclasses, and several times
# cheaper to build, which counts at tens of thousands of registry events a second.


class ScopeNode(NamedTuple):
    code: str
    version: int
    level: ScopeLevel
    display_name: str
    parent: str | None
    rural: bool = False
    grid_type: str | None = None
    exclusive_kind: str | None = None
    deleted: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return ("scope_node", self.code)

    @classmethod
    def tombstone(cls, code: str, version: int) -> ScopeNode:
        return cls(code, version, ScopeLevel.GRID, "", None, deleted=True)


class OfficerProfile(NamedTuple):
    category: OfficerCategory
    unit: str
    party_member: bool
    residence: str | None = None
    workplace: str | None = None


class User(NamedTuple):
    user_id: str
    version: int
    display_name: str
    phone_number: str = ""
    id_number: str = ""
    roles: tuple[RoleBinding, ...] = ()
    officer: OfficerProfile | None = None
    deleted: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return ("user", self.user_id)

    @classmethod
    def tombstone(cls, user_id: str, version: int) -> User:
        return cls(user_id, version, "", deleted=True)


class Unit(NamedTuple):
    """A unit (政法机关 and the bodies of lawyers and law-society members): its
    staff counts are the denominators of participation (三), None when unknown."""

    unit_id: str
    version: int
    display_name: str
    kind: str
    district: str
    party_staff: int | None = None
    other_staff: int | None = None
    deleted: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return ("unit", self.unit_id)

    @classmethod
    def tombstone(cls, unit_id: str, version: int) -> Unit:
        return cls(unit_id, version, "", "other", "", deleted=True)


RegistryRecord = ScopeNode | User | Unit | PermissionToggle


class SnapshotChunkSeen(NamedTuple):
    """Part of a full snapshot the host sent: which entities it vouched for."""

    snapshot_id: str
    sequence: int
    scope_nodes: tuple[str, ...]
    users: tuple[str, ...]
    units: tuple[str, ...] = ()


class SnapshotEnded(NamedTuple):
    """The host's last word on a snapshot: how much it sent."""

    snapshot_id: str
    chunk_count: int
    scope_node_count: int
    user_count: int
    # None: the snapshot carries no units (a host that does not send them).
    unit_count: int | None = None


SnapshotEvent = SnapshotChunkSeen | SnapshotEnded


@dataclass
class RegistryBatch:
    """The newest record per entity among many: what one transaction applies.

    Within a batch, an older version of an entity is dropped before it reaches
    the database; across batches the store's version check does the same.
    """

    _latest: dict[Hashable, RegistryRecord] = field(default_factory=dict)
    # In arrival order: a snapshot's end is reconciled after its chunks.
    snapshot_events: list[SnapshotEvent] = field(default_factory=list)

    def add(self, record: RegistryRecord | SnapshotEvent) -> None:
        if isinstance(record, SnapshotChunkSeen | SnapshotEnded):
            self.snapshot_events.append(record)
            return
        held = self._latest.get(record.key)
        if held is None or record.version > held.version:
            self._latest[record.key] = record

    def extend(self, records: Iterable[RegistryRecord | SnapshotEvent]) -> None:
        for record in records:
            self.add(record)

    def __len__(self) -> int:
        return len(self._latest) + len(self.snapshot_events)

    def scope_nodes(self) -> list[ScopeNode]:
        return [r for r in self._latest.values() if isinstance(r, ScopeNode)]

    def users(self) -> list[User]:
        return [r for r in self._latest.values() if isinstance(r, User)]

    def units(self) -> list[Unit]:
        return [r for r in self._latest.values() if isinstance(r, Unit)]

    def permission_toggles(self) -> list[PermissionToggle]:
        return [r for r in self._latest.values() if isinstance(r, PermissionToggle)]


def snapshot_gaps(
    ended: SnapshotEnded, chunks: set[int], nodes: int, users: int, units: int = 0
) -> list[str]:
    """What is missing for a snapshot to be trusted; empty when it is complete.

    Only a complete snapshot may tombstone what it does not mention: a lost
    chunk would otherwise delete real people and grids from the mirror.
    """
    gaps = []
    missing = sorted(set(range(ended.chunk_count)) - chunks)
    if missing:
        gaps.append(f"chunks missing: {missing[:10]}{'...' if len(missing) > 10 else ''}")
    if nodes != ended.scope_node_count:
        gaps.append(f"scope nodes: got {nodes}, host sent {ended.scope_node_count}")
    if users != ended.user_count:
        gaps.append(f"users: got {users}, host sent {ended.user_count}")
    if ended.unit_count is not None and units != ended.unit_count:
        gaps.append(f"units: got {units}, host sent {ended.unit_count}")
    return gaps


def mask_phone(phone: str) -> str:
    """Personal data is masked for readers without ``personal_data.read`` over
    the person (OWASP API3): ``138****5678``."""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else "*" * len(phone)


def mask_id_number(number: str) -> str:
    """``320102********1234``: the issuing area and the last four digits."""
    return (
        f"{number[:6]}{'*' * (len(number) - 10)}{number[-4:]}"
        if len(number) > 10
        else "*" * len(number)
    )


# What an officer may set of their availability.
AVAILABILITY_FIELDS = ("quiet_hours", "working_days_only", "city_default")


def updated_hours(
    current: OwnHours,
    mask: Sequence[str],
    *,
    quiet_hours: str,
    working_days_only: bool,
    city_default: bool,
) -> OwnHours | None:
    """An officer's own hours after they set ``mask``'s fields, starting from
    ``current`` (those in force); None when they go back to the city's.

    Officers serve beside a day job (issue 10, availability): each may keep
    quiet hours and days off of their own; an empty ``quiet_hours`` means none.
    """
    fields = list(mask)
    if not fields:
        raise InvalidArgument.field(
            "update_mask", f"name the fields to change: {', '.join(AVAILABILITY_FIELDS)}"
        )
    for name in fields:
        if name not in AVAILABILITY_FIELDS:
            raise InvalidArgument.field(
                "update_mask", f"{name!r} cannot be set; use {', '.join(AVAILABILITY_FIELDS)}"
            )
    if "city_default" in fields and city_default:
        if len(set(fields)) > 1:
            raise InvalidArgument.field(
                "update_mask",
                "city_default drops the officer's own hours: set nothing else with it",
            )
        return None
    quiet = current.quiet
    if "quiet_hours" in fields:
        try:
            quiet = QuietHours.parse(quiet_hours) if quiet_hours.strip() else None
        except ValueError as error:
            raise InvalidArgument.field("availability.quiet_hours", str(error)) from None
    days_only = working_days_only if "working_days_only" in fields else current.working_days_only
    return OwnHours(quiet, days_only)
