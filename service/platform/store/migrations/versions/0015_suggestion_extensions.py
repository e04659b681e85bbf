"""Suggestions: the extension a department asked for, the days granted, and
the survivor a near-duplicate was merged into.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("suggestion", sa.Column("extension_days", sa.Integer(), nullable=True))
    op.add_column("suggestion", sa.Column("extension_reason", sa.Text(), nullable=True))
    op.add_column(
        "suggestion", sa.Column("extension_requester", sa.String(length=64), nullable=True)
    )
    op.add_column(
        "suggestion", sa.Column("extension_time", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "suggestion",
        sa.Column("extended_days", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("suggestion", sa.Column("merged_into", sa.String(length=26), nullable=True))
    op.create_index("ix_suggestion_merged_into", "suggestion", ["merged_into"])


def downgrade() -> None:
    op.drop_index("ix_suggestion_merged_into", table_name="suggestion")
    for column in (
        "merged_into",
        "extended_days",
        "extension_time",
        "extension_requester",
        "extension_reason",
        "extension_days",
    ):
        op.drop_column("suggestion", column)
