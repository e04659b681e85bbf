"""Assignment's use cases on a fake unit of work: a change and its history, and
the lists within the caller's scope."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from service.assignment import rules, use_cases
from service.kernel.errors import InvalidArgument, PermissionDenied
from service.kernel.roles import Role
from tests.unit.fakes import FakeUnitOfWork

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
STREET = "320102002"
GRID, GRID2, OUTSIDE = "320102002003001", "320102002003002", "320102005001001"


@pytest.fixture
def uow() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    uow.directory.nodes |= {GRID, GRID2, OUTSIDE}
    uow.assignments.live_officers.add("of1")
    uow.callers.add("liaison", Role.STREET_LIAISON, STREET)
    uow.callers.add("head", Role.COMMUNITY_HEAD, GRID[:12])
    return uow


def _change(
    uow: FakeUnitOfWork,
    grids: list[str],
    *,
    plan: use_cases.Plan = rules.assign,
    by: str = "liaison",
    officer: str = "of1",
    now: datetime = NOW,
) -> use_cases.Changed:
    return use_cases.change(
        uow,
        caller=uow.callers.load(by),
        officer_id=officer,
        officer_name=f"officers/{officer}",
        grids=grids,
        reason="就近入格",
        plan=plan,
        now=now,
    )


def test_a_change_records_who_when_why_and_the_grids_before_and_after(
    uow: FakeUnitOfWork,
) -> None:
    first = _change(uow, [GRID])
    assert first.change is not None
    assert (first.change.before, first.change.after) == ((), (GRID,))
    assert first.assignments[0].check_in_due_time == NOW + rules.CHECK_IN_PERIOD
    second = _change(uow, [GRID2])
    assert second.change is not None
    assert (second.change.before, second.change.after) == ((GRID,), (GRID, GRID2))
    removed = _change(uow, [GRID], plan=rules.unassign)
    assert removed.change is not None
    assert removed.change.after == (GRID2,)


def test_a_change_that_changes_nothing_records_nothing(uow: FakeUnitOfWork) -> None:
    _change(uow, [GRID])
    again = _change(uow, [GRID])
    assert again.change is None
    assert len(uow.assignments.changes) == 1


def test_a_change_is_never_recorded_before_the_one_it_follows(uow: FakeUnitOfWork) -> None:
    _change(uow, [GRID])
    # This one read the clock first, then waited for the officer's lock.
    later = _change(uow, [GRID2], now=NOW - timedelta(milliseconds=5))
    assert later.change is not None
    assert later.change.create_time > NOW


def test_grids_outside_the_managers_reach_or_unknown_officers_are_refused(
    uow: FakeUnitOfWork,
) -> None:
    with pytest.raises(PermissionDenied):
        _change(uow, [OUTSIDE])
    with pytest.raises(PermissionDenied):
        _change(uow, [GRID], by="head")  # no assignment.manage
    with pytest.raises(PermissionDenied):
        _change(uow, [GRID], officer="nobody")
    with pytest.raises(InvalidArgument):
        _change(uow, [])
    assert uow.assignments.changes == []


def test_lists_show_only_the_readers_scope(uow: FakeUnitOfWork) -> None:
    _change(uow, [GRID, GRID2])
    head = uow.callers.load("head")
    listed = use_cases.list_assignments(
        uow,
        caller=head,
        officer_id=None,
        under=GRID,
        parent_name=f"grids/{GRID}",
        overdue_at=None,
        after=("", ""),
        limit=10,
    )
    assert [view.grid_code for view in listed] == [GRID]
    overdue = use_cases.list_assignments(
        uow,
        caller=head,
        officer_id="of1",
        under=None,
        parent_name="",
        overdue_at=NOW + timedelta(days=11),
        after=("", ""),
        limit=10,
    )
    assert len(overdue) == 2
    changes = use_cases.list_changes(
        uow,
        caller=head,
        officer_id="of1",
        under=None,
        parent_name="",
        start=None,
        end=None,
        before=None,
        limit=10,
    )
    assert len(changes) == 1
    with pytest.raises(PermissionDenied):
        use_cases.list_changes(
            uow,
            caller=head,
            officer_id=None,
            under=OUTSIDE,
            parent_name=f"grids/{OUTSIDE}",
            start=None,
            end=None,
            before=None,
            limit=10,
        )
