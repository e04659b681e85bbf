"""``officer-module proposals`` in a terminal's place, on SQLite and PostgreSQL:
create, show and accept as a named user, whose permissions decide as over the
API; ``--format json`` for scripts."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.integration.cli_process import run_command

STREET = "320102001"


def _run(url: str, *args: str) -> tuple[int, Any, str]:
    return run_command(url, "proposals", *args)


def test_propose_show_and_accept_from_the_command_line(
    small_city_engine: Engine, database_url: str
) -> None:
    admin = ("--as-user", "admin-320102")
    code, made, _ = _run(database_url, "create", STREET, *admin, "--format", "json")
    assert code == 0
    assert made["state"] == "open"
    assert made["terms"]["grids_covered"] == made["terms"]["grids"]
    proposal_id = made["name"].removeprefix("proposals/")

    code, table, _ = _run(database_url, "show", proposal_id, *admin)
    assert code == 0
    assert "grids with an officer" in table
    assert proposal_id in table

    code, shown, _ = _run(database_url, "show", proposal_id, *admin, "--lines", "--format", "json")
    assert len(shown["lines"]) == made["line_count"]

    # A community head holds no assignment.manage: refused, nothing written.
    code, _, err = _run(database_url, "accept", proposal_id, "--all", "--as-user", "of00018")
    assert code == 1
    assert "PERMISSION_DENIED" in err

    code, done, _ = _run(
        database_url,
        "accept",
        proposal_id,
        "--all",
        "--note",
        "会议",
        *admin,
        "--format",
        "json",
    )
    assert code == 0
    assert (done["state"], done["accepted_by"]) == ("accepted", "admin-320102")
    with small_city_engine.connect() as connection:
        changed = connection.execute(
            sa.text(
                "SELECT count(DISTINCT officer_id) FROM assignment_change WHERE proposal_id = :p"
            ),
            {"p": proposal_id},
        ).scalar_one()
    assert changed == done["officers_changed"] == made["terms"]["moved"]
