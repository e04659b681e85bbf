"""Enrollment (报名, 三 and 五.1): a person enrolls from their terminal; their
unit's admin accepts or rejects; the applicant or the unit withdraws. Each
decision that changes who the host should make an officer is published to the
host (``officer.enrolled``, ``officer.withdrawn``) in the same transaction.

Who sees an enrollment: its applicant, its unit's admins, and whoever reads the
unit's district (``registry.read``: the district and city admins)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from service.enrollment import lists, rules
from service.enrollment.ports import Enrollment, UnitOfWork
from service.enrollment.rules import Action, Details, EnrollmentState, Source
from service.kernel.access import Caller, Permission
from service.kernel.errors import AlreadyExists, FieldViolation, InvalidArgument, PermissionDenied
from service.kernel.events import domain_event
from service.kernel.ids import new_id
from service.kernel.roles import Role
from service.kernel.scope import ScopeLevel


def administers(caller: Caller, unit: str) -> bool:
    """The caller is an admin of ``unit`` (units collect and report their lists, 五.1)."""
    return any(b.role is Role.UNIT_ADMIN and b.unit == unit for b in caller.bindings)


def _sees(uow: UnitOfWork, caller: Caller, enrollment: Enrollment) -> bool:
    unit = enrollment.details.unit
    district = uow.enrollments.unit_district(unit)
    return (
        caller.user_id == enrollment.applicant
        or administers(caller, unit)
        or (district is not None and caller.reach(Permission.REGISTRY_READ).covers_node(district))
    )


def _check_places(uow: UnitOfWork, details: Details) -> None:
    violations = rules.violations(details)
    if uow.enrollments.unit_district(details.unit) is None:
        violations.append(FieldViolation("enrollment.unit", "no such unit"))
    places = [details.residence, *([details.workplace] if details.workplace else [])]
    levels = uow.enrollments.node_levels([*places, *details.preferred_grids])
    where = {ScopeLevel.GRID.value, ScopeLevel.COMMUNITY.value}
    if levels.get(details.residence) not in where:
        violations.append(FieldViolation("enrollment.residence", "no such grid or community"))
    if details.workplace and levels.get(details.workplace) not in where:
        violations.append(FieldViolation("enrollment.workplace", "no such grid or community"))
    for index, grid in enumerate(details.preferred_grids):
        if levels.get(grid) != ScopeLevel.GRID.value:
            violations.append(
                FieldViolation(f"enrollment.preferred_grids[{index}]", "no such grid")
            )
    if violations:
        raise InvalidArgument(violations)


def _event(enrollment: Enrollment, event_type: str, actor: str, now: datetime) -> Any:
    details = enrollment.details
    return domain_event(
        event_type,
        subject=f"enrollments/{enrollment.enrollment_id}",
        actor=f"users/{actor}",
        data={
            "applicant": enrollment.applicant,
            "category": details.category.value,
            "unit": details.unit,
            "party_member": details.party_member,
            "residence": details.residence,
            "workplace": details.workplace,
            "preferred_grids": list(details.preferred_grids),
            "grid_capacity": details.grid_capacity,
            "availability_note": details.availability_note,
            "state": enrollment.state.value,
            "source": enrollment.source.value,
            "decision_reason": enrollment.decision_reason,
            "decide_time": (
                enrollment.decide_time.astimezone(UTC).isoformat().replace("+00:00", "Z")
                if enrollment.decide_time
                else None
            ),
        },
        now=now,
    )


def create(uow: UnitOfWork, *, caller: Caller, details: Details, now: datetime) -> Enrollment:
    """The caller enrolls themself (from their terminal)."""
    if not uow.enrollments.person_exists(caller.user_id):
        raise PermissionDenied("the host's registry does not know you")
    _check_places(uow, details)
    held = uow.enrollments.open_for(caller.user_id, lock=True)
    if held is not None:
        raise AlreadyExists(
            f"you have an enrollment that is {held.state.value}: enrollments/{held.enrollment_id}",
            metadata={"enrollment": f"enrollments/{held.enrollment_id}"},
        )
    made = Enrollment(
        new_id(now), caller.user_id, details, EnrollmentState.SUBMITTED, Source.SELF, now
    )
    uow.enrollments.add(made)
    return made


def get(uow: UnitOfWork, *, caller: Caller, enrollment_id: str) -> Enrollment:
    found = uow.enrollments.get(enrollment_id)
    if found is None or not _sees(uow, caller, found):
        raise PermissionDenied.outside_scope(f"enrollments/{enrollment_id}")
    return found


def list_for_unit(
    uow: UnitOfWork,
    *,
    caller: Caller,
    unit: str,
    state: EnrollmentState | None,
    before: tuple[datetime, str] | None,
    limit: int,
) -> list[Enrollment]:
    district = uow.enrollments.unit_district(unit)
    if district is None or not (
        administers(caller, unit) or caller.reach(Permission.REGISTRY_READ).covers_node(district)
    ):
        raise PermissionDenied.outside_scope(f"units/{unit}")
    return uow.enrollments.list_for_unit(unit, state=state, before=before, limit=limit)


def decide(
    uow: UnitOfWork,
    *,
    caller: Caller,
    enrollment_id: str,
    action: Action,
    reason: str,
    via_broker: bool,
    now: datetime,
) -> Enrollment:
    """Accept or reject (the unit admin), or withdraw (the applicant or the unit admin)."""
    if action is not Action.ACCEPT:
        rules.check_reason(reason)
    found = uow.enrollments.get(enrollment_id, lock=True)
    name = f"enrollments/{enrollment_id}"
    if found is None or not _sees(uow, caller, found):
        raise PermissionDenied.outside_scope(name)
    may = administers(caller, found.details.unit) or (
        action is Action.WITHDRAW and caller.user_id == found.applicant
    )
    if not may:
        raise PermissionDenied(f"only the unit's admin may do this to {name}")
    state = rules.next_state(found.state, action)
    uow.enrollments.decide(enrollment_id, state, by=caller.user_id, at=now, reason=reason)
    decided = uow.enrollments.get(enrollment_id) or found
    # The host makes officers: it hears of an acceptance, and of an accepted
    # enrollment withdrawn (a submitted one withdrawn or rejected changes nothing for it).
    event_type = (
        rules.ENROLLED
        if action is Action.ACCEPT
        else rules.WITHDRAWN
        if found.state is EnrollmentState.ACCEPTED
        else None
    )
    if via_broker and event_type is not None:
        uow.outbox.append([_event(decided, event_type, caller.user_id, now)], now)
    return decided


@dataclass(frozen=True)
class Imported:
    rows: int
    errors: tuple[lists.RowError, ...]
    created: int


def check_importer(uow: UnitOfWork, *, caller: Caller, unit: str) -> None:
    """Only the unit's admins import its list, checked before its file is read."""
    if uow.enrollments.unit_district(unit) is None or not administers(caller, unit):
        raise PermissionDenied.outside_scope(f"units/{unit}")


