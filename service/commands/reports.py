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
from rich.table import Table
from sqlalchemy.engine import Engine

from service.commands.bars import progress_bar
from service.compliance.figures import Parent
from service.kernel.errors import DomainError
from service.platform.scheduling import compliance_settings, ranking_weights
from service.platform.transactions import SqlTransactions
from service.reports import render, use_cases
from service.reports.figures import HalfYearFigures
from service.reports.rules import RANKING_NOTE, HalfYear

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
    ranking = sub.add_parser("ranking", help="the annual ranking (七.4) of a district or the city")
    common(ranking)
    ranking.add_argument("parent", help="scopeNodes/{code} of the city or a district")
    ranking.add_argument("--year", type=int, required=True)
    ranking.add_argument("--as-user", required=True, help="the host user acting")
    ranking.add_argument("--out", type=Path, default=Path("."), help="the directory to write to")
    ranking.add_argument("--top", type=int, default=10, help="how many to print")


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
        if args.reports_command == "ranking":
            outcome["code"] = _ranking(SqlTransactions(engine), args, err, settings, chosen)
            return
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


def _ranking(
    transactions: SqlTransactions,
    args: argparse.Namespace,
    err: Console,
    settings: Any,
    chosen: Any,
) -> int:
    parent = parent_of(args.parent) if args.parent.startswith("scopeNodes/") else None
    if parent is None or parent.node is None:
        err.print(
            f"[red]name the city or a district, scopeNodes/{{code}}, not {args.parent!r}[/red]"
        )
        return 2
    node = parent.node
    try:
        ranking = transactions.run_now(
            lambda uow: use_cases.annual_ranking(
                uow,
                caller=uow.callers.load(args.as_user),
                node=node,
                year=args.year,
                weights=ranking_weights(settings),
                settings=chosen,
            ),
            read_only=True,
        )
    except DomainError as error:
        err.print(f"[red]refused[/red] ({error.reason}): {error.message}")
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"ranking-{node}-{args.year}.xlsx"
    path.write_bytes(render.ranking_xlsx(ranking, RANKING_NOTE))
    table = Table(title=f"{args.year} 年度排名（{len(ranking.entries)} 人）", caption=RANKING_NOTE)
    for column in ("名次", "网格员", "姓名", "得分", "达标月数", "动态"):
        table.add_column(column)
    for rank, score in ranking.entries[: args.top]:
        table.add_row(
            str(rank),
            score.officer_id,
            score.display_name,
            str(score.score),
            str(score.months_met),
            str(score.activities),
        )
    Console().print(table)
    print(path)
    return 0
