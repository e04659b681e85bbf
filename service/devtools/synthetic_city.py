"""A synthetic city, deterministic by seed, as the host's registries would publish it.

Two sizes (DESIGN.md §7): **small** — 3 districts (core, mixed, rural), 10 streets
and towns, 40 communities (27 urban, 13 villages), about 355 grids, 295 grid
workers and 460 officers, with edge cases on purpose (a grid with no officer, a
community without a prosecutor, one police officer heading two communities);
**full** — Nanjing's shape: 11 districts, 100 streets and towns, about 1,300
communities, 12,000 grids (about 23 % exclusive), 10,000 grid workers and 16,000
officers. Codes follow the statistical area code: district (6 digits) + street
(001–099) or town (100–199) + community (villages 2xx) + grid sequence.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from contracts import messages

CITY_CODE = "320100"
_DISTRICTS = [
    ("320102", "玄武区", "core"),
    ("320104", "秦淮区", "core"),
    ("320105", "建邺区", "core"),
    ("320106", "鼓楼区", "core"),
    ("320111", "浦口区", "mixed"),
    ("320113", "栖霞区", "mixed"),
    ("320114", "雨花台区", "mixed"),
    ("320115", "江宁区", "mixed"),
    ("320116", "六合区", "rural"),
    ("320117", "溧水区", "rural"),
    ("320118", "高淳区", "rural"),
]
# Category shares of enrolled officers, and the share of each that are party members.
_CATEGORIES = [
    ("police", 0.50, 0.85),
    ("lawyer", 0.15, 0.30),
    ("judge", 0.12, 0.85),
    ("prosecutor", 0.08, 0.85),
    ("law_society", 0.07, 0.60),
    ("other_staff", 0.08, 0.85),
]
_EXCLUSIVE_KINDS = ["school", "business_district", "park", "enterprise", "hospital", "public_body"]
_WHEN = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class CitySize:
    districts: int
    streets: int
    towns: int
    urban_communities: int
    villages: int
    ordinary_grids: int
    exclusive_grids: int
    grid_workers: int
    officers: int


SIZES = {
    "small": CitySize(3, 7, 3, 27, 13, 280, 75, 295, 460),
    "full": CitySize(11, 94, 6, 1_000, 300, 9_300, 2_700, 10_000, 16_000),
}


@dataclass
class _Builder:
    rng: random.Random
    serial: int = 0

    def message_id(self, prefix: str) -> str:
        self.serial += 1
        return f"sim-{prefix}-{self.serial:07d}"

    def node(self, code: str, level: str, name: str, parent: str | None, **extra: Any) -> bytes:
        document = {
            "schema": "grid.upserted.v1",
            "message_id": self.message_id("node"),
            "occurred_time": _WHEN,
            "code": code,
            "version": 1,
            "level": level,
            "display_name": name,
            "parent": parent,
            **extra,
        }
        return messages.encode(messages.GridUpserted.model_validate(document))

    def user(self, user_id: str, name: str, roles: list[dict[str, Any]], **extra: Any) -> bytes:
        document = {
            "schema": "user.upserted.v1",
            "message_id": self.message_id("user"),
            "occurred_time": _WHEN,
            "user_id": user_id,
            "version": 1,
            "display_name": name,
            "phone_number": f"139{self.rng.randrange(10**8):08d}",
            "id_number": f"320{self.rng.randrange(10**14):014d}X",
            "roles": roles,
            **extra,
        }
        return messages.encode(messages.UserUpserted.model_validate(document))


def _spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` near-equal whole numbers."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def city_messages(size: str = "small", *, seed: int = 2020) -> Iterator[bytes]:
    """Every registry message of the city: scope nodes first (parents before
    children), then users and units, then (small city) a town beyond every
    officer's reach. Same size and seed, same bytes."""
    shape = SIZES[size]
    rng = random.Random(seed)  # noqa: S311  (synthetic data, not secrets)
    build = _Builder(rng)
    yield build.node(CITY_CODE, "city", "南京市", None)

    # The small city: one core, one mixed and one rural district.
    districts = _DISTRICTS if size == "full" else [_DISTRICTS[0], _DISTRICTS[4], _DISTRICTS[8]]
    assert len(districts) == shape.districts
    rural = [code for code, _, kind in districts if kind == "rural"]
    towns_in = dict(zip(rural, _spread(shape.towns, len(rural)), strict=True))
    streets: list[tuple[str, bool]] = []  # (code, is_town)
    for (code, name, _), count in zip(
        districts, _spread(shape.streets, len(districts)), strict=True
    ):
        yield build.node(code, "district", name, CITY_CODE)
        for number in range(1, count + 1):
            streets.append((f"{code}{number:03d}", False))
            yield build.node(f"{code}{number:03d}", "street", f"{name}第{number}街道", code)
        for number in range(towns_in.get(code, 0)):
            town = f"{code}{100 + number:03d}"
            streets.append((town, True))
            yield build.node(town, "street", f"{name}第{number + 1}镇", code, rural=True)

    urban_streets = [code for code, town in streets if not town]
    towns = [code for code, town in streets if town]
    communities: list[tuple[str, bool]] = []
    for street, count in zip(
        urban_streets, _spread(shape.urban_communities, len(urban_streets)), strict=True
    ):
        for number in range(1, count + 1):
            communities.append((f"{street}{number:03d}", False))
    for town, count in zip(towns, _spread(shape.villages, len(towns)), strict=True):
        for number in range(count):
            communities.append((f"{town}{200 + number:03d}", True))
    for code, village in communities:
        kind = "村" if village else "社区"
        yield build.node(code, "community", f"{code[-3:]}{kind}", code[:9], rural=village)

    grids: list[tuple[str, str]] = []  # (code, type)
    ordinary_per = _spread(shape.ordinary_grids, len(communities))
    exclusive_per = _spread(shape.exclusive_grids, len(communities))
    for (community, village), ordinary, exclusive in zip(
        communities, ordinary_per, exclusive_per, strict=True
    ):
        grid_type = "rural" if village else "ordinary"
        for number in range(1, ordinary + 1):
            grids.append((f"{community}{number:03d}", grid_type))
            yield build.node(
                f"{community}{number:03d}",
                "grid",
                f"第{number}网格",
                community,
                rural=village,
                grid_type=grid_type,
            )
        for number in range(ordinary + 1, ordinary + exclusive + 1):
            exclusive_kind = rng.choice(_EXCLUSIVE_KINDS)
            grids.append((f"{community}{number:03d}", "exclusive"))
            yield build.node(
                f"{community}{number:03d}",
                "grid",
                f"专属网格{number}",
                community,
                rural=village,
                grid_type="exclusive",
                exclusive_kind=exclusive_kind,
            )

    staff: dict[tuple[str, bool], int] = {}
    yield from _users(build, rng, shape, districts, streets, communities, grids, staff)
    yield from _units(build, staff)
    if size == "small":
        yield from _beyond_reach(build, districts[-1][0])


