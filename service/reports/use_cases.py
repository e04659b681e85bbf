"""A half-year report built as the reader, so that it holds only what their
reach holds (a unit admin their unit, a district admin their district), from
the same use cases the statistics RPCs answer from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from service.assignment import use_cases as assignments
from service.assignment.rules import CheckInCounts
from service.compliance import use_cases as compliance
from service.compliance.figures import Parent, Settings
from service.compliance.rules import Standing
from service.kernel.access import Caller
from service.kernel.errors import InvalidArgument
from service.reports import rules
from service.reports.figures import HalfYearFigures
from service.reports.ports import UnitOfWork
from service.reports.rules import HalfYear
from service.suggestions import views as suggestions
from service.tasks import views as tasks
from service.tasks.ports import StatsQuery

# Told each step's name as it begins, and how many steps there are.
Progress = Callable[[str, int, int], None]
STEPS = ("participation", "activities", "coverage", "check-ins", "key tasks", "suggestions")


def _quiet(step: str, done: int, total: int) -> None:
    return None


def check_parent(parent: Parent) -> None:
    if parent.node is not None and len(parent.node) != compliance.DISTRICT_LENGTH:
        raise InvalidArgument.field("parent", "must be the city, a district or a unit")


def half_year(
    uow: UnitOfWork,
    *,
    caller: Caller,
    parent: Parent,
    half: HalfYear,
    settings: Settings,
    now: datetime,
    progress: Progress = _quiet,
) -> HalfYearFigures:
    """Every figure of the report of ``parent`` for ``half`` (六.4)."""
    check_parent(parent)
    zone = settings.zone
    start, end = half.months[0].start(zone), half.months[-1].end(zone)
    total = len(STEPS)
    progress(STEPS[0], 0, total)
    participation = compliance.participation(uow, caller=caller, parent=parent)
    progress(STEPS[1], 1, total)
    monthly = compliance.monthly(
        uow, caller=caller, parent=parent, months=half.months, settings=settings
    )
    node = parent.node
    coverage = check_ins = task_counts = suggestion_counts = None
    progress(STEPS[2], 2, total)
    if node is not None:
        coverage = tuple(compliance.coverage(uow, caller=caller, node=node, now=now))
    progress(STEPS[3], 3, total)
    if node is not None:
        per_unit = assignments.check_in_stats(uow, caller=caller, under=node, now=now)
        check_ins = sum(per_unit.values(), CheckInCounts())
    progress(STEPS[4], 4, total)
    if node is not None:
        task_counts = tasks.task_stats(
            uow,
            caller=caller,
            under=node,
            level=None,
            query=StatsQuery(due_after=start, due_before=end),
            now=now,
        ).total
    progress(STEPS[5], 5, total)
    if node is not None:
        suggestion_counts = suggestions.suggestion_stats(
            uow,
            caller=caller,
            under=node,
            level=None,
            by_department=False,
            start=start,
            end=end,
            now=now,
        ).total
    progress("done", total, total)
    months: dict[str, list[tuple[int, Standing]]] = defaultdict(list)
    members = {}
    for line in monthly.officers:
        months[line.member.officer_id].append((line.count, line.standing))
        members[line.member.officer_id] = line.member
    officers = tuple(
        rules.summarize(officer_id, m.display_name, m.unit, months[officer_id])
        for officer_id, m in sorted(members.items())
    )
    if parent.unit is not None:
        parent_name = f"units/{parent.unit}"
        unit = uow.compliance.unit(parent.unit)
        display_name = unit.display_name if unit else parent.unit
    else:
        assert node is not None
        parent_name = f"scopeNodes/{node}"
        display_name = uow.compliance.node_name(node) or node
    return HalfYearFigures(
        parent=parent,
        parent_name=parent_name,
        display_name=display_name,
        half=half,
        floor=settings.floor,
        generated_at=now,
        participation=tuple(participation),
        coverage=coverage,
        check_ins=check_ins,
        monthly=monthly,
        tasks=task_counts,
        suggestions=suggestion_counts,
        officers=officers,
        commend=tuple(rules.to_commend(officers, settings.floor)),
        urge=tuple(rules.to_urge(officers)),
    )
