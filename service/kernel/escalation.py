"""The escalation chain, derived from the scope tree rather than built by hand.

Above any node stand, in turn, the community head of its community and the
street liaison of its street (六.2: one each, who see and coordinate the officers
of their scope), then the district admin (区委政法委). A laggard, an overdue task
or a stuck suggestion climbs this chain one tier at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from service.kernel.ports import Directory
from service.kernel.roles import Role
from service.kernel.scope import ScopeCode, ScopeLevel

# (the tier's role, the level of the node it is bound to), nearest first.
CHAIN: tuple[tuple[Role, ScopeLevel], ...] = (
    (Role.COMMUNITY_HEAD, ScopeLevel.COMMUNITY),
    (Role.STREET_LIAISON, ScopeLevel.STREET),
    (Role.DISTRICT_ADMIN, ScopeLevel.DISTRICT),
)


# Who each tier is, to the reader of a push.
TIER_LABELS = {
    Role.COMMUNITY_HEAD: "社区负责人",
    Role.STREET_LIAISON: "街道联络员",
    Role.DISTRICT_ADMIN: "区委政法委",
}


@dataclass(frozen=True, order=True)
class Tier:
    """One step up: the holders of ``role`` bound to ``node``."""

    depth: int
    role: Role
    node: str

    @property
    def level(self) -> ScopeLevel:
        return CHAIN[self.depth][1]

    def describe(self) -> str:
        """``街道联络员（scopeNodes/320102003）``: the tier as a push or a record names it."""
        return f"{TIER_LABELS[self.role]}（{ScopeCode(self.node).resource_name}）"


def tiers_above(code: str, *, depth: int = len(CHAIN)) -> list[Tier]:
    """The first ``depth`` tiers above a node (those the node lies beneath;
    a street has no community head above it)."""
    node = ScopeCode(code)
    found = []
    for index, (role, level) in enumerate(CHAIN[:depth]):
        at = node.at(level)
        if at is not None:
            found.append(Tier(index, role, at.code))
    return found


def tally(codes: Iterable[str | None], *, depth: int) -> dict[Tier, int]:
    """How many of ``codes`` (the nodes laggards are counted under) each tier of
    the first ``depth`` stands above."""
    counts: dict[Tier, int] = {}
    for code in codes:
        if not code:
            continue
        for tier in tiers_above(code, depth=depth):
            counts[tier] = counts.get(tier, 0) + 1
    return counts


def reach_holders(directory: Directory, counts: Mapping[Tier, int]) -> list[tuple[Tier, str]]:
    """(tier, user) for every live holder of every tier counted, nearest tier first."""
    found: list[tuple[Tier, str]] = []
    for role in dict.fromkeys(tier.role for tier in sorted(counts)):
        tiers = [tier for tier in sorted(counts) if tier.role is role]
        bound = directory.holders_at(role, [tier.node for tier in tiers])
        found.extend((tier, user) for tier in tiers for user in bound.get(tier.node, []))
    return sorted(found)


@dataclass(frozen=True)
class Reached:
    """The nearest tier with live holders, its holders, and the tiers passed
    over on the way for want of any (tier None: nobody at all)."""

    tier: Tier | None
    holders: list[str]
    skipped: list[Tier]


def nearest_held(
    directory: Directory, code: str, *, above: int = -1, excluding: str = ""
) -> Reached:
    """Climbing from the first tier deeper than ``above`` over ``code``: the
    first whose live holders (``excluding`` apart) are not none."""
    skipped: list[Tier] = []
    for tier in tiers_above(code):
        if tier.depth <= above:
            continue
        holders = [
            user
            for user in directory.holders_at(tier.role, [tier.node]).get(tier.node, [])
            if user != excluding
        ]
        if holders:
            return Reached(tier, holders, skipped)
        skipped.append(tier)
    return Reached(None, [], skipped)
