"""What the activity use cases need of the store, and the values they pass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from service.activities.rules import ActivityKind, Case, CaseState, Change, Content
from service.kernel.access import Reach
from service.kernel.ports import SharedUnitOfWork
from service.kernel.pushes import InboxAppends, OutboxAppends


@dataclass(frozen=True)
class Activity:
    activity_id: str
    officer: str
    # Who recorded it: the officer, or a community head for them.
    reporter: str
    content: Content
    # The officer's category and unit when it was recorded: feeds filter by them.
    officer_category: str | None
    unit: str | None
    revision: int
    create_time: datetime
    update_time: datetime
    delete_time: datetime | None = None
    # A dispute's or risk's case; None for other work.
    case: Case | None = None

    @property
    def start_time(self) -> datetime:
        """When the work began (a recorded activity always has it)."""
        if self.content.start_time is None:
            raise ValueError(f"activity {self.activity_id} has no start time")
        return self.content.start_time


@dataclass(frozen=True)
class Revision:
    """One step of an activity's history, with the activity as it left it."""

    revision: int
    change: Change
    actor: str
    time: datetime
    note: str
    changed_fields: tuple[str, ...]
    activity: Activity


@dataclass(frozen=True)
class Profile:
    """What the registry says of an officer when they report."""

    category: str
    unit: str | None


@dataclass(frozen=True)
class ActivityFilter:
    """What ListActivities narrows to (all optional)."""

    under: str | None = None
    officer: str | None = None
    kind: ActivityKind | None = None
    officer_category: str | None = None
    unit: str | None = None
    start_after: datetime | None = None
    start_before: datetime | None = None
    case_state: CaseState | None = None


@dataclass(frozen=True)
class CountChange:
    """One activity more (+1) or fewer (-1) in a grid's month of a kind."""

    grid: str
    month: str
    kind: ActivityKind
    delta: int


@dataclass(frozen=True)
class Count:
    scope_node: str
    month: str
    kind: ActivityKind
    count: int


@dataclass(frozen=True)
class StatsQuery:
    start_month: str | None = None
    end_month: str | None = None
    kind: ActivityKind | None = None


class ActivityRecords(Protocol):
    def insert(self, activity: Activity) -> None: ...
    def get(self, activity_id: str, *, lock: bool = False) -> Activity | None: ...
    def update(self, activity: Activity) -> None: ...
    def add_revision(self, revision: Revision) -> None: ...
    def revisions(self, activity_id: str) -> list[Revision]: ...
    def profiles(self, officers: Sequence[str]) -> dict[str, Profile]:
        """Of ``officers``, the live ones the registry knows as officers, with
        their category and unit."""
        ...

    def count(self, changes: Sequence[CountChange]) -> None:
        """Applies the changes to the monthly counts, in the caller's transaction."""
        ...

    def list(
        self,
        *,
        reach: Reach,
        user_id: str,
        filter: ActivityFilter,
        before: tuple[datetime, str] | None,
        limit: int,
    ) -> list[Activity]:
        """Standing activities, newest first by (start time, id), after ``before``:
        those inside ``reach`` (grid or unit) or of ``user_id`` (as officer or
        co-officer), narrowed by ``filter``."""
        ...

    def stats(self, *, reach: Reach, level_length: int, query: StatsQuery) -> Sequence[Count]:
        """The monthly counts of the grids inside ``reach``, rolled up to the
        node of ``level_length`` above each grid."""
        ...


class UnitOfWork(SharedUnitOfWork, Protocol):
    @property
    def activities(self) -> ActivityRecords: ...
    @property
    def inbox(self) -> InboxAppends: ...
    @property
    def outbox(self) -> OutboxAppends: ...
