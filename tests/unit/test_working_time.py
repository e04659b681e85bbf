"""Working time: quiet hours that wrap past midnight, the statutory calendar
with its make-up working days, and the next moment an officer may be disturbed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from service.kernel.working_time import (
    Availability,
    OwnHours,
    QuietHours,
    WorkingCalendar,
    built_in_covers,
    built_in_exceptions,
    working_days_after,
    working_hours_after,
)
from service.tasks.rules import Priority, Timing

SHANGHAI = ZoneInfo("Asia/Shanghai")
NIGHTS = Availability(zone=SHANGHAI, quiet=QuietHours.parse("22:00-07:00"))


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def test_quiet_hours_parse_and_wrap_past_midnight() -> None:
    quiet = QuietHours.parse("22:00-07:00")
    assert (quiet.start, quiet.end) == (time(22), time(7))
    assert [quiet.contains(time(*t)) for t in ((23, 30), (0,), (6, 59), (7,), (21, 59))] == [
        True,
        True,
        True,
        False,
        False,
    ]
    lunch = QuietHours.parse("12:00-13:30")
    assert lunch.contains(time(12, 45))
    assert not lunch.contains(time(13, 30))


@pytest.mark.parametrize("text", ["", "22-07", "24:00-07:00", "22:00-22:00", "22:00 07:00"])
def test_bad_quiet_hours_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="quiet hours"):
        QuietHours.parse(text)


def test_the_statutory_calendar_knows_make_up_days_and_holidays() -> None:
    calendar = WorkingCalendar()
    assert calendar.is_working_day(date(2026, 10, 10))  # a Saturday, made up for National Day
    assert not calendar.is_working_day(date(2026, 10, 1))  # National Day, a Thursday
    assert not calendar.is_working_day(date(2026, 12, 5))  # an ordinary Saturday


def test_a_year_the_package_does_not_know_falls_back_to_monday_to_friday() -> None:
    calendar = WorkingCalendar()
    assert calendar.is_working_day(date(2099, 1, 5))  # a Monday
    assert not calendar.is_working_day(date(2099, 1, 3))  # a Saturday


def test_days_set_by_hand_win_over_the_package() -> None:
    calendar = WorkingCalendar({date(2026, 12, 7): False, date(2026, 12, 5): True})
    assert not calendar.is_working_day(date(2026, 12, 7))
    assert calendar.is_working_day(date(2026, 12, 5))


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (local(2026, 12, 2, 10, 0), local(2026, 12, 2, 10, 0)),  # a Wednesday morning
        (local(2026, 12, 2, 23, 0), local(2026, 12, 3, 7, 0)),  # at night: 07:00 next day
        (local(2026, 12, 3, 3, 0), local(2026, 12, 3, 7, 0)),  # after midnight: that morning
        (local(2026, 12, 4, 23, 0), local(2026, 12, 7, 7, 0)),  # Friday night: Monday
        (local(2026, 10, 3, 10, 0), local(2026, 10, 8, 7, 0)),  # Golden Week: after it
        (local(2026, 10, 9, 23, 0), local(2026, 10, 10, 7, 0)),  # the make-up Saturday
    ],
)
def test_the_next_allowed_moment(moment: datetime, allowed: datetime) -> None:
    found = NIGHTS.next_allowed(moment.astimezone(UTC))
    assert found == allowed
    assert found.tzinfo is UTC


def test_without_quiet_hours_only_days_off_hold_back() -> None:
    days_only = Availability(zone=SHANGHAI, quiet=None)
    assert days_only.next_allowed(local(2026, 12, 2, 23, 0)) == local(2026, 12, 2, 23, 0)
    assert days_only.next_allowed(local(2026, 12, 5, 10, 0)) == local(2026, 12, 7, 0, 0)
    any_day = Availability(zone=SHANGHAI, quiet=None, working_days_only=False)
    assert any_day.allows(local(2026, 10, 1, 3, 0))


def test_a_calendar_with_no_working_day_is_an_error_not_a_hang() -> None:
    never = Availability(
        zone=SHANGHAI,
        quiet=None,
        calendar=WorkingCalendar({date(2026, 1, 1) + timedelta(days=n): False for n in range(800)}),
    )
    with pytest.raises(ValueError, match="no moment"):
        never.next_allowed(local(2026, 1, 1, 10, 0))


def test_p1_ignores_quiet_hours_and_the_others_wait() -> None:
    timing = Timing(**{**vars(Timing.defaults()), "availability": NIGHTS})
    night = local(2026, 12, 2, 23, 0).astimezone(UTC)
    assert timing.held_until(Priority.P1, night) is None
    for priority in (Priority.P2, Priority.P3, Priority.P4):
        assert timing.held_until(priority, night) == local(2026, 12, 3, 7, 0)
    assert timing.held_until(Priority.P2, local(2026, 12, 3, 9, 0)) is None
    assert Timing.defaults().held_until(Priority.P4, night) is None


def test_an_officers_own_hours_replace_the_citys_on_its_calendar() -> None:
    timing = Timing(**{**vars(Timing.defaults()), "availability": NIGHTS})
    night = local(2026, 12, 2, 23, 0).astimezone(UTC)
    # Reachable at any hour, or asleep till nine: either way the city's 07:00 is not theirs.
    assert timing.held_until(Priority.P2, night, OwnHours(None, True)) is None
    late_riser = OwnHours(QuietHours.parse("20:00-09:00"), True)
    assert timing.held_until(Priority.P2, night, late_riser) == local(2026, 12, 3, 9, 0)
    assert timing.held_until(Priority.P1, night, late_riser) is None
    # Sunday 4 October 2026 is a National Day holiday: a working-days-only
    # officer waits for Thursday 8th, one who serves on any day does not.
    holiday = local(2026, 10, 4, 10, 0).astimezone(UTC)
    assert timing.held_until(Priority.P3, holiday, OwnHours(None, True)) == local(2026, 10, 8, 0, 0)
    assert timing.held_until(Priority.P3, holiday, OwnHours(None, False)) is None


def test_quiet_hours_print_as_they_are_parsed() -> None:
    assert str(QuietHours.parse("22:00-07:00")) == "22:00-07:00"
    assert str(QuietHours.parse(" 08:05-15:30 ")) == "08:05-15:30"


def test_the_built_in_calendar_lists_what_differs_from_monday_to_friday() -> None:
    days = built_in_exceptions(2026)
    assert days[date(2026, 10, 1)] == (False, "国庆节")
    assert days[date(2026, 10, 10)] == (True, "国庆节调休上班")
    # A weekend inside a holiday is off anyway: not listed.
    assert date(2026, 10, 3) not in days
    assert all(day.year == 2026 for day in days)
    assert built_in_covers(2026)
    assert not built_in_covers(2027)
    assert built_in_exceptions(2027) == {}


def test_days_city_admins_set_win_and_reach_the_timing() -> None:
    timing = Timing(**{**vars(Timing.defaults()), "availability": NIGHTS})
    monday = local(2027, 2, 8, 10, 0).astimezone(UTC)
    assert timing.held_until(Priority.P2, monday) is None
    spring = timing.on_calendar({date(2027, 2, 8): False})
    assert spring.held_until(Priority.P2, monday) == local(2027, 2, 9, 7, 0)
    assert spring.held_until(Priority.P1, monday) is None
    # The calendar it came from is left as it was.
    assert timing.held_until(Priority.P2, monday) is None
    assert timing.on_calendar({}) is timing
    saturday = WorkingCalendar().with_days({date(2027, 2, 20): True})
    assert saturday.is_working_day(date(2027, 2, 20))
    assert not saturday.is_working_day(date(2027, 2, 21))


def test_a_day_off_ends_at_midnight_for_daytime_quiet_hours() -> None:
    # A night-shift officer sleeps 08:00-15:30 and keeps days off: from
    # Saturday morning, Monday's first minute is theirs, not Monday 15:30.
    sleeper = Availability(zone=SHANGHAI, quiet=QuietHours.parse("08:00-15:30"))
    assert sleeper.next_allowed(local(2026, 12, 5, 10, 0)) == local(2026, 12, 7, 0, 0)
    assert sleeper.next_allowed(local(2026, 12, 7, 10, 0)) == local(2026, 12, 7, 15, 30)
    # The city's nights still end at 07:00 after a day off.
    assert NIGHTS.next_allowed(local(2026, 12, 5, 10, 0)) == local(2026, 12, 7, 7, 0)
    assert NIGHTS.next_allowed(local(2026, 12, 4, 23, 0)) == local(2026, 12, 7, 7, 0)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # A plain week: from Friday afternoon, the next working day is Monday.
        (local(2026, 11, 20, 15, 0), 1, local(2026, 11, 24, 0, 0)),
        (local(2026, 11, 20, 15, 0), 5, local(2026, 11, 28, 0, 0)),
        # The make-up Saturday after National Day (2026-10-10) is a working day.
        (local(2026, 10, 9, 15, 0), 1, local(2026, 10, 11, 0, 0)),
        # National Day itself (1-7 October) is not: from 30 September, 8 October.
        (local(2026, 9, 30, 10, 0), 1, local(2026, 10, 9, 0, 0)),
        # Dispatched on a holiday: counted from the next working day all the same.
        (local(2026, 10, 3, 9, 0), 2, local(2026, 10, 10, 0, 0)),
    ],
)
def test_working_days_count_from_the_next_working_day(
    start: datetime, days: int, due: datetime
) -> None:
    assert working_days_after(start, days, SHANGHAI, WorkingCalendar()) == due
    assert working_days_after(start, days, SHANGHAI, WorkingCalendar()).tzinfo is UTC


@pytest.mark.parametrize(
    ("start", "due"),
    [
        # An hour today (16:30-17:30), an hour on Monday (09:00-10:00).
        (local(2026, 11, 20, 16, 30), local(2026, 11, 23, 10, 0)),
        (local(2026, 11, 24, 7, 0), local(2026, 11, 24, 11, 0)),
        (local(2026, 11, 24, 12, 15), local(2026, 11, 24, 14, 15)),
        (local(2026, 11, 21, 12, 0), local(2026, 11, 23, 11, 0)),
        (local(2026, 10, 10, 8, 0), local(2026, 10, 10, 11, 0)),
        (local(2026, 11, 24, 17, 30), local(2026, 11, 25, 11, 0)),
    ],
)
def test_working_hours_count_office_time_on_working_days(start: datetime, due: datetime) -> None:
    assert working_hours_after(start, 2, SHANGHAI, WorkingCalendar()) == due


def test_a_day_set_by_hand_moves_a_working_day_deadline() -> None:
    start = local(2026, 11, 20, 15, 0)
    closed_monday = WorkingCalendar({date(2026, 11, 23): False})
    assert working_days_after(start, 1, SHANGHAI, closed_monday) == local(2026, 11, 25, 0, 0)


def test_deadlines_on_a_calendar_without_working_days_are_errors_not_hangs() -> None:
    never = WorkingCalendar({date(2026, 1, 1) + timedelta(days=n): False for n in range(2000)})
    with pytest.raises(ValueError, match="too few working days"):
        working_days_after(local(2026, 1, 1, 9, 0), 1, SHANGHAI, never)
    with pytest.raises(ValueError, match="too few working days"):
        working_hours_after(local(2026, 1, 1, 9, 0), 2, SHANGHAI, never)
