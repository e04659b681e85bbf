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
        change = rules.AssignmentChange(
            officer_id, before, after, reason, caller.user_id, at, proposal_id
        )
        made = uow.assignments.get_change(uow.assignments.apply_change(change))
        # 五.3: each new grid owes a check-in; a grid left owes none any more.
        for grid in sorted(set(before) - set(after)):
            uow.due_steps.cancel(rules.check_in_subject(officer_id, grid), rules.CHECK_IN, now)
        uow.due_steps.schedule(
            [
                step
                for grid in sorted(set(after) - set(before))
                for step in rules.check_in_plan(officer_id, grid, at)
            ],
            now,
        )
    return Changed(made, uow.assignments.current(officer_id))


def _assignment_name(officer_id: str, grid: str) -> str:
    return f"officers/{officer_id}/assignments/{grid}"


def check_in(
    uow: UnitOfWork,
    *,
    caller: Caller,
    officer_id: str,
    grid: str,
    at: datetime | None,
    note: str,
    now: datetime,
) -> AssignmentView:
    """The officer records their check-in with the grid's community (五.3)."""
    found = uow.assignments.get(officer_id, grid, lock=True)
    if found is None or caller.user_id != officer_id:
        raise PermissionDenied.outside_scope(_assignment_name(officer_id, grid))
    state = rules.check_in_state(found.check_in_time, found.confirm_time)
    rules.refuse_unless(state, rules.CheckInState.OWED, "checked in")
    when = at or now
    rules.check_check_in(when, found.create_time, now, note)
    uow.assignments.record_check_in(officer_id, grid, when, note)
    uow.due_steps.cancel(rules.check_in_subject(officer_id, grid), rules.CHECK_IN, now)
    return uow.assignments.get(officer_id, grid) or found


def confirm_check_in(
    uow: UnitOfWork, *, caller: Caller, officer_id: str, grid: str, now: datetime
) -> AssignmentView:
    """The community head over the grid confirms a recorded check-in."""
    found = uow.assignments.get(officer_id, grid, lock=True)
    # A community head who serves the grid too does not confirm their own check-in.
    if found is None or not caller.heads(grid) or caller.user_id == officer_id:
        raise PermissionDenied.outside_scope(_assignment_name(officer_id, grid))
    state = rules.check_in_state(found.check_in_time, found.confirm_time)
    rules.refuse_unless(state, rules.CheckInState.CHECKED_IN, "confirmed")
    uow.assignments.confirm_check_in(officer_id, grid, caller.user_id, now)
    return uow.assignments.get(officer_id, grid) or found


def check_in_stats(
    uow: UnitOfWork, *, caller: Caller, under: str, now: datetime
) -> dict[str | None, rules.CheckInCounts]:
    """The check-ins owed under ``under``, per officer unit (五.3: the unit supervises)."""
    if not caller.reach(Permission.REGISTRY_READ).covers_node(under) or not (
        uow.directory.node_exists(under)
    ):
        raise PermissionDenied.outside_scope(f"scopeNodes/{under}")
    counts: dict[str | None, rules.CheckInCounts] = {}
    for unit, view in uow.assignments.check_ins(under=under):
        counts.setdefault(unit, rules.CheckInCounts()).count(
            view.check_in_due_time, view.check_in_time, view.confirm_time is not None, now
        )
    return counts


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
