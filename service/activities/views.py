"""Who sees an activity and who may change it, and the reads: one activity
with its revisions, the feed, the monthly counts.

An activity is the business of its officer, its co-officers and its reporter,
and of whoever follows the work (``activity.read``) over its grid, or over the
officer's unit (unit admins). A correction or deletion is the reporter's or
the officer's within the correction window, and the community head's of the
grid at any time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from service.activities.ports import (
    Activity,
    ActivityFilter,
    Count,
    Revision,
    StatsQuery,
    UnitOfWork,
)
from service.activities.rules import TOP_DEPTH, Change, Windows, reporter_may_correct
from service.kernel import scope
from service.kernel.access import Caller, Permission, Reach
from service.kernel.errors import FailedPrecondition, PermissionDenied
from service.kernel.escalation import tiers_above
from service.kernel.scope import ScopeLevel, resource_name


def own(caller: Caller, activity: Activity) -> bool:
    return caller.user_id in (activity.officer, activity.reporter) or (
        caller.user_id in activity.content.co_officers
    )


def visible(caller: Caller, activity: Activity) -> bool:
    """A user the registry does not know (or no longer does) sees none."""
    if not caller.bindings:
        return False
    reach = caller.reach(Permission.ACTIVITY_READ)
    return (
        own(caller, activity)
        or reach.covers_node(activity.content.grid)
        or (activity.unit is not None and activity.unit in reach.units)
    )


def check_may_change(caller: Caller, activity: Activity, now: datetime, windows: Windows) -> None:
    """PERMISSION_DENIED for whoever may not change it; FAILED_PRECONDITION
    for its reporter after the correction window, and for a deleted one."""
    name = f"activities/{activity.activity_id}"
    if not visible(caller, activity):
        raise PermissionDenied.outside_scope(name)
    if activity.delete_time is not None:
        raise FailedPrecondition(f"{name} is deleted", reason="ACTIVITY_DELETED")
    if caller.heads(activity.content.grid):
        return
    if caller.user_id not in (activity.officer, activity.reporter):
        raise PermissionDenied(
            f"only the reporter of {name} or the community head of its grid may change it"
        )
    if not reporter_may_correct(activity.create_time, now, windows):
        hours = int(windows.correction.total_seconds() // 3600)
        raise FailedPrecondition(
            f"{name} was recorded more than {hours} hours ago: ask the community head",
            reason="CORRECTION_WINDOW_CLOSED",
            metadata={"correction_window_hours": str(hours)},
        )


def held_tiers(caller: Caller, grid: str) -> list[int]:
    """The depths of the escalation chain's tiers over ``grid`` the caller holds."""
    return [
        tier.depth
        for tier in tiers_above(grid)
        if any(
            binding.role is tier.role
            and binding.scope_node is not None
            and scope.covers(binding.scope_node, tier.node)
            for binding in caller.bindings
        )
    ]


def check_may_follow(caller: Caller, activity: Activity, step: Change) -> int | None:
    """PERMISSION_DENIED for whoever may not take ``step`` on the case;
    FAILED_PRECONDITION for a deleted activity. Returns the depth of the
    tier the caller acts from (None for the officer or reporter).

    While the community follows a case its officer, co-officers and reporter
    mediate and resolve it too; from the tier it has reached, only that tier
    and those above. Escalating is for the tiers below the top: the district
    admin resolves what reaches them."""
    name = f"activities/{activity.activity_id}"
    if not visible(caller, activity):
        raise PermissionDenied.outside_scope(name)
    if activity.delete_time is not None:
        raise FailedPrecondition(f"{name} is deleted", reason="ACTIVITY_DELETED")
    reached = activity.case.depth if activity.case is not None else 0
    held = [depth for depth in held_tiers(caller, activity.content.grid) if depth >= reached]
    if step is Change.CASE_ESCALATED:
        below_top = [depth for depth in held if depth < TOP_DEPTH]
        if not below_top:
            raise PermissionDenied(
                f"only the community head or street liaison following {name} escalates it"
            )
        return max(below_top)
    if held:
        return max(held)
    if reached == 0 and own(caller, activity):
        return None
    raise PermissionDenied(f"{name} is followed by a tier above you")


@dataclass(frozen=True)
class WithRevisions:
    activity: Activity
    revisions: tuple[Revision, ...]


def get_activity(uow: UnitOfWork, *, caller: Caller, activity_id: str) -> WithRevisions:
    activity = uow.activities.get(activity_id)
    if activity is None or not visible(caller, activity):
        raise PermissionDenied.outside_scope(f"activities/{activity_id}")
    return WithRevisions(activity, tuple(uow.activities.revisions(activity_id)))


def list_activities(
    uow: UnitOfWork,
    *,
    caller: Caller,
    filter: ActivityFilter,
    before: tuple[datetime, str] | None,
    limit: int,
) -> list[Activity]:
    """Newest first. Beneath a node, only what the caller reads there
    (PERMISSION_DENIED when that is nothing); for an officer, their record as
    far as the caller may see it."""
    if not caller.bindings:
        raise PermissionDenied("the registry does not know you: you see no activities")
    reach = caller.reach(Permission.ACTIVITY_READ)
    user_id = caller.user_id
    if filter.under is not None:
        reach = reach.within(filter.under)
        if reach.empty:
            raise PermissionDenied.outside_scope(resource_name(filter.under))
        user_id = ""
    elif filter.officer is not None and filter.officer != caller.user_id:
        # Another officer's record: only what the caller reads of it.
        if reach.empty:
            raise PermissionDenied.outside_scope(f"officers/{filter.officer}")
        user_id = ""
    return uow.activities.list(
        reach=reach, user_id=user_id, filter=filter, before=before, limit=limit
    )


@dataclass(frozen=True)
class Stats:
    counts: Sequence[Count]
    total: int


def activity_stats(
    uow: UnitOfWork,
    *,
    caller: Caller,
    under: str | None,
    level: ScopeLevel | None,
    query: StatsQuery,
) -> Stats:
    """Monthly counts by kind rolled up to one level, over the grids the
    caller reads (beneath ``under`` when given), from the kept aggregates."""
    reach = Reach(caller.reach(Permission.ACTIVITY_READ).nodes)
    if under is not None:
        reach = reach.within(under)
        if reach.empty:
            raise PermissionDenied.outside_scope(resource_name(under))
    elif reach.empty:
        raise PermissionDenied("you follow no grid's activities")
    # Never above the caller's own nodes: a grid's head asking for districts
    # gets their grid's row, not a district's figures.
    length = max(scope.roll_up_length(level, reach.nodes), min(map(len, reach.nodes)))
    counts = uow.activities.stats(reach=reach, level_length=length, query=query)
    return Stats(counts, sum(count.count for count in counts))
