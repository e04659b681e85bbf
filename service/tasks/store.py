"""Key tasks in the database: the task as it stands, and its history."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from service.kernel.access import Reach
from service.kernel.attachments import Attachment
from service.platform.store import bulk
from service.platform.store.database import as_utc, plans_without
from service.platform.store.scope_filters import in_reach, under_code
from service.platform.store.tables import TASK, TASK_EVENT
from service.tasks.ports import Reminded, StatsQuery, Task, TaskEvent, TaskFilter
from service.tasks.rules import Priority, TaskCounts, TaskKind, TaskState

_COLUMNS = (
    "task_id",
    "batch_id",
    "title",
    "description",
    "kind",
    "priority",
    "assignee",
    "grid",
    "location",
    "scope_node",
    "due_time",
    "state",
    "creator",
    "attachments",
    "completion_note",
    "completion_attachments",
    "progress_note",
    "decline_reason",
    "reminder_offsets",
    "create_time",
    "update_time",
    "alert_time",
    "acknowledge_time",
    "complete_time",
    "escalate_time",
)


def _aware(moment: datetime | None) -> datetime | None:
    return as_utc(moment) if moment is not None else None


def _attachments(attachments: tuple[Attachment, ...]) -> str:
    return json.dumps([asdict(a) for a in attachments], ensure_ascii=False)


def _read_attachments(text: str) -> tuple[Attachment, ...]:
    return tuple(Attachment(**a) for a in json.loads(text))


def _offsets(offsets: tuple[timedelta, ...]) -> str:
    return json.dumps([int(o.total_seconds()) for o in offsets]) if offsets else ""


def _row(task: Task) -> tuple[Any, ...]:
    return (
        task.task_id,
        task.batch_id,
        task.title,
        task.description,
        task.kind.value,
        task.priority.value,
        task.assignee,
        task.grid,
        task.location,
        task.scope_node,
        task.due_time,
        task.state.value,
        task.creator,
        _attachments(task.attachments),
        task.completion_note,
        _attachments(task.completion_attachments),
        task.progress_note,
        task.decline_reason,
        _offsets(task.reminder_offsets),
        task.create_time,
        task.update_time,
        task.alert_time,
        task.acknowledge_time,
        task.complete_time,
        task.escalate_time,
    )


def _task(row: Any) -> Task:
    return Task(
        task_id=row.task_id,
        batch_id=row.batch_id,
        title=row.title,
        description=row.description,
        kind=TaskKind(row.kind),
        priority=Priority(row.priority),
        assignee=row.assignee,
        grid=row.grid,
        location=row.location,
        scope_node=row.scope_node,
        due_time=as_utc(row.due_time),
        state=TaskState(row.state),
        creator=row.creator,
        attachments=_read_attachments(row.attachments),
        completion_note=row.completion_note,
        completion_attachments=_read_attachments(row.completion_attachments),
        progress_note=row.progress_note,
        decline_reason=row.decline_reason,
        reminder_offsets=tuple(
            timedelta(seconds=s) for s in json.loads(row.reminder_offsets or "[]")
        ),
        create_time=as_utc(row.create_time),
        update_time=as_utc(row.update_time),
        alert_time=as_utc(row.alert_time),
        acknowledge_time=_aware(row.acknowledge_time),
        complete_time=_aware(row.complete_time),
        escalate_time=_aware(row.escalate_time),
    )


class SqlTasks:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def insert(self, tasks: Sequence[Task]) -> None:
        # A task to every officer of a city is 16,000 rows: in bulk.
        bulk.insert_rows(self._c, "task", _COLUMNS, [_row(task) for task in tasks])

    def get(self, task_id: str, *, lock: bool = False) -> Task | None:
        query = sa.select(TASK).where(TASK.c.task_id == task_id)
        if lock and self._c.dialect.name == "postgresql":
            query = query.with_for_update()
        row = self._c.execute(query).first()
        return _task(row) if row else None

    def to_remind(self, task_ids: Sequence[str]) -> dict[str, Reminded]:
        query = (
            sa.select(
                TASK.c.task_id,
                TASK.c.title,
                TASK.c.priority,
                TASK.c.assignee,
                TASK.c.scope_node,
                TASK.c.state,
                TASK.c.due_time,
                TASK.c.alert_time,
                TASK.c.acknowledge_time,
            )
            .where(bulk.one_of(self._c, TASK.c.task_id, sorted(set(task_ids))))
            .order_by(TASK.c.task_id)
        )
        if self._c.dialect.name == "postgresql":
            query = query.with_for_update()
        with plans_without(self._c, "seqscan"):
            rows = self._c.execute(query).all()
        # By position, in the order selected: a Row's attribute costs ten times more.
        return {
            row[0]: Reminded(
                row[0],
                row[1],
                Priority(row[2]),
                row[3],
                row[4],
                TaskState(row[5]),
                as_utc(row[6]),
                as_utc(row[7]),
                _aware(row[8]),
            )
            for row in rows
        }

    def update(self, task: Task) -> None:
        values = dict(zip(_COLUMNS, _row(task), strict=True))
        del values["task_id"]
        self._c.execute(sa.update(TASK).where(TASK.c.task_id == task.task_id).values(**values))

    def batch(self, batch_id: str) -> list[Task]:
        rows = self._c.execute(
            sa.select(TASK).where(TASK.c.batch_id == batch_id).order_by(TASK.c.assignee)
        )
        return [_task(row) for row in rows]

    def add_events(self, events: Sequence[tuple[str, TaskEvent]]) -> None:
        if not events:
            return
        ids = sorted({task_id for task_id, _ in events})
        last: dict[str, int] = {task_id: 0 for task_id in ids}
        # A sweep's 500 tasks by key, in a table its reminders have just grown.
        with plans_without(self._c, "seqscan"):
            last.update(
                self._c.execute(
                    sa.select(TASK_EVENT.c.task_id, sa.func.max(TASK_EVENT.c.seq))
                    .where(bulk.one_of(self._c, TASK_EVENT.c.task_id, ids))
                    .group_by(TASK_EVENT.c.task_id)
                ).all()
            )
        rows = []
        for task_id, event in events:
            last[task_id] += 1
            rows.append(
                (
                    task_id,
                    last[task_id],
                    event.action,
                    event.actor,
                    event.time,
                    event.note,
                    event.state.value,
                )
            )
        bulk.insert_rows(
            self._c,
            "task_event",
            ("task_id", "seq", "action", "actor", "time", "note", "state"),
            rows,
        )

    def history(self, task_id: str) -> list[TaskEvent]:
        rows = self._c.execute(
            sa.select(TASK_EVENT).where(TASK_EVENT.c.task_id == task_id).order_by(TASK_EVENT.c.seq)
        )
        return [
            TaskEvent(row.action, row.actor, as_utc(row.time), row.note, TaskState(row.state))
            for row in rows
        ]

    def list(
        self,
        *,
        reach: Reach,
        user_id: str,
        filter: TaskFilter,
        after: tuple[datetime, str] | None,
        limit: int,
    ) -> list[Task]:
        query = sa.select(TASK).where(
            sa.or_(
                in_reach(TASK.c.scope_node, reach.nodes),
                TASK.c.assignee == user_id,
                TASK.c.creator == user_id,
            )
        )
        if filter.states:
            query = query.where(TASK.c.state.in_([state.value for state in filter.states]))
        if filter.assignee is not None:
            query = query.where(TASK.c.assignee == filter.assignee)
        if filter.creator is not None:
            query = query.where(TASK.c.creator == filter.creator)
        if filter.priority is not None:
            query = query.where(TASK.c.priority == filter.priority.value)
        if filter.kind is not None:
            query = query.where(TASK.c.kind == filter.kind.value)
        if filter.batch_id is not None:
            query = query.where(TASK.c.batch_id == filter.batch_id)
        if filter.under is not None:
            query = query.where(under_code(TASK.c.scope_node, filter.under))
        if after is not None:
            query = query.where(sa.tuple_(TASK.c.due_time, TASK.c.task_id) > sa.tuple_(*after))
        rows = self._c.execute(query.order_by(TASK.c.due_time, TASK.c.task_id).limit(limit))
        return [_task(row) for row in rows]

    def stats(
        self, *, reach: Reach, level_length: int, query: StatsQuery, now: datetime
    ) -> Sequence[TaskCounts]:
        node = sa.func.substr(TASK.c.scope_node, 1, level_length)
        completed = TASK.c.state == TaskState.COMPLETED.value
        select = sa.select(
            sa.case((sa.func.length(TASK.c.scope_node) >= level_length, node), else_="").label(
                "node"
            ),
            sa.func.count(),
            sa.func.count(sa.case((completed, 1))),
            sa.func.count(sa.case((completed & (TASK.c.complete_time <= TASK.c.due_time), 1))),
            sa.func.count(sa.case((~completed & (TASK.c.due_time < now), 1))),
        ).where(
            TASK.c.state != TaskState.CANCELLED.value,
            in_reach(TASK.c.scope_node, reach.nodes),
        )
        if query.due_after is not None:
            select = select.where(TASK.c.due_time >= query.due_after)
        if query.due_before is not None:
            select = select.where(TASK.c.due_time < query.due_before)
        if query.kind is not None:
            select = select.where(TASK.c.kind == query.kind.value)
        rows = self._c.execute(select.group_by(sa.text("1")).order_by(sa.text("1")))
        return [TaskCounts(*row) for row in rows]
