"""Versioned schemas of every message the officer module exchanges over RabbitMQ.

Each message is a JSON object whose ``schema`` field names its schema and
version (``user.upserted.v1``); the same name travels as the AMQP ``type``
property. A breaking change makes a new version (``.v2``) beside the old one;
adding an optional field does not.

Messages we consume tolerate fields they do not know (the host may add some);
messages we publish forbid them, so that a typo cannot reach a terminal.
``contracts/schemas/*.json`` is generated from these models for the host's
teams, and ``contracts/samples/*.json`` holds a golden sample of each.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ScopeCode = Annotated[
    str,
    Field(
        pattern=r"^[0-9]{6}([0-9]{3}){0,3}$",
        description="Statistical area code: 6 digits for the city or a district, "
        "9 for a street, 12 for a community, 15 for a grid.",
    ),
]
# The ids of the host's users and units, and of officers (who are users).
ENTITY_ID_PATTERN = r"[A-Za-z0-9_.-]{1,64}"
EntityId = Annotated[str, Field(min_length=1, max_length=64, pattern=rf"^{ENTITY_ID_PATTERN}$")]
Version = Annotated[int, Field(ge=1, description="Grows with every change of the entity.")]
MessageId = Annotated[str, Field(min_length=1, max_length=128)]


class ScopeLevel(StrEnum):
    CITY = "city"
    DISTRICT = "district"
    STREET = "street"
    COMMUNITY = "community"
    GRID = "grid"


class GridType(StrEnum):
    ORDINARY = "ordinary"
    RURAL = "rural"
    EXCLUSIVE = "exclusive"


class ExclusiveGridKind(StrEnum):
    SCHOOL = "school"
    BUSINESS_DISTRICT = "business_district"
    PARK = "park"
    ENTERPRISE = "enterprise"
    HOSPITAL = "hospital"
    PUBLIC_BODY = "public_body"


class Role(StrEnum):
    OFFICER = "officer"
    GRID_WORKER = "grid_worker"
    COMMUNITY_HEAD = "community_head"
    STREET_LIAISON = "street_liaison"
    UNIT_ADMIN = "unit_admin"
    DISTRICT_ADMIN = "district_admin"
    CITY_ADMIN = "city_admin"


class OfficerCategory(StrEnum):
    JUDGE = "judge"
    PROSECUTOR = "prosecutor"
    POLICE = "police"
    LAWYER = "lawyer"
    LAW_SOCIETY = "law_society"
    OTHER_STAFF = "other_staff"


class UnitKind(StrEnum):
    COURT = "court"
    PROCURATORATE = "procuratorate"
    PUBLIC_SECURITY = "public_security"
    JUSTICE_BUREAU = "justice_bureau"
    LAW_SOCIETY = "law_society"
    POLITICAL_LEGAL_COMMITTEE = "political_legal_committee"
    OTHER = "other"


class _Consumed(BaseModel):
    """A message from the host: unknown fields are ignored, known ones checked."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    schema_: str = Field(alias="schema")
    message_id: MessageId
    occurred_time: datetime


class _Published(BaseModel):
    """A message we publish: nothing beyond the schema may be sent."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_: str = Field(alias="schema")
    message_id: MessageId
    occurred_time: datetime


# --- consumed: the host's user registry -------------------------------------


class RoleBinding(BaseModel):
    """A role bound to a node of the scope tree (or, for unit admins, a unit)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    role: Role
    scope_node: ScopeCode | None = Field(
        default=None, description="The node the role covers; absent only for unit admins."
    )
    unit: EntityId | None = Field(default=None, description="For unit admins: their unit.")


class OfficerProfile(BaseModel):
    """What the host knows of a user who is an officer."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    category: OfficerCategory
    unit: EntityId
    party_member: bool
    residence: ScopeCode | None = Field(default=None, description="Grid or community lived in.")
    workplace: ScopeCode | None = Field(default=None, description="Grid or community worked in.")


class UserRecord(BaseModel):
    """One user of the host's registry, at one version."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    user_id: EntityId
    version: Version
    display_name: Annotated[str, Field(min_length=1, max_length=200)]
    phone_number: Annotated[str, Field(max_length=32)] = ""
    id_number: Annotated[str, Field(max_length=32)] = ""
    roles: list[RoleBinding] = Field(default_factory=list)
    officer: OfficerProfile | None = None


class UserUpserted(_Consumed, UserRecord):
    """A user was created or changed in the host's user registry."""

    schema_: Literal["user.upserted.v1"] = Field(alias="schema")


class UserDeleted(_Consumed):
    """A user was removed: a tombstone at a version above every earlier one."""

    schema_: Literal["user.deleted.v1"] = Field(alias="schema")
    user_id: EntityId
    version: Version


