"""What the compliance use cases need of the store, and the records it returns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from service.kernel.ports import SharedUnitOfWork
from service.kernel.pushes import InboxAppends, OutboxAppends
from service.kernel.scheduler import DueSteps, PlannedStep


@dataclass(frozen=True)
class Member:
    """An officer held to the monthly floor, with the grids they serve."""

    officer_id: str
    display_name: str
    category: str
    unit: str | None
    grids: tuple[str, ...]


@dataclass(frozen=True)
class Done:
    """One standing activity in an officer's record (theirs or done beside them)."""

    activity_id: str
    officer_id: str
    start_time: datetime
    kind: str


@dataclass(frozen=True)
class Excuse:
    officer_id: str
    month: str
    reason: str
    set_by: str
    set_time: datetime


@dataclass(frozen=True)
class UnitStaff:
    unit_id: str
    display_name: str
    kind: str
    district: str
    party_staff: int | None
    other_staff: int | None


@dataclass(frozen=True)
class GridCover:
    """A live grid beneath the node, and the categories of the officers serving it."""

    grid: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class CheckIn:
    due_time: datetime
    check_in_time: datetime | None
    confirmed: bool


class ComplianceRecords(Protocol):
    def members_serving(self) -> list[Member]:
        """Live officers serving any grid, by id."""
        ...

    def members_under(self, code: str) -> list[Member]:
        """Live officers serving a grid beneath ``code`` (the city: every one
        serving a grid), by id."""
        ...

    def members_of_unit(self, unit_id: str) -> list[Member]:
        """Live officers the host lists in the unit, by id."""
        ...

    def member(self, officer_id: str) -> Member | None: ...

    def done(self, start: datetime, end: datetime) -> list[Done]:
        """Every standing activity begun in [start, end), once for its officer
        and once for each co-officer."""
        ...

    def excuses(self, months: Sequence[str], officers: Sequence[str] | None = None) -> list[Excuse]:
        """The excuses of ``months`` (of ``officers`` when given)."""
        ...

    def excuses_of(self, officer_id: str) -> list[Excuse]:
        """An officer's excuses, newest month first."""
        ...

    def add_excuse(self, excuse: Excuse) -> bool:
        """False (and nothing written) when the month is already excused."""
        ...

    def remove_excuse(self, officer_id: str, month: str) -> Excuse | None:
        """The excuse removed; None when there was none."""
        ...

    def units(self, district: str | None) -> list[UnitStaff]:
        """Live units (of one district when given), by id."""
        ...

    def unit(self, unit_id: str) -> UnitStaff | None: ...

    def node_name(self, code: str) -> str | None:
        """A live node's display name."""
        ...

    def participants(self, units: Sequence[str]) -> dict[str, tuple[int, int]]:
        """Per unit, how many take part: (party members, others)."""
        ...

    def grid_cover(self, code: str) -> list[GridCover]:
        """Every live grid beneath ``code``, by code."""
        ...

    def check_ins_of_unit(self, unit_id: str) -> list[CheckIn]:
        """The check-ins owed by the assignments of the unit's live officers
        (五.3: the unit supervises)."""
        ...

    def overdue_check_ins(self, code: str, now: datetime) -> dict[str, int]:
        """Check-ins owed beneath ``code`` and not made by their due time, per grid."""
        ...

    def plan_once(self, step: PlannedStep, now: datetime) -> None:
        """Plans the step unless its series already has it pending."""
        ...


class UnitOfWork(SharedUnitOfWork, Protocol):
    @property
    def compliance(self) -> ComplianceRecords: ...
    @property
    def inbox(self) -> InboxAppends: ...
    @property
    def outbox(self) -> OutboxAppends: ...
    @property
    def due_steps(self) -> DueSteps: ...
