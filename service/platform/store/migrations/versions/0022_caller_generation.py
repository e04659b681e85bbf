"""The callers' generation: one counter the database moves whenever anything a
caller is loaded from changes (role bindings, users, assignments, permission
toggles and grants), so that a replica may keep loaded callers and know, with
one read, that they still hold.

Triggers move it, not the code, so that no writer (the registry mirror, an
RPC, a script, a later feature) can forget to. On PostgreSQL the trigger is a
deferred constraint trigger that moves the counter once a transaction, at its
commit: its row lock is the last one the transaction takes (no other
constraint of this schema is deferred), so writers that meet on it queue for a
moment at their commits but cannot deadlock on it.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

# The tables a caller is loaded from (store/callers.py), and for each the
# condition under which an updated row changes a caller (None: any update).
_SOURCES: dict[str, str | None] = {
    "role_binding": None,
    # A check-in updates its assignment; only who serves which grid matters.
    "grid_assignment": "OLD.officer_id <> NEW.officer_id OR OLD.grid_code <> NEW.grid_code",
    "permission_toggle": None,
    "permission_grant": None,
    # A user's profile (name, phone, unit) does not change what they may do.
    "host_user": "OLD.deleted <> NEW.deleted",
}

_BUMP_FUNCTION = """
CREATE FUNCTION officer_bump_caller_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Once a transaction: the setting is local to it.
    IF current_setting('officer.caller_generation_moved', true) IS DISTINCT FROM 'yes' THEN
        UPDATE caller_generation SET generation = generation + 1;
        PERFORM set_config('officer.caller_generation_moved', 'yes', true);
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "caller_generation",
        sa.Column("singleton", sa.Integer(), primary_key=True),
        sa.Column("generation", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("singleton = 1", name="ck_caller_generation_singleton"),
    )
    op.execute("INSERT INTO caller_generation (singleton, generation) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_BUMP_FUNCTION)
        for table, condition in _SOURCES.items():
            for event in ("INSERT", "UPDATE", "DELETE"):
                when = f"WHEN ({condition})" if event == "UPDATE" and condition else ""
                op.execute(
                    f"CREATE CONSTRAINT TRIGGER {table}_{event.lower()}_caller_generation "
                    f"AFTER {event} ON {table} DEFERRABLE INITIALLY DEFERRED "
                    f"FOR EACH ROW {when} EXECUTE FUNCTION officer_bump_caller_generation()"
                )
            # Constraint triggers cannot watch TRUNCATE; a plain one can.
            op.execute(
                f"CREATE TRIGGER {table}_truncate_caller_generation AFTER TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION officer_bump_caller_generation()"
            )
        return
    # SQLite: one writer at a time, so a row trigger costs a little and risks nothing.
    for table, condition in _SOURCES.items():
        for event in ("INSERT", "UPDATE", "DELETE"):
            when = f"WHEN {condition}" if event == "UPDATE" and condition else ""
            # The names are this module's own constants, not input.
            bump = "UPDATE caller_generation SET generation = generation + 1;"
            op.execute(
                f"CREATE TRIGGER {table}_{event.lower()}_caller_generation "
                f"AFTER {event} ON {table} FOR EACH ROW {when} BEGIN {bump} END"
            )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in _SOURCES:
        for event in ("insert", "update", "delete", "truncate"):
            on = f" ON {table}" if postgresql else ""
            op.execute(f"DROP TRIGGER IF EXISTS {table}_{event}_caller_generation{on}")
    if postgresql:
        op.execute("DROP FUNCTION officer_bump_caller_generation()")
    op.drop_table("caller_generation")
