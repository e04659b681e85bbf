"""Tables of the module's own data. Migrations in ``migrations/versions`` own the schema;
these classes must match them (a test compares the two)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class RequestRecord(SQLModel, table=True):
    """The first response to a mutation, kept under its ``request_id`` (AIP-155),
    so that a client retrying after a lost reply gets the same answer and the
    mutation happens once."""

    __tablename__ = "request_record"

    caller: str = Field(primary_key=True, max_length=64)
    method: str = Field(primary_key=True, max_length=128)
    request_id: str = Field(primary_key=True, max_length=64)
    # A repeat must be the same request: the id of a different one is refused.
    request_sha256: str = Field(max_length=64)
    response: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
    create_time: datetime = Field(sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False))


def _version_column() -> Any:
    return sa.Column(sa.BigInteger, nullable=False)


def _time_column() -> Any:
    return sa.Column(sa.DateTime(timezone=True), nullable=False)


class ScopeNodeRow(SQLModel, table=True):
    """Mirror of one node of the host's grid registry (city down to grid)."""

    __tablename__ = "scope_node"

    code: str = Field(primary_key=True, max_length=15)
    version: int = Field(sa_column=_version_column())
    level: str = Field(max_length=16)
    display_name: str = Field(max_length=200)
    # No foreign key: the host's events arrive in any order, a child before its parent.
    parent_code: str | None = Field(default=None, max_length=15, index=True)
    rural: bool
    grid_type: str | None = Field(default=None, max_length=16)
    exclusive_kind: str | None = Field(default=None, max_length=32)
    deleted: bool
    update_time: datetime = Field(sa_column=_time_column())


class HostUserRow(SQLModel, table=True):
    """Mirror of one user of the host's user registry; officer fields when one."""

    __tablename__ = "host_user"

    user_id: str = Field(primary_key=True, max_length=64)
    version: int = Field(sa_column=_version_column())
    display_name: str = Field(max_length=200)
    phone_number: str = Field(max_length=32)
    id_number: str = Field(max_length=32)
    officer_category: str | None = Field(default=None, max_length=16, index=True)
    unit: str | None = Field(default=None, max_length=64, index=True)
    party_member: bool | None = None
    residence: str | None = Field(default=None, max_length=15)
    workplace: str | None = Field(default=None, max_length=15)
    deleted: bool
    update_time: datetime = Field(sa_column=_time_column())


class UnitRow(SQLModel, table=True):
    """Mirror of one unit of the host's unit registry, with its staff counts."""

    __tablename__ = "unit"

    unit_id: str = Field(primary_key=True, max_length=64)
    version: int = Field(sa_column=_version_column())
    display_name: str = Field(max_length=200)
    kind: str = Field(max_length=32)
    district: str = Field(max_length=6, index=True)
    # In-service staff; None when the host does not know them (never zero for unknown).
    party_staff: int | None = None
    other_staff: int | None = None
    deleted: bool
    update_time: datetime = Field(sa_column=_time_column())


