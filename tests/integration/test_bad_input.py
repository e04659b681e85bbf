"""Bad input from a hostile or careless client is INVALID_ARGUMENT naming the
field, with an ErrorInfo and a request id, logged and counted: out-of-range enum
numbers, Timestamps outside their range, bytes that are not the message at all."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import grpc
import pytest
import structlog
from google.protobuf.message import Message
from officer.v1 import (
    admin_service_pb2,
    assignment_service_pb2,
    common_pb2,
    grid_service_pb2,
    officer_service_pb2,
    policy_service_pb2,
)

from service.platform import observability
from tests.rpc_errors import error_info, field_violations

OpenAs = Callable[[str], grpc.aio.Channel]
USER = "u100234"


async def _call(channel: grpc.aio.Channel, method: str, request: Message) -> Any:
    return await channel.unary_unary(
        method,
        request_serializer=lambda message: message.SerializeToString(),
        response_deserializer=lambda raw: raw,
    )(request)


def _unknown(number: int) -> Any:
    """An enum number the enum does not have (proto3 enums are open on the wire)."""
    return number


def _far_future() -> policy_service_pb2.Notice:
    notice = policy_service_pb2.Notice(
        title="t", body="b", kind=policy_service_pb2.NOTICE_KIND_NOTICE
    )
    notice.acknowledge_due_time.seconds = 10**12  # after the year 9999
    return notice


def _bad_nanos() -> policy_service_pb2.Notice:
    notice = policy_service_pb2.Notice(
        title="t", body="b", kind=policy_service_pb2.NOTICE_KIND_NOTICE
    )
    notice.effective_time.seconds = 1_800_000_000
    notice.effective_time.nanos = 2_000_000_000
    return notice


CASES = [
    (
        "/officer.v1.GridService/ListScopeNodes",
        grid_service_pb2.ListScopeNodesRequest(level=_unknown(99)),
        "level",
    ),
    (
        "/officer.v1.GridService/ListGrids",
        grid_service_pb2.ListGridsRequest(grid_type=_unknown(42)),
        "grid_type",
    ),
    (
        "/officer.v1.OfficerService/ListOfficers",
        officer_service_pb2.ListOfficersRequest(category=_unknown(17)),
        "category",
    ),
    (
        "/officer.v1.AdminService/ListPermissionGrants",
        admin_service_pb2.ListPermissionGrantsRequest(
            parent="scopeNodes/320102", role=_unknown(77)
        ),
        "role",
    ),
    (
        "/officer.v1.AdminService/SetPermissionGrant",
        admin_service_pb2.SetPermissionGrantRequest(
            permission_grant=admin_service_pb2.PermissionGrant(
                permission="task.assign", role=_unknown(77), scope_node="scopeNodes/320102"
            )
        ),
        "permission_grant.role",
    ),
    (
        "/officer.v1.PolicyService/PublishNotice",
        policy_service_pb2.PublishNoticeRequest(notice=_far_future()),
        "notice.acknowledge_due_time",
    ),
    (
        "/officer.v1.PolicyService/PublishNotice",
        policy_service_pb2.PublishNoticeRequest(notice=_bad_nanos()),
        "notice.effective_time",
    ),
    (
        "/officer.v1.PolicyService/AmendNotice",
        policy_service_pb2.AmendNoticeRequest(
            notice=_far_future(), update_mask={"paths": ["acknowledge_due_time"]}, reason="r"
        ),
        "notice.name",
    ),
    (
        "/officer.v1.AssignmentService/ListAssignmentChanges",
        assignment_service_pb2.ListAssignmentChangesRequest(start_time={"seconds": -(10**12)}),
        "start_time",
    ),
    (
        "/officer.v1.PolicyService/PublishNotice",
        policy_service_pb2.PublishNoticeRequest(
            notice=policy_service_pb2.Notice(
                title="t",
                body="b",
                kind=policy_service_pb2.NOTICE_KIND_NOTICE,
                audience=policy_service_pb2.Audience(
                    categories=[common_pb2.OFFICER_CATEGORY_JUDGE, _unknown(55)]
                ),
            )
        ),
        "notice.audience.categories[1]",
    ),
]


@pytest.mark.parametrize(("method", "request_", "field"), CASES, ids=[c[2] for c in CASES])
async def test_out_of_range_enums_and_times_name_their_field(
    channel_as: OpenAs, method: str, request_: Message, field: str
) -> None:
    # A plain officer: validation comes before any permission is asked for.
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await _call(channel_as(USER), method, request_)
    assert raised.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert field in field_violations(raised.value)


UNDECODABLE = [
    b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",  # a varint that never ends
    b"\x0a\x05grid",  # a string field shorter than it says
    b"\x0a\x02\xff\xfe",  # invalid UTF-8 in a string field
    b"\x07",  # a wire type that does not exist
]


@pytest.mark.parametrize("raw", UNDECODABLE, ids=["varint", "truncated", "utf8", "wire-type"])
async def test_undecodable_bytes_are_invalid_with_error_info_a_request_id_a_log_line_and_a_count(
    channel_as: OpenAs, raw: bytes
) -> None:
    method = "/officer.v1.GridService/GetGrid"
    counted = observability.RPC_TOTAL.labels(method, "INVALID_ARGUMENT")._value.get()
    call = channel_as(USER).unary_unary(
        method, request_serializer=lambda raw: raw, response_deserializer=lambda raw: raw
    )
    with structlog.testing.capture_logs(
        processors=[structlog.contextvars.merge_contextvars]
    ) as logs:
        with pytest.raises(grpc.aio.AioRpcError) as raised:
            await call(raw, metadata=(("x-request-id", "fuzz-1"),))
        # The caller has its answer before the server's call ends and logs.
        async with asyncio.timeout(10):
            while not any(line["event"] == "rpc" for line in logs):  # noqa: ASYNC110
                await asyncio.sleep(0.01)
    error = raised.value
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert error_info(error).reason == "UNDECODABLE_REQUEST"
    assert ("x-request-id", "fuzz-1") in tuple(error.trailing_metadata() or ())
    lines = [line for line in logs if line["event"] == "rpc"]
    assert [(line["code"], line["request_id"]) for line in lines] == [
        ("INVALID_ARGUMENT", "fuzz-1")
    ]
    assert observability.RPC_TOTAL.labels(method, "INVALID_ARGUMENT")._value.get() == counted + 1


def _first_string_field(descriptor: Any) -> list[Any] | None:
    """The path (field descriptors) to the first string field of a message, depth first."""
    for field in descriptor.fields:
        if field.type == field.TYPE_STRING:
            return [field]
        if field.type == field.TYPE_MESSAGE and not field.message_type.GetOptions().map_entry:
            if field.message_type.full_name.startswith("google.protobuf."):
                continue
            deeper = _first_string_field(field.message_type)
            if deeper is not None:
                return [field, *deeper]
    return None


def _with_nul(request_type: Any) -> tuple[Message, str]:
    """A request whose first string field, however deep, holds a NUL; and its path."""
    request = request_type()
    path = _first_string_field(request.DESCRIPTOR)
    assert path is not None, request.DESCRIPTOR.full_name
    target, names = request, []
    for field in path[:-1]:
        if field.is_repeated:
            target = getattr(target, field.name).add()
            names.append(f"{field.name}[0]")
        else:
            target = getattr(target, field.name)
            names.append(field.name)
    last = path[-1]
    if last.is_repeated:
        getattr(target, last.name).append("a\x00b")
        names.append(f"{last.name}[0]")
    else:
        setattr(target, last.name, "a\x00b")
        names.append(last.name)
    return request, ".".join(names)


def _every_method() -> list[tuple[str, Any, bool]]:
    """(path, request class, server-streaming) of every officer.v1 method."""
    from google.protobuf import descriptor_pool, message_factory

    from service.platform.services import officer_service_names

    pool = descriptor_pool.Default()
    return [
        (
            f"/{full_name}/{method.name}",
            message_factory.GetMessageClass(method.input_type),
            method.server_streaming,
        )
        for full_name in officer_service_names()
        for method in pool.FindServiceByName(full_name).methods
    ]


@pytest.mark.parametrize(
    ("method", "request_type", "streaming"), _every_method(), ids=lambda v: str(v).rsplit("/")[-1]
)
async def test_a_nul_in_any_string_field_of_any_rpc_is_invalid_naming_the_field(
    channel_as: OpenAs, method: str, request_type: Any, streaming: bool
) -> None:
    """PostgreSQL refuses NUL in text: checked at the door for every RPC, so the
    refusal is INVALID_ARGUMENT naming the field, never INTERNAL after a write."""
    request, path = _with_nul(request_type)
    channel = channel_as(USER)

    async def send() -> None:
        if not streaming:
            await _call(channel, method, request)
            return
        responses = channel.unary_stream(
            method,
            request_serializer=lambda message: message.SerializeToString(),
            response_deserializer=lambda raw: raw,
        )(request)
        async for _ in responses:
            pass

    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await send()
    error = raised.value
    assert error.code() is grpc.StatusCode.INVALID_ARGUMENT, method
    assert error_info(error).reason == "NUL_CHARACTER"
    assert field_violations(error) == [path]
