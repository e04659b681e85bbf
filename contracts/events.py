"""The ``data`` of each domain event the module publishes (domain.event.v1 on
officer.events, routing key = event type).

Every activity event carries the whole activity as the change left it, so a
host that applies the events of one activity in ``revision`` order (or keeps
the highest revision it has seen) rebuilds exactly the module's view; a
deleted activity comes with ``delete_time`` set. ``contracts/schemas/events/``
holds the JSON Schema of each, ``contracts/samples/events/`` a golden sample.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.messages import EntityId, OfficerCategory


class ActivityKind(StrEnum):
    GRID_RESEARCH = "grid_research"
    DISPUTE_MEDIATION = "dispute_mediation"
    RISK_SCREENING = "risk_screening"
    LEGAL_PUBLICITY = "legal_publicity"
    ENTERPRISE_VISIT = "enterprise_visit"
    EPIDEMIC_DUTY = "epidemic_duty"
    MAJOR_EVENT_SECURITY = "major_event_security"
    POLICY_BRIEFING = "policy_briefing"
    OTHER = "other"
    LEGAL_CONSULTATION = "legal_consultation"
    GRID_WORKER_SUPPORT = "grid_worker_support"


class SubjectKind(StrEnum):
    DISPUTE = "dispute"
    RISK = "risk"
    GOVERNANCE = "governance"
    OTHER = "other"


class CaseState(StrEnum):
    """Where a dispute or risk stands (reported → mediating → resolved, or
    escalated up the chain)."""

    REPORTED = "reported"
    MEDIATING = "mediating"
    RESOLVED = "resolved"
    ESCALATED = "escalated"


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EventAttachment(_Data):
    uri: str
    display_name: str
    media_type: str
    size_bytes: Annotated[int, Field(ge=0)]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class EventPoint(_Data):
    latitude: Annotated[float, Field(ge=-90, le=90)]
    longitude: Annotated[float, Field(ge=-180, le=180)]


class EventCase(_Data):
    state: CaseState
    level: Literal["community", "street", "district"] = Field(
        description="The tier following it: the community head, street liaison or district admin."
    )
    scope_node: Annotated[str, Field(pattern=r"^[0-9]{6,12}$")] = Field(
        description="The code of that tier's node, above the activity's grid."
    )


class ActivityEventData(_Data):
    """The activity as the change left it (the event's ``subject`` is its name)."""

    officer: EntityId = Field(description="Host user id of the officer who did the work.")
    reporter: EntityId = Field(description="Host user id of who recorded it.")
    grid: Annotated[str, Field(pattern=r"^[0-9]{15}$")]
    kind: ActivityKind
    subject_kind: SubjectKind | None = None
    summary: Annotated[str, Field(max_length=2000)]
    outcome: Annotated[str, Field(max_length=2000)] = ""
    start_time: datetime
    end_time: datetime | None = None
    month: Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}$")] = Field(
        description="The city's local month it counts in (六.1)."
    )
    participant_count: Annotated[int, Field(ge=0)] = 0
    co_officers: list[EntityId] = Field(default_factory=list)
    place: EventPoint | None = None
    attachments: list[EventAttachment] = Field(default_factory=list)
    officer_category: OfficerCategory | None = None
    unit: EntityId | None = None
    revision: Annotated[int, Field(ge=1)] = Field(
        description="1 when reported, one more with each correction and case step; "
        "a deletion keeps it."
    )
    create_time: datetime
    update_time: datetime
    delete_time: datetime | None = None
    case: EventCase | None = Field(
        default=None, description="Where a dispute or risk stands; absent for other work."
    )
    change: Literal[
        "reported", "corrected", "deleted", "case_mediating", "case_resolved", "case_escalated"
    ]
    changed_fields: list[str] = Field(
        default_factory=list, description="What a correction changed."
    )
    note: Annotated[str, Field(max_length=1000)] = Field(
        default="",
        description="A correction's reason, a deletion's, or a case step's note (an "
        "escalation's names whom it went to and the tiers skipped).",
    )


class EventExtension(_Data):
    working_days: Annotated[int, Field(ge=1)]
    reason: Annotated[str, Field(max_length=500)]
    requester: EntityId
    create_time: datetime


