"""Compliance read within the caller's reach, the unit admins' excuses, and
the monthly reminder the scheduler makes. One computation serves the RPCs, the
half-year reports and the reminder, so their figures cannot differ."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from service.compliance import rules
from service.compliance.figures import (
    MonthlyCompliance,
    Parent,
    Settings,
    compute,
    reminder_step,
)
from service.compliance.ports import Excuse, GridCover, Member, UnitOfWork, UnitStaff
from service.compliance.rules import Month, Participation
from service.enrollment.use_cases import administers
from service.kernel.access import Caller, Permission
from service.kernel.errors import AlreadyExists, InvalidArgument, NotFound, PermissionDenied
from service.kernel.roles import FIELDS
from service.kernel.scope import ScopeLevel, is_city, level_length

DISTRICT_LENGTH = level_length(ScopeLevel.DISTRICT)


def check_city_or_district(parent: Parent) -> None:
    """Units belong to districts: a street or community has none of its own."""
    if parent.node is not None and len(parent.node) != DISTRICT_LENGTH:
        raise InvalidArgument.field("parent", "must be the city, a district or a unit")


def _unit_district(uow: UnitOfWork, unit_id: str) -> UnitStaff:
    unit = uow.compliance.unit(unit_id)
    if unit is None:
        raise NotFound(f"units/{unit_id} does not exist")
    return unit


def check_reads(uow: UnitOfWork, caller: Caller, parent: Parent, permission: Permission) -> None:
    reach = caller.reach(permission)
    if parent.unit is not None:
        unit = uow.compliance.unit(parent.unit)
        # The unit's admins, where their role holds the permission (a toggle may close it).
        if parent.unit in reach.units:
            if unit is None:
                raise NotFound(f"units/{parent.unit} does not exist")
            return
        if unit is None or not reach.covers_node(unit.district):
            raise PermissionDenied.outside_scope(f"units/{parent.unit}")
        return
    assert parent.node is not None
    if not reach.covers_node(parent.node) or not uow.directory.node_exists(parent.node):
        raise PermissionDenied.outside_scope(f"scopeNodes/{parent.node}")


def _members(uow: UnitOfWork, parent: Parent) -> list[Member]:
    if parent.unit is not None:
        return uow.compliance.members_of_unit(parent.unit)
    assert parent.node is not None
    return uow.compliance.members_under(parent.node)


def monthly(
    uow: UnitOfWork,
    *,
    caller: Caller,
    parent: Parent,
    months: Sequence[Month],
    settings: Settings,
) -> MonthlyCompliance:
    """The members of a node (serving a grid beneath it) or of a unit, held
    to the floor month by month; read with ``activity.read`` over the node or
    the unit's district, or as the unit's admin."""
    check_reads(uow, caller, parent, Permission.ACTIVITY_READ)
    return compute(uow, _members(uow, parent), months, settings)


def _check_excuses(uow: UnitOfWork, caller: Caller, officer_id: str) -> Member:
    member = uow.compliance.member(officer_id)
    unit = None if member is None or member.unit is None else uow.compliance.unit(member.unit)
    allowed = member is not None and (
        (member.unit is not None and administers(caller, member.unit))
        or (
            unit is not None
            and caller.reach(Permission.PERMISSION_MANAGE).covers_node(unit.district)
        )
    )
    if not allowed:
        # Whether the officer exists is not told to those who may not excuse them.
        raise PermissionDenied.outside_scope(f"officers/{officer_id}")
    assert member is not None
    return member


def excuse(
    uow: UnitOfWork, *, caller: Caller, officer_id: str, month: Month, reason: str, now: datetime
) -> Excuse:
    """The unit admin (or a district or city admin over the unit) excuses a
    month of the officer's: leave, secondment (六.1)."""
    reason = rules.check_reason(reason, "excused_month.reason")
    _check_excuses(uow, caller, officer_id)
    made = Excuse(officer_id, str(month), reason, caller.user_id, now)
    if not uow.compliance.add_excuse(made):
        raise AlreadyExists(f"officers/{officer_id}/excusedMonths/{month} already exists")
    return made


def withdraw_excuse(uow: UnitOfWork, *, caller: Caller, officer_id: str, month: Month) -> Excuse:
    _check_excuses(uow, caller, officer_id)
    removed = uow.compliance.remove_excuse(officer_id, str(month))
    if removed is None:
        raise NotFound(f"officers/{officer_id}/excusedMonths/{month} does not exist")
    return removed


def excuses(uow: UnitOfWork, *, caller: Caller, officer_id: str) -> list[Excuse]:
    _check_excuses(uow, caller, officer_id)
    return uow.compliance.excuses_of(officer_id)


@dataclass(frozen=True)
class UnitParticipation:
    unit: UnitStaff
    participation: Participation
    party: int
    others: int


def participation(uow: UnitOfWork, *, caller: Caller, parent: Parent) -> list[UnitParticipation]:
    """Each unit of the parent (the city, a district, or one unit) against the
    floors of 三; read with ``registry.read`` over the district, or as the
    unit's admin."""
    check_city_or_district(parent)
    check_reads(uow, caller, parent, Permission.REGISTRY_READ)
    if parent.unit is not None:
        units = [_unit_district(uow, parent.unit)]
    else:
        assert parent.node is not None
        units = uow.compliance.units(None if is_city(parent.node) else parent.node[:6])
    counts = uow.compliance.participants([unit.unit_id for unit in units])
    found = []
    for unit in units:
        party, others = counts.get(unit.unit_id, (0, 0))
        found.append(
            UnitParticipation(
                unit,
                Participation.of(
                    party=party,
                    others=others,
                    party_staff=unit.party_staff,
                    other_staff=unit.other_staff,
                ),
                party,
                others,
            )
        )
    return found


@dataclass(frozen=True)
class CommunityCoverage:
    """A community's coverage (五.2) and owed check-ins (五.3)."""

    community: str
    grids: int
    uncovered_grids: tuple[str, ...]
    missing_fields: tuple[str, ...]
    overdue_check_ins: int


def coverage(
    uow: UnitOfWork, *, caller: Caller, node: str, now: datetime
) -> list[CommunityCoverage]:
    """Per community beneath ``node``: grids without an officer, professional
    fields no officer of the community brings, check-ins overdue."""
    check_reads(uow, caller, Parent(node=node), Permission.REGISTRY_READ)
    return community_coverage(
        uow.compliance.grid_cover(node), uow.compliance.overdue_check_ins(node, now)
    )


def community_coverage(
    grids: Sequence[GridCover], overdue: dict[str, int]
) -> list[CommunityCoverage]:
    by_community: dict[str, list[GridCover]] = defaultdict(list)
    for grid in grids:
        by_community[grid.grid[:12]].append(grid)
    found = []
    for community, covers in sorted(by_community.items()):
        present = {category for cover in covers for category in cover.categories}
        found.append(
            CommunityCoverage(
                community,
                len(covers),
                tuple(cover.grid for cover in covers if not cover.categories),
                tuple(sorted(f.value for f in FIELDS if f.value not in present)),
                sum(overdue.get(cover.grid, 0) for cover in covers),
            )
        )
    return found


def plan_reminder(uow: UnitOfWork, now: datetime, settings: Settings) -> None:
    """Plans the next monthly reminder not yet planned: this month's while its
    day is still ahead, else next month's. Each replica calls it at start."""
    if not settings.reminder_day:
        return  # the city sends no monthly reminder
    month = Month.of(now, settings.zone)
    step = reminder_step(month, settings)
    if step.due_time <= now:
        step = reminder_step(month.next(), settings)
    uow.compliance.plan_once(step, now)
