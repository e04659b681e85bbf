"""Migrations and the store, on an empty SQLite and an empty PostgreSQL database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from service.kernel.ports import StoredResponse, fingerprint
from service.platform.store import request_records, schema


def test_empty_database_is_reported_as_such(engine: Engine) -> None:
    state = schema.inspect_schema(engine)
    assert state.status is schema.SchemaStatus.EMPTY
    assert "officer-module migrate" in state.explain()
    with pytest.raises(schema.SchemaMismatch, match="no schema yet"):
        schema.require_current(engine)


def test_migrations_run_up_on_an_empty_database(engine: Engine) -> None:
    state = schema.migrate(engine)
    assert state.status is schema.SchemaStatus.CURRENT
    assert "request_record" in sa.inspect(engine).get_table_names()
    assert schema.require_current(engine).database_revision == state.code_revision


def test_migrating_twice_changes_nothing(engine: Engine) -> None:
    first = schema.migrate(engine)
    second = schema.migrate(engine)
    assert first == second


def test_tables_in_code_match_what_migrations_build(engine: Engine) -> None:
    schema.migrate(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_a_schema_from_a_newer_release_is_refused(engine: Engine) -> None:
    schema.migrate(engine)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'f00dcafe9999'"))
    state = schema.inspect_schema(engine)
    assert state.status is schema.SchemaStatus.AHEAD
    with pytest.raises(schema.SchemaMismatch, match="newer release"):
        schema.require_current(engine)
    with pytest.raises(schema.SchemaMismatch, match="newer release"):
        schema.migrate(engine)


def test_stored_response_is_found_under_its_key_only(engine: Engine) -> None:
    schema.migrate(engine)
    now = datetime(2026, 4, 21, 9, 0, tzinfo=UTC)
    with engine.begin() as connection:
        request_records.save_response(
            connection,
            caller="users/u1",
            method="/officer.v1.PolicyService/PublishNotice",
            request_id="6f1c",
            request=b"request bytes",
            response=b"first response",
            now=now,
        )
    with engine.connect() as connection:
        found = request_records.find_response(
            connection,
            caller="users/u1",
            method="/officer.v1.PolicyService/PublishNotice",
            request_id="6f1c",
        )
        other_caller = request_records.find_response(
            connection,
            caller="users/u2",
            method="/officer.v1.PolicyService/PublishNotice",
            request_id="6f1c",
        )
    assert found == StoredResponse(fingerprint(b"request bytes"), b"first response")
    assert other_caller is None


def test_a_request_id_is_stored_once(engine: Engine) -> None:
    schema.migrate(engine)
    now = datetime(2026, 4, 21, 9, 0, tzinfo=UTC)
    key = {"caller": "users/u1", "method": "/m", "request_id": "r1"}
    with engine.begin() as connection:
        request_records.save_response(connection, **key, request=b"a", response=b"1", now=now)
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        request_records.save_response(connection, **key, request=b"b", response=b"2", now=now)
    with engine.connect() as connection:
        assert request_records.find_response(connection, **key) == StoredResponse(
            fingerprint(b"a"), b"1"
        )


@pytest.mark.parametrize("count", [0, 1, 3_000])
def test_one_of_matches_exactly_its_keys_however_many(engine: Engine, count: int) -> None:
    """One bound parameter for any number of keys, strings or numbers alike."""
    from service.platform.store.bulk import insert_rows, one_of
    from service.platform.store.tables import OUTBOX

    schema.migrate(engine)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        insert_rows(
            connection,
            "outbox",
            ("message_id", "exchange", "routing_key", "message_type", "body", "create_time"),
            [(f"m{n}", "officer.push", "k", "t", b"{}", now) for n in range(4_000)],
        )
        seqs = sorted(connection.execute(sa.select(OUTBOX.c.seq)).scalars())
        ids = [f"m{n}" for n in range(0, 2 * count, 2)]
        by_id = connection.execute(
            sa.select(OUTBOX.c.message_id).where(
                one_of(connection, OUTBOX.c.message_id, [*ids, "not-there"])
            )
        )
        assert sorted(by_id.scalars()) == sorted(i for i in ids if int(i[1:]) < 4_000)
        by_seq = connection.execute(
            sa.select(sa.func.count()).where(one_of(connection, OUTBOX.c.seq, seqs[:count]))
        )
        assert by_seq.scalar_one() == count
        # No keys: nothing, of a table that holds rows.
        empty = connection.execute(
            sa.select(sa.func.count()).where(one_of(connection, OUTBOX.c.message_id, []))
        )
        assert empty.scalar_one() == 0
        # A key longer than the column is no key of it (not cut to its length).
        insert_rows(
            connection,
            "outbox",
            ("message_id", "exchange", "routing_key", "message_type", "body", "create_time"),
            [("k" * 128, "officer.push", "k", "t", b"{}", now)],
        )
        too_long = sa.select(sa.func.count()).where(
            one_of(connection, OUTBOX.c.message_id, ["k" * 129])
        )
        assert connection.execute(too_long).scalar_one() == 0
