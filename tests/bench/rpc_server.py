"""A server for the RPC benchmarks, in a process of its own: the probe
service bare or inside officer-module, or a bare server that answers every
call with the bytes of a file (a response of the size officer-module sends).

    python -m tests.bench.rpc_server bare|officer DATABASE_URL
    python -m tests.bench.rpc_server fixed RESPONSE_FILE

Prints the bound port on its first line, then serves until stdin closes.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

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


async def _fixed(path: str) -> tuple[grpc.aio.Server, int]:
    """Answers /officer.test.Fixed/Answer with the file's bytes, whatever is asked."""
    answer = Path(path).read_bytes()  # noqa: ASYNC240 (before serving; once)

    async def respond(_request: bytes, _context: grpc.aio.ServicerContext) -> bytes:
        return answer

    server = grpc.aio.server()
    server.add_generic_rpc_handlers(
        (
            grpc.method_handlers_generic_handler(
                "officer.test.Fixed", {"Answer": grpc.unary_unary_rpc_method_handler(respond)}
            ),
        )
    )
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    return server, port


async def main(mode: str, argument: str) -> None:
    """``argument``: the database URL, or for ``fixed`` the response file."""
    database_url = argument
    # The log lines are part of the cost measured; stdout carries only the port.
    configure_logging(stream=sys.stderr, level=os.environ.get("BENCH_LOG_LEVEL", "info"))
    if mode == "bare":
        server, port = await _bare()
    elif mode == "fixed":
        server, port = await _fixed(argument)
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
