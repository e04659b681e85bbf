"""Grid assignments (编网入格): assigning officers to grids and unassigning them,
with the history of every change (六.3), and the lists within the caller's scope.

A change needs ``assignment.manage`` over every grid it names; reading needs
``registry.read`` over the grids read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from service.assignment import rules
from service.assignment.ports import AssignmentView, ChangeView, UnitOfWork
from service.kernel.access import Caller, Permission, Reach
from service.kernel.errors import PermissionDenied

# How a change turns the officer's grids into the new ones (rules.assign or rules.unassign).
Plan = Callable[[Sequence[str], Sequence[str]], tuple[str, ...]]


@dataclass(frozen=True)
class Changed:
    """The change made (None when it changed nothing) and the assignments after it."""

    change: ChangeView | None
    assignments: list[AssignmentView]


def change(
    uow: UnitOfWork,
    *,
    caller: Caller,
    officer_id: str,
    officer_name: str,
    grids: Sequence[str],
    reason: str,
    plan: Plan,
    now: datetime,
    proposal_id: str | None = None,
) -> Changed:
    rules.check_request(list(grids), reason)
    reach = caller.reach(Permission.ASSIGNMENT_MANAGE)
    for grid in grids:
        if not reach.covers_node(grid):
            raise PermissionDenied.outside_scope(f"grids/{grid}")
    if not uow.assignments.lock_officer(officer_id):
        raise PermissionDenied.outside_scope(officer_name)
    for grid in grids:
        if not uow.directory.node_exists(grid):
            raise PermissionDenied.outside_scope(f"grids/{grid}")
    before = tuple(view.grid_code for view in uow.assignments.current(officer_id))
    after = plan(before, grids)
    made = None
    if before != after:
        at = rules.recorded_time(now, uow.assignments.last_change_time(officer_id))
        change_id = uow.assignments.apply_change(
            rules.AssignmentChange(
                officer_id, before, after, reason, caller.user_id, at, proposal_id
            )
        )
        made = uow.assignments.get_change(change_id)
    return Changed(made, uow.assignments.current(officer_id))


def _reach(caller: Caller, under: str | None, parent_name: str) -> Reach:
    reach = caller.reach(Permission.REGISTRY_READ)
    if under is not None:
        reach = reach.within(under)
    if reach.empty:
        raise PermissionDenied.outside_scope(parent_name or "the registry")
    return reach


def list_assignments(
    uow: UnitOfWork,
    *,
    caller: Caller,
    officer_id: str | None,
    under: str | None,
    parent_name: str,
    overdue_at: datetime | None,
    after: tuple[str, str],
    limit: int,
) -> list[AssignmentView]:
    """By officer and grid, after ``after``; only check-ins overdue at
    ``overdue_at`` when it is given."""
    return uow.assignments.list_assignments(
        reach=_reach(caller, under, parent_name),
        officer_id=officer_id,
        overdue_at=overdue_at,
        after=after,
        limit=limit,
    )


def list_changes(
    uow: UnitOfWork,
    *,
    caller: Caller,
    officer_id: str | None,
    under: str | None,
    parent_name: str,
    start: datetime | None,
    end: datetime | None,
    before: tuple[datetime, str] | None,
    limit: int,
) -> list[ChangeView]:
    """Changes touching a grid the caller reads, newest first."""
    return uow.assignments.list_changes(
        reach=_reach(caller, under, parent_name),
        officer_id=officer_id,
        start=start,
        end=end,
        before=before,
        limit=limit,
    )
