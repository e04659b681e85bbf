"""What the suggestion use cases need of the store, and the values they pass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from service.kernel.access import Reach
from service.kernel.ports import SharedUnitOfWork
from service.kernel.pushes import InboxAppends, OutboxAppends
from service.kernel.scheduler import DueSteps
from service.kernel.working_time import CalendarDays
from service.suggestions.rules import (
    Action,
    Category,
    Content,
    Counts,
    Extension,
    Limits,
    Route,
    Satisfaction,
    State,
)


@dataclass(frozen=True)
class Suggestion:
    suggestion_id: str
    submitter: str
    content: Content
    state: State
    create_time: datetime
    update_time: datetime
    department: str | None = None
    # The first dispatch (or the reopening): the deadlines run from here.
    dispatch_time: datetime | None = None
    sign_due_time: datetime | None = None
    close_due_time: datetime | None = None
    sign_time: datetime | None = None
    answer_time: datetime | None = None
    close_time: datetime | None = None
    answer: str = ""
    satisfaction: Satisfaction | None = None
    rating_comment: str = ""
    return_count: int = 0
    reopened: bool = False
    pending_extension: Extension | None = None
    extended_days: int = 0
    # The survivor it was merged into: it follows that one's state.
    merged_into: str | None = None


@dataclass(frozen=True)
class Step:
    """One step of a suggestion's history: who did what, and where it left it."""

    action: Action
    actor: str | None
    time: datetime
    note: str
    state: State
    department: str | None


@dataclass(frozen=True)
class Department:
    department_id: str
    display_name: str
    # The node it serves: suggestions from grids beneath it may be routed to it.
    scope_node: str
    handlers: tuple[str, ...]
    # Where they differ from the module's defaults (0: the default).
    limits: Limits
    create_time: datetime
    update_time: datetime


@dataclass(frozen=True)
class RoutingRule:
    route: Route
    creator: str
    create_time: datetime


@dataclass(frozen=True)
class SuggestionFilter:
    under: str | None = None
    submitter: str | None = None
    states: frozenset[State] = frozenset()
    category: Category | None = None
    department: str | None = None
    overdue_at: datetime | None = None


class SuggestionRecords(Protocol):
    def insert(self, suggestion: Suggestion) -> None: ...
    def get(self, suggestion_id: str, *, lock: bool = False) -> Suggestion | None: ...
    def get_many(self, suggestion_ids: Sequence[str]) -> dict[str, Suggestion]:
        """Those found, locked in id order (a sweep's batch)."""
        ...

    def update(self, suggestion: Suggestion) -> None: ...
    def add_steps(self, suggestion_id: str, steps: Sequence[Step]) -> None: ...
    def add_many_steps(self, steps: Sequence[tuple[str, Step]]) -> None:
        """One step more for each (suggestion id, step), with one write."""
        ...

    def history(self, suggestion_id: str) -> list[Step]: ...
    def follow(self, survivor: Suggestion) -> list[str]:
        """The suggestions merged into ``survivor`` take its state, department
        and times; returns their submitters."""
        ...

    def merged_submitters(self, survivor_id: str) -> list[str]:
        """The submitters of the suggestions merged into ``survivor_id``."""
        ...

    def activity_officers(self, activity_id: str) -> set[str]:
        """The officer and co-officers of a standing activity (none for one
        that does not stand)."""
        ...

    def stats(self, *, reach: Reach, query: StatsQuery, now: datetime) -> list[Counts]:
        """The counts of the standing (not merged) suggestions whose grid
        ``reach`` covers, one per node or department, ordered by it."""
        ...

    def list(
        self,
        *,
        reach: Reach,
        user_id: str,
        filter: SuggestionFilter,
        before: tuple[datetime, str] | None,
        limit: int,
    ) -> list[Suggestion]:
        """Newest first by (create time, id): those whose grid ``reach`` covers,
        submitted by ``user_id`` or with a department they handle for, narrowed
        by ``filter``."""
        ...


@dataclass(frozen=True)
class StatsQuery:
    # Group by the node of this code length, or (None) by department.
    level_length: int | None
    start: datetime | None = None
    end: datetime | None = None


class DepartmentRecords(Protocol):
    def insert(self, department: Department) -> bool:
        """False when the id is taken."""
        ...

    def get(self, department_id: str) -> Department | None: ...
    def handlers_of(self, department_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """Each department's handlers, by id."""
        ...

    def live_users(self, user_ids: Sequence[str]) -> set[str]:
        """Of ``user_ids``, those the registry knows and has not deleted."""
        ...

    def update(self, department: Department) -> None: ...
    def handled_by(self, user_id: str) -> list[str]:
        """The departments ``user_id`` handles for."""
        ...

    def list_departments(
        self,
        *,
        reach: Reach,
        at_nodes: frozenset[str],
        user_id: str,
        after: str | None,
        limit: int,
    ) -> list[Department]:
        """By id: those serving a node in ``reach`` or one of ``at_nodes``, and
        those ``user_id`` handles for."""
        ...

    def add_rule(self, rule: RoutingRule) -> bool:
        """False when an entry for the same category and node exists."""
        ...

    def get_rule(self, rule_id: str) -> RoutingRule | None: ...
    def drop_rule(self, rule_id: str) -> None: ...
    def rules_over(self, grid: str) -> list[Route]:
        """The entries at the grid and at every node above it."""
        ...

    def list_rules(
        self, *, reach: Reach, after: tuple[str, str, str] | None, limit: int
    ) -> list[RoutingRule]:
        """Those at nodes in ``reach``, by (scope node, category, id)."""
        ...


class UnitOfWork(SharedUnitOfWork, Protocol):
    @property
    def suggestions(self) -> SuggestionRecords: ...
    @property
    def departments(self) -> DepartmentRecords: ...
    @property
    def calendar_days(self) -> CalendarDays: ...
    @property
    def due_steps(self) -> DueSteps: ...
    @property
    def inbox(self) -> InboxAppends: ...
    @property
    def outbox(self) -> OutboxAppends: ...
