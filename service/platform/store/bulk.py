"""Writes many rows at once: fan-out (one row per recipient) must not cost a
statement, or a round trip, per row.

PostgreSQL gets COPY (≈ 270,000 rows/s here against ≈ 37,000 for executemany);
SQLite gets the driver's executemany, which is C code without round trips.
Both go beneath SQLAlchemy, whose per-row parameter processing costs more than
the insert itself, so values must already be what the driver takes.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from service.platform.store import tables
from service.platform.store.database import sqlite_time_text


def one_of(
    connection: sa.Connection, column: sa.ColumnElement[Any], keys: Sequence[Any]
) -> sa.ColumnElement[bool]:
    """``column`` is one of ``keys``, however many, as one bound parameter:
    ``= ANY(array)`` on PostgreSQL, ``IN (SELECT value FROM json_each(...))``
    on SQLite.

    An ``IN`` list of 500 parameters costs more to render, send and parse
    (SQLAlchemy expands it, psycopg splits the query) than the lookup itself,
    and its text changes with its length, so no statement cache helps. Not a
    join on ``json_array_elements_text`` on PostgreSQL either: right after a
    burst, before autovacuum has analysed it, the planner probes the keys once
    per row of the table (1 s for 500 keys among 16,000 due steps), where an
    array is at worst a filter on the scan it would make anyway."""
    if connection.dialect.name == "postgresql":
        # text[], not varchar(n)[]: a cast to varchar(n) would cut a longer key
        # down to one that matches.
        stored = getattr(column.type, "impl", column.type)  # beneath a TypeDecorator
        element = sa.Text() if isinstance(stored, sa.String) else column.type
        array = sa.bindparam("keys", list(keys), type_=postgresql.ARRAY(element), unique=True)
        return column == sa.any_(array)
    document = sa.bindparam("keys", list(keys), type_=sa.JSON, unique=True)
    return column.in_(sa.select(sa.func.json_each(document).table_valued("value").c.value))


def upsert(
    connection: sa.Connection,
    table: sa.Table,
    key: dict[str, Any],
    values: dict[str, Any],
    changes: dict[str, Any] | None = None,
) -> None:
    """Inserts the row at ``key`` with ``values``, or sets ``changes`` (by
    default all of ``values``) on the row already there, in one statement, so
    that two writers racing on one new key do not both insert."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(**key, **values)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=list(key), set_=values if changes is None else changes
        )
    )


def insert_rows(
    connection: sa.Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Inserts ``rows`` (tuples in ``columns`` order) into ``table``, inside the
    caller's transaction. Table and column names are ours, never input."""
    if not rows:
        return
    listed = ", ".join(columns)
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY {table} ({listed}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    times = _time_columns(table, tuple(columns))
    texts: dict[datetime, str] = {}
    converted = [_with_time_text(row, times, texts) for row in rows] if times else rows
    connection.exec_driver_sql(f"INSERT INTO {table} ({listed}) VALUES ({marks})", converted)  # noqa: S608


@functools.cache
def _time_columns(table: str, columns: tuple[str, ...]) -> tuple[int, ...]:
    """Where ``columns`` of ``table`` hold times, which SQLite takes as text."""
    types = tables.metadata().tables[table].c
    return tuple(i for i, name in enumerate(columns) if isinstance(types[name].type, sa.DateTime))


def _with_time_text(
    row: Sequence[Any], times: tuple[int, ...], texts: dict[datetime, str]
) -> tuple[Any, ...]:
    # A batch's rows mostly share their times (``now``): each is converted once.
    values = list(row)
    for index in times:
        moment = values[index]
        if moment is not None:
            text = texts.get(moment)
            if text is None:
                text = texts[moment] = sqlite_time_text(moment)
            values[index] = text
    return tuple(values)
