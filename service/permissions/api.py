"""AdminService: parses each request, runs one use case, maps the result."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import grpc
from officer.v1 import admin_service_pb2, admin_service_pb2_grpc, common_pb2

from service.kernel.access import Permission
from service.kernel.clock import Clock, system_clock
from service.kernel.errors import FailedPrecondition, InvalidArgument
from service.kernel.ports import RequestKey, Transactions
from service.kernel.roles import Role
from service.permissions import rules, use_cases
from service.permissions.ports import AuditView, CalendarDayView, UnitOfWork
from service.permissions.use_cases import Grant
from service.platform import handling, idempotency, names, paging, wire

_SERVICE = "/officer.v1.AdminService/"


def _role(number: int, field: str) -> Role:
    return wire.required_enum(common_pb2.Role, number, "ROLE_", field, Role)


def _permission(value: str) -> Permission:
    try:
        return Permission(value)
    except ValueError:
        known = ", ".join(sorted(permission.value for permission in Permission))
        raise InvalidArgument.field(
            "permission_grant.permission", f"unknown permission; one of {known}"
        ) from None


def _grant(grant: Grant) -> admin_service_pb2.PermissionGrant:
    return admin_service_pb2.PermissionGrant(
        name=f"scopeNodes/{grant.scope_node}/permissionGrants/{grant.key}",
        permission=grant.permission.value,
        role=wire.enum_number(common_pb2.Role, "ROLE_", grant.role.value),
        scope_node=f"scopeNodes/{grant.scope_node}",
        enabled=grant.enabled,
        role_default=grant.role_default,
        update_time=wire.timestamp(grant.update_time) if grant.update_time else None,
    )


def _audit_entry(view: AuditView) -> admin_service_pb2.PermissionAuditEntry:
    grant = Grant(
        view.scope_node,
        Role(view.role),
        Permission(view.permission),
        view.enabled_after,
        role_default=False,
        update_time=view.create_time,
    )
    return admin_service_pb2.PermissionAuditEntry(
        grant=_grant(grant),
        enabled_before=view.enabled_before,
        changed_by=f"users/{view.changed_by}",
        create_time=wire.timestamp(view.create_time),
    )


_SOURCES = {
    "built_in": admin_service_pb2.CALENDAR_DAY_SOURCE_BUILT_IN,
    "admin": admin_service_pb2.CALENDAR_DAY_SOURCE_ADMIN,
}


def _calendar_day(view: CalendarDayView) -> admin_service_pb2.CalendarDay:
    return admin_service_pb2.CalendarDay(
        name=f"calendarDays/{view.day.isoformat()}",
        working=view.working,
        display_name=view.display_name,
        source=_SOURCES[view.source],
        update_user=f"users/{view.changed_by}" if view.changed_by else "",
        update_time=wire.timestamp(view.update_time) if view.update_time else None,
    )


def _day_of(name: str, field: str) -> date:
    text = names.parse(names.CALENDAR_DAY, name, field, "calendarDays/YYYY-MM-DD")
    return rules.calendar_day(text, field)


class AdminServicer(admin_service_pb2_grpc.AdminServiceServicer):
    def __init__(
        self,
        transactions: Transactions[UnitOfWork],
        *,
        request_snapshot: Callable[[str], str] | None = None,
        clock: Clock = system_clock,
    ) -> None:
        self._transactions = transactions
        self._request_snapshot = request_snapshot
        self._clock = clock

    async def SetPermissionGrant(
        self,
        request: admin_service_pb2.SetPermissionGrantRequest,
        context: grpc.aio.ServicerContext,
    ) -> admin_service_pb2.SetPermissionGrantResponse:
        wanted = request.permission_grant
        permission = _permission(wanted.permission)
        role = _role(wanted.role, "permission_grant.role")
        field = "permission_grant.scope_node"
        scope = names.parse(names.GRANT_NODE, wanted.scope_node, field, "scopeNodes/{code}")
        now = self._clock()

        def change(uow: UnitOfWork, caller: Any) -> admin_service_pb2.SetPermissionGrantResponse:
            grant = use_cases.set_grant(
                uow,
                caller=caller,
                scope=scope,
                name=wanted.scope_node,
                role=role,
                permission=permission,
                enabled=wanted.enabled,
                now=now,
            )
            return admin_service_pb2.SetPermissionGrantResponse(permission_grant=_grant(grant))

        return await handling.mutation(
            self._transactions,
            method=f"{_SERVICE}SetPermissionGrant",
            request=request,
            response_type=admin_service_pb2.SetPermissionGrantResponse,
            now=now,
            change=change,
        )

    async def ListPermissionGrants(
        self,
        request: admin_service_pb2.ListPermissionGrantsRequest,
        context: grpc.aio.ServicerContext,
    ) -> admin_service_pb2.ListPermissionGrantsResponse:
        scope = names.parse(names.GRANT_NODE, request.parent, "parent", "scopeNodes/{code}")
        roles = [_role(request.role, "role")] if request.role else list(Role)
        page = paging.Page.of(request, f"grants|{request.parent}|{request.role}")
        grants = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.list_grants(
                uow,
                caller=caller,
                scope=scope,
                name=request.parent,
                roles=roles,
                after=page.after,
                limit=page.fetch,
            ),
        )
        shown, token = page.cut(grants, lambda grant: grant.key)
        return admin_service_pb2.ListPermissionGrantsResponse(
            permission_grants=[_grant(grant) for grant in shown], next_page_token=token
        )

    async def RequestRegistryResync(
        self,
        request: admin_service_pb2.RequestRegistryResyncRequest,
        context: grpc.aio.ServicerContext,
    ) -> admin_service_pb2.RequestRegistryResyncResponse:
        """The request is recorded before it is published and the response
        stored after; a crash in between asks the host twice, which only costs a
        second snapshot. A retry with the request id gets the first answer."""
        response_type = admin_service_pb2.RequestRegistryResyncResponse
        request_id = idempotency.checked_request_id(request.request_id)
        caller = await handling.query(self._transactions, lambda uow, caller: caller)
        use_cases.authorize_resync(caller)
        requester = self._request_snapshot
        if requester is None:
            raise FailedPrecondition(
                "no broker is configured (embedded mode): the host cannot be asked",
                reason="NO_BROKER",
            )
        key = RequestKey(caller.user_id, f"{_SERVICE}RequestRegistryResync", request_id)
        first = await self._transactions.read(
            lambda uow: idempotency.replay(uow, key, request, response_type)
        )
        if first is not None:
            return first
        snapshot_id = await self._transactions.blocking(
            lambda: requester(f"users/{caller.user_id}")
        )
        response = response_type(snapshot_id=snapshot_id)
        return await self._transactions.write(
            idempotency.once(key, request, response_type, self._clock(), lambda uow: response)
        )

    async def ListPermissionAuditEntries(
        self,
        request: admin_service_pb2.ListPermissionAuditEntriesRequest,
        context: grpc.aio.ServicerContext,
    ) -> admin_service_pb2.ListPermissionAuditEntriesResponse:
        scope = names.parse(names.GRANT_NODE, request.parent, "parent", "scopeNodes/{code}")
        page = paging.Page.of(request, f"audit|{request.parent}")
        before = paging.time_and_id(page.after) if page.after else None
        views = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.list_audit(
                uow,
                caller=caller,
                scope=scope,
                name=request.parent,
                before=before,
                limit=page.fetch,
            ),
        )
        shown, token = page.cut(
            views, lambda view: paging.time_and_id_key(view.create_time, view.audit_id)
        )
        return admin_service_pb2.ListPermissionAuditEntriesResponse(
            permission_audit_entries=[_audit_entry(view) for view in shown],
            next_page_token=token,
        )

    async def ListCalendarDays(
        self,
        request: admin_service_pb2.ListCalendarDaysRequest,
        context: grpc.aio.ServicerContext,
    ) -> admin_service_pb2.ListCalendarDaysResponse:
        year = rules.calendar_year(request.year, "year")
        page = paging.Page.of(request, f"calendar|{year}")
        days, covered = await handling.query(
            self._transactions,
            lambda uow, caller: use_cases.list_calendar_days(
                uow, caller=caller, year=year, after=page.after, limit=page.fetch
            ),
        )
        shown, token = page.cut(days, lambda view: view.day.isoformat())
        return admin_service_pb2.ListCalendarDaysResponse(
            calendar_days=[_calendar_day(view) for view in shown],
            next_page_token=token,
            built_in_covers_year=covered,
        )

    async def SetCalendarDay(
        self,
        request: admin_service_pb2.SetCalendarDayRequest,
        context: grpc.aio.ServicerContext,
    ) -> admin_service_pb2.SetCalendarDayResponse:
        wanted = request.calendar_day
        day = _day_of(wanted.name, "calendar_day.name")
        if not wanted.HasField("working"):
            raise InvalidArgument.field("calendar_day.working", "required: true or false")
        display_name = rules.calendar_day_name(wanted.display_name, "calendar_day.display_name")
        now = self._clock()
        response_type = admin_service_pb2.SetCalendarDayResponse

        def change(uow: UnitOfWork, caller: Any) -> admin_service_pb2.SetCalendarDayResponse:
            view = use_cases.set_calendar_day(
                uow,
                caller=caller,
                day=day,
                working=wanted.working,
                display_name=display_name,
                now=now,
            )
            return response_type(calendar_day=_calendar_day(view))

        return await handling.mutation(
            self._transactions,
            method=f"{_SERVICE}SetCalendarDay",
            request=request,
            response_type=response_type,
            now=now,
            change=change,
        )

    async def DeleteCalendarDay(
        self,
        request: admin_service_pb2.DeleteCalendarDayRequest,
        context: grpc.aio.ServicerContext,
    ) -> admin_service_pb2.DeleteCalendarDayResponse:
        day = _day_of(request.name, "name")
        now = self._clock()
        response_type = admin_service_pb2.DeleteCalendarDayResponse

        def change(uow: UnitOfWork, caller: Any) -> admin_service_pb2.DeleteCalendarDayResponse:
            view = use_cases.delete_calendar_day(uow, caller=caller, day=day, name=request.name)
            return response_type(calendar_day=_calendar_day(view))

        return await handling.mutation(
            self._transactions,
            method=f"{_SERVICE}DeleteCalendarDay",
            request=request,
            response_type=response_type,
            now=now,
            change=change,
        )
