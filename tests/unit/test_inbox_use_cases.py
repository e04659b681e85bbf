"""The inbox's use cases on a fake unit of work: listing, resuming a stream,
marking read and acknowledging."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from contracts.messages import PushKind
from service.inbox import use_cases
from service.kernel.errors import FailedPrecondition, InvalidArgument, NotFound
from service.kernel.pushes import Push, PushedItem
from tests.unit.fakes import FakeUnitOfWork

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
DUE = NOW + timedelta(days=1)


def _push(kind: PushKind, *, notice: str = "N1", ack: bool = False, user: str = "u1") -> Push:
    return Push(
        user_id=user,
        kind=kind,
        subject=f"notices/{notice}",
        title=kind.value,
        summary="",
        notice_id=notice,
        acknowledgement_required=ack,
        acknowledge_due_time=DUE if ack else None,
    )


@pytest.fixture
def uow() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    uow.inbox.append(
        [
            PushedItem("I1", _push(PushKind.NOTICE, ack=True)),
            PushedItem("I2", _push(PushKind.NOTICE_REMINDER, ack=True)),
            PushedItem("I3", _push(PushKind.NOTICE, notice="N2")),
            PushedItem("I4", _push(PushKind.NOTICE, user="u2")),
        ],
        NOW,
    )
    return uow


def test_listing_is_newest_first_with_the_unread_count(uow: FakeUnitOfWork) -> None:
    listing = use_cases.list_items(uow, user_id="u1", unread_only=False, before_seq=None, limit=2)
    assert [item.item_id for item in listing.items] == ["I3", "I2"]
    assert listing.unread_count == 3
    older = use_cases.list_items(uow, user_id="u1", unread_only=False, before_seq=2, limit=10)
    assert [item.item_id for item in older.items] == ["I1"]


def test_a_stream_resumes_after_its_cursor_and_a_foreign_cursor_is_invalid(
    uow: FakeUnitOfWork,
) -> None:
    after = use_cases.resume_after(uow, user_id="u1", cursor="I1")
    items = use_cases.items_after(uow, user_id="u1", after_seq=after, limit=10)
    assert [item.item_id for item in items] == ["I2", "I3"]
    assert use_cases.resume_after(uow, user_id="u1", cursor="") == 0
    with pytest.raises(InvalidArgument):
        use_cases.resume_after(uow, user_id="u1", cursor="I4")  # u2's item


def test_marking_read_keeps_the_first_time_and_an_unknown_item_is_not_found(
    uow: FakeUnitOfWork,
) -> None:
    marked = use_cases.mark_read(uow, user_id="u1", item_ids=["I1"], names=["n1"], now=NOW)
    assert marked[0].read_time == NOW
    again = use_cases.mark_read(
        uow, user_id="u1", item_ids=["I1"], names=["n1"], now=NOW + timedelta(hours=1)
    )
    assert again[0].read_time == NOW
    with pytest.raises(NotFound):
        use_cases.mark_read(uow, user_id="u1", item_ids=["I4"], names=["n4"], now=NOW)
    assert use_cases.mark_all_read(uow, user_id="u1", now=NOW) == 2
    assert use_cases.mark_all_read(uow, user_id="u1", now=NOW) == 0


def test_acknowledging_a_reminder_acknowledges_its_notice(uow: FakeUnitOfWork) -> None:
    reminder = use_cases.acknowledge(
        uow, user_id="u1", item_id="I2", name="n2", comment="已学习", now=NOW
    )
    assert reminder.acknowledge_time == NOW
    notice = uow.inbox.get("u1", "I1")
    assert notice is not None
    assert (notice.acknowledge_time, notice.acknowledge_comment, notice.read_time) == (
        NOW,
        "已学习",
        NOW,
    )
    later = use_cases.acknowledge(
        uow, user_id="u1", item_id="I1", name="n1", comment="again", now=NOW + timedelta(1)
    )
    assert (later.acknowledge_time, later.acknowledge_comment) == (NOW, "已学习")


def test_what_asks_no_acknowledgement_or_was_withdrawn_cannot_be_acknowledged(
    uow: FakeUnitOfWork,
) -> None:
    with pytest.raises(FailedPrecondition) as none_asked:
        use_cases.acknowledge(uow, user_id="u1", item_id="I3", name="n3", comment="", now=NOW)
    assert none_asked.value.reason == "NO_ACKNOWLEDGEMENT"
    uow.inbox.hide_notice("N1")
    with pytest.raises(FailedPrecondition) as withdrawn:
        use_cases.acknowledge(uow, user_id="u1", item_id="I2", name="n2", comment="", now=NOW)
    assert withdrawn.value.reason == "NOTICE_WITHDRAWN"
    with pytest.raises(NotFound):
        use_cases.acknowledge(uow, user_id="u1", item_id="I9", name="n9", comment="", now=NOW)
