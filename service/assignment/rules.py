"""Grid assignments (编网入格): which grids an officer serves, and every change to it.

The rules here are those of a single change; the proposal engine (residence
first, every grid covered, every community all professions) comes later.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from service.kernel.errors import FieldViolation, InvalidArgument

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


def recorded_time(now: datetime, previous: datetime | None) -> datetime:
    """When a change is recorded: now, but never at or before the officer's
    previous change (六.3: history shows who, when and why, in the order the
    changes were made). Two changes of one officer take turns; the one that waited
    may have read the clock first, and would otherwise sort before the change it
    follows."""
    if previous is not None and now <= previous:
        return previous + timedelta(microseconds=1)
    return now
