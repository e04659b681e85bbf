"""GridService and OfficerService: read views of the registry mirror, within the
caller's scope. A resource outside the scope and one that does not exist get
the same PERMISSION_DENIED, so that a denial reveals nothing."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any, TypeVar

import grpc
from google.protobuf import timestamp_pb2
from officer.v1 import (
    common_pb2,
    grid_service_pb2,
    grid_service_pb2_grpc,
    officer_service_pb2,
    officer_service_pb2_grpc,
)
from sqlalchemy.engine import Engine

from service.api import auth, paging
from service.domain.access import Caller, Permission, Reach
from service.domain.errors import InvalidArgument, PermissionDenied
from service.store import registry_reads
from service.store.database import READ_ONLY_OPTION
from service.store.registry_reads import NodeView, OfficerView

T = TypeVar("T")

# Resource names, shared by every servicer that parses them.
SCOPE_NODE_NAME = re.compile(r"^scopeNodes/([0-9]{6}(?:[0-9]{3}){0,2})$")
GRID_NAME = re.compile(r"^grids/([0-9]{15})$")
OFFICER_NAME = re.compile(r"^officers/([A-Za-z0-9_.-]{1,64})$")
_UNIT_NAME = re.compile(r"^units/([A-Za-z0-9_.-]{1,64})$")
_NODE_LEVELS = ("city", "district", "street", "community")


@dataclass(frozen=True)
class StoreAccess:
    """What servicers need of the database: transactions, run on its own threads
    so that the event loop never waits for SQL."""

    engine: Engine
    executor: Executor

    async def read(self, work: Callable[[Any], T]) -> T:
        """Runs ``work(connection)`` in a read-only transaction."""
        return await self._run(work, read_only=True)

    async def write(self, work: Callable[[Any], T]) -> T:
        """Runs ``work(connection)`` in a transaction that commits when it returns
        and rolls back, whole, when it raises."""
        return await self._run(work, read_only=False)

    async def _run(self, work: Callable[[Any], T], *, read_only: bool) -> T:
        def in_transaction() -> T:
            with self.engine.connect() as connection:
                connection = connection.execution_options(**{READ_ONLY_OPTION: read_only})
                with connection.begin():
                    return work(connection)

        return await asyncio.get_running_loop().run_in_executor(self.executor, in_transaction)


def parse_name(pattern: re.Pattern[str], name: str, field: str, form: str) -> str:
    match = pattern.match(name)
    if match is None:
        raise InvalidArgument.field(field, f"must look like {form}")
    return match.group(1)


def _parent_code(parent: str) -> str | None:
    """The code of a list request's parent (a scope node or a grid), or None."""
    if not parent:
        return None
    match = SCOPE_NODE_NAME.match(parent) or GRID_NAME.match(parent)
    if match is None:
        raise InvalidArgument.field("parent", "must be scopeNodes/{code} or grids/{code}")
    return match.group(1)


def denied(what: str) -> PermissionDenied:
    return PermissionDenied.outside_scope(what)


def timestamp(value: Any) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(value)
    return stamp


def _enum(enum: Any, prefix: str, value: str | None) -> Any:
    return int(enum.Value(f"{prefix}_{value.upper()}")) if value else 0


def _enum_name(enum: Any, prefix: str, number: int) -> str | None:
    """The lower-case value of a proto enum number, None for unspecified."""
    return enum.Name(number).removeprefix(f"{prefix}_").lower() if number else None


def _scope_node(node: NodeView) -> grid_service_pb2.ScopeNode:
    return grid_service_pb2.ScopeNode(
        name=f"scopeNodes/{node.code}",
        display_name=node.display_name,
        level=_enum(common_pb2.ScopeLevel, "SCOPE_LEVEL", node.level),
        parent=f"scopeNodes/{node.parent}" if node.parent else "",
        rural=node.rural,
        registry_version=node.version,
        update_time=timestamp(node.update_time),
    )


def _grid(node: NodeView, officers: list[str]) -> grid_service_pb2.Grid:
    return grid_service_pb2.Grid(
        name=f"grids/{node.code}",
        display_name=node.display_name,
        community=f"scopeNodes/{node.parent}" if node.parent else "",
        grid_type=_enum(common_pb2.GridType, "GRID_TYPE", node.grid_type),
        exclusive_kind=_enum(
            common_pb2.ExclusiveGridKind, "EXCLUSIVE_GRID_KIND", node.exclusive_kind
        ),
        officers=[f"officers/{user_id}" for user_id in officers],
        registry_version=node.version,
        update_time=timestamp(node.update_time),
    )


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else "*" * len(phone)


