"""A half-year report built as the reader, so that it holds only what their
reach holds (a unit admin their unit, a district admin their district), from
the same use cases the statistics RPCs answer from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from service.assignment import use_cases as assignments
from service.assignment.rules import CheckInCounts
from service.compliance import figures as compliance_figures
from service.compliance import use_cases as compliance
from service.compliance.figures import Parent, Settings
from service.compliance.rules import Month, Standing
from service.kernel.access import Caller, Permission
from service.kernel.errors import FailedPrecondition, NotFound, PermissionDenied
from service.kernel.ids import new_ids
from service.kernel.scheduler import PlannedStep
from service.reports import rules
from service.reports.figures import HalfYearFigures, Ranking
from service.reports.ports import FileFormat, Report, ReportState, UnitOfWork
from service.reports.rules import LEASE, LOST, HalfYear
from service.suggestions import views as suggestions
from service.tasks import views as tasks
from service.tasks.ports import StatsQuery

# Told each step's name as it begins, and how many steps there are.
Progress = Callable[[str, int, int], None]
STEPS = ("participation", "activities", "coverage", "check-ins", "key tasks", "suggestions")


def _quiet(step: str, done: int, total: int) -> None:
    return None


# A report's parent is a participation's: the city, a district or a unit.
check_parent = compliance.check_city_or_district


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
    else:
        # The unit supervises its officers' check-ins (五.3), wherever they serve.
        assert parent.unit is not None
        check_ins = CheckInCounts()
        for owed in uow.compliance.check_ins_of_unit(parent.unit):
            check_ins.count(owed.due_time, owed.check_in_time, owed.confirmed, now)
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


def check_reads(uow: UnitOfWork, caller: Caller, parent: Parent) -> None:
    """Whoever may make (and so read) a report of ``parent``: what its
    figures read, participation (`registry.read`) and activities (`activity.read`)."""
    check_parent(parent)
    for permission in (Permission.REGISTRY_READ, Permission.ACTIVITY_READ):
        compliance.check_reads(uow, caller, parent, permission)


def parent_of(name: str) -> Parent:
    kind, _, key = name.partition("/")
    return Parent(unit=key) if kind == "units" else Parent(node=key)


def start(
    uow: UnitOfWork, *, caller: Caller, parent: Parent, half: HalfYear, now: datetime
) -> Report:
    """The report asked for, running; the scheduler watches its lease."""
    check_reads(uow, caller, parent)
    name = f"units/{parent.unit}" if parent.unit is not None else f"scopeNodes/{parent.node}"
    report = Report(
        report_id=new_ids(now, 1)[0],
        parent=name,
        half=str(half),
        state=ReportState.RUNNING,
        requested_by=caller.user_id,
        create_time=now,
        lease_until=now + LEASE,
    )
    uow.reports.insert(report)
    uow.due_steps.schedule(
        [PlannedStep(LOST, f"halfYearReports/{report.report_id}", "lease", report.lease_until)],
        now,
    )
    return report


def readable(uow: UnitOfWork, *, caller: Caller, report_id: str) -> Report:
    report = uow.reports.get(report_id)
    if report is None:
        raise PermissionDenied.outside_scope(f"halfYearReports/{report_id}")
    try:
        check_reads(uow, caller, parent_of(report.parent))
    except (PermissionDenied, NotFound) as denied:
        raise PermissionDenied.outside_scope(f"halfYearReports/{report_id}") from denied
    return report


def file(
    uow: UnitOfWork, *, caller: Caller, report_id: str, file_format: FileFormat
) -> tuple[Report, bytes]:
    report = readable(uow, caller=caller, report_id=report_id)
    content = uow.reports.file(report_id, file_format)
    if content is None:
        raise FailedPrecondition(
            f"halfYearReports/{report_id} has no {file_format} file: it is {report.state}",
            metadata={"state": report.state.value},
        )
    return report, content


def figures_of(
    uow: UnitOfWork, *, report_id: str, settings: Settings, now: datetime
) -> HalfYearFigures:
    """The figures of a report asked for, as the one who asked (their reach, now)."""
    report = uow.reports.get(report_id)
    assert report is not None, report_id
    return half_year(
        uow,
        caller=uow.callers.load(report.requested_by),
        parent=parent_of(report.parent),
        half=HalfYear.parse(report.half, "half_year"),
        settings=settings,
        now=now,
    )


def finish(
    uow: UnitOfWork, *, report_id: str, title: str, files: dict[FileFormat, bytes], now: datetime
) -> None:
    if uow.reports.finish(report_id, title=title, files=files, now=now):
        uow.due_steps.cancel(f"halfYearReports/{report_id}", LOST, now)


def fail(uow: UnitOfWork, *, report_id: str, error: str, now: datetime) -> None:
    if uow.reports.fail(report_id, error, now):
        uow.due_steps.cancel(f"halfYearReports/{report_id}", LOST, now)


def annual_ranking(
    uow: UnitOfWork,
    *,
    caller: Caller,
    node: str,
    year: int,
    weights: rules.Weights,
    settings: Settings,
) -> Ranking:
    """Every officer serving a grid beneath the district or city ``node``,
    scored from the year's records; read as a report is (its reach)."""
    check_reads(uow, caller, Parent(node=node))
    months = [Month(year, month) for month in range(1, 13)]
    start, end = months[0].start(settings.zone), months[-1].end(settings.zone)
    members = uow.compliance.members_under(node)
    ids = {m.officer_id for m in members}
    monthly = compliance_figures.compute(uow, members, months, settings)
    met: dict[str, int] = defaultdict(int)
    for line in monthly.officers:
        met[line.member.officer_id] += line.standing is Standing.MET
    activities = [
        rules.Record(
            d.officer_id, rules.Earned.ACTIVITY, f"activities/{d.activity_id}", d.start_time, d.kind
        )
        for d in uow.compliance.done(start, end)
        if d.officer_id in ids
    ]
    found: dict[str, list[rules.Record]] = defaultdict(list)
    for record in [
        *activities,
        *rules.breadth(activities),
        *uow.ranking.tasks_on_time(start, end),
        *uow.ranking.suggestions_satisfied(start, end),
        *uow.ranking.check_ins_on_time(start, end),
    ]:
        if record.officer_id in ids:
            found[record.officer_id].append(record)
    scores = [
        rules.standing_of(
            m.officer_id, m.display_name, m.unit, found[m.officer_id], weights, met[m.officer_id]
        )
        for m in members
    ]
    return Ranking(
        node,
        year,
        weights,
        tuple(rules.ranked(scores)),
        {
            officer: tuple(sorted(records, key=lambda r: (r.earned.value, r.time, r.ref)))
            for officer, records in found.items()
        },
    )
