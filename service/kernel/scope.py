"""The scope tree (市 > 区 > 街道 > 社区 > 网格) and the arithmetic of its codes.

Codes are the statistical area codes of the host's grid registry: a district
has 6 digits, a street 9, a community 12 and a grid 15, each extending its
parent's code (DESIGN.md §7; every grid belongs to a community). The city's code
is 6 digits ending in "00" (320100 for Nanjing) and stands for the whole tree,
whose districts share its first four digits. This module is the only place that
knows these lengths.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from contracts.messages import ScopeLevel

__all__ = ["ScopeCode", "ScopeLevel", "anchor", "covers", "is_city", "subtree_prefix"]

_LENGTHS: dict[ScopeLevel, int] = {
    ScopeLevel.DISTRICT: 6,
    ScopeLevel.STREET: 9,
    ScopeLevel.COMMUNITY: 12,
    ScopeLevel.GRID: 15,
}
_LEVEL_OF_LENGTH = {length: level for level, length in _LENGTHS.items()}
# From the narrowest level up: what anchor() tries in turn.
_NARROWEST_FIRST = (15, 12, 9, 6)


def is_city(code: str) -> bool:
    return len(code) == 6 and code.endswith("00")


def subtree_prefix(code: str) -> str:
    """What every code beneath ``code`` starts with: the code itself, or for the
    city the four digits its districts share."""
    return code[:4] if is_city(code) else code


def covers(scope: str, code: str) -> bool:
    """True when ``code`` is ``scope`` or lies beneath it."""
    return code.startswith(subtree_prefix(scope))


def specificity(code: str) -> int:
    """How deep a code sits: the city 0, then longer codes deeper."""
    return 0 if is_city(code) else len(code)


@dataclass(frozen=True, order=True)
class ScopeCode:
    """A node of the scope tree, by its code."""

    code: str

    def __post_init__(self) -> None:
        if not self.code.isdigit() or len(self.code) not in _LEVEL_OF_LENGTH:
            raise ValueError(f"not a scope code: {self.code!r}")

    def __str__(self) -> str:
        return self.code

    @property
    def level(self) -> ScopeLevel:
        if is_city(self.code):
            return ScopeLevel.CITY
        return _LEVEL_OF_LENGTH[len(self.code)]

    @property
    def is_grid(self) -> bool:
        return len(self.code) == _LENGTHS[ScopeLevel.GRID]

    @property
    def city(self) -> ScopeCode:
        return ScopeCode(self.code[:4] + "00")

    @property
    def parent(self) -> ScopeCode | None:
        """The node directly above: a grid's community, ..., a district's city."""
        if self.level is ScopeLevel.CITY:
            return None
        if self.level is ScopeLevel.DISTRICT:
            return self.city
        return ScopeCode(self.code[:-3])

    def ancestors(self) -> tuple[ScopeCode, ...]:
        """Every node above this one, the city first."""
        above: list[ScopeCode] = []
        node = self.parent
        while node is not None:
            above.append(node)
            node = node.parent
        return tuple(reversed(above))

    def at(self, level: ScopeLevel) -> ScopeCode | None:
        """This node or the one above it at ``level``; None when this node sits higher."""
        if level is ScopeLevel.CITY:
            return self.city
        length = _LENGTHS[level]
        if is_city(self.code) or len(self.code) < length:
            return None
        return ScopeCode(self.code[:length])

    def covers(self, other: ScopeCode | str) -> bool:
        return covers(self.code, str(other))

    @property
    def resource_name(self) -> str:
        """``grids/{code}`` for a grid, ``scopeNodes/{code}`` for any other node."""
        return f"grids/{self.code}" if self.is_grid else f"scopeNodes/{self.code}"

    def child_level(self) -> ScopeLevel | None:
        """The level of this node's children; None for a grid."""
        match self.level:
            case ScopeLevel.CITY:
                return ScopeLevel.DISTRICT
            case ScopeLevel.GRID:
                return None
            case level:
                return _LEVEL_OF_LENGTH[_LENGTHS[level] + 3]


def level_length(level: ScopeLevel) -> int:
    """The length of the codes of ``level``'s nodes (not the city: it has a district's)."""
    return _LENGTHS[level]


def roll_up_length(level: ScopeLevel | None, reach_nodes: Iterable[str]) -> int:
    """The code length statistics roll up to: the requested level, or the one
    just below the caller's own highest node."""
    if level is not None:
        return level_length(level)
    nodes = list(reach_nodes)
    if any(is_city(node) for node in nodes):
        return level_length(ScopeLevel.DISTRICT)
    highest = ScopeCode(min(nodes, key=len))
    below = highest.child_level() or ScopeLevel.GRID
    return level_length(below)


def path_codes(nodes: Iterable[str]) -> set[str]:
    """The codes above each node: the city, district, street and community it lies in."""
    return {
        ancestor.code
        for node in nodes
        if not is_city(node)
        for ancestor in ScopeCode(node).ancestors()
    }


# Kept per code: a roll-up names some eight hundred nodes, and parsing a code
# costs 2 µs each time. A province's nodes fit.
@lru_cache(maxsize=1 << 18)
def resource_name(code: str) -> str:
    return ScopeCode(code).resource_name


def anchor(codes: Sequence[str]) -> str:
    """The narrowest node above every code (a district, street, community or
    grid), or their city when they span districts or include it."""
    if not codes:
        raise ValueError("no codes to anchor")
    city = ScopeCode(codes[0]).city.code
    if any(is_city(code) for code in codes):
        return city
    # Character by character is what we want: codes extend their parent's code.
    common = os.path.commonprefix(list(codes))  # noqa: RUF071
    for length in _NARROWEST_FIRST:
        if len(common) >= length:
            return common[:length]
    return city
