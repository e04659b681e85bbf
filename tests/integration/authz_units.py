"""The authorization matrix's cells for units: the target is the unit of the
target's officer, which the city admin reads off the officer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from officer.v1 import (
    officer_service_pb2,
    officer_service_pb2_grpc,
    unit_service_pb2,
    unit_service_pb2_grpc,
)

from tests.integration.bearer import auth

NONEXISTENT_UNIT = "units/no-such-unit"


def _stub(cell: Any) -> Any:
    return cell.stub(unit_service_pb2_grpc.UnitServiceStub)


def _unit(cell: Any) -> str:
    if cell.relation == "nonexistent":
        return NONEXISTENT_UNIT
    officers = cell.stub(officer_service_pb2_grpc.OfficerServiceStub)
    found = officers.GetOfficer(
        officer_service_pb2.GetOfficerRequest(name=f"officers/{cell.officer}"),
        metadata=auth(cell.world.actors["city_admin"]),
    )
    return str(found.officer.unit)


def calls(listed: Callable[..., set[str]]) -> dict[str, Callable[[Any], bool]]:
    return {
        "GetUnit": lambda c: bool(
            _stub(c).GetUnit(unit_service_pb2.GetUnitRequest(name=_unit(c)), metadata=c.metadata)
        ),
        "ListUnits": lambda c: (
            _unit(c)
            in listed(
                c,
                _stub(c).ListUnits,
                lambda token: unit_service_pb2.ListUnitsRequest(page_size=1000, page_token=token),
                "units",
            )
        ),
    }


def list_by_parent(cell: Any, parent: str) -> Any:
    return _stub(cell).ListUnits(
        unit_service_pb2.ListUnitsRequest(parent=parent), metadata=cell.metadata
    )
