"""Policy's use cases on a fake unit of work: who a notice reaches, what a
publication writes, how amendment and withdrawal change the plan of its read
attestation, who may read it, and what the attestation's steps push."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from service.kernel.audience import Audience
from service.kernel.errors import FailedPrecondition, PermissionDenied
from service.kernel.roles import OfficerCategory, Role
from service.kernel.scheduler import DueStep
from service.kernel.scope import ScopeLevel
from service.policy import attestation, rules, use_cases
from service.policy.rules import NoticeContent, NoticeKind, NoticeState
from tests.unit.fakes import FakeUnitOfWork

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
STREET, COMMUNITY, OTHER_COMMUNITY = "320102002", "320102002003", "320102002004"
GRID, GRID2, OTHER_GRID = f"{COMMUNITY}001", f"{COMMUNITY}002", f"{OTHER_COMMUNITY}001"
OFFSETS = (timedelta(hours=24), timedelta(hours=2))


@pytest.fixture
def uow() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    uow.directory.nodes |= {STREET, COMMUNITY, OTHER_COMMUNITY, GRID, GRID2, OTHER_GRID}
    uow.directory.officers.update(
        {
            "judge": (GRID, OfficerCategory.JUDGE),
            "lawyer": (GRID2, OfficerCategory.LAWYER),
            "police": (OTHER_GRID, OfficerCategory.POLICE),
        }
    )
    uow.directory.roles += [
        ("head", Role.COMMUNITY_HEAD, COMMUNITY),
        ("other-head", Role.COMMUNITY_HEAD, OTHER_COMMUNITY),
        ("liaison", Role.STREET_LIAISON, STREET),
    ]
    uow.callers.add("liaison", Role.STREET_LIAISON, STREET)
    uow.callers.add("head", Role.COMMUNITY_HEAD, COMMUNITY)
    uow.callers.add("judge", Role.OFFICER, GRID)
    return uow


def _content(due: datetime | None = None) -> NoticeContent:
    return NoticeContent(
        "通知", "请完成排查。\n第二段", NoticeKind.NOTICE, acknowledge_due_time=due
    )


def _publish(
    uow: FakeUnitOfWork, audience: Audience, *, by: str = "liaison", due: datetime | None = None
) -> use_cases.Outcome:
    return use_cases.publish(
        uow,
        caller=uow.callers.load(by),
        content=_content(due),
        audience=audience,
        now=NOW,
        via_broker=True,
        reminder_offsets=OFFSETS,
    )


def test_publishing_to_a_community_reaches_its_officers_and_writes_items_and_messages(
    uow: FakeUnitOfWork,
) -> None:
    outcome = _publish(uow, Audience(scope_nodes=(COMMUNITY,)))
    assert sorted(outcome.notified) == ["judge", "lawyer"]
    assert outcome.notice.anchor == COMMUNITY
    assert outcome.notice.recipient_count == 2
    assert {(i.user_id, i.kind) for i in uow.inbox.items} == {
        ("judge", "notice"),
        ("lawyer", "notice"),
    }
    assert sorted(m.routing_key for m in uow.outbox.messages) == ["user.judge", "user.lawyer"]
    assert uow.notices.revisions == [(outcome.notice.notice_id, 0, "published", "liaison")]
    # No deadline: nothing to attest, nothing planned.
    assert uow.due_steps.rows == []


def test_categories_narrow_and_roles_add_their_holders(uow: FakeUnitOfWork) -> None:
    narrowed = _publish(uow, Audience(scope_nodes=(STREET,), categories=(OfficerCategory.LAWYER,)))
    assert narrowed.notified == ("lawyer",)
    heads = _publish(uow, Audience(roles=(Role.COMMUNITY_HEAD,)))
    assert sorted(heads.notified) == ["head", "other-head"]


def test_a_node_or_recipient_outside_the_publishers_reach_is_refused_and_nothing_written(
    uow: FakeUnitOfWork,
) -> None:
    with pytest.raises(PermissionDenied):
        _publish(uow, Audience(scope_nodes=(OTHER_COMMUNITY,)), by="head")
    with pytest.raises(PermissionDenied):
        _publish(uow, Audience(recipients=("police",)), by="head")
    with pytest.raises(PermissionDenied):
        _publish(uow, Audience(scope_nodes=(COMMUNITY,)), by="judge")  # no policy.publish
    assert uow.notices.rows == {}
    assert uow.inbox.items == []


def test_an_audience_that_reaches_no_one_is_a_failed_precondition(uow: FakeUnitOfWork) -> None:
    with pytest.raises(FailedPrecondition) as refused:
        _publish(uow, Audience(scope_nodes=(GRID,), categories=(OfficerCategory.POLICE,)))
    assert refused.value.reason == "EMPTY_AUDIENCE"


def test_a_deadline_plans_the_attestation_and_moving_it_plans_it_afresh(
    uow: FakeUnitOfWork,
) -> None:
    due = NOW + timedelta(days=3)
    notice = _publish(uow, Audience(scope_nodes=(COMMUNITY,)), due=due).notice
    subject = f"notices/{notice.notice_id}"
    assert uow.due_steps.planned(subject) == rules.attestation_plan(due, OFFSETS)
    moved = due + timedelta(days=1)
    amended = use_cases.amend(
        uow,
        caller=uow.callers.load("liaison"),
        notice_id=notice.notice_id,
        name=subject,
        etag=notice.etag,
        changes=_content(moved),
        fields=["acknowledge_due_time"],
        reason="延期",
        now=NOW,
        via_broker=False,
        reminder_offsets=OFFSETS,
    )
    assert amended.notice.revision == 1
    assert uow.due_steps.planned(subject) == rules.attestation_plan(moved, OFFSETS)
    assert {i.acknowledge_due_time for i in uow.inbox.items if i.kind == "notice"} == {moved}
    assert sorted(amended.notified) == ["judge", "lawyer"]


def test_withdrawing_hides_the_items_cancels_the_plan_and_tells_the_recipients(
    uow: FakeUnitOfWork,
) -> None:
    notice = _publish(uow, Audience(scope_nodes=(COMMUNITY,)), due=NOW + timedelta(days=3)).notice
    subject = f"notices/{notice.notice_id}"
    withdrawn = use_cases.withdraw(
        uow,
        caller=uow.callers.load("liaison"),
        notice_id=notice.notice_id,
        name=subject,
        etag="",
        reason="错发",
        now=NOW,
        via_broker=False,
    )
    assert withdrawn.notice.state is NoticeState.WITHDRAWN
    assert uow.due_steps.planned(subject) == []
    assert [i.kind for i in uow.inbox.items if not i.hidden] == ["notice_withdrawn"] * 2
    with pytest.raises(FailedPrecondition):
        use_cases.withdraw(
            uow,
            caller=uow.callers.load("liaison"),
            notice_id=notice.notice_id,
            name=subject,
            etag="",
            reason="again",
            now=NOW,
            via_broker=False,
        )


def test_a_notice_is_read_by_its_scope_and_recipients_only(uow: FakeUnitOfWork) -> None:
    notice = _publish(uow, Audience(scope_nodes=(GRID,))).notice
    name = f"notices/{notice.notice_id}"
    for reader in ("liaison", "head", "judge"):
        read = use_cases.get_notice(
            uow, caller=uow.callers.load(reader), notice_id=notice.notice_id, name=name
        )
        assert read == notice
    with pytest.raises(PermissionDenied):
        use_cases.get_notice(
            uow, caller=uow.callers.load("stranger"), notice_id=notice.notice_id, name=name
        )
    listed = use_cases.list_notices(
        uow,
        caller=uow.callers.load("head"),
        parent=None,
        kind=None,
        show_withdrawn=False,
        before=None,
        limit=10,
    )
    assert listed == [notice]
    # Like every list: a parent outside the reader's reach is denied, not empty.
    with pytest.raises(PermissionDenied):
        use_cases.list_notices(
            uow,
            caller=uow.callers.load("head"),
            parent=OTHER_COMMUNITY,
            kind=None,
            show_withdrawn=False,
            before=None,
            limit=10,
        )


def test_statistics_count_within_the_supervisors_reach(uow: FakeUnitOfWork) -> None:
    notice = _publish(uow, Audience(scope_nodes=(STREET,))).notice
    name = f"notices/{notice.notice_id}"
    by_liaison = use_cases.notice_stats(
        uow, caller=uow.callers.load("liaison"), notice_id=notice.notice_id, name=name, level=None
    )
    assert (by_liaison.total.scope_node, by_liaison.total.recipients) == (STREET, 3)
    assert [(r.scope_node, r.recipients) for r in by_liaison.rows] == [
        (COMMUNITY, 2),
        (OTHER_COMMUNITY, 1),
    ]
    by_head = use_cases.notice_stats(
        uow,
        caller=uow.callers.load("head"),
        notice_id=notice.notice_id,
        name=name,
        level=ScopeLevel.GRID,
    )
    assert (by_head.total.scope_node, by_head.total.recipients) == (COMMUNITY, 2)
    with pytest.raises(PermissionDenied):
        use_cases.notice_stats(
            uow, caller=uow.callers.load("judge"), notice_id=notice.notice_id, name=name, level=None
        )


def _step(notice_id: str, step: str, due: datetime) -> DueStep:
    return DueStep("S1", rules.ATTESTATION, f"notices/{notice_id}", step, due)


def test_a_reminder_reaches_the_laggards_and_the_escalation_their_head_and_liaison(
    uow: FakeUnitOfWork,
) -> None:
    due = NOW + timedelta(days=1)
    notice = _publish(uow, Audience(scope_nodes=(STREET,)), due=due).notice
    judge_item = next(i for i in uow.inbox.items if i.user_id == "judge")
    uow.inbox.acknowledge("judge", judge_item.item_id, "", NOW)
    reminded = attestation.make_step(
        uow, step=_step(notice.notice_id, "reminder:86400", due), now=NOW, via_broker=False
    )
    assert sorted(reminded) == ["lawyer", "police"]
    escalated = attestation.make_step(
        uow, step=_step(notice.notice_id, "escalation", due), now=due, via_broker=False
    )
    assert sorted(escalated) == ["head", "liaison", "other-head"]
    summaries = {i.user_id: i.summary for i in uow.inbox.items if i.kind == "escalation"}
    assert summaries["liaison"].startswith("2 ")
    assert summaries["head"].startswith("1 ")


def test_a_withdrawn_notice_gets_no_attestation_step(uow: FakeUnitOfWork) -> None:
    due = NOW + timedelta(days=1)
    notice = _publish(uow, Audience(scope_nodes=(GRID,)), due=due).notice
    uow.notices.update(dataclasses.replace(notice, state=NoticeState.WITHDRAWN))
    made = attestation.make_step(
        uow, step=_step(notice.notice_id, "escalation", due), now=due, via_broker=False
    )
    assert made == ()
