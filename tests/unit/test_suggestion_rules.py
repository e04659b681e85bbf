"""The rules of suggestions as work orders (七.2, 四.1, 四.7): every state and
action, 重办 once, the most specific routing entry, deadlines from dispatch in
working time, departments' fields, and the events the steps make."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema
import pytest

from contracts import events, messages
from service.kernel.errors import FailedPrecondition, InvalidArgument
from service.kernel.working_time import WorkingCalendar
from service.suggestions import documents, rules
from service.suggestions.ports import Step, Suggestion
from service.suggestions.rules import (
    Action,
    Category,
    Content,
    Limits,
    Route,
    Satisfaction,
    State,
    Urgency,
    WorkingTime,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
GRID = "320102002003001"

# Every (state, action) and where it leads; None where it is refused.
TABLE: dict[tuple[State, Action], State | None] = {
    (state, action): None for state in State for action in Action if action is not Action.SUBMIT
}
TABLE.update(
    {
        (State.SUBMITTED, Action.ROUTE): State.DISPATCHED,
        (State.RETURNED, Action.ROUTE): State.DISPATCHED,
        (State.DISPATCHED, Action.SIGN): State.SIGNED,
        (State.DISPATCHED, Action.RETURN): State.RETURNED,
        (State.SIGNED, Action.RETURN): State.RETURNED,
        (State.SIGNED, Action.ANSWER): State.ANSWERED,
        (State.ANSWERED, Action.CLOSE): State.CLOSED,
        (State.CLOSED, Action.RATE): State.RATED,
        (State.RATED, Action.REOPEN): State.DISPATCHED,
        **{
            (state, Action.RECATEGORIZE): state
            for state in (State.SUBMITTED, State.DISPATCHED, State.SIGNED, State.RETURNED)
        },
        # The scheduler's steps leave the state as it is.
        **{
            (state, Action.URGE): state
            for state in (State.DISPATCHED, State.SIGNED, State.ANSWERED)
        },
        **{
            (state, Action.SUPERVISE): state
            for state in (State.DISPATCHED, State.SIGNED, State.RETURNED, State.ANSWERED)
        },
        # Extensions while it is handled; a merge from any state but the last.
        **{
            (state, action): state
            for state in (State.SIGNED, State.ANSWERED)
            for action in (Action.ASK_EXTENSION, Action.GRANT_EXTENSION, Action.DENY_EXTENSION)
        },
        **{
            (state, Action.MERGE): state
            for state in State
            if state not in (State.CLOSED, State.RATED)
        },
    }
)


@pytest.mark.parametrize(("state", "action"), sorted(TABLE))
def test_each_action_leads_where_the_table_says_or_is_refused_with_the_state(
    state: State, action: Action
) -> None:
    expected = TABLE[(state, action)]
    if expected is not None:
        assert rules.next_state(state, action) is expected
        return
    with pytest.raises(FailedPrecondition) as raised:
        rules.next_state(state, action)
    assert raised.value.reason == "SUGGESTION_STATE"
    assert raised.value.metadata == {"state": state.value, "action": action.value}


def test_only_the_first_dissatisfied_rating_reopens() -> None:
    assert rules.reopens(Satisfaction.DISSATISFIED, already_reopened=False)
    assert not rules.reopens(Satisfaction.DISSATISFIED, already_reopened=True)
    assert not rules.reopens(Satisfaction.BASICALLY_SATISFIED, already_reopened=False)


ROUTES = [
    Route("a", None, "320102", "district-any"),
    Route("b", Category.LEGAL, "320102", "district-legal"),
    Route("c", None, "320102002003", "community-any"),
    Route("d", Category.LEGAL, "320199", "elsewhere"),
]


@pytest.mark.parametrize(
    ("grid", "category", "department"),
    [
        # The deepest node wins over a category named higher up.
        (GRID, Category.LEGAL, "community-any"),
        ("320102001001001", Category.LEGAL, "district-legal"),
        ("320102001001001", Category.EPIDEMIC, "district-any"),
        ("320105001001001", Category.LEGAL, None),
    ],
)
def test_the_most_specific_routing_entry_wins(
    grid: str, category: Category, department: str | None
) -> None:
    found = rules.choose_route(ROUTES, grid, category)
    assert (found.department if found else None) == department


def test_at_one_node_the_entry_naming_the_category_wins() -> None:
    routes = [Route("a", None, "320102", "any"), Route("b", Category.LEGAL, "320102", "legal")]
    assert rules.choose_route(list(reversed(routes)), GRID, Category.LEGAL).department == "legal"  # type: ignore[union-attr]
    assert rules.choose_route(routes, GRID, Category.LEGAL).department == "legal"  # type: ignore[union-attr]


def test_a_departments_limits_win_where_set() -> None:
    assert Limits(0, 4, 0, 0).over(Limits()) == Limits(1, 4, 5, 1)
    assert rules.UNSET_LIMITS.over(Limits()) == Limits()


def test_deadlines_run_in_working_time_from_dispatch() -> None:
    time = WorkingTime(SHANGHAI, WorkingCalendar())
    # Friday 9 October 2026, 15:00; Saturday the 10th is a make-up working day.
    dispatched = datetime(2026, 10, 9, 15, 0, tzinfo=SHANGHAI)
    sign, close = rules.deadlines(dispatched, Urgency.NORMAL, Limits(), time)
    assert sign == datetime(2026, 10, 11, 0, 0, tzinfo=SHANGHAI)
    assert close == datetime(2026, 10, 16, 0, 0, tzinfo=SHANGHAI)
    sign, close = rules.deadlines(dispatched, Urgency.URGENT, Limits(), time)
    assert sign == datetime(2026, 10, 9, 17, 0, tzinfo=SHANGHAI)
    assert close == datetime(2026, 10, 11, 0, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("name", "handlers", "limits", "fields"),
    [
        ("区司法局", ("u1",), Limits(), []),
        (" ", (), Limits(), ["department.display_name", "department.handlers"]),
        ("x" * 101, ("u1", "u1"), Limits(), ["department.display_name", "department.handlers"]),
        ("x", tuple(f"u{n}" for n in range(51)), Limits(), ["department.handlers"]),
        (
            "x",
            ("u1",),
            Limits(31, 73, 61, -1),
            [
                "department.limits.sign_working_days",
                "department.limits.urgent_sign_working_hours",
                "department.limits.close_working_days",
                "department.limits.urgent_close_working_days",
            ],
        ),
    ],
)
def test_each_bad_field_of_a_department_is_named(
    name: str, handlers: tuple[str, ...], limits: Limits, fields: list[str]
) -> None:
    assert [v.field for v in rules.department_violations(name, handlers, limits)] == fields


@pytest.mark.parametrize("department_id", ["", "-a", "a-", "A", "a_b", "x" * 64])
def test_a_department_id_is_a_short_lower_case_slug(department_id: str) -> None:
    with pytest.raises(InvalidArgument):
        rules.check_department_id(department_id)


def test_every_step_has_an_event_type_and_every_suggestion_event_a_step() -> None:
    assert set(documents.EVENT_TYPES) == set(Action)
    published = {name for name in events.EVENT_DATA if name.startswith("suggestion.")}
    assert set(documents.EVENT_TYPES.values()) == published


def test_what_a_step_publishes_is_what_the_schema_says() -> None:
    made = datetime(2026, 10, 9, 7, 0, tzinfo=UTC)
    suggestion = Suggestion(
        suggestion_id="01JS7Q8Q4W6E9R2T5Y7V1J3K5P",
        submitter="u100234",
        content=Content(GRID, Category.LEGAL, Urgency.URGENT, "标题", "正文", (), None),
        state=State.DISPATCHED,
        create_time=made,
        update_time=made,
        department="district-justice",
        dispatch_time=made,
        sign_due_time=made,
        close_due_time=made,
    )
    step = Step(Action.ROUTE, None, made, "按规则", State.DISPATCHED, "district-justice")
    data = documents.event_data(suggestion, step)
    schema_dir = Path(messages.__file__).parent / "schemas" / "events"
    schema = json.loads((schema_dir / "suggestion.routed.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert events.SuggestionEventData.model_validate(data).department == "district-justice"


def test_a_push_shows_text_on_one_line_cut_with_an_ellipsis() -> None:
    assert rules.short("两行\n文字") == "两行 文字"
    assert rules.short("长" * 40) == "长" * 29 + "…"


def test_a_dispatch_plans_an_urge_at_each_deadline_and_supervision_after() -> None:
    time = WorkingTime(SHANGHAI, WorkingCalendar())
    sign = datetime(2026, 11, 21, 0, 0, tzinfo=SHANGHAI)  # the end of Friday the 20th
    close = datetime(2026, 11, 27, 0, 0, tzinfo=SHANGHAI)
    assert rules.supervision_plan(sign, close, 5, time) == [
        (rules.URGE, "sign", sign),
        (rules.URGE, "close", close),
        # Five working days after each: counted from the next working day.
        (rules.SUPERVISE, "sign", datetime(2026, 11, 28, 0, 0, tzinfo=SHANGHAI)),
        (rules.SUPERVISE, "close", datetime(2026, 12, 4, 0, 0, tzinfo=SHANGHAI)),
    ]


@pytest.mark.parametrize(
    ("deadline", "unmet_in"),
    [
        ("sign", {State.DISPATCHED, State.RETURNED}),
        ("close", {State.DISPATCHED, State.SIGNED, State.RETURNED, State.ANSWERED}),
    ],
)
def test_a_deadline_is_unmet_until_its_step_is_taken(deadline: str, unmet_in: set[State]) -> None:
    assert {state for state in State if rules.unmet(deadline, state)} == unmet_in


NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
DUE = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("days", "pending", "extended", "due", "reason"),
    [
        (0, False, 0, DUE, "working_days"),
        (11, False, 0, DUE, "working_days"),
        (3, True, 0, DUE, "EXTENSION_PENDING"),
        (3, False, 0, NOW, "DEADLINE_PASSED"),
        (3, False, 8, DUE, "EXTENSION_LIMIT"),
    ],
)
def test_an_extension_is_refused_with_its_reason(
    days: int, pending: bool, extended: int, due: datetime, reason: str
) -> None:
    waiting = rules.Extension(2, "r", "u1", NOW) if pending else None
    with pytest.raises((InvalidArgument, FailedPrecondition)) as raised:
        rules.check_extension(
            days, pending=waiting, extended=extended, close_due=due, now=NOW, maximum=10
        )
    error = raised.value
    found = (
        [v.field for v in error.violations]
        if isinstance(error, InvalidArgument)
        else [error.reason]
    )
    assert found == [reason]


def test_an_extension_within_the_limits_passes_and_moves_the_deadline_in_working_days() -> None:
    rules.check_extension(2, pending=None, extended=8, close_due=DUE, now=NOW, maximum=10)
    time = WorkingTime(SHANGHAI, WorkingCalendar())
    # Due at the end of Friday 27 November: three working days more end on 2 December.
    moved = rules.extended_close(DUE, 3, time)
    assert moved == datetime(2026, 12, 3, 0, 0, tzinfo=SHANGHAI)
