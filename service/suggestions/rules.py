"""The rules of suggestions (对策建议上报, 七.2; 四.1 research offered to the
departments, 四.7 problems to solve) run as closed-loop work orders the way
the 12345 lines run them: dispatched by a routing table, signed for (签收) or
returned (退回), answered (回复), closed (办结), rated (回访), and handled again
once (重办) when the submitter is dissatisfied. Limits are counted in working
time on the statutory calendar, and run from dispatch.

Nothing here knows gRPC, SQL or AMQP.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from service.kernel import scope
from service.kernel.attachments import Attachment, attachment_violations
from service.kernel.errors import FailedPrecondition, FieldViolation, InvalidArgument
from service.kernel.escalation import Tier, tiers_above
from service.kernel.working_time import (
    OfficeHours,
    WorkingCalendar,
    working_days_after,
    working_hours_after,
)


class Category(enum.StrEnum):
    GOVERNANCE = "governance"
    LEGAL = "legal"
    PUBLIC_SAFETY = "public_safety"
    LIVELIHOOD = "livelihood"
    ENTERPRISE = "enterprise"
    EPIDEMIC = "epidemic"
    OTHER = "other"


class Urgency(enum.StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"


class State(enum.StrEnum):
    # No routing entry matched: a reviewer routes it.
    SUBMITTED = "submitted"
    DISPATCHED = "dispatched"
    SIGNED = "signed"
    # Returned by the department: a reviewer routes it again.
    RETURNED = "returned"
    ANSWERED = "answered"
    CLOSED = "closed"
    RATED = "rated"


class Action(enum.StrEnum):
    SUBMIT = "submit"
    ROUTE = "route"
    SIGN = "sign"
    RETURN = "return"
    ANSWER = "answer"
    CLOSE = "close"
    RATE = "rate"
    REOPEN = "reopen"
    RECATEGORIZE = "recategorize"
    # Made by the scheduler: 催办 to the department, 督办 to the supervising admin.
    URGE = "urge"
    SUPERVISE = "supervise"
    # 延期: asked by the department, granted or refused by a supervising admin.
    ASK_EXTENSION = "ask_extension"
    GRANT_EXTENSION = "grant_extension"
    DENY_EXTENSION = "deny_extension"
    # Merged into a near-duplicate of the same community.
    MERGE = "merge"


class Satisfaction(enum.StrEnum):
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    DISSATISFIED = "dissatisfied"


# Each action: the states it may leave, and where it leads. A category change
# keeps the state but for a re-routing (use cases); a reopened suggestion is
# dispatched again.
_MOVES: dict[Action, tuple[frozenset[State], State | None]] = {
    Action.ROUTE: (frozenset({State.SUBMITTED, State.RETURNED}), State.DISPATCHED),
    Action.SIGN: (frozenset({State.DISPATCHED}), State.SIGNED),
    Action.RETURN: (frozenset({State.DISPATCHED, State.SIGNED}), State.RETURNED),
    Action.ANSWER: (frozenset({State.SIGNED}), State.ANSWERED),
    Action.CLOSE: (frozenset({State.ANSWERED}), State.CLOSED),
    Action.RATE: (frozenset({State.CLOSED}), State.RATED),
    Action.REOPEN: (frozenset({State.RATED}), State.DISPATCHED),
    Action.RECATEGORIZE: (
        frozenset({State.SUBMITTED, State.DISPATCHED, State.SIGNED, State.RETURNED}),
        None,
    ),
    Action.URGE: (frozenset({State.DISPATCHED, State.SIGNED, State.ANSWERED}), None),
    Action.SUPERVISE: (
        frozenset({State.DISPATCHED, State.SIGNED, State.RETURNED, State.ANSWERED}),
        None,
    ),
    Action.ASK_EXTENSION: (frozenset({State.SIGNED, State.ANSWERED}), None),
    Action.GRANT_EXTENSION: (frozenset({State.SIGNED, State.ANSWERED}), None),
    Action.DENY_EXTENSION: (frozenset({State.SIGNED, State.ANSWERED}), None),
    Action.MERGE: (
        frozenset(
            {State.SUBMITTED, State.DISPATCHED, State.SIGNED, State.RETURNED, State.ANSWERED}
        ),
        None,
    ),
}
_PAST = {
    Action.ROUTE: "routed",
    Action.SIGN: "signed for",
    Action.RETURN: "returned",
    Action.ANSWER: "answered",
    Action.CLOSE: "closed",
    Action.RATE: "rated",
    Action.REOPEN: "reopened",
    Action.RECATEGORIZE: "given another category",
    Action.URGE: "urged",
    Action.SUPERVISE: "escalated for supervision",
    Action.ASK_EXTENSION: "given more time",
    Action.GRANT_EXTENSION: "given more time",
    Action.DENY_EXTENSION: "refused more time",
    Action.MERGE: "merged",
}


def next_state(state: State, action: Action) -> State:
    """Where ``action`` leads from ``state``; FAILED_PRECONDITION, with the
    current state in its metadata, where it may not be taken. A category
    change leaves the state as it is."""
    sources, target = _MOVES[action]
    if state not in sources:
        raise FailedPrecondition(
            f"a suggestion that is {state.value} cannot be {_PAST[action]}",
            reason="SUGGESTION_STATE",
            metadata={"state": state.value, "action": action.value},
        )
    return target or state


def reopens(satisfaction: Satisfaction, already_reopened: bool) -> bool:
    """The first dissatisfied rating sends it back for re-handling (重办); a
    second closes the loop as it stands."""
    return satisfaction is Satisfaction.DISSATISFIED and not already_reopened


MAX_TITLE_CHARS = 200
MAX_BODY_CHARS = 5000
MAX_NOTE_CHARS = 500


@dataclass(frozen=True)
class Content:
    grid: str
    category: Category
    urgency: Urgency
    title: str
    body: str
    attachments: tuple[Attachment, ...]
    related_activity: str | None


def check(content: Content) -> None:
    """INVALID_ARGUMENT naming every field of ``suggestion`` that is wrong."""
    found: list[FieldViolation] = []
    if not content.title.strip():
        found.append(FieldViolation("suggestion.title", "required"))
    elif len(content.title) > MAX_TITLE_CHARS:
        found.append(FieldViolation("suggestion.title", f"at most {MAX_TITLE_CHARS} characters"))
    if not content.body.strip():
        found.append(FieldViolation("suggestion.body", "required"))
    elif len(content.body) > MAX_BODY_CHARS:
        found.append(FieldViolation("suggestion.body", f"at most {MAX_BODY_CHARS} characters"))
    found.extend(attachment_violations(content.attachments, "suggestion"))
    if found:
        raise InvalidArgument(found)


# What a push shows of a title or a body.
TITLE_CHARS = 30
SUMMARY_CHARS = 120


def short(text: str, limit: int = TITLE_CHARS) -> str:
    """``text`` on one line, cut with an ellipsis past ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def check_text(text: str, field: str, *, required: bool, limit: int = MAX_NOTE_CHARS) -> None:
    if required and not text.strip():
        raise InvalidArgument.field(field, "required")
    if len(text) > limit:
        raise InvalidArgument.field(field, f"at most {limit} characters")


