"""Policy notices with their history, the terminal inbox and the outbox.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# SQLite only auto-increments an INTEGER PRIMARY KEY.
_SEQUENCE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "notice",
        sa.Column("notice_id", sa.String(length=26), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("attachments", sa.Text(), nullable=False),
        sa.Column("audience", sa.Text(), nullable=False),
        sa.Column("effective_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expire_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledge_due_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("anchor", sa.String(length=15), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("publisher", sa.String(length=64), nullable=False),
        sa.Column("recipient_count", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("notice_id"),
    )
    op.create_index("ix_notice_anchor", "notice", ["anchor"])
    op.create_table(
        "notice_revision",
        sa.Column("notice_id", sa.String(length=26), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("notice_id", "revision"),
    )
    op.create_table(
        "notice_step",
        sa.Column("notice_id", sa.String(length=26), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("notice_id", "step"),
    )
    op.create_table(
        "inbox_item",
        sa.Column("seq", _SEQUENCE, autoincrement=True, nullable=False),
        sa.Column("item_id", sa.String(length=26), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("notice_id", sa.String(length=26), nullable=True),
        # The grid (or, for supervisors, the scope node) the recipient was
        # counted under when the item was made: statistics roll up from it.
        sa.Column("scope_node", sa.String(length=15), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("summary", sa.String(length=2000), nullable=False),
        sa.Column("acknowledgement_required", sa.Boolean(), nullable=False),
        sa.Column("acknowledge_due_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        # When the broker confirmed the push (unset in the embedded mode).
        sa.Column("delivered_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("read_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledge_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledge_comment", sa.String(length=2000), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("item_id", name="uq_inbox_item_item_id"),
    )
    op.create_index("ix_inbox_item_user_seq", "inbox_item", ["user_id", "seq"])
    op.create_index("ix_inbox_item_notice_id", "inbox_item", ["notice_id"])
    op.create_table(
        "outbox",
        sa.Column("seq", _SEQUENCE, autoincrement=True, nullable=False),
        sa.Column("message_id", sa.String(length=128), nullable=False),
        sa.Column("exchange", sa.String(length=64), nullable=False),
        sa.Column("routing_key", sa.String(length=200), nullable=False),
        sa.Column("message_type", sa.String(length=64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        # The inbox item this push delivers, marked delivered when confirmed.
        sa.Column("inbox_item_id", sa.String(length=26), nullable=True),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_time", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
    )
    # The relay reads only what is still to send; sent rows may pile up until pruned.
    op.create_index(
        "ix_outbox_unsent",
        "outbox",
        ["seq"],
        postgresql_where=sa.text("sent_time IS NULL"),
        sqlite_where=sa.text("sent_time IS NULL"),
    )


def downgrade() -> None:
    op.drop_table("outbox")
    op.drop_table("inbox_item")
    op.drop_table("notice_step")
    op.drop_table("notice_revision")
    op.drop_table("notice")
