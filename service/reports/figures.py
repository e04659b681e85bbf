"""A half-year report's figures (六.4), as the renderers print them: each
taken from the use case the statistics RPCs answer from, for the same period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from service.assignment.rules import CheckInCounts
from service.compliance.figures import MonthlyCompliance, Parent
from service.compliance.rules import MonthlyCounts, Participation, participation_total
from service.compliance.use_cases import CommunityCoverage, UnitParticipation
from service.reports.rules import HalfYear, OfficerHalf, OfficerScore, Record, Weights
from service.suggestions.rules import Counts as SuggestionCounts
from service.tasks.rules import TaskCounts


@dataclass(frozen=True)
class HalfYearFigures:
    parent: Parent
    # `units/{unit}` or `scopeNodes/{code}`, and its name.
    parent_name: str
    display_name: str
    half: HalfYear
    floor: int
    generated_at: datetime
    participation: tuple[UnitParticipation, ...]
    # Per community; None for a unit (its officers serve anywhere).
    coverage: tuple[CommunityCoverage, ...] | None
    # As of the report's making; None where the reader may not read them.
    check_ins: CheckInCounts | None
    monthly: MonthlyCompliance
    tasks: TaskCounts | None
    suggestions: SuggestionCounts | None
    officers: tuple[OfficerHalf, ...]
    commend: tuple[OfficerHalf, ...]
    urge: tuple[OfficerHalf, ...]

    @property
    def title(self) -> str:
        return f"{self.display_name} {self.half.label}政法网格员工作情况报告"

    @property
    def participation_total(self) -> Participation:
        return participation_total(u.participation for u in self.participation)

    def month_counts(self) -> list[tuple[str, MonthlyCounts]]:
        return [(str(month), self.monthly.counts(month)) for month in self.monthly.months]

    @property
    def half_counts(self) -> MonthlyCounts:
        return self.monthly.counts()

    def activities_by_month(self) -> dict[str, int]:
        found = {str(month): 0 for month in self.monthly.months}
        for (month, _), count in self.monthly.by_kind.items():
            found[month] += count
        return found

    def activities_by_kind(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for (_, kind), count in self.monthly.by_kind.items():
            found[kind] = found.get(kind, 0) + count
        return dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))


@dataclass(frozen=True)
class Ranking:
    """The annual ranking (七.4) of the officers serving beneath a node."""

    node: str
    year: int
    weights: Weights
    entries: tuple[tuple[int, OfficerScore], ...]
    records: dict[str, tuple[Record, ...]]
