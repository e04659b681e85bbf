"""Assembles the gRPC server and runs it until SIGTERM.

``start_server`` builds a running server (tests use it with port 0);
``serve`` is the process entry point: logs, database checks, signals and a
graceful stop.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import grpc
import structlog
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from sqlalchemy.engine import Engine

from service.activities.rules import Windows
from service.compliance.use_cases import plan_reminder
from service.kernel import scheduler
from service.kernel.clock import Clock, system_clock
from service.platform import observability
from service.platform.admission import Admission
from service.platform.calls import ObservedCalls
from service.platform.identity import TokenVerifier
from service.platform.scheduling import (
    compliance_settings,
    due_step_handlers,
    proposal_settings,
    ranking_weights,
    replica_name,
    task_timing,
)
from service.platform.services import ServiceDeps, officer_services
from service.platform.settings import Settings
from service.platform.store import database
from service.platform.transactions import SqlTransactions
from service.platform.wakeups import InboxSignal, PushDeps
from service.suggestions.rules import Limits

log = structlog.get_logger(__name__)

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING
HEALTH_PROBE_SECONDS = 5.0


class ListenError(RuntimeError):
    """The listen address could not be bound."""


@dataclass
class RunningServer:
    """A started server and what must stop with it."""

    server: grpc.aio.Server
    port: int
    health: health.aio.HealthServicer
    service_names: list[str]
    database_executor: ThreadPoolExecutor
    admission: Admission
    # Set once the scheduler's round at start has ended: until then it may be
    # working with the time it read before a test moved the clock.
    first_round: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def stop(self, grace: float) -> None:
        """Health turns NOT_SERVING and every new call but health and reflection
        is refused (UNAVAILABLE) at once; calls in flight run on for ``grace``
        seconds at most, then the rest are cancelled. Database work already
        handed to a thread finishes (it commits whole or rolls back) before this
        returns."""
        await self.health.enter_graceful_shutdown()
        self.admission.drain()
        for task in self._tasks:
            task.cancel()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(grace):
                await self.admission.drained()
        await self.server.stop(0)
        await asyncio.to_thread(self.database_executor.shutdown, wait=True)


def _server_options(settings: Settings) -> list[tuple[str, int]]:
    return [
        ("grpc.max_receive_message_length", settings.max_message_bytes),
        ("grpc.max_send_message_length", settings.max_message_bytes),
        # Terminals keep streams open behind NATs: let clients ping every 30 s
        # without the server answering too_many_pings.
        ("grpc.http2.min_ping_interval_without_data_ms", 30_000),
        ("grpc.keepalive_permit_without_calls", 1),
        ("grpc.so_reuseport", 0),
    ]


async def start_server(
    settings: Settings,
    engine: Engine,
    *,
    extra_handlers: Sequence[grpc.GenericRpcHandler] = (),
    request_snapshot: Callable[[str], str] | None = None,
    outbox_wake: Callable[[], None] | None = None,
    clock: Clock = system_clock,
) -> RunningServer:
    """Builds, binds and starts the server. Health turns SERVING once the
    database answers, and follows it from then on."""
    # Our own admission, not grpc's maximum_concurrent_rpcs: that one refuses
    # health checks too, and a busy server would look dead to its probes.
    admission = Admission(
        max_calls=settings.max_concurrent_rpcs,
        max_streams_per_caller=settings.max_streams_per_caller,
    )
    server = grpc.aio.server(
        interceptors=[ObservedCalls(TokenVerifier.from_settings(settings), admission)],
        options=_server_options(settings),
    )
    database_executor = ThreadPoolExecutor(
        max_workers=settings.database_thread_count, thread_name_prefix="db"
    )
    deps = ServiceDeps(
        SqlTransactions(engine, database_executor),
        request_snapshot=request_snapshot,
        pushes=PushDeps(
            via_broker=settings.amqp_url is not None,
            outbox_wake=outbox_wake or (lambda: None),
            signal=InboxSignal(asyncio.get_running_loop()),
        ),
        reminder_offsets=tuple(timedelta(hours=hours) for hours in settings.notice_reminder_hours),
        task_timing=task_timing(settings),
        activity_windows=Windows(
            backdating=timedelta(days=settings.activity_backdating_days),
            correction=timedelta(hours=settings.activity_correction_hours),
        ),
        suggestion_limits=Limits(
            settings.suggestion_sign_working_days,
            settings.suggestion_urgent_sign_working_hours,
            settings.suggestion_close_working_days,
            settings.suggestion_urgent_close_working_days,
        ),
        suggestion_supervise_after_days=settings.suggestion_supervise_after_working_days,
        suggestion_max_extension_days=settings.suggestion_max_extension_working_days,
        proposal_settings=proposal_settings(settings),
        compliance_settings=compliance_settings(settings),
        ranking_weights=ranking_weights(settings),
        clock=clock,
    )
    bindings = officer_services(deps)
    for binding in bindings:
        binding.register(server)
    if extra_handlers:
        server.add_generic_rpc_handlers(tuple(extra_handlers))

    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    service_names = [binding.full_name for binding in bindings]
    reflection.enable_server_reflection(
        [*service_names, health.SERVICE_NAME, reflection.SERVICE_NAME], server
    )
    for name in ("", *service_names):
        await health_servicer.set(name, NOT_SERVING)

    try:
        port = _bind(server, settings)
    except RuntimeError as exc:
        raise ListenError(f"cannot listen on {settings.listen}: {exc}") from exc
    await server.start()

    running = RunningServer(
        server=server,
        port=port,
        health=health_servicer,
        service_names=service_names,
        database_executor=database_executor,
        admission=admission,
    )
    running._tasks.append(asyncio.create_task(_follow_database(running, engine)))
    running._tasks.append(
        asyncio.create_task(
            _plan_then_run(
                deps,
                deps.transactions,
                interval_seconds=settings.notice_step_interval_seconds,
                handlers=due_step_handlers(
                    via_broker=deps.pushes.via_broker,
                    task_timing=deps.task_timing,
                    compliance=deps.compliance_settings,
                ),
                made_by=replica_name(),
                committed=deps.pushes.committed,
                clock=clock,
                after_round=running.first_round.set,
            )
        )
    )
    return running


async def _plan_then_run(deps: ServiceDeps, *args: Any, **kwargs: Any) -> None:
    """The scheduler's loop, once this replica has made sure the next monthly
    reminder is planned (a recurring series has no state change to plan it)."""
    while True:
        try:
            await deps.transactions.write(
                functools.partial(
                    plan_reminder, now=deps.clock(), settings=deps.compliance_settings
                )
            )
            break
        except asyncio.CancelledError:
            raise
        except Exception:
            log.warning("monthly reminder not planned; retrying", exc_info=True)
            await asyncio.sleep(kwargs["interval_seconds"])
    await scheduler.run_forever(*args, **kwargs)


def _bind(server: grpc.aio.Server, settings: Settings) -> int:
    """Plain TCP, TLS, or mutual TLS when a client CA is configured."""
    if settings.tls_cert is None or settings.tls_key is None:
        return int(server.add_insecure_port(settings.listen))
    client_ca = settings.tls_client_ca.read_bytes() if settings.tls_client_ca else None
    credentials = grpc.ssl_server_credentials(
        [(settings.tls_key.read_bytes(), settings.tls_cert.read_bytes())],
        root_certificates=client_ca,
        require_client_auth=client_ca is not None,
    )
    return int(server.add_secure_port(settings.listen, credentials))


async def _follow_database(running: RunningServer, engine: Engine) -> None:
    """Health mirrors the database: a replica that cannot reach it leaves the
    load balancer's rotation until it can again."""
    loop = asyncio.get_running_loop()
    serving: bool | None = None
    while True:
        try:
            await loop.run_in_executor(running.database_executor, database.ping, engine)
            up = True
        except Exception as exc:
            up = False
            if serving is not False:
                log.warning("database unreachable; health NOT_SERVING", error=str(exc))
        if up != serving:
            observability.DATABASE_UP.set(1 if up else 0)
            for name in ("", *running.service_names):
                await running.health.set(name, SERVING if up else NOT_SERVING)
            if up:
                log.info("database reachable; health SERVING")
            serving = up
        await asyncio.sleep(HEALTH_PROBE_SECONDS)


async def serve(
    settings: Settings,
    engine: Engine,
    *,
    extra_handlers: Sequence[grpc.GenericRpcHandler] = (),
    request_snapshot: Callable[[str], str] | None = None,
    outbox_wake: Callable[[], None] | None = None,
) -> None:
    """Runs until SIGTERM or SIGINT, then stops gracefully."""
    running = await start_server(
        settings,
        engine,
        extra_handlers=extra_handlers,
        request_snapshot=request_snapshot,
        outbox_wake=outbox_wake,
    )
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    log.info(
        "serving",
        port=running.port,
        listen=settings.listen,
        embedded=settings.embedded,
        database=engine.url.render_as_string(hide_password=True),
    )
    await stopping.wait()
    log.info("stopping", grace_seconds=settings.shutdown_grace_seconds)
    await running.stop(settings.shutdown_grace_seconds)
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(Exception):
            loop.remove_signal_handler(signum)
    log.info("stopped")
