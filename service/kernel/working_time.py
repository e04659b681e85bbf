"""Working time: the days officers work and the hours they are left in peace.

Officers serve part-time beside a day job, so what may reach them, and when,
follows the Chinese statutory calendar, make-up working days (调休) included,
and quiet hours in the city's local time: the city's, or the officer's own.
Key tasks use it to hold back all but their most urgent reminders;
suggestions will count their deadlines in working days on the same calendar.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

import chinese_calendar
import structlog

log = structlog.get_logger(__name__)

_HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class QuietHours:
    """From ``start`` to ``end`` local time, wrapping past midnight when
    ``end`` comes first (22:00-07:00)."""

    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        """``HH:MM-HH:MM``; ValueError for anything else or an empty span."""
        match = _HOURS.match(text.strip())
        if match is None:
            raise ValueError(f"quiet hours {text!r}: expected HH:MM-HH:MM, e.g. 22:00-07:00")
        h1, m1, h2, m2 = (int(part) for part in match.groups())
        hours = cls(time(h1, m1), time(h2, m2))
        if hours.start == hours.end:
            raise ValueError(f"quiet hours {text!r}: start and end are the same")
        return hours

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def contains(self, moment: time) -> bool:
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


# The years the log was told the built-in calendar does not know (once each
# per process, however many calendars are built: one a sweep batch).
_UNKNOWN_YEARS_SAID: set[int] = set()

_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def built_in_covers(year: int) -> bool:
    """Whether the built-in statutory calendar knows ``year`` (the State
    Council announces a year's holidays late in the year before)."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def built_in_exceptions(year: int) -> dict[date, tuple[bool, str]]:
    """The days of ``year`` the built-in calendar treats otherwise than Monday
    to Friday: day → (working, name), e.g. 春节 or 国庆节调休上班."""
    found: dict[date, tuple[bool, str]] = {}
    for day, english in chinese_calendar.holidays.items():
        if day.year == year and day.weekday() < 5:
            found[day] = (False, _HOLIDAY_NAMES.get(english, english))
    for day, english in chinese_calendar.workdays.items():
        if day.year == year and day.weekday() >= 5:
            found[day] = (True, f"{_HOLIDAY_NAMES.get(english, english)}调休上班")
    return dict(sorted(found.items()))


class CalendarDays(Protocol):
    """The days city admins set, which win over the built-in calendar."""

    def set_by_admins(self, since: date) -> dict[date, bool]:
        """Day → working, for the days set from ``since`` on."""
        ...


class WorkingCalendar:
    """Which days are working days: the statutory calendar (``chinesecalendar``,
    from the State Council's notices), with days set by hand (by city admins)
    winning. For a year the package does not know, Monday to Friday, said once
    in the log."""

    def __init__(self, days: Mapping[date, bool] | None = None) -> None:
        self._days = dict(days or {})

    def with_days(self, days: Mapping[date, bool]) -> WorkingCalendar:
        """This calendar with ``days`` set by hand as well (they win)."""
        return WorkingCalendar({**self._days, **days}) if days else self

    def is_working_day(self, day: date) -> bool:
        if day in self._days:
            return self._days[day]
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            if day.year not in _UNKNOWN_YEARS_SAID:
                _UNKNOWN_YEARS_SAID.add(day.year)
                log.warning(
                    "working calendar does not know the year: Monday to Friday assumed "
                    "but for the days city admins set (AdminService.SetCalendarDay)",
                    year=day.year,
                )
            return day.weekday() < 5


@dataclass(frozen=True)
class OwnHours:
    """What an officer set for themself in place of the city's quiet hours
    and days off (None: no quiet hours)."""

    quiet: QuietHours | None
    working_days_only: bool


class OfficerHours(Protocol):
    """The officers' own hours, for whoever must not disturb them."""

    def of(self, user_ids: Sequence[str]) -> dict[str, OwnHours]:
        """Of ``user_ids``, those who set their own hours."""
        ...


@dataclass(frozen=True)
class Availability:
    """When the city's officers may be disturbed: on working days (when
    ``working_days_only``), outside quiet hours, in ``zone``."""

    zone: ZoneInfo
    quiet: QuietHours | None
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)
    working_days_only: bool = True

    @classmethod
    def at_any_time(cls) -> Availability:
        return cls(ZoneInfo("UTC"), None, working_days_only=False)

    def with_days(self, days: Mapping[date, bool]) -> Availability:
        """On this calendar with ``days`` set by city admins as well."""
        return replace(self, calendar=self.calendar.with_days(days)) if days else self

    def own(self) -> OwnHours:
        """The city's hours, as an officer who set none has them."""
        return OwnHours(self.quiet, self.working_days_only)

    def of_officer(self, own: OwnHours | None) -> Availability:
        """When one officer may be disturbed: their own hours if they set
        them, on the city's calendar and in its zone."""
        if own is None:
            return self
        return replace(self, quiet=own.quiet, working_days_only=own.working_days_only)

    def allows(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        if self.working_days_only and not self.calendar.is_working_day(local.date()):
            return False
        return self.quiet is None or not self.quiet.contains(local.time())

    def next_allowed(self, moment: datetime) -> datetime:
        """``moment`` itself when allowed, else the first allowed moment after
        it: the end of the quiet hours, on the next working day."""
        if self.quiet is None and not self.working_days_only:
            return moment  # any time will do; a sweep asks thousands of times
        local = moment.astimezone(self.zone)
        # A year of holidays is far fewer than 400 days; more means a calendar
        # that allows nothing, which must not loop for ever.
        for _ in range(400):
            if self.allows(local):
                return local.astimezone(UTC)
            day = local.date()
            if self.working_days_only and not self.calendar.is_working_day(day):
                # From the start of the next day, where quiet hours may still
                # hold it (22:00-07:00) or may not (a night worker's 08:00-15:30).
                local = datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.zone)
                continue
            # A working day, so quiet hours hold it: to their end.
            wakes = self.quiet.end if self.quiet is not None else time(0)
            if local.time() >= wakes:
                day += timedelta(days=1)
            local = datetime.combine(day, wakes, tzinfo=self.zone)
        raise ValueError("the working calendar allows no moment within 400 days")


