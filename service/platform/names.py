"""Resource names (AIP-122), defined once for every servicer that parses them."""

from __future__ import annotations

import re

from contracts.messages import ENTITY_ID_PATTERN
from service.kernel.errors import InvalidArgument

_ID = ENTITY_ID_PATTERN
_ULID = "[0-9A-HJKMNP-TV-Z]{26}"

# scopeNodes/{code}: the city or a district (6 digits), a street (9), a community (12).
SCOPE_NODE = re.compile(r"^scopeNodes/([0-9]{6}(?:[0-9]{3}){0,2})$")
# Permission grants may also sit at a grid.
GRANT_NODE = re.compile(r"^scopeNodes/([0-9]{6}(?:[0-9]{3}){0,3})$")
GRID = re.compile(r"^grids/([0-9]{15})$")
OFFICER = re.compile(rf"^officers/({_ID})$")
USER = re.compile(rf"^users/({_ID})$")
CALENDAR_DAY = re.compile(r"^calendarDays/(\d{4}-\d{2}-\d{2})$")
OFFICER_AVAILABILITY = re.compile(rf"^officers/({_ID})/availability$")
ASSIGNMENT = re.compile(rf"^officers/({_ID})/assignments/([0-9]{{15}})$")
# An audience names a recipient as a user or, the same person, as an officer.
PERSON = re.compile(rf"^(?:users|officers)/({_ID})$")
UNIT = re.compile(rf"^units/({_ID})$")
NOTICE = re.compile(rf"^notices/({_ULID})$")
TASK = re.compile(rf"^tasks/({_ULID})$")
ACTIVITY = re.compile(rf"^activities/({_ULID})$")
SUGGESTION = re.compile(rf"^suggestions/({_ULID})$")
DEPARTMENT = re.compile(r"^departments/([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)$")
ROUTING_RULE = re.compile(rf"^routingRules/({_ULID})$")
PROPOSAL = re.compile(rf"^proposals/({_ULID})$")
ENROLLMENT = re.compile(rf"^enrollments/({_ULID})$")
PROPOSAL_LINE = re.compile(rf"^proposals/({_ULID})/lines/([1-9][0-9]{{0,8}})$")
ULID = re.compile(rf"^({_ULID})$")
EXCUSED_MONTH = re.compile(rf"^officers/({_ID})/excusedMonths/([0-9]{{4}}-[0-9]{{2}})$")
INBOX_ITEM = re.compile(rf"^users/({_ID})/inboxItems/({_ULID})$")


def parse(pattern: re.Pattern[str], name: str, field: str, form: str) -> str:
    """The id a name carries; INVALID_ARGUMENT naming ``field`` when it is not ``form``."""
    match = pattern.match(name)
    if match is None:
        raise InvalidArgument.field(field, f"must look like {form}")
    return match.group(1)


def node_or_grid(name: str, field: str) -> str:
    """The code of ``scopeNodes/{code}`` or ``grids/{code}``."""
    match = SCOPE_NODE.match(name) or GRID.match(name)
    if match is None:
        raise InvalidArgument.field(field, "must be scopeNodes/{code} or grids/{code}")
    return match.group(1)


def optional_node_or_grid(name: str, field: str) -> str | None:
    return node_or_grid(name, field) if name else None
