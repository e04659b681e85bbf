"""The ``officer-module dev`` commands: the host simulator and the sample terminal.

The production command (service/cli.py) hands ``dev`` over to this module; the
tools themselves are imported only when one of them runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy.engine import Engine

from service.platform.observability import configure_logging
from service.platform.settings import Settings

log = structlog.get_logger("officer.cli")

OnCurrentSchema = Callable[[Settings, str, Callable[[Engine], object]], int]


def add_parsers(commands: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    dev = commands.add_parser("dev", help="tools for development and demos")
    dev_commands = dev.add_subparsers(dest="dev_command", required=True)
    host_sim = dev_commands.add_parser(
        "host-sim",
        help="publish a synthetic city's registries on the bus (or, with no broker, "
        "load them into the database)",
    )
    common(host_sim)
    host_sim.add_argument("--amqp-url", help="env OFFICER_AMQP_URL; none loads the database")
    host_sim.add_argument("--size", choices=["small", "full"], default="small")
    host_sim.add_argument("--seed", type=int, default=2020)
    host_sim.add_argument(
        "--seed-assignments",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="with a broker: once the module has mirrored the city into --database-url, "
        "assign every officer to the grid the registry names (default: yes)",
    )
    host_sim.add_argument(
        "--mirror-wait-seconds",
        type=float,
        default=300,
        help="how long to wait for the module to mirror the city before seeding",
    )
    terminal = dev_commands.add_parser(
        "terminal",
        help="a sample handheld terminal: print every push that reaches a user "
        "(over the broker, or without one from StreamInboxItems)",
    )
    terminal.add_argument("--user", required=True, help="the host user id whose pushes to show")
    terminal.add_argument(
        "--amqp-url", help="env OFFICER_AMQP_URL; none streams from the gRPC server instead"
    )
    terminal.add_argument(
        "--grid",
        action="append",
        default=[],
        metavar="CODE",
        help="with a broker: also show grid.push.v1 for this 15-digit grid (repeatable)",
    )
    terminal.add_argument(
        "--target", default="127.0.0.1:50051", help="without a broker: the gRPC server"
    )
    terminal.add_argument(
        "--resume-cursor", default="", help="without a broker: stream after this cursor"
    )
    terminal.add_argument(
        "--private-key", help="sign the token RS256 with this PEM key instead of the HS256 secret"
    )
    terminal.add_argument("--max-items", type=int, help="exit 0 after printing this many items")
    terminal.add_argument("--format", choices=["text", "json"], default="text")
    terminal.add_argument(
        "--log-format", choices=["json", "console"], help="env OFFICER_LOG_FORMAT"
    )
    terminal.add_argument(
        "--log-level", choices=["debug", "info", "warning", "error"], help="env OFFICER_LOG_LEVEL"
    )


def run(settings: Settings, args: argparse.Namespace, *, on_current_schema: OnCurrentSchema) -> int:
    if args.dev_command == "terminal":
        return _run_terminal(settings, args)
    return _run_host_sim(
        settings,
        size=args.size,
        seed=args.seed,
        seed_assignments=args.seed_assignments,
        mirror_wait=args.mirror_wait_seconds,
        on_current_schema=on_current_schema,
    )


def _run_host_sim(
    settings: Settings,
    *,
    size: str,
    seed: int,
    seed_assignments: bool,
    mirror_wait: float,
    on_current_schema: OnCurrentSchema,
) -> int:
    from service.devtools import host_sim

    if settings.amqp_url is not None:
        officers = host_sim.publish_city(settings.amqp_url, size=size, seed=seed)
        if not seed_assignments:
            return 0

        def seed_when_mirrored(engine: Engine) -> None:
            host_sim.seed_once_mirrored(engine, officers=officers, wait_seconds=mirror_wait)

        try:
            return on_current_schema(settings, "seed assignments", seed_when_mirrored)
        except host_sim.MirrorBehind as exc:
            log.error("assignments not seeded", reason=str(exc))
            return 4
    return on_current_schema(
        settings, "load the city", lambda engine: host_sim.load_city(engine, size=size, seed=seed)
    )


def _run_terminal(settings: Settings, args: argparse.Namespace) -> int:
    from service.devtools import sample_terminal, terminal_stream
    from service.platform.identity import issue_token

    grids: list[str] = args.grid
    problem = None
    if args.max_items is not None and args.max_items < 1:
        problem = "--max-items must be at least 1"
    elif settings.amqp_url is None and grids:
        problem = "--grid needs a broker: grid.push.v1 travels only on officer.push"
    elif settings.amqp_url is not None and args.resume_cursor:
        problem = "--resume-cursor is for the stream: drop --amqp-url (and OFFICER_AMQP_URL)"
    else:
        try:
            sample_terminal.check_options(args.user, grids)
        except sample_terminal.InvalidOptions as exc:
            problem = str(exc)
    if problem is not None:
        print(f"officer-module: {problem}", file=sys.stderr)
        return 2
    # The items are the terminal's output on stdout: keep the logs off it.
    configure_logging(log_format=settings.log_format, level=settings.log_level, stream=sys.stderr)
    printer = sample_terminal.Printer(sys.stdout, args.format)
    with sample_terminal.stop_on_signals() as stop:
        if settings.amqp_url is not None:
            return sample_terminal.run_amqp(
                settings.amqp_url,
                user_id=args.user,
                grids=grids,
                printer=printer,
                stop=stop,
                max_items=args.max_items,
            )
        private_key = Path(args.private_key).read_text() if args.private_key else None
        return terminal_stream.run_stream(
            args.target,
            user_id=args.user,
            token=lambda: issue_token(settings, args.user, private_key_pem=private_key),
            printer=printer,
            stop=stop,
            resume_cursor=args.resume_cursor,
            max_items=args.max_items,
        )
