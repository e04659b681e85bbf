"""What the assignment use cases need of the store, and the views they return."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from service.assignment.rules import AssignmentChange
from service.kernel.access import Reach
from service.kernel.ports import SharedUnitOfWork
from service.kernel.pushes import PushesUnitOfWork
from service.kernel.scheduler import DueSteps


@dataclass(frozen=True)
class AssignmentView:
    officer_id: str
    grid_code: str
    assigned_by: str
    create_time: datetime
    check_in_due_time: datetime
    check_in_time: datetime | None
    check_in_note: str = ""
    confirmed_by: str | None = None
    confirm_time: datetime | None = None


@dataclass(frozen=True)
class ChangeView:
    change_id: str
    officer_id: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    reason: str
    changed_by: str
    create_time: datetime
    proposal_id: str | None = None


class AssignmentRecords(Protocol):
    def lock_officer(self, officer_id: str) -> bool:
        """True when the officer is live in the mirror; their changes take turns
        until the transaction ends."""
        ...

    def current(self, officer_id: str) -> list[AssignmentView]: ...
    def last_change_time(self, officer_id: str) -> datetime | None: ...
    def apply_change(self, change: AssignmentChange) -> str:
        """Writes the officer's new grids and the history row; returns the change id."""
        ...

    def get_change(self, change_id: str) -> ChangeView: ...
    def get(self, officer_id: str, grid: str, *, lock: bool = False) -> AssignmentView | None: ...
    def record_check_in(self, officer_id: str, grid: str, at: datetime, note: str) -> None: ...
    def confirm_check_in(self, officer_id: str, grid: str, by: str, at: datetime) -> None: ...
    def check_ins(self, *, under: str) -> list[tuple[str | None, AssignmentView]]:
        """Every assignment under ``under`` with its officer's unit."""
        ...

    def list_assignments(
        self,
        *,
        reach: Reach,
        officer_id: str | None,
        overdue_at: datetime | None,
        after: tuple[str, str],
        limit: int,
    ) -> list[AssignmentView]: ...
    def list_changes(
        self,
        *,
        reach: Reach,
        officer_id: str | None,
        start: datetime | None,
        end: datetime | None,
        before: tuple[datetime, str] | None,
        limit: int,
    ) -> list[ChangeView]: ...


class UnitOfWork(SharedUnitOfWork, PushesUnitOfWork, Protocol):
    @property
    def assignments(self) -> AssignmentRecords: ...
    @property
    def due_steps(self) -> DueSteps: ...
