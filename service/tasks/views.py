"""Who sees a key task and who coordinates it, and the reads: one task with
its history, and the lists.

A task is the business of its assignee, its creator, and whoever assigns
tasks (``task.assign``) or follows the work (``activity.read``) over the node
its assignee is counted under.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from service.kernel import scope
from service.kernel.access import Caller, Permission, Reach
from service.kernel.errors import PermissionDenied
from service.kernel.scope import ScopeLevel, resource_name
from service.tasks.ports import StatsQuery, Task, TaskEvent, TaskFilter, UnitOfWork
from service.tasks.rules import TaskCounts, total_counts


def supervised(caller: Caller) -> Reach:
    """Where the caller may see every task."""
    return Reach(
        caller.reach(Permission.TASK_ASSIGN).nodes | caller.reach(Permission.ACTIVITY_READ).nodes
    )


def visible(caller: Caller, task: Task) -> bool:
    """A user the registry does not know (or no longer does) sees no task."""
    if not caller.bindings:
        return False
    mine = caller.user_id in (task.assignee, task.creator)
    return mine or supervised(caller).covers_node(task.scope_node)


def coordinates(caller: Caller, task: Task) -> bool:
    """The creator, while still assigning tasks anywhere, or who assigns tasks
    over the assignee's node."""
    reach = caller.reach(Permission.TASK_ASSIGN)
    return reach.covers_node(task.scope_node) or (
        task.creator == caller.user_id and not reach.empty
    )


@dataclass(frozen=True)
class TaskWithHistory:
    task: Task
    history: tuple[TaskEvent, ...]


def get_task(uow: UnitOfWork, *, caller: Caller, task_id: str, name: str) -> TaskWithHistory:
    task = uow.tasks.get(task_id)
    if task is None or not visible(caller, task):
        raise PermissionDenied.outside_scope(name)
    return TaskWithHistory(task, tuple(uow.tasks.history(task_id)))


def list_tasks(
    uow: UnitOfWork,
    *,
    caller: Caller,
    filter: TaskFilter,
    after: tuple[datetime, str] | None,
    limit: int,
) -> list[Task]:
    """By due time (the overdue are thus oldest first). Beneath a node, only
    what the caller supervises there; PERMISSION_DENIED when that is nothing."""
    if not caller.bindings:
        raise PermissionDenied("the registry does not know you: you see no tasks")
    reach = supervised(caller)
    if filter.under is not None:
        reach = reach.within(filter.under)
        if reach.empty:
            raise PermissionDenied.outside_scope(resource_name(filter.under))
    return uow.tasks.list(
        reach=reach, user_id=caller.user_id, filter=filter, after=after, limit=limit
    )


@dataclass(frozen=True)
class TaskStats:
    total: TaskCounts
    rows: list[TaskCounts]


def task_stats(
    uow: UnitOfWork,
    *,
    caller: Caller,
    under: str | None,
    level: ScopeLevel | None,
    query: StatsQuery,
    now: datetime,
) -> TaskStats:
    """Completion and on-time counts rolled up to one level, over the tasks
    the caller supervises (beneath ``under`` when given)."""
    reach = supervised(caller)
    if under is not None:
        reach = reach.within(under)
        if reach.empty:
            raise PermissionDenied.outside_scope(resource_name(under))
    elif reach.empty:
        raise PermissionDenied("you supervise no tasks")
    rows = uow.tasks.stats(
        reach=reach,
        level_length=scope.roll_up_length(level, reach.nodes),
        query=query,
        now=now,
    )
    total = total_counts(scope.anchor(sorted(reach.nodes)), rows)
    return TaskStats(total, [row for row in rows if row.scope_node])