class RoleBindingRow(SQLModel, table=True):
    """One role of a mirrored user, rebuilt whenever a newer version of the user lands."""

    __tablename__ = "role_binding"
    __table_args__ = (sa.Index("ix_role_binding_role_scope", "role", "scope_node"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(max_length=64, index=True)
    role: str = Field(max_length=16)
    scope_node: str | None = Field(default=None, max_length=15)
    unit: str | None = Field(default=None, max_length=64)


class PermissionToggleRow(SQLModel, table=True):
    """A host admin's toggle of a permission for a role at a scope node."""

    __tablename__ = "permission_toggle"

    permission: str = Field(primary_key=True, max_length=64)
    role: str = Field(primary_key=True, max_length=16)
    scope_node: str = Field(primary_key=True, max_length=15)
    enabled: bool
    version: int = Field(sa_column=_version_column())
    toggled_by: str = Field(max_length=64)
    update_time: datetime = Field(sa_column=_time_column())


class RegistrySnapshotRow(SQLModel, table=True):
    """A full snapshot the module asked the host for, and what became of it."""

    __tablename__ = "registry_snapshot"

    snapshot_id: str = Field(primary_key=True, max_length=128)
    requested_by: str = Field(max_length=128)
    request_time: datetime = Field(sa_column=_time_column())
    # requested, then applied or incomplete.
    state: str = Field(max_length=16)
    detail: str | None = Field(default=None, max_length=1000)
    complete_time: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )


class RegistrySnapshotChunkRow(SQLModel, table=True):
    """A chunk of a requested snapshot that arrived."""

    __tablename__ = "registry_snapshot_chunk"

    snapshot_id: str = Field(primary_key=True, max_length=128)
    sequence: int = Field(primary_key=True)


class RegistrySnapshotEntryRow(SQLModel, table=True):
    """An entity a requested snapshot vouched for; dropped once it is reconciled."""

    __tablename__ = "registry_snapshot_entry"

    snapshot_id: str = Field(primary_key=True, max_length=128)
    kind: str = Field(primary_key=True, max_length=8)
    entity_key: str = Field(primary_key=True, max_length=64)


class GridAssignmentRow(SQLModel, table=True):
    """An officer serving a grid (编网入格): the module's own data."""

    __tablename__ = "grid_assignment"
    __table_args__ = (sa.Index("ix_grid_assignment_grid_code", "grid_code"),)

    officer_id: str = Field(primary_key=True, max_length=64)
    grid_code: str = Field(primary_key=True, max_length=15)
    assigned_by: str = Field(max_length=64)
    create_time: datetime = Field(sa_column=_time_column())
    check_in_due_time: datetime = Field(sa_column=_time_column())
    check_in_time: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )
    check_in_note: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    # The community head who confirmed the check-in, and when.
    check_in_confirmed_by: str | None = Field(default=None, max_length=64)
    check_in_confirm_time: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )


class AssignmentChangeRow(SQLModel, table=True):
    """One change of an officer's grids, kept for ever: who, when, why, before, after."""

    __tablename__ = "assignment_change"

    change_id: str = Field(primary_key=True, max_length=36)
    officer_id: str = Field(max_length=64, index=True)
    grids_before: str = Field(max_length=4000)
    grids_after: str = Field(max_length=4000)
    reason: str = Field(max_length=500)
    changed_by: str = Field(max_length=64)
    create_time: datetime = Field(sa_column=_time_column())
    # The proposal whose acceptance made the change; None for one made by hand.
    proposal_id: str | None = Field(default=None, max_length=26)


class AssignmentChangeGridRow(SQLModel, table=True):
    """The grids a change touched, so that history can be read within a scope."""

    __tablename__ = "assignment_change_grid"

    change_id: str = Field(primary_key=True, max_length=36)
    grid_code: str = Field(primary_key=True, max_length=15)


class PermissionGrantRow(SQLModel, table=True):
    """A permission opened or closed for a role at a scope node by a module admin."""

    __tablename__ = "permission_grant"

    permission: str = Field(primary_key=True, max_length=64)
    role: str = Field(primary_key=True, max_length=16)
    scope_node: str = Field(primary_key=True, max_length=15)
    enabled: bool
    changed_by: str = Field(max_length=64)
    update_time: datetime = Field(sa_column=_time_column())


class PermissionAuditRow(SQLModel, table=True):
    """Every permission change an admin made: what, where, before, after, who, when."""

    __tablename__ = "permission_audit"

    audit_id: str = Field(primary_key=True, max_length=36)
    permission: str = Field(max_length=64)
    role: str = Field(max_length=16)
    scope_node: str = Field(max_length=15, index=True)
    enabled_before: bool
    enabled_after: bool
    changed_by: str = Field(max_length=64)
    create_time: datetime = Field(sa_column=_time_column())


_SEQUENCE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _optional_time_column() -> Any:
    return sa.Column(sa.DateTime(timezone=True), nullable=True)


class NoticeRow(SQLModel, table=True):
    """A policy notice as it stands now; its revisions keep what it was."""

    __tablename__ = "notice"

    notice_id: str = Field(primary_key=True, max_length=26)
    title: str = Field(max_length=500)
    body: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    kind: str = Field(max_length=32)
    # JSON: the attachments and the audience as published.
    attachments: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    audience: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    effective_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    expire_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    acknowledge_due_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    # The narrowest scope node above everything the notice reached: who may see it.
    anchor: str = Field(max_length=15, index=True)
    state: str = Field(max_length=16)
    publisher: str = Field(max_length=64)
    recipient_count: int
    revision: int
    create_time: datetime = Field(sa_column=_time_column())
    update_time: datetime = Field(sa_column=_time_column())


