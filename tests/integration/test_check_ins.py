"""Check-in within ten days of assignment (报到对接, 五.3) through the real server,
on SQLite and PostgreSQL, with an injected clock: the officer checks in, the
community head confirms, reminders come before the deadline and the overdue
alert to the unit and the community head after it, each once across two
replicas; the unit's check-in status per node."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import grpc
import pytest
import sqlalchemy as sa
from google.protobuf import timestamp_pb2
from officer.v1 import assignment_service_pb2, assignment_service_pb2_grpc
from sqlalchemy.engine import Engine

from tests.integration.activity_city import SHANGHAI, City, OpenAs, small_city
from tests.integration.sweeps import sweep, two_replicas
from tests.movable_clock import MovableClock
from tests.registry_events import apply_directly, unit_admin
from tests.rpc_errors import error_info, field_violations

pb = assignment_service_pb2
UNIT_ADMIN = "unit-admin-check-in"
# After the demo city's own assignments (made at load, the real now): a change
# is never recorded before the one it follows.
ASSIGNED = (datetime.now(SHANGHAI) + timedelta(days=1)).replace(microsecond=0)


@pytest.fixture
def city(small_city_engine: Engine) -> City:
    return small_city(small_city_engine)


@pytest.fixture
def new_grid(city: City, migrated_engine: Engine) -> str:
    """A grid of the officer's community they do not serve yet."""
    with migrated_engine.connect() as connection:
        return str(
            connection.execute(
                sa.text(
                    "SELECT min(code) FROM scope_node WHERE level = 'grid' AND code LIKE :c "
                    "AND code NOT IN (SELECT grid_code FROM grid_assignment WHERE officer_id = :o)"
                ),
                {"c": f"{city.community}%", "o": city.officer},
            ).scalar_one()
        )


def _stub(channel_as: OpenAs, user: str) -> assignment_service_pb2_grpc.AssignmentServiceStub:
    return assignment_service_pb2_grpc.AssignmentServiceStub(channel_as(user))  # type: ignore[no-untyped-call]


def _at(clock: MovableClock, moment: datetime) -> None:
    clock.offset = moment - datetime.now(UTC)


async def _assign(channel_as: OpenAs, city: City, clock: MovableClock, grid: str) -> str:
    """The district admin assigns the officer to ``grid``; the assignment's name."""
    _at(clock, ASSIGNED)
    await _stub(channel_as, city.district_admin).AssignOfficer(
        pb.AssignOfficerRequest(
            officer=f"officers/{city.officer}", grids=[f"grids/{grid}"], reason="补位"
        )
    )
    return f"officers/{city.officer}/assignments/{grid}"


def _unit_admin_for(engine: Engine, officer: str) -> None:
    with engine.connect() as connection:
        unit = connection.execute(
            sa.text("SELECT unit FROM host_user WHERE user_id = :u"), {"u": officer}
        ).scalar_one()
    body = unit_admin(UNIT_ADMIN, unit)
    apply_directly(engine, [body], batch_size=1)


def _pushes(engine: Engine, kind: str) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                sa.text(
                    "SELECT user_id, subject FROM inbox_item WHERE kind = :kind "
                    "ORDER BY user_id, seq"
                ),
                {"kind": kind},
            )
        ]


