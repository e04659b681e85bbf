"""What the enrollment use cases need of the store, and the views they return."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from service.enrollment.rules import Details, EnrollmentState, Source
from service.kernel.ports import SharedUnitOfWork
from service.kernel.pushes import Outgoing


@dataclass(frozen=True)
class Enrollment:
    enrollment_id: str
    applicant: str
    details: Details
    state: EnrollmentState
    source: Source
    create_time: datetime
    decided_by: str | None = None
    decide_time: datetime | None = None
    decision_reason: str = ""


class EnrollmentRecords(Protocol):
    def person_exists(self, user_id: str) -> bool:
        """The user is live in the host's registry."""
        ...

    def unit_district(self, unit_id: str) -> str | None:
        """The district of a live unit; None when there is no such unit."""
        ...

    def node_levels(self, codes: Sequence[str]) -> dict[str, str]:
        """The level of each live node among ``codes``."""
        ...

    def open_for(self, applicant: str, *, lock: bool = False) -> Enrollment | None:
        """The applicant's submitted or accepted enrollment, if any."""
        ...

    def add(self, enrollment: Enrollment) -> None: ...
    def get(self, enrollment_id: str, *, lock: bool = False) -> Enrollment | None: ...
    def decide(
        self,
        enrollment_id: str,
        state: EnrollmentState,
        *,
        by: str,
        at: datetime,
        reason: str,
    ) -> None: ...
    def list_for_unit(
        self,
        unit_id: str,
        *,
        state: EnrollmentState | None,
        before: tuple[datetime, str] | None,
        limit: int,
    ) -> list[Enrollment]: ...


class EventOutbox(Protocol):
    def append(self, messages: Sequence[Outgoing], now: datetime) -> None: ...


class UnitOfWork(SharedUnitOfWork, Protocol):
    @property
    def enrollments(self) -> EnrollmentRecords: ...
    @property
    def outbox(self) -> EventOutbox: ...