# --- consumed: the host's unit registry -------------------------------------


class StaffCounts(BaseModel):
    """A unit's in-service staff (在编在岗), the denominators of participation (三)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    party_members: Annotated[int, Field(ge=0, le=1_000_000)]
    others: Annotated[int, Field(ge=0, le=1_000_000)]


class UnitRecord(BaseModel):
    """One unit (政法机关, or a body gathering lawyers or law-society members), at one version."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    unit_id: EntityId
    version: Version
    display_name: Annotated[str, Field(min_length=1, max_length=200)]
    kind: UnitKind
    district: Annotated[str, Field(pattern=r"^[0-9]{6}$")] = Field(
        description="Code of the district (or the city) the unit belongs to: 6 digits."
    )
    staff: StaffCounts | None = Field(
        default=None, description="Absent when the host does not know them: never counted as zero."
    )


class UnitUpserted(_Consumed, UnitRecord):
    """A unit was created or changed in the host's unit registry."""

    schema_: Literal["unit.upserted.v1"] = Field(alias="schema")


class UnitDeleted(_Consumed):
    """A unit was removed: a versioned tombstone."""

    schema_: Literal["unit.deleted.v1"] = Field(alias="schema")
    unit_id: EntityId
    version: Version


# --- consumed: the host's grid registry -------------------------------------


class ScopeNodeRecord(BaseModel):
    """One node of the scope tree (city down to grid), at one version."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    code: ScopeCode
    version: Version
    level: ScopeLevel
    display_name: Annotated[str, Field(min_length=1, max_length=200)]
    parent: ScopeCode | None = Field(default=None, description="Absent only for the city.")
    rural: bool = False
    grid_type: GridType | None = Field(default=None, description="Grids only.")
    exclusive_kind: ExclusiveGridKind | None = Field(default=None, description="Exclusive grids.")


class GridUpserted(_Consumed, ScopeNodeRecord):
    """A node of the scope tree was created or changed in the grid registry."""

    schema_: Literal["grid.upserted.v1"] = Field(alias="schema")


class GridDeleted(_Consumed):
    """A node of the scope tree was removed: a versioned tombstone."""

    schema_: Literal["grid.deleted.v1"] = Field(alias="schema")
    code: ScopeCode
    version: Version


# --- consumed: permission toggles -------------------------------------------


class PermissionToggled(_Consumed):
    """A host admin opened or closed a permission for a role at a scope node."""

    schema_: Literal["permission.toggled.v1"] = Field(alias="schema")
    permission: Annotated[str, Field(pattern=r"^[a-z_]+\.[a-z_]+$")]
    role: Role
    scope_node: ScopeCode
    enabled: bool
    version: Version
    toggled_by: EntityId


# --- consumed: snapshot replies ---------------------------------------------


class SnapshotChunk(_Consumed):
    """One part of a full registry snapshot the module asked for."""

    schema_: Literal["snapshot.chunk.v1"] = Field(alias="schema")
    snapshot_id: MessageId
    sequence: Annotated[int, Field(ge=0)]
    scope_nodes: list[ScopeNodeRecord] = Field(default_factory=list)
    users: list[UserRecord] = Field(default_factory=list)
    units: list[UnitRecord] = Field(default_factory=list)


class SnapshotCompleted(_Consumed):
    """The last message of a snapshot: what it held, so gaps can be detected."""

    schema_: Literal["snapshot.completed.v1"] = Field(alias="schema")
    snapshot_id: MessageId
    chunk_count: Annotated[int, Field(ge=0)]
    scope_node_count: Annotated[int, Field(ge=0)]
    user_count: Annotated[int, Field(ge=0)]
    unit_count: Annotated[int, Field(ge=0)] | None = Field(
        default=None,
        description="Units the snapshot held; absent when it carries no units, "
        "which then are neither checked nor tombstoned.",
    )


# --- published ---------------------------------------------------------------


class PushKind(StrEnum):
    NOTICE = "notice"
    NOTICE_AMENDED = "notice_amended"
    NOTICE_WITHDRAWN = "notice_withdrawn"
    NOTICE_REMINDER = "notice_reminder"
    TASK_ALERT = "task_alert"
    TASK_REMINDER = "task_reminder"
    # A task of the user's was reassigned away from them, extended or cancelled.
    TASK_CHANGED = "task_changed"
    SUGGESTION_REPLY = "suggestion_reply"
    ESCALATION = "escalation"
    # To a department's handlers: a suggestion for them to sign for (new,
    # re-routed to them after a return, or reopened for re-handling).
    SUGGESTION_DISPATCHED = "suggestion_dispatched"
    # To a department's handlers: a suggestion of theirs moved elsewhere.
    SUGGESTION_WITHDRAWN = "suggestion_withdrawn"
    # To the reviewers nearest its grid: a suggestion for them to route by hand.
    SUGGESTION_UNROUTED = "suggestion_unrouted"
    # To a department's handlers: a deadline of a suggestion of theirs passed (催办).
    SUGGESTION_URGED = "suggestion_urged"
    # To the supervising admins, an extension (延期) asked for; to the
    # department's handlers, the decision.
    SUGGESTION_EXTENSION = "suggestion_extension"
    # To an officer: the check-in (报到对接) of a new assignment is due soon.
    CHECK_IN_REMINDER = "check_in_reminder"
    # To the officer's unit admins and the community head: a check-in is overdue.
    CHECK_IN_OVERDUE = "check_in_overdue"
    # To an officer: the month is running out and they are below the activity floor (六.1).
    ACTIVITY_REMINDER = "activity_reminder"


class TerminalPush(_Published):
    """Something for one user's terminal; ``message_id`` equals the inbox item's."""

    schema_: Literal["terminal.push.v1"] = Field(alias="schema")
    recipient: EntityId = Field(description="Host user id of the recipient.")
    inbox_item: str = Field(description="Resource name: users/{user}/inboxItems/{item}.")
    cursor: str = Field(description="Opaque; resumes StreamInboxItems after this item.")
    kind: PushKind
    subject: str = Field(description="Resource name of the notice, task or suggestion.")
    title: Annotated[str, Field(max_length=500)]
    summary: Annotated[str, Field(max_length=2000)] = ""
    acknowledgement_required: bool = False
    acknowledge_due_time: datetime | None = None


class GridPush(_Published):
    """Something for the screens of one grid (a grid-wide display), published
    when a notice names the grid itself. No inbox item: screens show the latest."""

    schema_: Literal["grid.push.v1"] = Field(alias="schema")
    grid: Annotated[str, Field(pattern=r"^grids/[0-9]{15}$")] = Field(
        description="Resource name of the grid."
    )
    kind: PushKind
    subject: str = Field(description="Resource name of the notice.")
    title: Annotated[str, Field(max_length=500)]
    summary: Annotated[str, Field(max_length=2000)] = ""


class DomainEvent(_Published):
    """A change in the module's own data, for the host and other subscribers."""

    schema_: Literal["domain.event.v1"] = Field(alias="schema")
    event_type: Annotated[str, Field(pattern=r"^[a-z_]+\.[a-z_]+$")] = Field(
        description="e.g. notice.published, assignment.changed, task.overdue."
    )
    subject: str = Field(description="Resource name of what changed.")
    actor: str = Field(description="Resource name of who changed it, or 'system'.")
    data: dict[str, Any] = Field(default_factory=dict)


