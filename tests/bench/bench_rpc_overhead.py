"""What officer-module's server adds to a unary call: the interceptor (request id,
token check, error mapping, one log line, metrics), health, reflection.

The same probe call (an asyncio.sleep(0) echo) is driven with 64 calls in flight
against a bare grpc.aio server and against officer-module's server, each in its
own process, in the same run. Prints BENCH lines (DESIGN.md §8).

    python -m tests.bench.bench_rpc_overhead [--calls 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

import grpc

from service.platform.identity import issue_token
from service.platform.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
IN_FLIGHT = 64


# Both servers get the token the host would send; only officer-module checks it.
TOKEN = (("authorization", f"Bearer {issue_token(Settings(), 'bench-user')}"),)


async def _drive(port: int, calls: int) -> tuple[float, float]:
    """Returns (calls per second, p99 latency in ms)."""
    latencies: list[float] = []
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        echo = channel.unary_unary("/officer.test.Probe/Sleep")
        await echo(b"0", metadata=TOKEN)  # connect (and check the token) before timing
        remaining = calls

        async def worker() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                started = time.perf_counter()
                await echo(b"0", metadata=TOKEN)
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return calls / elapsed, latencies[int(len(latencies) * 0.99)] * 1000


async def _measure(mode: str, calls: int, database_url: str) -> tuple[float, float]:
    server = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.bench.rpc_server",
        mode,
        database_url,
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        # officer-module logs one line per RPC; keep them off the terminal.
        stderr=asyncio.subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert server.stdin is not None
    assert server.stdout is not None
    try:
        port = int(await server.stdout.readline())
        await _drive(port, calls // 10)  # warm-up
        return await _drive(port, calls)
    finally:
        server.stdin.close()
        await asyncio.wait_for(server.wait(), timeout=30)


async def _compare(calls: int) -> tuple[tuple[float, float], tuple[float, float]]:
    # One event loop for the whole run: grpc.aio does not survive a second one.
    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{tmp}/bench.sqlite3"
        bare = await _measure("bare", calls, database_url)
        ours = await _measure("officer", calls, database_url)
    return bare, ours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    args = parser.parse_args()
    (bare_rate, bare_p99), (ours_rate, ours_p99) = asyncio.run(_compare(args.calls))
    print(f"bare grpc.aio : {bare_rate:8.0f} calls/s  p99 {bare_p99:6.1f} ms")
    print(f"officer-module: {ours_rate:8.0f} calls/s  p99 {ours_p99:6.1f} ms")
    print(
        f"BENCH name=unary_rpc_rate value={ours_rate:.0f} unit=calls/s "
        f"baseline={bare_rate:.0f} ratio={ours_rate / bare_rate:.2f}"
    )
    print(
        f"BENCH name=unary_rpc_p99 value={ours_p99:.1f} unit=ms "
        f"baseline={bare_p99:.1f} ratio={ours_p99 / bare_p99:.2f}"
    )


if __name__ == "__main__":
    main()
