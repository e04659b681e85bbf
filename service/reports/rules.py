"""What a half-year report (六.4) says of a period and of its officers.

六.4: half-yearly, the units report to the political-legal committee of the
same level; the committee commends those who did well and urges those who did
not, and the activity counts feed the evaluations. The report recommends; the
committee decides, and the report says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from service.compliance.rules import Month, Standing, months_of_half
from service.kernel.errors import FieldViolation, InvalidArgument

# Urged: below the floor in at least this many of the six months (not excused).
URGE_SHORT_MONTHS = 3
# Commended: met the floor in every month held to it, with at least this many
# times the floor in all; the most active first, at most COMMEND_LIMIT.
COMMEND_FLOOR_MULTIPLE = 2
COMMEND_LIMIT = 20
# A report is made within this long by the replica that took it; past it, the
# scheduler marks it failed (that replica stopped), and the host asks again.
LEASE = timedelta(minutes=10)
LOST = "report.lost"
LOST_ERROR = "the replica making the report stopped before it was done; ask again"
_HALF = re.compile(r"(\d{4})-?H([12])")


@dataclass(frozen=True, order=True)
class HalfYear:
    year: int
    half: int

    @classmethod
    def parse(cls, text: str, field: str) -> HalfYear:
        found = _HALF.fullmatch(text.strip().upper())
        if found is None or not 2000 <= int(found.group(1)) <= 2999:
            raise InvalidArgument([FieldViolation(field, "must be a half-year, e.g. 2026-H2")])
        return cls(int(found.group(1)), int(found.group(2)))

    def __str__(self) -> str:
        return f"{self.year}-H{self.half}"

    @property
    def months(self) -> list[Month]:
        return months_of_half(self.year, self.half)

    @property
    def label(self) -> str:
        return f"{self.year}年{'上' if self.half == 1 else '下'}半年"


@dataclass(frozen=True)
class OfficerHalf:
    """One officer's six months against the floor."""

    officer_id: str
    display_name: str
    unit: str | None
    activities: int
    met: int
    short: int
    excused: int


def summarize(
    officer_id: str,
    display_name: str,
    unit: str | None,
    months: Sequence[tuple[int, Standing]],
) -> OfficerHalf:
    return OfficerHalf(
        officer_id,
        display_name,
        unit,
        sum(count for count, _ in months),
        sum(1 for _, s in months if s is Standing.MET),
        sum(1 for _, s in months if s is Standing.SHORT),
        sum(1 for _, s in months if s is Standing.EXCUSED),
    )


def to_commend(officers: Sequence[OfficerHalf], floor: int) -> list[OfficerHalf]:
    """Met the floor every month they were held to it (at least one), and did
    at least twice the floor over those months; the most active first."""
    found = [
        o
        for o in officers
        if o.short == 0 and o.met > 0 and o.activities >= COMMEND_FLOOR_MULTIPLE * floor * o.met
    ]
    return sorted(found, key=lambda o: (-o.activities, o.officer_id))[:COMMEND_LIMIT]


def to_urge(officers: Sequence[OfficerHalf]) -> list[OfficerHalf]:
    """Below the floor in three or more months not excused; the most months first."""
    found = [o for o in officers if o.short >= URGE_SHORT_MONTHS]
    return sorted(found, key=lambda o: (-o.short, o.activities, o.officer_id))


# 七.4: the annual selection of the best officers, ranked from recorded work by a
# published score. The ranking recommends; people decide.
RANKING_NOTE = (
    "本排名依据系统工作记录和公开的计分规则生成，仅作推荐；优秀网格员和服务品牌由评选机构研究决定。"
)


class Earned(StrEnum):
    ACTIVITY = "activity"  # each standing activity (their own or done beside another)
    KIND = "kind"  # each kind of work done at least once: breadth
    TASK_ON_TIME = "task_on_time"  # each key task completed by its due time
    SUGGESTION_SATISFIED = "suggestion_satisfied"  # each suggestion closed and rated satisfied
    CHECK_IN_ON_TIME = "check_in_on_time"  # each check-in made within its ten days


@dataclass(frozen=True)
class Weights:
    """Points for each record of a kind; published on the ranking itself."""

    activity: int = 1
    kind: int = 3
    task_on_time: int = 5
    suggestion_satisfied: int = 5
    check_in_on_time: int = 2

    def of(self, earned: Earned) -> int:
        return int(getattr(self, earned.value))

    def check(self) -> Weights:
        if any(getattr(self, e.value) < 0 or getattr(self, e.value) > 100 for e in Earned):
            raise ValueError("ranking weights are whole points from 0 to 100")
        return self


@dataclass(frozen=True)
class Record:
    """One record that earned points: what it is, and why it counts."""

    officer_id: str
    earned: Earned
    ref: str  # its resource name, e.g. activities/01J…
    time: datetime
    note: str


@dataclass(frozen=True)
class OfficerScore:
    officer_id: str
    display_name: str
    unit: str | None
    score: int
    points: dict[Earned, int]
    counts: dict[Earned, int]
    months_met: int
    activities: int


def breadth(activities: Sequence[Record]) -> list[Record]:
    """One KIND record per kind of work an officer did: the first of each."""
    firsts: dict[tuple[str, str], Record] = {}
    for record in sorted(activities, key=lambda r: (r.time, r.ref)):
        firsts.setdefault((record.officer_id, record.note), record)
    return [Record(r.officer_id, Earned.KIND, r.ref, r.time, r.note) for r in firsts.values()]


def standing_of(
    officer_id: str,
    display_name: str,
    unit: str | None,
    records: Sequence[Record],
    weights: Weights,
    months_met: int,
) -> OfficerScore:
    """The score is the sum of the points of the records: the drill-down adds up."""
    counts = {e: sum(1 for r in records if r.earned is e) for e in Earned}
    points = {e: counts[e] * weights.of(e) for e in Earned}
    return OfficerScore(
        officer_id,
        display_name,
        unit,
        sum(points.values()),
        points,
        counts,
        months_met,
        counts[Earned.ACTIVITY],
    )


def ranked(standings: Sequence[OfficerScore]) -> list[tuple[int, OfficerScore]]:
    """Highest score first; a tie goes to more months at the floor (六.1), then
    more activities; officers equal on all three share the rank (1, 2, 2, 4),
    listed by id."""

    def merit(s: OfficerScore) -> tuple[int, int, int]:
        return (s.score, s.months_met, s.activities)

    ordered = sorted(standings, key=lambda s: (tuple(-v for v in merit(s)), s.officer_id))
    found: list[tuple[int, OfficerScore]] = []
    for position, standing in enumerate(ordered, start=1):
        if found and merit(found[-1][1]) == merit(standing):
            found.append((found[-1][0], standing))
        else:
            found.append((position, standing))
    return found
