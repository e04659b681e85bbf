"""What the proposal use cases need of the store, and the views they return."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from service.assignment.ports import UnitOfWork as AssignmentUnitOfWork
from service.kernel.access import Reach
from service.proposals.rules import Decision, Grid, Officer, ProposalState, Shortfall


@dataclass(frozen=True)
class ProposalView:
    proposal_id: str
    area: str
    state: ProposalState
    created_by: str
    create_time: datetime
    fingerprint: str
    weights: Mapping[str, int]
    terms: Mapping[str, int]
    shortfalls: tuple[Shortfall, ...]
    line_count: int
    accepted_by: str | None = None
    accept_time: datetime | None = None
    accept_note: str = ""


@dataclass(frozen=True)
class LineView:
    number: int
    officer_id: str
    grid: str
    reasons: tuple[str, ...]
    current: tuple[str, ...]
    decision: Decision = Decision.PROPOSED
    override_grid: str | None = None

    @property
    def moves(self) -> bool:
        return self.grid not in self.current


class ProposalRecords(Protocol):
    def inputs(self, area: str, *, lock: bool = False) -> tuple[list[Officer], list[Grid]]:
        """The live grids under ``area`` and the officers who live, work or serve
        there, each with the grids they serve (the module's assignments, else
        the host's bindings); with ``lock``, the officers' rows stay locked until
        the transaction ends, as an assignment change locks them."""
        ...

    def add(self, proposal: ProposalView, lines: Sequence[LineView]) -> None: ...
    def get(self, proposal_id: str, *, lock: bool = False) -> ProposalView | None:
        """With ``lock``, later acceptances of the same proposal wait for this one."""
        ...

    def list_proposals(
        self, *, reach: Reach, under: str | None, before: tuple[datetime, str] | None, limit: int
    ) -> list[ProposalView]: ...
    def lines(
        self, proposal_id: str, *, only_moves: bool, after: int, limit: int | None
    ) -> list[LineView]: ...
    def accept(
        self,
        proposal_id: str,
        decisions: Mapping[int, tuple[Decision, str | None]],
        *,
        by: str,
        at: datetime,
        note: str,
    ) -> None: ...


class UnitOfWork(AssignmentUnitOfWork, Protocol):
    @property
    def proposals(self) -> ProposalRecords: ...
