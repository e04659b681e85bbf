"""Who sees a suggestion and who acts on it, and the reads.

A suggestion is the business of its submitter, of the handlers of the
department it is with, and of the reviewers (``suggestion.review``) over its
grid. Departments and the routing table are managed with ``suggestion.route``
over the nodes they serve.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from service.kernel import scope
from service.kernel.access import Caller, Permission, Reach
from service.kernel.errors import FailedPrecondition, PermissionDenied
from service.kernel.scope import ScopeLevel, path_codes, resource_name
from service.suggestions.ports import (
    Department,
    RoutingRule,
    StatsQuery,
    Step,
    Suggestion,
    SuggestionFilter,
    UnitOfWork,
)
from service.suggestions.rules import Counts


def reviews(caller: Caller, grid: str) -> bool:
    return caller.reach(Permission.SUGGESTION_REVIEW).covers_node(grid)


def handles(uow: UnitOfWork, caller: Caller, department: str | None) -> bool:
    return department is not None and department in uow.departments.handled_by(caller.user_id)


def visible(uow: UnitOfWork, caller: Caller, suggestion: Suggestion) -> bool:
    """A user the registry does not know (or no longer does) sees none."""
    if not caller.bindings:
        return False
    return (
        caller.user_id == suggestion.submitter
        or reviews(caller, suggestion.content.grid)
        or handles(uow, caller, suggestion.department)
    )


def check_routes(caller: Caller, node: str) -> None:
    """``suggestion.route`` over ``node``, else PERMISSION_DENIED."""
    if not caller.reach(Permission.SUGGESTION_ROUTE).covers_node(node):
        raise PermissionDenied(
            f"managing departments and routing at {resource_name(node)} "
            "needs suggestion.route there"
        )


def seen(uow: UnitOfWork, caller: Caller, suggestion_id: str, *, lock: bool = False) -> Suggestion:
    """The suggestion, or PERMISSION_DENIED alike for one the caller may not see
    and one that does not exist."""
    suggestion = uow.suggestions.get(suggestion_id, lock=lock)
    if suggestion is None or not visible(uow, caller, suggestion):
        raise PermissionDenied.outside_scope(f"suggestions/{suggestion_id}")
    return suggestion


def changeable(uow: UnitOfWork, caller: Caller, suggestion_id: str) -> Suggestion:
    """The suggestion, locked for a change; FAILED_PRECONDITION for one merged
    into another (its survivor is the one to act on)."""
    suggestion = seen(uow, caller, suggestion_id, lock=True)
    if suggestion.merged_into is not None:
        raise FailedPrecondition(
            f"suggestions/{suggestion_id} was merged into suggestions/{suggestion.merged_into}",
            reason="SUGGESTION_MERGED",
            metadata={"survivor": f"suggestions/{suggestion.merged_into}"},
        )
    return suggestion


@dataclass(frozen=True)
class WithHistory:
    suggestion: Suggestion
    history: tuple[Step, ...]


def get_suggestion(uow: UnitOfWork, *, caller: Caller, suggestion_id: str) -> WithHistory:
    suggestion = seen(uow, caller, suggestion_id)
    return WithHistory(suggestion, tuple(uow.suggestions.history(suggestion_id)))


def list_suggestions(
    uow: UnitOfWork,
    *,
    caller: Caller,
    filter: SuggestionFilter,
    before: tuple[datetime, str] | None,
    limit: int,
) -> list[Suggestion]:
    """Newest first. Beneath a node, only what the caller reviews there, and
    what their departments have there (PERMISSION_DENIED when that can be
    nothing); for an officer, their submissions as far as the caller sees them."""
    if not caller.bindings:
        raise PermissionDenied("the registry does not know you: you see no suggestions")
    reach = caller.reach(Permission.SUGGESTION_REVIEW)
    if filter.under is not None:
        reach = reach.within(filter.under)
        if reach.empty and not uow.departments.handled_by(caller.user_id):
            raise PermissionDenied.outside_scope(resource_name(filter.under))
    if filter.department is not None and not (
        filter.department in uow.departments.handled_by(caller.user_id) or not reach.empty
    ):
        raise PermissionDenied.outside_scope(f"departments/{filter.department}")
    return uow.suggestions.list(
        reach=reach, user_id=caller.user_id, filter=filter, before=before, limit=limit
    )


def get_department(uow: UnitOfWork, *, caller: Caller, department_id: str) -> Department:
    """For its handlers, and whoever routes or reviews over the node it serves."""
    department = uow.departments.get(department_id)
    if department is None or not (
        caller.user_id in department.handlers
        or caller.reach(Permission.SUGGESTION_ROUTE).covers_node(department.scope_node)
        or caller.reach(Permission.SUGGESTION_REVIEW).overlaps(department.scope_node)
    ):
        raise PermissionDenied.outside_scope(f"departments/{department_id}")
    return department


def list_departments(
    uow: UnitOfWork, *, caller: Caller, after: str | None, limit: int
) -> list[Department]:
    """Those serving a node within what the caller routes or reviews, or a
    node above what they review (to route to), and those they handle for."""
    reviewed = caller.reach(Permission.SUGGESTION_REVIEW).nodes
    return uow.departments.list_departments(
        reach=Reach(caller.reach(Permission.SUGGESTION_ROUTE).nodes | reviewed),
        at_nodes=frozenset(path_codes(reviewed) | reviewed),
        user_id=caller.user_id,
        after=after,
        limit=limit,
    )


def list_routing_rules(
    uow: UnitOfWork, *, caller: Caller, after: tuple[str, str, str] | None, limit: int
) -> list[RoutingRule]:
    reach = caller.reach(Permission.SUGGESTION_ROUTE)
    if reach.empty:
        raise PermissionDenied("the routing table is for those who hold suggestion.route")
    return uow.departments.list_rules(reach=reach, after=after, limit=limit)


@dataclass(frozen=True)
class Stats:
    counts: list[Counts]
    total: Counts


def suggestion_stats(
    uow: UnitOfWork,
    *,
    caller: Caller,
    under: str | None,
    level: ScopeLevel | None,
    by_department: bool,
    start: datetime | None,
    end: datetime | None,
    now: datetime,
) -> Stats:
    """Over the grids the caller reviews (beneath ``under`` when given),
    rolled up to a level no higher than the caller's own nodes, or by department."""
    reach = Reach(caller.reach(Permission.SUGGESTION_REVIEW).nodes)
    if under is not None:
        reach = reach.within(under)
        if reach.empty:
            raise PermissionDenied.outside_scope(resource_name(under))
    elif reach.empty:
        raise PermissionDenied("you review no grid's suggestions")
    length = None
    if not by_department:
        length = max(scope.roll_up_length(level, reach.nodes), min(map(len, reach.nodes)))
    counts = uow.suggestions.stats(reach=reach, query=StatsQuery(length, start, end), now=now)
    total = Counts(None)
    for row in counts:
        total = total.plus(row)
    return Stats(counts, total)
