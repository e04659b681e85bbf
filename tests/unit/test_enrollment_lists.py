"""A unit's list read from a table: every bad cell named by row and column."""

from __future__ import annotations

from service.enrollment import lists
from service.kernel.roles import OfficerCategory

HEADER = ["applicant", "category", "party_member", "residence", "workplace", "preferred_grids"]
GRID = "320102001001001"


def test_good_rows_become_enrollments_in_either_language() -> None:
    rows, errors = lists.read(
        [
            HEADER,
            ["u1", "法官", "是", GRID, "320102001001", f"{GRID}；320102001001002"],
            ["u2", "lawyer", "no", "320102001002", "", ""],
            ["", "", "", "", "", ""],
        ],
        "320102-judge",
    )
    assert errors == []
    assert [(r.number, r.applicant) for r in rows] == [(2, "u1"), (3, "u2")]
    assert rows[0].details.category is OfficerCategory.JUDGE
    assert rows[0].details.party_member is True
    assert rows[0].details.preferred_grids == (GRID, "320102001001002")
    assert rows[1].details.workplace is None


def test_every_bad_cell_is_named_by_row_and_column() -> None:
    _, errors = lists.read(
        [
            [*HEADER, "grid_capacity"],
            ["u 1", "警察", "maybe", "3201", "x", "123", "9"],
            ["u2", "police", "是", GRID, "", "", ""],
            ["u2", "police", "是", GRID, "", "", ""],
        ],
        "unit",
    )
    assert [(e.row, e.column) for e in errors] == [
        (2, "applicant"),
        (2, "category"),
        (2, "party_member"),
        (2, "residence"),
        (2, "workplace"),
        (2, "preferred_grids"),
        (2, "grid_capacity"),
        (4, "applicant"),
    ]
    assert errors[-1].reason == "also in row 3: one row each"


def test_a_header_without_a_required_column_or_with_a_stranger_is_refused() -> None:
    _, errors = lists.read([["applicant", "category", "residence", "colour"]], "unit")
    assert [(e.row, e.column) for e in errors] == [(1, "party_member"), (1, "colour")]
    assert lists.read([], "unit")[1][0].row == 1


def test_control_characters_duplicates_and_blank_capacity() -> None:
    rows, errors = lists.read(
        [
            [*HEADER, "availability_note", "grid_capacity", "state"],
            ["u1", "police", "是", GRID, "", "", "周末\x00", "", "accepted"],
            ["u2", "police", "是", GRID, "", "", "周末", "", "accepted"],
        ],
        "unit",
    )
    assert [(e.row, e.column) for e in errors] == [(2, "availability_note")]
    # An exported list's own columns are read past; a blank capacity is not stated.
    assert rows[1].details.grid_capacity is None
    _, twice = lists.read([[*HEADER, "category"]], "unit")
    assert [(e.row, e.column, e.reason) for e in twice] == [(1, "category", "named twice")]


def test_blank_rows_do_not_count_towards_the_limit() -> None:
    table = [HEADER, ["u1", "police", "是", GRID, "", ""], *([[""] * 6] * (lists.MAX_ROWS + 10))]
    rows, errors = lists.read(table, "unit")
    assert (len(rows), errors) == (1, [])
