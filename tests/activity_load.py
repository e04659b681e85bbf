"""Activities loaded in bulk, straight into the store, with the counts kept
beside them: for benchmarks and for the reports' tests (a half-year of work
in a few seconds rather than thousands of RPCs)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from service.activities.rules import ActivityKind, month_of
from service.activities.store import counted_nodes
from service.platform.store import bulk

SHANGHAI = ZoneInfo("Asia/Shanghai")
_COLUMNS = (
    "activity_id",
    "officer",
    "reporter",
    "grid",
    "district",
    "street",
    "community",
    "kind",
    "subject_kind",
    "summary",
    "outcome",
    "start_time",
    "end_time",
    "participant_count",
    "co_officers",
    "attachments",
    "latitude",
    "longitude",
    "officer_category",
    "unit",
    "revision",
    "create_time",
    "update_time",
    "delete_time",
)
_ULID = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _ulid(moment: datetime, n: int) -> str:
    stamp = int(moment.timestamp() * 1000)
    head = "".join(_ULID[(stamp >> (5 * i)) & 31] for i in reversed(range(10)))
    tail = "".join(_ULID[(n >> (5 * i)) & 31] for i in reversed(range(16)))
    return head + tail


def load_reports(
    engine: Engine,
    reports: int,
    *,
    end: datetime | None = None,
    days: int = 180,
    seed: int = 2026,
    uneven: bool = False,
) -> tuple[str, str]:
    """``reports`` activities by the city's officers in their grids over the
    ``days`` before ``end`` (default now), loaded in bulk with their counts;
    returns the busiest street and its district. ``uneven`` gives each officer
    a pace of their own, so that some meet the monthly floor and some do not."""
    rng = random.Random(seed)
    with engine.connect() as connection:
        served = connection.execute(
            sa.text(
                "SELECT b.user_id, b.scope_node, u.officer_category, u.unit FROM role_binding b "
                "JOIN host_user u ON u.user_id = b.user_id WHERE b.role = 'officer' "
                "AND u.officer_category IS NOT NULL ORDER BY 1, 2"
            )
        ).all()
    now = end or datetime.now(UTC)
    kinds = list(ActivityKind)
    rows = []
    counts: Counter[tuple[str, str, str]] = Counter()
    pace = [rng.random() ** 3 if uneven else 1.0 for _ in served]
    chosen = rng.choices(range(len(served)), weights=pace, k=reports)
    for n, index in enumerate(chosen):
        officer, grid, category, unit = served[index]
        start = now - timedelta(seconds=rng.randrange(days * 86_400))
        kind = rng.choice(kinds).value
        made = start + timedelta(hours=2)
        rows.append(
            (
                _ulid(made, n),
                officer,
                officer,
                grid,
                grid[:6],
                grid[:9],
                grid[:12],
                kind,
                None,
                "走访网格内居民，了解矛盾纠纷与安全隐患情况，宣讲相关政策法规。",
                "",
                start,
                start + timedelta(hours=1),
                3,
                "[]",
                "[]",
                None,
                None,
                category,
                unit,
                1,
                made,
                made,
                None,
            )
        )
        for node in counted_nodes(grid):
            counts[(node, month_of(start, SHANGHAI), kind)] += 1
    with engine.begin() as connection:
        for begin in range(0, len(rows), 20_000):
            bulk.insert_rows(connection, "activity", _COLUMNS, rows[begin : begin + 20_000])
        bulk.insert_rows(
            connection,
            "activity_count",
            ("scope_node", "code_length", "month", "kind", "activity_count"),
            [(node, len(node), month, kind, n) for (node, month, kind), n in counts.items()],
        )
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text("VACUUM ANALYZE activity"))
            connection.execute(sa.text("VACUUM ANALYZE activity_count"))
    by_street = Counter(row[3][:9] for row in rows)
    street = by_street.most_common(1)[0][0]
    return street, street[:6]
