"""The ``officer-module`` command: ``serve``, ``migrate`` and the admin commands.

Options override the environment (``OFFICER_LISTEN``, ``OFFICER_DATABASE_URL``,
``OFFICER_AMQP_URL``, ``OFFICER_METRICS_LISTEN``, ...), which overrides the defaults.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import grpc
import structlog
from pydantic import ValidationError
from sqlalchemy.engine import Engine

from service.commands import enrollments as enrollment_commands
from service.commands import proposals as proposal_commands
from service.commands import reports as report_commands
from service.devtools import commands as devtools_commands
from service.platform.bootstrap import (
    prepare_broker,
    snapshot_requester,
    start_outbox_relay,
    start_registry_consumer,
)
from service.platform.observability import configure_logging, start_metrics_server
from service.platform.scheduling import proposal_settings
from service.platform.settings import Settings
from service.platform.store import database, schema

log = structlog.get_logger("officer.cli")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="officer-module",
        description="The 政法网格员 officer module of a community-governance platform.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--database-url", help="env OFFICER_DATABASE_URL; default SQLite file")
        sub.add_argument("--log-format", choices=["json", "console"], help="env OFFICER_LOG_FORMAT")
        sub.add_argument(
            "--log-level",
            choices=["debug", "info", "warning", "error"],
            help="env OFFICER_LOG_LEVEL",
        )

    serve = commands.add_parser("serve", help="run the gRPC server until SIGTERM")
    common(serve)
    serve.add_argument("--listen", help="host:port (env OFFICER_LISTEN; default 127.0.0.1:50051)")
    serve.add_argument("--amqp-url", help="RabbitMQ URL (env OFFICER_AMQP_URL; default: none)")
    serve.add_argument(
        "--metrics-listen", help="host:port for /metrics (env OFFICER_METRICS_LISTEN)"
    )
    serve.add_argument(
        "--migrate", action="store_true", help="apply pending migrations before serving"
    )
    serve.add_argument(
        "--shutdown-grace-seconds", type=float, help="env OFFICER_SHUTDOWN_GRACE_SECONDS"
    )
    bus = serve.add_argument_group("the bus (with --amqp-url)")
    for flag, kind in (
        ("--relay-window", int),
        ("--relay-poll-seconds", float),
        ("--consumer-batch-size", int),
        ("--consumer-prefetch", int),
        ("--broker-outage-seconds", float),
        ("--database-outage-seconds", float),
    ):
        env = "OFFICER_" + flag.removeprefix("--").replace("-", "_").upper()
        bus.add_argument(flag, type=kind, help=f"env {env}")
    serve.add_argument("--tls-cert", help="PEM certificate chain (env OFFICER_TLS_CERT)")
    serve.add_argument("--tls-key", help="PEM private key (env OFFICER_TLS_KEY)")
    serve.add_argument(
        "--tls-client-ca", help="PEM CA: require client certificates (env OFFICER_TLS_CLIENT_CA)"
    )

    token = commands.add_parser(
        "token", help="print a token for a user, signed with the configured HS256 secret"
    )
    token.add_argument("--user", required=True, help="the host user id to act as")
    token.add_argument("--ttl-seconds", type=int, default=3600)
    token.add_argument(
        "--private-key", help="sign RS256 with this PEM private key instead of the HS256 secret"
    )

    migrate = commands.add_parser("migrate", help="apply schema migrations and exit")
    common(migrate)

    resync = commands.add_parser(
        "resync", help="ask the host for a full registry snapshot and reconcile the mirror"
    )
    common(resync)
    resync.add_argument("--amqp-url", help="env OFFICER_AMQP_URL (required)")
    resync.add_argument("--requested-by", default="operator", help="recorded with the request")

    dead = commands.add_parser(
        "dead-letters",
        help="list the dead-letter queue, or replay messages to where they came from",
    )
    dead_commands = dead.add_subparsers(dest="dead_command", required=True)
    listing = dead_commands.add_parser("list", help="one JSON line per dead letter (kept)")
    replaying = dead_commands.add_parser(
        "replay", help="send dead letters back to their original exchange and routing key"
    )
    for sub in (listing, replaying):
        sub.add_argument("--amqp-url", help="env OFFICER_AMQP_URL (required)")
        sub.add_argument("--log-format", choices=["json", "console"], help="env OFFICER_LOG_FORMAT")
        sub.add_argument(
            "--log-level",
            choices=["debug", "info", "warning", "error"],
            help="env OFFICER_LOG_LEVEL",
        )
    listing.add_argument("--limit", type=int, default=1000)
    replaying.add_argument("--reason", action="append", default=[], help="replay this reason code")
    replaying.add_argument(
        "--message-id", action="append", default=[], help="replay this message id (repeatable)"
    )
    replaying.add_argument("--all", action="store_true", help="replay every dead letter")

    devtools_commands.add_parsers(commands, common)
    proposal_commands.add_parsers(commands, common)
    enrollment_commands.add_parsers(commands, common)
    report_commands.add_parsers(commands, common)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {
        key: value
        for key, value in vars(args).items()
        if key in Settings.model_fields and value is not None
    }
    return Settings(**overrides)


def _run_migrate(settings: Settings) -> int:
    engine = database.create_engine(settings.database_url)
    try:
        database.wait_until_reachable(engine)
        state = schema.migrate(engine)
    except schema.SchemaMismatch as exc:
        log.error("migration refused", reason=str(exc))
        return 3
    finally:
        engine.dispose()
    log.info("migrated", revision=state.code_revision)
    return 0


def _on_current_schema(settings: Settings, what: str, action: Callable[[Engine], object]) -> int:
    """Runs ``action`` against a database whose schema is this release's."""
    engine = database.create_engine(settings.database_url)
    try:
        schema.require_current(engine)
        action(engine)
    except schema.SchemaMismatch as exc:
        log.error(f"refusing to {what}", reason=str(exc))
        return 3
    finally:
        engine.dispose()
    return 0


