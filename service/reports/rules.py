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

from service.compliance.rules import Month, Standing, months_of_half
from service.kernel.errors import FieldViolation, InvalidArgument

# Urged: below the floor in at least this many of the six months (not excused).
URGE_SHORT_MONTHS = 3
# Commended: met the floor in every month held to it, with at least this many
# times the floor in all; the most active first, at most COMMEND_LIMIT.
COMMEND_FLOOR_MULTIPLE = 2
COMMEND_LIMIT = 20
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
