"""The rules of activity reports (工作动态反映, 七.2): what a report holds, how
far back it may be dated, who may correct it and until when, the month it
counts in for the "at least 2 a month" rule (六.1), and the lifecycle of the
disputes and risks officers mediate and screen (四.3, 四.4).

Nothing here knows gRPC, SQL or AMQP.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from contracts.events import ActivityKind, CaseState, SubjectKind
from service.kernel.attachments import Attachment, attachment_violations
from service.kernel.errors import FailedPrecondition, FieldViolation, InvalidArgument
from service.kernel.escalation import CHAIN, Tier, tiers_above

__all__ = [
    "ActivityKind",
    "Case",
    "CaseState",
    "Change",
    "Content",
    "Point",
    "SubjectKind",
    "Windows",
]


class Change(enum.StrEnum):
    """One step of an activity's history."""

    REPORTED = "reported"
    CORRECTED = "corrected"
    DELETED = "deleted"
    # The steps of a dispute's or risk's case.
    CASE_MEDIATING = "case_mediating"
    CASE_RESOLVED = "case_resolved"
    CASE_ESCALATED = "case_escalated"


MAX_TEXT_CHARS = 2000
MAX_CO_OFFICERS = 20
MAX_PARTICIPANTS = 100_000
MAX_REASON_CHARS = 500


@dataclass(frozen=True)
class Windows:
    """How far back a report may be dated, and how long its reporter may
    correct it alone (later corrections need the community head)."""

    backdating: timedelta = timedelta(days=30)
    correction: timedelta = timedelta(hours=72)


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Content:
    """What a reporter says about the work; the fields a correction may change."""

    grid: str
    kind: ActivityKind
    subject_kind: SubjectKind | None
    summary: str
    start_time: datetime | None
    end_time: datetime | None
    attachments: tuple[Attachment, ...]
    participant_count: int
    co_officers: tuple[str, ...]
    place: Point | None
    outcome: str


# The names of the fields a correction may change, as the API spells them.
CORRECTABLE = frozenset(field.name for field in fields(Content))


def violations(
    content: Content, now: datetime, windows: Windows, changed: frozenset[str] = CORRECTABLE
) -> list[FieldViolation]:
    """Every field of ``content`` that is wrong, named under ``activity``. The
    times are held to ``now`` only where ``changed``: a correction of the
    summary of a report 40 days old does not fail on its start time."""
    found: list[FieldViolation] = []

    def bad(field: str, description: str) -> None:
        found.append(FieldViolation(f"activity.{field}", description))

    if not content.summary.strip():
        bad("summary", "required")
    elif len(content.summary) > MAX_TEXT_CHARS:
        bad("summary", f"at most {MAX_TEXT_CHARS} characters")
    if len(content.outcome) > MAX_TEXT_CHARS:
        bad("outcome", f"at most {MAX_TEXT_CHARS} characters")
    start, end = content.start_time, content.end_time
    if start is None:
        bad("start_time", "required")
    elif "start_time" in changed and start > now:
        bad("start_time", "must not be in the future")
    elif "start_time" in changed and start < now - windows.backdating:
        bad("start_time", f"at most {windows.backdating.days} days ago (the back-dating window)")
    if end is not None:
        if "end_time" in changed and end > now:
            bad("end_time", "must not be in the future")
        elif start is not None and end < start:
            bad("end_time", "must not be before start_time")
    if not 0 <= content.participant_count <= MAX_PARTICIPANTS:
        bad("participant_count", f"0 to {MAX_PARTICIPANTS}")
    if len(content.co_officers) > MAX_CO_OFFICERS:
        bad("co_officers", f"at most {MAX_CO_OFFICERS}")
    if len(set(content.co_officers)) != len(content.co_officers):
        bad("co_officers", "names an officer twice")
    if content.place is not None:
        if not (math.isfinite(content.place.latitude) and -90 <= content.place.latitude <= 90):
            bad("place.latitude", "-90 to 90 degrees")
        if not (math.isfinite(content.place.longitude) and -180 <= content.place.longitude <= 180):
            bad("place.longitude", "-180 to 180 degrees")
    found.extend(attachment_violations(content.attachments, "activity"))
    return found


def check(
    content: Content,
    now: datetime,
    windows: Windows,
    *,
    officer: str,
    changed: frozenset[str] = CORRECTABLE,
) -> None:
    """INVALID_ARGUMENT naming every field that is wrong."""
    found = violations(content, now, windows, changed)
    if officer in content.co_officers:
        found.append(FieldViolation("activity.co_officers", "names the officer themself"))
    if found:
        raise InvalidArgument(found)


def check_reason(reason: str, *, required: bool, field: str = "reason") -> None:
    if required and not reason.strip():
        raise InvalidArgument.field(field, "required")
    if len(reason) > MAX_REASON_CHARS:
        raise InvalidArgument.field(field, f"at most {MAX_REASON_CHARS} characters")


