"""Errors a use case may raise; the API layer maps each to one gRPC status.

Every error carries a ``reason`` (an UPPER_SNAKE identifier, stable across
releases, for machines) and a message (for people). Nothing here knows gRPC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldViolation:
    """One invalid field of a request, named by its path (``notice.title``)."""

    field: str
    description: str


class DomainError(Exception):
    """Base of every expected failure; ``reason`` is a stable machine-readable code."""

    default_reason = "DOMAIN_ERROR"

    def __init__(
        self,
        message: str,
        *,
        reason: str | None = None,
        metadata: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason or self.default_reason
        self.metadata = dict(metadata or {})


class InvalidArgument(DomainError):
    """The request is malformed; ``violations`` name each offending field."""

    default_reason = "INVALID_ARGUMENT"

    def __init__(
        self,
        violations: list[FieldViolation],
        *,
        reason: str | None = None,
    ) -> None:
        if not violations:
            raise ValueError("InvalidArgument needs at least one field violation")
        summary = "; ".join(f"{v.field}: {v.description}" for v in violations)
        super().__init__(f"invalid request: {summary}", reason=reason)
        self.violations = list(violations)

    @classmethod
    def field(cls, field: str, description: str) -> InvalidArgument:
        return cls([FieldViolation(field, description)])


class Unauthenticated(DomainError):
    """No valid credentials identify the caller."""

    default_reason = "UNAUTHENTICATED"


class PermissionDenied(DomainError):
    """The caller may not do this, or the resource is outside their scope.

    Raised the same way whether or not the resource exists, so that a denial
    reveals nothing (AIP-211).
    """

    default_reason = "PERMISSION_DENIED"

    @classmethod
    def outside_scope(cls, what: str) -> PermissionDenied:
        """The one answer for a resource out of reach or not there at all."""
        return cls(f"{what} is outside your scope or does not exist")


class NotFound(DomainError):
    """The resource does not exist (and the caller could have seen it if it did)."""

    default_reason = "NOT_FOUND"


class AlreadyExists(DomainError):
    """The resource the request would create already exists."""

    default_reason = "ALREADY_EXISTS"


class FailedPrecondition(DomainError):
    """The system is not in a state that allows the request (e.g. a withdrawn notice)."""

    default_reason = "FAILED_PRECONDITION"


class Aborted(DomainError):
    """A concurrency conflict, e.g. a stale etag; the caller may re-read and retry."""

    default_reason = "ABORTED"


class Unavailable(DomainError):
    """A dependency (the database) is down for now; the caller may retry later."""

    default_reason = "UNAVAILABLE"


class ResourceExhausted(DomainError):
    """A limit is reached (calls in flight, a caller's open streams); retry later."""

    default_reason = "RESOURCE_EXHAUSTED"
