"""Suggestions as work orders through the gRPC API on both databases, with
an injected clock: the routing table and its most specific entry, the whole
loop (签收 → 回复 → 办结 → 回访), a return that does not stop the clock,
deadlines over a make-up working day, 重办 once, a category change that
re-routes, every refusal changing nothing, and the pushes each step makes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from google.protobuf import field_mask_pb2
from officer.v1 import (
    common_pb2,
    department_service_pb2,
    department_service_pb2_grpc,
    inbox_service_pb2,
    inbox_service_pb2_grpc,
    suggestion_service_pb2,
    suggestion_service_pb2_grpc,
)
from sqlalchemy.engine import Engine

from tests.integration.activity_city import SHANGHAI, City, OpenAs, small_city
from tests.integration.sweeps import two_replicas
from tests.movable_clock import MovableClock
from tests.rpc_errors import error_info, field_violations, refused

pb = suggestion_service_pb2
dpb = department_service_pb2
JUSTICE = "departments/district-justice"
POLICE = "departments/district-police"


@pytest.fixture
def city(small_city_engine: Engine) -> City:
    return small_city(small_city_engine)


def _suggestions(channel: grpc.aio.Channel) -> Any:
    return suggestion_service_pb2_grpc.SuggestionServiceStub(channel)  # type: ignore[no-untyped-call]


def _departments(channel: grpc.aio.Channel) -> Any:
    return department_service_pb2_grpc.DepartmentServiceStub(channel)  # type: ignore[no-untyped-call]


async def _department(
    channel_as: OpenAs, city: City, department_id: str, handler: str, name: str
) -> dpb.Department:
    response = await _departments(channel_as(city.district_admin)).CreateDepartment(
        dpb.CreateDepartmentRequest(
            department_id=department_id,
            department=dpb.Department(
                display_name=name,
                scope_node=f"scopeNodes/{city.community[:6]}",
                handlers=[f"users/{handler}"],
            ),
        )
    )
    made: dpb.Department = response.department
    return made


async def _rule(
    channel_as: OpenAs, city: City, node: str, department: str, category: Any = None
) -> dpb.RoutingRule:
    response = await _departments(channel_as(city.district_admin)).CreateRoutingRule(
        dpb.CreateRoutingRuleRequest(
            routing_rule=dpb.RoutingRule(category=category, scope_node=node, department=department)
        )
    )
    made: dpb.RoutingRule = response.routing_rule
    return made


@pytest.fixture
async def routed(city: City, channel_as: OpenAs) -> City:
    """Two district departments (justice: the stranger handles; police: the
    neighbour), and legal and public-safety suggestions routed to them."""
    district = f"scopeNodes/{city.community[:6]}"
    await _department(channel_as, city, "district-justice", city.stranger, "区司法局")
    await _department(channel_as, city, "district-police", city.neighbour, "区公安分局")
    await _rule(channel_as, city, district, JUSTICE, pb.SUGGESTION_CATEGORY_LEGAL)
    await _rule(channel_as, city, district, POLICE, pb.SUGGESTION_CATEGORY_PUBLIC_SAFETY)
    return city


def _suggestion(city: City, category: Any = pb.SUGGESTION_CATEGORY_LEGAL, **fields: Any) -> Any:
    given = {
        "grid": f"grids/{city.grid}",
        "title": "建议在社区设立法律援助工作站",
        "body": "辖区老年人多，法律咨询需求大，建议每周固定时间坐班。",
        **fields,
    }
    return pb.Suggestion(category=category, **given)


async def _submit(channel_as: OpenAs, city: City, **fields: Any) -> pb.Suggestion:
    response = await _suggestions(channel_as(city.officer)).CreateSuggestion(
        pb.CreateSuggestionRequest(suggestion=_suggestion(city, **fields))
    )
    made: pb.Suggestion = response.suggestion
    return made


def _pushes(engine: Engine, user: str, kind: str) -> list[str]:
    """The subjects of ``user``'s inbox items of ``kind``, oldest first."""
    with engine.connect() as connection:
        return list(
            connection.execute(
                sa.text(
                    "SELECT subject FROM inbox_item WHERE user_id = :user AND kind = :kind "
                    "ORDER BY seq"
                ),
                {"user": user, "kind": kind},
            ).scalars()
        )


def _at(clock: MovableClock, moment: datetime) -> None:
    clock.offset = moment - datetime.now(UTC)


def _local(stamp: Any) -> datetime:
    moment: datetime = stamp.ToDatetime(tzinfo=UTC)
    return moment.astimezone(SHANGHAI)