async def test_the_officer_checks_in_and_the_community_head_confirms(
    city: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine, new_grid: str
) -> None:
    name = await _assign(channel_as, city, clock, new_grid)
    officer = _stub(channel_as, city.officer)
    listed = await officer.ListAssignments(
        pb.ListAssignmentsRequest(parent=f"officers/{city.officer}")
    )
    [owed] = [a for a in listed.assignments if a.name == name]
    due = owed.check_in_due_time.ToDatetime(tzinfo=UTC)
    # The server's clock runs on from ASSIGNED while the test runs.
    assert timedelta(0) <= due - (ASSIGNED + timedelta(days=10)) < timedelta(seconds=30)

    # Nobody else records it, and not before the assignment or in the future.
    for user in (city.neighbour, city.head):
        with pytest.raises(grpc.aio.AioRpcError) as denied:
            await _stub(channel_as, user).CheckInAssignment(pb.CheckInAssignmentRequest(name=name))
        assert denied.value.code() is grpc.StatusCode.PERMISSION_DENIED
    for moment in (ASSIGNED - timedelta(hours=1), ASSIGNED + timedelta(days=1)):
        stamp = timestamp_pb2.Timestamp()
        stamp.FromDatetime(moment)
        with pytest.raises(grpc.aio.AioRpcError) as bad:
            await officer.CheckInAssignment(
                pb.CheckInAssignmentRequest(name=name, check_in_time=stamp)
            )
        assert field_violations(bad.value) == ["check_in_time"]
    with pytest.raises(grpc.aio.AioRpcError) as early:
        await _stub(channel_as, city.head).ConfirmCheckIn(pb.ConfirmCheckInRequest(name=name))
    assert error_info(early.value).metadata["state"] == "owed"

    _at(clock, ASSIGNED + timedelta(days=2))
    done = await officer.CheckInAssignment(
        pb.CheckInAssignmentRequest(name=name, note="已到社区报到")
    )
    checked_in = done.assignment.check_in_time.ToDatetime(tzinfo=UTC)
    assert timedelta(0) <= checked_in - (ASSIGNED + timedelta(days=2)) < timedelta(seconds=30)
    assert done.assignment.check_in_note == "已到社区报到"
    with pytest.raises(grpc.aio.AioRpcError) as twice:
        await officer.CheckInAssignment(pb.CheckInAssignmentRequest(name=name))
    assert twice.value.code() is grpc.StatusCode.FAILED_PRECONDITION
    assert error_info(twice.value).metadata["state"] == "checked_in"

    with pytest.raises(grpc.aio.AioRpcError) as stranger:
        await _stub(channel_as, city.stranger).ConfirmCheckIn(pb.ConfirmCheckInRequest(name=name))
    assert stranger.value.code() is grpc.StatusCode.PERMISSION_DENIED
    confirmed = await _stub(channel_as, city.head).ConfirmCheckIn(
        pb.ConfirmCheckInRequest(name=name)
    )
    assert confirmed.assignment.check_in_confirmed_by == f"users/{city.head}"

    # Checked in, nothing more comes: the reminders and the alert were cancelled.
    assert sweep(migrated_engine, ASSIGNED + timedelta(days=11)) == []
    assert _pushes(migrated_engine, "check_in_reminder") == []
    assert _pushes(migrated_engine, "check_in_overdue") == []


async def test_reminders_then_the_overdue_alert_come_once_across_two_replicas(
    city: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine, new_grid: str
) -> None:
    _unit_admin_for(migrated_engine, city.officer)
    name = await _assign(channel_as, city, clock, new_grid)
    due = ASSIGNED + timedelta(days=10)

    made = two_replicas(migrated_engine, due - timedelta(days=3) + timedelta(minutes=1))
    assert [(m.step.subject, m.step.step) for m in made] == [(name, "reminder:259200")]
    made = two_replicas(migrated_engine, due - timedelta(days=1) + timedelta(minutes=1))
    assert [m.step.step for m in made] == ["reminder:86400"]
    assert _pushes(migrated_engine, "check_in_reminder") == [(city.officer, name)] * 2

    made = two_replicas(migrated_engine, due + timedelta(minutes=1))
    assert [m.step.step for m in made] == ["overdue"]
    assert _pushes(migrated_engine, "check_in_overdue") == sorted(
        [(city.head, name), (UNIT_ADMIN, name)]
    )
    assert two_replicas(migrated_engine, due + timedelta(days=5)) == []

    _at(clock, due + timedelta(days=1))
    listed = await _stub(channel_as, city.district_admin).ListAssignments(
        pb.ListAssignmentsRequest(parent=f"scopeNodes/{city.community}", check_in_overdue=True)
    )
    assert name in [a.name for a in listed.assignments]


