"""``officer-module proposals`` in a terminal's place, on SQLite and PostgreSQL:
create, show and accept as a named user, whose permissions decide as over the
API; ``--format json`` for scripts."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from service.cli import main
from service.devtools.host_sim import load_city

STREET = "320102001"


def _run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, Any, str]:
    code = main(["proposals", *args, "--database-url", url])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip().startswith("{") else out, err


def test_propose_show_and_accept_from_the_command_line(
    migrated_engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    load_city(migrated_engine, size="small", seed=2020)
    capsys.readouterr()  # the loader's log
    admin = ("--as-user", "admin-320102")
    code, made, _ = _run(capsys, database_url, "create", STREET, *admin, "--format", "json")
    assert code == 0
    assert made["state"] == "open"
    assert made["terms"]["grids_covered"] == made["terms"]["grids"]
    proposal_id = made["name"].removeprefix("proposals/")

    code, table, _ = _run(capsys, database_url, "show", proposal_id, *admin)
    assert code == 0
    assert "grids with an officer" in table
    assert proposal_id in table

    code, shown, _ = _run(
        capsys, database_url, "show", proposal_id, *admin, "--lines", "--format", "json"
    )
    assert len(shown["lines"]) == made["line_count"]

    # A community head holds no assignment.manage: refused, nothing written.
    code, _, err = _run(
        capsys, database_url, "accept", proposal_id, "--all", "--as-user", "of00018"
    )
    assert code == 1
    assert "PERMISSION_DENIED" in err

    code, done, _ = _run(
        capsys,
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
    with migrated_engine.connect() as connection:
        changed = connection.execute(
            sa.text(
                "SELECT count(DISTINCT officer_id) FROM assignment_change WHERE proposal_id = :p"
            ),
            {"p": proposal_id},
        ).scalar_one()
    assert changed == done["officers_changed"] == made["terms"]["moved"]
