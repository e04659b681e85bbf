"""A real officer.v1 server on port 0 over a migrated database, and a channel to it."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import grpc
import pika
import pytest
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy.engine import Engine

from adapters.relay import OutboxRelay
from adapters.topology import connection_parameters, declare_on_broker
from contracts import topology
from service.platform.identity import issue_token
from service.platform.server import RunningServer, start_server
from service.platform.settings import Settings
from service.platform.store import schema
from tests.integration.activity_city import with_small_city
from tests.integration.probe import probe_handler
from tests.integration.service_process import ServiceProcess
from tests.movable_clock import MovableClock


@pytest.fixture
def migrated_engine(engine: Engine) -> Engine:
    # Made from the migrated template (tests/conftest.py), unless a module
    # brings a database of its own: a look (14 ms) where migrating is 60 ms.
    if schema.inspect_schema(engine).status is not schema.SchemaStatus.CURRENT:
        schema.migrate(engine)
    return engine


@pytest.fixture
def small_city_engine(migrated_engine: Engine) -> Engine:
    """Migrated, with the small synthetic city (seed 2020) mirrored and its
    officers assigned: made from a template that holds it (tests/conftest.py),
    unless a module brings a database of its own."""
    return with_small_city(migrated_engine)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
async def server(
    migrated_engine: Engine, settings: Settings, clock: MovableClock
) -> AsyncIterator[RunningServer]:
    running = await start_server(
        settings, migrated_engine, extra_handlers=[probe_handler()], clock=clock
    )
    # A test that moves the clock must not race the round made at start.
    await running.first_round.wait()
    yield running
    await running.stop(grace=1.0)


def _with_token(details: Any, token: str) -> Any:
    header = ("authorization", f"Bearer {token}")
    return details._replace(metadata=(*tuple(details.metadata or ()), header))


class _UnaryBearer(grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    def __init__(self, token: str) -> None:
        self._token = token

    async def intercept_unary_unary(self, continuation: Any, details: Any, request: Any) -> Any:
        return await continuation(_with_token(details, self._token), request)


class _StreamBearer(grpc.aio.UnaryStreamClientInterceptor):  # type: ignore[misc]
    def __init__(self, token: str) -> None:
        self._token = token

    async def intercept_unary_stream(self, continuation: Any, details: Any, request: Any) -> Any:
        return await continuation(_with_token(details, self._token), request)


def bearer_token(token: str) -> list[Any]:
    """Client interceptors adding ``authorization: Bearer <token>`` to every call, as
    the host does (grpc.aio files an interceptor under one call shape only)."""
    return [_UnaryBearer(token), _StreamBearer(token)]


@pytest.fixture
def settings(database_url: str) -> Settings:
    # The city-wide monthly reminder (六.1) is off: a test's sweeps and counts
    # of due steps see its own subject's alone. tests/integration/test_compliance.py
    # turns it on.
    return Settings(listen="127.0.0.1:0", database_url=database_url, activity_reminder_day=0)


@pytest.fixture
async def channel(server: RunningServer, settings: Settings) -> AsyncIterator[grpc.aio.Channel]:
    """A channel whose calls carry a valid token for user u100234."""
    token = issue_token(settings, "u100234")
    async with grpc.aio.insecure_channel(
        f"127.0.0.1:{server.port}", interceptors=bearer_token(token)
    ) as opened:
        yield opened


@pytest.fixture
async def channel_as(
    server: RunningServer, settings: Settings
) -> AsyncIterator[Callable[[str], grpc.aio.Channel]]:
    """Opens channels whose calls carry a valid token for a given user."""
    opened: list[grpc.aio.Channel] = []

    def open_as(user_id: str) -> grpc.aio.Channel:
        token = issue_token(settings, user_id)
        channel = grpc.aio.insecure_channel(
            f"127.0.0.1:{server.port}", interceptors=bearer_token(token)
        )
        opened.append(channel)
        return channel

    yield open_as
    for channel in opened:
        await channel.close()


@pytest.fixture
async def anonymous_channel(server: RunningServer) -> AsyncIterator[grpc.aio.Channel]:
    """A channel whose calls carry no token unless a test adds one."""
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as opened:
        yield opened


@pytest.fixture
def broker_channel(amqp_url: str) -> Iterator[BlockingChannel]:
    """A channel on a broker with the module's topology declared and its queues empty.
    No publisher confirms: a lost message shows as a consumer that never finishes."""
    declare_on_broker(amqp_url)
    connection = pika.BlockingConnection(connection_parameters(amqp_url))
    opened = connection.channel()
    for queue in topology.QUEUES:
        opened.queue_purge(queue.name)
    yield opened
    connection.close()


@pytest.fixture
def processes() -> Iterator[list[ServiceProcess]]:
    started: list[ServiceProcess] = []
    yield started
    for process in started:
        process.kill()


@pytest.fixture
def relay(migrated_engine: Engine, amqp_url: str) -> Iterator[OutboxRelay]:
    declare_on_broker(amqp_url)
    running = OutboxRelay(amqp_url, migrated_engine)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    yield running
    running.stop()
    thread.join(30)


@pytest.fixture
async def broker_server(
    migrated_engine: Engine, database_url: str, amqp_url: str, relay: OutboxRelay
) -> AsyncIterator[tuple[RunningServer, Settings]]:
    settings = Settings(listen="127.0.0.1:0", database_url=database_url, amqp_url=amqp_url)
    server = await start_server(settings, migrated_engine, outbox_wake=relay.wake)
    yield server, settings
    await server.stop(0)