@dataclass(frozen=True)
class Limits:
    """How long a department has: to sign for (working days; urgent, working
    hours) and to close (working days), from dispatch."""

    sign_working_days: int = 1
    urgent_sign_working_hours: int = 2
    close_working_days: int = 5
    urgent_close_working_days: int = 1

    def over(self, defaults: Limits) -> Limits:
        """These limits where set (non-zero), ``defaults`` elsewhere."""
        return Limits(
            *(
                mine or default
                for mine, default in zip(
                    (
                        self.sign_working_days,
                        self.urgent_sign_working_hours,
                        self.close_working_days,
                        self.urgent_close_working_days,
                    ),
                    (
                        defaults.sign_working_days,
                        defaults.urgent_sign_working_hours,
                        defaults.close_working_days,
                        defaults.urgent_close_working_days,
                    ),
                    strict=True,
                )
            )
        )


# Upper bounds a department may set (a limit beyond them is a mistake).
_LIMIT_BOUNDS = {
    "sign_working_days": 30,
    "urgent_sign_working_hours": 72,
    "close_working_days": 60,
    "urgent_close_working_days": 30,
}
UNSET_LIMITS = Limits(0, 0, 0, 0)


def limit_violations(limits: Limits, prefix: str) -> list[FieldViolation]:
    return [
        FieldViolation(f"{prefix}.{name}", f"0 (the default) to {bound}")
        for name, bound in _LIMIT_BOUNDS.items()
        if not 0 <= getattr(limits, name) <= bound
    ]


