"""Activity reports (工作动态反映), their revisions, co-officers and monthly counts.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _time(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "activity",
        sa.Column("activity_id", sa.String(length=26), nullable=False),
        sa.Column("officer", sa.String(length=64), nullable=False),
        sa.Column("reporter", sa.String(length=64), nullable=False),
        sa.Column("grid", sa.String(length=15), nullable=False),
        sa.Column("district", sa.String(length=6), nullable=False),
        sa.Column("street", sa.String(length=9), nullable=False),
        sa.Column("community", sa.String(length=12), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject_kind", sa.String(length=16), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        _time("start_time"),
        _time("end_time", nullable=True),
        sa.Column("participant_count", sa.Integer(), nullable=False),
        sa.Column("co_officers", sa.Text(), nullable=False),
        sa.Column("attachments", sa.Text(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("officer_category", sa.String(length=16), nullable=True),
        sa.Column("unit", sa.String(length=64), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        _time("create_time"),
        _time("update_time"),
        _time("delete_time", nullable=True),
        sa.PrimaryKeyConstraint("activity_id"),
    )
    op.create_index("ix_activity_start", "activity", ["start_time", "activity_id"])
    for level in ("district", "street", "community", "grid"):
        op.create_index(
            f"ix_activity_{level}_start", "activity", [level, "start_time", "activity_id"]
        )
    op.create_index(
        "ix_activity_officer_start", "activity", ["officer", "start_time", "activity_id"]
    )
    op.create_index("ix_activity_unit_start", "activity", ["unit", "start_time", "activity_id"])
    op.create_table(
        "activity_co_officer",
        sa.Column("officer_id", sa.String(length=64), nullable=False),
        sa.Column("activity_id", sa.String(length=26), nullable=False),
        sa.PrimaryKeyConstraint("officer_id", "activity_id"),
    )
    op.create_index("ix_activity_co_officer_activity_id", "activity_co_officer", ["activity_id"])
    op.create_table(
        "activity_revision",
        sa.Column("activity_id", sa.String(length=26), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        _time("time"),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("changed_fields", sa.String(length=500), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("activity_id", "seq"),
    )
    op.create_table(
        "activity_count",
        sa.Column("scope_node", sa.String(length=15), nullable=False),
        sa.Column("code_length", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("activity_count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("scope_node", "month", "kind"),
    )
    op.create_index("ix_activity_count_level", "activity_count", ["code_length", "scope_node"])


def downgrade() -> None:
    op.drop_table("activity_count")
    op.drop_table("activity_revision")
    op.drop_table("activity_co_officer")
    op.drop_table("activity")