async def test_the_whole_loop_with_deadlines_over_a_make_up_working_day(
    routed: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine
) -> None:
    city = routed
    # Friday 9 October 2026, 15:00: Saturday the 10th is a make-up working day
    # (调休) after National Day, Sunday the 11th is not.
    _at(clock, datetime(2026, 10, 9, 15, 0, tzinfo=SHANGHAI))
    made = await _submit(channel_as, city)
    assert (made.state, made.department) == (pb.SUGGESTION_STATE_DISPATCHED, JUSTICE)
    assert _local(made.sign_due_time) == datetime(2026, 10, 11, 0, 0, tzinfo=SHANGHAI)
    # Five working days: the 10th, 12th, 13th, 14th and 15th.
    assert _local(made.close_due_time) == datetime(2026, 10, 16, 0, 0, tzinfo=SHANGHAI)

    # The handler's terminal shows it as a suggestion to sign for.
    inbox = inbox_service_pb2_grpc.InboxServiceStub(channel_as(city.stranger))  # type: ignore[no-untyped-call]
    listed = await inbox.ListInboxItems(
        inbox_service_pb2.ListInboxItemsRequest(parent=f"users/{city.stranger}")
    )
    assert [(i.kind, i.subject) for i in listed.inbox_items] == [
        (inbox_service_pb2.INBOX_ITEM_KIND_SUGGESTION_DISPATCHED, made.name)
    ]

    handler = _suggestions(channel_as(city.stranger))
    await handler.SignSuggestion(pb.SignSuggestionRequest(name=made.name, note="已接收"))
    await handler.AnswerSuggestion(
        pb.AnswerSuggestionRequest(name=made.name, answer="已协调律师事务所每周三坐班。")
    )
    await handler.CloseSuggestion(pb.CloseSuggestionRequest(name=made.name))
    rated = (
        await _suggestions(channel_as(city.officer)).RateSuggestion(
            pb.RateSuggestionRequest(
                name=made.name, satisfaction=pb.SATISFACTION_SATISFIED, comment="很好"
            )
        )
    ).suggestion
    assert rated.state == pb.SUGGESTION_STATE_RATED
    assert rated.satisfaction == pb.SATISFACTION_SATISFIED
    assert rated.answer == "已协调律师事务所每周三坐班。"
    assert [(s.action, s.actor) for s in rated.history] == [
        (pb.SUGGESTION_ACTION_SUBMIT, f"users/{city.officer}"),
        (pb.SUGGESTION_ACTION_ROUTE, ""),
        (pb.SUGGESTION_ACTION_SIGN, f"users/{city.stranger}"),
        (pb.SUGGESTION_ACTION_ANSWER, f"users/{city.stranger}"),
        (pb.SUGGESTION_ACTION_CLOSE, f"users/{city.stranger}"),
        (pb.SUGGESTION_ACTION_RATE, f"users/{city.officer}"),
    ]
    assert [s.state for s in rated.history][-2:] == [
        pb.SUGGESTION_STATE_CLOSED,
        pb.SUGGESTION_STATE_RATED,
    ]
    # The submitter heard of each step but their own; the department of its new work.
    assert _pushes(migrated_engine, city.officer, "suggestion_reply") == [made.name] * 4
    assert _pushes(migrated_engine, city.stranger, "suggestion_dispatched") == [made.name]


async def test_an_urgent_suggestion_is_signed_for_within_working_hours(
    routed: City, channel_as: OpenAs, clock: MovableClock
) -> None:
    # Friday 20 November 2026, 16:30: an hour of office time today, one on Monday.
    _at(clock, datetime(2026, 11, 20, 16, 30, tzinfo=SHANGHAI))
    made = await _submit(channel_as, routed, urgency=pb.SUGGESTION_URGENCY_URGENT)
    due = _local(made.sign_due_time)
    assert (due.date(), due.hour, due.minute) == (datetime(2026, 11, 23).date(), 10, 0)
    assert _local(made.close_due_time) == datetime(2026, 11, 24, 0, 0, tzinfo=SHANGHAI)


async def test_steps_out_of_order_or_by_the_wrong_person_are_refused_and_change_nothing(
    routed: City, channel_as: OpenAs
) -> None:
    city = routed
    made = await _submit(channel_as, city)
    handler = _suggestions(channel_as(city.stranger))
    error = await refused(
        handler.AnswerSuggestion(pb.AnswerSuggestionRequest(name=made.name, answer="答"))
    )
    assert error.code() is grpc.StatusCode.FAILED_PRECONDITION
    assert error_info(error).reason == "SUGGESTION_STATE"
    assert error_info(error).metadata["state"] == "dispatched"
    error = await refused(handler.CloseSuggestion(pb.CloseSuggestionRequest(name=made.name)))
    assert error.code() is grpc.StatusCode.FAILED_PRECONDITION
    # The other department's handler, and the submitter, do not sign for it.
    for outsider in (city.neighbour, city.officer):
        error = await refused(
            _suggestions(channel_as(outsider)).SignSuggestion(
                pb.SignSuggestionRequest(name=made.name)
            )
        )
        assert error.code() is grpc.StatusCode.PERMISSION_DENIED
    error = await refused(
        handler.RateSuggestion(
            pb.RateSuggestionRequest(name=made.name, satisfaction=pb.SATISFACTION_SATISFIED)
        )
    )
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED
    for call, field in (
        (handler.ReturnSuggestion(pb.ReturnSuggestionRequest(name=made.name)), "reason"),
        (handler.AnswerSuggestion(pb.AnswerSuggestionRequest(name=made.name)), "answer"),
        (handler.SignSuggestion(pb.SignSuggestionRequest(name="suggestions/x")), "name"),
        (
            _suggestions(channel_as(city.officer)).RateSuggestion(
                pb.RateSuggestionRequest(name=made.name)
            ),
            "satisfaction",
        ),
    ):
        error = await refused(call)
        assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert field_violations(error) == [field]
    got = await _suggestions(channel_as(city.officer)).GetSuggestion(
        pb.GetSuggestionRequest(name=made.name)
    )
    assert len(got.suggestion.history) == 2
    assert got.suggestion.state == pb.SUGGESTION_STATE_DISPATCHED


