"""Suggestions as work orders, their steps, the departments that handle them
and the routing table.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _time(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "suggestion",
        sa.Column("suggestion_id", sa.String(length=26), nullable=False),
        sa.Column("submitter", sa.String(length=64), nullable=False),
        sa.Column("grid", sa.String(length=15), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("urgency", sa.String(length=8), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("attachments", sa.Text(), nullable=False),
        sa.Column("related_activity", sa.String(length=26), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("department", sa.String(length=63), nullable=True),
        _time("create_time"),
        _time("update_time"),
        _time("dispatch_time", nullable=True),
        _time("sign_due_time", nullable=True),
        _time("close_due_time", nullable=True),
        _time("sign_time", nullable=True),
        _time("answer_time", nullable=True),
        _time("close_time", nullable=True),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("satisfaction", sa.String(length=24), nullable=True),
        sa.Column("rating_comment", sa.Text(), nullable=False),
        sa.Column("return_count", sa.Integer(), nullable=False),
        sa.Column("reopened", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("suggestion_id"),
    )
    op.create_index("ix_suggestion_create", "suggestion", ["create_time", "suggestion_id"])
    for column in ("grid", "submitter", "department"):
        op.create_index(
            f"ix_suggestion_{column}_create", "suggestion", [column, "create_time", "suggestion_id"]
        )
    op.create_table(
        "suggestion_step",
        sa.Column("suggestion_id", sa.String(length=26), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=True),
        _time("time"),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("department", sa.String(length=63), nullable=True),
        sa.PrimaryKeyConstraint("suggestion_id", "seq"),
    )
    op.create_table(
        "department",
        sa.Column("department_id", sa.String(length=63), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("scope_node", sa.String(length=15), nullable=False),
        sa.Column("sign_working_days", sa.Integer(), nullable=False),
        sa.Column("urgent_sign_working_hours", sa.Integer(), nullable=False),
        sa.Column("close_working_days", sa.Integer(), nullable=False),
        sa.Column("urgent_close_working_days", sa.Integer(), nullable=False),
        _time("create_time"),
        _time("update_time"),
        sa.PrimaryKeyConstraint("department_id"),
    )
    op.create_table(
        "department_handler",
        sa.Column("department_id", sa.String(length=63), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("department_id", "user_id"),
    )
    op.create_index("ix_department_handler_user_id", "department_handler", ["user_id"])
    op.create_table(
        "routing_rule",
        sa.Column("rule_id", sa.String(length=26), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("scope_node", sa.String(length=15), nullable=False),
        sa.Column("department", sa.String(length=63), nullable=False),
        sa.Column("creator", sa.String(length=64), nullable=False),
        _time("create_time"),
        sa.PrimaryKeyConstraint("rule_id"),
        sa.UniqueConstraint("scope_node", "category", name="uq_routing_rule_entry"),
    )
    op.create_index("ix_routing_rule_department", "routing_rule", ["department"])


def downgrade() -> None:
    for table in ("routing_rule", "department_handler", "department", "suggestion_step"):
        op.drop_table(table)
    op.drop_table("suggestion")
