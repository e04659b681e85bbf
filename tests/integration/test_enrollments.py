"""Enrollment (报名, 三 and 五.1) through the real server on SQLite and PostgreSQL:
a person enrolls from their terminal, their unit's admin decides, the applicant
withdraws; bad fields named, nothing written; and on the real broker the host
hears of each acceptance and each withdrawal of an accepted one, once."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from typing import Any

import grpc
import pika
import pytest
import sqlalchemy as sa
from officer.v1 import common_pb2, enrollment_service_pb2, enrollment_service_pb2_grpc
from sqlalchemy.engine import Engine

from adapters.topology import connection_parameters
from contracts import events, messages, topology
from service.platform.identity import issue_token
from service.platform.server import RunningServer
from service.platform.settings import Settings
from tests.integration.activity_city import City, small_city
from tests.integration.broker_reads import drain
from tests.registry_events import apply_directly, unit_admin
from tests.rpc_errors import error_info, field_violations

pb = enrollment_service_pb2
OpenAs = Callable[[str], grpc.aio.Channel]
UNIT = "320102-judge"
UNIT_ADMIN = "unit-admin-enrollment"


@pytest.fixture
def city(small_city_engine: Engine) -> City:
    made = small_city(small_city_engine)
    body = unit_admin(UNIT_ADMIN, UNIT)
    apply_directly(small_city_engine, [body], batch_size=1)
    return made


def _stub(channel_as: OpenAs, user: str) -> enrollment_service_pb2_grpc.EnrollmentServiceStub:
    return enrollment_service_pb2_grpc.EnrollmentServiceStub(channel_as(user))  # type: ignore[no-untyped-call]


def _enrollment(city: City, **fields: Any) -> pb.Enrollment:
    given: dict[str, Any] = {
        "category": common_pb2.OFFICER_CATEGORY_JUDGE,
        "unit": f"units/{UNIT}",
        "party_member": True,
        "residence": f"grids/{city.grid}",
        "workplace": f"scopeNodes/{city.community}",
        "preferred_grids": [f"grids/{city.grid}"],
        "grid_capacity": 2,
        "availability_note": "工作日晚上和周末",
        **fields,
    }
    return pb.Enrollment(**given)


def _count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(sa.text("SELECT count(*) FROM enrollment")).scalar_one())


async def test_a_person_enrolls_and_the_unit_admin_accepts_then_they_withdraw(
    city: City, channel_as: OpenAs
) -> None:
    applicant = _stub(channel_as, city.stranger)
    made = (
        await applicant.CreateEnrollment(pb.CreateEnrollmentRequest(enrollment=_enrollment(city)))
    ).enrollment
    assert made.state == pb.ENROLLMENT_STATE_SUBMITTED
    assert made.source == pb.ENROLLMENT_SOURCE_SELF
    assert made.applicant == f"users/{city.stranger}"
    assert (made.residence, made.workplace) == (
        f"grids/{city.grid}",
        f"scopeNodes/{city.community}",
    )
    with pytest.raises(grpc.aio.AioRpcError) as twice:
        await applicant.CreateEnrollment(pb.CreateEnrollmentRequest(enrollment=_enrollment(city)))
    assert twice.value.code() is grpc.StatusCode.ALREADY_EXISTS

    # The applicant cannot accept themself; a district admin reads but does not decide.
    for user in (city.stranger, city.district_admin):
        with pytest.raises(grpc.aio.AioRpcError) as denied:
            await _stub(channel_as, user).AcceptEnrollment(
                pb.AcceptEnrollmentRequest(name=made.name)
            )
        assert denied.value.code() is grpc.StatusCode.PERMISSION_DENIED
    seen = await _stub(channel_as, city.district_admin).GetEnrollment(
        pb.GetEnrollmentRequest(name=made.name)
    )
    assert seen.enrollment.name == made.name
    with pytest.raises(grpc.aio.AioRpcError) as outside:
        await _stub(channel_as, city.head).GetEnrollment(pb.GetEnrollmentRequest(name=made.name))
    assert outside.value.code() is grpc.StatusCode.PERMISSION_DENIED

    unit = _stub(channel_as, UNIT_ADMIN)
    listed = await unit.ListEnrollments(
        pb.ListEnrollmentsRequest(parent=f"units/{UNIT}", state=pb.ENROLLMENT_STATE_SUBMITTED)
    )
    assert [e.name for e in listed.enrollments] == [made.name]
    accepted = (await unit.AcceptEnrollment(pb.AcceptEnrollmentRequest(name=made.name))).enrollment
    assert (accepted.state, accepted.decided_by) == (
        pb.ENROLLMENT_STATE_ACCEPTED,
        f"users/{UNIT_ADMIN}",
    )
    with pytest.raises(grpc.aio.AioRpcError) as again:
        await unit.RejectEnrollment(pb.RejectEnrollmentRequest(name=made.name, reason="重复"))
    assert again.value.code() is grpc.StatusCode.FAILED_PRECONDITION
    assert error_info(again.value).metadata["state"] == "accepted"

    withdrawn = (
        await applicant.WithdrawEnrollment(
            pb.WithdrawEnrollmentRequest(name=made.name, reason="调任外地")
        )
    ).enrollment
    assert (withdrawn.state, withdrawn.decision_reason) == (
        pb.ENROLLMENT_STATE_WITHDRAWN,
        "调任外地",
    )
    # Withdrawn, they may enroll again.
    await applicant.CreateEnrollment(pb.CreateEnrollmentRequest(enrollment=_enrollment(city)))


async def test_every_bad_field_is_named_and_nothing_is_written(
    city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    applicant = _stub(channel_as, city.stranger)
    cases: list[tuple[pb.Enrollment, list[str]]] = [
        (
            _enrollment(city, category=0, unit="unit-without-prefix", residence=""),
            ["enrollment.category", "enrollment.unit", "enrollment.residence"],
        ),
        (
            _enrollment(
                city,
                unit="units/no-such-unit",
                residence="grids/320102098098098",
                workplace=f"scopeNodes/{city.community[:9]}",
            ),
            ["enrollment.unit", "enrollment.residence", "enrollment.workplace"],
        ),
        (
            _enrollment(
                city,
                grid_capacity=9,
                preferred_grids=[f"grids/{city.grid}"] * 2,
                availability_note="长" * 501,
            ),
            [
                "enrollment.preferred_grids",
                "enrollment.grid_capacity",
                "enrollment.availability_note",
            ],
        ),
    ]
    for given, fields in cases:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await applicant.CreateEnrollment(pb.CreateEnrollmentRequest(enrollment=given))
        assert refused.value.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert field_violations(refused.value) == fields
    made = (
        await applicant.CreateEnrollment(pb.CreateEnrollmentRequest(enrollment=_enrollment(city)))
    ).enrollment
    with pytest.raises(grpc.aio.AioRpcError) as reasonless:
        await _stub(channel_as, UNIT_ADMIN).RejectEnrollment(
            pb.RejectEnrollmentRequest(name=made.name, reason=" ")
        )
    assert field_violations(reasonless.value) == ["reason"]
    assert _count(migrated_engine) == 1


def _queue(amqp_url: str) -> tuple[pika.BlockingConnection, str]:
    connection = pika.BlockingConnection(connection_parameters(amqp_url))
    channel = connection.channel()
    queue = channel.queue_declare("", exclusive=True, auto_delete=True).method.queue
    channel.queue_bind(queue, topology.EVENTS.name, "officer.#")
    return connection, queue


async def test_the_host_hears_of_each_acceptance_and_withdrawal_once(
    city: City, amqp_url: str, broker_server: tuple[RunningServer, Settings]
) -> None:
    server, settings = broker_server
    consumer, queue = _queue(amqp_url)

    def auth(user: str) -> Any:
        return (("authorization", f"Bearer {issue_token(settings, user)}"),)

    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
        stub = enrollment_service_pb2_grpc.EnrollmentServiceStub(channel)  # type: ignore[no-untyped-call]
        names = []
        for user in (city.stranger, city.neighbour):
            made = await stub.CreateEnrollment(
                pb.CreateEnrollmentRequest(enrollment=_enrollment(city)), metadata=auth(user)
            )
            names.append(made.enrollment.name)
        accept = pb.AcceptEnrollmentRequest(name=names[0], request_id="accept-once")
        await stub.AcceptEnrollment(accept, metadata=auth(UNIT_ADMIN))
        await stub.AcceptEnrollment(accept, metadata=auth(UNIT_ADMIN))  # a retry
        await stub.WithdrawEnrollment(
            pb.WithdrawEnrollmentRequest(name=names[0], reason="调任"), metadata=auth(city.stranger)
        )
        # Rejecting or withdrawing one never accepted tells the host nothing.
        await stub.RejectEnrollment(
            pb.RejectEnrollmentRequest(name=names[1], reason="名额已满"), metadata=auth(UNIT_ADMIN)
        )
    received = await asyncio.to_thread(drain, consumer, queue, 2)
    consumer.close()
    decoded = [messages.DomainEvent.model_validate_json(body) for _, body in received]
    assert [(e.event_type, e.subject) for e in decoded] == [
        ("officer.enrolled", names[0]),
        ("officer.withdrawn", names[0]),
    ]
    data = [events.EnrollmentEventData.model_validate(e.data) for e in decoded]
    assert [d.state for d in data] == ["accepted", "withdrawn"]
    assert data[0].applicant == city.stranger
    assert data[0].grid_capacity == 2


def _csv(rows: list[list[str]]) -> bytes:
    lines = [",".join(row) for row in [HEADER, *rows]]
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


HEADER = ["applicant", "category", "party_member", "residence", "preferred_grids"]


def _xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *rows]:
        sheet.append([int(cell) if cell.isdigit() and len(cell) > 10 else cell for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_a_units_list_is_checked_row_by_row_and_imported_whole_or_not_at_all(
    city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    unit = _stub(channel_as, UNIT_ADMIN)
    good = [
        [city.stranger, "法官", "是", city.grid, city.grid],
        [city.neighbour, "judge", "否", city.community, ""],
    ]
    bad = [*good, ["nobody-here", "警察", "是", "320102098098098", ""]]
    dry = await unit.ImportEnrollments(
        pb.ImportEnrollmentsRequest(
            parent=f"units/{UNIT}",
            content=_csv(bad),
            format=pb.IMPORT_FORMAT_CSV,
            validate_only=True,
        )
    )
    assert dry.rows == 3
    assert [(e.row, e.column) for e in dry.row_errors] == [
        (4, "applicant"),
        (4, "category"),
        (4, "residence"),
    ]
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await unit.ImportEnrollments(
            pb.ImportEnrollmentsRequest(
                parent=f"units/{UNIT}", content=_csv(bad), format=pb.IMPORT_FORMAT_CSV
            )
        )
    assert refused.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(refused.value) == [
        "content.rows[4].applicant",
        "content.rows[4].category",
        "content.rows[4].residence",
    ]
    assert _count(migrated_engine) == 0

    done = await unit.ImportEnrollments(
        pb.ImportEnrollmentsRequest(
            parent=f"units/{UNIT}", content=_xlsx(good), format=pb.IMPORT_FORMAT_XLSX
        )
    )
    assert (done.rows, done.enrollments_created, list(done.row_errors)) == (2, 2, [])
    listed = await unit.ListEnrollments(pb.ListEnrollmentsRequest(parent=f"units/{UNIT}"))
    assert {(e.applicant, e.state, e.source) for e in listed.enrollments} == {
        (f"users/{city.stranger}", pb.ENROLLMENT_STATE_ACCEPTED, pb.ENROLLMENT_SOURCE_IMPORT),
        (f"users/{city.neighbour}", pb.ENROLLMENT_STATE_ACCEPTED, pb.ENROLLMENT_SOURCE_IMPORT),
    }
    # Imported again: each person already has an open enrollment, so nothing lands.
    again = await unit.ImportEnrollments(
        pb.ImportEnrollmentsRequest(
            parent=f"units/{UNIT}",
            content=_csv(good),
            format=pb.IMPORT_FORMAT_CSV,
            validate_only=True,
        )
    )
    assert [e.column for e in again.row_errors] == ["applicant", "applicant"]
    # Another unit's admin, or a district admin, may not import into this unit.
    with pytest.raises(grpc.aio.AioRpcError) as other:
        await _stub(channel_as, city.district_admin).ImportEnrollments(
            pb.ImportEnrollmentsRequest(
                parent=f"units/{UNIT}", content=_csv(good), format=pb.IMPORT_FORMAT_CSV
            )
        )
    assert other.value.code() is grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as garbage:
        await unit.ImportEnrollments(
            pb.ImportEnrollmentsRequest(
                parent=f"units/{UNIT}", content=b"not a workbook", format=pb.IMPORT_FORMAT_XLSX
            )
        )
    assert field_violations(garbage.value) == ["content"]


async def test_an_accepted_enrollment_gives_the_proposal_engine_capacity_and_preferences(
    city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    from service.proposals.store import inputs

    applicant = _stub(channel_as, city.officer)
    made = (
        await applicant.CreateEnrollment(pb.CreateEnrollmentRequest(enrollment=_enrollment(city)))
    ).enrollment
    with migrated_engine.connect() as connection:
        before = {o.id: o for o in inputs(connection, city.community[:9])[0]}
    assert (before[city.officer].stated, before[city.officer].capacity) == (False, 1)
    await _stub(channel_as, UNIT_ADMIN).AcceptEnrollment(pb.AcceptEnrollmentRequest(name=made.name))
    with migrated_engine.connect() as connection:
        after = {o.id: o for o in inputs(connection, city.community[:9])[0]}
    officer = after[city.officer]
    assert (officer.stated, officer.capacity, officer.preferred) == (
        True,
        2,
        frozenset({city.grid}),
    )