async def test_a_return_goes_to_the_reviewers_and_the_clock_keeps_running(
    routed: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine
) -> None:
    city = routed
    made = await _submit(channel_as, city)
    returned = (
        await _suggestions(channel_as(city.stranger)).ReturnSuggestion(
            pb.ReturnSuggestionRequest(name=made.name, reason="属公安职责")
        )
    ).suggestion
    assert (returned.state, returned.department, returned.return_count) == (
        pb.SUGGESTION_STATE_RETURNED,
        "",
        1,
    )
    assert _pushes(migrated_engine, city.head, "suggestion_unrouted") == [made.name]
    # The officer is no reviewer; the community head is.
    error = await refused(
        _suggestions(channel_as(city.officer)).RouteSuggestion(
            pb.RouteSuggestionRequest(name=made.name, department=POLICE)
        )
    )
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED
    clock.advance(timedelta(days=3))
    rerouted = (
        await _suggestions(channel_as(city.head)).RouteSuggestion(
            pb.RouteSuggestionRequest(name=made.name, department=POLICE, note="改由公安办理")
        )
    ).suggestion
    assert (rerouted.state, rerouted.department) == (pb.SUGGESTION_STATE_DISPATCHED, POLICE)
    # Three days on, the deadlines are those set at the first dispatch.
    assert rerouted.dispatch_time == made.dispatch_time
    assert rerouted.sign_due_time == made.sign_due_time
    assert rerouted.close_due_time == made.close_due_time
    assert _pushes(migrated_engine, city.neighbour, "suggestion_dispatched") == [made.name]
    error = await refused(
        _suggestions(channel_as(city.head)).RouteSuggestion(
            pb.RouteSuggestionRequest(name=made.name, department=JUSTICE)
        )
    )
    assert error.code() is grpc.StatusCode.FAILED_PRECONDITION