@dataclass(frozen=True)
class WorkingTime:
    """The calendar and office hours deadlines are counted on, in the city's zone."""

    zone: ZoneInfo
    calendar: WorkingCalendar
    office: OfficeHours = field(default_factory=OfficeHours)


def deadlines(
    dispatched: datetime, urgency: Urgency, limits: Limits, time: WorkingTime
) -> tuple[datetime, datetime]:
    """(sign for by, close by), from dispatch: a normal suggestion in working
    days from the next working day, an urgent one's sign-for in working hours."""
    if urgency is Urgency.URGENT:
        sign = working_hours_after(
            dispatched, limits.urgent_sign_working_hours, time.zone, time.calendar, time.office
        )
        close_days = limits.urgent_close_working_days
    else:
        sign = working_days_after(dispatched, limits.sign_working_days, time.zone, time.calendar)
        close_days = limits.close_working_days
    return sign, working_days_after(dispatched, close_days, time.zone, time.calendar)


@dataclass(frozen=True)
class Route:
    """One entry of the routing table: a category (None for any) at a node."""

    rule_id: str
    category: Category | None
    scope_node: str
    department: str


def choose_route(routes: Sequence[Route], grid: str, category: Category) -> Route | None:
    """The most specific entry over ``grid`` for ``category``: the deepest
    node first, and at one node the entry naming the category over the one
    for every category."""
    matching = [
        route
        for route in routes
        if scope.covers(route.scope_node, grid) and route.category in (None, category)
    ]
    if not matching:
        return None
    return max(matching, key=lambda r: (len(r.scope_node), r.category is not None))


_DEPARTMENT_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
MAX_DEPARTMENT_NAME_CHARS = 100
MAX_HANDLERS = 50


def check_department_id(department_id: str) -> None:
    if not _DEPARTMENT_ID.match(department_id):
        raise InvalidArgument.field(
            "department_id", "1 to 63 lower-case letters, digits and hyphens, not at either end"
        )


def department_violations(
    display_name: str, handlers: Sequence[str], limits: Limits
) -> list[FieldViolation]:
    found: list[FieldViolation] = []
    if not display_name.strip():
        found.append(FieldViolation("department.display_name", "required"))
    elif len(display_name) > MAX_DEPARTMENT_NAME_CHARS:
        found.append(
            FieldViolation(
                "department.display_name", f"at most {MAX_DEPARTMENT_NAME_CHARS} characters"
            )
        )
    if not handlers:
        found.append(FieldViolation("department.handlers", "at least one handler"))
    elif len(handlers) > MAX_HANDLERS:
        found.append(FieldViolation("department.handlers", f"at most {MAX_HANDLERS}"))
    elif len(set(handlers)) != len(handlers):
        found.append(FieldViolation("department.handlers", "names a handler twice"))
    found.extend(limit_violations(limits, "department.limits"))
    return found


