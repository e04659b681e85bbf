"""Domain errors map to one gRPC status each, always with ErrorInfo."""

from __future__ import annotations

import grpc
import pytest
from google.rpc import error_details_pb2, status_pb2

from service.kernel import errors
from service.platform import error_mapping as api_errors


def _details(status: grpc.Status) -> status_pb2.Status:
    (_key, value), *_ = [
        md for md in status.trailing_metadata if md[0] == "grpc-status-details-bin"
    ]
    return status_pb2.Status.FromString(value)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (errors.InvalidArgument.field("notice.title", "must not be empty"), "INVALID_ARGUMENT"),
        (errors.Unauthenticated("no token"), "UNAUTHENTICATED"),
        (errors.PermissionDenied("outside your scope"), "PERMISSION_DENIED"),
        (errors.NotFound("no such notice"), "NOT_FOUND"),
        (errors.AlreadyExists("exists"), "ALREADY_EXISTS"),
        (errors.FailedPrecondition("withdrawn"), "FAILED_PRECONDITION"),
        (errors.Aborted("stale etag"), "ABORTED"),
        (errors.Unavailable("database down"), "UNAVAILABLE"),
    ],
)
def test_each_domain_error_has_its_code_and_an_error_info(
    error: errors.DomainError, code: str
) -> None:
    status = api_errors.status_for(error)
    assert status.code is grpc.StatusCode[code]
    details = _details(status)
    info = error_details_pb2.ErrorInfo()
    assert details.details[0].Unpack(info)
    assert info.reason == error.reason
    assert info.domain == "officer.v1"


def test_invalid_argument_names_every_field_in_a_bad_request() -> None:
    error = errors.InvalidArgument(
        [
            errors.FieldViolation("notice.title", "must not be empty"),
            errors.FieldViolation("page_size", "must not be negative"),
        ]
    )
    details = _details(api_errors.status_for(error))
    bad_request = error_details_pb2.BadRequest()
    assert details.details[1].Unpack(bad_request)
    assert [v.field for v in bad_request.field_violations] == ["notice.title", "page_size"]
    assert "notice.title" in details.message


def test_invalid_argument_without_a_field_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="field violation"):
        errors.InvalidArgument([])


def test_a_subclass_of_a_domain_error_keeps_its_parent_code() -> None:
    class NoticeWithdrawn(errors.FailedPrecondition):
        default_reason = "NOTICE_WITHDRAWN"

    status = api_errors.status_for(NoticeWithdrawn("the notice was withdrawn"))
    assert status.code is grpc.StatusCode.FAILED_PRECONDITION
    info = error_details_pb2.ErrorInfo()
    _details(status).details[0].Unpack(info)
    assert info.reason == "NOTICE_WITHDRAWN"


def test_internal_status_reveals_only_the_request_id() -> None:
    status = api_errors.internal_status("req-42")
    assert status.code is grpc.StatusCode.INTERNAL
    assert status.details == "internal error; quote request id req-42 to the operator"
