"""Excused months (六.1): an officer on leave or seconded is not held to the
monthly activity floor for that month.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "excused_month",
        sa.Column("officer_id", sa.String(length=64), primary_key=True),
        sa.Column("month", sa.String(length=7), primary_key=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=False),
        sa.Column("set_time", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_excused_month_month", "excused_month", ["month"])


def downgrade() -> None:
    op.drop_index("ix_excused_month_month", table_name="excused_month")
    op.drop_table("excused_month")
