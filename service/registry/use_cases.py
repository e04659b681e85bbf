"""The registry's use cases: the read views of the mirror within the caller's
scope, and applying the host's batches.

A resource outside the caller's scope and one that does not exist get the same
PERMISSION_DENIED, so that a denial reveals nothing (AIP-211).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Protocol

from service.kernel.access import Caller, Permission, Reach
from service.kernel.errors import PermissionDenied
from service.kernel.scope import ScopeLevel
from service.kernel.working_time import OwnHours
from service.permissions import use_cases as permissions
from service.registry import rules
from service.registry.ports import (
    AvailabilityView,
    NodeView,
    OfficerView,
    RegistryWrites,
    UnitOfWork,
    UnitView,
)
from service.registry.rules import RegistryBatch

NODE_LEVELS = (ScopeLevel.CITY, ScopeLevel.DISTRICT, ScopeLevel.STREET, ScopeLevel.COMMUNITY)


def reach_beneath(caller: Caller, parent: str | None, parent_name: str) -> Reach:
    """Where the caller may read, limited to ``parent``'s subtree when one is
    given; PERMISSION_DENIED when that leaves nothing."""
    reach = caller.reach(Permission.REGISTRY_READ)
    if parent is not None:
        reach = reach.within(parent)
    if reach.empty:
        raise PermissionDenied.outside_scope(parent_name or "the registry")
    return reach


def get_scope_node(uow: UnitOfWork, *, caller: Caller, code: str, name: str) -> NodeView:
    if not caller.reach(Permission.REGISTRY_READ).sees_node(code):
        raise PermissionDenied.outside_scope(name)
    node = uow.registry.get_node(code)
    if node is None or node.level == ScopeLevel.GRID:
        raise PermissionDenied.outside_scope(name)
    return node


def list_scope_nodes(
    uow: UnitOfWork,
    *,
    caller: Caller,
    parent: str | None,
    parent_name: str,
    level: ScopeLevel | None,
    after: str,
    limit: int,
) -> list[NodeView]:
    """Children of the parent (or, with a level, everything of that level beneath
    it, or anywhere), among the nodes the caller covers or must pass through to
    reach them."""
    reach = caller.reach(Permission.REGISTRY_READ)
    if parent is not None and not reach.sees_node(parent):
        raise PermissionDenied.outside_scope(parent_name)
    if reach.empty:
        raise PermissionDenied.outside_scope("the registry")
    return uow.registry.list_nodes(
        reach=reach,
        with_path=True,
        levels=[level] if level else NODE_LEVELS,
        parent=parent if not level else None,
        under=parent if level else None,
        after=after,
        limit=limit,
    )


def get_grid(
    uow: UnitOfWork, *, caller: Caller, code: str, name: str
) -> tuple[NodeView, list[str]]:
    """The grid and the officers serving it."""
    if not caller.reach(Permission.REGISTRY_READ).covers_node(code):
        raise PermissionDenied.outside_scope(name)
    node = uow.registry.get_node(code)
    if node is None or node.level != ScopeLevel.GRID:
        raise PermissionDenied.outside_scope(name)
    return node, uow.registry.officers_of_grids([code])[code]


def list_grids(
    uow: UnitOfWork,
    *,
    caller: Caller,
    parent: str | None,
    parent_name: str,
    grid_type: str | None,
    without_officers: bool,
    after: str,
    limit: int,
) -> tuple[list[NodeView], dict[str, list[str]]]:
    """Grids by code, and the officers of each."""
    reach = reach_beneath(caller, parent, parent_name)
    grids = uow.registry.list_nodes(
        reach=reach,
        levels=[ScopeLevel.GRID],
        grid_type=grid_type,
        without_officers=without_officers,
        after=after,
        limit=limit,
    )
    return grids, uow.registry.officers_of_grids([grid.code for grid in grids])


def _as_seen_by(caller: Caller, officer: OfficerView) -> OfficerView:
    """The officer with their phone and id numbers masked unless the caller
    holds personal_data.read over them, or is them."""
    if officer.user_id == caller.user_id or caller.reach(
        Permission.PERSONAL_DATA_READ
    ).covers_officer(officer.grids, officer.unit):
        return officer
    return dataclasses.replace(
        officer,
        phone_number=rules.mask_phone(officer.phone_number),
        id_number=rules.mask_id_number(officer.id_number),
    )


def get_officer(uow: UnitOfWork, *, caller: Caller, user_id: str, name: str) -> OfficerView:
    officer = uow.registry.get_officer(user_id)
    if officer is None or not (
        user_id == caller.user_id
        or caller.reach(Permission.REGISTRY_READ).covers_officer(officer.grids, officer.unit)
    ):
        raise PermissionDenied.outside_scope(name)
    return _as_seen_by(caller, officer)


def _availability(uow: UnitOfWork, user_id: str, city: OwnHours) -> AvailabilityView:
    stored = uow.officer_hours.get(user_id)
    if stored is None:
        return AvailabilityView(user_id, city, city_default=True, update_time=None)
    own, set_at = stored
    return AvailabilityView(user_id, own, city_default=False, update_time=set_at)


def get_availability(
    uow: UnitOfWork, *, caller: Caller, user_id: str, name: str, city: OwnHours
) -> AvailabilityView:
    """Whoever may see the officer may see when to reach them."""
    get_officer(uow, caller=caller, user_id=user_id, name=name)
    return _availability(uow, user_id, city)


def update_availability(
    uow: UnitOfWork,
    *,
    caller: Caller,
    user_id: str,
    name: str,
    city: OwnHours,
    mask: list[str],
    quiet_hours: str,
    working_days_only: bool,
    city_default: bool,
    now: datetime,
) -> AvailabilityView:
    """Only the officer themself knows their day job: nobody sets it for them."""
    if user_id != caller.user_id or uow.registry.get_officer(user_id) is None:
        raise PermissionDenied.outside_scope(name)
    current = _availability(uow, user_id, city)
    own = rules.updated_hours(
        current.own,
        mask,
        quiet_hours=quiet_hours,
        working_days_only=working_days_only,
        city_default=city_default,
    )
    if own is None:
        uow.officer_hours.drop([user_id])
    else:
        uow.officer_hours.put(user_id, own, now, mask)
    return _availability(uow, user_id, city)


def list_officers(
    uow: UnitOfWork,
    *,
    caller: Caller,
    parent: str | None,
    parent_name: str,
    category: str | None,
    unit: str | None,
    after: str,
    limit: int,
) -> list[OfficerView]:
    reach = caller.reach(Permission.REGISTRY_READ)
    if parent is not None and not (reach.sees_node(parent) or reach.units):
        raise PermissionDenied.outside_scope(parent_name)
    if reach.empty:
        raise PermissionDenied.outside_scope("the registry")
    officers = uow.registry.list_officers(
        reach=reach, parent=parent, category=category, unit=unit, after=after, limit=limit
    )
    return [_as_seen_by(caller, officer) for officer in officers]


def _sees_unit(reach: Reach, unit: UnitView) -> bool:
    """A unit is seen by whoever reads its district, and by its own unit admins."""
    return unit.unit_id in reach.units or reach.covers_node(unit.district)


def get_unit(uow: UnitOfWork, *, caller: Caller, unit_id: str) -> UnitView:
    unit = uow.registry.get_unit(unit_id)
    if unit is None or not _sees_unit(caller.reach(Permission.REGISTRY_READ), unit):
        raise PermissionDenied.outside_scope(f"units/{unit_id}")
    return unit


def list_units(
    uow: UnitOfWork,
    *,
    caller: Caller,
    district: str | None,
    kind: str | None,
    after: str,
    limit: int,
) -> list[UnitView]:
    reach = caller.reach(Permission.REGISTRY_READ)
    if district is not None and not (reach.covers_node(district) or reach.units):
        raise PermissionDenied.outside_scope(f"scopeNodes/{district}")
    if reach.empty:
        raise PermissionDenied.outside_scope("the registry")
    return uow.registry.list_units(
        reach=reach, district=district, kind=kind, after=after, limit=limit
    )


class ApplyUnitOfWork(permissions.AuditUnitOfWork, Protocol):
    @property
    def registry_writes(self) -> RegistryWrites: ...


def apply_batch(uow: ApplyUnitOfWork, *, batch: RegistryBatch, now: datetime) -> None:
    """Applies a batch of the host's events: the host's permission toggles are
    audited first (against what the mirror held), then every newer record lands."""
    permissions.audit_host_toggles(uow, toggles=batch.permission_toggles(), now=now)
    uow.registry_writes.apply(batch, now)
