"""A server for bench_rpc_overhead: the probe service, bare or inside officer-module.

    python -m tests.bench.rpc_server bare|officer DATABASE_URL

Prints the bound port on its first line, then serves until stdin closes.
"""

from __future__ import annotations

import asyncio
import os
import sys

import grpc

from service.platform.observability import configure_logging
from service.platform.server import start_server
from service.platform.settings import Settings
from service.platform.store import database, schema
from tests.integration.probe import probe_handler


async def _bare() -> tuple[grpc.aio.Server, int]:
    server = grpc.aio.server()
    server.add_generic_rpc_handlers((probe_handler(),))
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    return server, port


async def main(mode: str, database_url: str) -> None:
    # The log lines are part of the cost measured; stdout carries only the port.
    configure_logging(stream=sys.stderr, level=os.environ.get("BENCH_LOG_LEVEL", "info"))
    if mode == "bare":
        server, port = await _bare()
    else:
        engine = database.create_engine(database_url)
        schema.migrate(engine)
        settings = Settings(listen="127.0.0.1:0", database_url=database_url)
        running = await start_server(settings, engine, extra_handlers=[probe_handler()])
        server, port = running.server, running.port
    print(port, flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await server.stop(1)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