class NoticeRevisionRow(SQLModel, table=True):
    """What a notice was after each publish, amendment or withdrawal: never lost."""

    __tablename__ = "notice_revision"

    notice_id: str = Field(primary_key=True, max_length=26)
    revision: int = Field(primary_key=True)
    action: str = Field(max_length=16)
    content: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    reason: str = Field(max_length=500)
    actor: str = Field(max_length=64)
    create_time: datetime = Field(sa_column=_time_column())


class DueStepRow(SQLModel, table=True):
    """A step the scheduler makes when its time comes (kernel/scheduler.py): a
    reminder, an escalation, a deadline. Done steps stay, with what became of
    them and which replica made them."""

    __tablename__ = "due_step"
    __table_args__ = (
        # In the order steps are claimed, so a claim walks it and stops at its limit.
        sa.Index(
            "ix_due_step_pending",
            "due_time",
            "step_id",
            postgresql_where=sa.text("done_time IS NULL"),
            sqlite_where=sa.text("done_time IS NULL"),
        ),
        # A series plans each step once at a time; a step made or cancelled may
        # be planned again (a moved deadline starts its reminders afresh).
        sa.Index(
            "uq_due_step_pending_series",
            "subject",
            "kind",
            "step",
            unique=True,
            postgresql_where=sa.text("done_time IS NULL"),
            sqlite_where=sa.text("done_time IS NULL"),
        ),
    )

    step_id: str = Field(primary_key=True, max_length=26)
    kind: str = Field(max_length=32)
    subject: str = Field(max_length=100, index=True)
    step: str = Field(max_length=32)
    due_time: datetime = Field(sa_column=_time_column())
    create_time: datetime = Field(sa_column=_time_column())
    done_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    # made, superseded or cancelled.
    outcome: str | None = Field(default=None, max_length=16)
    made_by: str | None = Field(default=None, max_length=64)


class TaskRow(SQLModel, table=True):
    """A key task of one assignee (重点任务): its state now; task_event keeps how it got there."""

    __tablename__ = "task"
    __table_args__ = (
        sa.Index("ix_task_assignee_due", "assignee", "due_time"),
        sa.Index("ix_task_state_due", "state", "due_time"),
    )

    task_id: str = Field(primary_key=True, max_length=26)
    # The tasks one CreateTask made share it (and the request id's response).
    batch_id: str = Field(max_length=26, index=True)
    title: str = Field(max_length=200)
    description: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    kind: str = Field(max_length=32)
    priority: str = Field(max_length=4)
    assignee: str = Field(max_length=64)
    # The grid the task concerns, when the creator named one.
    grid: str | None = Field(default=None, max_length=15)
    location: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    # The node the assignee was reached through: escalation climbs from here,
    # statistics roll up from here.
    scope_node: str = Field(max_length=15, index=True)
    due_time: datetime = Field(sa_column=_time_column())
    state: str = Field(max_length=16)
    creator: str = Field(max_length=64, index=True)
    attachments: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    completion_note: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    completion_attachments: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    progress_note: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    decline_reason: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    # Seconds before the due time of each reminder once acknowledged, as JSON;
    # "" means the server's default.
    reminder_offsets: str = Field(max_length=200)
    create_time: datetime = Field(sa_column=_time_column())
    update_time: datetime = Field(sa_column=_time_column())
    # When the assignee was alerted: at creation, or when it was reassigned to them.
    alert_time: datetime = Field(sa_column=_time_column())
    acknowledge_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    complete_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    escalate_time: datetime | None = Field(default=None, sa_column=_optional_time_column())


class TaskEventRow(SQLModel, table=True):
    """One step of a task: a transition, a reminder, an escalation. Kept for ever."""

    __tablename__ = "task_event"

    task_id: str = Field(primary_key=True, max_length=26)
    seq: int = Field(primary_key=True)
    action: str = Field(max_length=24)
    actor: str = Field(max_length=64)
    time: datetime = Field(sa_column=_time_column())
    note: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    state: str = Field(max_length=16)


