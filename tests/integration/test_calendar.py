"""The working calendar through AdminService on both databases: the built-in
statutory days, city admins setting the days of a year the package does not
know (2027 here), refusals with nothing changed, and pages. (Their effect on
reminders: test_tasks.py.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from officer.v1 import admin_service_pb2, admin_service_pb2_grpc
from sqlalchemy.engine import Engine

from tests.rpc_errors import field_violations, refused

OpenAs = Callable[[str], grpc.aio.Channel]
Day = admin_service_pb2.CalendarDay
CITY_ADMIN = "admin-city"
BUILT_IN = admin_service_pb2.CALENDAR_DAY_SOURCE_BUILT_IN
ADMIN = admin_service_pb2.CALENDAR_DAY_SOURCE_ADMIN


@pytest.fixture
def officer(small_city_engine: Engine) -> str:
    with small_city_engine.connect() as connection:
        return str(
            connection.execute(
                sa.text("SELECT min(user_id) FROM role_binding WHERE role = 'officer'")
            ).scalar_one()
        )


def _admin(channel: grpc.aio.Channel) -> Any:
    return admin_service_pb2_grpc.AdminServiceStub(channel)  # type: ignore[no-untyped-call]


async def _days(
    channel_as: OpenAs, by: str, year: int, page_size: int = 0
) -> tuple[list[Day], bool]:
    days: list[Day] = []
    token = ""
    while True:
        page = await _admin(channel_as(by)).ListCalendarDays(
            admin_service_pb2.ListCalendarDaysRequest(
                year=year, page_size=page_size, page_token=token
            )
        )
        days += page.calendar_days
        token = page.next_page_token
        if not token:
            return days, page.built_in_covers_year


async def _set(channel_as: OpenAs, by: str, name: str, working: bool, label: str = "") -> Day:
    response = await _admin(channel_as(by)).SetCalendarDay(
        admin_service_pb2.SetCalendarDayRequest(
            calendar_day=Day(name=name, working=working, display_name=label)
        )
    )
    day: Day = response.calendar_day
    return day


async def test_the_built_in_year_lists_its_holidays_and_make_up_days(
    officer: str, channel_as: OpenAs
) -> None:
    days, covered = await _days(channel_as, officer, 2026, page_size=7)
    assert covered
    by_name = {day.name: day for day in days}
    # National Day fell on a Thursday; the Saturday after it was worked (调休).
    assert (
        by_name["calendarDays/2026-10-01"].working,
        by_name["calendarDays/2026-10-01"].display_name,
    ) == (False, "国庆节")
    assert by_name["calendarDays/2026-10-10"].working
    assert by_name["calendarDays/2026-10-10"].display_name == "国庆节调休上班"
    assert {day.source for day in days} == {BUILT_IN}
    # In date order, no day twice, across pages of seven.
    names = [day.name for day in days]
    assert names == sorted(set(names))


async def test_city_admins_set_a_year_the_package_does_not_know_and_take_it_back(
    officer: str, channel_as: OpenAs
) -> None:
    days, covered = await _days(channel_as, officer, 2027)
    assert (days, covered) == ([], False)
    spring = await _set(channel_as, CITY_ADMIN, "calendarDays/2027-02-08", False, "春节")
    await _set(channel_as, CITY_ADMIN, "calendarDays/2027-02-20", True, "春节调休上班")
    assert (spring.source, spring.update_user) == (ADMIN, f"users/{CITY_ADMIN}")
    assert spring.HasField("update_time")
    days, covered = await _days(channel_as, officer, 2027)
    assert [(d.name, d.working, d.display_name) for d in days] == [
        ("calendarDays/2027-02-08", False, "春节"),
        ("calendarDays/2027-02-20", True, "春节调休上班"),
    ]
    assert not covered
    # Setting again replaces; deleting gives the built-in day back.
    again = await _set(channel_as, CITY_ADMIN, "calendarDays/2027-02-08", True)
    assert again.working
    admin = _admin(channel_as(CITY_ADMIN))
    gone = await admin.DeleteCalendarDay(
        admin_service_pb2.DeleteCalendarDayRequest(name="calendarDays/2027-02-08")
    )
    assert (gone.calendar_day.working, gone.calendar_day.source) == (True, BUILT_IN)
    days, _ = await _days(channel_as, officer, 2027)
    assert [day.name for day in days] == ["calendarDays/2027-02-20"]
    refusal = await refused(
        admin.DeleteCalendarDay(
            admin_service_pb2.DeleteCalendarDayRequest(name="calendarDays/2027-02-08")
        )
    )
    assert refusal.code() is grpc.StatusCode.NOT_FOUND
    # An admin's day wins over the built-in one too.
    await _set(channel_as, CITY_ADMIN, "calendarDays/2026-10-01", True, "应急值守")
    days, _ = await _days(channel_as, officer, 2026)
    first = next(day for day in days if day.name == "calendarDays/2026-10-01")
    assert (first.working, first.source) == (True, ADMIN)


@pytest.mark.parametrize(
    ("name", "label", "field"),
    [
        ("calendarDays/2027-13-01", "", "calendar_day.name"),
        ("calendarDays/1999-12-31", "", "calendar_day.name"),
        ("days/2027-02-08", "", "calendar_day.name"),
        ("calendarDays/2027-02-08", "节" * 51, "calendar_day.display_name"),
        ("calendarDays/2027-02-08", "春\x00节", "calendar_day.display_name"),
    ],
)
async def test_a_bad_day_names_its_field_and_changes_nothing(
    officer: str, channel_as: OpenAs, migrated_engine: Engine, name: str, label: str, field: str
) -> None:
    refusal = await refused(_set(channel_as, CITY_ADMIN, name, False, label))
    assert refusal.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(refusal) == [field]
    with migrated_engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM calendar_day")).scalar() == 0


async def test_a_day_sent_without_saying_whether_it_is_worked_isrefused(
    officer: str, channel_as: OpenAs
) -> None:
    refusal = await refused(
        _admin(channel_as(CITY_ADMIN)).SetCalendarDay(
            admin_service_pb2.SetCalendarDayRequest(
                calendar_day=Day(name="calendarDays/2027-02-08", display_name="春节")
            )
        )
    )
    assert refusal.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(refusal) == ["calendar_day.working"]


async def test_only_city_admins_set_days_and_only_known_users_read_them(
    officer: str, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    district_admin = "admin-320102"
    for by in (officer, district_admin, "nobody-the-registry-knows"):
        refusal = await refused(_set(channel_as, by, "calendarDays/2027-02-08", False))
        assert refusal.code() is grpc.StatusCode.PERMISSION_DENIED, by
    with migrated_engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM calendar_day")).scalar() == 0
    refusal = await refused(_days(channel_as, "nobody-the-registry-knows", 2026))
    assert refusal.code() is grpc.StatusCode.PERMISSION_DENIED
    refusal = await refused(_days(channel_as, officer, 1800))
    assert refusal.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(refusal) == ["year"]
