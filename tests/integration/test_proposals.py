"""Grid-assignment proposals (编网入格, 五.2) through the real server, on SQLite
and PostgreSQL: proposing for a street, accepting all, some or overridden
lines into assignments with history, stability, expiry, and refusals."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from officer.v1 import (
    assignment_service_pb2,
    assignment_service_pb2_grpc,
    common_pb2,
    proposal_service_pb2,
    proposal_service_pb2_grpc,
)
from sqlalchemy.engine import Engine

from service.devtools.synthetic_city import UNREACHABLE_TOWN_NUMBER
from tests.rpc_errors import error_info, field_violations

pb = proposal_service_pb2
OpenAs = Callable[[str], grpc.aio.Channel]


@pytest.fixture
def street(small_city_engine: Engine) -> dict[str, str]:
    with small_city_engine.connect() as connection:
        liaison, code = connection.execute(
            sa.text(
                "SELECT user_id, scope_node FROM role_binding WHERE role = 'street_liaison' "
                "ORDER BY scope_node LIMIT 1"
            )
        ).one()
        other_street_grid = connection.execute(
            sa.text("SELECT min(code) FROM scope_node WHERE level = 'grid' AND code NOT LIKE :s"),
            {"s": f"{code}%"},
        ).scalar_one()
    return {"liaison": liaison, "code": code, "elsewhere": other_street_grid}


def _proposals(channel_as: OpenAs, user: str) -> Any:
    return proposal_service_pb2_grpc.ProposalServiceStub(channel_as(user))  # type: ignore[no-untyped-call]


def _assignments(channel_as: OpenAs, user: str) -> Any:
    return assignment_service_pb2_grpc.AssignmentServiceStub(channel_as(user))  # type: ignore[no-untyped-call]


async def _propose(stub: Any, code: str) -> Any:
    made = await stub.CreateProposal(pb.CreateProposalRequest(scope_node=f"scopeNodes/{code}"))
    return made.proposal


async def _lines(stub: Any, name: str, *, only_moves: bool = False) -> list[Any]:
    found, token = [], ""
    while True:
        page = await stub.ListProposalLines(
            pb.ListProposalLinesRequest(
                parent=name, only_moves=only_moves, page_size=50, page_token=token
            )
        )
        found.extend(page.lines)
        token = page.next_page_token
        if not token:
            return found


async def test_a_street_proposal_covers_its_grids_and_explains_every_line(
    street: dict[str, str], channel_as: OpenAs, migrated_engine: Engine
) -> None:
    stub = _proposals(channel_as, street["liaison"])
    proposal = await _propose(stub, street["code"])
    assert proposal.state == pb.PROPOSAL_STATE_OPEN
    assert proposal.scope_node == f"scopeNodes/{street['code']}"
    lines = await _lines(stub, proposal.name)
    assert len(lines) == proposal.line_count > 0
    with migrated_engine.connect() as connection:
        grids = set(
            connection.execute(
                sa.text("SELECT code FROM scope_node WHERE level = 'grid' AND code LIKE :s"),
                {"s": f"{street['code']}%"},
            ).scalars()
        )
    proposed = {line.grid.removeprefix("grids/") for line in lines}
    assert proposed <= grids
    uncovered = {
        s.subject.removeprefix("grids/")
        for s in proposal.shortfalls
        if s.kind == pb.SHORTFALL_KIND_GRID_UNCOVERED
    }
    # Every grid is proposed an officer, or the proposal says why not.
    assert proposed | uncovered == grids
    assert proposal.terms["grids_covered"] == len(proposed)
    assert all(line.reasons for line in lines)
    assert proposal.weights["grid_covered"] > proposal.weights["kept"] > 0
    # Stability from the host's bindings: most officers are kept where they serve.
    kept = [line for line in lines if pb.PROPOSAL_REASON_KEPT in line.reasons]
    assert len(kept) > len(lines) // 2
    only_moves = await _lines(stub, proposal.name, only_moves=True)
    assert {line.name for line in only_moves} == {
        line.name for line in lines if line.grid not in line.current_grids
    }


async def test_accepting_some_lines_and_overriding_one_writes_history_naming_the_proposal(
    street: dict[str, str], channel_as: OpenAs
) -> None:
    stub = _proposals(channel_as, street["liaison"])
    proposal = await _propose(stub, street["code"])
    lines = await _lines(stub, proposal.name)
    by_officer: dict[str, list[Any]] = {}
    for line in lines:
        by_officer.setdefault(line.officer, []).append(line)
    singles = [found[0] for found in by_officer.values() if len(found) == 1]
    # The accepted line moves its officer (else it would record nothing).
    accepted = next(line for line in singles if line.grid not in line.current_grids)
    overridden, declined = [line for line in singles if line is not accepted][:2]
    other_grid = next(
        line.grid
        for line in lines
        if line.grid != overridden.grid and line.grid not in overridden.current_grids
    )

    done = await stub.AcceptProposal(
        pb.AcceptProposalRequest(
            name=proposal.name,
            lines=[accepted.name],
            overrides=[pb.LineOverride(line=overridden.name, grid=other_grid)],
            note="街道会议通过",
        )
    )
    assert done.proposal.state == pb.PROPOSAL_STATE_ACCEPTED
    assert done.proposal.accepted_by == f"users/{street['liaison']}"
    assert done.proposal.accept_note == "街道会议通过"

    decided = {line.name: line for line in await _lines(stub, proposal.name)}
    assert decided[accepted.name].decision == pb.LINE_DECISION_ACCEPTED
    assert decided[overridden.name].decision == pb.LINE_DECISION_OVERRIDDEN
    assert decided[overridden.name].override_grid == other_grid
    assert decided[declined.name].decision == pb.LINE_DECISION_DECLINED

    assignments = _assignments(channel_as, street["liaison"])
    for line, grid in ((accepted, accepted.grid), (overridden, other_grid)):
        officer = line.officer.replace("users/", "officers/")
        listed = await assignments.ListAssignments(
            assignment_service_pb2.ListAssignmentsRequest(parent=officer)
        )
        assert [a.grid for a in listed.assignments] == [grid]
        changes = await assignments.ListAssignmentChanges(
            assignment_service_pb2.ListAssignmentChangesRequest(parent=officer)
        )
        [change] = [c for c in changes.assignment_changes if c.proposal]
        assert change.proposal == proposal.name
        assert change.changed_by == f"users/{street['liaison']}"
        assert change.reason == f"{proposal.name} accepted: 街道会议通过"
    untouched = await assignments.ListAssignmentChanges(
        assignment_service_pb2.ListAssignmentChangesRequest(
            parent=declined.officer.replace("users/", "officers/")
        )
    )
    assert [c for c in untouched.assignment_changes if c.proposal] == []

    with pytest.raises(grpc.aio.AioRpcError) as again:
        await stub.AcceptProposal(pb.AcceptProposalRequest(name=proposal.name, all_lines=True))
    assert again.value.code() is grpc.StatusCode.FAILED_PRECONDITION
    assert error_info(again.value).metadata["state"] == "accepted"


async def test_a_rerun_after_accepting_everything_moves_nobody(
    street: dict[str, str], channel_as: OpenAs
) -> None:
    stub = _proposals(channel_as, street["liaison"])
    first = await _propose(stub, street["code"])
    done = await stub.AcceptProposal(pb.AcceptProposalRequest(name=first.name, all_lines=True))
    assert done.officers_changed > 0
    second = await _propose(stub, street["code"])
    assert second.terms["moved"] == 0
    assert await _lines(stub, second.name, only_moves=True) == []
    assert {(line.officer, line.grid) for line in await _lines(stub, second.name)} == {
        (line.officer, line.grid) for line in await _lines(stub, first.name)
    }


async def test_a_proposal_expires_when_the_assignments_under_it_change(
    street: dict[str, str], channel_as: OpenAs, migrated_engine: Engine
) -> None:
    stub = _proposals(channel_as, street["liaison"])
    proposal = await _propose(stub, street["code"])
    lines = await _lines(stub, proposal.name)
    line = lines[0]
    another = next(other.grid for other in lines if other.grid not in line.current_grids)
    await _assignments(channel_as, street["liaison"]).AssignOfficer(
        assignment_service_pb2.AssignOfficerRequest(
            officer=line.officer.replace("users/", "officers/"), grids=[another], reason="手工调整"
        )
    )
    got = await stub.GetProposal(pb.GetProposalRequest(name=proposal.name))
    assert got.proposal.state == pb.PROPOSAL_STATE_EXPIRED
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.AcceptProposal(pb.AcceptProposalRequest(name=proposal.name, all_lines=True))
    assert refused.value.code() is grpc.StatusCode.FAILED_PRECONDITION
    assert error_info(refused.value).metadata["state"] == "expired"
    with migrated_engine.connect() as connection:
        made = connection.execute(
            sa.text("SELECT count(*) FROM assignment_change WHERE proposal_id IS NOT NULL")
        ).scalar_one()
    assert made == 0


async def test_bad_acceptances_name_the_field_and_change_nothing(
    street: dict[str, str], channel_as: OpenAs, migrated_engine: Engine
) -> None:
    stub = _proposals(channel_as, street["liaison"])
    proposal = await _propose(stub, street["code"])
    other = await _propose(stub, street["code"])
    [line, *_] = await _lines(stub, proposal.name)
    [foreign, *_] = await _lines(stub, other.name)
    cases = [
        (pb.AcceptProposalRequest(name=proposal.name), ["all_lines"]),
        (pb.AcceptProposalRequest(name=proposal.name, lines=[foreign.name]), ["lines[0]"]),
        (
            pb.AcceptProposalRequest(name=proposal.name, lines=[f"{proposal.name}/lines/99999"]),
            ["lines[0]"],
        ),
        (
            pb.AcceptProposalRequest(
                name=proposal.name,
                overrides=[pb.LineOverride(line=line.name, grid=f"grids/{street['elsewhere']}")],
            ),
            ["overrides[0].grid"],
        ),
        (
            pb.AcceptProposalRequest(name=proposal.name, all_lines=True, note="长" * 301),
            ["note"],
        ),
        (
            pb.AcceptProposalRequest(name=proposal.name, lines=[line.name, line.name]),
            ["lines"],
        ),
    ]
    for request, fields in cases:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.AcceptProposal(request)
        assert refused.value.code() is grpc.StatusCode.INVALID_ARGUMENT, request
        assert field_violations(refused.value) == fields
    with pytest.raises(grpc.aio.AioRpcError) as community:
        await stub.CreateProposal(
            pb.CreateProposalRequest(scope_node=f"scopeNodes/{street['code']}001")
        )
    assert field_violations(community.value) == ["scope_node"]
    with migrated_engine.connect() as connection:
        by_proposals = "SELECT count(*) FROM assignment_change WHERE proposal_id IS NOT NULL"
        assert connection.execute(sa.text(by_proposals)).scalar_one() == 0
        states = connection.execute(sa.text("SELECT DISTINCT state FROM proposal")).scalars()
        assert set(states) == {"open"}


async def test_of_two_acceptances_over_the_same_streets_the_later_finds_its_proposal_expired(
    street: dict[str, str], channel_as: OpenAs, migrated_engine: Engine
) -> None:
    district = street["code"][:6]
    stub = _proposals(channel_as, f"admin-{district}")
    narrow = await _propose(stub, street["code"])
    wide = await _propose(stub, district)
    assert narrow.terms["moved"] > 0
    assert wide.terms["moved"] > 0
    results = await asyncio.gather(
        stub.AcceptProposal(pb.AcceptProposalRequest(name=narrow.name, all_lines=True)),
        stub.AcceptProposal(pb.AcceptProposalRequest(name=wide.name, all_lines=True)),
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, grpc.aio.AioRpcError)]
    assert len(refused) == 1, results
    assert refused[0].code() is grpc.StatusCode.FAILED_PRECONDITION
    assert error_info(refused[0]).metadata["state"] == "expired"
    with migrated_engine.connect() as connection:
        accepted = connection.execute(
            sa.text(
                "SELECT DISTINCT proposal_id FROM assignment_change WHERE proposal_id IS NOT NULL"
            )
        ).scalars()
        assert len(list(accepted)) == 1


async def test_a_district_proposal_names_a_grid_and_a_village_beyond_every_officers_reach(
    small_city_engine: Engine, channel_as: OpenAs
) -> None:
    # The small city's rural district has a town where nobody lives or works.
    village = f"320116{UNREACHABLE_TOWN_NUMBER}201"
    stub = _proposals(channel_as, "admin-320116")
    proposal = await _propose(stub, "320116")
    explained = {(s.kind, s.subject, s.field): s.explanation for s in proposal.shortfalls}
    for grid in (f"{village}001", f"{village}002"):
        assert explained[(pb.SHORTFALL_KIND_GRID_UNCOVERED, f"grids/{grid}", 0)] == (
            f"grid {grid} has no candidate: no officer lives or works in its street"
        )
    prosecutor = common_pb2.OFFICER_CATEGORY_PROSECUTOR
    assert explained[(pb.SHORTFALL_KIND_FIELD_MISSING, f"scopeNodes/{village}", prosecutor)] == (
        f"community {village} has no prosecutor living or working in its street"
    )
