"""The pending due steps' index in the order they are claimed (due time, then
id), so that a claim walks it and stops at its limit instead of sorting every
due step.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_PENDING = sa.text("done_time IS NULL")


def _pending_index(*columns: str) -> None:
    op.drop_index("ix_due_step_pending", table_name="due_step")
    op.create_index(
        "ix_due_step_pending",
        "due_step",
        list(columns),
        postgresql_where=_PENDING,
        sqlite_where=_PENDING,
    )


def upgrade() -> None:
    _pending_index("due_time", "step_id")


def downgrade() -> None:
    _pending_index("due_time")