class SnapshotRequested(_Published):
    """The module asks the host for a full snapshot of its registries."""

    schema_: Literal["snapshot.requested.v1"] = Field(alias="schema")
    snapshot_id: MessageId
    requested_by: str = Field(description="Resource name of the admin who asked.")


ConsumedMessage = Annotated[
    UserUpserted
    | UserDeleted
    | GridUpserted
    | GridDeleted
    | UnitUpserted
    | UnitDeleted
    | PermissionToggled
    | SnapshotChunk
    | SnapshotCompleted,
    Field(discriminator="schema_"),
]

SCHEMAS: dict[str, type[BaseModel]] = {
    "user.upserted.v1": UserUpserted,
    "user.deleted.v1": UserDeleted,
    "grid.upserted.v1": GridUpserted,
    "grid.deleted.v1": GridDeleted,
    "unit.upserted.v1": UnitUpserted,
    "unit.deleted.v1": UnitDeleted,
    "permission.toggled.v1": PermissionToggled,
    "snapshot.chunk.v1": SnapshotChunk,
    "snapshot.completed.v1": SnapshotCompleted,
    "terminal.push.v1": TerminalPush,
    "grid.push.v1": GridPush,
    "domain.event.v1": DomainEvent,
    "snapshot.requested.v1": SnapshotRequested,
}
CONSUMED_SCHEMAS = frozenset(
    name for name, model in SCHEMAS.items() if issubclass(model, _Consumed)
)
PUBLISHED_SCHEMAS = frozenset(SCHEMAS) - CONSUMED_SCHEMAS


def encode(message: BaseModel) -> bytes:
    """Serialises a message as compact JSON with its ``schema`` field."""
    return message.model_dump_json(by_alias=True, exclude_none=True).encode()


def schema_of(message: _Consumed | _Published) -> str:
    """The schema name of a message, as carried in the AMQP ``type`` property."""
    return message.schema_
