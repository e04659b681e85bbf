"""``officer-module reports half-year`` in a terminal's place, on SQLite and
PostgreSQL: the three files written as a named user, whose reach decides as
over the API; a bad half-year or parent is named, a reader out of reach refused."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlalchemy.engine import Engine

from tests.activity_load import load_reports
from tests.integration.cli_process import run_command


def _run(url: str, *args: str) -> tuple[int, Any, str]:
    return run_command(url, "reports", "half-year", *args)


def test_a_district_report_is_written_as_html_pdf_and_xlsx(
    small_city_engine: Engine, database_url: str, tmp_path: Path
) -> None:
    load_reports(small_city_engine, 500, end=datetime(2026, 12, 31, tzinfo=UTC), days=180)
    admin = ("--as-user", "admin-320102", "--out", str(tmp_path))
    code, made, err = _run(
        database_url, "scopeNodes/320102", "--half", "2026-H2", *admin, "--format", "json"
    )
    assert code == 0, err
    assert made["title"].endswith("2026年下半年政法网格员工作情况报告")
    for suffix, magic in (("html", b"<!DOCTYPE html>"), ("pdf", b"%PDF-"), ("xlsx", b"PK")):
        written = Path(made["files"][suffix])
        assert written.parent == tmp_path
        assert written.read_bytes().startswith(magic)

    code, printed, _ = _run(database_url, "scopeNodes/320102", "--half", "2026H2", *admin)
    assert code == 0
    assert printed.splitlines()[0] == made["title"]

    code, _, err = _run(database_url, "scopeNodes/320111", "--half", "2026-H2", *admin)
    assert (code, "PERMISSION_DENIED" in err) == (1, True)
    code, _, err = _run(database_url, "scopeNodes/320102", "--half", "2026-H3", *admin)
    assert (code, "half-year" in err) == (2, True)
    code, _, err = _run(database_url, "grids/320102001001001", "--half", "2026-H2", *admin)
    assert (code, "units/" in err) == (2, True)


def test_the_annual_ranking_is_printed_and_exported(
    small_city_engine: Engine, database_url: str, tmp_path: Path
) -> None:
    load_reports(small_city_engine, 500, end=datetime(2026, 12, 31, tzinfo=UTC), days=300)
    code, printed, err = run_command(
        database_url,
        "reports",
        "ranking",
        "scopeNodes/320102",
        "--year",
        "2026",
        "--as-user",
        "admin-320102",
        "--out",
        str(tmp_path),
        "--top",
        "3",
    )
    assert code == 0, err
    assert "年度排名" in printed
    assert "仅作推荐" in printed
    book = load_workbook(tmp_path / "ranking-320102-2026.xlsx")
    assert book.sheetnames == ["排名", "计分规则", "明细"]
    ranks = list(book["排名"].iter_rows(min_row=2, values_only=True))
    details = list(book["明细"].iter_rows(min_row=2, values_only=True))
    # Each officer's score is the sum of the points of their records.
    for row in ranks[:5]:
        officer, score = row[1], row[4]
        assert score == sum(d[5] for d in details if d[0] == officer)
    code, _, err = run_command(
        database_url,
        "reports",
        "ranking",
        "scopeNodes/320111",
        "--year",
        "2026",
        "--as-user",
        "admin-320102",
        "--out",
        str(tmp_path),
    )
    assert (code, "PERMISSION_DENIED" in err) == (1, True)
