"""What the permissions' use cases need of the store, and the views they return."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from service.kernel.access import Toggle
from service.kernel.ports import SharedUnitOfWork
from service.kernel.working_time import CalendarDays
from service.permissions.rules import AuditEntry, ToggleKey


@dataclass(frozen=True)
class AuditView:
    audit_id: str
    permission: str
    role: str
    scope_node: str
    enabled_before: bool
    enabled_after: bool
    changed_by: str
    create_time: datetime


@dataclass(frozen=True)
class CalendarDayView:
    day: date
    working: bool
    display_name: str
    # "built_in" or "admin"
    source: str
    changed_by: str = ""
    update_time: datetime | None = None


class CalendarRecords(CalendarDays, Protocol):
    def in_year(self, year: int) -> list[CalendarDayView]:
        """The days city admins set in ``year``, in date order."""
        ...

    def put(
        self, day: date, *, working: bool, display_name: str, changed_by: str, now: datetime
    ) -> None: ...
    def drop(self, day: date) -> bool:
        """False when no admin had set the day."""
        ...


class PermissionRecords(Protocol):
    def toggles_in_force(self) -> tuple[Toggle, ...]: ...
    def set_grant(
        self,
        *,
        permission: str,
        role: str,
        scope_node: str,
        enabled: bool,
        changed_by: str,
        now: datetime,
    ) -> None: ...
    def add_audit(self, entries: Sequence[AuditEntry], now: datetime) -> None: ...
    def host_toggles_held(self, scope_nodes: Sequence[str]) -> dict[ToggleKey, tuple[int, bool]]:
        """(version, enabled) of the host's toggles the mirror holds at these nodes."""
        ...

    def list_audit(
        self, *, under: str, before: tuple[datetime, str] | None, limit: int
    ) -> list[AuditView]: ...


class UnitOfWork(SharedUnitOfWork, Protocol):
    @property
    def permissions(self) -> PermissionRecords: ...
    @property
    def calendar_days(self) -> CalendarRecords: ...
