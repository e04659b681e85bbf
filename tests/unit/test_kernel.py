"""The kernel's pure parts: scope codes, the escalation chain, the scheduler's
superseding rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from service.kernel import escalation, scheduler
from service.kernel.roles import Role
from service.kernel.scheduler import DueStep
from service.kernel.scope import ScopeCode, ScopeLevel, path_codes

CITY, DISTRICT, STREET = "320100", "320102", "320102002"
COMMUNITY, GRID = "320102002003", "320102002003001"


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        (CITY, ScopeLevel.CITY, None),
        (DISTRICT, ScopeLevel.DISTRICT, CITY),
        (STREET, ScopeLevel.STREET, DISTRICT),
        (COMMUNITY, ScopeLevel.COMMUNITY, STREET),
        (GRID, ScopeLevel.GRID, COMMUNITY),
    ],
)
def test_each_code_knows_its_level_and_parent(
    code: str, level: ScopeLevel, parent: str | None
) -> None:
    node = ScopeCode(code)
    assert node.level is level
    assert (node.parent.code if node.parent else None) == parent


def test_ancestors_at_and_names() -> None:
    grid = ScopeCode(GRID)
    assert [a.code for a in grid.ancestors()] == [CITY, DISTRICT, STREET, COMMUNITY]
    assert grid.at(ScopeLevel.STREET) == ScopeCode(STREET)
    assert ScopeCode(STREET).at(ScopeLevel.COMMUNITY) is None
    assert grid.resource_name == f"grids/{GRID}"
    assert ScopeCode(COMMUNITY).resource_name == f"scopeNodes/{COMMUNITY}"
    assert ScopeCode(CITY).child_level() is ScopeLevel.DISTRICT
    assert ScopeCode(COMMUNITY).child_level() is ScopeLevel.GRID
    assert ScopeCode(CITY).covers("320105001001001")
    assert not ScopeCode(CITY).covers("320205001001001")
    assert path_codes([GRID, CITY]) == {CITY, DISTRICT, STREET, COMMUNITY}


@pytest.mark.parametrize("code", ["", "32010", "3201020021", "32010200200300100", "32010a"])
def test_a_malformed_code_is_refused(code: str) -> None:
    with pytest.raises(ValueError, match="not a scope code"):
        ScopeCode(code)


def test_the_escalation_chain_climbs_the_tree_one_tier_at_a_time() -> None:
    tiers = escalation.tiers_above(GRID)
    assert [(t.role, t.node) for t in tiers] == [
        (Role.COMMUNITY_HEAD, COMMUNITY),
        (Role.STREET_LIAISON, STREET),
        (Role.DISTRICT_ADMIN, DISTRICT),
    ]
    # A street has no community head above it.
    assert [t.role for t in escalation.tiers_above(STREET)] == [
        Role.STREET_LIAISON,
        Role.DISTRICT_ADMIN,
    ]
    counts = escalation.tally([GRID, f"{COMMUNITY}002", "320102002004001", None], depth=2)
    assert {(t.role, t.node): n for t, n in counts.items()} == {
        (Role.COMMUNITY_HEAD, COMMUNITY): 2,
        (Role.COMMUNITY_HEAD, "320102002004"): 1,
        (Role.STREET_LIAISON, STREET): 3,
    }


def test_a_series_owes_only_its_latest_due_step() -> None:
    now = datetime(2026, 12, 2, tzinfo=UTC)

    def step(subject: str, name: str, hours_ago: int) -> DueStep:
        return DueStep(f"{subject}{name}", "k", subject, name, now - timedelta(hours=hours_ago))

    pending = [step("a", "r1", 3), step("a", "r2", 2), step("b", "r1", 5), step("a", "r3", 1)]
    assert [(s.subject, s.step) for s in scheduler.owed(pending)] == [("b", "r1"), ("a", "r3")]
    assert scheduler.owed([]) == []