# A town of the rural district where nobody lives or works, after everything
# else so that the rest of the city is what the seed made before: its village's
# grids have no candidate within their street, and the village no prosecutor
# (nor any field) within reach — the shortfalls a proposal must name (五.2).
UNREACHABLE_TOWN_NUMBER = 199


def _beyond_reach(build: _Builder, district: str) -> Iterator[bytes]:
    town = f"{district}{UNREACHABLE_TOWN_NUMBER}"
    village = f"{town}201"
    yield build.node(town, "street", "远郊镇", district, rural=True)
    yield build.node(village, "community", "201村", town, rural=True)
    for number in (1, 2):
        yield build.node(
            f"{village}{number:03d}",
            "grid",
            f"第{number}网格",
            village,
            rural=True,
            grid_type="rural",
        )


# Which unit of the city's officers gathers each category, as the host names its kind.
_UNIT_KINDS = {
    "judge": "court",
    "prosecutor": "procuratorate",
    "police": "public_security",
    "lawyer": "justice_bureau",
    "law_society": "law_society",
    "other_staff": "political_legal_committee",
}


def _units(build: _Builder, enrolled: dict[tuple[str, bool], int]) -> Iterator[bytes]:
    """Every unit of the city's officers, with in-service staff counts: most
    well above the participation floors (三: 80 % of party members, 50 % of the
    others), and the edge cases DESIGN.md §7 names on purpose — a unit at
    exactly 80.0 % and one at 79.x % for party members, one at exactly 50 % and
    one at 49.x % for the others — and one whose staff the host does not know."""
    units = sorted({unit for unit, _ in enrolled})
    party = {unit: enrolled.get((unit, True), 0) for unit in units}
    others = {unit: enrolled.get((unit, False), 0) for unit in units}
    staff = {
        unit: (max(party[unit], party[unit] * 10 // 9), max(others[unit], others[unit] * 5 // 3))
        for unit in units
    }
    taken: set[str] = set()

    def edge(count: dict[str, int], fits: Callable[[int], int | None]) -> tuple[str, int] | None:
        # Seed 2020 (the tests' city) has a unit for each case; another seed
        # may not, and goes without that case.
        for unit in units:
            found = fits(count[unit]) if unit not in taken and count[unit] else None
            if found is not None:
                taken.add(unit)
                return unit, found
        return None

    def between(low: float, high: float) -> Callable[[int], int | None]:
        # The smallest staff putting count/staff in [low, high).
        def fits(count: int) -> int | None:
            staff_ = int(count / high) + 1
            return staff_ if low <= count / staff_ < high else None

        return fits

    for count, fits, party_side in (
        (party, lambda n: n * 5 // 4 if n % 4 == 0 else None, True),  # 80.0 %
        (party, between(0.79, 0.80), True),
        (others, lambda n: 2 * n, False),  # 50 %
        (others, between(0.49, 0.50), False),
    ):
        found = edge(count, fits)
        if found is not None:
            unit, size = found
            staff[unit] = (size, staff[unit][1]) if party_side else (staff[unit][0], size)
    unknown = next(unit for unit in units if unit not in taken)
    for unit in units:
        district, category = unit.split("-", 1)
        document: dict[str, Any] = {
            "schema": "unit.upserted.v1",
            "message_id": build.message_id("unit"),
            "occurred_time": _WHEN,
            "unit_id": unit,
            "version": 1,
            "display_name": f"{district}{_UNIT_KINDS[category]}",
            "kind": _UNIT_KINDS[category],
            "district": district,
        }
        if unit != unknown:
            document["staff"] = {"party_members": staff[unit][0], "others": staff[unit][1]}
        yield messages.encode(messages.UnitUpserted.model_validate(document))


def _users(
    build: _Builder,
    rng: random.Random,
    shape: CitySize,
    districts: list[tuple[str, str, str]],
    streets: list[tuple[str, bool]],
    communities: list[tuple[str, bool]],
    grids: list[tuple[str, str]],
    enrolled: dict[tuple[str, bool], int],
) -> Iterator[bytes]:
    """Every user; ``enrolled`` counts the officers of each unit by party membership."""
    yield build.user(
        "admin-city", "市委政法委管理员", [{"role": "city_admin", "scope_node": CITY_CODE}]
    )
    for code, name, _ in districts:
        yield build.user(
            f"admin-{code}", f"{name}政法委管理员", [{"role": "district_admin", "scope_node": code}]
        )
    non_exclusive = [code for code, grid_type in grids if grid_type != "exclusive"]
    for number in range(shape.grid_workers):
        grid = non_exclusive[number % len(non_exclusive)]
        yield build.user(
            f"gw{number:05d}", f"网格员{number}", [{"role": "grid_worker", "scope_node": grid}]
        )

    # Edge cases of the small city, kept in the full one too: the last grid has
    # no officer, the first community no prosecutor.
    served_grids = [code for code, _ in grids[:-1]]
    no_prosecutor = communities[0][0]
    categories = [name for name, _, _ in _CATEGORIES]
    weights = [share for _, share, _ in _CATEGORIES]
    party_share = {name: party for name, _, party in _CATEGORIES}
    heads: dict[str, str | None] = {community: None for community, _ in communities}
    community_codes = [community for community, _ in communities]
    liaison_streets = [street for street, _ in streets]
    for number in range(shape.officers):
        category = rng.choices(categories, weights)[0]
        # Every grid first gets one officer, then the rest go anywhere.
        grid = served_grids[number] if number < len(served_grids) else rng.choice(served_grids)
        if category == "prosecutor" and grid.startswith(no_prosecutor):
            category = "police"
        district = grid[:6]
        roles: list[dict[str, Any]] = [{"role": "officer", "scope_node": grid}]
        community = grid[:12]
        if category == "police" and heads.get(community, "taken") is None:
            heads[community] = f"of{number:05d}"
            roles.append({"role": "community_head", "scope_node": community})
            if community == community_codes[0]:
                # One police officer heads two communities.
                heads[community_codes[1]] = f"of{number:05d}"
                roles.append({"role": "community_head", "scope_node": community_codes[1]})
        if liaison_streets and grid[:9] == liaison_streets[0]:
            roles.append({"role": "street_liaison", "scope_node": liaison_streets.pop(0)})
        party_member = rng.random() < party_share[category]
        key = (f"{district}-{category}", party_member)
        enrolled[key] = enrolled.get(key, 0) + 1
        yield build.user(
            f"of{number:05d}",
            f"政法网格员{number}",
            roles,
            officer={
                "category": category,
                "unit": f"{district}-{category}",
                "party_member": party_member,
                "residence": grid,
                "workplace": rng.choice(community_codes),
            },
        )
    # Communities whose officers included no police officer get a head anyway.
    for community, head in heads.items():
        if head is None:
            key = (f"{community[:6]}-police", True)
            enrolled[key] = enrolled.get(key, 0) + 1
            yield build.user(
                f"head-{community}",
                f"政法网格长{community}",
                [{"role": "community_head", "scope_node": community}],
                officer={
                    "category": "police",
                    "unit": f"{community[:6]}-police",
                    "party_member": True,
                    "residence": community,
                },
            )
    for street in liaison_streets:
        yield build.user(
            f"liaison-{street}",
            f"政法网格联络员{street}",
            [{"role": "street_liaison", "scope_node": street}],
        )
