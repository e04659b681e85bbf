"""Enrollments between the wire and the use cases."""

from __future__ import annotations

from officer.v1 import common_pb2, enrollment_service_pb2

from service.enrollment.ports import Enrollment
from service.enrollment.rules import Details
from service.kernel.errors import FieldViolation, InvalidArgument
from service.kernel.roles import OfficerCategory
from service.kernel.scope import resource_name
from service.platform import names, wire

pb = enrollment_service_pb2


def _place(name: str, field: str, violations: list[FieldViolation]) -> str:
    match = names.GRID.match(name) or names.SCOPE_NODE.match(name)
    if match is None:
        violations.append(FieldViolation(field, "must be grids/{code} or scopeNodes/{community}"))
        return ""
    return match.group(1)


def details(given: pb.Enrollment) -> Details:
    """The enrollment as asked, every malformed field named at once."""
    violations: list[FieldViolation] = []
    category = wire.enum_name(
        common_pb2.OfficerCategory, given.category, "OFFICER_CATEGORY_", "enrollment.category"
    )
    if category is None:
        violations.append(FieldViolation("enrollment.category", "name the category"))
    unit = names.UNIT.match(given.unit)
    if unit is None:
        violations.append(FieldViolation("enrollment.unit", "must look like units/{unit}"))
    residence = ""
    if given.residence:
        residence = _place(given.residence, "enrollment.residence", violations)
    else:
        violations.append(FieldViolation("enrollment.residence", "say where you live"))
    workplace = (
        _place(given.workplace, "enrollment.workplace", violations) if given.workplace else None
    )
    grids = []
    for index, name in enumerate(given.preferred_grids):
        match = names.GRID.match(name)
        if match is None:
            violations.append(
                FieldViolation(
                    f"enrollment.preferred_grids[{index}]", "must look like grids/{code}"
                )
            )
        else:
            grids.append(match.group(1))
    if violations:
        raise InvalidArgument(violations)
    if category is None or unit is None:  # named among the violations above
        raise InvalidArgument(violations)
    return Details(
        OfficerCategory(category),
        unit.group(1),
        given.party_member,
        residence,
        workplace or None,
        tuple(grids),
        given.grid_capacity or None,
        given.availability_note,
    )


def _place_name(code: str | None) -> str:
    return resource_name(code) if code else ""


def enrollment(view: Enrollment) -> pb.Enrollment:
    given = view.details
    message = pb.Enrollment(
        name=f"enrollments/{view.enrollment_id}",
        applicant=f"users/{view.applicant}",
        category=wire.enum_number(common_pb2.OfficerCategory, "OFFICER_CATEGORY_", given.category),
        unit=f"units/{given.unit}",
        party_member=given.party_member,
        residence=_place_name(given.residence),
        workplace=_place_name(given.workplace),
        preferred_grids=[f"grids/{code}" for code in given.preferred_grids],
        grid_capacity=given.grid_capacity or 0,
        availability_note=given.availability_note,
        state=wire.enum_number(pb.EnrollmentState, "ENROLLMENT_STATE_", view.state.value),
        source=wire.enum_number(pb.EnrollmentSource, "ENROLLMENT_SOURCE_", view.source.value),
        create_time=wire.timestamp(view.create_time),
        decided_by=f"users/{view.decided_by}" if view.decided_by else "",
        decision_reason=view.decision_reason,
    )
    if view.decide_time is not None:
        message.decide_time.CopyFrom(wire.timestamp(view.decide_time))
    return message


def enrollment_id(name: str) -> str:
    return names.parse(names.ENROLLMENT, name, "name", "enrollments/{enrollment}")
