"""The activity feed and the roll-up on the full synthetic city with six months
of activity (≈ 250,000 reports, loaded in bulk), on SQLite and on PostgreSQL.

ListActivities for one street, 20 a page, 64 calls in flight, each caller
walking the feed page after page with its tokens; and GetActivityStats for a
district by street. Beside each, in the same run, a bare grpc.aio server that
answers every call with the bytes of the same response (same size), driven
the same way. Servers run in processes of their own.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test \\
    python -m tests.bench.bench_activity_feed [--reports 250000] [--calls 4000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import grpc
import sqlalchemy as sa
from officer.v1 import activity_service_pb2, common_pb2

from service.devtools.host_sim import load_city
from service.platform.identity import issue_token
from service.platform.settings import Settings
from service.platform.store import database, schema
from tests.activity_load import load_reports
from tests.bench.bench_policy_push import _database

ROOT = Path(__file__).resolve().parents[2]
IN_FLIGHT = 64
PAGES_PER_WALK = 10
SHANGHAI = ZoneInfo("Asia/Shanghai")


async def _server(*args: str) -> tuple[asyncio.subprocess.Process, int]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.bench.rpc_server",
        *args,
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout is not None
    return process, int(await process.stdout.readline())


async def _stop(process: asyncio.subprocess.Process) -> None:
    assert process.stdin is not None
    process.stdin.close()
    await asyncio.wait_for(process.wait(), timeout=30)


Call = Callable[[bytes], Awaitable[bytes]]


async def _drive(
    call: Call, first: bytes, next_page: Callable[[bytes], bytes | None], calls: int
) -> tuple[float, float]:
    """(calls per second, p99 in ms): IN_FLIGHT walkers, each from the first
    page through up to PAGES_PER_WALK pages by the tokens it is given."""
    latencies: list[float] = []
    remaining = calls

    async def walker() -> None:
        nonlocal remaining
        request: bytes | None = first
        pages = 0
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            answer = await call(request or first)
            latencies.append(time.perf_counter() - started)
            pages += 1
            request = next_page(answer) if pages < PAGES_PER_WALK else None
            if request is None:
                pages = 0

    started = time.perf_counter()
    await asyncio.gather(*(walker() for _ in range(IN_FLIGHT)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return calls / elapsed, latencies[int(len(latencies) * 0.99)] * 1000


def _feed_next(
    first: activity_service_pb2.ListActivitiesRequest,
) -> Callable[[bytes], bytes | None]:
    def next_page(answer: bytes) -> bytes | None:
        token = activity_service_pb2.ListActivitiesResponse.FromString(answer).next_page_token
        if not token:
            return None
        request = activity_service_pb2.ListActivitiesRequest()
        request.CopyFrom(first)
        request.page_token = token
        return request.SerializeToString()

    return next_page


async def _pair(
    url: str, method: str, request: bytes, user: str, calls: int, next_page: Any
) -> tuple[tuple[float, float], tuple[float, float], int]:
    """(officer-module, bare, response bytes) for one call, driven alike."""
    metadata = (("authorization", f"Bearer {issue_token(Settings(), user)}"),)
    ours, port = await _server("officer", url)
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = channel.unary_unary(method)

            async def call(body: bytes) -> bytes:
                answer: bytes = await stub(body, metadata=metadata)
                return answer

            sample = await call(request)
            await _drive(call, request, next_page, calls // 10)  # warm-up
            measured = await _drive(call, request, next_page, calls)
    finally:
        await _stop(ours)
    with tempfile.NamedTemporaryFile(suffix=".bin") as file:
        file.write(sample)
        file.flush()
        bare, port = await _server("fixed", file.name)
        try:
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
                fixed = channel.unary_unary("/officer.test.Fixed/Answer")

                async def bare_call(body: bytes) -> bytes:
                    answer: bytes = await fixed(body, metadata=metadata)
                    return answer

                # The bare server's answer is always the first page: its walkers
                # follow the same token, call for call.
                await _drive(bare_call, request, next_page, calls // 10)
                baseline = await _drive(bare_call, request, next_page, calls)
        finally:
            await _stop(bare)
    return measured, baseline, len(sample)


def _report(name: str, kind: str, ours: tuple[float, float], bare: tuple[float, float]) -> None:
    print(
        f"BENCH name={name}_{kind} value={ours[0]:.0f} unit=calls/s "
        f"baseline={bare[0]:.0f} ratio={ours[0] / bare[0]:.2f}"
    )
    print(
        f"BENCH name={name}_p99_{kind} value={ours[1]:.1f} unit=ms "
        f"baseline={bare[1]:.1f} ratio={ours[1] / bare[1]:.2f}"
    )


async def _run(kind: str, reports: int, calls: int) -> None:
    with _database(kind) as url:
        engine = database.create_engine(url)
        schema.migrate(engine)
        started = time.perf_counter()
        load_city(engine, size="full", seed=2020)
        street, district = load_reports(engine, reports)
        with engine.connect() as connection:
            liaison = connection.execute(
                sa.text(
                    "SELECT min(user_id) FROM role_binding WHERE role = 'street_liaison' "
                    "AND scope_node = :street"
                ),
                {"street": street},
            ).scalar_one()
            in_street = connection.execute(
                sa.text("SELECT count(*) FROM activity WHERE grid >= :street AND grid < :end"),
                {"street": street, "end": street + ":"},
            ).scalar_one()
        engine.dispose()
        print(
            f"{kind}: {reports} reports loaded in {time.perf_counter() - started:.0f} s; "
            f"street {street} holds {in_street}"
        )
        feed = activity_service_pb2.ListActivitiesRequest(
            parent=f"scopeNodes/{street}", page_size=20
        )
        ours, bare, size = await _pair(
            url,
            "/officer.v1.ActivityService/ListActivities",
            feed.SerializeToString(),
            liaison,
            calls,
            _feed_next(feed),
        )
        print(
            f"{kind} feed ({size} bytes a page): {ours[0]:.0f} calls/s p99 {ours[1]:.1f} ms; "
            f"bare {bare[0]:.0f} calls/s p99 {bare[1]:.1f} ms"
        )
        _report("activity_feed_street", kind, ours, bare)
        stats = activity_service_pb2.GetActivityStatsRequest(
            parent=f"scopeNodes/{district}", level=common_pb2.SCOPE_LEVEL_STREET
        )
        ours, bare, size = await _pair(
            url,
            "/officer.v1.ActivityService/GetActivityStats",
            stats.SerializeToString(),
            f"admin-{district}",
            calls // 4,
            lambda _answer: None,
        )
        print(
            f"{kind} district roll-up ({size} bytes): {ours[0]:.0f} calls/s "
            f"p99 {ours[1]:.1f} ms; bare {bare[0]:.0f} calls/s p99 {bare[1]:.1f} ms"
        )
        _report("activity_rollup_district", kind, ours, bare)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=250_000)
    parser.add_argument("--calls", type=int, default=4_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]

    async def run_all() -> None:
        # One event loop for the whole run: grpc.aio does not survive a second one.
        for kind in kinds:
            await _run(kind, args.reports, args.calls)

    asyncio.run(run_all())


if __name__ == "__main__":
    main()
