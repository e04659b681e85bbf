"""The authorization matrix's cells for ProposalService: the target is a
proposal for the street of the target's grid, made by the city admin (or, for
CreateProposal, asked for by the actor)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from officer.v1 import proposal_service_pb2, proposal_service_pb2_grpc

from tests.integration.bearer import auth

pb = proposal_service_pb2
NONEXISTENT_PROPOSAL = "proposals/01HZZZZZZZZZZZZZZZZZZZZZZZ"
# Proposals made for a relation, by server port: made once, read by many cells.
_MADE: dict[tuple[int, str], str] = {}


def stub(cell: Any) -> Any:
    return cell.stub(proposal_service_pb2_grpc.ProposalServiceStub)


def _street(cell: Any) -> str:
    return f"scopeNodes/{cell.grid[:9]}"


def _fresh(cell: Any) -> str:
    if cell.relation == "nonexistent":
        return NONEXISTENT_PROPOSAL
    made = stub(cell).CreateProposal(
        pb.CreateProposalRequest(scope_node=_street(cell)),
        metadata=auth(cell.world.actors["city_admin"]),
    )
    return str(made.proposal.name)


def _made(cell: Any) -> str:
    key = (cell.world.port, cell.relation)
    if key not in _MADE:
        _MADE[key] = _fresh(cell)
    return _MADE[key]


def _accept_one_kept_line(cell: Any) -> bool:
    # A line keeping an officer where the host binds them, of an officer no
    # other cell looks at: accepting it changes no one's grids.
    name = _fresh(cell)
    watched = {*cell.world.actors.values(), *cell.world.officers.values()}
    watched.add(cell.world.spare_officer)
    line = ""
    if name != NONEXISTENT_PROPOSAL:
        lines = (
            stub(cell)
            .ListProposalLines(
                pb.ListProposalLinesRequest(parent=name, page_size=1000),
                metadata=auth(cell.world.actors["city_admin"]),
            )
            .lines
        )
        line = next(
            item.name
            for item in lines
            if item.grid in item.current_grids and item.officer[len("users/") :] not in watched
        )
    stub(cell).AcceptProposal(
        pb.AcceptProposalRequest(
            name=name, lines=[line] if line else [], all_lines=not line, note="授权矩阵"
        ),
        metadata=cell.metadata,
    )
    return True


def calls(listed: Callable[..., set[str]]) -> dict[str, Callable[[Any], bool]]:
    """The cells' calls; ``listed`` reads a list to its end (authz_calls._listed)."""
    return {
        "CreateProposal": lambda c: bool(
            stub(c).CreateProposal(
                pb.CreateProposalRequest(scope_node=_street(c)), metadata=c.metadata
            )
        ),
        "GetProposal": lambda c: bool(
            stub(c).GetProposal(pb.GetProposalRequest(name=_made(c)), metadata=c.metadata)
        ),
        "ListProposals": lambda c: (
            _made(c)
            in listed(
                c,
                stub(c).ListProposals,
                lambda token: pb.ListProposalsRequest(page_size=100, page_token=token),
                "proposals",
            )
        ),
        "ListProposalLines": lambda c: bool(
            stub(c).ListProposalLines(
                pb.ListProposalLinesRequest(parent=_made(c)), metadata=c.metadata
            )
        ),
        "AcceptProposal": _accept_one_kept_line,
    }


def list_by_node(cell: Any, parent: str) -> Any:
    return stub(cell).ListProposals(
        pb.ListProposalsRequest(scope_node=parent), metadata=cell.metadata
    )
