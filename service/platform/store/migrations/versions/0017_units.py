"""The mirror of the host's unit registry: units with their staff counts.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unit",
        sa.Column("unit_id", sa.String(length=64), primary_key=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("district", sa.String(length=6), nullable=False),
        sa.Column("party_staff", sa.Integer(), nullable=True),
        sa.Column("other_staff", sa.Integer(), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_unit_district", "unit", ["district"])


def downgrade() -> None:
    op.drop_index("ix_unit_district", table_name="unit")
    op.drop_table("unit")
