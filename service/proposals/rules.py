"""编网入格 (五.2): which grids an officer may be proposed for, what each choice is
worth, and how a proposal explains itself.

The rules of 五.2, as this module reads them:

- residence first, workplace second: an officer is proposed in the community
  they live in, else the one they work in, else elsewhere in the street of
  either — never further (the candidates of an officer, ``reach_of``);
- every grid at least one officer, and every community all five professional
  fields (judge, prosecutor, police, lawyer, law-society member): the two
  coverage rules, worth more than any preference, so that the solver breaks a
  preference only to satisfy one of them;
- exclusive grids (schools, business districts, hospitals...) favour the four
  professional categories (三官一律);
- in rural communities one officer may cover several grids, up to their
  capacity; elsewhere one grid each;
- stability: an officer keeps the grid they serve unless a coverage rule needs
  the move — keeping is worth more than any preference and less than a rule.

The worths are published on every proposal (``Weights``), so that street staff
can see why a line was proposed. Pure: the solver (``solver.py``) turns them
into a min-cost flow.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from enum import StrEnum

from service.kernel.roles import PROFESSIONS, OfficerCategory
from service.kernel.scope import ScopeLevel, level_length

# 五.2: every community covers all professional fields, law-society members included.
FIELDS = PROFESSIONS | {OfficerCategory.LAW_SOCIETY}
_STREET = level_length(ScopeLevel.STREET)
_COMMUNITY = level_length(ScopeLevel.COMMUNITY)


class Reason(StrEnum):
    """Why a line was proposed; a line carries every one that holds."""

    KEPT = "kept"  # the officer already serves this grid
    RESIDENCE_GRID = "residence_grid"
    RESIDENCE_COMMUNITY = "residence_community"
    WORKPLACE_GRID = "workplace_grid"
    WORKPLACE_COMMUNITY = "workplace_community"
    RESIDENCE_STREET = "residence_street"
    WORKPLACE_STREET = "workplace_street"
    PREFERENCE = "preference"  # the officer asked for this grid
    PROFESSION_FIT = "profession_fit"  # 三官一律 in an exclusive grid
    COVERS_GRID = "covers_grid"  # the grid's only officer
    COVERS_FIELD = "covers_field"  # the community's only officer of this field
    RURAL_EXTRA = "rural_extra"  # one more grid of a rural officer


class Relation(StrEnum):
    """How an officer stands to a community, best first (residence, then workplace)."""

    RESIDENCE = "residence"
    WORKPLACE = "workplace"
    RESIDENCE_STREET = "residence_street"
    WORKPLACE_STREET = "workplace_street"
    NONE = "none"  # only for a grid the officer already serves


_RELATION_REASON = {
    Relation.RESIDENCE: Reason.RESIDENCE_COMMUNITY,
    Relation.WORKPLACE: Reason.WORKPLACE_COMMUNITY,
    Relation.RESIDENCE_STREET: Reason.RESIDENCE_STREET,
    Relation.WORKPLACE_STREET: Reason.WORKPLACE_STREET,
}


@dataclass(frozen=True)
class Weights:
    """What each term of the objective is worth, in points (more is better).

    The order of magnitude is the rule: an officer placed > a grid covered = a
    field covered > an assignment kept > any preference. A move the rules do not
    need therefore never pays, and a preference never costs a grid its officer.
    """

    officer_placed: int = 1_000_000
    grid_covered: int = 100_000
    field_covered: int = 100_000
    kept: int = 1_000
    relation: dict[Relation, int] = field(
        default_factory=lambda: {
            Relation.RESIDENCE: 60,
            Relation.WORKPLACE: 40,
            Relation.RESIDENCE_STREET: 20,
            Relation.WORKPLACE_STREET: 0,
            Relation.NONE: -500,
        }
    )
    residence_grid: int = 5
    workplace_grid: int = 3
    preference: int = 15
    profession_fit: int = 10  # a professional in an exclusive grid; the others lose as much
    # Each grid of a rural officer beyond their first: more than any relation is
    # worth, so that a second grid is taken only to cover it.
    rural_extra: int = -100
    # Each officer a grid has beyond its first costs this much more than the one
    # before, so that officers spread over a community's grids.
    crowding: int = 5

    def published(self) -> dict[str, int]:
        """The terms as printed on a proposal."""
        terms = {
            "officer_placed": self.officer_placed,
            "grid_covered": self.grid_covered,
            "field_covered": self.field_covered,
            "kept": self.kept,
            "residence_grid": self.residence_grid,
            "workplace_grid": self.workplace_grid,
            "preference": self.preference,
            "profession_fit": self.profession_fit,
            "rural_extra": self.rural_extra,
            "crowding": -self.crowding,
        }
        terms.update({f"relation_{key.value}": value for key, value in self.relation.items()})
        return terms


@dataclass(frozen=True)
class Grid:
    code: str
    exclusive: bool = False
    rural: bool = False

    @property
    def community(self) -> str:
        return self.code[:_COMMUNITY]


@dataclass(frozen=True)
class Officer:
    """What the engine knows of an officer: residence and workplace are a grid or
    a community code (the host's profile), or None; ``current`` the grids they
    serve; ``capacity`` how many rural grids they can take on."""

    id: str
    category: str
    residence: str | None = None
    workplace: str | None = None
    capacity: int = 1
    preferred: frozenset[str] = frozenset()
    current: frozenset[str] = frozenset()

    @property
    def professional(self) -> bool:
        return self.category in PROFESSIONS

    @property
    def field(self) -> str | None:
        return self.category if self.category in FIELDS else None


def community_of(code: str) -> str:
    return code[:_COMMUNITY]


def street_of(code: str) -> str:
    return code[:_STREET]


def reach_of(officer: Officer) -> tuple[str, ...]:
    """The streets an officer may be proposed in: those they live and work in.
    Limiting candidates to them keeps the model small and the proposal near."""
    streets = [code[:_STREET] for code in (officer.residence, officer.workplace) if code]
    return tuple(dict.fromkeys(street for street in streets if len(street) == _STREET))


def candidates(
    officer: Officer, communities_of_street: dict[str, list[str]], known: Container[str]
) -> list[tuple[str, Relation]]:
    """The communities ``officer`` may be proposed in, with how they stand to
    each: every community of the streets they live and work in (one comparison
    each: the engine asks this for every officer of a city), and beyond them a
    ``known`` community where they serve, as ``NONE``."""
    home, work = officer.residence or "", officer.workplace or ""
    home_community, work_community, home_street = (
        home[:_COMMUNITY],
        work[:_COMMUNITY],
        home[:_STREET],
    )
    found: list[tuple[str, Relation]] = []
    for street in reach_of(officer):
        far = Relation.RESIDENCE_STREET if street == home_street else Relation.WORKPLACE_STREET
        for community in communities_of_street.get(street, ()):
            if community == home_community:
                found.append((community, Relation.RESIDENCE))
            elif community == work_community:
                found.append((community, Relation.WORKPLACE))
            else:
                found.append((community, far))
    if officer.current:
        seen = {community for community, _ in found}
        for code in sorted(officer.current):
            community = code[:_COMMUNITY]
            if community in known and community not in seen:
                seen.add(community)
                found.append((community, Relation.NONE))
    return found


def grid_reasons(officer: Officer, grid: Grid) -> list[Reason]:
    """The officer-and-grid reasons a line states (beside the community's)."""
    reasons = []
    if grid.code in officer.current:
        reasons.append(Reason.KEPT)
    if officer.residence == grid.code:
        reasons.append(Reason.RESIDENCE_GRID)
    if officer.workplace == grid.code:
        reasons.append(Reason.WORKPLACE_GRID)
    if grid.code in officer.preferred:
        reasons.append(Reason.PREFERENCE)
    if grid.exclusive and officer.professional:
        reasons.append(Reason.PROFESSION_FIT)
    return reasons


def grid_worth(officer: Officer, grid: Grid, weights: Weights) -> int:
    """What placing ``officer`` in ``grid`` is worth within its community."""
    worth = 0
    for reason in grid_reasons(officer, grid):
        worth += {
            Reason.KEPT: weights.kept,
            Reason.RESIDENCE_GRID: weights.residence_grid,
            Reason.WORKPLACE_GRID: weights.workplace_grid,
            Reason.PREFERENCE: weights.preference,
            Reason.PROFESSION_FIT: weights.profession_fit,
        }[reason]
    if grid.exclusive and not officer.professional:
        worth -= weights.profession_fit
    return worth


def community_worth(officer: Officer, community: str, relation_: Relation, weights: Weights) -> int:
    """What placing ``officer`` somewhere in ``community`` is worth: their
    relation to it, staying where they serve, asking for one of its grids."""
    worth = weights.relation[relation_]
    if not officer.current and not officer.preferred:
        return worth
    # Beyond their reach (they moved house or job) keeping is no longer a reason:
    # the residence rule outranks stability.
    if relation_ is not Relation.NONE and any(
        code[:_COMMUNITY] == community for code in officer.current
    ):
        worth += weights.kept
    if any(code[:_COMMUNITY] == community for code in officer.preferred):
        worth += weights.preference
    return worth


def relation_reason(relation_: Relation) -> Reason | None:
    return _RELATION_REASON.get(relation_)


class ShortfallKind(StrEnum):
    GRID_UNCOVERED = "grid_uncovered"
    FIELD_MISSING = "field_missing"
    OFFICER_UNPLACED = "officer_unplaced"


@dataclass(frozen=True)
class Shortfall:
    """A rule the proposal cannot satisfy, and why, in words street staff read."""

    kind: ShortfallKind
    subject: str  # a grid, community or officer
    field: str | None
    explanation: str


def grid_shortfall(grid: str, candidates: int) -> Shortfall:
    why = (
        f"grid {grid} has no candidate: no officer lives or works in its street"
        if candidates == 0
        else f"grid {grid} has {candidates} candidate(s), each needed more where they are placed"
    )
    return Shortfall(ShortfallKind.GRID_UNCOVERED, grid, None, why)


def field_shortfall(community: str, field_: str, candidates: int) -> Shortfall:
    why = (
        f"community {community} has no {field_} living or working in its street"
        if candidates == 0
        else f"community {community} has {candidates} {field_} candidate(s), "
        "each needed more where they are placed"
    )
    return Shortfall(ShortfallKind.FIELD_MISSING, community, field_, why)


def officer_shortfall(officer: Officer, area: str) -> Shortfall:
    return Shortfall(
        ShortfallKind.OFFICER_UNPLACED,
        officer.id,
        None,
        f"officer {officer.id} neither lives nor works in a street of {area} with a grid",
    )
