"""Disputes and risks carry a case: its state and the chain tier following it.

Activities recorded before are disputes or risks by their kind or subject;
they open as reported, followed by the community head.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("activity", sa.Column("case_state", sa.String(length=16), nullable=True))
    op.add_column("activity", sa.Column("case_depth", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE activity SET case_state = 'reported', case_depth = 0"
        " WHERE kind IN ('dispute_mediation', 'risk_screening')"
        " OR subject_kind IN ('dispute', 'risk')"
    )
    op.create_index(
        "ix_activity_case_start", "activity", ["case_state", "start_time", "activity_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_activity_case_start", table_name="activity")
    op.drop_column("activity", "case_depth")
    op.drop_column("activity", "case_state")