def reporter_may_correct(create_time: datetime, now: datetime, windows: Windows) -> bool:
    """Within the correction window (七.2: reports are kept exact; after the
    window a correction is the community head's to make)."""
    return now <= create_time + windows.correction


def month_of(moment: datetime, zone: ZoneInfo) -> str:
    """The calendar month an activity counts in (六.1): the city's local month
    of when the work began, ``YYYY-MM``."""
    return moment.astimezone(zone).strftime("%Y-%m")


def check_month(text: str, field: str) -> str:
    """A ``YYYY-MM`` month as given in a request."""
    try:
        parsed = datetime.strptime(text, "%Y-%m")
    except ValueError as exc:
        raise InvalidArgument.field(field, "a month as YYYY-MM") from exc
    if parsed.strftime("%Y-%m") != text:
        raise InvalidArgument.field(field, "a month as YYYY-MM")
    return text


# Disputes and risks (四.3 化解矛盾纠纷, 四.4 排查风险隐患): the work that is not
# done when it is reported. The community head follows each until it is
# resolved, or escalates it up the chain the scope tree gives.
CASE_KINDS = frozenset({ActivityKind.DISPUTE_MEDIATION, ActivityKind.RISK_SCREENING})
CASE_SUBJECTS = frozenset({SubjectKind.DISPUTE, SubjectKind.RISK})
TOP_DEPTH = len(CHAIN) - 1


@dataclass(frozen=True)
class Case:
    state: CaseState
    # The tier of the escalation chain following it (kernel/escalation.py):
    # 0 the community head, 1 the street liaison, 2 the district admin.
    depth: int = 0


def is_case(content: Content) -> bool:
    """Dispute mediation and risk screening, and any work about a dispute or a risk."""
    return content.kind in CASE_KINDS or content.subject_kind in CASE_SUBJECTS


def is_dispute(content: Content) -> bool:
    return (
        content.kind is ActivityKind.DISPUTE_MEDIATION
        or content.subject_kind is SubjectKind.DISPUTE
    )


def following(grid: str, case: Case) -> Tier:
    """The tier that follows a case of ``grid``."""
    return tiers_above(grid)[case.depth]


def case_after_correction(case: Case | None, content: Content, name: str) -> Case | None:
    """A correction may make work a dispute or risk (its case opens) or stop it
    being one while nobody has taken it up; once a case is under way, the
    work stays a dispute or risk so its history keeps meaning."""
    if is_case(content):
        return case or Case(CaseState.REPORTED)
    if case is None or case == Case(CaseState.REPORTED):
        return None
    raise FailedPrecondition(
        f"{name} is a case that is {case.state.value}: it stays a dispute or risk",
        reason="CASE_UNDER_WAY",
        metadata={"state": case.state.value},
    )


# Each step: the states it may leave, and the state it leads to. An escalated
# case may be escalated again (a tier higher), taken up for mediation by the
# tier it reached, or resolved.
_STEPS: dict[Change, tuple[frozenset[CaseState], CaseState]] = {
    Change.CASE_MEDIATING: (
        frozenset({CaseState.REPORTED, CaseState.ESCALATED}),
        CaseState.MEDIATING,
    ),
    Change.CASE_RESOLVED: (
        frozenset({CaseState.REPORTED, CaseState.MEDIATING, CaseState.ESCALATED}),
        CaseState.RESOLVED,
    ),
    Change.CASE_ESCALATED: (
        frozenset({CaseState.REPORTED, CaseState.MEDIATING, CaseState.ESCALATED}),
        CaseState.ESCALATED,
    ),
}
_DONE = {
    Change.CASE_MEDIATING: "taken up for mediation",
    Change.CASE_RESOLVED: "resolved",
    Change.CASE_ESCALATED: "escalated",
}


def next_case_state(case: Case | None, step: Change, name: str) -> CaseState:
    """The state ``step`` leads to; FAILED_PRECONDITION, with the current state
    in its metadata, where it may not be taken."""
    if case is None:
        raise FailedPrecondition(
            f"{name} is not a dispute or risk: it has no case to follow", reason="NOT_A_CASE"
        )
    sources, target = _STEPS[step]
    if case.state not in sources:
        raise FailedPrecondition(
            f"a case that is {case.state.value} cannot be {_DONE[step]}",
            reason="CASE_STATE",
            metadata={"state": case.state.value, "step": step.value},
        )
    return target


TITLE_CHARS = 40


def escalation_title(content: Content) -> str:
    """What an escalation push is headed with: the kind of case and its summary."""
    label = "矛盾纠纷上报" if is_dispute(content) else "风险隐患上报"
    text = " ".join(content.summary.split())
    if len(text) > TITLE_CHARS:
        text = text[: TITLE_CHARS - 1] + "…"
    return f"{label}：{text}"
