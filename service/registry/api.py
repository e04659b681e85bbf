"""GridService, OfficerService and UnitService: parse each request, run one use
case, map the result."""

from __future__ import annotations

import grpc
from officer.v1 import (
    common_pb2,
    grid_service_pb2,
    grid_service_pb2_grpc,
    officer_service_pb2,
    officer_service_pb2_grpc,
    unit_service_pb2,
    unit_service_pb2_grpc,
)

from service.kernel.access import Caller
from service.kernel.clock import Clock, system_clock
from service.kernel.errors import InvalidArgument
from service.kernel.ports import Transactions
from service.kernel.roles import OfficerCategory
from service.kernel.scope import ScopeLevel
from service.kernel.working_time import Availability
from service.platform import handling, names, paging, wire
from service.registry import messages, use_cases
from service.registry.ports import UnitOfWork


class GridServicer(grid_service_pb2_grpc.GridServiceServicer):
    def __init__(self, transactions: Transactions[UnitOfWork]) -> None:
        self._transactions = transactions

    async def GetScopeNode(
        self, request: grid_service_pb2.GetScopeNodeRequest, context: grpc.aio.ServicerContext
    ) -> grid_service_pb2.GetScopeNodeResponse:
        code = names.parse(names.SCOPE_NODE, request.name, "name", "scopeNodes/{code}")
        node = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.get_scope_node(
                uow, caller=caller, code=code, name=request.name
            ),
        )
        return grid_service_pb2.GetScopeNodeResponse(scope_node=messages.scope_node(node))

    async def ListScopeNodes(
        self, request: grid_service_pb2.ListScopeNodesRequest, context: grpc.aio.ServicerContext
    ) -> grid_service_pb2.ListScopeNodesResponse:
        parent = names.optional_node_or_grid(request.parent, "parent")
        level = wire.optional_enum(
            common_pb2.ScopeLevel, request.level, "SCOPE_LEVEL_", "level", ScopeLevel
        )
        if level is ScopeLevel.GRID:
            raise InvalidArgument.field("level", "grids are listed by ListGrids")
        page = paging.Page.of(request, f"nodes|{request.parent}|{level}")
        nodes = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.list_scope_nodes(
                uow,
                caller=caller,
                parent=parent,
                parent_name=request.parent,
                level=level,
                after=page.after,
                limit=page.fetch,
            ),
        )
        shown, token = page.cut(nodes, lambda node: node.code)
        return grid_service_pb2.ListScopeNodesResponse(
            scope_nodes=[messages.scope_node(node) for node in shown], next_page_token=token
        )

    async def GetGrid(
        self, request: grid_service_pb2.GetGridRequest, context: grpc.aio.ServicerContext
    ) -> grid_service_pb2.GetGridResponse:
        code = names.parse(names.GRID, request.name, "name", "grids/{15-digit code}")
        node, officers = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.get_grid(
                uow, caller=caller, code=code, name=request.name
            ),
        )
        return grid_service_pb2.GetGridResponse(grid=messages.grid(node, officers))

    async def ListGrids(
        self, request: grid_service_pb2.ListGridsRequest, context: grpc.aio.ServicerContext
    ) -> grid_service_pb2.ListGridsResponse:
        parent = names.optional_node_or_grid(request.parent, "parent")
        grid_type = wire.enum_name(
            common_pb2.GridType, request.grid_type, "GRID_TYPE_", "grid_type"
        )
        page = paging.Page.of(
            request, f"grids|{request.parent}|{grid_type}|{request.without_officers}"
        )
        grids, officers = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.list_grids(
                uow,
                caller=caller,
                parent=parent,
                parent_name=request.parent,
                grid_type=grid_type,
                without_officers=request.without_officers,
                after=page.after,
                limit=page.fetch,
            ),
        )
        shown, token = page.cut(grids, lambda grid: grid.code)
        return grid_service_pb2.ListGridsResponse(
            grids=[messages.grid(grid, officers[grid.code]) for grid in shown],
            next_page_token=token,
        )


_OFFICER_SERVICE = "/officer.v1.OfficerService/"


def _availability_of(name: str, field: str) -> str:
    """The officer's id in ``officers/{officer}/availability``."""
    return names.parse(names.OFFICER_AVAILABILITY, name, field, "officers/{officer}/availability")