@dataclass(frozen=True)
class OfficeHours:
    """The hours of a working day that working-hour limits count (a
    department's urgent 2 working hours), local time."""

    start: time = time(9, 0)
    end: time = time(17, 30)

    def __post_init__(self) -> None:
        if self.start >= self.end:
            raise ValueError(
                f"office hours {self.start}-{self.end}: the day must end after it starts"
            )


# More than any year has holidays: a calendar that allows fewer working days
# must not loop for ever.
_MAX_SEARCH_DAYS = 400


def working_days_after(
    start: datetime, days: int, zone: ZoneInfo, calendar: WorkingCalendar
) -> datetime:
    """The end of the ``days``-th working day after ``start``'s local day, as
    work orders count (from the next working day): dispatched on a Friday
    afternoon, 1 working day runs to the end of Monday, or of the make-up
    Sunday (调休) before it."""
    if days < 1:
        raise ValueError("at least one working day")
    day = start.astimezone(zone).date()
    counted = searched = 0
    while counted < days:
        day += timedelta(days=1)
        searched += 1
        if searched > _MAX_SEARCH_DAYS * days:
            raise ValueError("the working calendar has too few working days")
        if calendar.is_working_day(day):
            counted += 1
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)


def working_hours_after(
    start: datetime,
    hours: int,
    zone: ZoneInfo,
    calendar: WorkingCalendar,
    office: OfficeHours = OfficeHours(),
) -> datetime:
    """``hours`` of office time on working days, counted from ``start`` (or
    from the next opening when it comes outside them): dispatched at 16:30
    with 2 working hours, due at 10:00 the next working day."""
    if hours < 1:
        raise ValueError("at least one working hour")
    left = timedelta(hours=hours)
    local = start.astimezone(zone)
    day = local.date()
    for _ in range(_MAX_SEARCH_DAYS + hours):
        if calendar.is_working_day(day):
            opens = datetime.combine(day, office.start, tzinfo=zone)
            closes = datetime.combine(day, office.end, tzinfo=zone)
            begin = max(opens, local)
            if begin < closes:
                if begin + left <= closes:
                    return (begin + left).astimezone(UTC)
                left -= closes - begin
        day += timedelta(days=1)
        local = datetime.combine(day, time(0), tzinfo=zone)
    raise ValueError("the working calendar has too few working days")