class InboxItemRow(SQLModel, table=True):
    """One thing pushed to one user. ``seq`` orders a user's items and is the
    stream cursor: items are appended under a lock, so seq order is commit order."""

    __tablename__ = "inbox_item"
    __table_args__ = (
        sa.UniqueConstraint("item_id", name="uq_inbox_item_item_id"),
        sa.Index("ix_inbox_item_user_seq", "user_id", "seq"),
    )

    seq: int | None = Field(
        default=None, sa_column=sa.Column(_SEQUENCE, primary_key=True, autoincrement=True)
    )
    item_id: str = Field(max_length=26)
    user_id: str = Field(max_length=64)
    kind: str = Field(max_length=24)
    subject: str = Field(max_length=100)
    notice_id: str | None = Field(default=None, max_length=26, index=True)
    # The grid (or, for supervisors, the scope node) the recipient was counted
    # under when the item was made: statistics roll up from it.
    scope_node: str | None = Field(default=None, max_length=15)
    title: str = Field(max_length=500)
    summary: str = Field(max_length=2000)
    acknowledgement_required: bool
    acknowledge_due_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    hidden: bool
    create_time: datetime = Field(sa_column=_time_column())
    delivered_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    read_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    acknowledge_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    acknowledge_comment: str = Field(max_length=2000)


class OutboxRow(SQLModel, table=True):
    """A message to publish, written in the transaction that caused it."""

    __tablename__ = "outbox"
    __table_args__ = (
        sa.Index(
            "ix_outbox_unsent",
            "seq",
            postgresql_where=sa.text("sent_time IS NULL"),
            sqlite_where=sa.text("sent_time IS NULL"),
        ),
    )

    seq: int | None = Field(
        default=None, sa_column=sa.Column(_SEQUENCE, primary_key=True, autoincrement=True)
    )
    message_id: str = Field(max_length=128)
    exchange: str = Field(max_length=64)
    routing_key: str = Field(max_length=200)
    message_type: str = Field(max_length=64)
    body: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
    # The inbox item this push delivers, marked delivered when confirmed.
    inbox_item_id: str | None = Field(default=None, max_length=26)
    create_time: datetime = Field(sa_column=_time_column())
    sent_time: datetime | None = Field(default=None, sa_column=_optional_time_column())


class OfficerAvailabilityRow(SQLModel, table=True):
    """An officer's own quiet hours and days off; none: the city's apply."""

    __tablename__ = "officer_availability"

    user_id: str = Field(primary_key=True, max_length=64)
    # HH:MM-HH:MM, or empty for none.
    quiet_hours: str = Field(max_length=11)
    working_days_only: bool
    update_time: datetime = Field(sa_column=_time_column())


class CalendarDayRow(SQLModel, table=True):
    """A day a city admin made a working day or a day off, over the built-in
    statutory calendar."""

    __tablename__ = "calendar_day"

    day: date = Field(sa_column=sa.Column(sa.Date, primary_key=True))
    working: bool
    display_name: str = Field(max_length=50)
    changed_by: str = Field(max_length=64)
    update_time: datetime = Field(sa_column=_time_column())


class ActivityRow(SQLModel, table=True):
    """An activity as it stands (工作动态反映); activity_revision keeps every
    step. A deleted one keeps its row, with ``delete_time`` set."""

    __tablename__ = "activity"
    __table_args__ = (
        # The feeds, newest first: of the city, of each level's node, of an
        # officer, of a unit. Each walks its index in order and stops at the
        # page's end; a range over grid codes would sort the whole street.
        sa.Index("ix_activity_start", "start_time", "activity_id"),
        sa.Index("ix_activity_district_start", "district", "start_time", "activity_id"),
        sa.Index("ix_activity_street_start", "street", "start_time", "activity_id"),
        sa.Index("ix_activity_community_start", "community", "start_time", "activity_id"),
        sa.Index("ix_activity_grid_start", "grid", "start_time", "activity_id"),
        sa.Index("ix_activity_officer_start", "officer", "start_time", "activity_id"),
        sa.Index("ix_activity_unit_start", "unit", "start_time", "activity_id"),
        # The open cases, which are few beside all the work.
        sa.Index("ix_activity_case_start", "case_state", "start_time", "activity_id"),
    )

    activity_id: str = Field(primary_key=True, max_length=26)
    officer: str = Field(max_length=64)
    reporter: str = Field(max_length=64)
    grid: str = Field(max_length=15)
    # The grid's district, street and community (prefixes of its code).
    district: str = Field(max_length=6)
    street: str = Field(max_length=9)
    community: str = Field(max_length=12)
    kind: str = Field(max_length=32)
    subject_kind: str | None = Field(default=None, max_length=16)
    summary: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    outcome: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    start_time: datetime = Field(sa_column=_time_column())
    end_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    participant_count: int
    # JSON lists; the co-officers are also in activity_co_officer, for their record.
    co_officers: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    attachments: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    latitude: float | None = Field(default=None)
    longitude: float | None = Field(default=None)
    # The officer's category and unit when it was recorded.
    officer_category: str | None = Field(default=None, max_length=16)
    unit: str | None = Field(default=None, max_length=64)
    revision: int
    create_time: datetime = Field(sa_column=_time_column())
    update_time: datetime = Field(sa_column=_time_column())
    delete_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    # A dispute's or risk's case: its state and the depth of the chain tier
    # following it (0 community head, 1 street liaison, 2 district admin).
    case_state: str | None = Field(default=None, max_length=16)
    case_depth: int | None = Field(default=None)


