"""The rules of activity reports (七.2, 六.1): field checks, the back-dating
and correction windows at their edges, the month a report counts in, and the
lifecycle of disputes' and risks' cases (四.3, 四.4)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from service.activities import rules
from service.activities.rules import (
    ActivityKind,
    Case,
    CaseState,
    Change,
    Content,
    Point,
    SubjectKind,
    Windows,
)
from service.kernel.errors import FailedPrecondition, InvalidArgument

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
WINDOWS = Windows()


def _content(**changes: object) -> Content:
    content = Content(
        grid="320102002003001",
        kind=ActivityKind.GRID_RESEARCH,
        subject_kind=None,
        summary="走访 5 户",
        start_time=NOW - timedelta(days=1),
        end_time=NOW - timedelta(days=1) + timedelta(hours=1),
        attachments=(),
        participant_count=5,
        co_officers=(),
        place=Point(32.0, 118.8),
        outcome="",
    )
    return replace(content, **changes)  # type: ignore[arg-type]


def _fields(content: Content, changed: frozenset[str] = rules.CORRECTABLE) -> list[str]:
    return [v.field for v in rules.violations(content, NOW, WINDOWS, changed)]


def test_a_sound_report_has_no_violation() -> None:
    assert _fields(_content()) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"summary": "  "}, "activity.summary"),
        ({"summary": "字" * 2001}, "activity.summary"),
        ({"outcome": "字" * 2001}, "activity.outcome"),
        ({"start_time": None}, "activity.start_time"),
        ({"start_time": NOW + timedelta(seconds=1), "end_time": None}, "activity.start_time"),
        ({"end_time": NOW + timedelta(seconds=1)}, "activity.end_time"),
        ({"end_time": NOW - timedelta(days=2)}, "activity.end_time"),
        ({"participant_count": -1}, "activity.participant_count"),
        ({"participant_count": 100_001}, "activity.participant_count"),
        ({"co_officers": tuple(f"o{n}" for n in range(21))}, "activity.co_officers"),
        ({"co_officers": ("o1", "o1")}, "activity.co_officers"),
        ({"place": Point(90.5, 0)}, "activity.place.latitude"),
        ({"place": Point(0, float("inf"))}, "activity.place.longitude"),
    ],
)
def test_each_bad_field_is_named(changes: dict[str, object], field: str) -> None:
    assert _fields(_content(**changes)) == [field]


def test_the_back_dating_window_holds_its_last_second() -> None:
    edge = NOW - WINDOWS.backdating
    assert _fields(_content(start_time=edge, end_time=None)) == []
    assert _fields(_content(start_time=edge - timedelta(seconds=1), end_time=None)) == [
        "activity.start_time"
    ]


def test_a_correction_that_leaves_the_times_does_not_hold_them_to_now() -> None:
    old = _content(start_time=NOW - timedelta(days=40), end_time=NOW - timedelta(days=40))
    assert _fields(old, frozenset({"summary"})) == []
    assert _fields(old, frozenset({"start_time"})) == ["activity.start_time"]


def test_the_officer_is_not_their_own_co_officer() -> None:
    with pytest.raises(InvalidArgument) as raised:
        rules.check(_content(co_officers=("u1",)), NOW, WINDOWS, officer="u1")
    assert [v.field for v in raised.value.violations] == ["activity.co_officers"]


def test_the_reporter_may_correct_until_the_window_closes() -> None:
    made = NOW - WINDOWS.correction
    assert rules.reporter_may_correct(made, NOW, WINDOWS)
    assert not rules.reporter_may_correct(made - timedelta(seconds=1), NOW, WINDOWS)


def test_a_report_counts_in_the_citys_local_month() -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    # 16:30 UTC on 31 October is 00:30 on 1 November in Shanghai.
    assert rules.month_of(datetime(2026, 10, 31, 16, 30, tzinfo=UTC), shanghai) == "2026-11"
    assert rules.month_of(datetime(2026, 10, 31, 15, 59, tzinfo=UTC), shanghai) == "2026-10"


@pytest.mark.parametrize("text", ["2026-1", "2026-13", "26-01", "2026/01", "2026-01-01", ""])
def test_a_month_in_a_request_is_yyyy_mm(text: str) -> None:
    with pytest.raises(InvalidArgument):
        rules.check_month(text, "start_month")
    assert rules.check_month("2026-01", "start_month") == "2026-01"


@pytest.mark.parametrize(
    ("kind", "subject", "expected"),
    [
        (ActivityKind.DISPUTE_MEDIATION, None, True),
        (ActivityKind.RISK_SCREENING, None, True),
        (ActivityKind.LEGAL_PUBLICITY, SubjectKind.DISPUTE, True),
        (ActivityKind.GRID_RESEARCH, SubjectKind.RISK, True),
        (ActivityKind.GRID_RESEARCH, SubjectKind.GOVERNANCE, False),
        (ActivityKind.POLICY_BRIEFING, None, False),
    ],
)
def test_disputes_and_risks_by_kind_or_subject_carry_a_case(
    kind: ActivityKind, subject: SubjectKind | None, expected: bool
) -> None:
    assert rules.is_case(_content(kind=kind, subject_kind=subject)) is expected


# Every (state, step) and what it leads to; None where it is refused.
CASE_TABLE = {
    (CaseState.REPORTED, Change.CASE_MEDIATING): CaseState.MEDIATING,
    (CaseState.REPORTED, Change.CASE_RESOLVED): CaseState.RESOLVED,
    (CaseState.REPORTED, Change.CASE_ESCALATED): CaseState.ESCALATED,
    (CaseState.MEDIATING, Change.CASE_MEDIATING): None,
    (CaseState.MEDIATING, Change.CASE_RESOLVED): CaseState.RESOLVED,
    (CaseState.MEDIATING, Change.CASE_ESCALATED): CaseState.ESCALATED,
    (CaseState.ESCALATED, Change.CASE_MEDIATING): CaseState.MEDIATING,
    (CaseState.ESCALATED, Change.CASE_RESOLVED): CaseState.RESOLVED,
    (CaseState.ESCALATED, Change.CASE_ESCALATED): CaseState.ESCALATED,
    (CaseState.RESOLVED, Change.CASE_MEDIATING): None,
    (CaseState.RESOLVED, Change.CASE_RESOLVED): None,
    (CaseState.RESOLVED, Change.CASE_ESCALATED): None,
}


@pytest.mark.parametrize(("state", "step"), sorted(CASE_TABLE))
def test_each_case_step_leads_where_the_table_says_or_is_refused_with_the_state(
    state: CaseState, step: Change
) -> None:
    expected = CASE_TABLE[(state, step)]
    if expected is not None:
        assert rules.next_case_state(Case(state), step, "activities/a") is expected
        return
    with pytest.raises(FailedPrecondition) as raised:
        rules.next_case_state(Case(state), step, "activities/a")
    assert raised.value.reason == "CASE_STATE"
    assert raised.value.metadata == {"state": state.value, "step": step.value}


def test_work_without_a_case_takes_no_case_step() -> None:
    with pytest.raises(FailedPrecondition) as raised:
        rules.next_case_state(None, Change.CASE_RESOLVED, "activities/a")
    assert raised.value.reason == "NOT_A_CASE"


def test_a_correction_opens_a_case_and_closes_it_only_before_anyone_took_it_up() -> None:
    dispute = _content(kind=ActivityKind.DISPUTE_MEDIATION)
    plain = _content()
    assert rules.case_after_correction(None, dispute, "a") == Case(CaseState.REPORTED)
    kept = Case(CaseState.ESCALATED, 1)
    assert rules.case_after_correction(kept, dispute, "a") is kept
    assert rules.case_after_correction(Case(CaseState.REPORTED), plain, "a") is None
    assert rules.case_after_correction(None, plain, "a") is None
    with pytest.raises(FailedPrecondition) as raised:
        rules.case_after_correction(Case(CaseState.MEDIATING), plain, "a")
    assert raised.value.reason == "CASE_UNDER_WAY"


def test_the_tier_following_a_case_is_above_its_grid() -> None:
    grid = "320102002003001"
    assert [rules.following(grid, Case(CaseState.ESCALATED, d)).node for d in range(3)] == [
        "320102002003",
        "320102002",
        "320102",
    ]


def test_an_escalation_is_headed_by_the_kind_of_case_and_a_short_summary() -> None:
    risk = _content(kind=ActivityKind.RISK_SCREENING, summary="燃气" * 30)
    title = rules.escalation_title(risk)
    assert title.startswith("风险隐患上报：燃气")
    assert len(title) == len("风险隐患上报：") + rules.TITLE_CHARS
    assert title.endswith("…")
    dispute = _content(kind=ActivityKind.GRID_RESEARCH, subject_kind=SubjectKind.DISPUTE)
    assert rules.escalation_title(dispute) == "矛盾纠纷上报：走访 5 户"
