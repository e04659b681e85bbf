"""What the key tasks' use cases need of the store, and the views they return."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from service.kernel.access import Reach
from service.kernel.attachments import Attachment
from service.kernel.ports import SharedUnitOfWork
from service.kernel.pushes import InboxAppends, OutboxAppends
from service.kernel.scheduler import DueSteps
from service.kernel.working_time import CalendarDays, OfficerHours
from service.tasks.rules import Priority, TaskCounts, TaskKind, TaskState


@dataclass(frozen=True)
class Task:
    task_id: str
    batch_id: str
    title: str
    description: str
    kind: TaskKind
    priority: Priority
    assignee: str
    grid: str | None
    location: str
    # The node the assignee was reached through: escalation climbs from here.
    scope_node: str
    due_time: datetime
    state: TaskState
    creator: str
    attachments: tuple[Attachment, ...]
    completion_note: str
    completion_attachments: tuple[Attachment, ...]
    progress_note: str
    decline_reason: str
    # Once acknowledged, reminders this long before the due time; () means
    # the server's default.
    reminder_offsets: tuple[timedelta, ...]
    create_time: datetime
    update_time: datetime
    # When the assignee was alerted: at creation, or when it was reassigned to them.
    alert_time: datetime
    acknowledge_time: datetime | None = None
    complete_time: datetime | None = None
    escalate_time: datetime | None = None


@dataclass(frozen=True, slots=True)
class Reminded:
    """What a reminder needs of its task: a sweep reminds thousands at once,
    and the whole task (its texts, attachments, history) is not needed."""

    task_id: str
    title: str
    priority: Priority
    assignee: str
    scope_node: str
    state: TaskState
    due_time: datetime
    alert_time: datetime
    acknowledge_time: datetime | None


@dataclass(frozen=True)
class TaskEvent:
    action: str
    actor: str  # "" for the scheduler
    time: datetime
    note: str
    state: TaskState


@dataclass(frozen=True)
class TaskFilter:
    """What ListTasks narrows to (all optional)."""

    states: tuple[TaskState, ...] = ()
    assignee: str | None = None
    creator: str | None = None
    priority: Priority | None = None
    kind: TaskKind | None = None
    under: str | None = None
    batch_id: str | None = None


@dataclass(frozen=True)
class StatsQuery:
    """What GetTaskStats counts: tasks due in [due_after, due_before), of a kind."""

    due_after: datetime | None = None
    due_before: datetime | None = None
    kind: TaskKind | None = None


class TaskRecords(Protocol):
    def insert(self, tasks: Sequence[Task]) -> None: ...
    def get(self, task_id: str, *, lock: bool = False) -> Task | None: ...
    def to_remind(self, task_ids: Sequence[str]) -> dict[str, Reminded]:
        """What reminders need of the tasks found, by id; locked in id order."""
        ...

    def update(self, task: Task) -> None: ...
    def batch(self, batch_id: str) -> list[Task]: ...
    def add_events(self, events: Sequence[tuple[str, TaskEvent]]) -> None:
        """Appends to each task's history, in order."""
        ...

    def history(self, task_id: str) -> list[TaskEvent]: ...
    def list(
        self,
        *,
        reach: Reach,
        user_id: str,
        filter: TaskFilter,
        after: tuple[datetime, str] | None,
        limit: int,
    ) -> list[Task]:
        """By due time then id: tasks inside ``reach``, assigned to or created by
        ``user_id``, narrowed by ``filter``."""
        ...

    def stats(
        self, *, reach: Reach, level_length: int, query: StatsQuery, now: datetime
    ) -> Sequence[TaskCounts]:
        """Counts per node at one level (by code length), over tasks counted
        under a node in ``reach``; those counted above the level come as a row
        with an empty node."""
        ...


class UnitOfWork(SharedUnitOfWork, Protocol):
    @property
    def tasks(self) -> TaskRecords: ...
    @property
    def inbox(self) -> InboxAppends: ...
    @property
    def outbox(self) -> OutboxAppends: ...
    @property
    def due_steps(self) -> DueSteps: ...
    @property
    def officer_hours(self) -> OfficerHours: ...
    @property
    def calendar_days(self) -> CalendarDays: ...
