"""Grid assignments: who may change them, what a change records, retries, history."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from datetime import timedelta

import grpc
import pytest
import sqlalchemy as sa
from officer.v1 import (
    assignment_service_pb2,
    assignment_service_pb2_grpc,
    officer_service_pb2,
    officer_service_pb2_grpc,
)
from sqlalchemy.engine import Engine

from tests.rpc_errors import field_violations

Stubs = tuple[
    assignment_service_pb2_grpc.AssignmentServiceStub, officer_service_pb2_grpc.OfficerServiceStub
]


@pytest.fixture
def city(small_city_engine: Engine) -> dict[str, str]:
    """The small city, and the people and grids these tests use."""
    with small_city_engine.connect() as connection:
        liaison, street = connection.execute(
            sa.text(
                "SELECT user_id, scope_node FROM role_binding WHERE role = 'street_liaison' "
                "ORDER BY scope_node LIMIT 1"
            )
        ).one()
        grids = (
            connection.execute(
                sa.text(
                    "SELECT code FROM scope_node WHERE level = 'grid' AND code LIKE :street "
                    "ORDER BY code"
                ),
                {"street": f"{street}%"},
            )
            .scalars()
            .all()
        )
        elsewhere = connection.execute(
            sa.text(
                "SELECT code FROM scope_node WHERE level = 'grid' AND code NOT LIKE :street "
                "ORDER BY code LIMIT 1"
            ),
            {"street": f"{street}%"},
        ).scalar_one()
        officer = connection.execute(
            sa.text(
                "SELECT b.user_id FROM role_binding b WHERE b.role = 'officer' "
                "AND b.scope_node NOT LIKE :street ORDER BY b.user_id LIMIT 1"
            ),
            {"street": f"{street}%"},
        ).scalar_one()
        head = (
            connection.execute(
                sa.text(
                    "SELECT user_id FROM role_binding WHERE role = 'community_head' "
                    "AND scope_node = :community"
                ),
                {"community": grids[0][:12]},
            )
            .scalars()
            .first()
        )
    return {
        "liaison": liaison,
        "officer": officer,
        "head": head,
        "grid": grids[0],
        "grid2": grids[-1],
        "elsewhere": elsewhere,
    }


@pytest.fixture
def as_user(city: object, channel_as: Callable[[str], grpc.aio.Channel]) -> Callable[[str], Stubs]:
    def stubs(user_id: str) -> Stubs:
        channel = channel_as(user_id)
        return (
            assignment_service_pb2_grpc.AssignmentServiceStub(channel),  # type: ignore[no-untyped-call]
            officer_service_pb2_grpc.OfficerServiceStub(channel),  # type: ignore[no-untyped-call]
        )

    return stubs


def _assign(
    officer: str, *grids: str, reason: str = "就近编网", request_id: str = ""
) -> assignment_service_pb2.AssignOfficerRequest:
    return assignment_service_pb2.AssignOfficerRequest(
        officer=f"officers/{officer}",
        grids=[f"grids/{grid}" for grid in grids],
        reason=reason,
        request_id=request_id,
    )


def _history_rows(engine: Engine) -> int:
    """Changes recorded since the city was seeded (by anyone but the simulator)."""
    with engine.connect() as connection:
        return int(
            connection.execute(
                sa.text("SELECT count(*) FROM assignment_change WHERE changed_by <> 'host-sim'")
            ).scalar_one()
        )


async def test_a_street_liaison_assigns_an_officer_and_the_change_is_recorded(
    as_user: Callable[[str], Stubs], city: dict[str, str]
) -> None:
    assignments, _ = as_user(city["liaison"])
    reply = await assignments.AssignOfficer(_assign(city["officer"], city["grid"], city["grid2"]))
    assert {f"grids/{city['grid']}", f"grids/{city['grid2']}"} <= {
        a.grid for a in reply.assignments
    }
    first = next(a for a in reply.assignments if a.grid == f"grids/{city['grid']}")
    due = first.check_in_due_time.ToDatetime() - first.create_time.ToDatetime()
    assert due == timedelta(days=10)
    assert first.assigned_by == f"users/{city['liaison']}"
    seeded = set(reply.change.grids_before)  # the simulator's initial assignment
    assert len(seeded) == 1
    assert set(reply.change.grids_after) == seeded | {
        f"grids/{city['grid']}",
        f"grids/{city['grid2']}",
    }
    assert reply.change.reason == "就近编网"

    _, officers = as_user(city["officer"])
    me = await officers.GetOfficer(
        officer_service_pb2.GetOfficerRequest(name=f"officers/{city['officer']}")
    )
    assert f"grids/{city['grid']}" in me.officer.grids

    removed = await assignments.UnassignOfficer(
        assignment_service_pb2.UnassignOfficerRequest(
            officer=f"officers/{city['officer']}",
            grids=[f"grids/{city['grid2']}"],
            reason="调整到居住地网格",
        )
    )
    assert {a.grid for a in removed.assignments} == seeded | {f"grids/{city['grid']}"}
    history = await assignments.ListAssignmentChanges(
        assignment_service_pb2.ListAssignmentChangesRequest(parent=f"officers/{city['officer']}")
    )
    # The simulator's initial assignment touched a grid outside this street: not shown.
    assert [c.reason for c in history.assignment_changes] == ["调整到居住地网格", "就近编网"]
    listed = await assignments.ListAssignments(
        assignment_service_pb2.ListAssignmentsRequest(parent=f"grids/{city['grid']}")
    )
    assert f"officers/{city['officer']}" in [a.officer for a in listed.assignments]
    assert {a.grid for a in listed.assignments} == {f"grids/{city['grid']}"}


async def test_a_change_outside_the_scope_is_denied_and_changes_nothing(
    as_user: Callable[[str], Stubs], city: dict[str, str], migrated_engine: Engine
) -> None:
    assignments, _ = as_user(city["liaison"])
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await assignments.AssignOfficer(_assign(city["officer"], city["grid"], city["elsewhere"]))
    assert raised.value.code() is grpc.StatusCode.PERMISSION_DENIED
    as_head, _ = as_user(city["head"])  # no assignment.manage by default
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await as_head.AssignOfficer(_assign(city["officer"], city["grid"]))
    assert raised.value.code() is grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await assignments.AssignOfficer(_assign("nobody-at-all", city["grid"]))
    assert raised.value.code() is grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await assignments.AssignOfficer(_assign(city["officer"], city["grid"][:12] + "999"))
    assert raised.value.code() is grpc.StatusCode.PERMISSION_DENIED
    assert _history_rows(migrated_engine) == 0


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (_assign("of00001", "320102001001001", reason="  "), "reason"),
        (_assign("of00001"), "grids"),
        (_assign("of00001", "320102"), "grids[0]"),
        (_assign("bad officer", "320102001001001"), "officer"),
        (_assign("of00001", "320102001001001", request_id="no spaces"), "request_id"),
    ],
    ids=["blank-reason", "no-grids", "not-a-grid", "bad-officer", "bad-request-id"],
)
async def test_bad_input_names_the_field(
    as_user: Callable[[str], Stubs],
    city: dict[str, str],
    request_: assignment_service_pb2.AssignOfficerRequest,
    field: str,
) -> None:
    assignments, _ = as_user(city["liaison"])
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await assignments.AssignOfficer(request_)
    assert raised.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(raised.value) == [field]


async def test_a_retried_request_returns_the_first_answer_and_changes_nothing_more(
    as_user: Callable[[str], Stubs], city: dict[str, str], migrated_engine: Engine
) -> None:
    assignments, _ = as_user(city["liaison"])
    request = _assign(city["officer"], city["grid"], request_id="6f1c2a10-retry")
    first = await assignments.AssignOfficer(request)
    again = await assignments.AssignOfficer(request)
    assert again == first
    assert _history_rows(migrated_engine) == 1
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await assignments.AssignOfficer(
            _assign(city["officer"], city["grid2"], request_id="6f1c2a10-retry")
        )
    assert raised.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(raised.value) == ["request_id"]


async def test_assigning_what_is_already_assigned_records_no_change(
    as_user: Callable[[str], Stubs], city: dict[str, str], migrated_engine: Engine
) -> None:
    assignments, _ = as_user(city["liaison"])
    await assignments.AssignOfficer(_assign(city["officer"], city["grid"]))
    again = await assignments.AssignOfficer(_assign(city["officer"], city["grid"]))
    assert not again.HasField("change")
    assert _history_rows(migrated_engine) == 1


async def test_concurrent_changes_of_one_officer_keep_a_consistent_history(
    as_user: Callable[[str], Stubs], city: dict[str, str], migrated_engine: Engine
) -> None:
    assignments, _ = as_user(city["liaison"])
    await asyncio.gather(
        assignments.AssignOfficer(_assign(city["officer"], city["grid"])),
        assignments.AssignOfficer(_assign(city["officer"], city["grid2"])),
    )
    history = await assignments.ListAssignmentChanges(
        assignment_service_pb2.ListAssignmentChangesRequest(parent=f"officers/{city['officer']}")
    )
    newest, older = history.assignment_changes  # the seeded one lies outside the street
    # Each change starts where the one before it ended: no lost update.
    assert list(newest.grids_before) == list(older.grids_after)
    assert {f"grids/{city['grid']}", f"grids/{city['grid2']}"} <= set(newest.grids_after)


async def test_history_follows_the_order_changes_were_applied_round_after_round(
    as_user: Callable[[str], Stubs], city: dict[str, str]
) -> None:
    """Issue 9.9: concurrent changes of one officer, newest first, must read as a
    chain (each change starts where the one listed below it ended), every round."""
    assignments, _ = as_user(city["liaison"])
    officer, grids = city["officer"], [city["grid"], city["grid2"]]
    for round_ in range(8):
        add, remove = grids[round_ % 2], grids[(round_ + 1) % 2]
        await asyncio.gather(
            assignments.AssignOfficer(_assign(officer, add, reason=f"round {round_} in")),
            assignments.UnassignOfficer(
                assignment_service_pb2.UnassignOfficerRequest(
                    officer=f"officers/{officer}",
                    grids=[f"grids/{remove}"],
                    reason=f"round {round_} out",
                )
            ),
        )
    history = await assignments.ListAssignmentChanges(
        assignment_service_pb2.ListAssignmentChangesRequest(
            parent=f"officers/{officer}", page_size=100
        )
    )
    changes = [c for c in history.assignment_changes if c.reason.startswith("round ")]
    assert len(changes) >= 8
    for newer, older in itertools.pairwise(changes):
        assert list(newer.grids_before) == list(older.grids_after), (newer.reason, older.reason)
