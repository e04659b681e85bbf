"""Enrollment (报名, 三 and 五.1): who may enroll, what an enrollment says, and
the unit's decision on it.

Enrollment is open to the officers of every political-legal unit, lawyers and
law-society members (三); the unit collects and reports its list (五.1), so the
unit's admin decides. Officer status itself stays the host's: an accepted
enrollment is published as ``officer.enrolled`` for the host to grant the
profile and role, a withdrawal of an accepted one as ``officer.withdrawn``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from service.kernel.errors import FailedPrecondition, FieldViolation, InvalidArgument
from service.kernel.roles import OfficerCategory

MAX_PREFERRED_GRIDS = 5
MAX_GRID_CAPACITY = 5
MAX_NOTE_CHARS = 500
MAX_REASON_CHARS = 500
# Characters no field of an enrollment holds (a NUL reaches PostgreSQL as an error).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ENROLLED = "officer.enrolled"
WITHDRAWN = "officer.withdrawn"


class EnrollmentState(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Source(StrEnum):
    SELF = "self"
    IMPORT = "import"


class Action(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    WITHDRAW = "withdraw"


_MOVES = {
    Action.ACCEPT: ({EnrollmentState.SUBMITTED}, EnrollmentState.ACCEPTED),
    Action.REJECT: ({EnrollmentState.SUBMITTED}, EnrollmentState.REJECTED),
    Action.WITHDRAW: (
        {EnrollmentState.SUBMITTED, EnrollmentState.ACCEPTED},
        EnrollmentState.WITHDRAWN,
    ),
}
_PAST = {Action.ACCEPT: "accepted", Action.REJECT: "rejected", Action.WITHDRAW: "withdrawn"}
# An applicant has at most one enrollment in these states.
OPEN = frozenset({EnrollmentState.SUBMITTED, EnrollmentState.ACCEPTED})


def next_state(state: EnrollmentState, action: Action) -> EnrollmentState:
    """Where ``action`` leads; FAILED_PRECONDITION naming the state where it may not be taken."""
    sources, target = _MOVES[action]
    if state not in sources:
        raise FailedPrecondition(
            f"an enrollment that is {state.value} cannot be {_PAST[action]}",
            reason="ENROLLMENT_STATE",
            metadata={"state": state.value},
        )
    return target


@dataclass(frozen=True)
class Details:
    """What a person states when they enroll."""

    category: OfficerCategory
    unit: str
    party_member: bool
    residence: str  # a grid or community code
    workplace: str | None
    preferred_grids: tuple[str, ...] = ()
    # None: not stated (the proposal engine then decides, 五.2).
    grid_capacity: int | None = None
    availability_note: str = ""


def violations(details: Details, field: str = "enrollment") -> list[FieldViolation]:
    """Every bad field of ``details`` that can be told without the registry."""
    found = []
    if len(details.preferred_grids) > MAX_PREFERRED_GRIDS:
        found.append(
            FieldViolation(f"{field}.preferred_grids", f"at most {MAX_PREFERRED_GRIDS} grids")
        )
    elif len(set(details.preferred_grids)) != len(details.preferred_grids):
        found.append(FieldViolation(f"{field}.preferred_grids", "name each grid once"))
    if details.grid_capacity is not None and not 1 <= details.grid_capacity <= MAX_GRID_CAPACITY:
        found.append(
            FieldViolation(f"{field}.grid_capacity", f"from 1 to {MAX_GRID_CAPACITY} grids")
        )
    if len(details.availability_note) > MAX_NOTE_CHARS:
        found.append(
            FieldViolation(f"{field}.availability_note", f"at most {MAX_NOTE_CHARS} characters")
        )
    elif CONTROL.search(details.availability_note):
        found.append(FieldViolation(f"{field}.availability_note", "holds control characters"))
    return found


def check_reason(reason: str) -> None:
    if not reason.strip():
        raise InvalidArgument.field("reason", "say why; the applicant sees it")
    if len(reason) > MAX_REASON_CHARS:
        raise InvalidArgument.field("reason", f"at most {MAX_REASON_CHARS} characters")