def mask_id_number(number: str) -> str:
    return (
        f"{number[:6]}{'*' * (len(number) - 10)}{number[-4:]}"
        if len(number) > 10
        else "*" * len(number)
    )


def _officer(officer: OfficerView, *, unmasked: bool) -> officer_service_pb2.Officer:
    return officer_service_pb2.Officer(
        name=f"officers/{officer.user_id}",
        display_name=officer.display_name,
        category=_enum(common_pb2.OfficerCategory, "OFFICER_CATEGORY", officer.category),
        unit=f"units/{officer.unit}" if officer.unit else "",
        party_member=officer.party_member,
        phone_number=officer.phone_number if unmasked else mask_phone(officer.phone_number),
        id_number=officer.id_number if unmasked else mask_id_number(officer.id_number),
        residence=_code_name(officer.residence),
        workplace=_code_name(officer.workplace),
        grids=[f"grids/{code}" for code in officer.grids],
        registry_version=officer.version,
        update_time=timestamp(officer.update_time),
    )


def _code_name(code: str | None) -> str:
    if not code:
        return ""
    return f"grids/{code}" if len(code) == 15 else f"scopeNodes/{code}"


async def caller_of(store: StoreAccess) -> Caller:
    user_id = auth.current_user_id()
    return await store.read(lambda connection: registry_reads.load_caller(connection, user_id))


async def reach_beneath(store: StoreAccess, parent: str | None, parent_name: str) -> Reach:
    """Where the caller may read, limited to ``parent``'s subtree when one is
    given; PERMISSION_DENIED when that leaves nothing."""
    reach = (await caller_of(store)).reach(Permission.REGISTRY_READ)
    if parent is not None:
        reach = reach.within(parent)
    if reach.empty:
        raise denied(parent_name or "the registry")
    return reach


class GridServicer(grid_service_pb2_grpc.GridServiceServicer):
    def __init__(self, store: StoreAccess) -> None:
        self._store = store

    async def GetScopeNode(
        self, request: grid_service_pb2.GetScopeNodeRequest, context: grpc.aio.ServicerContext
    ) -> grid_service_pb2.GetScopeNodeResponse:
        code = parse_name(SCOPE_NODE_NAME, request.name, "name", "scopeNodes/{code}")
        reach = (await caller_of(self._store)).reach(Permission.REGISTRY_READ)
        if not reach.sees_node(code):
            raise denied(request.name)
        node = await self._store.read(lambda c: registry_reads.get_node(c, code))
        if node is None or node.level == "grid":
            raise denied(request.name)
        return grid_service_pb2.GetScopeNodeResponse(scope_node=_scope_node(node))

    async def ListScopeNodes(
        self, request: grid_service_pb2.ListScopeNodesRequest, context: grpc.aio.ServicerContext
    ) -> grid_service_pb2.ListScopeNodesResponse:
        parent = _parent_code(request.parent)
        level = _enum_name(common_pb2.ScopeLevel, "SCOPE_LEVEL", request.level)
        if level == "grid":
            raise InvalidArgument.field("level", "grids are listed by ListGrids")
        size = paging.page_size(request.page_size)
        filter_key = f"nodes|{request.parent}|{level}"
        after = paging.decode_token(request.page_token, filter_key)
        reach = (await caller_of(self._store)).reach(Permission.REGISTRY_READ)
        if parent is not None and not reach.sees_node(parent):
            raise denied(request.parent)
        # Children of the parent (or, with a level, everything of that level
        # beneath it, or anywhere), among the nodes the caller covers or must
        # pass through to reach them.
        nodes = await self._store.read(
            lambda c: registry_reads.list_nodes(
                c,
                reach=reach,
                with_path=True,
                levels=[level] if level else _NODE_LEVELS,
                parent=parent if not level else None,
                under=parent if level else None,
                after=after,
                limit=size + 1,
            )
        )
        page, more = nodes[:size], len(nodes) > size
        return grid_service_pb2.ListScopeNodesResponse(
            scope_nodes=[_scope_node(node) for node in page],
            next_page_token=paging.encode_token(page[-1].code, filter_key) if more else "",
        )

    async def GetGrid(
        self, request: grid_service_pb2.GetGridRequest, context: grpc.aio.ServicerContext
    ) -> grid_service_pb2.GetGridResponse:
        code = parse_name(GRID_NAME, request.name, "name", "grids/{15-digit code}")
        reach = (await caller_of(self._store)).reach(Permission.REGISTRY_READ)
        if not reach.covers_node(code):
            raise denied(request.name)

        def load(connection: Any) -> tuple[NodeView | None, list[str]]:
            node = registry_reads.get_node(connection, code)
            return node, registry_reads.officers_of_grids(connection, [code])[code]

        node, officers = await self._store.read(load)
        if node is None or node.level != "grid":
            raise denied(request.name)
        return grid_service_pb2.GetGridResponse(grid=_grid(node, officers))

    async def ListGrids(
        self, request: grid_service_pb2.ListGridsRequest, context: grpc.aio.ServicerContext
    ) -> grid_service_pb2.ListGridsResponse:
        parent = _parent_code(request.parent)
        grid_type = _enum_name(common_pb2.GridType, "GRID_TYPE", request.grid_type)
        size = paging.page_size(request.page_size)
        filter_key = f"grids|{request.parent}|{grid_type}|{request.without_officers}"
        after = paging.decode_token(request.page_token, filter_key)
        reach = await reach_beneath(self._store, parent, request.parent)

        def load(connection: Any) -> tuple[list[NodeView], dict[str, list[str]]]:
            grids = registry_reads.list_nodes(
                connection,
                reach=reach,
                levels=["grid"],
                grid_type=grid_type,
                without_officers=request.without_officers,
                after=after,
                limit=size + 1,
            )
            codes = [grid.code for grid in grids[:size]]
            return grids, registry_reads.officers_of_grids(connection, codes)

        grids, officers = await self._store.read(load)
        page, more = grids[:size], len(grids) > size
        return grid_service_pb2.ListGridsResponse(
            grids=[_grid(grid, officers[grid.code]) for grid in page],
            next_page_token=paging.encode_token(page[-1].code, filter_key) if more else "",
        )


