"""``officer-module enrollments``: a unit admin imports the unit's list (CSV or
xlsx; ``--dry-run`` checks every row and writes nothing) or exports the unit's
enrollments to xlsx, as the user named by ``--as-user`` (their permissions
decide as over the API). ``--format json`` prints one JSON document."""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import Engine

from service.enrollment import lists, spreadsheets, use_cases
from service.enrollment.ports import Enrollment
from service.enrollment.rules import EnrollmentState
from service.kernel.errors import DomainError, InvalidArgument
from service.platform.transactions import SqlTransactions

OnCurrentSchema = Callable[[Any, str, Callable[[Engine], object]], int]


def add_parsers(commands: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    parser = commands.add_parser("enrollments", help="a unit's enrollments (报名): import, export")
    sub = parser.add_subparsers(dest="enrollments_command", required=True)

    def shared(command: argparse.ArgumentParser) -> None:
        common(command)
        command.add_argument("--as-user", required=True, help="the unit admin acting")
        command.add_argument("--unit", required=True, help="the unit's id, e.g. 320102-judge")
        command.add_argument("--format", choices=["table", "json"], default="table")

    importing = sub.add_parser("import", help="import the unit's list (.csv or .xlsx)")
    shared(importing)
    importing.add_argument("file", type=Path)
    importing.add_argument("--dry-run", action="store_true", help="check every row, write nothing")

    exporting = sub.add_parser("export", help="the unit's enrollments to an xlsx file")
    shared(exporting)
    exporting.add_argument("--output", type=Path, required=True)
    exporting.add_argument("--state", choices=[s.value for s in EnrollmentState])


def run(settings: Any, args: argparse.Namespace, *, on_current_schema: OnCurrentSchema) -> int:
    err = Console(stderr=True)
    outcome = {"code": 0}

    def work(engine: Engine) -> None:
        transactions = SqlTransactions(engine)
        try:
            if args.enrollments_command == "import":
                outcome["code"] = _import(transactions, args, err, settings.amqp_url is not None)
            else:
                outcome["code"] = _export(transactions, args, err)
        except InvalidArgument as error:
            for violation in error.violations:
                err.print(f"[red]{violation.field}[/red]: {violation.description}")
            outcome["code"] = 1
        except DomainError as error:
            err.print(f"[red]refused[/red] ({error.reason}): {error.message}")
            outcome["code"] = 1

    code = on_current_schema(settings, "work on enrollments", work)
    return code or outcome["code"]


def _import(
    transactions: SqlTransactions, args: argparse.Namespace, err: Console, via_broker: bool
) -> int:
    suffix = args.file.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        err.print("[red]the list is a .csv or an .xlsx file[/red]")
        return 2
    form = spreadsheets.Format.CSV if suffix == ".csv" else spreadsheets.Format.XLSX
    rows, unreadable = spreadsheets.table(args.file.read_bytes(), form)
    if unreadable is not None:
        err.print(f"[red]{unreadable.reason}[/red]")
        return 1
    with err.status(f"checking {max(len(rows) - 1, 0)} rows"):
        done = transactions.run_now(
            lambda uow: use_cases.import_list(
                uow,
                caller=uow.callers.load(args.as_user),
                unit=args.unit,
                table=rows,
                validate_only=args.dry_run,
                via_broker=via_broker,
                now=datetime.now(UTC),
            )
        )
    _print(done, args.format)
    return 1 if done.errors else 0


def _print(done: use_cases.Imported, form: str) -> None:
    errors = [{"row": e.row, "column": e.column, "reason": e.reason} for e in done.errors]
    if form == "json":
        document = {"rows": done.rows, "created": done.created, "row_errors": errors}
        json.dump(document, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    out = Console()
    out.print(f"{done.rows} rows read, {done.created} enrollments written")
    if done.errors:
        table = Table(title=f"{len(done.errors)} bad cells: nothing written")
        for column in ("row", "column", "reason"):
            table.add_column(column)
        for error in done.errors:
            table.add_row(str(error.row), error.column, error.reason)
        out.print(table)


def _page(
    read: Callable[[Any, tuple[datetime, str] | None], list[Enrollment]],
    before: tuple[datetime, str] | None,
    uow: Any,
) -> list[Enrollment]:
    return read(uow, before)


def _export(transactions: SqlTransactions, args: argparse.Namespace, err: Console) -> int:
    from openpyxl import Workbook

    state = EnrollmentState(args.state) if args.state else None

    def page(uow: Any, before: tuple[datetime, str] | None) -> list[Enrollment]:
        return use_cases.list_for_unit(
            uow,
            caller=uow.callers.load(args.as_user),
            unit=args.unit,
            state=state,
            before=before,
            limit=1000,
        )

    found: list[Enrollment] = []
    before: tuple[datetime, str] | None = None
    while True:
        got = transactions.run_now(functools.partial(_page, page, before), read_only=True)
        found.extend(got)
        if len(got) < 1000:
            break
        before = (got[-1].create_time, got[-1].enrollment_id)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its sheet
    extra = ("state", "source", "create_time", "decided_by")
    sheet.append([*lists.COLUMNS, *extra])
    for enrollment in found:
        given = enrollment.details
        sheet.append(
            [
                enrollment.applicant,
                given.category.value,
                "是" if given.party_member else "否",
                given.residence,
                given.workplace or "",
                ";".join(given.preferred_grids),
                given.grid_capacity or "",
                given.availability_note,
                enrollment.state.value,
                enrollment.source.value,
                enrollment.create_time.isoformat(),
                enrollment.decided_by or "",
            ]
        )
        # What applicants wrote is text, never a formula for the admin's spreadsheet.
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    book.save(args.output)
    if args.format == "json":
        print(json.dumps({"enrollments": len(found), "output": str(args.output)}))
    else:
        err.print(f"{len(found)} enrollments written to {args.output}")
    return 0
