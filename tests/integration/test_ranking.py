"""The annual ranking (七.4) on SQLite and PostgreSQL: every kind of record
earns its published points, an officer's score equals the sum of the
records behind it, ties share a rank, and the ranking is read within reach."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from officer.v1 import (
    assignment_service_pb2,
    assignment_service_pb2_grpc,
    department_service_pb2,
    department_service_pb2_grpc,
    report_service_pb2,
    report_service_pb2_grpc,
    suggestion_service_pb2,
    suggestion_service_pb2_grpc,
    task_service_pb2,
    task_service_pb2_grpc,
)
from sqlalchemy.engine import Engine

from tests.activity_load import load_reports
from tests.integration.activity_city import City, OpenAs, small_city
from tests.rpc_errors import field_violations

pb = report_service_pb2
spb = suggestion_service_pb2


@pytest.fixture
def city(small_city_engine: Engine) -> City:
    found = small_city(small_city_engine)
    load_reports(
        small_city_engine, 2000, end=datetime(2026, 12, 31, 16, tzinfo=UTC), days=365, uneven=True
    )
    return found


def _stub(channel_as: OpenAs, user: str, factory: Any) -> Any:
    return factory(channel_as(user))


async def _earn_the_other_kinds(channel_as: OpenAs, city: City) -> None:
    """A key task completed on time, a suggestion closed and rated satisfied,
    and a check-in within its ten days, all by the officer, all this year."""
    tasks = _stub(channel_as, city.district_admin, task_service_pb2_grpc.TaskServiceStub)
    task = task_service_pb2.Task(
        title="重点人员走访",
        kind=task_service_pb2.TASK_KIND_RISK_SCREENING,
        priority=task_service_pb2.TASK_PRIORITY_P3,
        assignee=f"officers/{city.officer}",
    )
    task.due_time.FromDatetime(datetime.now(UTC) + timedelta(days=3))
    made = await tasks.CreateTask(task_service_pb2.CreateTaskRequest(task=task))
    mine = _stub(channel_as, city.officer, task_service_pb2_grpc.TaskServiceStub)
    await mine.AcknowledgeTask(task_service_pb2.AcknowledgeTaskRequest(name=made.task.name))
    await mine.CompleteTask(
        task_service_pb2.CompleteTaskRequest(name=made.task.name, completion_note="已完成")
    )

    departments = _stub(
        channel_as, city.district_admin, department_service_pb2_grpc.DepartmentServiceStub
    )
    district = f"scopeNodes/{city.community[:6]}"
    await departments.CreateDepartment(
        department_service_pb2.CreateDepartmentRequest(
            department_id="district-justice",
            department=department_service_pb2.Department(
                display_name="区司法局", scope_node=district, handlers=[f"users/{city.stranger}"]
            ),
        )
    )
    await departments.CreateRoutingRule(
        department_service_pb2.CreateRoutingRuleRequest(
            routing_rule=department_service_pb2.RoutingRule(
                category=spb.SUGGESTION_CATEGORY_LEGAL,
                scope_node=district,
                department="departments/district-justice",
            )
        )
    )
    officer = _stub(channel_as, city.officer, suggestion_service_pb2_grpc.SuggestionServiceStub)
    submitted = await officer.CreateSuggestion(
        spb.CreateSuggestionRequest(
            suggestion=spb.Suggestion(
                category=spb.SUGGESTION_CATEGORY_LEGAL,
                grid=f"grids/{city.grid}",
                title="建议设立法律援助工作站",
                body="老年人法律咨询需求大。",
            )
        )
    )
    name = submitted.suggestion.name
    handler = _stub(channel_as, city.stranger, suggestion_service_pb2_grpc.SuggestionServiceStub)
    await handler.SignSuggestion(spb.SignSuggestionRequest(name=name, note="已接收"))
    await handler.AnswerSuggestion(spb.AnswerSuggestionRequest(name=name, answer="已安排坐班。"))
    await handler.CloseSuggestion(spb.CloseSuggestionRequest(name=name))
    await officer.RateSuggestion(
        spb.RateSuggestionRequest(name=name, satisfaction=spb.SATISFACTION_SATISFIED)
    )

    assignments = _stub(channel_as, city.officer, assignment_service_pb2_grpc.AssignmentServiceStub)
    await assignments.CheckInAssignment(
        assignment_service_pb2.CheckInAssignmentRequest(
            name=f"officers/{city.officer}/assignments/{city.grid}"
        )
    )


async def _ranking(stub: Any, parent: str) -> tuple[Any, list[Any]]:
    entries, token, first = [], "", None
    while True:
        page = await stub.GetAnnualRanking(
            pb.GetAnnualRankingRequest(parent=parent, year=2026, page_size=7, page_token=token)
        )
        first = first or page
        entries.extend(page.entries)
        token = page.next_page_token
        if not token:
            return first, entries


async def _records(stub: Any, parent: str, officer: str) -> tuple[int, list[Any]]:
    records, token, score = [], "", 0
    while True:
        page = await stub.ListRankingRecords(
            pb.ListRankingRecordsRequest(
                parent=parent, year=2026, officer=officer, page_size=5, page_token=token
            )
        )
        records.extend(page.records)
        score = page.score
        token = page.next_page_token
        if not token:
            return score, records


async def test_scores_add_up_from_their_records_and_ties_share_a_rank(
    city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    await _earn_the_other_kinds(channel_as, city)
    stub = _stub(channel_as, city.district_admin, report_service_pb2_grpc.ReportServiceStub)
    parent = f"scopeNodes/{city.community[:6]}"
    first, entries = await _ranking(stub, parent)
    assert (first.weights.activity, first.weights.kind, first.weights.task_on_time) == (1, 3, 5)
    assert "仅作推荐" in first.note
    assert len(entries) == first.officer_count > 0
    assert len({e.officer for e in entries}) == len(entries)

    # Best first; equal merit shares the rank, and the next rank skips.
    merits = [(e.score, e.months_met, e.activity_count) for e in entries]
    assert merits == sorted(merits, reverse=True)
    for position, (before, entry) in enumerate(itertools.pairwise(entries), start=2):
        same = (before.score, before.months_met, before.activity_count) == (
            entry.score,
            entry.months_met,
            entry.activity_count,
        )
        assert entry.rank == (before.rank if same else position)

    mine = next(e for e in entries if e.officer == f"officers/{city.officer}")
    parts = {c.earned: (c.count, c.points) for c in mine.components}
    assert parts[pb.RANKING_EARNED_TASK_ON_TIME] == (1, 5)
    assert parts[pb.RANKING_EARNED_SUGGESTION_SATISFIED] == (1, 5)
    assert parts[pb.RANKING_EARNED_CHECK_IN_ON_TIME] == (1, 2)
    with migrated_engine.connect() as connection:
        # The officer's own standing activities of 2026, local time, and those beside another.
        own = connection.execute(
            sa.text(
                "SELECT count(*) FROM activity WHERE delete_time IS NULL AND officer = :o "
                "AND start_time >= :start AND start_time < :end"
            ),
            {
                "o": city.officer,
                "start": datetime(2025, 12, 31, 16, tzinfo=UTC),
                "end": datetime(2026, 12, 31, 16, tzinfo=UTC),
            },
        ).scalar_one()
    assert parts[pb.RANKING_EARNED_ACTIVITY][0] == mine.activity_count == own

    # The score is the sum of the drill-down, for every officer looked at.
    for entry in [mine, *entries[:3], entries[-1]]:
        score, records = await _records(stub, parent, entry.officer)
        assert score == entry.score == sum(r.points for r in records)
        assert len(records) == sum(c.count for c in entry.components)
    _, records = await _records(stub, parent, f"officers/{city.officer}")
    assert {r.record.split("/")[0] for r in records} >= {"activities", "tasks", "suggestions"}


async def test_the_ranking_is_read_within_reach(city: City, channel_as: OpenAs) -> None:
    district = f"scopeNodes/{city.community[:6]}"
    for user, parent in ((city.head, district), (city.district_admin, "scopeNodes/320100")):
        stub = _stub(channel_as, user, report_service_pb2_grpc.ReportServiceStub)
        with pytest.raises(grpc.aio.AioRpcError) as denied:
            await stub.GetAnnualRanking(pb.GetAnnualRankingRequest(parent=parent, year=2026))
        assert denied.value.code() is grpc.StatusCode.PERMISSION_DENIED
    admin = _stub(channel_as, "admin-city", report_service_pb2_grpc.ReportServiceStub)
    for request, field in (
        (pb.GetAnnualRankingRequest(parent=f"scopeNodes/{city.community}", year=2026), "parent"),
        (pb.GetAnnualRankingRequest(parent=district, year=0), "year"),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as bad:
            await admin.GetAnnualRanking(request)
        assert field_violations(bad.value) == [field]
    with pytest.raises(grpc.aio.AioRpcError) as stranger:
        await admin.ListRankingRecords(
            pb.ListRankingRecordsRequest(parent=district, year=2026, officer="officers/nobody")
        )
    assert stranger.value.code() is grpc.StatusCode.PERMISSION_DENIED
