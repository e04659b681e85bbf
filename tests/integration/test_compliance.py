"""Compliance through the real server on SQLite and PostgreSQL, with an
injected clock: participation held exactly to the floors of 三 on the small
city's edge-case units; the monthly floor of 六.1 with excused months, co-officers
and deletions; the reminder on the 20th made once across two replicas, and
after an outage none for a month already over; coverage and overdue
check-ins beneath a node."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from officer.v1 import (
    activity_service_pb2,
    compliance_service_pb2,
    compliance_service_pb2_grpc,
)
from sqlalchemy.engine import Engine

from service.compliance.figures import Settings
from service.compliance.rules import Month
from service.compliance.use_cases import plan_reminder
from service.platform.settings import Settings as ServerSettings
from service.platform.transactions import SqlTransactions
from tests.integration.activity_city import (
    SHANGHAI,
    City,
    OpenAs,
    activity_stub,
    new_activity,
    report_activity,
    small_city,
)
from tests.integration.sweeps import sweep, two_replicas
from tests.movable_clock import MovableClock
from tests.registry_events import apply_directly, unit_admin
from tests.rpc_errors import field_violations

pb = compliance_service_pb2
UNIT_ADMIN = "unit-admin-compliance"
NOVEMBER = "2026-11"


@pytest.fixture
def settings(database_url: str) -> ServerSettings:
    """As in production: the monthly reminder on the 20th."""
    return ServerSettings(listen="127.0.0.1:0", database_url=database_url)


@pytest.fixture
def city(small_city_engine: Engine) -> City:
    return small_city(small_city_engine)


def _stub(channel_as: OpenAs, user: str) -> Any:
    return compliance_service_pb2_grpc.ComplianceServiceStub(channel_as(user))  # type: ignore[no-untyped-call]


def _at(clock: MovableClock, moment: datetime) -> None:
    clock.offset = moment - datetime.now(UTC)


def _unit_of(engine: Engine, officer: str) -> str:
    with engine.connect() as connection:
        return str(
            connection.execute(
                sa.text("SELECT unit FROM host_user WHERE user_id = :u"), {"u": officer}
            ).scalar_one()
        )


def _admin_of_unit(engine: Engine, unit: str, user: str = UNIT_ADMIN) -> None:
    apply_directly(engine, [unit_admin(user, unit)], batch_size=1)


async def _code(call: Any) -> grpc.StatusCode:
    with pytest.raises(grpc.aio.AioRpcError) as failed:
        await call
    code: grpc.StatusCode = failed.value.code()
    return code


async def test_participation_is_held_exactly_to_the_floors(
    city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    found = await _stub(channel_as, "admin-city").GetParticipation(
        pb.GetParticipationRequest(parent="scopeNodes/320100")
    )
    units = {u.name: u for u in found.units}
    assert len(units) == 18
    court = units["units/320102-judge"]  # 16 of 20 party members: exactly 80.0 %
    assert (court.party_members.part, court.party_members.whole) == (16, 20)
    assert (court.party_members.text, court.meets_floors) == ("80.0%", True)
    police = units["units/320102-police"]  # 65 of 82: 79.27 %, shown cut
    assert (police.party_members.per_mille, police.party_members.text) == (792, "79.2%")
    assert police.meets_floors is False
    society = units["units/320102-law_society"]  # 2 of 4 others: exactly 50 %
    assert (society.others.text, society.meets_floors) == ("50.0%", True)
    lawyers = units["units/320116-lawyer"]  # 25 of 51 others: 49.0 %
    assert (lawyers.others.text, lawyers.meets_floors) == ("49.0%", False)
    unknown = units["units/320102-lawyer"]
    assert (unknown.staff_known, unknown.meets_floors, unknown.party_members.text) == (
        False,
        False,
        "—",
    )
    districts = {d.name: d for d in found.districts}
    assert sorted(districts) == ["scopeNodes/320102", "scopeNodes/320111", "scopeNodes/320116"]
    core = districts["scopeNodes/320102"]
    # judge, law society, other staff (no other staff owes nothing), prosecutor; not police.
    assert (core.unit_count, core.units_unknown, core.units_meeting) == (5, 1, 4)
    # Totals leave out the unit whose staff nobody knows; they are sums of the units.
    known = [u for u in found.units if u.staff_known]
    assert found.total.party_members.part == sum(u.party_members.part for u in known)
    assert found.total.others.whole == sum(u.others.whole for u in known)
    assert found.total.units_meeting == sum(d.units_meeting for d in found.districts)

    # A district admin reads their district; a unit admin their unit only.
    district = await _stub(channel_as, "admin-320102").GetParticipation(
        pb.GetParticipationRequest(parent="scopeNodes/320102")
    )
    assert len(district.units) == 6
    _admin_of_unit(migrated_engine, "320102-judge")
    mine = await _stub(channel_as, UNIT_ADMIN).GetParticipation(
        pb.GetParticipationRequest(parent="units/320102-judge")
    )
    assert [u.name for u in mine.units] == ["units/320102-judge"]
    for user, parent in (
        (UNIT_ADMIN, "units/320102-police"),
        (UNIT_ADMIN, "units/no-such-unit"),
        ("admin-320102", "scopeNodes/320111"),
        ("admin-320102", "units/320111-judge"),
        (city.head, f"scopeNodes/{city.community[:6]}"),
    ):
        call = _stub(channel_as, user).GetParticipation(pb.GetParticipationRequest(parent=parent))
        assert await _code(call) is grpc.StatusCode.PERMISSION_DENIED, (user, parent)
    for parent in ("scopeNodes/320102001", "grids/320102001001001", ""):
        with pytest.raises(grpc.aio.AioRpcError) as bad:
            await _stub(channel_as, "admin-city").GetParticipation(
                pb.GetParticipationRequest(parent=parent)
            )
        assert field_violations(bad.value) == ["parent"]


async def test_an_accepted_enrollment_counts_until_the_host_makes_an_officer(
    city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    with migrated_engine.begin() as connection:
        # A person who is not (yet) an officer, whose enrollment the unit accepted.
        user = connection.execute(
            sa.text(
                "SELECT min(user_id) FROM host_user WHERE officer_category IS NULL "
                "AND user_id NOT LIKE 'admin-%'"
            )
        ).scalar_one()
        connection.execute(
            sa.text(
                "INSERT INTO enrollment (enrollment_id, applicant, category, unit, party_member, "
                "residence, preferred_grids, availability_note, state, source, create_time, "
                "decision_reason) VALUES ('01JENR0000000000000000000A', :u, 'police', "
                "'320102-police', :party, :grid, '', '', 'accepted', 'self', :now, '')"
            ),
            {"u": user, "grid": city.grid, "now": datetime.now(UTC), "party": True},
        )
    found = await _stub(channel_as, "admin-city").GetParticipation(
        pb.GetParticipationRequest(parent="units/320102-police")
    )
    [police] = found.units
    assert (police.party_members.part, police.party_members.whole) == (66, 82)


async def _report(
    channel_as: OpenAs, by: str, grid: str, start: datetime, co: tuple[str, ...] = ()
) -> activity_service_pb2.Activity:
    return await report_activity(channel_as, by, new_activity(grid, start, co_officers=co))


async def test_the_monthly_floor_counts_co_officers_excuses_and_deletions(
    city: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine
) -> None:
    _at(clock, datetime(2026, 11, 25, 4, tzinfo=UTC))
    first = await _report(
        channel_as,
        city.officer,
        city.grid,
        datetime(2026, 11, 10, 2, tzinfo=UTC),
        (city.neighbour,),
    )
    await _report(channel_as, city.officer, city.grid, datetime(2026, 11, 20, 2, tzinfo=UTC))
    # October's does not count in November (16:30 UTC on 31 Oct is 1 Nov in Nanjing).
    await _report(channel_as, city.officer, city.grid, datetime(2026, 10, 31, 15, tzinfo=UTC))
    await _report(
        channel_as, city.neighbour, city.neighbour_grid, datetime(2026, 10, 31, 16, 30, tzinfo=UTC)
    )

    head = _stub(channel_as, city.head)
    parent = f"scopeNodes/{city.community}"
    before = await head.GetActivityCompliance(
        pb.GetActivityComplianceRequest(parent=parent, month=NOVEMBER)
    )
    # The officer met the floor; the neighbour has two: their own and one beside the officer.
    assert (before.floor, before.met_count, before.excused_count) == (2, 2, 0)
    assert before.short_count == before.officer_count - 2
    assert before.activity_count == 3
    assert (before.compliance.part, before.compliance.whole) == (2, before.officer_count)

    short = await _shortfalls(head, parent)
    assert f"officers/{city.officer}" not in short
    assert f"officers/{city.neighbour}" not in short
    assert len(short) == before.short_count

    # The unit admin excuses a short officer's month: out of the rate, out of the list.
    [excused_officer] = short[:1]
    unit = _unit_of(migrated_engine, excused_officer.removeprefix("officers/"))
    _admin_of_unit(migrated_engine, unit)
    admin = _stub(channel_as, UNIT_ADMIN)
    request = pb.CreateExcusedMonthRequest(
        parent=excused_officer,
        excused_month_id=NOVEMBER,
        excused_month=pb.ExcusedMonth(reason="借调市委政法委"),
        request_id="excuse-once",
    )
    made = await asyncio.gather(
        admin.CreateExcusedMonth(request), admin.CreateExcusedMonth(request)
    )
    assert made[0] == made[1]
    assert made[0].excused_month.name == f"{excused_officer}/excusedMonths/{NOVEMBER}"
    assert made[0].excused_month.excused_by == f"users/{UNIT_ADMIN}"
    after = await head.GetActivityCompliance(
        pb.GetActivityComplianceRequest(parent=parent, month=NOVEMBER)
    )
    assert (after.excused_count, after.short_count) == (1, before.short_count - 1)
    assert after.compliance.whole == before.compliance.whole - 1
    assert excused_officer not in await _shortfalls(head, parent)

    # The unit's own view holds the same officer the same way.
    of_unit = await admin.GetActivityCompliance(
        pb.GetActivityComplianceRequest(parent=f"units/{unit}", month=NOVEMBER)
    )
    assert of_unit.excused_count == 1

    # A deleted activity leaves the count: the officer is short again.
    await activity_stub(channel_as(city.officer)).DeleteActivity(
        activity_service_pb2.DeleteActivityRequest(name=first.name, reason="重复上报")
    )
    deleted = await head.GetActivityCompliance(
        pb.GetActivityComplianceRequest(parent=parent, month=NOVEMBER)
    )
    assert (deleted.met_count, deleted.activity_count) == (0, 2)

    # The excuse's own rules.
    again = admin.CreateExcusedMonth(
        pb.CreateExcusedMonthRequest(
            parent=excused_officer,
            excused_month_id=NOVEMBER,
            excused_month=pb.ExcusedMonth(reason="病假"),
        )
    )
    assert await _code(again) is grpc.StatusCode.ALREADY_EXISTS
    for month, reason, field in (
        ("2026-13", "病假", "excused_month_id"),
        (NOVEMBER, " ", "excused_month.reason"),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as bad:
            await admin.CreateExcusedMonth(
                pb.CreateExcusedMonthRequest(
                    parent=excused_officer,
                    excused_month_id=month,
                    excused_month=pb.ExcusedMonth(reason=reason),
                )
            )
        assert field_violations(bad.value) == [field]
    for user in (city.head, city.officer):
        denied = _stub(channel_as, user).CreateExcusedMonth(
            pb.CreateExcusedMonthRequest(
                parent=excused_officer,
                excused_month_id="2026-12",
                excused_month=pb.ExcusedMonth(reason="病假"),
            )
        )
        assert await _code(denied) is grpc.StatusCode.PERMISSION_DENIED
    listed = await admin.ListExcusedMonths(pb.ListExcusedMonthsRequest(parent=excused_officer))
    assert [e.name for e in listed.excused_months] == [made[0].excused_month.name]
    name = made[0].excused_month.name
    removed = await admin.DeleteExcusedMonth(pb.DeleteExcusedMonthRequest(name=name))
    assert removed.excused_month.reason == "借调市委政法委"
    gone = admin.DeleteExcusedMonth(pb.DeleteExcusedMonthRequest(name=name))
    assert await _code(gone) is grpc.StatusCode.NOT_FOUND

    # Reads stay within reach.
    for user, parent_name in (
        (city.head, f"scopeNodes/{city.stranger_grid[:12]}"),
        (city.officer, parent),
        (UNIT_ADMIN, parent),
        (city.head, "units/320116-police"),
    ):
        call = _stub(channel_as, user).GetActivityCompliance(
            pb.GetActivityComplianceRequest(parent=parent_name, month=NOVEMBER)
        )
        assert await _code(call) is grpc.StatusCode.PERMISSION_DENIED, (user, parent_name)
    with pytest.raises(grpc.aio.AioRpcError) as bad_month:
        await head.GetActivityCompliance(pb.GetActivityComplianceRequest(parent=parent, month="11"))
    assert field_violations(bad_month.value) == ["month"]


async def _shortfalls(stub: Any, parent: str, month: str = NOVEMBER) -> list[str]:
    found: list[str] = []
    token = ""
    while True:
        page = await stub.ListActivityShortfalls(
            pb.ListActivityShortfallsRequest(
                parent=parent, month=month, page_size=3, page_token=token
            )
        )
        found.extend(s.officer for s in page.shortfalls)
        assert all(s.floor == 2 and s.activity_count < 2 for s in page.shortfalls)
        token = page.next_page_token
        if not token:
            assert found == sorted(found)
            return found


def _reminded(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        return [
            (str(user), str(subject))
            for user, subject in connection.execute(
                sa.text(
                    "SELECT user_id, subject FROM inbox_item WHERE kind = 'activity_reminder' "
                    "ORDER BY user_id, seq"
                )
            )
        ]


def _serving(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return sorted(
            str(user)
            for user in connection.execute(
                sa.text("SELECT DISTINCT officer_id FROM grid_assignment")
            ).scalars()
        )


def _pending(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(
            connection.execute(
                sa.text(
                    "SELECT step FROM due_step WHERE kind = 'compliance.monthly' "
                    "AND done_time IS NULL ORDER BY due_time"
                )
            ).scalars()
        )


def _next_reminder_month(now: datetime) -> Month:
    month = Month.of(now, SHANGHAI)
    return month if now < month.reminder_time(SHANGHAI) else month.next()


async def test_the_reminder_on_the_20th_comes_once_and_plans_the_next_month(
    city: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine
) -> None:
    # The server planted the next reminder at start: this month's, or next month's.
    assert _pending(migrated_engine) == [f"reminder:{_next_reminder_month(datetime.now(UTC))}"]
    _at(clock, datetime(2026, 11, 19, 4, tzinfo=UTC))
    await _report(channel_as, city.officer, city.grid, datetime(2026, 11, 10, 2, tzinfo=UTC))
    await _report(channel_as, city.officer, city.grid, datetime(2026, 11, 12, 2, tzinfo=UTC))
    transactions = SqlTransactions(migrated_engine)
    settings = Settings(zone=SHANGHAI)
    for _ in range(2):  # every replica plans at start: one step
        transactions.run_now(
            lambda uow: plan_reminder(uow, datetime(2026, 11, 10, tzinfo=UTC), settings)
        )

    assert sweep(migrated_engine, datetime(2026, 11, 20, 0, 59, tzinfo=UTC)) == []
    made = two_replicas(migrated_engine, datetime(2026, 11, 20, 1, 1, tzinfo=UTC))
    assert [m.step.step for m in made] == ["reminder:2026-11"]
    reminded = _reminded(migrated_engine)
    assert sorted(user for user, _ in reminded) == [
        user for user in _serving(migrated_engine) if user != city.officer
    ]
    assert (city.neighbour, f"officers/{city.neighbour}/compliance/2026-11") in reminded
    assert two_replicas(migrated_engine, datetime(2026, 11, 28, tzinfo=UTC)) == []

    # Down from before 20 December until January: December's step reminds
    # nobody (its month is over) and plans January's.
    transactions.run_now(
        lambda uow: plan_reminder(uow, datetime(2026, 11, 21, tzinfo=UTC), settings)
    )
    made = sweep(migrated_engine, datetime(2027, 1, 5, tzinfo=UTC))
    assert [m.step.step for m in made] == ["reminder:2026-12"]
    assert len(_reminded(migrated_engine)) == len(reminded)
    assert _pending(migrated_engine) == ["reminder:2027-01"]


async def test_coverage_and_overdue_check_ins_beneath_a_node(
    city: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine
) -> None:
    district = f"scopeNodes/{city.community[:6]}"
    admin = _stub(channel_as, city.district_admin)
    now = await admin.GetCoverage(pb.GetCoverageRequest(parent=district))
    with migrated_engine.connect() as connection:
        grids = connection.execute(
            sa.text(
                "SELECT count(*) FROM scope_node WHERE level = 'grid' AND NOT deleted "
                "AND code LIKE :d"
            ),
            {"d": f"{city.community[:6]}%"},
        ).scalar_one()
        owed = connection.execute(
            sa.text(
                "SELECT count(*) FROM grid_assignment WHERE check_in_time IS NULL "
                "AND grid_code LIKE :d"
            ),
            {"d": f"{city.community[:6]}%"},
        ).scalar_one()
    assert now.total.grid_count == grids == sum(c.grid_count for c in now.communities)
    assert now.total.uncovered_grid_count == sum(len(c.uncovered_grids) for c in now.communities)
    assert now.total.overdue_check_in_count == 0
    # Rolled up per street and district: the same sums.
    assert [d.node for d in now.districts] == [district]
    assert now.districts[0].uncovered_grid_count == now.total.uncovered_grid_count
    assert sum(s.grid_count for s in now.streets) == now.total.grid_count
    assert {s.node[:20] for s in now.streets} == {c.node[:20] for c in now.communities}
    # The whole city holds the small city's edge cases: a grid without an
    # officer, a community without a prosecutor.
    city_wide = await _stub(channel_as, "admin-city").GetCoverage(
        pb.GetCoverageRequest(parent="scopeNodes/320100")
    )
    assert city_wide.total.uncovered_grid_count >= 1
    assert any("prosecutor" in c.missing_fields for c in city_wide.communities)
    assert city_wide.total.communities_missing_fields == sum(
        1 for c in city_wide.communities if c.missing_fields
    )

    # Eleven days on, every check-in the load owed is overdue.
    _at(clock, datetime.now(UTC) + timedelta(days=11))
    later = await admin.GetCoverage(pb.GetCoverageRequest(parent=district))
    assert later.total.overdue_check_in_count == owed > 0

    community = await _stub(channel_as, city.head).GetCoverage(
        pb.GetCoverageRequest(parent=f"scopeNodes/{city.community}")
    )
    assert [c.node for c in community.communities] == [f"scopeNodes/{city.community}"]
    denied = _stub(channel_as, city.head).GetCoverage(pb.GetCoverageRequest(parent=district))
    assert await _code(denied) is grpc.StatusCode.PERMISSION_DENIED
