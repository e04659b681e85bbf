"""A real officer.v1 server on port 0 over a migrated database, and a channel to it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import pytest
from sqlalchemy.engine import Engine

from service.api.server import RunningServer, start_server
from service.settings import Settings
from service.store import schema
from tests.integration.probe import probe_handler


@pytest.fixture
def migrated_engine(engine: Engine) -> Engine:
    schema.migrate(engine)
    return engine


@pytest.fixture
async def server(migrated_engine: Engine, database_url: str) -> AsyncIterator[RunningServer]:
    settings = Settings(listen="127.0.0.1:0", database_url=database_url)
    running = await start_server(settings, migrated_engine, extra_handlers=[probe_handler()])
    yield running
    await running.stop(grace=1.0)


@pytest.fixture
async def channel(server: RunningServer) -> AsyncIterator[grpc.aio.Channel]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as opened:
        yield opened