class ActivityCoOfficerRow(SQLModel, table=True):
    """An officer who did an activity beside its officer: it is in their record too."""

    __tablename__ = "activity_co_officer"

    officer_id: str = Field(primary_key=True, max_length=64)
    activity_id: str = Field(primary_key=True, max_length=26, index=True)


class ActivityRevisionRow(SQLModel, table=True):
    """One step of an activity (reported, corrected, deleted), with the
    activity as the step left it. Kept for ever."""

    __tablename__ = "activity_revision"

    activity_id: str = Field(primary_key=True, max_length=26)
    seq: int = Field(primary_key=True)
    revision: int
    change: str = Field(max_length=16)
    actor: str = Field(max_length=64)
    time: datetime = Field(sa_column=_time_column())
    note: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    changed_fields: str = Field(max_length=500)
    snapshot: str = Field(sa_column=sa.Column(sa.Text, nullable=False))


class ActivityCountRow(SQLModel, table=True):
    """Standing activities beneath one node (a grid and each node above it but
    the city), in one local month, of one kind: kept in the transaction of every
    report, correction and deletion, so that a roll-up reads the few rows of
    its level and the 2-a-month rule (六.1) never scans the activities."""

    __tablename__ = "activity_count"
    # A roll-up reads one level's rows beneath a node, not the whole subtree.
    __table_args__ = (sa.Index("ix_activity_count_level", "code_length", "scope_node"),)

    scope_node: str = Field(primary_key=True, max_length=15)
    # The length of scope_node's code: which level it is.
    code_length: int
    month: str = Field(primary_key=True, max_length=7)
    kind: str = Field(primary_key=True, max_length=32)
    activity_count: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))


def metadata() -> sa.MetaData:
    """Every table above."""
    return SQLModel.metadata


class SuggestionRow(SQLModel, table=True):
    """A suggestion as it stands (对策建议上报); suggestion_step keeps every step."""

    __tablename__ = "suggestion"
    __table_args__ = (
        sa.Index("ix_suggestion_create", "create_time", "suggestion_id"),
        sa.Index("ix_suggestion_grid_create", "grid", "create_time", "suggestion_id"),
        sa.Index("ix_suggestion_submitter_create", "submitter", "create_time", "suggestion_id"),
        sa.Index("ix_suggestion_department_create", "department", "create_time", "suggestion_id"),
    )

    suggestion_id: str = Field(primary_key=True, max_length=26)
    submitter: str = Field(max_length=64)
    grid: str = Field(max_length=15)
    category: str = Field(max_length=16)
    urgency: str = Field(max_length=8)
    title: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    body: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    attachments: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    related_activity: str | None = Field(default=None, max_length=26)
    state: str = Field(max_length=16)
    department: str | None = Field(default=None, max_length=63)
    create_time: datetime = Field(sa_column=_time_column())
    update_time: datetime = Field(sa_column=_time_column())
    dispatch_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    sign_due_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    close_due_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    sign_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    answer_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    close_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    answer: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    satisfaction: str | None = Field(default=None, max_length=24)
    rating_comment: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    return_count: int
    reopened: bool
    # The extension (延期) asked for and not decided yet.
    extension_days: int | None = Field(default=None)
    extension_reason: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    extension_requester: str | None = Field(default=None, max_length=64)
    extension_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    extended_days: int = Field(default=0)
    merged_into: str | None = Field(default=None, max_length=26, index=True)


