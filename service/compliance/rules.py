"""The floors the source document sets, and how a count is held against them.

六.1: every officer reports at least two grid activities a month; a unit admin
may excuse a month (leave, secondment) with a reason. 三: in each unit at least
80 % of the in-service party members and 50 % of the other staff take part.
Ratios are exact fractions: 80.0 % meets the floor, 79.95 % does not, and the
percentage shown is cut, never rounded up to a floor it does not reach.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time
from enum import StrEnum
from fractions import Fraction
from zoneinfo import ZoneInfo

from service.kernel.errors import FieldViolation, InvalidArgument

ACTIVITY_FLOOR = 2  # 六.1: 每月不少于 2 次
PARTY_FLOOR = Fraction(80, 100)  # 三: 党员干警 80 % 以上
OTHERS_FLOOR = Fraction(50, 100)  # 三: 其他干警 50 % 以上
REMINDER_DAY = 20
REMINDER_TIME = time(9, 0)
MAX_REASON_CHARS = 500
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month of the city's local time, e.g. 2026-12."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str, field: str) -> Month:
        found = _MONTH.fullmatch(text)
        if found is None or not 2000 <= int(found.group(1)) <= 2999:
            raise InvalidArgument([FieldViolation(field, "must be a month, YYYY-MM")])
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def of(cls, moment: datetime, zone: ZoneInfo) -> Month:
        local = moment.astimezone(zone)
        return cls(local.year, local.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def start(self, zone: ZoneInfo) -> datetime:
        """Its first instant, local midnight of the 1st (in UTC, as stored)."""
        return datetime(self.year, self.month, 1, tzinfo=zone).astimezone(UTC)

    def end(self, zone: ZoneInfo) -> datetime:
        """The first instant of the month after."""
        return self.next().start(zone)

    def reminder_time(self, zone: ZoneInfo, day: int = REMINDER_DAY) -> datetime:
        """When officers still below the floor are reminded (default the 20th, 09:00)."""
        local = datetime.combine(datetime(self.year, self.month, day).date(), REMINDER_TIME, zone)
        return local.astimezone(UTC)


def months_of_half(year: int, half: int) -> list[Month]:
    """The six months of a half-year (1: January–June, 2: July–December)."""
    return [Month(year, month) for month in range(6 * half - 5, 6 * half + 1)]


class Standing(StrEnum):
    MET = "met"
    SHORT = "short"
    EXCUSED = "excused"


def standing(count: int, *, excused: bool, floor: int = ACTIVITY_FLOOR) -> Standing:
    """An officer's month against the floor (六.1). An excused month is neither
    met nor short: it leaves the rate's denominator."""
    if excused:
        return Standing.EXCUSED
    return Standing.MET if count >= floor else Standing.SHORT


@dataclass(frozen=True)
class MonthlyCounts:
    """How many officers met, fell short of, or were excused from the floor."""

    met: int = 0
    short: int = 0
    excused: int = 0

    @classmethod
    def of(cls, standings: Iterable[Standing]) -> MonthlyCounts:
        found = list(standings)
        return cls(
            found.count(Standing.MET), found.count(Standing.SHORT), found.count(Standing.EXCUSED)
        )

    def __add__(self, other: MonthlyCounts) -> MonthlyCounts:
        return MonthlyCounts(
            self.met + other.met, self.short + other.short, self.excused + other.excused
        )

    @property
    def officers(self) -> int:
        return self.met + self.short + self.excused

    @property
    def rate(self) -> Ratio:
        """Met among those held to the floor (the excused are not)."""
        return Ratio(self.met, self.met + self.short)


@dataclass(frozen=True)
class Ratio:
    """An exact count over a count; no float ever decides a floor."""

    part: int
    whole: int

    @property
    def known(self) -> bool:
        return self.whole > 0

    def value(self) -> Fraction:
        return Fraction(self.part, self.whole) if self.whole else Fraction(0)

    def meets(self, floor: Fraction) -> bool:
        # part / whole >= p / q  ⇔  part · q >= p · whole, in integers.
        return self.whole > 0 and self.part * floor.denominator >= floor.numerator * self.whole

    def per_mille(self) -> int:
        """Tenths of a percent, cut: 79.96 % is 799, shown 79.9 %, never 80.0 %."""
        return self.part * 1000 // self.whole if self.whole else 0

    def percent_text(self) -> str:
        if not self.whole:
            return "—"
        tenths = self.per_mille()
        return f"{tenths // 10}.{tenths % 10}%"


@dataclass(frozen=True)
class Participation:
    """A unit's take-up of the participation floors (三). Staff counts are
    None when the host does not know them: such a unit is listed as unknown,
    never counted as meeting or missing a floor."""

    party_members: Ratio | None
    others: Ratio | None

    @classmethod
    def of(
        cls, *, party: int, others: int, party_staff: int | None, other_staff: int | None
    ) -> Participation:
        return cls(
            None if party_staff is None else Ratio(party, party_staff),
            None if other_staff is None else Ratio(others, other_staff),
        )

    @property
    def known(self) -> bool:
        return self.party_members is not None and self.others is not None

    @property
    def party_meets(self) -> bool | None:
        return None if self.party_members is None else _meets(self.party_members, PARTY_FLOOR)

    @property
    def others_meet(self) -> bool | None:
        return None if self.others is None else _meets(self.others, OTHERS_FLOOR)

    @property
    def meets(self) -> bool | None:
        """Both floors met; None when the staff counts are unknown."""
        if self.party_meets is None or self.others_meet is None:
            return None
        return self.party_meets and self.others_meet


def _meets(ratio: Ratio, floor: Fraction) -> bool:
    # A unit with no staff of a kind owes nothing on that floor.
    return ratio.whole == 0 or ratio.meets(floor)


def participation_total(units: Iterable[Participation]) -> Participation:
    """A district's or the city's: the sums over the units whose staff are known."""
    known = [unit for unit in units if unit.known]
    return Participation(
        Ratio(
            sum(u.party_members.part for u in known if u.party_members),
            sum(u.party_members.whole for u in known if u.party_members),
        ),
        Ratio(
            sum(u.others.part for u in known if u.others),
            sum(u.others.whole for u in known if u.others),
        ),
    )


def check_reason(reason: str, field: str) -> str:
    """An excuse says why (leave, secondment …)."""
    reason = reason.strip()
    if not reason:
        raise InvalidArgument([FieldViolation(field, "is required: say why the month is excused")])
    if len(reason) > MAX_REASON_CHARS:
        raise InvalidArgument([FieldViolation(field, f"at most {MAX_REASON_CHARS} characters")])
    return reason
