"""Mirror of the host's registries: scope nodes, users, role bindings, permission toggles.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scope_node",
        sa.Column("code", sa.String(length=15), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("parent_code", sa.String(length=15), nullable=True),
        sa.Column("rural", sa.Boolean(), nullable=False),
        sa.Column("grid_type", sa.String(length=16), nullable=True),
        sa.Column("exclusive_kind", sa.String(length=32), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index("ix_scope_node_parent_code", "scope_node", ["parent_code"])
    op.create_table(
        "host_user",
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("phone_number", sa.String(length=32), nullable=False),
        sa.Column("id_number", sa.String(length=32), nullable=False),
        sa.Column("officer_category", sa.String(length=16), nullable=True),
        sa.Column("unit", sa.String(length=64), nullable=True),
        sa.Column("party_member", sa.Boolean(), nullable=True),
        sa.Column("residence", sa.String(length=15), nullable=True),
        sa.Column("workplace", sa.String(length=15), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_index("ix_host_user_officer_category", "host_user", ["officer_category"])
    op.create_index("ix_host_user_unit", "host_user", ["unit"])
    op.create_table(
        "role_binding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("scope_node", sa.String(length=15), nullable=True),
        sa.Column("unit", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_role_binding_user_id", "role_binding", ["user_id"])
    op.create_index("ix_role_binding_role_scope", "role_binding", ["role", "scope_node"])
    op.create_table(
        "permission_toggle",
        sa.Column("permission", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("scope_node", sa.String(length=15), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("toggled_by", sa.String(length=64), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("permission", "role", "scope_node"),
    )


def downgrade() -> None:
    op.drop_table("permission_toggle")
    op.drop_table("role_binding")
    op.drop_table("host_user")
    op.drop_table("scope_node")
