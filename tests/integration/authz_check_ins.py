"""The authorization matrix's cells for check-ins (报到对接): the target is the
target officer's assignment to the target grid, made afresh by the city admin
for each cell so that every cell finds it owed (or, to confirm, checked in)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from officer.v1 import assignment_service_pb2, assignment_service_pb2_grpc

from tests.integration.bearer import auth

pb = assignment_service_pb2


def _stub(cell: Any) -> Any:
    return cell.stub(assignment_service_pb2_grpc.AssignmentServiceStub)


def _fresh(cell: Any, *, checked_in: bool = False) -> str:
    name = f"officers/{cell.officer}/assignments/{cell.grid}"
    if cell.relation == "nonexistent":
        return name
    admin = auth(cell.world.actors["city_admin"])
    officer, grids = f"officers/{cell.officer}", [f"grids/{cell.grid}"]
    _stub(cell).UnassignOfficer(
        pb.UnassignOfficerRequest(officer=officer, grids=grids, reason="矩阵"), metadata=admin
    )
    _stub(cell).AssignOfficer(
        pb.AssignOfficerRequest(officer=officer, grids=grids, reason="矩阵"), metadata=admin
    )
    if checked_in:
        _stub(cell).CheckInAssignment(
            pb.CheckInAssignmentRequest(name=name), metadata=auth(cell.officer)
        )
    return name


def calls() -> dict[str, Callable[[Any], bool]]:
    return {
        "CheckInAssignment": lambda c: bool(
            _stub(c).CheckInAssignment(
                pb.CheckInAssignmentRequest(name=_fresh(c)), metadata=c.metadata
            )
        ),
        "ConfirmCheckIn": lambda c: bool(
            _stub(c).ConfirmCheckIn(
                pb.ConfirmCheckInRequest(name=_fresh(c, checked_in=True)), metadata=c.metadata
            )
        ),
        "GetCheckInStats": lambda c: bool(
            _stub(c).GetCheckInStats(
                pb.GetCheckInStatsRequest(parent=f"scopeNodes/{c.grid[:12]}"),
                metadata=c.metadata,
            )
        ),
    }
