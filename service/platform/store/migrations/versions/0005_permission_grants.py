"""Permission grants made by module admins, and their audit trail.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "permission_grant",
        sa.Column("permission", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("scope_node", sa.String(length=15), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("changed_by", sa.String(length=64), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("permission", "role", "scope_node"),
    )
    op.create_table(
        "permission_audit",
        sa.Column("audit_id", sa.String(length=36), nullable=False),
        sa.Column("permission", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("scope_node", sa.String(length=15), nullable=False),
        sa.Column("enabled_before", sa.Boolean(), nullable=False),
        sa.Column("enabled_after", sa.Boolean(), nullable=False),
        sa.Column("changed_by", sa.String(length=64), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("audit_id"),
    )
    op.create_index("ix_permission_audit_scope_node", "permission_audit", ["scope_node"])


def downgrade() -> None:
    op.drop_table("permission_audit")
    op.drop_table("permission_grant")
