"""The proposal engine's solver: the rules of 五.2 as two min-cost flows (OR-Tools).

**Which community** (the first flow). Each officer sends one unit of flow (a
rural officer up to their capacity) to a (community, category) node of a
community within their reach, then to the community and the sink. The coverage
rules are arcs of capacity one worth their points: the first unit through a
(community, field) node covers the field, the community's first units up to its
number of grids cover its grids. Keeping the officer's own identity until the
category layer is what lets one flow carry the field rule exactly — a flow that
went officer → grid could not count categories per community.

**Which grid** (the second flow), within the community each officer was given:
officer → grid, worth keeping their grid, living or working in it, asking for
it, and the profession fit of an exclusive grid; each grid's first officer is
worth the grid rule, later ones cost a little more each (crowding).

Both flows are integral and optimal (network simplex on totally unimodular
models); the second cannot undo the first, because a community's units suffice
for its grids and each of its officers may take any of them. The arcs are built
in bulk from numpy arrays: building them arc by arc from Python is the slow
part (DESIGN.md §9).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from ortools.graph.python import min_cost_flow

from service.proposals.rules import (
    FIELDS,
    Grid,
    Officer,
    Reason,
    Relation,
    Shortfall,
    Weights,
    candidates,
    community_of,
    community_tiers,
    field_shortfall,
    grid_reasons,
    grid_shortfall,
    grid_worth,
    officer_shortfall,
    relation_reason,
    street_of,
    unplaced_worth,
)

_UNBOUNDED = 1 << 40
# Crowding tiers: the 2nd, 3rd, ... officer of a grid; beyond the last, all cost the same.
_CROWDING_TIERS = 4


@dataclass(frozen=True)
class Line:
    """One proposed assignment, with every reason that holds."""

    officer_id: str
    grid: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Outcome:
    lines: tuple[Line, ...]
    shortfalls: tuple[Shortfall, ...]
    terms: dict[str, int]  # counts of what the proposal achieves
    moved: tuple[str, ...]  # officers whose grids change
    arcs: int  # the model's size, for the record


class SolverFailed(RuntimeError):
    """The flow did not solve: a bug in the model, never a property of the data."""


@dataclass
class _Flow:
    tails: list[int] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)
    caps: list[int] = field(default_factory=list)
    costs: list[int] = field(default_factory=list)

    def arc(self, tail: int, head: int, cap: int, worth: int) -> int:
        self.tails.append(tail)
        self.heads.append(head)
        self.caps.append(cap)
        self.costs.append(-worth)
        return len(self.tails) - 1

    def solve(self, supplies: dict[int, int], nodes: int) -> np.ndarray:
        flow = min_cost_flow.SimpleMinCostFlow()
        arcs = flow.add_arcs_with_capacity_and_unit_cost(
            np.asarray(self.tails, dtype=np.int32),
            np.asarray(self.heads, dtype=np.int32),
            np.asarray(self.caps, dtype=np.int64),
            np.asarray(self.costs, dtype=np.int64),
        )
        supply = np.zeros(nodes, dtype=np.int64)
        for node, amount in supplies.items():
            supply[node] += amount
        flow.set_nodes_supplies(np.arange(nodes, dtype=np.int32), supply)
        status = flow.solve()
        if status != flow.OPTIMAL:
            raise SolverFailed(f"min-cost flow ended {status}")
        return np.asarray(flow.flows(arcs))


def solve(
    officers: Sequence[Officer], grids: Sequence[Grid], weights: Weights, *, area: str
) -> Outcome:
    """The proposal for ``grids`` from ``officers`` (those of ``area``)."""
    by_community: dict[str, list[Grid]] = defaultdict(list)
    for grid in grids:
        by_community[grid.community].append(grid)
    # Keeping counts only the live grids one serves (an assignment to a grid the
    # host deleted keeps nothing), and everyone can take at least one grid.
    live = {grid.code for grid in grids}
    officers = [
        replace(officer, current=officer.current & live, capacity=max(1, officer.capacity))
        if officer.current - live or officer.capacity < 1
        else officer
        for officer in officers
    ]
    communities_of_street: dict[str, list[str]] = defaultdict(list)
    for community in by_community:
        communities_of_street[street_of(community)].append(community)

    reach = [candidates(officer, communities_of_street, by_community) for officer in officers]
    units, first_arcs = _which_community(officers, reach, by_community, weights)
    placed, second_arcs = _which_grid(officers, units, by_community, weights)
    outcome = _explain(officers, reach, grids, by_community, placed, area)
    return replace(outcome, arcs=first_arcs + second_arcs)


def _villages(by_community: dict[str, list[Grid]]) -> set[str]:
    """Rural communities (villages), where one officer may cover several grids."""
    return {
        community for community, members in by_community.items() if any(g.rural for g in members)
    }


def _which_community(
    officers: Sequence[Officer],
    reach: list[list[tuple[str, Relation]]],
    by_community: dict[str, list[Grid]],
    weights: Weights,
) -> tuple[dict[tuple[int, str], int], int]:
    """Units of each officer (by index) in each community, and the arcs it took."""
    flow = _Flow()
    sink = 0
    next_node = 1
    category_node: dict[tuple[str, str], int] = {}
    hub: dict[str, int] = {}
    for community, members in by_community.items():
        hub[community] = next_node
        next_node += 1
        size = len(members)
        flow.arc(hub[community], sink, size, weights.grid_covered)
        for tier in range(1, _CROWDING_TIERS + 1):
            cap = size if tier < _CROWDING_TIERS else _UNBOUNDED
            flow.arc(hub[community], sink, cap, -weights.crowding * tier)

    def category_of(community: str, category: str) -> int:
        nonlocal next_node
        node = category_node.get((community, category))
        if node is None:
            node = category_node[(community, category)] = next_node
            next_node += 1
            if category in FIELDS:
                flow.arc(node, hub[community], 1, weights.field_covered)
            flow.arc(node, hub[community], _UNBOUNDED, 0)
        return node

    sizes = {community: len(members) for community, members in by_community.items()}
    rural = _villages(by_community)
    supplies: dict[int, int] = {}
    # The officer arcs, a million in a city, are appended to the flow's lists
    # directly: a method call per arc would cost as much as the solve.
    tails, heads, caps, costs = flow.tails, flow.heads, flow.caps, flow.costs
    arc_of: list[tuple[int, int, str]] = []  # (arc, officer index, community)
    unplaced = unplaced_worth(weights)
    for index, officer in enumerate(officers):
        # Every unit of an officer is alike; the first left unplaced loses the
        # placement rule's points, the rest nothing (rules.community_tiers).
        node = next_node
        next_node += 1
        capacity = officer.capacity
        supplies[node] = capacity
        flow.arc(node, sink, 1, unplaced)
        if capacity > 1:
            flow.arc(node, sink, capacity - 1, 0)
        # Outside villages an officer takes one grid: their urban arcs share one unit.
        urban = node
        if capacity > 1 and any(
            community not in rural or relation_ is Relation.NONE
            for community, relation_ in reach[index]
        ):
            urban = next_node
            next_node += 1
            flow.arc(node, urban, 1, 0)
        category = officer.category
        for community, relation_ in reach[index]:
            target = category_of(community, category)
            village = community in rural and relation_ is not Relation.NONE
            most = min(capacity, sizes[community]) if village else 1
            tail = node if village else urban
            for cap, worth in community_tiers(officer, community, relation_, weights, units=most):
                arc_of.append((len(tails), index, community))
                tails.append(tail)
                heads.append(target)
                caps.append(cap)
                costs.append(-worth)
    supplies[sink] = -sum(supplies.values())
    flows = flow.solve(supplies, next_node)
    units: dict[tuple[int, str], int] = Counter()
    for arc, index, community in arc_of:
        if flows[arc]:
            units[(index, community)] += int(flows[arc])
    return units, len(flow.tails)


def _which_grid(
    officers: Sequence[Officer],
    units: dict[tuple[int, str], int],
    by_community: dict[str, list[Grid]],
    weights: Weights,
) -> tuple[dict[int, list[str]], int]:
    """The grids of each placed officer (by index), and the arcs it took."""
    flow = _Flow()
    sink = 0
    next_node = 1
    grid_node: dict[str, int] = {}
    for community in {community for _, community in units}:
        for grid in by_community[community]:
            grid_node[grid.code] = next_node
            next_node += 1
            flow.arc(next_node - 1, sink, 1, weights.grid_covered)
            for tier in range(1, _CROWDING_TIERS + 1):
                cap = 1 if tier < _CROWDING_TIERS else _UNBOUNDED
                flow.arc(next_node - 1, sink, cap, -weights.crowding * (tier - 1))
    supplies: dict[int, int] = {}
    arc_of: list[tuple[int, int, str]] = []
    for (index, community), count in units.items():
        officer = officers[index]
        node = next_node
        next_node += 1
        supplies[node] = count
        for grid in by_community[community]:
            worth = grid_worth(officer, grid, weights)
            arc_of.append((flow.arc(node, grid_node[grid.code], 1, worth), index, grid.code))
    supplies[sink] = -sum(supplies.values())
    flows = flow.solve(supplies, next_node)
    placed: dict[int, list[str]] = defaultdict(list)
    for arc, index, code in arc_of:
        if flows[arc]:
            placed[index].append(code)
    return placed, len(flow.tails)


def _explain(
    officers: Sequence[Officer],
    reach: list[list[tuple[str, Relation]]],
    grids: Sequence[Grid],
    by_community: dict[str, list[Grid]],
    placed: dict[int, list[str]],
    area: str,
) -> Outcome:
    grid_of = {grid.code: grid for grid in grids}
    per_grid: Counter[str] = Counter()
    per_field: Counter[tuple[str, str]] = Counter()
    for index, codes in placed.items():
        for code in codes:
            per_grid[code] += 1
        field_ = officers[index].field
        if field_ is not None:
            for community in {community_of(code) for code in codes}:
                per_field[(community, field_)] += 1

    villages = _villages(by_community)
    lines = []
    terms: Counter[str] = Counter()
    grid_candidates: Counter[str] = Counter()
    field_candidates: Counter[tuple[str, str]] = Counter()
    for index, officer in enumerate(officers):
        field_ = officer.field
        for community, relation_ in reach[index]:
            if relation_ is not Relation.NONE:
                grid_candidates[community] += 1
                if field_ is not None:
                    field_candidates[(community, field_)] += 1
    moved = []
    for index in sorted(placed):
        officer = officers[index]
        codes = sorted(placed[index])
        if set(codes) != set(officer.current):
            moved.append(officer.id)
        # Beyond the officer's one grid, each village grid is an extra one.
        extra = [code for code in codes if community_of(code) in villages]
        if len(extra) == len(codes):
            extra = extra[1:]
        for code in codes:
            grid = grid_of[code]
            reasons = list(grid_reasons(officer, grid))
            found = relation_reason(dict(reach[index])[grid.community])
            if found is not None:
                reasons.append(found)
            if per_grid[code] == 1:
                reasons.append(Reason.COVERS_GRID)
            if officer.field is not None and per_field[(grid.community, officer.field)] == 1:
                reasons.append(Reason.COVERS_FIELD)
            if code in extra:
                reasons.append(Reason.RURAL_EXTRA)
            for reason in reasons:
                terms[reason.value] += 1
            lines.append(Line(officer.id, code, tuple(reasons)))

    shortfalls = [
        grid_shortfall(grid.code, grid_candidates[grid.community])
        for grid in grids
        if per_grid[grid.code] == 0
    ]
    for community in by_community:
        for field_ in sorted(FIELDS):
            if per_field[(community, field_)] == 0:
                shortfalls.append(
                    field_shortfall(community, field_, field_candidates[(community, field_)])
                )
    shortfalls.extend(
        officer_shortfall(officer, area)
        for index, officer in enumerate(officers)
        if index not in placed
    )
    terms.update(
        {
            "officers": len(officers),
            "officers_placed": len(placed),
            "grids": len(grids),
            "grids_covered": sum(1 for grid in grids if per_grid[grid.code]),
            "fields": len(by_community) * len(FIELDS),
            "fields_covered": len(per_field),
            "moved": len(moved),
        }
    )
    return Outcome(tuple(lines), tuple(shortfalls), dict(terms), tuple(moved), 0)
