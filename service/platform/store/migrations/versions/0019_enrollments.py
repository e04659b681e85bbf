"""Enrollments (报名): who asks to serve and what their unit decided.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "enrollment",
        sa.Column("enrollment_id", sa.String(length=26), primary_key=True),
        sa.Column("applicant", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("party_member", sa.Boolean(), nullable=False),
        sa.Column("residence", sa.String(length=15), nullable=False),
        sa.Column("workplace", sa.String(length=15), nullable=True),
        sa.Column("preferred_grids", sa.String(length=100), nullable=False),
        sa.Column("grid_capacity", sa.Integer(), nullable=True),
        sa.Column("availability_note", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decide_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
    )
    op.create_index(
        "ix_enrollment_unit_time", "enrollment", ["unit", "create_time", "enrollment_id"]
    )
    op.create_index("ix_enrollment_applicant", "enrollment", ["applicant", "state"])


def downgrade() -> None:
    op.drop_index("ix_enrollment_applicant", table_name="enrollment")
    op.drop_index("ix_enrollment_unit_time", table_name="enrollment")
    op.drop_table("enrollment")