async def test_without_a_matching_entry_a_suggestion_waits_for_a_reviewer(
    routed: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    city = routed
    made = await _submit(channel_as, city, category=pb.SUGGESTION_CATEGORY_EPIDEMIC)
    assert (made.state, made.department) == (pb.SUGGESTION_STATE_SUBMITTED, "")
    assert not made.HasField("dispatch_time")
    assert _pushes(migrated_engine, city.head, "suggestion_unrouted") == [made.name]
    error = await refused(
        _suggestions(channel_as(city.head)).RouteSuggestion(
            pb.RouteSuggestionRequest(name=made.name, department="departments/nowhere")
        )
    )
    assert field_violations(error) == ["department"]
    routed_by_hand = (
        await _suggestions(channel_as(city.head)).RouteSuggestion(
            pb.RouteSuggestionRequest(name=made.name, department=POLICE)
        )
    ).suggestion
    assert routed_by_hand.HasField("dispatch_time")


async def test_the_most_specific_entry_of_the_routing_table_wins(
    routed: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    city = routed
    await _department(channel_as, city, "community-mediation", city.head, "社区人民调解委员会")
    # Every category at the district goes to the police, but legal ones (more
    # specific: a category) to justice, and the community's legal ones (deeper)
    # to its mediation committee.
    await _rule(channel_as, city, f"scopeNodes/{city.community[:6]}", POLICE)
    await _rule(
        channel_as,
        city,
        f"scopeNodes/{city.community}",
        "departments/community-mediation",
        pb.SUGGESTION_CATEGORY_LEGAL,
    )
    legal = await _submit(channel_as, city)
    other = await _submit(channel_as, city, category=pb.SUGGESTION_CATEGORY_GOVERNANCE)
    assert legal.department == "departments/community-mediation"
    assert other.department == POLICE
    error = await refused(
        _departments(channel_as(city.district_admin)).CreateRoutingRule(
            dpb.CreateRoutingRuleRequest(
                routing_rule=dpb.RoutingRule(
                    scope_node=f"scopeNodes/{city.community[:6]}", department=JUSTICE
                )
            )
        )
    )
    assert error.code() is grpc.StatusCode.ALREADY_EXISTS
    listed = await _departments(channel_as(city.district_admin)).ListRoutingRules(
        dpb.ListRoutingRulesRequest(page_size=2)
    )
    assert len(listed.routing_rules) == 2
    assert listed.next_page_token
    rest = await _departments(channel_as(city.district_admin)).ListRoutingRules(
        dpb.ListRoutingRulesRequest(page_size=2, page_token=listed.next_page_token)
    )
    table = [*listed.routing_rules, *rest.routing_rules]
    assert len({r.name for r in table}) == 4
    every_category = next(r for r in table if r.category == pb.SUGGESTION_CATEGORY_UNSPECIFIED)
    await _departments(channel_as(city.district_admin)).DeleteRoutingRule(
        dpb.DeleteRoutingRuleRequest(name=every_category.name)
    )
    after = await _submit(channel_as, city, category=pb.SUGGESTION_CATEGORY_GOVERNANCE)
    assert after.state == pb.SUGGESTION_STATE_SUBMITTED


async def test_a_dissatisfied_rating_reopens_it_once_with_a_fresh_clock(
    routed: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine
) -> None:
    city = routed
    made = await _submit(channel_as, city)
    handler = _suggestions(channel_as(city.stranger))
    submitter = _suggestions(channel_as(city.officer))

    async def handle() -> None:
        await handler.SignSuggestion(pb.SignSuggestionRequest(name=made.name))
        await handler.AnswerSuggestion(pb.AnswerSuggestionRequest(name=made.name, answer="已办"))
        await handler.CloseSuggestion(pb.CloseSuggestionRequest(name=made.name))

    await handle()
    clock.advance(timedelta(days=10))
    reopened = (
        await submitter.RateSuggestion(
            pb.RateSuggestionRequest(
                name=made.name, satisfaction=pb.SATISFACTION_DISSATISFIED, comment="没解决"
            )
        )
    ).suggestion
    assert (reopened.state, reopened.reopened, reopened.department) == (
        pb.SUGGESTION_STATE_DISPATCHED,
        True,
        JUSTICE,
    )
    assert reopened.dispatch_time.ToDatetime() > made.dispatch_time.ToDatetime()
    assert reopened.close_due_time.ToDatetime() > made.close_due_time.ToDatetime()
    assert [s.action for s in reopened.history][-2:] == [
        pb.SUGGESTION_ACTION_RATE,
        pb.SUGGESTION_ACTION_REOPEN,
    ]
    assert _pushes(migrated_engine, city.stranger, "suggestion_dispatched") == [made.name] * 2
    await handle()
    final = (
        await submitter.RateSuggestion(
            pb.RateSuggestionRequest(name=made.name, satisfaction=pb.SATISFACTION_DISSATISFIED)
        )
    ).suggestion
    assert final.state == pb.SUGGESTION_STATE_RATED


async def test_a_category_change_reroutes_and_tells_both_departments(
    routed: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    city = routed
    made = await _submit(channel_as, city)
    await _suggestions(channel_as(city.stranger)).SignSuggestion(
        pb.SignSuggestionRequest(name=made.name)
    )
    # Signed for: the submitter may no longer change it; a reviewer may.
    change = pb.UpdateSuggestionRequest(
        suggestion=pb.Suggestion(name=made.name, category=pb.SUGGESTION_CATEGORY_PUBLIC_SAFETY),
        update_mask=field_mask_pb2.FieldMask(paths=["category"]),
        reason="涉及治安",
    )
    error = await refused(_suggestions(channel_as(city.officer)).UpdateSuggestion(change))
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED
    moved = (await _suggestions(channel_as(city.head)).UpdateSuggestion(change)).suggestion
    assert (moved.category, moved.department, moved.state) == (
        pb.SUGGESTION_CATEGORY_PUBLIC_SAFETY,
        POLICE,
        pb.SUGGESTION_STATE_DISPATCHED,
    )
    assert [s.action for s in moved.history][-2:] == [
        pb.SUGGESTION_ACTION_RECATEGORIZE,
        pb.SUGGESTION_ACTION_ROUTE,
    ]
    assert _pushes(migrated_engine, city.stranger, "suggestion_withdrawn") == [made.name]
    assert _pushes(migrated_engine, city.neighbour, "suggestion_dispatched") == [made.name]
    error = await refused(
        _suggestions(channel_as(city.head)).UpdateSuggestion(
            pb.UpdateSuggestionRequest(
                suggestion=pb.Suggestion(name=made.name, title="改标题"),
                update_mask=field_mask_pb2.FieldMask(paths=["title"]),
            )
        )
    )
    assert field_violations(error) == ["update_mask"]


async def test_every_bad_field_of_a_submission_or_a_department_is_named(
    routed: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    city = routed
    officer = _suggestions(channel_as(city.officer))
    for suggestion, fields in (
        (_suggestion(city, title=" ", body=""), ["suggestion.title", "suggestion.body"]),
        (_suggestion(city, category=pb.SUGGESTION_CATEGORY_UNSPECIFIED), ["suggestion.category"]),
        (
            _suggestion(city, related_activity="activities/01JS3Z8Q4W6E9R2T5Y7V1J3K5P"),
            ["suggestion.related_activity"],
        ),
    ):
        error = await refused(
            officer.CreateSuggestion(pb.CreateSuggestionRequest(suggestion=suggestion))
        )
        assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert field_violations(error) == fields
    # About a grid the officer does not serve: outside their scope.
    error = await refused(
        officer.CreateSuggestion(
            pb.CreateSuggestionRequest(
                suggestion=_suggestion(city, grid=f"grids/{city.stranger_grid}")
            )
        )
    )
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED
    with migrated_engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM suggestion")).scalar_one() == 0

    admin = _departments(channel_as(city.district_admin))
    district = f"scopeNodes/{city.community[:6]}"
    for request, fields in (
        (
            dpb.CreateDepartmentRequest(
                department_id="Bad_Id",
                department=dpb.Department(
                    display_name="x", scope_node=district, handlers=["users/a"]
                ),
            ),
            ["department_id"],
        ),
        (
            dpb.CreateDepartmentRequest(
                department_id="empty",
                department=dpb.Department(
                    display_name=" ",
                    scope_node=district,
                    limits=dpb.HandlingLimits(close_working_days=99),
                ),
            ),
            [
                "department.display_name",
                "department.handlers",
                "department.limits.close_working_days",
            ],
        ),
        (
            dpb.CreateDepartmentRequest(
                department_id="ghosts",
                department=dpb.Department(
                    display_name="x", scope_node=district, handlers=["users/nobody-here"]
                ),
            ),
            ["department.handlers[0]"],
        ),
    ):
        error = await refused(admin.CreateDepartment(request))
        assert error.code() is grpc.StatusCode.INVALID_ARGUMENT
        assert field_violations(error) == fields
    error = await refused(
        admin.CreateDepartment(
            dpb.CreateDepartmentRequest(
                department_id="district-justice",
                department=dpb.Department(
                    display_name="x", scope_node=district, handlers=[f"users/{city.officer}"]
                ),
            )
        )
    )
    assert error.code() is grpc.StatusCode.ALREADY_EXISTS


async def test_departments_are_managed_within_suggestion_route_reach(
    routed: City, channel_as: OpenAs
) -> None:
    city = routed
    request = dpb.CreateDepartmentRequest(
        department_id="community-office",
        department=dpb.Department(
            display_name="社区办",
            scope_node=f"scopeNodes/{city.community}",
            handlers=[f"users/{city.head}"],
        ),
    )
    # A community head reviews, but does not manage departments.
    error = await refused(_departments(channel_as(city.head)).CreateDepartment(request))
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED
    # They see the district's departments, to route to them.
    listed = await _departments(channel_as(city.head)).ListDepartments(dpb.ListDepartmentsRequest())
    assert [d.name for d in listed.departments] == [JUSTICE, POLICE]
    # A handler sees their own department, and nothing of the routing table.
    mine = await _departments(channel_as(city.stranger)).ListDepartments(
        dpb.ListDepartmentsRequest()
    )
    assert [d.name for d in mine.departments] == [JUSTICE]
    error = await refused(
        _departments(channel_as(city.stranger)).ListRoutingRules(dpb.ListRoutingRulesRequest())
    )
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED
    updated = await _departments(channel_as(city.district_admin)).UpdateDepartment(
        dpb.UpdateDepartmentRequest(
            department=dpb.Department(
                name=JUSTICE, handlers=[f"users/{city.stranger}", f"users/{city.head}"]
            ),
            update_mask=field_mask_pb2.FieldMask(paths=["handlers"]),
        )
    )
    assert list(updated.department.handlers) == [f"users/{city.head}", f"users/{city.stranger}"]
    assert updated.department.display_name == "区司法局"


async def test_lists_by_role_and_overdue_and_pages_while_suggestions_arrive(
    routed: City, channel_as: OpenAs, clock: MovableClock
) -> None:
    city = routed
    first = [await _submit(channel_as, city) for _ in range(12)]
    police = await _submit(channel_as, city, category=pb.SUGGESTION_CATEGORY_PUBLIC_SAFETY)

    async def names(by: str, **filters: Any) -> list[str]:
        found: list[str] = []
        token = ""
        while True:
            page = await _suggestions(channel_as(by)).ListSuggestions(
                pb.ListSuggestionsRequest(page_size=5, page_token=token, **filters)
            )
            found.extend(s.name for s in page.suggestions)
            token = page.next_page_token
            if not token:
                return found

    everything = [s.name for s in reversed([*first, police])]
    assert await names(city.officer) == everything
    assert await names(city.head, parent=f"scopeNodes/{city.community}") == everything
    assert await names(city.stranger) == [s.name for s in reversed(first)]
    assert await names(city.neighbour, department=POLICE) == [police.name]
    assert await names(city.head, states=[pb.SUGGESTION_STATE_DISPATCHED]) == everything
    assert await names(city.stranger, overdue=True) == []
    # Returned, it waits for routing with its deadlines still running: overdue too.
    await _suggestions(channel_as(city.neighbour)).ReturnSuggestion(
        pb.ReturnSuggestionRequest(name=police.name, reason="非本部门")
    )
    clock.advance(timedelta(days=20))
    assert len(await names(city.head, overdue=True)) == 13

    # A writer adds suggestions while a reader pages: nothing skipped or repeated.
    async def writer() -> None:
        for _ in range(8):
            await _submit(channel_as, city)

    seen, _ = await asyncio.gather(names(city.head), writer())
    assert len(seen) == len(set(seen))
    assert set(everything) <= set(seen)


async def test_an_unmet_deadline_is_urged_then_supervised_once_acrosstwo_replicas(
    routed: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine
) -> None:
    city = routed
    # Friday 20 November 2026, 10:00: sign for by the end of Monday the 23rd.
    _at(clock, datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI))
    late = await _submit(channel_as, city)
    prompt = await _submit(channel_as, city)
    handler = _suggestions(channel_as(city.stranger))
    await handler.SignSuggestion(pb.SignSuggestionRequest(name=prompt.name))
    await handler.AnswerSuggestion(pb.AnswerSuggestionRequest(name=prompt.name, answer="已办"))
    await handler.CloseSuggestion(pb.CloseSuggestionRequest(name=prompt.name))
    sign_due = late.sign_due_time.ToDatetime(tzinfo=UTC)
    assert _local(late.sign_due_time) == datetime(2026, 11, 24, 0, 0, tzinfo=SHANGHAI)

    made = two_replicas(migrated_engine, sign_due + timedelta(minutes=1))
    assert [(m.step.subject, m.step.step) for m in made] == [(late.name, "sign")]
    assert _pushes(migrated_engine, city.stranger, "suggestion_urged") == [late.name]
    # Five working days after Monday: the 24th to the 30th.
    supervised_at = datetime(2026, 12, 1, 0, 1, tzinfo=SHANGHAI)
    made = two_replicas(migrated_engine, supervised_at)
    assert sorted((m.step.kind, m.step.step) for m in made) == [
        ("suggestion.supervise", "sign"),
        ("suggestion.urge", "close"),
    ]
    assert _pushes(migrated_engine, city.district_admin, "escalation") == [late.name]
    assert _pushes(migrated_engine, city.stranger, "suggestion_urged") == [late.name] * 2
    got = await _suggestions(channel_as(city.head)).GetSuggestion(
        pb.GetSuggestionRequest(name=late.name)
    )
    # Two urges and the sign's supervision, each recorded (two replicas may
    # make the close urge and the supervision in either order).
    history = got.suggestion.history[2:]
    assert sorted((s.action, s.actor) for s in history) == [
        (pb.SUGGESTION_ACTION_URGE, ""),
        (pb.SUGGESTION_ACTION_URGE, ""),
        (pb.SUGGESTION_ACTION_SUPERVISE, ""),
    ]
    notes = sorted(s.note for s in history)
    assert notes[0].startswith("催办：办结时限 2026-11-28 00:00")
    assert notes[1].startswith("催办：签收时限 2026-11-24 00:00")
    assert notes[2].startswith(f"督办：上报区委政法委（scopeNodes/{city.community[:6]}）")
    # Later still, the close's supervision: once, and nothing of the one closed in time.
    made = two_replicas(migrated_engine, supervised_at + timedelta(days=30))
    assert [(m.step.subject, m.step.kind, m.step.step) for m in made] == [
        (late.name, "suggestion.supervise", "close")
    ]
    assert two_replicas(migrated_engine, supervised_at + timedelta(days=60)) == []


async def test_an_extension_moves_the_close_deadline_once_a_supervising_admin_grants_it(
    routed: City, channel_as: OpenAs, clock: MovableClock, migrated_engine: Engine
) -> None:
    city = routed
    # Friday 20 November 2026: close by the end of Friday the 27th.
    _at(clock, datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI))
    made = await _submit(channel_as, city)
    handler = _suggestions(channel_as(city.stranger))
    ask = pb.RequestSuggestionExtensionRequest(name=made.name, working_days=3, reason="需现场勘查")
    # Not before it is signed for.
    error = await refused(handler.RequestSuggestionExtension(ask))
    assert error_info(error).reason == "SUGGESTION_STATE"
    await handler.SignSuggestion(pb.SignSuggestionRequest(name=made.name))
    for bad, field in ((0, "working_days"), (11, "working_days")):
        error = await refused(
            handler.RequestSuggestionExtension(
                pb.RequestSuggestionExtensionRequest(name=made.name, working_days=bad, reason="r")
            )
        )
        assert field_violations(error) == [field]
    asked = (await handler.RequestSuggestionExtension(ask)).suggestion
    assert asked.pending_extension.working_days == 3
    assert _pushes(migrated_engine, city.district_admin, "suggestion_extension") == [made.name]
    error = await refused(handler.RequestSuggestionExtension(ask))
    assert error_info(error).reason == "EXTENSION_PENDING"
    # The community head reviews but does not supervise departments' time.
    decide = pb.DecideSuggestionExtensionRequest(name=made.name, approve=True)
    error = await refused(_suggestions(channel_as(city.head)).DecideSuggestionExtension(decide))
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED
    granted = (
        await _suggestions(channel_as(city.district_admin)).DecideSuggestionExtension(decide)
    ).suggestion
    assert not granted.HasField("pending_extension")
    assert granted.extended_working_days == 3
    # Three working days more: Monday the 30th to Wednesday 2 December.
    assert _local(granted.close_due_time) == datetime(2026, 12, 3, 0, 0, tzinfo=SHANGHAI)
    assert _pushes(migrated_engine, city.stranger, "suggestion_extension") == [made.name]
    # The close urge moved with the deadline: nothing is owed at the old one.
    made_then = two_replicas(migrated_engine, datetime(2026, 11, 28, 0, 1, tzinfo=SHANGHAI))
    assert [(m.step.kind, m.step.step) for m in made_then] == []
    made_later = two_replicas(migrated_engine, datetime(2026, 12, 3, 0, 1, tzinfo=SHANGHAI))
    assert [(m.step.kind, m.step.step) for m in made_later] == [("suggestion.urge", "close")]
    # A refusal needs a reason; beyond 10 working days in all is refused.
    second = pb.RequestSuggestionExtensionRequest(name=made.name, working_days=8, reason="再议")
    _at(clock, datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI))
    error = await refused(handler.RequestSuggestionExtension(second))
    assert error_info(error).reason == "EXTENSION_LIMIT"
    await handler.RequestSuggestionExtension(
        pb.RequestSuggestionExtensionRequest(name=made.name, working_days=2, reason="再议")
    )
    refuse = pb.DecideSuggestionExtensionRequest(name=made.name, approve=False)
    error = await refused(
        _suggestions(channel_as(city.district_admin)).DecideSuggestionExtension(refuse)
    )
    assert field_violations(error) == ["note"]
    refuse.note = "理由不充分"
    denied = (
        await _suggestions(channel_as(city.district_admin)).DecideSuggestionExtension(refuse)
    ).suggestion
    assert (denied.extended_working_days, denied.close_due_time) == (3, granted.close_due_time)
    by_people = [
        s.action
        for s in denied.history
        if s.action not in (pb.SUGGESTION_ACTION_URGE, pb.SUGGESTION_ACTION_SUPERVISE)
    ]
    assert by_people[-4:] == [
        pb.SUGGESTION_ACTION_ASK_EXTENSION,
        pb.SUGGESTION_ACTION_GRANT_EXTENSION,
        pb.SUGGESTION_ACTION_ASK_EXTENSION,
        pb.SUGGESTION_ACTION_DENY_EXTENSION,
    ]


async def test_a_merged_near_duplicate_follows_its_survivor_and_its_submitter_hears(
    routed: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    city = routed
    survivor = await _submit(channel_as, city)
    neighbour = _suggestions(channel_as(city.neighbour))
    duplicate = (
        await neighbour.CreateSuggestion(
            pb.CreateSuggestionRequest(
                suggestion=_suggestion(city, grid=f"grids/{city.neighbour_grid}")
            )
        )
    ).suggestion
    merge = pb.MergeSuggestionRequest(name=duplicate.name, survivor=survivor.name, note="同一事项")
    # Not by its submitter (no reviewer), nor into itself.
    error = await refused(neighbour.MergeSuggestion(merge))
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED
    error = await refused(
        _suggestions(channel_as(city.head)).MergeSuggestion(
            pb.MergeSuggestionRequest(name=duplicate.name, survivor=duplicate.name)
        )
    )
    assert field_violations(error) == ["survivor"]
    merged = (await _suggestions(channel_as(city.head)).MergeSuggestion(merge)).suggestion
    assert merged.merged_into == survivor.name
    assert (merged.state, merged.department) == (pb.SUGGESTION_STATE_DISPATCHED, JUSTICE)
    # The merged one takes no step of its own.
    error = await refused(
        _suggestions(channel_as(city.stranger)).SignSuggestion(
            pb.SignSuggestionRequest(name=duplicate.name)
        )
    )
    assert error_info(error).reason == "SUGGESTION_MERGED"
    handler = _suggestions(channel_as(city.stranger))
    await handler.SignSuggestion(pb.SignSuggestionRequest(name=survivor.name))
    await handler.AnswerSuggestion(pb.AnswerSuggestionRequest(name=survivor.name, answer="已办"))
    followed = (
        await neighbour.GetSuggestion(pb.GetSuggestionRequest(name=duplicate.name))
    ).suggestion
    assert (followed.state, followed.answer) == (pb.SUGGESTION_STATE_ANSWERED, "已办")
    # Its submitter heard of its routing, of the merge, and of each of the
    # survivor's steps since.
    replies = _pushes(migrated_engine, city.neighbour, "suggestion_reply")
    assert replies == [duplicate.name, duplicate.name, survivor.name, survivor.name]


def _recount(records: list[Any], now: datetime) -> dict[str, int]:
    """The statistics of ``records`` counted again, one by one, from their fields."""
    found = dict.fromkeys(
        (
            "received",
            "dispatched",
            "sign_due",
            "signed_on_time",
            "close_due",
            "closed_on_time",
            "rated",
            "satisfied",
            "returns",
        ),
        0,
    )

    def at(record: Any, field: str) -> datetime | None:
        if not record.HasField(field):
            return None
        moment: datetime = getattr(record, field).ToDatetime(tzinfo=UTC)
        return moment

    for s in records:
        if s.merged_into:
            continue
        found["received"] += 1
        found["returns"] += sum(st.action == pb.SUGGESTION_ACTION_RETURN for st in s.history)
        if s.satisfaction:
            found["rated"] += 1
            found["satisfied"] += s.satisfaction != pb.SATISFACTION_DISSATISFIED
        if not s.HasField("dispatch_time"):
            continue
        found["dispatched"] += 1
        signed, sign_due = at(s, "sign_time"), at(s, "sign_due_time")
        closed, close_due = at(s, "close_time"), at(s, "close_due_time")
        assert sign_due is not None
        assert close_due is not None
        if signed is not None or sign_due <= now:
            found["sign_due"] += 1
            found["signed_on_time"] += signed is not None and signed <= sign_due
        if closed is not None or close_due <= now:
            found["close_due"] += 1
            found["closed_on_time"] += closed is not None and closed <= close_due
    return found


async def test_statistics_equal_a_recount_of_the_records(
    routed: City, channel_as: OpenAs, clock: MovableClock
) -> None:
    city = routed
    _at(clock, datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI))
    justice, police = (
        _suggestions(channel_as(city.stranger)),
        _suggestions(channel_as(city.neighbour)),
    )
    submitter, head = _suggestions(channel_as(city.officer)), _suggestions(channel_as(city.head))
    on_time = await _submit(channel_as, city)
    late = await _submit(channel_as, city)
    never = await _submit(channel_as, city)
    unrouted = await _submit(channel_as, city, category=pb.SUGGESTION_CATEGORY_EPIDEMIC)
    duplicate = await _submit(channel_as, city)
    await head.MergeSuggestion(
        pb.MergeSuggestionRequest(name=duplicate.name, survivor=on_time.name)
    )
    await justice.SignSuggestion(pb.SignSuggestionRequest(name=on_time.name))
    await justice.AnswerSuggestion(pb.AnswerSuggestionRequest(name=on_time.name, answer="已办"))
    await justice.CloseSuggestion(pb.CloseSuggestionRequest(name=on_time.name))
    await submitter.RateSuggestion(
        pb.RateSuggestionRequest(name=on_time.name, satisfaction=pb.SATISFACTION_SATISFIED)
    )
    await justice.ReturnSuggestion(pb.ReturnSuggestionRequest(name=late.name, reason="非本部门"))
    await head.RouteSuggestion(pb.RouteSuggestionRequest(name=late.name, department=POLICE))
    # Past the sign-for deadline (the end of Monday the 23rd), then past closing's.
    _at(clock, datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI))
    await police.SignSuggestion(pb.SignSuggestionRequest(name=late.name))
    await police.AnswerSuggestion(pb.AnswerSuggestionRequest(name=late.name, answer="已办"))
    _at(clock, datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI))
    await police.CloseSuggestion(pb.CloseSuggestionRequest(name=late.name))
    await submitter.RateSuggestion(
        pb.RateSuggestionRequest(name=late.name, satisfaction=pb.SATISFACTION_BASICALLY_SATISFIED)
    )
    recent = await _submit(channel_as, city)

    admin = _suggestions(channel_as(city.district_admin))
    stats = await admin.GetSuggestionStats(
        pb.GetSuggestionStatsRequest(
            parent=f"scopeNodes/{city.community}", level=common_pb2.SCOPE_LEVEL_GRID
        )
    )
    names = [on_time.name, late.name, never.name, unrouted.name, duplicate.name, recent.name]
    records = [
        (await admin.GetSuggestion(pb.GetSuggestionRequest(name=n))).suggestion for n in names
    ]
    total = stats.total
    counted = {field: getattr(total, field) for field in _recount([], clock())}
    assert counted == _recount(records, clock())
    # By hand: five stand (the duplicate counts in its survivor), four were
    # dispatched; of those due, one signed for and one closed on time.
    assert (total.received, total.dispatched) == (5, 4)
    assert (total.sign_due, total.signed_on_time) == (3, 1)
    assert (total.close_due, total.closed_on_time) == (3, 1)
    assert (total.returns, total.rated, total.satisfied) == (1, 2, 2)
    assert (total.signed_on_time, total.closed_on_time) == (1, 1)
    assert total.on_time_sign_rate == pytest.approx(total.signed_on_time / total.sign_due)
    assert [row.scope_node for row in stats.counts] == [f"grids/{city.grid}"]
    by_department = await admin.GetSuggestionStats(
        pb.GetSuggestionStatsRequest(parent=f"scopeNodes/{city.community}", by_department=True)
    )
    rows = {row.department: row.received for row in by_department.counts}
    assert rows == {"": 1, JUSTICE: 3, POLICE: 1}
    # A handler or an officer reviews nothing.
    error = await refused(submitter.GetSuggestionStats(pb.GetSuggestionStatsRequest()))
    assert error.code() is grpc.StatusCode.PERMISSION_DENIED