def import_list(
    uow: UnitOfWork,
    *,
    caller: Caller,
    unit: str,
    table: list[list[str]],
    validate_only: bool,
    via_broker: bool,
    now: datetime,
) -> Imported:
    """The unit's list (五.1), every row or none: each row becomes an accepted
    enrollment (the unit reports it), published as ``officer.enrolled``."""
    check_importer(uow, caller=caller, unit=unit)
    rows, errors = lists.read(table, unit)
    levels = uow.enrollments.node_levels(
        sorted(
            {
                code
                for row in rows
                for code in (
                    row.details.residence,
                    *([row.details.workplace] if row.details.workplace else []),
                    *row.details.preferred_grids,
                )
            }
        )
    )
    where = {ScopeLevel.GRID.value, ScopeLevel.COMMUNITY.value}
    # In applicant order: the person rows are locked as every other writer
    # locks them (proposal acceptance, another import), so none waits in a circle.
    for row in sorted(rows, key=lambda r: r.applicant):
        given, bad = row.details, row.bad

        def refuse(column: str, reason: str, row: lists.Row = row) -> None:
            errors.append(lists.RowError(row.number, column, reason))

        if "applicant" not in bad:
            if not uow.enrollments.person_exists(row.applicant):
                refuse("applicant", "the host's registry does not know them")
            elif uow.enrollments.open_for(row.applicant, lock=not validate_only) is not None:
                refuse("applicant", "already has an open enrollment")
        if "residence" not in bad and levels.get(given.residence) not in where:
            refuse("residence", "no such grid or community")
        if "workplace" not in bad and given.workplace and levels.get(given.workplace) not in where:
            refuse("workplace", "no such grid or community")
        if "preferred_grids" not in bad and any(
            levels.get(code) != ScopeLevel.GRID.value for code in given.preferred_grids
        ):
            refuse("preferred_grids", "no such grid")
    errors.sort(
        key=lambda e: (e.row, lists.COLUMNS.index(e.column) if e.column in lists.COLUMNS else -1)
    )
    counted = sum(1 for cells in table[1:] if any(cell.strip() for cell in cells))
    if validate_only:
        return Imported(counted, tuple(errors), 0)
    if errors:
        raise InvalidArgument(
            [
                FieldViolation(
                    f"content.rows[{e.row}]" + (f".{e.column}" if e.column else ""), e.reason
                )
                for e in errors[:100]
            ]
        )
    made = []
    for row in rows:
        enrollment = Enrollment(
            new_id(now),
            row.applicant,
            row.details,
            EnrollmentState.ACCEPTED,
            Source.IMPORT,
            now,
            decided_by=caller.user_id,
            decide_time=now,
        )
        uow.enrollments.add(enrollment)
        made.append(enrollment)
    if via_broker and made:
        uow.outbox.append([_event(e, rules.ENROLLED, caller.user_id, now) for e in made], now)
    return Imported(counted, (), len(made))
