"""The authorization model: scope containment, role defaults, toggles."""

from __future__ import annotations

import pytest

from service.kernel.access import Caller, Permission, Reach, Toggle
from service.kernel.roles import Role, RoleBinding
from service.kernel.scope import covers

CITY, DISTRICT, STREET = "320100", "320102", "320102002"
COMMUNITY, GRID = "320102002003", "320102002003001"


@pytest.mark.parametrize(
    ("scope", "code", "expected"),
    [
        (CITY, GRID, True),
        (CITY, "320200001001001", False),  # another city
        (DISTRICT, GRID, True),
        (STREET, GRID, True),
        (COMMUNITY, GRID, True),
        (GRID, GRID, True),
        (COMMUNITY, "320102002004001", False),  # the next community
        (GRID, COMMUNITY, False),  # a child never covers its parent
        ("320104", GRID, False),  # another district
    ],
)
def test_covers(scope: str, code: str, expected: bool) -> None:
    assert covers(scope, code) is expected


def test_default_permissions_follow_the_role() -> None:
    head = Caller("u1", (RoleBinding(Role.COMMUNITY_HEAD, COMMUNITY),))
    assert head.reach(Permission.REGISTRY_READ).nodes == {COMMUNITY}
    assert head.reach(Permission.POLICY_PUBLISH).empty
    assert head.reach(Permission.PERSONAL_DATA_READ).empty


def test_the_most_specific_toggle_decides() -> None:
    binding = RoleBinding(Role.COMMUNITY_HEAD, COMMUNITY)
    opened_citywide = Toggle("policy.publish", Role.COMMUNITY_HEAD, CITY, True)
    closed_in_street = Toggle("policy.publish", Role.COMMUNITY_HEAD, STREET, False)
    assert Caller("u1", (binding,), (opened_citywide,)).reach(Permission.POLICY_PUBLISH).nodes
    both = Caller("u1", (binding,), (opened_citywide, closed_in_street))
    assert both.reach(Permission.POLICY_PUBLISH).empty


def test_a_toggle_elsewhere_or_for_another_role_changes_nothing() -> None:
    binding = RoleBinding(Role.COMMUNITY_HEAD, COMMUNITY)
    elsewhere = Toggle("registry.read", Role.COMMUNITY_HEAD, "320104", False)
    other_role = Toggle("registry.read", Role.STREET_LIAISON, STREET, False)
    caller = Caller("u1", (binding,), (elsewhere, other_role))
    assert caller.reach(Permission.REGISTRY_READ).nodes == {COMMUNITY}


def test_unit_admins_reach_their_unit_not_the_tree() -> None:
    admin = Caller("u1", (RoleBinding(Role.UNIT_ADMIN, None, "xuanwu-police"),))
    reach = admin.reach(Permission.REGISTRY_READ)
    assert reach.units == {"xuanwu-police"}
    assert reach.nodes == frozenset()
    assert reach.covers_officer([], "xuanwu-police")
    assert not reach.covers_officer([GRID], "gulou-police")


def test_a_user_without_roles_reaches_nothing() -> None:
    assert Caller("nobody").reach(Permission.REGISTRY_READ).empty


def test_reach_sees_the_path_above_its_nodes_but_covers_only_below() -> None:
    reach = Reach(frozenset({COMMUNITY}))
    assert reach.sees_node(STREET)
    assert not reach.covers_node(STREET)
    assert not reach.sees_node("320102002004")


def test_within_narrows_to_a_subtree() -> None:
    reach = Reach(frozenset({COMMUNITY, "320104001001"}))
    assert reach.within(STREET).nodes == {COMMUNITY}
    assert reach.within(GRID).nodes == {GRID}
    assert reach.within("320105").empty
