"""Reading the google.rpc details a failed call carries."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2, status_pb2


async def refused(call: Awaitable[Any]) -> grpc.aio.AioRpcError:
    """The error a call that must fail ends with."""
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await call
    return raised.value


def status_details(error: grpc.aio.AioRpcError) -> status_pb2.Status:
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            return status_pb2.Status.FromString(value)
    raise AssertionError("no google.rpc.Status in the trailing metadata")


def error_info(error: grpc.aio.AioRpcError) -> error_details_pb2.ErrorInfo:
    info = error_details_pb2.ErrorInfo()
    assert status_details(error).details[0].Unpack(info), "the first detail is not an ErrorInfo"
    return info


def field_violations(error: grpc.aio.AioRpcError) -> list[str]:
    """The fields a BadRequest names, in order; [] when there is none."""
    bad = error_details_pb2.BadRequest()
    for detail in status_details(error).details:
        if detail.Unpack(bad):
            return [violation.field for violation in bad.field_violations]
    return []
