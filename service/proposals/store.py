"""Proposals, their lines, and the registry and assignments they are computed from."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from contracts.messages import GridType, Role
from service.kernel.access import Reach
from service.platform.store.bulk import insert_rows
from service.platform.store.database import as_utc
from service.platform.store.scope_filters import in_reach, under_code
from service.platform.store.tables import (
    ASSIGNMENT,
    ENROLLMENT,
    HOST_USER,
    PROPOSAL,
    PROPOSAL_LINE,
    ROLE_BINDING,
    SCOPE_NODE,
)
from service.proposals.ports import LineView, ProposalView
from service.proposals.rules import (
    Decision,
    Grid,
    Officer,
    ProposalState,
    Shortfall,
    ShortfallKind,
)

_GRID_CODE = 15
_LINE_COLUMNS = (
    "proposal_id",
    "number",
    "officer_id",
    "grid_code",
    "reasons",
    "current_grids",
    "moves",
    "decision",
    "override_grid",
)


def inputs(
    connection: sa.Connection, area: str, *, lock: bool = False
) -> tuple[list[Officer], list[Grid]]:
    grids = [
        Grid(row.code, exclusive=row.grid_type == GridType.EXCLUSIVE.value, rural=row.rural)
        for row in connection.execute(
            sa.select(SCOPE_NODE.c.code, SCOPE_NODE.c.grid_type, SCOPE_NODE.c.rural)
            .where(
                SCOPE_NODE.c.level == "grid",
                SCOPE_NODE.c.deleted.is_(False),
                under_code(SCOPE_NODE.c.code, area),
            )
            .order_by(SCOPE_NODE.c.code)
        )
    ]
    assigned = sa.select(ASSIGNMENT.c.officer_id).where(under_code(ASSIGNMENT.c.grid_code, area))
    bound = sa.select(ROLE_BINDING.c.user_id).where(
        ROLE_BINDING.c.role == Role.OFFICER.value, under_code(ROLE_BINDING.c.scope_node, area)
    )
    live = sa.and_(HOST_USER.c.deleted.is_(False), HOST_USER.c.officer_category.is_not(None))
    there = sa.or_(
        under_code(HOST_USER.c.residence, area),
        under_code(HOST_USER.c.workplace, area),
        HOST_USER.c.user_id.in_(assigned),
        HOST_USER.c.user_id.in_(bound),
    )
    query = (
        sa.select(
            HOST_USER.c.user_id,
            HOST_USER.c.officer_category,
            HOST_USER.c.residence,
            HOST_USER.c.workplace,
        )
        .where(live, there)
        .order_by(HOST_USER.c.user_id)
    )
    if lock and connection.dialect.name == "postgresql":
        # In id order, as every assignment change locks its officer's row: an
        # acceptance and any change of its officers (a manual one, another
        # acceptance over the same streets) take turns, and the later one reads
        # what the earlier committed (SQLite's single writer does the same).
        query = query.with_for_update(of=HOST_USER)
    rows = connection.execute(query).all()
    # Where they serve, everywhere (an officer serving outside the area is not
    # the area's to move): the module's assignments, else the host's bindings.
    pool = sa.select(HOST_USER.c.user_id).where(live, there)
    assigned_to: dict[str, set[str]] = defaultdict(set)
    for officer_id, code in connection.execute(
        sa.select(ASSIGNMENT.c.officer_id, ASSIGNMENT.c.grid_code).where(
            ASSIGNMENT.c.officer_id.in_(pool)
        )
    ):
        assigned_to[officer_id].add(code)
    bound_to: dict[str, set[str]] = defaultdict(set)
    for user_id, code in connection.execute(
        sa.select(ROLE_BINDING.c.user_id, ROLE_BINDING.c.scope_node).where(
            ROLE_BINDING.c.role == Role.OFFICER.value,
            ROLE_BINDING.c.user_id.in_(pool),
            ROLE_BINDING.c.scope_node.is_not(None),
        )
    ):
        if len(code) == _GRID_CODE:
            bound_to[user_id].add(code)
    # What the officer stated when they enrolled (an accepted enrollment): how
    # many grids they can serve and which they would like (五.2: preferences count).
    stated: dict[str, tuple[int | None, frozenset[str]]] = {
        applicant: (capacity, frozenset(preferred.split()))
        for applicant, capacity, preferred in connection.execute(
            sa.select(
                ENROLLMENT.c.applicant, ENROLLMENT.c.grid_capacity, ENROLLMENT.c.preferred_grids
            ).where(ENROLLMENT.c.state == "accepted", ENROLLMENT.c.applicant.in_(pool))
        )
    }
    officers = []
    for row in rows:
        capacity, preferred = stated.get(row.user_id, (None, frozenset()))
        officers.append(
            Officer(
                row.user_id,
                row.officer_category,
                row.residence,
                row.workplace,
                capacity=capacity or 1,
                preferred=preferred,
                stated=capacity is not None,
                current=frozenset(assigned_to.get(row.user_id) or bound_to.get(row.user_id) or ()),
            )
        )
    return officers, grids


def add(connection: sa.Connection, proposal: ProposalView, lines: Sequence[LineView]) -> None:
    connection.execute(
        sa.insert(PROPOSAL),
        {
            "proposal_id": proposal.proposal_id,
            "area": proposal.area,
            "state": proposal.state.value,
            "created_by": proposal.created_by,
            "create_time": proposal.create_time,
            "fingerprint": proposal.fingerprint,
            "weights": json.dumps(dict(proposal.weights), sort_keys=True),
            "terms": json.dumps(dict(proposal.terms), sort_keys=True),
            "shortfalls": json.dumps(
                [[s.kind.value, s.subject, s.field, s.explanation] for s in proposal.shortfalls],
                ensure_ascii=False,
            ),
            "line_count": proposal.line_count,
            "accept_note": "",
        },
    )
    insert_rows(
        connection,
        "proposal_line",
        _LINE_COLUMNS,
        [
            (
                proposal.proposal_id,
                line.number,
                line.officer_id,
                line.grid,
                " ".join(line.reasons),
                " ".join(line.current),
                line.moves,
                line.decision.value,
                None,
            )
            for line in lines
        ],
    )


def _proposal(row: Any) -> ProposalView:
    return ProposalView(
        proposal_id=row.proposal_id,
        area=row.area,
        state=ProposalState(row.state),
        created_by=row.created_by,
        create_time=as_utc(row.create_time),
        fingerprint=row.fingerprint,
        weights=json.loads(row.weights),
        terms=json.loads(row.terms),
        shortfalls=tuple(
            Shortfall(ShortfallKind(kind), subject, field, explanation)
            for kind, subject, field, explanation in json.loads(row.shortfalls)
        ),
        line_count=row.line_count,
        accepted_by=row.accepted_by,
        accept_time=as_utc(row.accept_time) if row.accept_time else None,
        accept_note=row.accept_note,
    )


def get(connection: sa.Connection, proposal_id: str, *, lock: bool = False) -> ProposalView | None:
    query = sa.select(PROPOSAL).where(PROPOSAL.c.proposal_id == proposal_id)
    if lock and connection.dialect.name == "postgresql":
        query = query.with_for_update()
    row = connection.execute(query).first()
    return _proposal(row) if row is not None else None


def list_proposals(
    connection: sa.Connection,
    *,
    reach: Reach,
    under: str | None,
    before: tuple[datetime, str] | None,
    limit: int,
) -> list[ProposalView]:
    query = sa.select(PROPOSAL).where(in_reach(PROPOSAL.c.area, reach.nodes))
    if under is not None:
        query = query.where(under_code(PROPOSAL.c.area, under))
    if before is not None:
        query = query.where(
            sa.tuple_(PROPOSAL.c.create_time, PROPOSAL.c.proposal_id) < sa.tuple_(*before)
        )
    rows = connection.execute(
        query.order_by(PROPOSAL.c.create_time.desc(), PROPOSAL.c.proposal_id.desc()).limit(limit)
    )
    return [_proposal(row) for row in rows]


def lines(
    connection: sa.Connection,
    proposal_id: str,
    *,
    only_moves: bool,
    after: int,
    limit: int | None,
) -> list[LineView]:
    query = sa.select(PROPOSAL_LINE).where(
        PROPOSAL_LINE.c.proposal_id == proposal_id, PROPOSAL_LINE.c.number > after
    )
    if only_moves:
        query = query.where(PROPOSAL_LINE.c.moves.is_(True))
    query = query.order_by(PROPOSAL_LINE.c.number)
    if limit is not None:
        query = query.limit(limit)
    return [
        LineView(
            row.number,
            row.officer_id,
            row.grid_code,
            tuple(row.reasons.split()),
            tuple(row.current_grids.split()),
            Decision(row.decision),
            row.override_grid,
        )
        for row in connection.execute(query)
    ]


def accept(
    connection: sa.Connection,
    proposal_id: str,
    decisions: Mapping[int, tuple[Decision, str | None]],
    *,
    by: str,
    at: datetime,
    note: str,
) -> None:
    connection.execute(
        sa.update(PROPOSAL)
        .where(PROPOSAL.c.proposal_id == proposal_id)
        .values(
            state=ProposalState.ACCEPTED.value, accepted_by=by, accept_time=at, accept_note=note
        )
    )
    # One statement per kind of decision; overrides each name their grid.
    by_decision: dict[Decision, list[int]] = defaultdict(list)
    overrides = []
    for number, (decision, grid) in decisions.items():
        if decision is Decision.OVERRIDDEN:
            overrides.append({"n": number, "g": grid})
        else:
            by_decision[decision].append(number)
    for decision, numbers in by_decision.items():
        for start in range(0, len(numbers), 1000):
            connection.execute(
                sa.update(PROPOSAL_LINE)
                .where(
                    PROPOSAL_LINE.c.proposal_id == proposal_id,
                    PROPOSAL_LINE.c.number.in_(numbers[start : start + 1000]),
                )
                .values(decision=decision.value)
            )
    if overrides:
        connection.execute(
            sa.update(PROPOSAL_LINE)
            .where(
                PROPOSAL_LINE.c.proposal_id == proposal_id,
                PROPOSAL_LINE.c.number == sa.bindparam("n"),
            )
            .values(decision=Decision.OVERRIDDEN.value, override_grid=sa.bindparam("g")),
            overrides,
        )


class SqlProposals:
    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def inputs(self, area: str, *, lock: bool = False) -> tuple[list[Officer], list[Grid]]:
        return inputs(self._c, area, lock=lock)

    def add(self, proposal: ProposalView, lines: Sequence[LineView]) -> None:
        add(self._c, proposal, lines)

    def get(self, proposal_id: str, *, lock: bool = False) -> ProposalView | None:
        return get(self._c, proposal_id, lock=lock)

    def list_proposals(self, **query: Any) -> list[ProposalView]:
        return list_proposals(self._c, **query)

    def lines(self, proposal_id: str, **query: Any) -> list[LineView]:
        return lines(self._c, proposal_id, **query)

    def accept(self, proposal_id: str, decisions: Any, **change: Any) -> None:
        accept(self._c, proposal_id, decisions, **change)
