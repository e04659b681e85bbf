"""Key tasks (重点任务) and their history.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _time(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "task",
        sa.Column("task_id", sa.String(length=26), nullable=False),
        sa.Column("batch_id", sa.String(length=26), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("priority", sa.String(length=4), nullable=False),
        sa.Column("assignee", sa.String(length=64), nullable=False),
        sa.Column("grid", sa.String(length=15), nullable=True),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("scope_node", sa.String(length=15), nullable=False),
        _time("due_time"),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("creator", sa.String(length=64), nullable=False),
        sa.Column("attachments", sa.Text(), nullable=False),
        sa.Column("completion_note", sa.Text(), nullable=False),
        sa.Column("completion_attachments", sa.Text(), nullable=False),
        sa.Column("progress_note", sa.Text(), nullable=False),
        sa.Column("decline_reason", sa.Text(), nullable=False),
        sa.Column("reminder_offsets", sa.String(length=200), nullable=False),
        _time("create_time"),
        _time("update_time"),
        _time("alert_time"),
        _time("acknowledge_time", nullable=True),
        _time("complete_time", nullable=True),
        _time("escalate_time", nullable=True),
        sa.PrimaryKeyConstraint("task_id"),
    )
    op.create_index("ix_task_batch_id", "task", ["batch_id"])
    op.create_index("ix_task_scope_node", "task", ["scope_node"])
    op.create_index("ix_task_creator", "task", ["creator"])
    op.create_index("ix_task_assignee_due", "task", ["assignee", "due_time"])
    op.create_index("ix_task_state_due", "task", ["state", "due_time"])
    op.create_table(
        "task_event",
        sa.Column("task_id", sa.String(length=26), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        _time("time"),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("task_id", "seq"),
    )


def downgrade() -> None:
    op.drop_table("task_event")
    for index in (
        "ix_task_state_due",
        "ix_task_assignee_due",
        "ix_task_creator",
        "ix_task_scope_node",
        "ix_task_batch_id",
    ):
        op.drop_index(index, table_name="task")
    op.drop_table("task")