# Supervision (督办, 12345 practice) through the scheduler: the department is
# urged (催办) the moment a deadline passes unmet, and a further wait later the
# supervising admin is told. Two series per suggestion, by the scheduler's kinds.
URGE = "suggestion.urge"
SUPERVISE = "suggestion.supervise"
SUPERVISE_AFTER_WORKING_DAYS = 5
# Which deadline a step is about, and the states that leave it unmet.
UNMET = {
    "sign": frozenset({State.DISPATCHED, State.RETURNED}),
    "close": frozenset({State.DISPATCHED, State.SIGNED, State.RETURNED, State.ANSWERED}),
}
DEADLINE_LABELS = {"sign": "签收", "close": "办结"}


def supervision_plan(
    sign_due: datetime, close_due: datetime, supervise_after_days: int, time: WorkingTime
) -> list[tuple[str, str, datetime]]:
    """(kind, step, due time) of every step a dispatch plans."""
    # A deadline at midnight is the end of the day before: count from that day.
    later = {
        deadline: working_days_after(
            due - timedelta(microseconds=1), supervise_after_days, time.zone, time.calendar
        )
        for deadline, due in (("sign", sign_due), ("close", close_due))
    }
    return [
        (URGE, "sign", sign_due),
        (URGE, "close", close_due),
        (SUPERVISE, "sign", later["sign"]),
        (SUPERVISE, "close", later["close"]),
    ]


def unmet(deadline: str, state: State) -> bool:
    """The deadline a step is about is still unmet in ``state``."""
    return state in UNMET[deadline]


MAX_EXTENSION_WORKING_DAYS = 10


@dataclass(frozen=True)
class Extension:
    """An extension (延期) a department asked for."""

    working_days: int
    reason: str
    requester: str
    time: datetime


def check_extension(
    working_days: int,
    *,
    pending: Extension | None,
    extended: int,
    close_due: datetime | None,
    now: datetime,
    maximum: int,
) -> None:
    """INVALID_ARGUMENT for a bad number of days; FAILED_PRECONDITION while
    another waits, once the close deadline has passed, or beyond the most
    the module allows in all."""
    if not 1 <= working_days <= maximum:
        raise InvalidArgument.field("working_days", f"1 to {maximum}")
    if pending is not None:
        raise FailedPrecondition(
            "an extension already waits for a supervising admin", reason="EXTENSION_PENDING"
        )
    if close_due is None or now >= close_due:
        raise FailedPrecondition(
            "an extension is asked for before the close deadline passes",
            reason="DEADLINE_PASSED",
        )
    if extended + working_days > maximum:
        raise FailedPrecondition(
            f"extensions come to at most {maximum} working days; {extended} granted already",
            reason="EXTENSION_LIMIT",
            metadata={"extended_working_days": str(extended), "maximum": str(maximum)},
        )


def extended_close(close_due: datetime, working_days: int, time: WorkingTime) -> datetime:
    """The close deadline moved by ``working_days`` (a deadline at midnight
    is the end of the day before)."""
    return working_days_after(
        close_due - timedelta(microseconds=1), working_days, time.zone, time.calendar
    )


@dataclass(frozen=True)
class Counts:
    """How one node's or department's suggestions fared (12345 practice: 按时
    签收率, 按时办结率, 满意率, 退回): of those due, how many on time."""

    key: str | None
    received: int = 0
    dispatched: int = 0
    sign_due: int = 0
    signed_on_time: int = 0
    close_due: int = 0
    closed_on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    returns: int = 0

    def plus(self, other: Counts) -> Counts:
        return Counts(
            self.key,
            *(
                getattr(self, name) + getattr(other, name)
                for name in (
                    "received",
                    "dispatched",
                    "sign_due",
                    "signed_on_time",
                    "close_due",
                    "closed_on_time",
                    "rated",
                    "satisfied",
                    "returns",
                )
            ),
        )


def rate(part: int, whole: int) -> float:
    """``part / whole``, 0 when there is no whole to measure."""
    return part / whole if whole else 0.0


SATISFIED = frozenset({Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED})


def supervising_tier(grid: str) -> Tier:
    """Who supervises the departments over a grid's suggestions (督办, 延期):
    the top of the escalation chain, the district admin (区委政法委)."""
    return tiers_above(grid)[-1]
