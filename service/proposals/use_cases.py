"""Grid-assignment proposals (编网入格, 五.2): propose for a street, a district or
the city; read a proposal and its lines; accept all, some or overridden lines,
which become assignments through the assignment use case, their history
naming the proposal and the person who accepted it.

Every use case needs ``assignment.manage`` over the proposal's node: those who
may assign by hand decide on what the engine proposes.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from service.assignment import use_cases as assignments
from service.kernel.access import Caller, Permission
from service.kernel.errors import FieldViolation, InvalidArgument, PermissionDenied
from service.kernel.ids import new_id
from service.kernel.scope import ScopeCode, ScopeLevel, resource_name
from service.proposals import rules, solver
from service.proposals.ports import LineView, ProposalView, UnitOfWork
from service.proposals.rules import Grid, Officer, ProposalState, Weights

_AREAS = (ScopeLevel.CITY, ScopeLevel.DISTRICT, ScopeLevel.STREET)

# Told how long work goes (what, how far, out of how much), for a progress bar.
Progress = Callable[[str, int, int], None]


def _quiet(_what: str, _done: int, _total: int) -> None:
    return None


@dataclass(frozen=True)
class Settings:
    """What a proposal is computed with."""

    weights: Weights = field(default_factory=Weights)
    # Grids a village officer may cover until enrollment states their capacity.
    rural_capacity: int = 3


def _check_area(caller: Caller, area: str) -> None:
    if ScopeCode(area).level not in _AREAS:
        raise InvalidArgument.field("scope_node", "propose for a street, a district or the city")
    if not caller.reach(Permission.ASSIGNMENT_MANAGE).covers_node(area):
        raise PermissionDenied.outside_scope(resource_name(area))


def _inputs(
    uow: UnitOfWork, area: str, settings: Settings, *, lock: bool = False
) -> tuple[list[Officer], list[Grid]]:
    officers, grids = uow.proposals.inputs(area, lock=lock)
    villages = {grid.community for grid in grids if grid.rural}
    pool = [
        rules.with_capacity(officer, villages, settings.rural_capacity)
        for officer in officers
        if rules.in_pool(officer, area)
    ]
    return pool, grids


def propose(
    uow: UnitOfWork,
    *,
    caller: Caller,
    area: str,
    settings: Settings,
    now: datetime,
    progress: Progress = _quiet,
) -> ProposalView:
    _check_area(caller, area)
    if not uow.directory.node_exists(area):
        raise PermissionDenied.outside_scope(resource_name(area))
    progress("reading officers and grids", 0, 3)
    officers, grids = _inputs(uow, area, settings)
    progress(f"solving for {len(officers)} officers and {len(grids)} grids", 1, 3)
    outcome = solver.solve(officers, grids, settings.weights, area=area)
    progress(f"storing {len(outcome.lines)} lines", 2, 3)
    current = {officer.id: tuple(sorted(officer.current)) for officer in officers}
    lines = [
        LineView(
            number,
            line.officer_id,
            line.grid,
            tuple(reason.value for reason in line.reasons),
            current[line.officer_id],
        )
        for number, line in enumerate(outcome.lines, start=1)
    ]
    proposal = ProposalView(
        proposal_id=new_id(now),
        area=area,
        state=ProposalState.OPEN,
        created_by=caller.user_id,
        create_time=now,
        fingerprint=rules.fingerprint(officers, grids),
        weights=settings.weights.published(),
        terms=outcome.terms,
        shortfalls=outcome.shortfalls,
        line_count=len(lines),
    )
    uow.proposals.add(proposal, lines)
    progress("stored", 3, 3)
    return proposal


def _readable(
    uow: UnitOfWork, caller: Caller, proposal_id: str, *, lock: bool = False
) -> ProposalView:
    found = uow.proposals.get(proposal_id, lock=lock)
    if found is None or not caller.reach(Permission.ASSIGNMENT_MANAGE).covers_node(found.area):
        raise PermissionDenied.outside_scope(f"proposals/{proposal_id}")
    return found


def _fresh(uow: UnitOfWork, proposal: ProposalView, settings: Settings) -> bool:
    return rules.fingerprint(*_inputs(uow, proposal.area, settings)) == proposal.fingerprint


def get(uow: UnitOfWork, *, caller: Caller, proposal_id: str, settings: Settings) -> ProposalView:
    """The proposal as it stands: an open one whose data changed shows EXPIRED."""
    found = _readable(uow, caller, proposal_id)
    if found.state is ProposalState.OPEN:
        found = replace(found, state=rules.shown_state(found.state, _fresh(uow, found, settings)))
    return found


def list_proposals(
    uow: UnitOfWork,
    *,
    caller: Caller,
    under: str | None,
    before: tuple[datetime, str] | None,
    limit: int,
) -> list[ProposalView]:
    reach = caller.reach(Permission.ASSIGNMENT_MANAGE)
    if under is not None:
        reach = reach.within(under)
    if reach.empty:
        raise PermissionDenied.outside_scope(resource_name(under) if under else "proposals")
    return uow.proposals.list_proposals(reach=reach, under=under, before=before, limit=limit)


def list_lines(
    uow: UnitOfWork, *, caller: Caller, proposal_id: str, only_moves: bool, after: int, limit: int
) -> list[LineView]:
    _readable(uow, caller, proposal_id)
    return uow.proposals.lines(proposal_id, only_moves=only_moves, after=after, limit=limit)


@dataclass(frozen=True)
class Accepted:
    proposal: ProposalView
    officers_changed: int


def accept(
    uow: UnitOfWork,
    *,
    caller: Caller,
    proposal_id: str,
    all_lines: bool,
    lines: Sequence[int],
    overrides: Mapping[int, str],
    note: str,
    settings: Settings,
    now: datetime,
    progress: Progress = _quiet,
) -> Accepted:
    rules.check_acceptance(all_lines=all_lines, lines=lines, overrides=overrides, note=note)
    proposal = _readable(uow, caller, proposal_id, lock=True)
    officers, grids = _inputs(uow, proposal.area, settings, lock=True)
    rules.check_open(proposal.state, rules.fingerprint(officers, grids) == proposal.fingerprint)
    every = {
        line.number: line
        for line in uow.proposals.lines(proposal_id, only_moves=False, after=0, limit=None)
    }
    _check_named(every, lines, overrides, {grid.code for grid in grids}, proposal.area)
    decisions = rules.decide(every, all_lines=all_lines, lines=lines, overrides=overrides)
    accepted: dict[str, list[str]] = defaultdict(list)
    proposed: dict[str, list[str]] = defaultdict(list)
    serving: dict[str, tuple[str, ...]] = {}
    for number, (decision, grid) in decisions.items():
        line = every[number]
        # An override replaces the line's grid: the officer leaves the one proposed.
        proposed[line.officer_id].append(grid or line.grid)
        serving[line.officer_id] = line.current
        if decision is not rules.Decision.DECLINED:
            accepted[line.officer_id].append(grid or line.grid)
    moves = {
        officer_id: move
        for officer_id in sorted(accepted)
        if (
            move := rules.officer_move(
                serving[officer_id], proposed[officer_id], accepted[officer_id], proposal.area
            )
        )
        is not None
    }
    reason = f"proposals/{proposal_id} accepted" + (f": {note}" if note else "")
    changed = 0
    for done, (officer_id, move) in enumerate(moves.items()):
        progress("assigning", done, len(moves))
        made = assignments.change(
            uow,
            caller=caller,
            officer_id=officer_id,
            officer_name=f"officers/{officer_id}",
            grids=sorted(move.add),
            reason=reason,
            plan=functools.partial(_plan, move),
            now=now,
            proposal_id=proposal_id,
        )
        changed += made.change is not None
    progress("assigning", len(moves), len(moves))
    uow.proposals.accept(proposal_id, decisions, by=caller.user_id, at=now, note=note)
    return Accepted(_readable(uow, caller, proposal_id), changed)


def _plan(move: rules.Move, before: Sequence[str], _grids: Sequence[str]) -> tuple[str, ...]:
    return rules.grids_after(before, move)


def _check_named(
    every: Mapping[int, LineView],
    lines: Sequence[int],
    overrides: Mapping[int, str],
    grids: set[str],
    area: str,
) -> None:
    violations = [
        FieldViolation(f"lines[{index}]", "no such line in this proposal")
        for index, number in enumerate(lines)
        if number not in every
    ]
    for index, (number, grid) in enumerate(overrides.items()):
        if number not in every:
            violations.append(
                FieldViolation(f"overrides[{index}].line", "no such line in this proposal")
            )
        if grid not in grids:
            violations.append(
                FieldViolation(f"overrides[{index}].grid", f"not a grid of {resource_name(area)}")
            )
    if violations:
        raise InvalidArgument(violations)