async def test_an_outage_makes_one_reminder_not_two(
    city: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine, new_grid: str
) -> None:
    name = await _assign(channel_as, city, clock, new_grid)
    # Nobody swept until the day before the deadline: the later reminder only.
    made = sweep(migrated_engine, ASSIGNED + timedelta(days=9, minutes=1))
    assert [(m.step.step, m.superseded) for m in made] == [("reminder:86400", 1)]
    assert _pushes(migrated_engine, "check_in_reminder") == [(city.officer, name)]


async def test_leaving_the_grid_cancels_the_check_in_it_owed(
    city: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine, new_grid: str
) -> None:
    await _assign(channel_as, city, clock, new_grid)
    await _stub(channel_as, city.district_admin).UnassignOfficer(
        pb.UnassignOfficerRequest(
            officer=f"officers/{city.officer}",
            grids=[f"grids/{new_grid}"],
            reason="撤回",
        )
    )
    assert sweep(migrated_engine, ASSIGNED + timedelta(days=11)) == []


async def test_check_in_stats_count_each_unit_under_the_node_within_reach(
    city: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine, new_grid: str
) -> None:
    name = await _assign(channel_as, city, clock, new_grid)
    _at(clock, ASSIGNED + timedelta(days=12))
    await _stub(channel_as, city.officer).CheckInAssignment(pb.CheckInAssignmentRequest(name=name))
    stats = await _stub(channel_as, city.head).GetCheckInStats(
        pb.GetCheckInStatsRequest(parent=f"scopeNodes/{city.community}")
    )
    with migrated_engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT u.unit, a.check_in_due_time, a.check_in_time FROM grid_assignment a "
                "JOIN host_user u ON u.user_id = a.officer_id WHERE a.grid_code LIKE :c"
            ),
            {"c": f"{city.community}%"},
        ).all()
    assert stats.total.owed == len(rows)
    assert stats.total.late == 1  # ours: checked in two days after the deadline
    assert sum(u.owed for u in stats.units) == stats.total.owed
    assert (
        stats.total.on_time + stats.total.late + stats.total.overdue + stats.total.pending
        == stats.total.owed
    )
    [unit] = [u for u in stats.units if u.late]
    with pytest.raises(grpc.aio.AioRpcError) as outside:
        await _stub(channel_as, city.head).GetCheckInStats(
            pb.GetCheckInStatsRequest(parent=f"scopeNodes/{city.stranger_grid[:9]}")
        )
    assert outside.value.code() is grpc.StatusCode.PERMISSION_DENIED
    assert unit.unit.startswith("units/")


async def test_a_community_head_does_not_confirm_their_own_check_in(
    city: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine
) -> None:
    with migrated_engine.connect() as connection:
        grid = connection.execute(
            sa.text(
                "SELECT min(code) FROM scope_node WHERE level = 'grid' AND code LIKE :c "
                "AND code NOT IN (SELECT grid_code FROM grid_assignment WHERE officer_id = :o)"
            ),
            {"c": f"{city.community}%", "o": city.head},
        ).scalar_one()
    _at(clock, ASSIGNED)
    await _stub(channel_as, city.district_admin).AssignOfficer(
        pb.AssignOfficerRequest(
            officer=f"officers/{city.head}", grids=[f"grids/{grid}"], reason="兼任"
        )
    )
    head = _stub(channel_as, city.head)
    name = f"officers/{city.head}/assignments/{grid}"
    await head.CheckInAssignment(pb.CheckInAssignmentRequest(name=name))
    with pytest.raises(grpc.aio.AioRpcError) as own:
        await head.ConfirmCheckIn(pb.ConfirmCheckInRequest(name=name))
    assert own.value.code() is grpc.StatusCode.PERMISSION_DENIED