class SuggestionStepRow(SQLModel, table=True):
    """One step of a suggestion, with the state and department it left. Kept for ever."""

    __tablename__ = "suggestion_step"

    suggestion_id: str = Field(primary_key=True, max_length=26)
    seq: int = Field(primary_key=True)
    action: str = Field(max_length=16)
    # None for the routing table.
    actor: str | None = Field(default=None, max_length=64)
    time: datetime = Field(sa_column=_time_column())
    note: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    state: str = Field(max_length=16)
    department: str | None = Field(default=None, max_length=63)


class DepartmentRow(SQLModel, table=True):
    """A department that handles suggestions, serving a scope node."""

    __tablename__ = "department"

    department_id: str = Field(primary_key=True, max_length=63)
    display_name: str = Field(max_length=100)
    scope_node: str = Field(max_length=15)
    # Its limits; 0 where the module's default holds.
    sign_working_days: int
    urgent_sign_working_hours: int
    close_working_days: int
    urgent_close_working_days: int
    create_time: datetime = Field(sa_column=_time_column())
    update_time: datetime = Field(sa_column=_time_column())


class DepartmentHandlerRow(SQLModel, table=True):
    """A host user who acts for a department."""

    __tablename__ = "department_handler"

    department_id: str = Field(primary_key=True, max_length=63)
    user_id: str = Field(primary_key=True, max_length=64, index=True)


class RoutingRuleRow(SQLModel, table=True):
    """An entry of the routing table: category ('' for every one) at a node."""

    __tablename__ = "routing_rule"
    __table_args__ = (sa.UniqueConstraint("scope_node", "category", name="uq_routing_rule_entry"),)

    rule_id: str = Field(primary_key=True, max_length=26)
    category: str = Field(max_length=16)
    scope_node: str = Field(max_length=15)
    department: str = Field(max_length=63, index=True)
    creator: str = Field(max_length=64)
    create_time: datetime = Field(sa_column=_time_column())


class ProposalRow(SQLModel, table=True):
    """A grid-assignment proposal (编网入格) for a scope node, and its acceptance."""

    __tablename__ = "proposal"
    __table_args__ = (sa.Index("ix_proposal_create_time", "create_time", "proposal_id"),)

    proposal_id: str = Field(primary_key=True, max_length=26)
    area: str = Field(max_length=15, index=True)
    state: str = Field(max_length=16)
    created_by: str = Field(max_length=64)
    create_time: datetime = Field(sa_column=_time_column())
    # A digest of the officers and grids it was computed from (expiry).
    fingerprint: str = Field(max_length=64)
    # JSON: the published weights, the terms achieved, the shortfalls.
    weights: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    terms: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    shortfalls: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    line_count: int
    accepted_by: str | None = Field(default=None, max_length=64)
    accept_time: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )
    accept_note: str = Field(sa_column=sa.Column(sa.Text, nullable=False))


class ProposalLineRow(SQLModel, table=True):
    """One proposed assignment of a proposal, with its reasons and its fate."""

    __tablename__ = "proposal_line"

    proposal_id: str = Field(primary_key=True, max_length=26)
    number: int = Field(primary_key=True)
    officer_id: str = Field(max_length=64)
    grid_code: str = Field(max_length=15)
    # Space-separated: the reasons, the grids the officer served.
    reasons: str = Field(max_length=400)
    current_grids: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    moves: bool
    decision: str = Field(max_length=16)
    override_grid: str | None = Field(default=None, max_length=15)


class EnrollmentRow(SQLModel, table=True):
    """One person's enrollment (报名) and their unit's decision on it."""

    __tablename__ = "enrollment"
    __table_args__ = (
        sa.Index("ix_enrollment_unit_time", "unit", "create_time", "enrollment_id"),
        sa.Index("ix_enrollment_applicant", "applicant", "state"),
    )

    enrollment_id: str = Field(primary_key=True, max_length=26)
    applicant: str = Field(max_length=64)
    category: str = Field(max_length=16)
    unit: str = Field(max_length=64)
    party_member: bool
    residence: str = Field(max_length=15)
    workplace: str | None = Field(default=None, max_length=15)
    # Space-separated grid codes.
    preferred_grids: str = Field(max_length=100)
    # None: not stated.
    grid_capacity: int | None = None
    availability_note: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    state: str = Field(max_length=16)
    source: str = Field(max_length=16)
    create_time: datetime = Field(sa_column=_time_column())
    decided_by: str | None = Field(default=None, max_length=64)
    decide_time: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )
    decision_reason: str = Field(sa_column=sa.Column(sa.Text, nullable=False))


