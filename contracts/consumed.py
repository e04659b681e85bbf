"""Reading what the host publishes: a body decoded into its message, or refused
with a stable reason code and a detail that never repeats the message's values
(contracts/HOST.md lists the codes)."""

from __future__ import annotations

import pydantic_core
from pydantic import TypeAdapter, ValidationError

from contracts.messages import (
    CONSUMED_SCHEMAS,
    ConsumedMessage,
    Role,
    SnapshotChunk,
    UserRecord,
    UserUpserted,
    schema_of,
)
from contracts.topology import routing_key_for_schema

_consumed_adapter: TypeAdapter[ConsumedMessage] = TypeAdapter(ConsumedMessage)


class Refused(ValueError):
    """A message the module will not apply, with a stable reason code (for
    machines) and a short detail that never repeats the message's values (it
    may hold personal data)."""

    code = "REFUSED"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotJson(Refused):
    code = "NOT_JSON"


class NotAnObject(Refused):
    code = "NOT_AN_OBJECT"


class UnknownSchema(Refused):
    """The message names a schema this module does not consume."""

    code = "UNKNOWN_SCHEMA"


class InvalidFields(Refused):
    code = "INVALID_FIELDS"


class InconsistentOfficer(Refused):
    """A user with an officer profile and no officer role, or the reverse."""

    code = "INCONSISTENT_OFFICER"


class RoutingKeyMismatch(Refused):
    """The routing key names another message type than the body's schema."""

    code = "ROUTING_KEY_MISMATCH"


def _field_path(location: tuple[int | str, ...]) -> str:
    # The union's tag (the schema name) leads every location: it names no field.
    parts = location[1:] if location and location[0] in CONSUMED_SCHEMAS else location
    return ".".join(str(part) for part in parts) or "(message)"


def _invalid_fields(error: ValidationError) -> InvalidFields:
    problems = [
        f"{_field_path(tuple(problem['loc']))}: {problem['type']}"
        for problem in error.errors(include_input=False, include_url=False)
    ]
    shown = "; ".join(problems[:10]) + ("; …" if len(problems) > 10 else "")
    return InvalidFields(shown)


def decode_consumed(body: bytes) -> ConsumedMessage:
    """Parses a message from the host.

    Raises a ``Refused`` (a ``ValueError``) that says why otherwise: the
    reason to dead-letter it.
    """

    try:
        # One pass in Rust for the common case, a third faster than parsing
        # and then validating the parsed document.
        message = _consumed_adapter.validate_json(body)
    except ValueError:
        pass  # rare: diagnose below, with an error that says what is wrong
    else:
        _check_officers(message)
        return message
    try:
        document = pydantic_core.from_json(body)
    except ValueError as exc:
        raise NotJson("the body is not JSON") from exc
    if not isinstance(document, dict):
        raise NotAnObject("the body is not a JSON object")
    if document.get("schema") not in CONSUMED_SCHEMAS:
        raise UnknownSchema("the schema field names no schema this module consumes")
    try:
        message = _consumed_adapter.validate_python(document)
    except ValidationError as exc:
        raise _invalid_fields(exc) from exc
    _check_officers(message)
    return message


def _check_officers(message: ConsumedMessage) -> None:
    """Who is an officer (政法网格员), as the host says it: a user whose record
    carries an officer profile (who: category, unit) and binds the officer role
    (where: a grid). One without the other is refused, not guessed at: the
    module cannot tell which half the host meant."""
    users: list[UserRecord] = []
    if isinstance(message, UserUpserted):
        users = [message]
    elif isinstance(message, SnapshotChunk):
        users = message.users
    for user in users:
        has_role = any(binding.role is Role.OFFICER for binding in user.roles)
        if (user.officer is not None) != has_role:
            raise InconsistentOfficer(
                "an officer needs both an officer profile and the officer role; "
                "this user has one of them"
            )


def check_routing_key(message: ConsumedMessage, routing_key: str) -> None:
    """The routing key decides nothing: it must name the body's own type
    (``user.upserted`` for ``user.upserted.v1``), or the message is refused."""
    if routing_key != routing_key_for_schema(schema_of(message)):
        raise RoutingKeyMismatch("the routing key names another message type than the schema")
