"""``officer-module proposals``: propose, show and accept from a terminal.

Street and district staff (or the on-call engineer for them) run the same use
cases the gRPC API runs, as the user named by ``--as-user``, whose permissions
decide exactly as they would over the API: the command is not a way around
them. Long work shows a progress bar on stderr; ``--format json`` prints one
JSON document on stdout for scripts.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import Engine

from service.commands.bars import progress_bar
from service.kernel.errors import DomainError
from service.platform.scheduling import proposal_settings
from service.platform.transactions import SqlTransactions
from service.proposals import use_cases
from service.proposals.ports import LineView, ProposalView
from service.proposals.use_cases import Settings

OnCurrentSchema = Callable[[Any, str, Callable[[Engine], object]], int]


def add_parsers(commands: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    proposals = commands.add_parser(
        "proposals", help="grid-assignment proposals (编网入格): propose, show, accept"
    )
    sub = proposals.add_subparsers(dest="proposals_command", required=True)

    def shared(parser: argparse.ArgumentParser) -> None:
        common(parser)
        parser.add_argument("--as-user", required=True, help="the host user acting")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    create = sub.add_parser("create", help="propose for a street, a district or the city")
    shared(create)
    create.add_argument("scope_node", help="the node's code, e.g. 320102001")

    show = sub.add_parser("show", help="a proposal's terms and shortfalls, and its lines")
    shared(show)
    show.add_argument("proposal_id")
    show.add_argument("--lines", action="store_true", help="list the lines too")
    show.add_argument("--only-moves", action="store_true", help="only lines that move someone")

    accept = sub.add_parser("accept", help="accept all lines, some, or overrides")
    shared(accept)
    accept.add_argument("proposal_id")
    accept.add_argument("--all", action="store_true", help="accept every line")
    accept.add_argument("--line", type=int, action="append", default=[], help="a line number")
    accept.add_argument(
        "--override", action="append", default=[], help="LINE=GRID: accept a line with another grid"
    )
    accept.add_argument("--note", default="")


def run(settings: Any, args: argparse.Namespace, *, on_current_schema: OnCurrentSchema) -> int:
    err = Console(stderr=True)
    outcome: dict[str, int] = {"code": 0}

    def work(engine: Engine) -> None:
        transactions = SqlTransactions(engine)
        try:
            chosen = proposal_settings(settings)
            outcome["code"] = _COMMANDS[args.proposals_command](transactions, args, err, chosen)
        except DomainError as error:
            err.print(f"[red]refused[/red] ({error.reason}): {error.message}")
            outcome["code"] = 1

    code = on_current_schema(settings, "work on proposals", work)
    return code or outcome["code"]


def _create(
    transactions: SqlTransactions, args: argparse.Namespace, err: Console, settings: Settings
) -> int:
    if not re.fullmatch(r"[0-9]{6}(?:[0-9]{3})?", args.scope_node):
        err.print(
            f"[red]name the city, a district or a street by its code, not {args.scope_node!r}[/red]"
        )
        return 2
    with progress_bar(err, args.format == "table") as report:
        made = transactions.run_now(
            lambda uow: use_cases.propose(
                uow,
                caller=uow.callers.load(args.as_user),
                area=args.scope_node,
                settings=settings,
                now=datetime.now(UTC),
                progress=report,
            )
        )
    _print_proposal(made, args.format)
    return 0


def _show(
    transactions: SqlTransactions, args: argparse.Namespace, err: Console, settings: Settings
) -> int:
    def read(uow: Any) -> tuple[ProposalView, list[LineView]]:
        caller = uow.callers.load(args.as_user)
        found = use_cases.get(uow, caller=caller, proposal_id=args.proposal_id, settings=settings)
        lines = (
            use_cases.list_lines(
                uow,
                caller=caller,
                proposal_id=args.proposal_id,
                only_moves=args.only_moves,
                after=0,
                limit=1_000_000,
            )
            if args.lines or args.only_moves
            else []
        )
        return found, lines

    found, lines = transactions.run_now(read, read_only=True)
    _print_proposal(found, args.format, lines)
    return 0


def _accept(
    transactions: SqlTransactions, args: argparse.Namespace, err: Console, settings: Settings
) -> int:
    overrides: dict[int, str] = {}
    for given in args.override:
        line, _, grid = given.partition("=")
        if not re.fullmatch(r"[0-9]{1,9}", line) or not grid:
            err.print(f"[red]--override wants LINE=GRID, not {given!r}[/red]")
            return 2
        overrides[int(line)] = grid
    with progress_bar(err, args.format == "table") as report:
        done = transactions.run_now(
            lambda uow: use_cases.accept(
                uow,
                caller=uow.callers.load(args.as_user),
                proposal_id=args.proposal_id,
                all_lines=args.all,
                lines=args.line,
                overrides=overrides,
                note=args.note,
                settings=settings,
                now=datetime.now(UTC),
                progress=report,
            )
        )
    _print_proposal(done.proposal, args.format, extra={"officers_changed": done.officers_changed})
    return 0


_COMMANDS = {"create": _create, "show": _show, "accept": _accept}


def _document(
    proposal: ProposalView, lines: Sequence[LineView], extra: dict[str, int]
) -> dict[str, Any]:
    return {
        "name": f"proposals/{proposal.proposal_id}",
        "scope_node": proposal.area,
        "state": proposal.state.value,
        "creator": proposal.created_by,
        "create_time": proposal.create_time.isoformat(),
        "terms": dict(proposal.terms),
        "weights": dict(proposal.weights),
        "shortfalls": [
            {"kind": s.kind.value, "subject": s.subject, "field": s.field, "why": s.explanation}
            for s in proposal.shortfalls
        ],
        "line_count": proposal.line_count,
        "accepted_by": proposal.accepted_by,
        **extra,
        **(
            {
                "lines": [
                    {
                        "number": line.number,
                        "officer": line.officer_id,
                        "grid": line.grid,
                        "current": list(line.current),
                        "reasons": list(line.reasons),
                        "decision": line.decision.value,
                        "override_grid": line.override_grid,
                    }
                    for line in lines
                ]
            }
            if lines
            else {}
        ),
    }


def _print_proposal(
    proposal: ProposalView,
    form: str,
    lines: Sequence[LineView] = (),
    extra: dict[str, int] | None = None,
) -> None:
    if form == "json":
        json.dump(_document(proposal, lines, extra or {}), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    out = Console()
    terms = proposal.terms
    summary = Table(title=f"proposals/{proposal.proposal_id} — {proposal.area} ({proposal.state})")
    summary.add_column("rule")
    summary.add_column("met", justify="right")
    summary.add_column("of", justify="right")
    summary.add_row(
        "officers placed", str(terms.get("officers_placed", 0)), str(terms.get("officers", 0))
    )
    summary.add_row(
        "grids with an officer", str(terms.get("grids_covered", 0)), str(terms.get("grids", 0))
    )
    summary.add_row(
        "community fields covered", str(terms.get("fields_covered", 0)), str(terms.get("fields", 0))
    )
    summary.add_row("officers kept where they serve", str(terms.get("kept", 0)), "")
    summary.add_row("officers moved", str(terms.get("moved", 0)), "")
    for key, value in (extra or {}).items():
        summary.add_row(key.replace("_", " "), str(value), "")
    out.print(summary)
    if proposal.shortfalls:
        shortfalls = Table(title=f"cannot be satisfied ({len(proposal.shortfalls)})")
        shortfalls.add_column("why")
        for shortfall in proposal.shortfalls[:50]:
            shortfalls.add_row(shortfall.explanation)
        if len(proposal.shortfalls) > 50:
            shortfalls.add_row(f"… and {len(proposal.shortfalls) - 50} more (--format json)")
        out.print(shortfalls)
    if lines:
        listed = Table(title=f"lines ({len(lines)})")
        for column in ("#", "officer", "grid", "serves now", "reasons", "decision"):
            listed.add_column(column)
        for line in lines:
            listed.add_row(
                str(line.number),
                line.officer_id,
                line.override_grid or line.grid,
                " ".join(line.current),
                ", ".join(line.reasons),
                line.decision.value,
            )
        out.print(listed)
