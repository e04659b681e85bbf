"""The authorization matrix's cells for compliance: the target grid's
community (activity compliance, shortfalls, coverage), its district
(participation) and the target officer (excused months, which the city admin
clears before and after each cell so every cell starts alike)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc
from officer.v1 import compliance_service_pb2, compliance_service_pb2_grpc

from tests.integration.bearer import auth

pb = compliance_service_pb2
MONTH = "2026-01"


def _stub(cell: Any) -> Any:
    return cell.stub(compliance_service_pb2_grpc.ComplianceServiceStub)


def _community(cell: Any) -> str:
    return f"scopeNodes/{cell.grid[:12]}"


def district_of(cell: Any) -> str:
    # The nonexistent grid lies in a district that exists: name one that does not.
    return "scopeNodes/329999" if cell.relation == "nonexistent" else f"scopeNodes/{cell.grid[:6]}"


def _excuse_name(cell: Any) -> str:
    return f"officers/{cell.officer}/excusedMonths/{MONTH}"


def _as_city_admin(cell: Any, call: Callable[[Any], Any], tolerate: grpc.StatusCode) -> None:
    try:
        call(auth(cell.world.actors["city_admin"]))
    except grpc.RpcError as error:
        # Nothing to clear (or already there), and a nonexistent officer has nothing at all.
        if error.code() not in (tolerate, grpc.StatusCode.PERMISSION_DENIED):
            raise


def _clear(cell: Any) -> None:
    _as_city_admin(
        cell,
        lambda metadata: _stub(cell).DeleteExcusedMonth(
            pb.DeleteExcusedMonthRequest(name=_excuse_name(cell)), metadata=metadata
        ),
        grpc.StatusCode.NOT_FOUND,
    )


def _create(cell: Any, metadata: Any) -> Any:
    return _stub(cell).CreateExcusedMonth(
        pb.CreateExcusedMonthRequest(
            parent=f"officers/{cell.officer}",
            excused_month_id=MONTH,
            excused_month=pb.ExcusedMonth(reason="授权矩阵"),
        ),
        metadata=metadata,
    )


def _create_cell(cell: Any) -> bool:
    _clear(cell)
    try:
        return bool(_create(cell, cell.metadata))
    finally:
        _clear(cell)


def _delete_cell(cell: Any) -> bool:
    _as_city_admin(cell, lambda metadata: _create(cell, metadata), grpc.StatusCode.ALREADY_EXISTS)
    try:
        return bool(
            _stub(cell).DeleteExcusedMonth(
                pb.DeleteExcusedMonthRequest(name=_excuse_name(cell)), metadata=cell.metadata
            )
        )
    finally:
        _clear(cell)


def shortfalls_by_parent(cell: Any, parent: str) -> Any:
    return _stub(cell).ListActivityShortfalls(
        pb.ListActivityShortfallsRequest(parent=parent, month=MONTH), metadata=cell.metadata
    )


def calls() -> dict[str, Callable[[Any], bool]]:
    return {
        "GetActivityCompliance": lambda c: (
            _stub(c)
            .GetActivityCompliance(
                pb.GetActivityComplianceRequest(parent=_community(c), month=MONTH),
                metadata=c.metadata,
            )
            .officer_count
            > 0
        ),
        # Nobody reported in the month: every officer of the community is short.
        "ListActivityShortfalls": lambda c: (
            f"officers/{c.officer}"
            in [s.officer for s in shortfalls_by_parent(c, _community(c)).shortfalls]
        ),
        "GetCoverage": lambda c: (
            _stub(c)
            .GetCoverage(pb.GetCoverageRequest(parent=_community(c)), metadata=c.metadata)
            .total.grid_count
            > 0
        ),
        "GetParticipation": lambda c: (
            len(
                _stub(c)
                .GetParticipation(
                    pb.GetParticipationRequest(parent=district_of(c)),
                    metadata=c.metadata,
                )
                .units
            )
            > 0
        ),
        "CreateExcusedMonth": _create_cell,
        "DeleteExcusedMonth": _delete_cell,
        "ListExcusedMonths": lambda c: bool(
            _stub(c).ListExcusedMonths(
                pb.ListExcusedMonthsRequest(parent=f"officers/{c.officer}"), metadata=c.metadata
            )
            is not None
        ),
    }
