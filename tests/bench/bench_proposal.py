"""The proposal engine (编网入格) on the full synthetic city: 16,000 officers ×
12,000 grids, from reading the mirror to a stored proposal (the use case a
CreateProposal runs), on SQLite and PostgreSQL; beside a raw-SQL baseline in
the same run that reads the same rows and writes the same lines with no model
at all. Then the province (ten such cities, one proposal each, in memory) for
time and peak memory, and stability: after 1 % of officers move house, how
many assignments a re-run moves.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test \\
    python -m tests.bench.bench_proposal [--skip-province]

Goals (issue 13): city ≤ 10 s, province ≤ 2 min and ≤ 2 GB, ≤ 2 % moved.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
from dataclasses import replace
from datetime import UTC, datetime

import sqlalchemy as sa

from service.devtools.host_sim import load_city
from service.devtools.synthetic_city import city_messages
from service.platform.store import bulk, database, schema
from service.platform.transactions import SqlTransactions
from service.proposals import solver
from service.proposals import use_cases as proposals
from service.proposals.rules import Grid, Officer, Weights, in_pool, with_capacity
from service.proposals.use_cases import Settings
from tests.bench.bench_policy_push import _database

CITY = "320100"


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _propose(url: str) -> tuple[float, float, dict[str, int]]:
    engine = database.create_engine(url)
    schema.migrate(engine)
    started = time.perf_counter()
    load_city(engine, size="full", seed=2020)
    print(f"  city loaded in {time.perf_counter() - started:.0f} s", flush=True)
    transactions = SqlTransactions(engine)

    def propose(uow: object) -> dict[str, int]:
        caller = uow.callers.load("admin-city")  # type: ignore[attr-defined]
        made = proposals.propose(
            uow,  # type: ignore[arg-type]
            caller=caller,
            area=CITY,
            settings=Settings(),
            now=datetime.now(UTC),
        )
        return dict(made.terms)

    started = time.perf_counter()
    terms = transactions.run_now(propose)
    ours = time.perf_counter() - started
    baseline = _raw(engine)
    engine.dispose()
    return ours, baseline, terms


def _raw(engine: sa.Engine) -> float:
    """The same reads and the same number of line rows, straight SQL, no model."""
    started = time.perf_counter()
    with engine.begin() as connection:
        connection.execute(
            sa.text("SELECT code, grid_type, rural FROM scope_node WHERE level = 'grid'")
        ).all()
        officers = connection.execute(
            sa.text(
                "SELECT user_id, officer_category, residence, workplace FROM host_user "
                "WHERE officer_category IS NOT NULL AND NOT deleted"
            )
        ).all()
        assigned = connection.execute(
            sa.text("SELECT officer_id, grid_code FROM grid_assignment")
        ).all()
        grids: dict[str, str] = {row.officer_id: row.grid_code for row in assigned}
        bulk.insert_rows(
            connection,
            "proposal_line",
            (
                "proposal_id",
                "number",
                "officer_id",
                "grid_code",
                "reasons",
                "current_grids",
                "moves",
                "decision",
                "override_grid",
            ),
            [
                (
                    "RAW",
                    n,
                    row.user_id,
                    grids.get(row.user_id, ""),
                    "kept",
                    "",
                    False,
                    "proposed",
                    None,
                )
                for n, row in enumerate(officers, start=1)
            ],
        )
        connection.execute(sa.text("DELETE FROM proposal_line WHERE proposal_id = 'RAW'"))
    return time.perf_counter() - started


def _city_inputs(prefix: str) -> tuple[list[Officer], list[Grid]]:
    """The full city's officers and grids, in memory, its codes re-prefixed so
    that ten cities make a province."""
    grids: list[Grid] = []
    officers: list[Officer] = []
    for raw in city_messages("full", seed=2020):
        document = json.loads(raw.decode().replace('"3201', f'"{prefix}'))
        if document["schema"] == "grid.upserted.v1" and document["level"] == "grid":
            grids.append(
                Grid(
                    document["code"],
                    exclusive=document.get("grid_type") == "exclusive",
                    rural=bool(document.get("rural")),
                )
            )
        elif document["schema"] == "user.upserted.v1" and document.get("officer"):
            profile = document["officer"]
            served = [r["scope_node"] for r in document["roles"] if r["role"] == "officer"]
            officers.append(
                Officer(
                    f"{prefix}-{document['user_id']}",
                    profile["category"],
                    profile.get("residence"),
                    profile.get("workplace"),
                    current=frozenset(served),
                )
            )
    villages = {grid.community for grid in grids if grid.rural}
    area = f"{prefix}00"
    pool = [with_capacity(o, villages, 3) for o in officers if in_pool(o, area)]
    return pool, grids


def _province() -> tuple[float, float]:
    started = time.perf_counter()
    for number in range(1, 11):
        prefix = f"32{number:02d}"
        officers, grids = _city_inputs(prefix)
        outcome = solver.solve(officers, grids, Weights(), area=f"{prefix}00")
        print(
            f"  city {prefix}00: {len(outcome.lines)} lines, "
            f"{outcome.terms['grids_covered']}/{outcome.terms['grids']} grids, "
            f"{time.perf_counter() - started:.0f} s, peak {_peak_mib():.0f} MiB",
            flush=True,
        )
    return time.perf_counter() - started, _peak_mib()


def _stability() -> tuple[float, int]:
    """Accept the city's proposal, move 1 % of officers to another home, re-run."""
    officers, grids = _city_inputs("3201")
    first = solver.solve(officers, grids, Weights(), area=CITY)
    placed: dict[str, set[str]] = {}
    for line in first.lines:
        placed.setdefault(line.officer_id, set()).add(line.grid)
    rng = random.Random(13)
    movers = set(rng.sample([o.id for o in officers], len(officers) // 100))
    homes = [grid.code for grid in grids]
    settled = [
        replace(
            o,
            current=frozenset(placed.get(o.id, ())),
            residence=rng.choice(homes) if o.id in movers else o.residence,
        )
        for o in officers
    ]
    second = solver.solve(settled, grids, Weights(), area=CITY)
    return len(second.moved) / len(officers), len(movers)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-province", action="store_true")
    args = parser.parse_args()
    for kind in ("sqlite", "postgresql"):
        with _database(kind) as url:
            ours, baseline, terms = _propose(url)
            print(
                f"  {kind}: {terms['officers_placed']}/{terms['officers']} officers placed, "
                f"{terms['grids_covered']}/{terms['grids']} grids covered, "
                f"{terms['fields_covered']}/{terms['fields']} community fields covered, "
                f"{terms.get('kept', 0)} kept, {terms['moved']} moved",
                flush=True,
            )
            print(
                f"BENCH name=proposal_city_seconds_{kind} value={ours:.1f} unit=s "
                f"baseline={baseline:.1f} ratio={ours / baseline:.1f}",
                flush=True,
            )
    share, movers = _stability()
    print(
        f"BENCH name=proposal_stability_moved_share value={share * 100:.2f} unit=% "
        f"baseline=1.00 ratio={share * 100:.2f}  # {movers} officers moved house"
    )
    if not args.skip_province:
        seconds, peak = _province()
        print(f"BENCH name=proposal_province_seconds value={seconds:.0f} unit=s baseline=120")
        print(f"BENCH name=proposal_province_peak_rss value={peak:.0f} unit=MiB baseline=2048")


if __name__ == "__main__":
    main()