class SuggestionEventData(_Data):
    """The suggestion as the step left it (the event's ``subject`` is its
    name), and the step: ``action``, ``note`` and ``step_time``."""

    submitter: EntityId = Field(description="Host user id of the submitting officer.")
    grid: Annotated[str, Field(pattern=r"^[0-9]{15}$")]
    category: Literal[
        "governance", "legal", "public_safety", "livelihood", "enterprise", "epidemic", "other"
    ]
    urgency: Literal["normal", "urgent"]
    title: Annotated[str, Field(max_length=200)]
    body: Annotated[str, Field(max_length=5000)]
    related_activity: str | None = Field(default=None, description="Id of an activity.")
    attachments: list[EventAttachment] = Field(default_factory=list)
    state: Literal["submitted", "dispatched", "signed", "returned", "answered", "closed", "rated"]
    department: Annotated[str, Field(pattern=r"^[a-z0-9-]{1,63}$")] | None = Field(
        default=None, description="Id of the department it is with after the step."
    )
    create_time: datetime
    dispatch_time: datetime | None = Field(
        default=None, description="The first dispatch, or the reopening: the deadlines run from it."
    )
    sign_due_time: datetime | None = None
    close_due_time: datetime | None = None
    sign_time: datetime | None = None
    answer_time: datetime | None = None
    close_time: datetime | None = None
    answer: Annotated[str, Field(max_length=5000)] | None = None
    satisfaction: Literal["satisfied", "basically_satisfied", "dissatisfied"] | None = None
    rating_comment: Annotated[str, Field(max_length=500)] | None = None
    return_count: Annotated[int, Field(ge=0)] = 0
    reopened: bool = False
    extension: EventExtension | None = Field(
        default=None, description="The extension asked for and not decided yet."
    )
    extended_working_days: Annotated[int, Field(ge=0)] = 0
    merged_into: str | None = Field(
        default=None, description="Id of the suggestion it was merged into (it follows it)."
    )
    action: Literal[
        "submit",
        "route",
        "sign",
        "return",
        "answer",
        "close",
        "rate",
        "reopen",
        "recategorize",
        "urge",
        "supervise",
        "ask_extension",
        "grant_extension",
        "deny_extension",
        "merge",
    ]
    note: Annotated[str, Field(max_length=5000)] = Field(
        default="", description="The step's note, reason, answer or comment."
    )
    step_time: datetime


_SUGGESTION_EVENTS = (
    "submitted",
    "routed",
    "signed",
    "returned",
    "answered",
    "closed",
    "rated",
    "reopened",
    "recategorized",
    "urged",
    "supervised",
    "extension_asked",
    "extension_granted",
    "extension_denied",
    "merged",
)


class EnrollmentEventData(_Data):
    """An enrollment (报名) as its unit's decision left it (the event's
    ``subject`` is its name): on ``officer.enrolled`` the host grants the
    officer profile and role, on ``officer.withdrawn`` it takes them back."""

    applicant: EntityId
    category: OfficerCategory
    unit: EntityId
    party_member: bool
    residence: str = Field(description="Grid or community code lived in.")
    workplace: str | None = Field(description="Grid or community code worked in.")
    preferred_grids: list[str]
    grid_capacity: Annotated[int, Field(ge=1)] | None = Field(
        description="How many grids they can serve; null when they did not say."
    )
    availability_note: str
    state: Literal["accepted", "withdrawn"]
    source: Literal["self", "import"]
    decision_reason: str
    decide_time: datetime | None


# Event type → the model of its ``data``.
EVENT_DATA: dict[str, type[BaseModel]] = {
    "activity.reported": ActivityEventData,
    "activity.corrected": ActivityEventData,
    "activity.deleted": ActivityEventData,
    "activity.case_mediating": ActivityEventData,
    "activity.case_resolved": ActivityEventData,
    "activity.case_escalated": ActivityEventData,
    **{f"suggestion.{name}": SuggestionEventData for name in _SUGGESTION_EVENTS},
    "officer.enrolled": EnrollmentEventData,
    "officer.withdrawn": EnrollmentEventData,
}
