"""The permissions' use cases on a fake unit of work: toggles with their audit,
what is in force, and who may ask for a resync."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from service.kernel.access import Permission, PermissionToggle
from service.kernel.errors import InvalidArgument, PermissionDenied
from service.kernel.roles import Role
from service.permissions import use_cases
from tests.unit.fakes import FakeUnitOfWork

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
CITY, DISTRICT, COMMUNITY = "320100", "320102", "320102002003"


@pytest.fixture
def uow() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    uow.directory.nodes |= {CITY, DISTRICT, COMMUNITY}
    uow.callers.add("district", Role.DISTRICT_ADMIN, DISTRICT)
    uow.callers.add("city", Role.CITY_ADMIN, CITY)
    uow.callers.add("head", Role.COMMUNITY_HEAD, COMMUNITY)
    return uow


def _close_task_assign(uow: FakeUnitOfWork, by: str, scope: str = COMMUNITY) -> use_cases.Grant:
    return use_cases.set_grant(
        uow,
        caller=uow.callers.load(by),
        scope=scope,
        name=f"scopeNodes/{scope}",
        role=Role.COMMUNITY_HEAD,
        permission=Permission.TASK_ASSIGN,
        enabled=False,
        now=NOW,
    )


def test_a_toggle_applies_at_once_and_is_audited_with_before_and_after(
    uow: FakeUnitOfWork,
) -> None:
    assert uow.callers.load("head").reach(Permission.TASK_ASSIGN).covers_node(COMMUNITY)
    grant = _close_task_assign(uow, "district")
    assert (grant.enabled, grant.role_default) == (False, False)
    assert uow.callers.load("head").reach(Permission.TASK_ASSIGN).empty
    [entry] = use_cases.list_audit(
        uow,
        caller=uow.callers.load("district"),
        scope=DISTRICT,
        name=f"scopeNodes/{DISTRICT}",
        before=None,
        limit=10,
    )
    assert (entry.enabled_before, entry.enabled_after, entry.changed_by) == (
        True,
        False,
        "district",
    )


def test_only_who_manages_permissions_over_the_node_may_toggle_there(
    uow: FakeUnitOfWork,
) -> None:
    with pytest.raises(PermissionDenied):
        _close_task_assign(uow, "head")
    with pytest.raises(PermissionDenied):
        _close_task_assign(uow, "city", scope="320102099099")  # no such node
    assert uow.permissions.audit == []


def test_a_toggle_for_a_role_bound_above_the_node_is_refused(uow: FakeUnitOfWork) -> None:
    with pytest.raises(InvalidArgument) as refused:
        use_cases.set_grant(
            uow,
            caller=uow.callers.load("district"),
            scope=DISTRICT,
            name=f"scopeNodes/{DISTRICT}",
            role=Role.CITY_ADMIN,
            permission=Permission.PERMISSION_MANAGE,
            enabled=False,
            now=NOW,
        )
    assert refused.value.violations[0].field == "permission_grant.scope_node"
    assert uow.permissions.grants == {}
    assert uow.permissions.audit == []
    # The same role at its own level, or a role bound beneath the node, is fine.
    for role, scope in ((Role.CITY_ADMIN, CITY), (Role.COMMUNITY_HEAD, DISTRICT)):
        use_cases.set_grant(
            uow,
            caller=uow.callers.load("city"),
            scope=scope,
            name=f"scopeNodes/{scope}",
            role=role,
            permission=Permission.TASK_ASSIGN,
            enabled=True,
            now=NOW,
        )


def test_grants_show_what_is_in_force_and_whether_it_is_the_default(
    uow: FakeUnitOfWork,
) -> None:
    _close_task_assign(uow, "district")
    grants = use_cases.list_grants(
        uow,
        caller=uow.callers.load("city"),
        scope=COMMUNITY,
        name=f"scopeNodes/{COMMUNITY}",
        roles=[Role.COMMUNITY_HEAD],
        after="",
        limit=100,
    )
    by_key = {grant.key: grant for grant in grants}
    assert len(grants) == len(Permission)
    toggled = by_key["community_head.task.assign"]
    assert (toggled.enabled, toggled.role_default) == (False, False)
    default = by_key["community_head.activity.read"]
    assert (default.enabled, default.role_default) == (True, True)
    page = use_cases.list_grants(
        uow,
        caller=uow.callers.load("city"),
        scope=COMMUNITY,
        name="",
        roles=[Role.COMMUNITY_HEAD],
        after="community_head.policy.publish",
        limit=100,
    )
    assert all(grant.key > "community_head.policy.publish" for grant in page)


def test_host_toggles_are_audited_only_when_newer_than_the_mirror(uow: FakeUnitOfWork) -> None:
    key = ("task.assign", "community_head", COMMUNITY)
    uow.permissions.host[key] = (3, True, NOW - timedelta(days=1))
    toggles = [
        PermissionToggle("task.assign", Role.COMMUNITY_HEAD, COMMUNITY, False, 2, "host"),
        PermissionToggle("task.assign", Role.COMMUNITY_HEAD, COMMUNITY, False, 4, "host"),
        PermissionToggle("policy.publish", Role.COMMUNITY_HEAD, COMMUNITY, True, 1, "host"),
    ]
    use_cases.audit_host_toggles(uow, toggles=toggles, now=NOW)
    audited = [(a.permission, a.enabled_before, a.enabled_after) for a in uow.permissions.audit]
    assert audited == [("task.assign", True, False), ("policy.publish", False, True)]


def test_only_a_city_wide_permission_manager_may_ask_for_a_resync(uow: FakeUnitOfWork) -> None:
    use_cases.authorize_resync(uow.callers.load("city"))
    with pytest.raises(PermissionDenied):
        use_cases.authorize_resync(uow.callers.load("district"))
