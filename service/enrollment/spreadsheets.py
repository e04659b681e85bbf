"""A unit's list file as a table of text cells: CSV (UTF-8, a byte-order mark
allowed) or xlsx (the first sheet, with openpyxl). A file that cannot be read
at all is one error on row 1."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from enum import StrEnum

from service.enrollment.lists import RowError


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
    if form is Format.CSV:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], RowError(1, "", "not UTF-8 text: save the list as CSV UTF-8")
        return [list(row) for row in csv.reader(io.StringIO(text))], None
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return [], RowError(1, "", "not an xlsx workbook")
    try:
        sheet = workbook.worksheets[0]
        rows = [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return rows, None
