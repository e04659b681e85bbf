"""Half-year reports over the API (AIP-151) on SQLite and PostgreSQL: asked
for, made in the background and polled as an operation, the files streamed
by name; read only within reach; a report whose replica stopped is failed
once by the scheduler, so that a poll always ends."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from google.longrunning import operations_pb2, operations_pb2_grpc
from google.rpc import code_pb2
from officer.v1 import report_service_pb2, report_service_pb2_grpc
from sqlalchemy.engine import Engine

from service.compliance.figures import Parent
from service.platform.transactions import SqlTransactions
from service.reports import use_cases
from service.reports.rules import LEASE, LOST_ERROR, HalfYear
from tests.activity_load import load_reports
from tests.integration.activity_city import City, OpenAs, small_city
from tests.integration.sweeps import two_replicas
from tests.registry_events import apply_directly, unit_admin
from tests.rpc_errors import field_violations

pb = report_service_pb2


@pytest.fixture
def city(small_city_engine: Engine) -> City:
    found = small_city(small_city_engine)
    load_reports(small_city_engine, 800, end=datetime(2026, 12, 31, tzinfo=UTC), days=180)
    return found


def _reports(channel_as: OpenAs, user: str) -> Any:
    return report_service_pb2_grpc.ReportServiceStub(channel_as(user))  # type: ignore[no-untyped-call]


def _operations(channel_as: OpenAs, user: str) -> Any:
    return operations_pb2_grpc.OperationsStub(channel_as(user))


async def _until_done(channel_as: OpenAs, user: str, name: str) -> operations_pb2.Operation:
    # A bound on polls, not on time: the report is made in the background.
    for _ in range(1200):
        found: operations_pb2.Operation = await _operations(channel_as, user).GetOperation(
            operations_pb2.GetOperationRequest(name=name)
        )
        if found.done:
            return found
        await asyncio.sleep(0.1)
    raise AssertionError(f"{name} never ended")


async def _read(channel_as: OpenAs, user: str, name: str) -> tuple[Any, bytes]:
    chunks = [
        chunk
        async for chunk in _reports(channel_as, user).ReadReportFile(
            pb.ReadReportFileRequest(name=name)
        )
    ]
    return chunks[0].file, b"".join(chunk.data for chunk in chunks)


async def test_a_report_is_asked_for_polled_and_its_files_read_within_reach(
    city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    admin = city.district_admin
    district = f"scopeNodes/{city.community[:6]}"
    started = await _reports(channel_as, admin).CreateHalfYearReport(
        pb.CreateHalfYearReportRequest(parent=district, half_year="2026-H2")
    )
    assert started.name.startswith("operations/")
    metadata = pb.HalfYearReportMetadata()
    assert started.metadata.Unpack(metadata)
    done = await _until_done(channel_as, admin, started.name)
    assert done.WhichOneof("result") == "response"
    report = pb.HalfYearReport()
    assert done.response.Unpack(report)
    assert report.name == metadata.report
    assert (report.state, report.parent, report.half_year) == (
        pb.REPORT_STATE_SUCCEEDED,
        district,
        "2026-H2",
    )
    assert report.title.endswith("2026年下半年政法网格员工作情况报告")
    assert [f.name.rsplit("/", 1)[-1] for f in report.files] == ["html", "pdf", "xlsx"]

    pdf = next(f for f in report.files if f.name.endswith("/pdf"))
    described, content = await _read(channel_as, admin, pdf.name)
    assert (described.media_type, described.size_bytes) == ("application/pdf", len(content))
    assert content.startswith(b"%PDF-")
    assert len(content) == pdf.size_bytes

    # Whoever may make it reads it; nobody else, and they learn nothing of it.
    city_admin = await _reports(channel_as, "admin-city").GetHalfYearReport(
        pb.GetHalfYearReportRequest(name=report.name)
    )
    assert city_admin.half_year_report == report
    apply_directly(
        migrated_engine, [unit_admin("unit-admin-reports", "320102-judge")], batch_size=1
    )
    other = next(d for d in ("320102", "320111", "320116") if d != city.community[:6])
    for user in (city.head, "unit-admin-reports", f"admin-{other}"):
        for call in (
            _reports(channel_as, user).GetHalfYearReport(
                pb.GetHalfYearReportRequest(name=report.name)
            ),
            _operations(channel_as, user).GetOperation(
                operations_pb2.GetOperationRequest(name=started.name)
            ),
        ):
            with pytest.raises(grpc.aio.AioRpcError) as denied:
                await call
            assert denied.value.code() is grpc.StatusCode.PERMISSION_DENIED, user

    # A unit admin asks for their unit's.
    mine = await _reports(channel_as, "unit-admin-reports").CreateHalfYearReport(
        pb.CreateHalfYearReportRequest(parent="units/320102-judge", half_year="2026H1")
    )
    finished = await _until_done(channel_as, "unit-admin-reports", mine.name)
    unit_report = pb.HalfYearReport()
    assert finished.response.Unpack(unit_report)
    assert unit_report.state == pb.REPORT_STATE_SUCCEEDED


async def test_bad_requests_name_their_field(city: City, channel_as: OpenAs) -> None:
    stub = _reports(channel_as, "admin-city")
    for request, field in (
        (
            pb.CreateHalfYearReportRequest(parent="scopeNodes/320102001", half_year="2026-H2"),
            "parent",
        ),
        (
            pb.CreateHalfYearReportRequest(parent="grids/320102001001001", half_year="2026-H2"),
            "parent",
        ),
        (
            pb.CreateHalfYearReportRequest(parent="scopeNodes/320102", half_year="2026-H3"),
            "half_year",
        ),
        (pb.CreateHalfYearReportRequest(parent="scopeNodes/320102", half_year=""), "half_year"),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as bad:
            await stub.CreateHalfYearReport(request)
        assert field_violations(bad.value) == [field]
    for name in ("halfYearReports/x", "reports/01J0000000000000000000000A"):
        with pytest.raises(grpc.aio.AioRpcError) as bad:
            await stub.GetHalfYearReport(pb.GetHalfYearReportRequest(name=name))
        assert field_violations(bad.value) == ["name"]
    with pytest.raises(grpc.aio.AioRpcError) as bad:
        await _read(
            channel_as, "admin-city", "halfYearReports/01J0000000000000000000000A/files/doc"
        )
    assert field_violations(bad.value) == ["name"]
    with pytest.raises(grpc.aio.AioRpcError) as missing:
        await stub.GetHalfYearReport(
            pb.GetHalfYearReportRequest(name="halfYearReports/01J0000000000000000000000A")
        )
    assert missing.value.code() is grpc.StatusCode.PERMISSION_DENIED


async def test_a_report_whose_replica_stopped_fails_once_and_the_poll_ends(
    city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    asked = datetime.now(UTC)
    # Asked for on a replica that stopped before making it: no builder runs.
    report = SqlTransactions(migrated_engine).run_now(
        lambda uow: use_cases.start(
            uow,
            caller=uow.callers.load("admin-city"),
            parent=Parent(node="320100"),
            half=HalfYear(2026, 2),
            now=asked,
        )
    )
    name = f"operations/{report.report_id}"
    running = await _operations(channel_as, "admin-city").GetOperation(
        operations_pb2.GetOperationRequest(name=name)
    )
    assert running.done is False
    assert two_replicas(migrated_engine, asked + timedelta(minutes=5)) == []
    made = two_replicas(migrated_engine, asked + LEASE + timedelta(seconds=1))
    assert [m.step.subject for m in made] == [f"halfYearReports/{report.report_id}"]
    failed = await _operations(channel_as, "admin-city").GetOperation(
        operations_pb2.GetOperationRequest(name=name)
    )
    assert failed.done is True
    assert (failed.error.code, failed.error.message) == (code_pb2.UNAVAILABLE, LOST_ERROR)
    with pytest.raises(grpc.aio.AioRpcError) as no_file:
        await _read(channel_as, "admin-city", f"halfYearReports/{report.report_id}/files/pdf")
    assert no_file.value.code() is grpc.StatusCode.FAILED_PRECONDITION
