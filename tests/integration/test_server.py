"""The server as a client sees it: health, reflection, the contract, errors, logs."""

from __future__ import annotations

import asyncio

import grpc
import pytest
import structlog
from google.protobuf import descriptor_pool
from google.protobuf.descriptor import MethodDescriptor
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from service.platform.server import RunningServer
from service.platform.services import officer_service_names
from tests.integration.probe import SERVICE as PROBE_SERVICE
from tests.integration.probe import probe_call
from tests.rpc_errors import error_info

OFFICER_SERVICES = sorted(officer_service_names())
# Services whose RPCs are built (all but the methods named in NOT_YET); the rest
# of the contract answers UNIMPLEMENTED.
IMPLEMENTED = {
    "officer.v1.GridService",
    "officer.v1.OfficerService",
    "officer.v1.AssignmentService",
    "officer.v1.AdminService",
    "officer.v1.PolicyService",
    "officer.v1.InboxService",
    "officer.v1.TaskService",
    "officer.v1.ActivityService",
    "officer.v1.SuggestionService",
    "officer.v1.DepartmentService",
    "officer.v1.ProposalService",
    "officer.v1.UnitService",
    "officer.v1.EnrollmentService",
    "officer.v1.ComplianceService",
    "officer.v1.ReportService",
    "google.longrunning.Operations",
}
# The reports' operations end by themselves and stay with their report: only
# GetOperation is served.
NOT_YET: set[str] = {
    f"google.longrunning.Operations.{method}"
    for method in ("ListOperations", "DeleteOperation", "CancelOperation", "WaitOperation")
}


def _unbuilt_methods() -> list[MethodDescriptor]:
    pool = descriptor_pool.Default()
    return [
        method
        for name in OFFICER_SERVICES
        for method in pool.FindServiceByName(name).methods
        if name not in IMPLEMENTED or method.full_name in NOT_YET
    ]


async def _health(channel: grpc.aio.Channel, service: str = "") -> int:
    stub = health_pb2_grpc.HealthStub(channel)
    response = await stub.Check(health_pb2.HealthCheckRequest(service=service))
    return int(response.status)


async def test_health_is_serving_once_the_database_answers(channel: grpc.aio.Channel) -> None:
    status = await _health(channel)
    for _ in range(100):
        if status == health_pb2.HealthCheckResponse.SERVING:
            break
        await asyncio.sleep(0.05)
        status = await _health(channel)
    assert status == health_pb2.HealthCheckResponse.SERVING
    for service in OFFICER_SERVICES:
        assert await _health(channel, service) == health_pb2.HealthCheckResponse.SERVING


async def test_health_of_an_unknown_service_is_not_found(channel: grpc.aio.Channel) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await _health(channel, "officer.v1.NoSuchService")
    assert raised.value.code() is grpc.StatusCode.NOT_FOUND


async def test_reflection_lists_every_officer_service(channel: grpc.aio.Channel) -> None:
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    request = reflection_pb2.ServerReflectionRequest(list_services="")
    responses = [response async for response in stub.ServerReflectionInfo(iter([request]))]
    listed = {service.name for service in responses[0].list_services_response.service}
    assert set(OFFICER_SERVICES) <= listed
    assert len(OFFICER_SERVICES) == 16
    assert "grpc.health.v1.Health" in listed


async def test_reflection_serves_the_contract_files(channel: grpc.aio.Channel) -> None:
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    request = reflection_pb2.ServerReflectionRequest(
        file_containing_symbol="officer.v1.PolicyService"
    )
    responses = [response async for response in stub.ServerReflectionInfo(iter([request]))]
    files = responses[0].file_descriptor_response.file_descriptor_proto
    assert files, "reflection returned no descriptor for officer.v1.PolicyService"


async def _call_with_empty_request(
    channel: grpc.aio.Channel, path: str, *, streaming: bool
) -> None:
    if streaming:
        async for _ in channel.unary_stream(path)(b""):
            pass
    else:
        await channel.unary_unary(path)(b"")


