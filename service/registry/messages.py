"""The registry's views as officer.v1 messages."""

from __future__ import annotations

from officer.v1 import common_pb2, grid_service_pb2, officer_service_pb2, unit_service_pb2

from service.kernel.scope import resource_name
from service.platform.wire import enum_number, timestamp
from service.registry.ports import AvailabilityView, NodeView, OfficerView, UnitView


def scope_node(node: NodeView) -> grid_service_pb2.ScopeNode:
    return grid_service_pb2.ScopeNode(
        name=f"scopeNodes/{node.code}",
        display_name=node.display_name,
        level=enum_number(common_pb2.ScopeLevel, "SCOPE_LEVEL_", node.level),
        parent=f"scopeNodes/{node.parent}" if node.parent else "",
        rural=node.rural,
        registry_version=node.version,
        update_time=timestamp(node.update_time),
    )


def grid(node: NodeView, officers: list[str]) -> grid_service_pb2.Grid:
    return grid_service_pb2.Grid(
        name=f"grids/{node.code}",
        display_name=node.display_name,
        community=f"scopeNodes/{node.parent}" if node.parent else "",
        grid_type=enum_number(common_pb2.GridType, "GRID_TYPE_", node.grid_type),
        exclusive_kind=enum_number(
            common_pb2.ExclusiveGridKind, "EXCLUSIVE_GRID_KIND_", node.exclusive_kind
        ),
        officers=[f"officers/{user_id}" for user_id in officers],
        registry_version=node.version,
        update_time=timestamp(node.update_time),
    )


def officer(view: OfficerView) -> officer_service_pb2.Officer:
    return officer_service_pb2.Officer(
        name=f"officers/{view.user_id}",
        display_name=view.display_name,
        category=enum_number(common_pb2.OfficerCategory, "OFFICER_CATEGORY_", view.category),
        unit=f"units/{view.unit}" if view.unit else "",
        party_member=view.party_member,
        phone_number=view.phone_number,
        id_number=view.id_number,
        residence=resource_name(view.residence) if view.residence else "",
        workplace=resource_name(view.workplace) if view.workplace else "",
        grids=[f"grids/{code}" for code in view.grids],
        registry_version=view.version,
        update_time=timestamp(view.update_time),
    )


def availability(view: AvailabilityView, zone: str) -> officer_service_pb2.OfficerAvailability:
    quiet = view.own.quiet
    return officer_service_pb2.OfficerAvailability(
        name=f"officers/{view.user_id}/availability",
        quiet_hours=str(quiet) if quiet is not None else "",
        working_days_only=view.own.working_days_only,
        city_default=view.city_default,
        time_zone=zone,
        update_time=timestamp(view.update_time) if view.update_time else None,
    )


def unit(view: UnitView) -> unit_service_pb2.Unit:
    known = view.party_staff is not None and view.other_staff is not None
    return unit_service_pb2.Unit(
        name=f"units/{view.unit_id}",
        display_name=view.display_name,
        kind=enum_number(unit_service_pb2.UnitKind, "UNIT_KIND_", view.kind),
        district=resource_name(view.district),
        staff_known=known,
        party_member_staff=view.party_staff or 0,
        other_staff=view.other_staff or 0,
        version=view.version,
        update_time=timestamp(view.update_time),
    )