class ExcusedMonthRow(SQLModel, table=True):
    """A month an officer is not held to the activity floor (六.1): leave,
    secondment; set by their unit admin, with the reason."""

    __tablename__ = "excused_month"

    officer_id: str = Field(primary_key=True, max_length=64)
    month: str = Field(primary_key=True, max_length=7, index=True)
    reason: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    set_by: str = Field(max_length=64)
    set_time: datetime = Field(sa_column=_time_column())


class ReportRow(SQLModel, table=True):
    """A half-year report asked for (六.4): running, succeeded or failed."""

    __tablename__ = "report"
    __table_args__ = (
        sa.Index("ix_report_requested_by", "requested_by", "report_id"),
        # The reports whose builder was lost: running, with the lease passed.
        sa.Index("ix_report_state_lease", "state", "lease_until"),
    )

    report_id: str = Field(primary_key=True, max_length=26)
    # units/{unit} or scopeNodes/{code}.
    parent: str = Field(max_length=80)
    half: str = Field(max_length=7)
    state: str = Field(max_length=16)
    requested_by: str = Field(max_length=64)
    create_time: datetime = Field(sa_column=_time_column())
    # Until when the replica building it holds it.
    lease_until: datetime = Field(sa_column=_time_column())
    done_time: datetime | None = Field(default=None, sa_column=_optional_time_column())
    title: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    error: str = Field(sa_column=sa.Column(sa.Text, nullable=False))


class ReportFileRow(SQLModel, table=True):
    """One file of a report (html, pdf, xlsx), fetched by its resource name."""

    __tablename__ = "report_file"

    report_id: str = Field(primary_key=True, max_length=26)
    file_format: str = Field(primary_key=True, max_length=8)
    size_bytes: int
    content: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))


class CallerGenerationRow(SQLModel, table=True):
    """One counter that moves whenever anything a caller is loaded from changes
    (migration 0022's triggers move it): loaded callers of an older generation
    are stale."""

    __tablename__ = "caller_generation"
    __table_args__ = (sa.CheckConstraint("singleton = 1", name="ck_caller_generation_singleton"),)

    singleton: int = Field(primary_key=True)
    generation: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))


# The tables themselves, for the stores' queries: one name each, defined here only.
def _table(model: type[SQLModel]) -> sa.Table:
    table: sa.Table = model.__table__  # type: ignore[attr-defined]
    return table


REQUEST_RECORD = _table(RequestRecord)
SCOPE_NODE = _table(ScopeNodeRow)
HOST_USER = _table(HostUserRow)
ROLE_BINDING = _table(RoleBindingRow)
UNIT = _table(UnitRow)
PERMISSION_TOGGLE = _table(PermissionToggleRow)
ASSIGNMENT = _table(GridAssignmentRow)
CHANGE = _table(AssignmentChangeRow)
CHANGE_GRID = _table(AssignmentChangeGridRow)
GRANT = _table(PermissionGrantRow)
AUDIT = _table(PermissionAuditRow)
NOTICE = _table(NoticeRow)
REVISION = _table(NoticeRevisionRow)
DUE_STEP = _table(DueStepRow)
INBOX_ITEM = _table(InboxItemRow)
OUTBOX = _table(OutboxRow)
TASK = _table(TaskRow)
TASK_EVENT = _table(TaskEventRow)
OFFICER_AVAILABILITY = _table(OfficerAvailabilityRow)
CALENDAR_DAY = _table(CalendarDayRow)
ACTIVITY = _table(ActivityRow)
ACTIVITY_CO_OFFICER = _table(ActivityCoOfficerRow)
ACTIVITY_REVISION = _table(ActivityRevisionRow)
ACTIVITY_COUNT = _table(ActivityCountRow)
SUGGESTION = _table(SuggestionRow)
SUGGESTION_STEP = _table(SuggestionStepRow)
DEPARTMENT = _table(DepartmentRow)
DEPARTMENT_HANDLER = _table(DepartmentHandlerRow)
ROUTING_RULE = _table(RoutingRuleRow)
PROPOSAL = _table(ProposalRow)
PROPOSAL_LINE = _table(ProposalLineRow)
ENROLLMENT = _table(EnrollmentRow)
EXCUSED_MONTH = _table(ExcusedMonthRow)
REPORT = _table(ReportRow)
REPORT_FILE = _table(ReportFileRow)
CALLER_GENERATION = _table(CallerGenerationRow)
