"""Grid assignments (编网入格): which grids an officer serves, every change to it,
and the check-in each new assignment owes (报到对接, 五.3).

The rules here are those of a single change; the proposal engine (residence
first, every grid covered, every community all professions) is
service/proposals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from service.kernel.errors import FailedPrecondition, FieldViolation, InvalidArgument
from service.kernel.scheduler import PlannedStep

# 五.3: the officer reports to the community within ten days of assignment.
CHECK_IN_PERIOD = timedelta(days=10)
MAX_REASON_CHARS = 500
MAX_GRIDS_PER_CHANGE = 100


@dataclass(frozen=True)
class AssignmentChange:
    officer_id: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    reason: str
    changed_by: str
    time: datetime
    # The proposal whose acceptance made it (编网入格 proposals); None by hand.
    proposal_id: str | None = None

    @property
    def touched(self) -> set[str]:
        return set(self.before) ^ set(self.after)


def check_request(grids: list[str], reason: str) -> None:
    """Refuses a change without grids or a reason, naming the field."""
    violations = []
    if not grids:
        violations.append(FieldViolation("grids", "name at least one grid"))
    elif len(grids) > MAX_GRIDS_PER_CHANGE:
        violations.append(FieldViolation("grids", f"at most {MAX_GRIDS_PER_CHANGE} per change"))
    if not reason.strip():
        violations.append(FieldViolation("reason", "say why; it is kept in the history"))
    elif len(reason) > MAX_REASON_CHARS:
        violations.append(FieldViolation("reason", f"at most {MAX_REASON_CHARS} characters"))
    if violations:
        raise InvalidArgument(violations)


def assign(current: Iterable[str], grids: Iterable[str]) -> tuple[str, ...]:
    """The officer's grids after adding ``grids`` (already served ones stay as they are)."""
    return tuple(sorted(set(current) | set(grids)))


def unassign(current: Iterable[str], grids: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(current) - set(grids)))


def check_in_due(assigned: datetime) -> datetime:
    return assigned + CHECK_IN_PERIOD


# 五.3: the check-in owed by each new assignment, on the scheduler: reminders to
# the officer before the deadline, then the alert to their unit and the
# community head when it passes.
CHECK_IN = "assignment.check_in"
CHECK_IN_REMINDERS = (timedelta(days=3), timedelta(days=1))
OVERDUE = "overdue"
MAX_NOTE_CHARS = 500


def check_in_subject(officer_id: str, grid: str) -> str:
    return f"officers/{officer_id}/assignments/{grid}"


def check_in_plan(
    officer_id: str,
    grid: str,
    assigned: datetime,
    reminders: Sequence[timedelta] = CHECK_IN_REMINDERS,
) -> list[PlannedStep]:
    """The steps a new assignment's check-in owes: each reminder still ahead of
    the deadline, then the overdue alert at the deadline."""
    due = check_in_due(assigned)
    subject = check_in_subject(officer_id, grid)
    steps = [
        PlannedStep(CHECK_IN, subject, f"reminder:{int(before.total_seconds())}", due - before)
        for before in sorted(reminders, reverse=True)
        if due - before > assigned
    ]
    return [*steps, PlannedStep(CHECK_IN, subject, OVERDUE, due)]


def check_check_in(at: datetime, assigned: datetime, now: datetime, note: str) -> None:
    """A check-in is not in the future, not before the assignment, and its note short."""
    violations = []
    if at > now:
        violations.append(FieldViolation("check_in_time", "must not be in the future"))
    elif at < assigned:
        violations.append(FieldViolation("check_in_time", "must not be before the assignment"))
    if len(note) > MAX_NOTE_CHARS:
        violations.append(FieldViolation("note", f"at most {MAX_NOTE_CHARS} characters"))
    if violations:
        raise InvalidArgument(violations)


class CheckInState(StrEnum):
    OWED = "owed"  # not checked in
    CHECKED_IN = "checked_in"
    CONFIRMED = "confirmed"


def check_in_state(checked_in: datetime | None, confirmed: datetime | None) -> CheckInState:
    if confirmed is not None:
        return CheckInState.CONFIRMED
    return CheckInState.CHECKED_IN if checked_in is not None else CheckInState.OWED


def refuse_unless(state: CheckInState, expected: CheckInState, action: str) -> None:
    if state is not expected:
        raise FailedPrecondition(
            f"a check-in that is {state.value} cannot be {action}",
            reason="CHECK_IN_STATE",
            metadata={"state": state.value},
        )


@dataclass
class CheckInCounts:
    """How the check-ins owed under a node stand (五.3: the unit supervises)."""

    owed: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    confirmed: int = 0

    def count(
        self, due: datetime, checked_in: datetime | None, confirmed: bool, now: datetime
    ) -> None:
        self.owed += 1
        if checked_in is None:
            if due < now:
                self.overdue += 1
            else:
                self.pending += 1
        elif checked_in <= due:
            self.on_time += 1
        else:
            self.late += 1
        self.confirmed += confirmed

    def __add__(self, other: CheckInCounts) -> CheckInCounts:
        return CheckInCounts(
            *(getattr(self, name) + getattr(other, name) for name in self.__dataclass_fields__)
        )


def recorded_time(now: datetime, previous: datetime | None) -> datetime:
    """When a change is recorded: now, but never at or before the officer's
    previous change (六.3: history shows who, when and why, in the order the
    changes were made). Two changes of one officer take turns; the one that waited
    may have read the clock first, and would otherwise sort before the change it
    follows."""
    if previous is not None and now <= previous:
        return previous + timedelta(microseconds=1)
    return now
