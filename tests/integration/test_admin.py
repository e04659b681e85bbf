"""AdminService: permissions opened and closed at scope nodes, applied from the
next call, audited, refused outside the admin's scope."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import grpc
import pytest
import sqlalchemy as sa
from officer.v1 import (
    admin_service_pb2,
    admin_service_pb2_grpc,
    assignment_service_pb2,
    assignment_service_pb2_grpc,
    common_pb2,
)
from pika.adapters.blocking_connection import BlockingChannel
from sqlalchemy.engine import Engine

from contracts import messages, topology
from service.platform.bootstrap import snapshot_requester
from service.platform.identity import issue_token
from service.platform.server import start_server
from service.platform.settings import Settings
from service.registry.store import snapshots
from tests.integration.conftest import bearer_token
from tests.registry_events import apply_directly
from tests.rpc_errors import field_violations


@pytest.fixture
def city(small_city_engine: Engine) -> dict[str, str]:
    with small_city_engine.connect() as connection:
        liaison, street = connection.execute(
            sa.text(
                "SELECT user_id, scope_node FROM role_binding WHERE role = 'street_liaison' "
                "ORDER BY scope_node LIMIT 1"
            )
        ).one()
        grid = connection.execute(
            sa.text("SELECT min(code) FROM scope_node WHERE level = 'grid' AND code LIKE :s"),
            {"s": f"{street}%"},
        ).scalar_one()
        officer = connection.execute(
            sa.text("SELECT min(user_id) FROM role_binding WHERE role = 'officer'")
        ).scalar_one()
    return {
        "liaison": liaison,
        "street": street,
        "grid": grid,
        "officer": officer,
        "district_admin": f"admin-{street[:6]}",
    }


def _admin(channel: grpc.aio.Channel) -> admin_service_pb2_grpc.AdminServiceStub:
    return admin_service_pb2_grpc.AdminServiceStub(channel)  # type: ignore[no-untyped-call]


def _close(
    scope: str, permission: str = "assignment.manage", request_id: str = ""
) -> admin_service_pb2.SetPermissionGrantRequest:
    return admin_service_pb2.SetPermissionGrantRequest(
        permission_grant=admin_service_pb2.PermissionGrant(
            permission=permission,
            role=common_pb2.ROLE_STREET_LIAISON,
            scope_node=f"scopeNodes/{scope}",
            enabled=False,
        ),
        request_id=request_id,
    )


async def test_a_closed_permission_applies_from_the_next_call_and_is_audited(
    city: dict[str, str], channel_as: Callable[[str], grpc.aio.Channel]
) -> None:
    liaison = assignment_service_pb2_grpc.AssignmentServiceStub(  # type: ignore[no-untyped-call]
        channel_as(city["liaison"])
    )
    assign = assignment_service_pb2.AssignOfficerRequest(
        officer=f"officers/{city['officer']}", grids=[f"grids/{city['grid']}"], reason="就近"
    )
    await liaison.AssignOfficer(assign)

    admin = _admin(channel_as(city["district_admin"]))
    reply = await admin.SetPermissionGrant(_close(city["street"]))
    assert reply.permission_grant.name == (
        f"scopeNodes/{city['street']}/permissionGrants/street_liaison.assignment.manage"
    )
    assert reply.permission_grant.enabled is False

    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await liaison.AssignOfficer(assign)
    assert raised.value.code() is grpc.StatusCode.PERMISSION_DENIED

    grants = await admin.ListPermissionGrants(
        admin_service_pb2.ListPermissionGrantsRequest(
            parent=f"scopeNodes/{city['street']}", role=common_pb2.ROLE_STREET_LIAISON
        )
    )
    by_permission = {grant.permission: grant for grant in grants.permission_grants}
    assert by_permission["assignment.manage"].enabled is False
    assert by_permission["assignment.manage"].role_default is False
    assert by_permission["policy.publish"].enabled is True
    assert by_permission["policy.publish"].role_default is True
    assert by_permission["permission.manage"].enabled is False

    audit = await admin.ListPermissionAuditEntries(
        admin_service_pb2.ListPermissionAuditEntriesRequest(
            parent=f"scopeNodes/{city['street'][:6]}"
        )
    )
    (entry,) = audit.permission_audit_entries
    assert (entry.enabled_before, entry.grant.enabled) == (True, False)
    assert entry.changed_by == f"users/{city['district_admin']}"


async def test_a_toggle_that_would_apply_to_no_one_is_refused_and_not_stored(
    city: dict[str, str], channel_as: Callable[[str], grpc.aio.Channel], migrated_engine: Engine
) -> None:
    admin = _admin(channel_as(city["district_admin"]))
    request = admin_service_pb2.SetPermissionGrantRequest(
        permission_grant=admin_service_pb2.PermissionGrant(
            permission="permission.manage",
            role=common_pb2.ROLE_CITY_ADMIN,
            scope_node=f"scopeNodes/{city['street'][:6]}",
            enabled=False,
        )
    )
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await admin.SetPermissionGrant(request)
    assert raised.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(raised.value) == ["permission_grant.scope_node"]
    with migrated_engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT count(*) FROM permission_grant")).scalar_one()
    assert stored == 0


async def test_only_admins_change_permissions_and_only_in_their_scope(
    city: dict[str, str], channel_as: Callable[[str], grpc.aio.Channel]
) -> None:
    as_liaison = _admin(channel_as(city["liaison"]))
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await as_liaison.SetPermissionGrant(_close(city["street"]))
    assert raised.value.code() is grpc.StatusCode.PERMISSION_DENIED
    as_district = _admin(channel_as(city["district_admin"]))
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await as_district.SetPermissionGrant(_close("320999001"))
    assert raised.value.code() is grpc.StatusCode.PERMISSION_DENIED


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (_close("320102001", permission="everything.please"), "permission_grant.permission"),
        (
            admin_service_pb2.SetPermissionGrantRequest(
                permission_grant=admin_service_pb2.PermissionGrant(
                    permission="task.assign", scope_node="scopeNodes/320102001"
                )
            ),
            "permission_grant.role",
        ),
        (_close("32"), "permission_grant.scope_node"),
    ],
    ids=["unknown-permission", "no-role", "bad-scope"],
)
async def test_bad_input_names_the_field(
    city: dict[str, str],
    channel_as: Callable[[str], grpc.aio.Channel],
    request_: admin_service_pb2.SetPermissionGrantRequest,
    field: str,
) -> None:
    admin = _admin(channel_as("admin-city"))
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await admin.SetPermissionGrant(request_)
    assert raised.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(raised.value) == [field]


async def test_a_retried_change_is_applied_and_audited_once(
    city: dict[str, str], channel_as: Callable[[str], grpc.aio.Channel], migrated_engine: Engine
) -> None:
    admin = _admin(channel_as(city["district_admin"]))
    first = await admin.SetPermissionGrant(_close(city["street"], request_id="toggle-1"))
    again = await admin.SetPermissionGrant(_close(city["street"], request_id="toggle-1"))
    assert again == first
    with migrated_engine.connect() as connection:
        assert (
            connection.execute(sa.text("SELECT count(*) FROM permission_audit")).scalar_one() == 1
        )


async def test_a_resync_needs_a_broker_and_a_city_wide_admin(
    city: dict[str, str], channel_as: Callable[[str], grpc.aio.Channel]
) -> None:
    request = admin_service_pb2.RequestRegistryResyncRequest()
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await _admin(channel_as(city["district_admin"])).RequestRegistryResync(request)
    assert raised.value.code() is grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await _admin(channel_as("admin-city")).RequestRegistryResync(request)
    assert raised.value.code() is grpc.StatusCode.FAILED_PRECONDITION  # embedded: no broker


async def test_a_resync_request_reaches_the_host(
    city: dict[str, str],
    migrated_engine: Engine,
    database_url: str,
    amqp_url: str,
    broker_channel: BlockingChannel,
) -> None:
    settings = Settings(listen="127.0.0.1:0", database_url=database_url, amqp_url=amqp_url)
    running = await start_server(
        settings, migrated_engine, request_snapshot=snapshot_requester(settings, migrated_engine)
    )
    host_queue = broker_channel.queue_declare("", exclusive=True).method.queue
    broker_channel.queue_bind(
        host_queue, topology.EVENTS.name, topology.SNAPSHOT_REQUESTED_ROUTING_KEY
    )
    token = issue_token(settings, "admin-city")
    try:
        async with grpc.aio.insecure_channel(
            f"127.0.0.1:{running.port}", interceptors=bearer_token(token)
        ) as channel:
            admin = _admin(channel)
            request = admin_service_pb2.RequestRegistryResyncRequest(request_id="resync-1")
            first = await admin.RequestRegistryResync(request)
            again = await admin.RequestRegistryResync(request)
    finally:
        await running.stop(grace=1.0)
    assert again.snapshot_id == first.snapshot_id
    method, _, body = broker_channel.basic_get(host_queue, auto_ack=True)
    assert method is not None
    assert messages.SnapshotRequested.model_validate_json(body).snapshot_id == first.snapshot_id
    assert broker_channel.basic_get(host_queue, auto_ack=True)[0] is None  # asked once
    with migrated_engine.connect() as connection:
        assert snapshots.snapshot_state(connection, first.snapshot_id) == ("requested", None)


async def test_host_toggles_are_audited_and_the_later_of_host_and_admin_stands(
    city: dict[str, str], channel_as: Callable[[str], grpc.aio.Channel], migrated_engine: Engine
) -> None:
    admin = _admin(channel_as(city["district_admin"]))
    await admin.SetPermissionGrant(_close(city["street"]))  # the admin closes it

    def host_opens(version: int) -> bytes:
        return messages.encode(
            messages.PermissionToggled.model_validate(
                {
                    "schema": "permission.toggled.v1",
                    "message_id": f"host-toggle-{version}",
                    "occurred_time": "2026-05-01T00:00:00Z",
                    "permission": "assignment.manage",
                    "role": "street_liaison",
                    "scope_node": city["street"],
                    "enabled": True,
                    "version": version,
                    "toggled_by": "host-admin-7",
                }
            )
        )

    apply_directly(migrated_engine, [host_opens(1)], batch_size=1, now=datetime.now(UTC))
    apply_directly(migrated_engine, [host_opens(1)], batch_size=1, now=datetime.now(UTC))
    grants = await admin.ListPermissionGrants(
        admin_service_pb2.ListPermissionGrantsRequest(
            parent=f"scopeNodes/{city['street']}", role=common_pb2.ROLE_STREET_LIAISON
        )
    )
    in_force = {grant.permission: grant.enabled for grant in grants.permission_grants}
    assert in_force["assignment.manage"] is True  # the host spoke last
    audit = await admin.ListPermissionAuditEntries(
        admin_service_pb2.ListPermissionAuditEntriesRequest(parent=f"scopeNodes/{city['street']}")
    )
    # Newest first; the redelivered host toggle changed nothing and is not audited again.
    assert [(e.changed_by, e.grant.enabled) for e in audit.permission_audit_entries] == [
        ("users/host-admin-7", True),
        (f"users/{city['district_admin']}", False),
    ]
