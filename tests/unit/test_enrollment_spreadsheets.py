"""Reading a unit's list file: what cannot be read is one error, never a crash,
and a sheet cannot claim more rows or columns than a list has."""

from __future__ import annotations

import io

from openpyxl import Workbook

from service.enrollment import lists, spreadsheets
from service.enrollment.spreadsheets import Format


def _xlsx(cells: dict[str, object]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for where, value in cells.items():
        sheet[where] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_unreadable_files_are_one_error_on_row_one() -> None:
    for content, form in [
        (b"\xff\xfe", Format.CSV),
        (b'"' + b"x" * 200_000 + b'"\n', Format.CSV),
        (b"not a workbook", Format.XLSX),
        (b"PK\x03\x04broken", Format.XLSX),
    ]:
        rows, error = spreadsheets.table(content, form)
        assert rows == []
        assert error is not None, (content[:10], form)
        assert error.row == 1


def test_a_far_cell_does_not_make_a_huge_table() -> None:
    rows, error = spreadsheets.table(_xlsx({"A1": "applicant", "CV30": "x"}), Format.XLSX)
    assert error is None
    assert max(len(row) for row in rows) <= lists.MAX_COLUMNS
    rows, error = spreadsheets.table(_xlsx({"A1": "applicant", "A60000": "x"}), Format.XLSX)
    assert rows == []
    assert error is not None


def test_numbers_and_old_mac_line_endings_read_as_text() -> None:
    rows, error = spreadsheets.table(_xlsx({"A1": "residence", "A2": 320102001001001}), Format.XLSX)
    assert (error, rows[1][0]) == (None, "320102001001001")
    rows, error = spreadsheets.table(b"applicant,category\ru1,police\r", Format.CSV)
    assert (error, rows) == (None, [["applicant", "category"], ["u1", "police"]])
