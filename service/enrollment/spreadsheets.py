"""A unit's list file as a table of text cells: CSV (UTF-8, a byte-order mark
allowed) or xlsx (the first sheet, with openpyxl). A file that cannot be read
at all is one error on row 1."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import StrEnum

from service.enrollment.lists import MAX_COLUMNS, MAX_ROWS, RowError


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet's 320102001001001 arrives as a number
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def table(content: bytes, form: Format) -> tuple[list[list[str]], RowError | None]:
    """The file's rows (at most a list's rows and columns; blank rows kept
    apart from the count), or why it cannot be read."""
    try:
        return (_csv(content) if form is Format.CSV else _xlsx(content)), None
    except UnicodeDecodeError:
        return [], RowError(1, "", "not UTF-8 text: save the list as CSV UTF-8")
    except _TooLong:
        return [], RowError(1, "", f"at most {MAX_ROWS} rows")
    except Exception:
        kind = "CSV" if form is Format.CSV else "xlsx workbook"
        return [], RowError(1, "", f"not a readable {kind}")


class _TooLong(ValueError):
    pass


def _kept(rows: Iterable[Sequence[object]]) -> list[list[str]]:
    """The first rows up to a list's length (blank rows do not count, but
    endless blank rows are no list either), at most a list's columns wide."""
    found: list[list[str]] = []
    filled = 0
    for row in rows:
        cells = [_text(value) for value in row[:MAX_COLUMNS]]
        found.append(cells)
        filled += any(cell.strip() for cell in cells)
        if filled > MAX_ROWS + 1 or len(found) > 4 * MAX_ROWS:
            raise _TooLong
    return found


def _csv(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8-sig")
    return _kept(csv.reader(io.StringIO(text, newline="")))


def _xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return _kept(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS))
    finally:
        workbook.close()
