"""``officer-module reports half-year``: a half-year report (六.4) as HTML, PDF
and xlsx files, made from a terminal as the user named by ``--as-user``, whose
reach decides exactly as it would over the API. A progress bar shows on
stderr; the files' paths (or, with ``--format json``, one JSON document) on stdout."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from sqlalchemy.engine import Engine

from service.commands.bars import progress_bar
from service.compliance.figures import Parent
from service.kernel.errors import DomainError
from service.platform.scheduling import compliance_settings
from service.platform.transactions import SqlTransactions
from service.reports import render, use_cases
from service.reports.figures import HalfYearFigures
from service.reports.rules import HalfYear

OnCurrentSchema = Callable[[Any, str, Callable[[Engine], object]], int]


def add_parsers(commands: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    reports = commands.add_parser("reports", help="half-year reports (六.4) as HTML, PDF, xlsx")
    sub = reports.add_subparsers(dest="reports_command", required=True)
    half = sub.add_parser("half-year", help="the report of a unit, a district or the city")
    common(half)
    half.add_argument("parent", help="units/{unit}, or scopeNodes/{code} of the city or a district")
    half.add_argument("--half", required=True, help="the half-year, e.g. 2026-H2")
    half.add_argument("--as-user", required=True, help="the host user acting")
    half.add_argument("--out", type=Path, default=Path("."), help="the directory to write to")
    half.add_argument("--format", choices=["table", "json"], default="table")


def parent_of(name: str) -> Parent:
    kind, _, key = name.partition("/")
    if kind == "units" and key:
        return Parent(unit=key)
    if kind == "scopeNodes" and key.isdigit():
        return Parent(node=key)
    raise ValueError(f"name units/{{unit}} or scopeNodes/{{code}}, not {name!r}")


def run(settings: Any, args: argparse.Namespace, *, on_current_schema: OnCurrentSchema) -> int:
    err = Console(stderr=True)
    outcome: dict[str, int] = {"code": 0}
    chosen = compliance_settings(settings)

    def work(engine: Engine) -> None:
        try:
            parent, half = parent_of(args.parent), HalfYear.parse(args.half, "--half")
        except (ValueError, DomainError) as error:
            err.print(f"[red]{getattr(error, 'message', error)}[/red]")
            outcome["code"] = 2
            return
        transactions = SqlTransactions(engine)
        with progress_bar(err, args.format == "table") as report:
            try:
                figures: HalfYearFigures = transactions.run_now(
                    lambda uow: use_cases.half_year(
                        uow,
                        caller=uow.callers.load(args.as_user),
                        parent=parent,
                        half=half,
                        settings=chosen,
                        now=datetime.now(UTC),
                        progress=report,
                    ),
                    read_only=True,
                )
            except DomainError as error:
                err.print(f"[red]refused[/red] ({error.reason}): {error.message}")
                outcome["code"] = 1
                return
            steps = len(use_cases.STEPS)
            report("rendering HTML", steps, steps + 3)
            document = render.html(figures, chosen.zone)
            report("rendering PDF", steps + 1, steps + 3)
            pdf = render.pdf(document)
            report("writing xlsx", steps + 2, steps + 3)
            book = render.xlsx(figures)
        args.out.mkdir(parents=True, exist_ok=True)
        stem = f"{args.parent.replace('/', '-')}-{half}"
        written = {}
        for suffix, content in (("html", document.encode()), ("pdf", pdf), ("xlsx", book)):
            path = args.out / f"{stem}.{suffix}"
            path.write_bytes(content)
            written[suffix] = str(path)
        if args.format == "json":
            print(json.dumps({"title": figures.title, "files": written}, ensure_ascii=False))
        else:
            print(figures.title)
            for path in written.values():
                print(path)

    code = on_current_schema(settings, "make reports", work)
    return code or outcome["code"]
