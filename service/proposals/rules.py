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

import hashlib
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from service.kernel.errors import FailedPrecondition, FieldViolation, InvalidArgument
from service.kernel.roles import FIELDS, PROFESSIONS
from service.kernel.scope import ScopeLevel, covers, level_length

__all__ = ["FIELDS"]  # 五.2's fields live in the kernel; the engine's rules are read by them
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


# The preference-level terms a city may tune, and their bound: four of them at
# the bound (800) stay below keeping an assignment (1,000).
TUNABLE_MAX = 200
TUNABLE = (
    "residence",
    "workplace",
    "residence_street",
    "workplace_street",
    "residence_grid",
    "workplace_grid",
    "preference",
    "profession_fit",
)
_TUNABLE_RELATIONS = {
    "residence": Relation.RESIDENCE,
    "workplace": Relation.WORKPLACE,
    "residence_street": Relation.RESIDENCE_STREET,
    "workplace_street": Relation.WORKPLACE_STREET,
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
    # The price of each grid an officer takes: more than any relation is worth,
    # so that a rural officer's second grid is taken only to cover it.
    rural_extra: int = -100
    # Each officer a grid has beyond its first costs this much more than the one
    # before, so that officers spread over a community's grids.
    crowding: int = 5

    def tuned(self, points: Mapping[str, int]) -> Weights:
        """These weights with the preference-level terms a city sets
        (relations, grids, preferences, profession fit). Only those may be
        tuned, each from 0 to TUNABLE_MAX points, so that together they stay
        below keeping an assignment: the order of magnitude stays the rule."""
        unknown = set(points) - set(TUNABLE)
        if unknown:
            raise ValueError(f"not a tunable proposal weight: {sorted(unknown)}")
        for name, value in points.items():
            if not 0 <= value <= TUNABLE_MAX:
                raise ValueError(f"proposal weight {name} must be 0 to {TUNABLE_MAX}, not {value}")
        relations = dict(self.relation)
        for name, relation in _TUNABLE_RELATIONS.items():
            if name in points:
                relations[relation] = points[name]
        direct = {k: v for k, v in points.items() if k not in _TUNABLE_RELATIONS}
        return replace(self, relation=relations, **direct)

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
    # The capacity is the officer's own, stated in an accepted enrollment.
    stated: bool = False

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


def community_tiers(
    officer: Officer, community: str, relation_: Relation, weights: Weights, *, units: int
) -> list[tuple[int, int]]:
    """What each of the ``units`` an officer may place in ``community`` is worth,
    as (how many, worth each) tiers: their relation to it, less the price of a
    grid (so that a second one is taken only to cover it); as many units as
    they serve grids there also keep them there, and one more asks for a grid
    they prefer. Every unit is priced alike, whichever grid it is, so that a
    rural officer serving two villages keeps both, not one of them at random."""
    base = weights.relation[relation_] + weights.rural_extra
    kept = 0
    # Beyond their reach (they moved house or job) keeping is no longer a reason:
    # the residence rule outranks stability.
    if relation_ is not Relation.NONE and officer.current:
        kept = min(units, sum(1 for code in officer.current if code[:_COMMUNITY] == community))
    preferred = officer.preferred and any(
        code[:_COMMUNITY] == community for code in officer.preferred
    )
    bonus = weights.preference if preferred else 0
    tiers = []
    if kept:
        tiers.append((kept, base + weights.kept + bonus))
    if units > kept:
        if preferred and not kept:
            tiers.append((1, base + bonus))
            kept = 1
        if units > kept:
            tiers.append((units - kept, base))
    return tiers


def unplaced_worth(weights: Weights) -> int:
    """An officer's first unit left unplaced: the placement rule's points lost,
    less the price of the grid they would have taken."""
    return weights.rural_extra - weights.officer_placed


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


# The proposal as a resource: who is in it, when it is stale, and what an
# acceptance decides.

MAX_NOTE_CHARS = 300
MAX_LINES_PER_ACCEPT = 10_000
MAX_OVERRIDES = 1_000


class ProposalState(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    EXPIRED = "expired"


class Decision(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    OVERRIDDEN = "overridden"
    DECLINED = "declined"


def in_pool(officer: Officer, area: str) -> bool:
    """Whether a proposal for ``area`` may place ``officer``: they live, work or
    serve there, and serve nowhere outside it (an officer serving elsewhere is
    that area's to move, 各街道具体安排)."""
    if any(not covers(area, code) for code in officer.current):
        return False
    return bool(officer.current) or any(
        covers(area, code) or covers(code, area) for code in reach_of(officer)
    )


def fingerprint(officers: Iterable[Officer], grids: Iterable[Grid]) -> str:
    """A digest of everything a proposal was computed from: when it differs, the
    data under the proposal has changed and the proposal has expired."""
    digest = hashlib.sha256()
    for officer in sorted(officers, key=lambda o: o.id):
        digest.update(
            repr(
                (
                    officer.id,
                    officer.category,
                    officer.residence,
                    officer.workplace,
                    officer.capacity,
                    sorted(officer.preferred),
                    sorted(officer.current),
                )
            ).encode()
        )
    for grid in sorted(grids, key=lambda g: g.code):
        digest.update(repr((grid.code, grid.exclusive, grid.rural)).encode())
    return digest.hexdigest()


def check_acceptance(
    *, all_lines: bool, lines: Sequence[int], overrides: Mapping[int, str], note: str
) -> None:
    """Refuses an acceptance that says nothing, too much, or one line twice."""
    violations = []
    if not all_lines and not lines and not overrides:
        violations.append(
            FieldViolation("all_lines", "accept all lines, or name lines or overrides")
        )
    if all_lines and lines:
        violations.append(FieldViolation("lines", "name no lines when accepting all"))
    if len(lines) > MAX_LINES_PER_ACCEPT:
        violations.append(FieldViolation("lines", f"at most {MAX_LINES_PER_ACCEPT}"))
    if len(set(lines)) != len(lines):
        violations.append(FieldViolation("lines", "name each line once"))
    if len(overrides) > MAX_OVERRIDES:
        violations.append(FieldViolation("overrides", f"at most {MAX_OVERRIDES}"))
    if set(lines) & set(overrides):
        violations.append(FieldViolation("overrides", "a line is accepted or overridden, not both"))
    if len(note) > MAX_NOTE_CHARS:
        violations.append(FieldViolation("note", f"at most {MAX_NOTE_CHARS} characters"))
    if violations:
        raise InvalidArgument(violations)


def shown_state(state: ProposalState, fresh: bool) -> ProposalState:
    """An open proposal whose data changed under it has expired."""
    return ProposalState.EXPIRED if state is ProposalState.OPEN and not fresh else state


def check_open(state: ProposalState, fresh: bool) -> None:
    shown = shown_state(state, fresh)
    if shown is not ProposalState.OPEN:
        raise FailedPrecondition(
            f"the proposal is {shown.value}"
            + (
                "; the data under it changed: propose again"
                if shown is ProposalState.EXPIRED
                else ""
            ),
            reason="PROPOSAL_STATE",
            metadata={"state": shown.value},
        )


def with_capacity(officer: Officer, rural_communities: Container[str], capacity: int) -> Officer:
    """An officer who stated no capacity (no accepted enrollment) but lives or
    works in a village may cover up to ``capacity`` of its grids (五.2: in rural
    communities one officer may cover several grids); a stated capacity stands."""
    if officer.stated:
        return officer
    rural = any(
        code is not None and code[:_COMMUNITY] in rural_communities
        for code in (officer.residence, officer.workplace)
    )
    return replace(officer, capacity=capacity) if rural and officer.capacity < capacity else officer


def decide(
    numbers: Iterable[int], *, all_lines: bool, lines: Iterable[int], overrides: Mapping[int, str]
) -> dict[int, tuple[Decision, str | None]]:
    """What becomes of each line of the proposal."""
    chosen = set(lines)
    return {
        number: (
            (Decision.OVERRIDDEN, overrides[number])
            if number in overrides
            else (Decision.ACCEPTED, None)
            if all_lines or number in chosen
            else (Decision.DECLINED, None)
        )
        for number in numbers
    }


@dataclass(frozen=True)
class Move:
    """What accepting an officer's lines does to their grids."""

    add: frozenset[str]  # grids accepted that they do not serve yet
    drop: frozenset[str]  # grids of the area they serve that the proposal gives them no longer


def officer_move(
    serving: Iterable[str], proposed: Iterable[str], accepted: Iterable[str], area: str
) -> Move | None:
    """Accepting a line that keeps an officer where they serve changes nothing,
    and so does declining any line; accepting one that brings them to a new grid
    (as proposed, or overridden) takes them there and out of the grids of the
    area the proposal no longer gives them (``proposed``: their lines' grids,
    an overridden line's replaced by its override). None when nothing changes."""
    held = set(serving)
    new = set(accepted) - held
    if not new:
        return None
    drop = {code for code in held if covers(area, code)} - set(proposed)
    return Move(frozenset(new), frozenset(drop))


def grids_after(before: Iterable[str], move: Move) -> tuple[str, ...]:
    return tuple(sorted((set(before) - move.drop) | move.add))
