"""The feed's statement (ListActivities), built once for each shape a request
can take and then only bound.

A feed page is one index walk of about twenty rows; building the statement
anew for every call (and SQLAlchemy keying its compiled form) cost about twice
the query itself. What varies between calls of one shape is only values, so
the shape (which filters are given, the levels of the reach's nodes) picks a
statement with bound parameters, and the values go in as parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from service.activities.ports import ActivityFilter
from service.kernel import scope
from service.kernel.access import Reach
from service.platform.store.tables import ACTIVITY, ACTIVITY_CO_OFFICER

# The column that names each level's node, by the length of its code.
_LEVEL_COLUMNS = {
    6: ACTIVITY.c.district,
    9: ACTIVITY.c.street,
    12: ACTIVITY.c.community,
    15: ACTIVITY.c.grid,
}
_TIME = ACTIVITY.c.start_time.type


@dataclass(frozen=True)
class _Shape:
    # The level of each of the reach's nodes, in the order bound (_level).
    reach_levels: tuple[int, ...]
    units: bool
    own: bool
    under_level: int | None
    # Which of the filter's narrowing fields are given.
    given: frozenset[str]
    before: bool


# The filter's fields that narrow by equality on a column of their own, or by a bound.
_EQUAL = {
    "kind": ACTIVITY.c.kind,
    "officer_category": ACTIVITY.c.officer_category,
    "unit": ACTIVITY.c.unit,
    "case_state": ACTIVITY.c.case_state,
}


def _level(code: str) -> int:
    """The length of the node's code; 0 for the city (whose code is as long as a
    district's)."""
    return 0 if scope.is_city(code) else len(code)


def _beneath(level: int, name: str) -> Any:
    """Activities in the subtree of the node bound as ``name``, as an equality on
    its level's column (which an index walks in start-time order)."""
    if level == 0:
        return sa.true()
    return _LEVEL_COLUMNS[level] == sa.bindparam(name)


def _of(name: str) -> Any:
    """The activities of the officer bound as ``name``: theirs, or done beside them."""
    officer: sa.BindParameter[str] = sa.bindparam(name)
    return sa.or_(
        ACTIVITY.c.officer == officer,
        ACTIVITY.c.activity_id.in_(
            sa.select(ACTIVITY_CO_OFFICER.c.activity_id).where(
                ACTIVITY_CO_OFFICER.c.officer_id == officer
            )
        ),
    )


@lru_cache(maxsize=512)
def _statement(shape: _Shape) -> sa.Select[Any]:
    seen = [_beneath(level, f"node_{i}") for i, level in enumerate(shape.reach_levels)]
    if shape.units:
        seen.append(ACTIVITY.c.unit.in_(sa.bindparam("units", expanding=True)))
    if shape.own:
        seen.append(_of("own"))
    query = sa.select(ACTIVITY).where(ACTIVITY.c.delete_time.is_(None), sa.or_(*seen))
    if shape.under_level is not None:
        query = query.where(_beneath(shape.under_level, "under"))
    if "officer" in shape.given:
        query = query.where(_of("officer"))
    for field, column in _EQUAL.items():
        if field in shape.given:
            query = query.where(column == sa.bindparam(field))
    if "start_after" in shape.given:
        query = query.where(ACTIVITY.c.start_time >= sa.bindparam("start_after", type_=_TIME))
    if "start_before" in shape.given:
        query = query.where(ACTIVITY.c.start_time < sa.bindparam("start_before", type_=_TIME))
    if shape.before:
        query = query.where(
            sa.tuple_(ACTIVITY.c.start_time, ACTIVITY.c.activity_id)
            < sa.tuple_(sa.bindparam("before_time", type_=_TIME), sa.bindparam("before_id"))
        )
    return query.order_by(ACTIVITY.c.start_time.desc(), ACTIVITY.c.activity_id.desc()).limit(
        sa.bindparam("limit", type_=sa.Integer)
    )


def feed(
    *,
    reach: Reach,
    user_id: str,
    filter: ActivityFilter,
    before: tuple[datetime, str] | None,
    limit: int,
) -> tuple[sa.Select[Any], dict[str, Any]]:
    """The statement for one page, newest first, and its parameters: what
    ``reach`` holds (or is the caller's own, ``user_id``), narrowed by
    ``filter``, after the (start time, id) ``before``."""
    nodes = sorted(reach.nodes)
    levels = tuple(_level(node) for node in nodes)
    # The city's node binds nothing (its subtree is everything).
    values: dict[str, Any] = {
        f"node_{i}": node
        for i, (node, level) in enumerate(zip(nodes, levels, strict=True))
        if level
    }
    values["limit"] = limit
    if reach.units:
        values["units"] = sorted(reach.units)
    if user_id:
        values["own"] = user_id
    under_level = _level(filter.under) if filter.under is not None else None
    if under_level:
        values["under"] = filter.under
    given = {
        field: value
        for field, value in (
            ("officer", filter.officer),
            ("kind", filter.kind.value if filter.kind is not None else None),
            ("officer_category", filter.officer_category),
            ("unit", filter.unit),
            ("case_state", filter.case_state.value if filter.case_state is not None else None),
            ("start_after", filter.start_after),
            ("start_before", filter.start_before),
        )
        if value is not None
    }
    values.update(given)
    if before is not None:
        values["before_time"], values["before_id"] = before
    shape = _Shape(
        reach_levels=levels,
        units=bool(reach.units),
        own=bool(user_id),
        under_level=under_level,
        given=frozenset(given),
        before=before is not None,
    )
    return _statement(shape), values
