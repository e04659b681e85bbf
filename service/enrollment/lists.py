"""A unit's list of enrollments (五.1: units collect and report their lists),
read from the table of a CSV or xlsx file: each row's every bad cell named by
row number (the header is row 1) and column, so that a unit admin fixes the
file in one go. Pure: the file's bytes become a table in spreadsheets.py, and
what only the registry can tell (does the person exist, the grid) the use case
checks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from service.enrollment import rules
from service.enrollment.rules import Details
from service.kernel.roles import OfficerCategory

MAX_ROWS = 5_000
COLUMNS = (
    "applicant",
    "category",
    "party_member",
    "residence",
    "workplace",
    "preferred_grids",
    "grid_capacity",
    "availability_note",
)
REQUIRED = ("applicant", "category", "party_member", "residence")
# The export's own columns after the list's: an exported list imports as it is.
EXPORTED = ("state", "source", "create_time", "decided_by")
# More columns than a list has are never read (a sheet may claim 16,384).
MAX_COLUMNS = len(COLUMNS) + len(EXPORTED) + 8
# The words unit staff write in either language.
_CATEGORIES = {
    **{category.value: category for category in OfficerCategory},
    "法官": OfficerCategory.JUDGE,
    "检察官": OfficerCategory.PROSECUTOR,
    "警官": OfficerCategory.POLICE,
    "民警": OfficerCategory.POLICE,
    "律师": OfficerCategory.LAWYER,
    "法学会会员": OfficerCategory.LAW_SOCIETY,
    "其他": OfficerCategory.OTHER_STAFF,
}
_YES = {"是", "yes", "y", "true", "1", "党员"}
_NO = {"否", "no", "n", "false", "0", "", "群众"}
_PLACE = re.compile(r"^[0-9]{12}([0-9]{3})?$")
_GRID = re.compile(r"^[0-9]{15}$")
_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # "" for the row as a whole, or the file
    reason: str


@dataclass(frozen=True)
class Row:
    number: int
    applicant: str
    details: Details
    # Columns already found bad: the registry need not be asked about them.
    bad: frozenset[str] = frozenset()


def read(table: Sequence[Sequence[str]], unit: str) -> tuple[list[Row], list[RowError]]:
    """The rows of ``table`` as enrollments into ``unit`` (each with the columns
    found bad), and every bad cell."""
    if not table:
        return [], [RowError(1, "", "the file is empty: a header row, then one row per person")]
    header = [cell.strip().lower().lstrip("\ufeff") for cell in table[0]]
    errors = [
        RowError(1, name, "this column is missing") for name in REQUIRED if name not in header
    ]
    errors += [
        RowError(1, name, f"not a column of the list ({', '.join(COLUMNS)})")
        for name in header
        if name and name not in COLUMNS and name not in EXPORTED
    ]
    errors += [
        RowError(1, name, "named twice")
        for index, name in enumerate(header)
        if name and name in header[:index]
    ]
    if errors:
        return [], errors
    if sum(1 for cells in table[1:] if any(cell.strip() for cell in cells)) > MAX_ROWS:
        return [], [RowError(1, "", f"at most {MAX_ROWS} rows")]
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(table[1:], start=2):
        values = {
            name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)
        }
        if not any(values.values()):
            continue  # a blank line
        row, found = _row(number, values, unit)
        if row.applicant in seen and "applicant" not in row.bad:
            found.append(
                RowError(number, "applicant", f"also in row {seen[row.applicant]}: one row each")
            )
        seen.setdefault(row.applicant, number)
        errors += found
        rows.append(Row(row.number, row.applicant, row.details, frozenset(e.column for e in found)))
    return rows, errors


def _row(number: int, values: dict[str, str], unit: str) -> tuple[Row, list[RowError]]:
    errors = []

    def bad(column: str, reason: str) -> None:
        errors.append(RowError(number, column, reason))

    for column in COLUMNS:
        if rules.CONTROL.search(values.get(column, "")):
            bad(column, "holds control characters")
            values[column] = ""

    applicant = values.get("applicant", "")
    if not _ID.match(applicant):
        bad("applicant", "the person's user id in the host's registry")
    category = _CATEGORIES.get(values.get("category", "").lower())
    if category is None:
        bad("category", "judge, prosecutor, police, lawyer, law_society or other_staff")
    party = values.get("party_member", "").lower()
    if party not in _YES | _NO:
        bad("party_member", "是 or 否 (yes or no)")
    residence = values.get("residence", "")
    if not _PLACE.match(residence):
        bad("residence", "a 12-digit community or 15-digit grid code")
    workplace = values.get("workplace", "")
    if workplace and not _PLACE.match(workplace):
        bad("workplace", "a 12-digit community or 15-digit grid code, or empty")
    grids = tuple(
        code for code in re.split(r"[;；,，、\s]+", values.get("preferred_grids", "")) if code
    )
    if any(not _GRID.match(code) for code in grids):
        bad("preferred_grids", "15-digit grid codes separated by ;")
    capacity_text = values.get("grid_capacity", "")
    capacity: int | None = None  # not stated
    if capacity_text:
        capacity = int(capacity_text) if capacity_text.isascii() and capacity_text.isdigit() else 0
    details = Details(
        category or OfficerCategory.OTHER_STAFF,  # the category's own error is named above
        unit,
        party in _YES,
        residence,
        workplace or None,
        grids,
        capacity,
        values.get("availability_note", ""),
    )
    for violation in rules.violations(details):
        bad(violation.field.removeprefix("enrollment."), violation.description)
    return Row(number, applicant, details), errors