async def test_every_rpc_not_yet_built_answers_unimplemented_with_error_info(
    channel: grpc.aio.Channel,
) -> None:
    # Every RPC of this release's contract is built; the probe's Unbuilt stands
    # in for one that is not (a method a servicer leaves to its generated base).
    calls = [
        (f"/{method.containing_service.full_name}/{method.name}", method.server_streaming)
        for method in _unbuilt_methods()
    ]
    calls.append((f"/{PROBE_SERVICE}/Unbuilt", False))
    for path, streaming in calls:
        with pytest.raises(grpc.aio.AioRpcError) as raised:
            await _call_with_empty_request(channel, path, streaming=streaming)
        assert raised.value.code() is grpc.StatusCode.UNIMPLEMENTED
        info = error_info(raised.value)
        assert info.reason == "NOT_IMPLEMENTED"
        assert info.domain == "officer.v1"
        assert info.metadata["method"] == path


async def test_domain_error_reaches_the_caller_with_its_code(channel: grpc.aio.Channel) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await probe_call(channel, "Deny")(b"")
    assert raised.value.code() is grpc.StatusCode.PERMISSION_DENIED
    assert error_info(raised.value).reason == "PERMISSION_DENIED"


async def test_unexpected_failure_is_internal_and_reveals_nothing(
    channel: grpc.aio.Channel,
) -> None:
    with structlog.testing.capture_logs() as logs, pytest.raises(grpc.aio.AioRpcError) as raised:
        await probe_call(channel, "Fail")(b"", metadata=(("x-request-id", "req-fail-1"),))
    error = raised.value
    assert error.code() is grpc.StatusCode.INTERNAL
    assert "SELECT" not in (error.details() or "")
    assert "hunter2" not in str(error.trailing_metadata())
    assert "req-fail-1" in (error.details() or "")
    assert error_info(error).metadata["request_id"] == "req-fail-1"
    failure = next(entry for entry in logs if entry["event"] == "unexpected failure")
    assert failure["log_level"] == "error"
    assert "hunter2" in str(failure["exc_info"])


async def test_one_log_line_per_rpc_with_method_code_duration_and_request_id(
    channel: grpc.aio.Channel,
) -> None:
    # request_id and method are bound as contextvars: merge them as the
    # configured processors do.
    with structlog.testing.capture_logs(
        processors=[structlog.contextvars.merge_contextvars]
    ) as logs:
        reply = await probe_call(channel, "Sleep")(
            b"0.01", metadata=(("x-request-id", "req-sleep-7"),)
        )
    assert reply == b"slept 0.01"
    lines = [entry for entry in logs if entry["event"] == "rpc"]
    assert len(lines) == 1
    assert lines[0]["code"] == "OK"
    assert lines[0]["duration_ms"] >= 10
    assert lines[0]["method"] == "/officer.test.Probe/Sleep"
    assert lines[0]["request_id"] == "req-sleep-7"
    assert lines[0]["peer"]


async def test_request_id_is_echoed_or_made_up(channel: grpc.aio.Channel) -> None:
    call = probe_call(channel, "Sleep")(b"0", metadata=(("x-request-id", "req-echo-1"),))
    await call
    assert ("x-request-id", "req-echo-1") in tuple(await call.trailing_metadata())

    call = probe_call(channel, "Sleep")(
        b"0", metadata=(("x-request-id", "has spaces; and * stars"),)
    )
    await call
    made_up = dict(tuple(await call.trailing_metadata()))["x-request-id"]
    assert made_up != "has spaces; and * stars"
    assert len(made_up) == 32


async def test_messages_over_the_size_limit_are_refused(
    channel: grpc.aio.Channel, server: RunningServer
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await probe_call(channel, "Sleep")(b"0" * (4 * 1024 * 1024 + 1))
    assert raised.value.code() is grpc.StatusCode.RESOURCE_EXHAUSTED
