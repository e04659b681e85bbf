"""Proposals between the wire and the use cases."""

from __future__ import annotations

from collections.abc import Sequence

from officer.v1 import common_pb2, proposal_service_pb2

from service.kernel.errors import FieldViolation, InvalidArgument
from service.kernel.scope import resource_name
from service.platform import names, wire
from service.proposals.ports import LineView, ProposalView
from service.proposals.rules import ShortfallKind

pb = proposal_service_pb2


def proposal(view: ProposalView) -> pb.Proposal:
    message = pb.Proposal(
        name=f"proposals/{view.proposal_id}",
        scope_node=resource_name(view.area),
        state=wire.enum_number(pb.ProposalState, "PROPOSAL_STATE_", view.state.value),
        creator=f"users/{view.created_by}",
        create_time=wire.timestamp(view.create_time),
        weights=dict(view.weights),
        terms=dict(view.terms),
        shortfalls=[
            pb.Shortfall(
                kind=wire.enum_number(pb.ShortfallKind, "SHORTFALL_KIND_", s.kind.value),
                subject=(
                    f"officers/{s.subject}"
                    if s.kind is ShortfallKind.OFFICER_UNPLACED
                    else resource_name(s.subject)
                ),
                field=wire.enum_number(common_pb2.OfficerCategory, "OFFICER_CATEGORY_", s.field),
                explanation=s.explanation,
            )
            for s in view.shortfalls
        ],
        line_count=view.line_count,
        accepted_by=f"users/{view.accepted_by}" if view.accepted_by else "",
        accept_note=view.accept_note,
    )
    if view.accept_time is not None:
        message.accept_time.CopyFrom(wire.timestamp(view.accept_time))
    return message


def line(proposal_id: str, view: LineView) -> pb.ProposalLine:
    return pb.ProposalLine(
        name=f"proposals/{proposal_id}/lines/{view.number}",
        officer=f"users/{view.officer_id}",
        grid=f"grids/{view.grid}",
        reasons=[
            wire.enum_number(pb.ProposalReason, "PROPOSAL_REASON_", reason)
            for reason in view.reasons
        ],
        current_grids=[f"grids/{code}" for code in view.current],
        decision=wire.enum_number(pb.LineDecision, "LINE_DECISION_", view.decision.value),
        override_grid=f"grids/{view.override_grid}" if view.override_grid else "",
    )


def proposal_id(name: str, field: str = "name") -> str:
    return names.parse(names.PROPOSAL, name, field, "proposals/{proposal}")


def _line_number(name: str, proposal: str, field: str) -> int:
    match = names.PROPOSAL_LINE.match(name)
    if match is None or match.group(1) != proposal:
        raise InvalidArgument.field(field, f"must look like proposals/{proposal}/lines/{{line}}")
    return int(match.group(2))


def line_numbers(proposal: str, given: Sequence[str]) -> list[int]:
    return [_line_number(name, proposal, f"lines[{index}]") for index, name in enumerate(given)]


def overrides(proposal: str, given: Sequence[pb.LineOverride]) -> dict[int, str]:
    found: dict[int, str] = {}
    violations = []
    for index, override in enumerate(given):
        number = _line_number(override.line, proposal, f"overrides[{index}].line")
        grid = names.parse(names.GRID, override.grid, f"overrides[{index}].grid", "grids/{code}")
        if number in found:
            violations.append(FieldViolation(f"overrides[{index}].line", "named twice"))
        found[number] = grid
    if violations:
        raise InvalidArgument(violations)
    return found
