"""The one computation of the monthly floor (六.1) that the RPCs, the
reminder and the half-year reports share, so their figures cannot differ."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from service.compliance import rules
from service.compliance.ports import Excuse, Member, UnitOfWork
from service.compliance.rules import Month, MonthlyCounts, Standing
from service.kernel.scheduler import PlannedStep

REMINDER = "compliance.monthly"
REMINDER_SUBJECT = "compliance/activity-floor"


@dataclass(frozen=True)
class Settings:
    floor: int = rules.ACTIVITY_FLOOR
    reminder_day: int = rules.REMINDER_DAY
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))


@dataclass(frozen=True)
class Parent:
    """What a compliance read is about: a scope node or a unit."""

    node: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class OfficerMonth:
    member: Member
    month: Month
    count: int
    standing: Standing
    excuse: Excuse | None


@dataclass(frozen=True)
class MonthlyCompliance:
    months: tuple[Month, ...]
    officers: tuple[OfficerMonth, ...]
    # Standing activities of the members by month and kind (each activity once).
    by_kind: dict[tuple[str, str], int]

    def counts(self, month: Month | None = None) -> MonthlyCounts:
        return MonthlyCounts.of(
            line.standing for line in self.officers if month is None or line.month == month
        )


def compute(
    uow: UnitOfWork, members: Sequence[Member], months: Sequence[Month], settings: Settings
) -> MonthlyCompliance:
    """Each member's standing in each month (六.1), from the activity records."""
    zone = settings.zone
    months = sorted(months)
    ids = {member.officer_id for member in members}
    per_officer: Counter[tuple[str, Month]] = Counter()
    by_kind: Counter[tuple[str, str]] = Counter()
    counted: set[str] = set()
    # Months in order and kept as text once: a city's month is 40,000 rows.
    labels = {month: str(month) for month in months}
    only = months[0] if len(months) == 1 else None
    for done in uow.compliance.done(months[0].start(zone), months[-1].end(zone)):
        if done.officer_id in ids:
            month = only or Month.of(done.start_time, zone)
            per_officer[(done.officer_id, month)] += 1
            if done.activity_id not in counted:
                counted.add(done.activity_id)
                by_kind[(labels[month], done.kind)] += 1
    excused = {
        (excuse.officer_id, excuse.month): excuse
        for excuse in uow.compliance.excuses([str(m) for m in months])
        if excuse.officer_id in ids
    }
    lines = []
    for member in members:
        for month in months:
            count = per_officer[(member.officer_id, month)]
            excuse = excused.get((member.officer_id, str(month)))
            lines.append(
                OfficerMonth(
                    member,
                    month,
                    count,
                    rules.standing(count, excused=excuse is not None, floor=settings.floor),
                    excuse,
                )
            )
    return MonthlyCompliance(tuple(months), tuple(lines), dict(by_kind))


def reminder_step(month: Month, settings: Settings) -> PlannedStep:
    return PlannedStep(
        REMINDER,
        REMINDER_SUBJECT,
        f"reminder:{month}",
        month.reminder_time(settings.zone, settings.reminder_day),
    )
