"""Check-ins (报到对接, 五.3): the officer's note and the community head's confirmation.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("grid_assignment", sa.Column("check_in_note", sa.Text(), nullable=True))
    op.add_column(
        "grid_assignment",
        sa.Column("check_in_confirmed_by", sa.String(length=64), nullable=True),
    )
    op.add_column(
        "grid_assignment",
        sa.Column("check_in_confirm_time", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    for column in ("check_in_confirm_time", "check_in_confirmed_by", "check_in_note"):
        op.drop_column("grid_assignment", column)