def _run_resync(settings: Settings, *, requested_by: str) -> int:
    from adapters.resync import request_resync

    amqp_url = settings.amqp_url
    if amqp_url is None:
        log.error("resync needs a broker: set --amqp-url or OFFICER_AMQP_URL")
        return 2

    def resync(engine: Engine) -> None:
        snapshot_id = request_resync(engine, amqp_url, requested_by=requested_by)
        log.info("registry snapshot requested", snapshot_id=snapshot_id)
        print(snapshot_id)

    return _on_current_schema(settings, "resync", resync)


def _run_dead_letters(settings: Settings, args: argparse.Namespace) -> int:
    from adapters import dead_letters

    # What it lists or counts is its output on stdout: keep the logs off it.
    configure_logging(log_format=settings.log_format, level=settings.log_level, stream=sys.stderr)
    if settings.amqp_url is None:
        print(
            "officer-module: dead-letters needs --amqp-url (or OFFICER_AMQP_URL)", file=sys.stderr
        )
        return 2
    if args.dead_command == "list":
        for letter in dead_letters.list_dead_letters(settings.amqp_url, limit=args.limit):
            print(json.dumps(letter.as_json(), ensure_ascii=False))
        return 0
    reasons, ids = set(args.reason), set(args.message_id)
    if not (args.all or reasons or ids):
        print("officer-module: name --reason, --message-id or --all", file=sys.stderr)
        return 2
    replayed = dead_letters.replay(
        settings.amqp_url,
        pick=lambda letter: args.all or letter.reason in reasons or letter.message_id in ids,
    )
    log.info("dead letters replayed", count=replayed)
    print(replayed)
    return 0


def _run_serve(
    settings: Settings, *, migrate: bool, extra_handlers: Sequence[grpc.GenericRpcHandler]
) -> int:
    from service.platform.server import ListenError, serve

    # The relay, the scheduler and the consumers hold connections beside the RPCs' threads.
    pool_size = max(database.POOL_SIZE, settings.database_thread_count)
    engine = database.create_engine(settings.database_url, pool_size=pool_size)
    try:
        database.wait_until_reachable(engine)
        if migrate:
            schema.migrate(engine)
        schema.require_current(engine)
        prepare_broker(settings)
        if settings.metrics_listen:
            start_metrics_server(settings.metrics_listen)
        stop_consumer = start_registry_consumer(settings, engine)
        # Before the server: its use cases wake the relay when they commit pushes.
        relay = start_outbox_relay(settings, engine)
        try:
            asyncio.run(
                serve(
                    settings,
                    engine,
                    extra_handlers=extra_handlers,
                    request_snapshot=snapshot_requester(settings, engine),
                    outbox_wake=relay.wake,
                )
            )
        finally:
            relay.stop()
            stop_consumer()
    except schema.SchemaMismatch as exc:
        log.error("refusing to serve", reason=str(exc))
        return 3
    except ListenError as exc:
        log.error("refusing to serve", reason=str(exc))
        return 4
    finally:
        engine.dispose()
    return 0


def main(
    argv: Sequence[str] | None = None,
    *,
    extra_handlers: Sequence[grpc.GenericRpcHandler] = (),
) -> int:
    """Runs one command; ``extra_handlers`` lets tests serve a probe service beside ours."""
    args = _parser().parse_args(argv)
    try:
        settings = _settings(args)
        # The capabilities' own checks of what the settings tune.
        proposal_settings(settings)
    except (ValidationError, ValueError) as exc:
        print(f"officer-module: invalid settings:\n{exc}", file=sys.stderr)
        return 2
    configure_logging(log_format=settings.log_format, level=settings.log_level)
    if args.command == "migrate":
        return _run_migrate(settings)
    if args.command == "token":
        from service.platform.identity import issue_token

        private_key = Path(args.private_key).read_text() if args.private_key else None
        print(
            issue_token(
                settings, args.user, ttl_seconds=args.ttl_seconds, private_key_pem=private_key
            )
        )
        return 0
    if args.command == "resync":
        return _run_resync(settings, requested_by=args.requested_by)
    if args.command == "dead-letters":
        return _run_dead_letters(settings, args)
    if args.command in ("proposals", "enrollments", "reports"):
        # Tables and bars are the output: keep the logs on stderr, and quiet.
        configure_logging(log_format=settings.log_format, level="warning", stream=sys.stderr)
        if args.command == "proposals":
            return proposal_commands.run(settings, args, on_current_schema=_on_current_schema)
        if args.command == "reports":
            return report_commands.run(settings, args, on_current_schema=_on_current_schema)
        return enrollment_commands.run(settings, args, on_current_schema=_on_current_schema)
    if args.command == "dev":
        return devtools_commands.run(settings, args, on_current_schema=_on_current_schema)
    return _run_serve(settings, migrate=args.migrate, extra_handlers=extra_handlers)


if __name__ == "__main__":
    raise SystemExit(main())