class OfficerServicer(officer_service_pb2_grpc.OfficerServiceServicer):
    def __init__(
        self,
        transactions: Transactions[UnitOfWork],
        *,
        city: Availability | None = None,
        clock: Clock = system_clock,
    ) -> None:
        self._transactions = transactions
        # The city's quiet hours and days off, which apply to officers who set none.
        self._city = city or Availability.at_any_time()
        self._clock = clock

    async def GetOfficerAvailability(
        self,
        request: officer_service_pb2.GetOfficerAvailabilityRequest,
        context: grpc.aio.ServicerContext,
    ) -> officer_service_pb2.GetOfficerAvailabilityResponse:
        user_id = _availability_of(request.name, "name")
        view = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.get_availability(
                uow, caller=caller, user_id=user_id, name=request.name, city=self._city.own()
            ),
        )
        return officer_service_pb2.GetOfficerAvailabilityResponse(
            availability=messages.availability(view, self._city.zone.key)
        )

    async def UpdateOfficerAvailability(
        self,
        request: officer_service_pb2.UpdateOfficerAvailabilityRequest,
        context: grpc.aio.ServicerContext,
    ) -> officer_service_pb2.UpdateOfficerAvailabilityResponse:
        wanted = request.availability
        user_id = _availability_of(wanted.name, "availability.name")
        now = self._clock()
        response_type = officer_service_pb2.UpdateOfficerAvailabilityResponse

        def change(
            uow: UnitOfWork, caller: Caller
        ) -> officer_service_pb2.UpdateOfficerAvailabilityResponse:
            view = use_cases.update_availability(
                uow,
                caller=caller,
                user_id=user_id,
                name=wanted.name,
                city=self._city.own(),
                mask=list(request.update_mask.paths),
                quiet_hours=wanted.quiet_hours,
                working_days_only=wanted.working_days_only,
                city_default=wanted.city_default,
                now=now,
            )
            return response_type(availability=messages.availability(view, self._city.zone.key))

        return await handling.mutation(
            self._transactions,
            method=f"{_OFFICER_SERVICE}UpdateOfficerAvailability",
            request=request,
            response_type=response_type,
            now=now,
            change=change,
        )

    async def GetOfficer(
        self, request: officer_service_pb2.GetOfficerRequest, context: grpc.aio.ServicerContext
    ) -> officer_service_pb2.GetOfficerResponse:
        user_id = names.parse(names.OFFICER, request.name, "name", "officers/{officer}")
        officer = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.get_officer(
                uow, caller=caller, user_id=user_id, name=request.name
            ),
        )
        return officer_service_pb2.GetOfficerResponse(officer=messages.officer(officer))

    async def ListOfficers(
        self, request: officer_service_pb2.ListOfficersRequest, context: grpc.aio.ServicerContext
    ) -> officer_service_pb2.ListOfficersResponse:
        parent = names.optional_node_or_grid(request.parent, "parent")
        category = wire.optional_enum(
            common_pb2.OfficerCategory,
            request.category,
            "OFFICER_CATEGORY_",
            "category",
            OfficerCategory,
        )
        unit = (
            names.parse(names.UNIT, request.unit, "unit", "units/{unit}") if request.unit else None
        )
        page = paging.Page.of(request, f"officers|{request.parent}|{category}|{unit}")
        officers = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.list_officers(
                uow,
                caller=caller,
                parent=parent,
                parent_name=request.parent,
                category=category,
                unit=unit,
                after=page.after,
                limit=page.fetch,
            ),
        )
        shown, token = page.cut(officers, lambda officer: officer.user_id)
        return officer_service_pb2.ListOfficersResponse(
            officers=[messages.officer(officer) for officer in shown], next_page_token=token
        )


class UnitServicer(unit_service_pb2_grpc.UnitServiceServicer):
    def __init__(self, transactions: Transactions[UnitOfWork]) -> None:
        self._transactions = transactions

    async def GetUnit(
        self, request: unit_service_pb2.GetUnitRequest, context: grpc.aio.ServicerContext
    ) -> unit_service_pb2.GetUnitResponse:
        unit_id = names.parse(names.UNIT, request.name, "name", "units/{unit}")
        found = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.get_unit(uow, caller=caller, unit_id=unit_id),
        )
        return unit_service_pb2.GetUnitResponse(unit=messages.unit(found))

    async def ListUnits(
        self, request: unit_service_pb2.ListUnitsRequest, context: grpc.aio.ServicerContext
    ) -> unit_service_pb2.ListUnitsResponse:
        district = None
        if request.parent:
            district = names.parse(
                names.SCOPE_NODE, request.parent, "parent", "scopeNodes/{city or district}"
            )
            if len(district) != 6:
                raise InvalidArgument.field("parent", "name the city or a district")
        kind = wire.enum_name(unit_service_pb2.UnitKind, request.kind, "UNIT_KIND_", "kind")
        page = paging.Page.of(request, f"units|{district}|{kind}")
        found = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.list_units(
                uow, caller=caller, district=district, kind=kind, after=page.after, limit=page.fetch
            ),
        )
        shown, token = page.cut(found, lambda unit: unit.unit_id)
        return unit_service_pb2.ListUnitsResponse(
            units=[messages.unit(unit) for unit in shown], next_page_token=token
        )
