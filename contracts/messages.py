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

import pydantic_core
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from contracts.topology import routing_key_for_schema

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


class SnapshotCompleted(_Consumed):
    """The last message of a snapshot: what it held, so gaps can be detected."""

    schema_: Literal["snapshot.completed.v1"] = Field(alias="schema")
    snapshot_id: MessageId
    chunk_count: Annotated[int, Field(ge=0)]
    scope_node_count: Annotated[int, Field(ge=0)]
    user_count: Annotated[int, Field(ge=0)]


# --- published ---------------------------------------------------------------


class PushKind(StrEnum):
    NOTICE = "notice"
    NOTICE_AMENDED = "notice_amended"
    NOTICE_WITHDRAWN = "notice_withdrawn"
    NOTICE_REMINDER = "notice_reminder"
    TASK_ALERT = "task_alert"
    TASK_REMINDER = "task_reminder"
    SUGGESTION_REPLY = "suggestion_reply"
    ESCALATION = "escalation"


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

_consumed_adapter: TypeAdapter[ConsumedMessage] = TypeAdapter(ConsumedMessage)


class Refused(ValueError):
    """A message the module will not apply, with a stable reason code (for
    machines) and a short detail that never repeats the message's values (it
    may hold personal data)."""

    code = "REFUSED"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotJson(Refused):
    code = "NOT_JSON"


class NotAnObject(Refused):
    code = "NOT_AN_OBJECT"


class UnknownSchema(Refused):
    """The message names a schema this module does not consume."""

    code = "UNKNOWN_SCHEMA"


class InvalidFields(Refused):
    code = "INVALID_FIELDS"


class InconsistentOfficer(Refused):
    """A user with an officer profile and no officer role, or the reverse."""

    code = "INCONSISTENT_OFFICER"


class RoutingKeyMismatch(Refused):
    """The routing key names another message type than the body's schema."""

    code = "ROUTING_KEY_MISMATCH"


def _field_path(location: tuple[int | str, ...]) -> str:
    # The union's tag (the schema name) leads every location: it names no field.
    parts = location[1:] if location and location[0] in CONSUMED_SCHEMAS else location
    return ".".join(str(part) for part in parts) or "(message)"


def _invalid_fields(error: ValidationError) -> InvalidFields:
    problems = [
        f"{_field_path(tuple(problem['loc']))}: {problem['type']}"
        for problem in error.errors(include_input=False, include_url=False)
    ]
    shown = "; ".join(problems[:10]) + ("; …" if len(problems) > 10 else "")
    return InvalidFields(shown)


def decode_consumed(body: bytes) -> ConsumedMessage:
    """Parses a message from the host.

    Raises a ``Refused`` (a ``ValueError``) that says why otherwise: the
    reason to dead-letter it.
    """

    try:
        # One pass in Rust for the common case, a third faster than parsing
        # and then validating the parsed document.
        message = _consumed_adapter.validate_json(body)
    except ValueError:
        pass  # rare: diagnose below, with an error that says what is wrong
    else:
        _check_officers(message)
        return message
    try:
        document = pydantic_core.from_json(body)
    except ValueError as exc:
        raise NotJson("the body is not JSON") from exc
    if not isinstance(document, dict):
        raise NotAnObject("the body is not a JSON object")
    if document.get("schema") not in CONSUMED_SCHEMAS:
        raise UnknownSchema("the schema field names no schema this module consumes")
    try:
        message = _consumed_adapter.validate_python(document)
    except ValidationError as exc:
        raise _invalid_fields(exc) from exc
    _check_officers(message)
    return message


def _check_officers(message: ConsumedMessage) -> None:
    """Who is an officer (政法网格员), as the host says it: a user whose record
    carries an officer profile (who: category, unit) and binds the officer role
    (where: a grid). One without the other is refused, not guessed at: the
    module cannot tell which half the host meant."""
    users: list[UserRecord] = []
    if isinstance(message, UserUpserted):
        users = [message]
    elif isinstance(message, SnapshotChunk):
        users = message.users
    for user in users:
        has_role = any(binding.role is Role.OFFICER for binding in user.roles)
        if (user.officer is not None) != has_role:
            raise InconsistentOfficer(
                "an officer needs both an officer profile and the officer role; "
                "this user has one of them"
            )


def check_routing_key(message: ConsumedMessage, routing_key: str) -> None:
    """The routing key decides nothing: it must name the body's own type
    (``user.upserted`` for ``user.upserted.v1``), or the message is refused."""
    if routing_key != routing_key_for_schema(schema_of(message)):
        raise RoutingKeyMismatch("the routing key names another message type than the schema")


def encode(message: BaseModel) -> bytes:
    """Serialises a message as compact JSON with its ``schema`` field."""
    return message.model_dump_json(by_alias=True, exclude_none=True).encode()


def schema_of(message: _Consumed | _Published) -> str:
    """The schema name of a message, as carried in the AMQP ``type`` property."""
    return message.schema_
