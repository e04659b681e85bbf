"""AdminService: open and close permissions for roles at scope nodes, and their audit.

Every call needs ``permission.manage`` over the scope node it names. A change
applies from the next call (callers are resolved on every call) and commits with
its audit row and, with a ``request_id``, its response.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import grpc
from officer.v1 import admin_service_pb2, admin_service_pb2_grpc, common_pb2

from service.api import idempotency, paging
from service.api.registry_servicers import (
    StoreAccess,
    caller_of,
    denied,
    parse_name,
    timestamp,
)
from service.domain.access import Caller, Permission
from service.domain.errors import FailedPrecondition, InvalidArgument
from service.domain.registry import Role, RoleBinding
from service.store import permissions, registry_reads
from service.store.permissions import AuditView

_NODE = re.compile(r"^scopeNodes/([0-9]{6}(?:[0-9]{3}){0,3})$")
_METHOD = "/officer.v1.AdminService/SetPermissionGrant"


def _role(number: int, field: str) -> Role:
    if not number:
        raise InvalidArgument.field(field, "name a role")
    return Role(common_pb2.Role.Name(number).removeprefix("ROLE_").lower())


def _role_number(role: Role) -> Any:
    return common_pb2.Role.Value(f"ROLE_{role.value.upper()}")


def _permission(value: str) -> Permission:
    try:
        return Permission(value)
    except ValueError:
        known = ", ".join(sorted(permission.value for permission in Permission))
        raise InvalidArgument.field(
            "permission_grant.permission", f"unknown permission; one of {known}"
        ) from None


def _binding(role: Role, scope: str) -> RoleBinding:
    """A binding of ``role`` at ``scope``, to ask what is in force there."""
    return RoleBinding(role, scope, "any-unit" if role is Role.UNIT_ADMIN else None)


def _in_force(toggles: Caller, role: Role, scope: str, permission: Permission) -> bool:
    return toggles.holds(_binding(role, scope), permission)


def _is_default(toggles: Caller, role: Role, scope: str, permission: Permission) -> bool:
    return toggles.deciding_toggle(_binding(role, scope), permission) is None


def _grant(
    scope: str,
    role: Role,
    permission: Permission,
    enabled: bool,
    *,
    role_default: bool,
    update_time: datetime | None = None,
) -> admin_service_pb2.PermissionGrant:
    return admin_service_pb2.PermissionGrant(
        name=f"scopeNodes/{scope}/permissionGrants/{role.value}.{permission.value}",
        permission=permission.value,
        role=_role_number(role),
        scope_node=f"scopeNodes/{scope}",
        enabled=enabled,
        role_default=role_default,
        update_time=timestamp(update_time) if update_time else None,
    )


def _audit_entry(view: AuditView) -> admin_service_pb2.PermissionAuditEntry:
    return admin_service_pb2.PermissionAuditEntry(
        grant=_grant(
            view.scope_node,
            Role(view.role),
            Permission(view.permission),
            view.enabled_after,
            role_default=False,
            update_time=view.create_time,
        ),
        enabled_before=view.enabled_before,
        changed_by=f"users/{view.changed_by}",
        create_time=timestamp(view.create_time),
    )


class AdminServicer(admin_service_pb2_grpc.AdminServiceServicer):
    def __init__(
        self,
        store: StoreAccess,
        *,
        request_snapshot: Callable[[str], str] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._store = store
        self._request_snapshot = request_snapshot
        self._clock = clock or (lambda: datetime.now(UTC))

    async def _managed_scope(self, name: str, field: str) -> tuple[Caller, str]:
        scope = parse_name(_NODE, name, field, "scopeNodes/{code}")
        caller = await caller_of(self._store)
        if not caller.reach(Permission.PERMISSION_MANAGE).covers_node(scope):
            raise denied(name)
        if await self._store.read(lambda c: registry_reads.get_node(c, scope)) is None:
            raise denied(name)
        return caller, scope

    async def SetPermissionGrant(
        self,
        request: admin_service_pb2.SetPermissionGrantRequest,
        context: grpc.aio.ServicerContext,
    ) -> admin_service_pb2.SetPermissionGrantResponse:
        wanted = request.permission_grant
        permission = _permission(wanted.permission)
        role = _role(wanted.role, "permission_grant.role")
        request_id = idempotency.checked_request_id(request.request_id)
        caller, scope = await self._managed_scope(wanted.scope_node, "permission_grant.scope_node")
        now = self._clock()
        key = idempotency.RequestKey(caller.user_id, _METHOD, request_id)
        response_type = admin_service_pb2.SetPermissionGrantResponse

        def change(connection: Any) -> admin_service_pb2.SetPermissionGrantResponse:
            first = idempotency.replay(connection, key, request, response_type)
            if first is not None:
                return first
            toggles = Caller("", (), permissions.toggles_in_force(connection))
            permissions.set_grant(
                connection,
                permission=permission.value,
                role=role.value,
                scope_node=scope,
                enabled=wanted.enabled,
                enabled_before=_in_force(toggles, role, scope, permission),
                changed_by=caller.user_id,
                now=now,
            )
            response = response_type(
                permission_grant=_grant(
                    scope, role, permission, wanted.enabled, role_default=False, update_time=now
                )
            )
            idempotency.remember(connection, key, request, response, now)
            return response

        return await self._store.write(change)

    async def ListPermissionGrants(
        self,
        request: admin_service_pb2.ListPermissionGrantsRequest,
        context: grpc.aio.ServicerContext,
    ) -> admin_service_pb2.ListPermissionGrantsResponse:
        _, scope = await self._managed_scope(request.parent, "parent")
        roles = [_role(request.role, "role")] if request.role else list(Role)
        size = paging.page_size(request.page_size)
        filter_key = f"grants|{request.parent}|{request.role}"
        after = paging.decode_token(request.page_token, filter_key)
        toggles = Caller("", (), await self._store.read(lambda c: permissions.toggles_in_force(c)))
        grants = [
            (f"{role.value}.{permission.value}", role, permission)
            for role in roles
            for permission in sorted(Permission, key=lambda p: p.value)
            if f"{role.value}.{permission.value}" > after
        ]
        page, more = grants[:size], len(grants) > size
        return admin_service_pb2.ListPermissionGrantsResponse(
            permission_grants=[
                _grant(
                    scope,
                    role,
                    permission,
                    _in_force(toggles, role, scope, permission),
                    role_default=_is_default(toggles, role, scope, permission),
                )
                for _, role, permission in page
            ],
            next_page_token=paging.encode_token(page[-1][0], filter_key) if more else "",
        )

    async def RequestRegistryResync(
        self,
        request: admin_service_pb2.RequestRegistryResyncRequest,
        context: grpc.aio.ServicerContext,
    ) -> admin_service_pb2.RequestRegistryResyncResponse:
        """A city-wide operation: only a caller who manages permissions over the
        whole city may start it. The request is recorded before it is published
        and the response stored after; a crash in between asks the host twice,
        which only costs a second snapshot."""
        request_id = idempotency.checked_request_id(request.request_id)
        caller = await caller_of(self._store)
        if not caller.reach(Permission.PERMISSION_MANAGE).everything:
            raise denied("a registry resync")
        requester = self._request_snapshot
        if requester is None:
            raise FailedPrecondition(
                "no broker is configured (embedded mode): the host cannot be asked",
                reason="NO_BROKER",
            )
        key = idempotency.RequestKey(
            caller.user_id, "/officer.v1.AdminService/RequestRegistryResync", request_id
        )
        response_type = admin_service_pb2.RequestRegistryResyncResponse
        first = await self._store.read(lambda c: idempotency.replay(c, key, request, response_type))
        if first is not None:
            return first
        loop = asyncio.get_running_loop()
        snapshot_id = await loop.run_in_executor(
            self._store.executor, requester, f"users/{caller.user_id}"
        )
        response = response_type(snapshot_id=snapshot_id)
        now = self._clock()
        await self._store.write(lambda c: idempotency.remember(c, key, request, response, now))
        return response

    async def ListPermissionAuditEntries(
        self,
        request: admin_service_pb2.ListPermissionAuditEntriesRequest,
        context: grpc.aio.ServicerContext,
    ) -> admin_service_pb2.ListPermissionAuditEntriesResponse:
        _, scope = await self._managed_scope(request.parent, "parent")
        size = paging.page_size(request.page_size)
        filter_key = f"audit|{request.parent}"
        after = paging.decode_token(request.page_token, filter_key)
        before = None
        if after:
            time_text, _, audit_id = after.partition("|")
            before = (datetime.fromisoformat(time_text), audit_id)
        views = await self._store.read(
            lambda c: permissions.list_audit(c, under=scope, before=before, limit=size + 1)
        )
        page, more = views[:size], len(views) > size
        token = f"{page[-1].create_time.isoformat()}|{page[-1].audit_id}" if more else ""
        return admin_service_pb2.ListPermissionAuditEntriesResponse(
            permission_audit_entries=[_audit_entry(view) for view in page],
            next_page_token=paging.encode_token(token, filter_key) if more else "",
        )
