"""Registry snapshots requested from the host, for resync and reconciliation.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registry_snapshot",
        sa.Column("snapshot_id", sa.String(length=128), nullable=False),
        sa.Column("requested_by", sa.String(length=128), nullable=False),
        sa.Column("request_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.String(length=1000), nullable=True),
        sa.Column("complete_time", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("snapshot_id"),
    )
    op.create_table(
        "registry_snapshot_chunk",
        sa.Column("snapshot_id", sa.String(length=128), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("snapshot_id", "sequence"),
    )
    op.create_table(
        "registry_snapshot_entry",
        sa.Column("snapshot_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("entity_key", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("snapshot_id", "kind", "entity_key"),
    )


def downgrade() -> None:
    op.drop_table("registry_snapshot_entry")
    op.drop_table("registry_snapshot_chunk")
    op.drop_table("registry_snapshot")
