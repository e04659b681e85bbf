"""The scheduler's table of due steps; read attestation moves onto it.

Every published notice with an acknowledgement deadline gets its plan as due
steps: a reminder 24 h and 2 h before the deadline (the release's defaults: the
offsets configured at the time are not known here) and the escalation at it.
Steps ``notice_step`` recorded as made are carried as made, with their time;
steps planned before the last one made are superseded, as the scheduler would
have left them. Then ``notice_step`` goes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_PENDING = sa.text("done_time IS NULL")
_DEFAULT_OFFSETS = (timedelta(hours=24), timedelta(hours=2))
_KIND = "policy.attestation"


def upgrade() -> None:
    op.create_table(
        "due_step",
        sa.Column("step_id", sa.String(length=26), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("due_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("made_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("step_id"),
    )
    op.create_index(
        "ix_due_step_pending",
        "due_step",
        ["due_time"],
        postgresql_where=_PENDING,
        sqlite_where=_PENDING,
    )
    op.create_index(
        "uq_due_step_pending_series",
        "due_step",
        ["subject", "kind", "step"],
        unique=True,
        postgresql_where=_PENDING,
        sqlite_where=_PENDING,
    )
    op.create_index("ix_due_step_subject", "due_step", ["subject"])
    _carry_notice_steps(op.get_bind())
    op.drop_table("notice_step")


def _aware(value: datetime | str) -> datetime:
    if isinstance(value, str):  # SQLite returns text through a raw query
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _carry_notice_steps(connection: sa.Connection) -> None:
    made: dict[str, dict[str, datetime]] = {}
    for notice_id, step, create_time in connection.execute(
        sa.text("SELECT notice_id, step, create_time FROM notice_step")
    ):
        made.setdefault(notice_id, {})[step] = _aware(create_time)
    notices = connection.execute(
        sa.text(
            "SELECT notice_id, acknowledge_due_time FROM notice "
            "WHERE state = 'published' AND acknowledge_due_time IS NOT NULL"
        )
    ).all()
    now = datetime.now(UTC)
    rows = []
    for notice_id, due_text in notices:
        due = _aware(due_text)
        plan = {f"reminder:{int(o.total_seconds())}": due - o for o in _DEFAULT_OFFSETS}
        done = made.get(notice_id, {})
        # Steps made under offsets no longer the default keep their place too.
        for step in done:
            if step.startswith("reminder:"):
                plan.setdefault(step, due - timedelta(seconds=int(step.split(":")[1])))
        plan["escalation"] = due
        last_made = max((plan[step] for step in done if step in plan), default=None)
        for step, due_time in sorted(plan.items(), key=lambda item: item[1]):
            if step in done:
                outcome, done_time = "made", done[step]
            elif last_made is not None and due_time < last_made:
                outcome, done_time = "superseded", now
            else:
                outcome, done_time = None, None
            rows.append(
                {
                    "step_id": os.urandom(13).hex()[:26].upper(),
                    "kind": _KIND,
                    "subject": f"notices/{notice_id}",
                    "step": step,
                    "due_time": due_time,
                    "create_time": now,
                    "done_time": done_time,
                    "outcome": outcome,
                    "made_by": "migration 0007" if outcome == "made" else None,
                }
            )
    if rows:
        table = sa.table(
            "due_step",
            *(
                sa.column(name, sa.DateTime(timezone=True))
                if name.endswith("_time")
                else sa.column(name)
                for name in rows[0]
            ),
        )
        connection.execute(sa.insert(table), rows)


def downgrade() -> None:
    op.create_table(
        "notice_step",
        sa.Column("notice_id", sa.String(length=26), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("notice_id", "step"),
    )
    op.drop_index("ix_due_step_subject", table_name="due_step")
    op.drop_index("uq_due_step_pending_series", table_name="due_step")
    op.drop_index("ix_due_step_pending", table_name="due_step")
    op.drop_table("due_step")
