"""A hostile client against ``serve`` run as a process on both databases: every
RPC of officer.v1 with requests drawn from its descriptor, and bytes that are no
message at all; streams read and cancelled at random points. Any UNKNOWN or
INTERNAL answer, any call that hangs, any death of the server fails the test.

``make test`` draws OFFICER_FUZZ_EXAMPLES examples (default 120) per database;
``make fuzz`` many more.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import grpc
import pytest
import sqlalchemy as sa
from google.protobuf.descriptor import MethodDescriptor
from google.protobuf.message import Message
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from officer.v1 import (
    activity_service_pb2,
    admin_service_pb2,
    assignment_service_pb2,
    grid_service_pb2,
    inbox_service_pb2,
    officer_service_pb2,
    policy_service_pb2,
    suggestion_service_pb2,
    task_service_pb2,
)

from service.devtools.host_sim import load_city
from service.platform.identity import issue_token
from service.platform.settings import Settings
from service.platform.store import database, schema
from tests.conftest import scratch_database
from tests.fuzz.strategies import UNDECODABLE, messages
from tests.integration.service_process import ServiceProcess, serve

EXAMPLES = int(os.environ.get("OFFICER_FUZZ_EXAMPLES", "120"))
# A call that takes longer than this has hung.
CALL_SECONDS = 20.0
FORBIDDEN = {grpc.StatusCode.UNKNOWN, grpc.StatusCode.INTERNAL}

METHODS: list[MethodDescriptor] = [
    method
    for module in (
        policy_service_pb2,
        inbox_service_pb2,
        task_service_pb2,
        activity_service_pb2,
        suggestion_service_pb2,
        grid_service_pb2,
        officer_service_pb2,
        assignment_service_pb2,
        admin_service_pb2,
    )
    for service in module.DESCRIPTOR.services_by_name.values()
    for method in service.methods
]


@dataclass
class Target:
    service: ServiceProcess
    port: int
    tokens: list[str]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def target(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Target]:
    with scratch_database(request.param, tmp_path_factory, "officer_fuzz") as url:
        yield from _target(url)


def _target(url: str) -> Iterator[Target]:
    engine = database.create_engine(url)
    schema.migrate(engine)
    load_city(engine, size="small", seed=2020)
    with engine.connect() as connection:
        users = list(
            connection.execute(
                sa.text("SELECT min(user_id) FROM role_binding GROUP BY role ORDER BY role")
            ).scalars()
        )
    engine.dispose()
    processes: list[ServiceProcess] = []
    service, port = serve(processes, url)
    tokens = [issue_token(Settings(), user) for user in [*users, "admin-city", "stranger"]]
    try:
        yield Target(service, port, tokens)
    finally:
        service.kill()


def _path(method: MethodDescriptor) -> str:
    return f"/{method.containing_service.full_name}/{method.name}"


def _judge(target: Target, method: MethodDescriptor, error: grpc.RpcError | None) -> None:
    assert target.service.process.poll() is None, f"the server died on {method.name}"
    if error is None:
        return
    code = error.code()
    assert code not in FORBIDDEN, f"{method.name} answered {code}: {error.details()}"
    assert code is not grpc.StatusCode.DEADLINE_EXCEEDED, f"{method.name} hung"
    assert code is not grpc.StatusCode.UNAVAILABLE, f"{method.name}: server unavailable"


def _send(target: Target, method: MethodDescriptor, body: bytes, token: str, reads: int) -> None:
    metadata = (("authorization", f"Bearer {token}"),)
    with grpc.insecure_channel(f"127.0.0.1:{target.port}") as channel:
        error: grpc.RpcError | None = None
        if method.server_streaming:
            call = channel.unary_stream(_path(method), request_serializer=lambda raw: raw)(
                body, metadata=metadata, timeout=CALL_SECONDS
            )
            try:
                for _ in range(reads):  # then cancel, mid-stream or before it began
                    next(call)
            except StopIteration:
                pass
            except grpc.RpcError as raised:
                if raised.code() is not grpc.StatusCode.DEADLINE_EXCEEDED:  # idle stream
                    error = raised
            finally:
                call.cancel()
        else:
            try:
                channel.unary_unary(
                    _path(method),
                    request_serializer=lambda raw: raw,
                    response_deserializer=lambda raw: raw,
                )(body, metadata=metadata, timeout=CALL_SECONDS)
            except grpc.RpcError as raised:
                error = raised
    _judge(target, method, error)


def _request(draw: st.DrawFn) -> tuple[MethodDescriptor, bytes]:
    method = draw(st.sampled_from(METHODS))
    if draw(st.integers(0, 9)) == 0:
        return method, draw(UNDECODABLE)
    message: Message = draw(messages(method.input_type))
    return method, message.SerializeToString()


@st.composite
def _calls(draw: st.DrawFn) -> tuple[MethodDescriptor, bytes, int, int]:
    method, body = _request(draw)
    return method, body, draw(st.integers(0, 20)), draw(st.integers(0, 3))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=os.environ.get("OFFICER_FUZZ_RANDOM") is None,
)
@given(call=_calls())
def test_no_request_makes_the_server_fail_hang_or_die(
    target: Target, call: tuple[MethodDescriptor, bytes, int, int]
) -> None:
    method, body, token_index, reads = call
    _send(target, method, body, target.tokens[token_index % len(target.tokens)], reads)
