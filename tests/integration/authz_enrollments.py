"""The authorization matrix's cells for enrollments (报名): the target is an
enrollment of the target's officer into their own unit. A person holds one
open enrollment at a time, so a cell that needs a fresh one withdraws the
applicant's open one first (as the applicant)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc
from officer.v1 import (
    common_pb2,
    enrollment_service_pb2,
    enrollment_service_pb2_grpc,
    officer_service_pb2,
    officer_service_pb2_grpc,
)

from tests.integration.bearer import auth

pb = enrollment_service_pb2
NONEXISTENT_ENROLLMENT = "enrollments/01HZZZZZZZZZZZZZZZZZZZZZZZ"
# By (server port, applicant): their open enrollment; by (port, relation): one to read.
_OPEN: dict[tuple[int, str], str] = {}
_READ: dict[tuple[int, str], str] = {}


def _stub(cell: Any) -> Any:
    return cell.stub(enrollment_service_pb2_grpc.EnrollmentServiceStub)


def _unit(cell: Any) -> str:
    if cell.relation == "nonexistent":
        return "units/no-such-unit"
    officers = cell.stub(officer_service_pb2_grpc.OfficerServiceStub)
    found = officers.GetOfficer(
        officer_service_pb2.GetOfficerRequest(name=f"officers/{cell.officer}"),
        metadata=auth(cell.world.actors["city_admin"]),
    )
    return str(found.officer.unit)


def _enroll(cell: Any, applicant: str) -> str:
    """A fresh submitted enrollment of ``applicant`` into the target's unit."""
    key = (cell.world.port, applicant)
    held = _OPEN.pop(key, None)
    if held is not None:
        try:
            _stub(cell).WithdrawEnrollment(
                pb.WithdrawEnrollmentRequest(name=held, reason="矩阵"), metadata=auth(applicant)
            )
        except grpc.RpcError as error:
            if error.code() is not grpc.StatusCode.FAILED_PRECONDITION:
                raise
    made = _stub(cell).CreateEnrollment(
        pb.CreateEnrollmentRequest(
            enrollment=pb.Enrollment(
                category=common_pb2.OFFICER_CATEGORY_POLICE,
                unit=_unit(cell),
                residence=f"grids/{cell.grid}",
            )
        ),
        metadata=auth(applicant),
    )
    _OPEN[key] = str(made.enrollment.name)
    return _OPEN[key]


def _target(cell: Any, *, fresh: bool) -> str:
    if cell.relation == "nonexistent":
        return NONEXISTENT_ENROLLMENT
    if fresh:
        return _enroll(cell, cell.officer)
    key = (cell.world.port, cell.relation)
    if key not in _READ:
        _READ[key] = _enroll(cell, cell.officer)
    return _READ[key]


def _create(cell: Any) -> bool:
    try:
        _enroll(cell, cell.world.actors[cell.role])
    except grpc.RpcError as error:
        # No such unit is a bad argument of the actor's own request: not reached.
        if cell.relation == "nonexistent" and error.code() is grpc.StatusCode.INVALID_ARGUMENT:
            return False
        raise
    return True


def calls(listed: Callable[..., set[str]]) -> dict[str, Callable[[Any], bool]]:
    return {
        "CreateEnrollment": _create,
        "GetEnrollment": lambda c: bool(
            _stub(c).GetEnrollment(
                pb.GetEnrollmentRequest(name=_target(c, fresh=False)), metadata=c.metadata
            )
        ),
        "ListEnrollments": lambda c: (
            _target(c, fresh=False)
            in listed(
                c,
                _stub(c).ListEnrollments,
                lambda token: pb.ListEnrollmentsRequest(
                    parent=_unit(c), page_size=1000, page_token=token
                ),
                "enrollments",
            )
        ),
        "AcceptEnrollment": lambda c: bool(
            _stub(c).AcceptEnrollment(
                pb.AcceptEnrollmentRequest(name=_target(c, fresh=True)), metadata=c.metadata
            )
        ),
        "RejectEnrollment": lambda c: bool(
            _stub(c).RejectEnrollment(
                pb.RejectEnrollmentRequest(name=_target(c, fresh=True), reason="矩阵"),
                metadata=c.metadata,
            )
        ),
        # A dry run: authorization decides as for a real import, nothing is written.
        "ImportEnrollments": lambda c: bool(
            _stub(c).ImportEnrollments(
                pb.ImportEnrollmentsRequest(
                    parent=_unit(c),
                    content=f"applicant,category,party_member,residence\n{c.officer},police,是,{c.grid}\n".encode(),
                    format=pb.IMPORT_FORMAT_CSV,
                    validate_only=True,
                ),
                metadata=c.metadata,
            )
        ),
        "WithdrawEnrollment": lambda c: bool(
            _stub(c).WithdrawEnrollment(
                pb.WithdrawEnrollmentRequest(name=_target(c, fresh=True), reason="矩阵"),
                metadata=c.metadata,
            )
        ),
    }
