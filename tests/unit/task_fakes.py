"""Key tasks in memory, beside the other fakes (tests/unit/fakes.py): enough of
the store to answer the tasks' port as SqlTasks does."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from service.kernel.access import Reach
from service.kernel.scope import covers
from service.tasks.ports import Reminded, StatsQuery, Task, TaskEvent, TaskFilter
from service.tasks.rules import TaskCounts, TaskState
from tests.unit.fakes import FakeUnitOfWork


class FakeTasks:
    def __init__(self) -> None:
        self.tasks: dict[str, Task] = {}
        self.events: dict[str, list[TaskEvent]] = {}

    def get_many(self, task_ids: Sequence[str], *, lock: bool = False) -> dict[str, Task]:
        return {task_id: self.tasks[task_id] for task_id in task_ids if task_id in self.tasks}

    def to_remind(self, task_ids: Sequence[str]) -> dict[str, Reminded]:
        return {
            task_id: Reminded(
                task.task_id,
                task.title,
                task.priority,
                task.assignee,
                task.scope_node,
                task.state,
                task.due_time,
                task.alert_time,
                task.acknowledge_time,
            )
            for task_id, task in self.get_many(task_ids).items()
        }

    def insert(self, tasks: Sequence[Task]) -> None:
        for task in tasks:
            assert task.task_id not in self.tasks
            self.tasks[task.task_id] = task

    def get(self, task_id: str, *, lock: bool = False) -> Task | None:
        return self.tasks.get(task_id)

    def update(self, task: Task) -> None:
        assert task.task_id in self.tasks
        self.tasks[task.task_id] = task

    def batch(self, batch_id: str) -> list[Task]:
        return sorted(
            (t for t in self.tasks.values() if t.batch_id == batch_id), key=lambda t: t.assignee
        )

    def add_events(self, events: Sequence[tuple[str, TaskEvent]]) -> None:
        for task_id, event in events:
            self.events.setdefault(task_id, []).append(event)

    def history(self, task_id: str) -> list[TaskEvent]:
        return list(self.events.get(task_id, []))

    def list(
        self,
        *,
        reach: Reach,
        user_id: str,
        filter: TaskFilter,
        after: tuple[datetime, str] | None,
        limit: int,
    ) -> list[Task]:
        def shown(task: Task) -> bool:
            return (
                (
                    any(covers(node, task.scope_node) for node in reach.nodes)
                    or user_id in (task.assignee, task.creator)
                )
                and (not filter.states or task.state in filter.states)
                and filter.assignee in (None, task.assignee)
                and filter.creator in (None, task.creator)
                and filter.priority in (None, task.priority)
                and filter.kind in (None, task.kind)
                and filter.batch_id in (None, task.batch_id)
                and (filter.under is None or covers(filter.under, task.scope_node))
                and (after is None or (task.due_time, task.task_id) > after)
            )

        found = sorted(
            (t for t in self.tasks.values() if shown(t)), key=lambda t: (t.due_time, t.task_id)
        )
        return found[:limit]

    def stats(
        self, *, reach: Reach, level_length: int, query: StatsQuery, now: datetime
    ) -> Sequence[TaskCounts]:
        counted: dict[str, list[Task]] = {}
        for task in self.tasks.values():
            if (
                task.state is not TaskState.CANCELLED
                and any(covers(node, task.scope_node) for node in reach.nodes)
                and (query.due_after is None or task.due_time >= query.due_after)
                and (query.due_before is None or task.due_time < query.due_before)
                and query.kind in (None, task.kind)
            ):
                node = (
                    task.scope_node[:level_length] if len(task.scope_node) >= level_length else ""
                )
                counted.setdefault(node, []).append(task)
        rows = []
        for node, tasks in sorted(counted.items()):
            done = [t for t in tasks if t.state is TaskState.COMPLETED]
            rows.append(
                TaskCounts(
                    scope_node=node,
                    tasks=len(tasks),
                    completed=len(done),
                    on_time=sum(
                        1 for t in done if t.complete_time and t.complete_time <= t.due_time
                    ),
                    overdue=sum(1 for t in tasks if t not in done and t.due_time < now),
                )
            )
        return rows


class FakeTaskUnitOfWork(FakeUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.tasks = FakeTasks()