class OfficerServicer(officer_service_pb2_grpc.OfficerServiceServicer):
    def __init__(self, store: StoreAccess) -> None:
        self._store = store

    async def GetOfficer(
        self, request: officer_service_pb2.GetOfficerRequest, context: grpc.aio.ServicerContext
    ) -> officer_service_pb2.GetOfficerResponse:
        user_id = parse_name(OFFICER_NAME, request.name, "name", "officers/{officer}")
        caller = await caller_of(self._store)
        officer = await self._store.read(lambda c: registry_reads.get_officer(c, user_id))
        own = user_id == caller.user_id
        if officer is None or not (
            own
            or caller.reach(Permission.REGISTRY_READ).covers_officer(officer.grids, officer.unit)
        ):
            raise denied(request.name)
        personal = caller.reach(Permission.PERSONAL_DATA_READ)
        unmasked = own or personal.covers_officer(officer.grids, officer.unit)
        return officer_service_pb2.GetOfficerResponse(officer=_officer(officer, unmasked=unmasked))

    async def ListOfficers(
        self, request: officer_service_pb2.ListOfficersRequest, context: grpc.aio.ServicerContext
    ) -> officer_service_pb2.ListOfficersResponse:
        parent = _parent_code(request.parent)
        category = _enum_name(common_pb2.OfficerCategory, "OFFICER_CATEGORY", request.category)
        unit = (
            parse_name(_UNIT_NAME, request.unit, "unit", "units/{unit}") if request.unit else None
        )
        size = paging.page_size(request.page_size)
        filter_key = f"officers|{request.parent}|{category}|{unit}"
        after = paging.decode_token(request.page_token, filter_key)
        caller = await caller_of(self._store)
        reach = caller.reach(Permission.REGISTRY_READ)
        if parent is not None and not (reach.sees_node(parent) or reach.units):
            raise denied(request.parent)
        if reach.empty:
            raise denied("the registry")
        officers = await self._store.read(
            lambda c: registry_reads.list_officers(
                c,
                reach=reach,
                parent=parent,
                category=category,
                unit=unit,
                after=after,
                limit=size + 1,
            )
        )
        personal = caller.reach(Permission.PERSONAL_DATA_READ)
        page, more = officers[:size], len(officers) > size
        return officer_service_pb2.ListOfficersResponse(
            officers=[
                _officer(
                    officer,
                    unmasked=officer.user_id == caller.user_id
                    or personal.covers_officer(officer.grids, officer.unit),
                )
                for officer in page
            ],
            next_page_token=paging.encode_token(page[-1].user_id, filter_key) if more else "",
        )
