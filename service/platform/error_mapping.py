"""The one mapping from domain errors to gRPC statuses with google.rpc details.

Every error status carries an ``ErrorInfo`` (reason, domain, metadata);
``INVALID_ARGUMENT`` also carries a ``BadRequest`` naming each field. Nothing of
an unexpected failure (traceback, SQL) ever reaches the caller: they get
``INTERNAL`` with the request id to quote, and the log has the rest.
"""

from __future__ import annotations

from collections.abc import Mapping

import grpc
import structlog
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2
from grpc_status import rpc_status

from service.kernel import errors

log = structlog.get_logger("officer.rpc")

ERROR_DOMAIN = "officer.v1"

_CODES: dict[type[errors.DomainError], grpc.StatusCode] = {
    errors.InvalidArgument: grpc.StatusCode.INVALID_ARGUMENT,
    errors.Unauthenticated: grpc.StatusCode.UNAUTHENTICATED,
    errors.PermissionDenied: grpc.StatusCode.PERMISSION_DENIED,
    errors.NotFound: grpc.StatusCode.NOT_FOUND,
    errors.AlreadyExists: grpc.StatusCode.ALREADY_EXISTS,
    errors.FailedPrecondition: grpc.StatusCode.FAILED_PRECONDITION,
    errors.Aborted: grpc.StatusCode.ABORTED,
    errors.Unavailable: grpc.StatusCode.UNAVAILABLE,
    errors.ResourceExhausted: grpc.StatusCode.RESOURCE_EXHAUSTED,
}


def status_code_for(error: errors.DomainError) -> grpc.StatusCode:
    for cls in type(error).__mro__:
        if cls in _CODES:
            return _CODES[cls]
    return grpc.StatusCode.FAILED_PRECONDITION


def _packed(message: error_details_pb2.ErrorInfo | error_details_pb2.BadRequest) -> any_pb2.Any:
    packed = any_pb2.Any()
    packed.Pack(message)
    return packed


def build_status(
    code: grpc.StatusCode,
    message: str,
    *,
    reason: str,
    metadata: Mapping[str, str] | None = None,
    violations: list[errors.FieldViolation] | None = None,
) -> grpc.Status:
    details = [
        _packed(
            error_details_pb2.ErrorInfo(
                reason=reason, domain=ERROR_DOMAIN, metadata=dict(metadata or {})
            )
        )
    ]
    if violations:
        details.append(
            _packed(
                error_details_pb2.BadRequest(
                    field_violations=[
                        error_details_pb2.BadRequest.FieldViolation(
                            field=v.field, description=v.description
                        )
                        for v in violations
                    ]
                )
            )
        )
    status = status_pb2.Status(code=code.value[0], message=message, details=details)
    return rpc_status.to_status(status)


def status_for(error: errors.DomainError) -> grpc.Status:
    return build_status(
        status_code_for(error),
        error.message,
        reason=error.reason,
        metadata=error.metadata,
        violations=getattr(error, "violations", None),
    )


def unimplemented_status(method: str) -> grpc.Status:
    return build_status(
        grpc.StatusCode.UNIMPLEMENTED,
        f"{method} is part of the officer.v1 contract but not implemented in this release",
        reason="NOT_IMPLEMENTED",
        metadata={"method": method},
    )


def internal_status(request_id: str) -> grpc.Status:
    return build_status(
        grpc.StatusCode.INTERNAL,
        f"internal error; quote request id {request_id} to the operator",
        reason="INTERNAL",
        metadata={"request_id": request_id},
    )


def status_of_failure(error: BaseException, method: str, request_id: str) -> grpc.Status:
    """What the caller sees of any failure of a call: a domain error's own
    status, UNIMPLEMENTED for an RPC not built yet, else INTERNAL with only the
    request id (the traceback goes to the log line with that id)."""
    if isinstance(error, errors.DomainError):
        return status_for(error)
    if isinstance(error, NotImplementedError):
        return unimplemented_status(method)
    log.error("unexpected failure", exc_info=error)
    return internal_status(request_id)
