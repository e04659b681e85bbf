"""``officer-module enrollments import|export`` in a terminal's place, on SQLite
and PostgreSQL, as a unit admin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import Engine

from tests.integration.activity_city import small_city
from tests.registry_events import apply_directly, unit_admin

UNIT = "320102-judge"


def main(args: list[str]) -> tuple[int, str, str]:
    """The command in a process of its own, as from a terminal (it configures
    the process's logging for its output, which must not outlive it here)."""
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ),
    )
    return done.returncode, done.stdout, done.stderr


ADMIN = "unit-admin-commands"


def test_a_unit_admin_checks_imports_and_exports_the_list(
    small_city_engine: Engine,
    database_url: str,
    tmp_path: Path,
) -> None:
    city = small_city(small_city_engine)
    apply_directly(
        small_city_engine,
        [unit_admin(ADMIN, UNIT)],
        batch_size=1,
    )
    listing = tmp_path / "名单.csv"
    header = "applicant,category,party_member,residence\n"
    listing.write_text(
        f"{header}{city.stranger},法官,是,{city.grid}\nnobody,法官,是,{city.grid}\n",
        encoding="utf-8",
    )
    common = ["--unit", UNIT, "--as-user", ADMIN, "--database-url", database_url]

    code, out, _ = main(
        ["enrollments", "import", str(listing), "--dry-run", "--format", "json", *common]
    )
    report = json.loads(out)
    assert code == 1
    assert report["row_errors"] == [
        {"row": 3, "column": "applicant", "reason": "the host's registry does not know them"}
    ]

    code, _, err = main(["enrollments", "import", str(listing), *common])
    assert code == 1
    assert "content.rows[3].applicant" in err

    listing.write_text(f"{header}{city.stranger},法官,是,{city.grid}\n", encoding="utf-8")
    code, out, _ = main(["enrollments", "import", str(listing), "--format", "json", *common])
    assert code == 0
    assert json.loads(out)["created"] == 1

    exported = tmp_path / "导出.xlsx"
    code, _, _ = main(["enrollments", "export", "--output", str(exported), *common])
    assert code == 0
    from openpyxl import load_workbook

    rows = list(load_workbook(exported).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:4] == ("applicant", "category", "party_member", "residence")
    assert [(r[0], r[1], r[8], r[9]) for r in rows[1:]] == [
        (city.stranger, "judge", "accepted", "import")
    ]
