"""Officers' own quiet hours and days off.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "officer_availability",
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("quiet_hours", sa.String(length=11), nullable=False),
        sa.Column("working_days_only", sa.Boolean(), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )


def downgrade() -> None:
    op.drop_table("officer_availability")
