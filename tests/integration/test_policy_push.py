"""Policy push on the inbox path (the embedded mode): publish, inbox, stream,
read attestation, amendment, withdrawal and statistics, on both databases."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import grpc
import pytest
import sqlalchemy as sa
from google.protobuf import field_mask_pb2, timestamp_pb2
from officer.v1 import (
    common_pb2,
    inbox_service_pb2,
    inbox_service_pb2_grpc,
    policy_service_pb2,
    policy_service_pb2_grpc,
)
from sqlalchemy.engine import Engine

from service.kernel import scheduler
from service.platform.scheduling import due_step_handlers
from service.platform.transactions import SqlTransactions
from service.policy.rules import ATTESTATION
from tests.movable_clock import MovableClock
from tests.rpc_errors import field_violations

OpenAs = Callable[[str], grpc.aio.Channel]


@dataclass(frozen=True)
class City:
    liaison: str
    street: str
    head: str
    community: str
    street_officers: frozenset[str]
    community_officers: frozenset[str]
    lawyers_in_street: frozenset[str]
    grid: str
    other_street_grid: str
    officer: str  # serves a grid of ``community``


def _officers_beneath(
    connection: sa.Connection, prefix: str, category: str | None = None
) -> set[str]:
    rows = connection.execute(
        sa.text(
            "SELECT DISTINCT b.user_id FROM role_binding b "
            "JOIN host_user u ON u.user_id = b.user_id "
            "WHERE b.role = 'officer' AND b.scope_node LIKE :prefix AND u.deleted = :no "
            "AND (CAST(:category AS VARCHAR) IS NULL OR u.officer_category = :category) "
            "UNION SELECT a.officer_id FROM grid_assignment a JOIN host_user u "
            "ON u.user_id = a.officer_id WHERE a.grid_code LIKE :prefix AND u.deleted = :no "
            "AND (CAST(:category AS VARCHAR) IS NULL OR u.officer_category = :category)"
        ),
        {"prefix": f"{prefix}%", "no": False, "category": category},
    )
    return set(rows.scalars())


@pytest.fixture
def city(small_city_engine: Engine) -> City:
    with small_city_engine.connect() as connection:
        liaison, street = connection.execute(
            sa.text(
                "SELECT user_id, scope_node FROM role_binding WHERE role = 'street_liaison' "
                "ORDER BY scope_node LIMIT 1"
            )
        ).one()
        # A head of one community only (the small city has one heading two).
        head, community = connection.execute(
            sa.text(
                "SELECT user_id, min(scope_node) FROM role_binding WHERE role = 'community_head' "
                "AND scope_node LIKE :street GROUP BY user_id HAVING count(*) = 1 "
                "ORDER BY min(scope_node) LIMIT 1"
            ),
            {"street": f"{street}%"},
        ).one()
        # A plain officer: no supervising role of their own.
        grid, officer = connection.execute(
            sa.text(
                "SELECT b.scope_node, b.user_id FROM role_binding b WHERE b.role = 'officer' "
                "AND b.scope_node LIKE :community AND NOT EXISTS (SELECT 1 FROM role_binding o "
                "WHERE o.user_id = b.user_id AND o.role <> 'officer') "
                "ORDER BY b.scope_node, b.user_id LIMIT 1"
            ),
            {"community": f"{community}%"},
        ).one()
        other = connection.execute(
            sa.text(
                "SELECT code FROM scope_node WHERE level = 'grid' AND code NOT LIKE :street "
                "ORDER BY code LIMIT 1"
            ),
            {"street": f"{street}%"},
        ).scalar_one()
        return City(
            liaison=liaison,
            street=street,
            head=head,
            community=community,
            street_officers=frozenset(_officers_beneath(connection, street)),
            community_officers=frozenset(_officers_beneath(connection, community)),
            lawyers_in_street=frozenset(_officers_beneath(connection, street, "lawyer")),
            grid=grid,
            other_street_grid=other,
            officer=officer,
        )


def _stamp(value: datetime) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(value)
    return stamp


def _notice(
    *nodes: str,
    title: str = "关于做好矛盾纠纷排查化解工作的通知",
    due: datetime | None = None,
    categories: tuple[common_pb2.OfficerCategory, ...] = (),
    recipients: tuple[str, ...] = (),
) -> policy_service_pb2.Notice:
    notice = policy_service_pb2.Notice(
        title=title,
        body="请各政法网格员完成所在网格矛盾纠纷排查。\n第二段。",
        kind=policy_service_pb2.NOTICE_KIND_NOTICE,
        attachments=[
            common_pb2.Attachment(
                uri="https://files.example/notice.pdf",
                display_name="通知.pdf",
                media_type="application/pdf",
                size_bytes=1024,
                sha256=hashlib.sha256(b"notice").hexdigest(),
            )
        ],
        audience=policy_service_pb2.Audience(
            scope_nodes=[
                f"grids/{node}" if len(node) == 15 else f"scopeNodes/{node}" for node in nodes
            ],
            categories=list(categories),
            recipients=[f"users/{user}" for user in recipients],
        ),
    )
    if due is not None:
        notice.acknowledge_due_time.CopyFrom(_stamp(due))
    return notice


def _policy(channel: grpc.aio.Channel) -> policy_service_pb2_grpc.PolicyServiceStub:
    return policy_service_pb2_grpc.PolicyServiceStub(channel)  # type: ignore[no-untyped-call]


def _inbox(channel: grpc.aio.Channel) -> inbox_service_pb2_grpc.InboxServiceStub:
    return inbox_service_pb2_grpc.InboxServiceStub(channel)  # type: ignore[no-untyped-call]


async def _publish(
    channel_as: OpenAs, publisher: str, notice: policy_service_pb2.Notice, request_id: str = ""
) -> policy_service_pb2.Notice:
    response: policy_service_pb2.PublishNoticeResponse = await _policy(
        channel_as(publisher)
    ).PublishNotice(policy_service_pb2.PublishNoticeRequest(notice=notice, request_id=request_id))
    return response.notice


async def _inbox_items(
    channel_as: OpenAs, user: str, **filters: bool
) -> list[inbox_service_pb2.InboxItem]:
    items: list[inbox_service_pb2.InboxItem] = []
    token = ""
    while True:
        page = await _inbox(channel_as(user)).ListInboxItems(
            inbox_service_pb2.ListInboxItemsRequest(
                parent=f"users/{user}", page_size=2, page_token=token, **filters
            )
        )
        items.extend(page.inbox_items)
        token = page.next_page_token
        if not token:
            return items


def _count(engine: Engine, sql: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(sa.text(sql)).scalar_one())


async def test_a_street_notice_reaches_every_officer_of_the_street_and_only_them(
    city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    notice = await _publish(channel_as, city.liaison, _notice(city.street))
    assert notice.name.startswith("notices/")
    assert notice.state == policy_service_pb2.NOTICE_STATE_PUBLISHED
    assert notice.publisher == f"users/{city.liaison}"
    assert notice.recipient_count == len(city.street_officers) > 0
    with migrated_engine.connect() as connection:
        reached = set(
            connection.execute(
                sa.text("SELECT user_id FROM inbox_item WHERE kind = 'notice'")
            ).scalars()
        )
    assert reached == set(city.street_officers)
    items = await _inbox_items(channel_as, city.officer)
    assert [(i.subject, i.kind, i.title) for i in items] == [
        (notice.name, inbox_service_pb2.INBOX_ITEM_KIND_NOTICE, notice.title)
    ]
    assert items[0].message_id == "push-" + items[0].name.rsplit("/", 1)[-1]
    assert items[0].summary == "请各政法网格员完成所在网格矛盾纠纷排查。"


async def test_categories_narrow_the_audience(city: City, channel_as: OpenAs) -> None:
    notice = await _publish(
        channel_as,
        city.liaison,
        _notice(city.street, categories=(common_pb2.OFFICER_CATEGORY_LAWYER,)),
    )
    assert notice.recipient_count == len(city.lawyers_in_street) > 0


async def test_publishing_outside_ones_scope_is_refused_and_writes_nothing(
    city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    for publisher, node in [
        (city.liaison, city.other_street_grid),  # another street
        (city.liaison, city.street[:-3] + "998"),  # a street that does not exist
        (city.officer, city.grid),  # officers do not publish
        (city.head, city.community),  # nor, by default, community heads
    ]:
        with pytest.raises(grpc.aio.AioRpcError) as raised:
            await _publish(channel_as, publisher, _notice(node))
        assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED, (publisher, node)
    outside = next(iter(await _outside_officer(migrated_engine, city.street)))
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await _publish(channel_as, city.liaison, _notice(recipients=(outside,)))
    assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert _count(migrated_engine, "SELECT count(*) FROM notice") == 0
    assert _count(migrated_engine, "SELECT count(*) FROM inbox_item") == 0


async def _outside_officer(engine: Engine, street: str) -> set[str]:
    with engine.connect() as connection:
        return set(
            connection.execute(
                sa.text(
                    "SELECT user_id FROM role_binding WHERE role = 'officer' "
                    "AND scope_node NOT LIKE :street LIMIT 1"
                ),
                {"street": f"{street}%"},
            ).scalars()
        )


async def test_a_malformed_notice_names_every_bad_field_and_writes_nothing(
    city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    notice = _notice(city.street, due=datetime.now(UTC) - timedelta(hours=1))
    notice.title = " "
    notice.kind = policy_service_pb2.NOTICE_KIND_UNSPECIFIED
    notice.attachments[0].sha256 = "not-a-digest"
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await _publish(channel_as, city.liaison, notice)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(raised.value) == ["notice.kind"]
    notice.kind = policy_service_pb2.NOTICE_KIND_POLICY
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await _publish(channel_as, city.liaison, notice)
    assert field_violations(raised.value) == [
        "notice.title",
        "notice.attachments[0].sha256",
        "notice.acknowledge_due_time",
    ]
    empty = _notice()
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await _publish(channel_as, city.liaison, empty)
    assert field_violations(raised.value) == ["notice.audience"]
    assert _count(migrated_engine, "SELECT count(*) FROM notice") == 0


async def test_a_repeated_request_id_publishes_once(
    city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    first = await _publish(channel_as, city.liaison, _notice(city.community), "publish-1")
    again = await _publish(channel_as, city.liaison, _notice(city.community), "publish-1")
    assert again == first
    assert _count(migrated_engine, "SELECT count(*) FROM notice") == 1
    assert _count(migrated_engine, "SELECT count(*) FROM inbox_item") == first.recipient_count
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await _publish(channel_as, city.liaison, _notice(city.street), "publish-1")
    assert field_violations(raised.value) == ["request_id"]


async def test_nobody_reads_another_users_inbox(city: City, channel_as: OpenAs) -> None:
    await _publish(channel_as, city.liaison, _notice(city.grid))
    for reader in (city.liaison, city.head, "u-nobody"):
        with pytest.raises(grpc.aio.AioRpcError) as raised:
            await _inbox(channel_as(reader)).ListInboxItems(
                inbox_service_pb2.ListInboxItemsRequest(parent=f"users/{city.officer}")
            )
        assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def _stream(
    channel: grpc.aio.Channel, user: str, cursor: str, count: int
) -> list[inbox_service_pb2.StreamInboxItemsResponse]:
    call = _inbox(channel).StreamInboxItems(
        inbox_service_pb2.StreamInboxItemsRequest(parent=f"users/{user}", resume_cursor=cursor)
    )
    received = []
    try:
        async with asyncio.timeout(30):
            async for message in call:
                received.append(message)
                if len(received) == count:
                    break
    finally:
        call.cancel()
    return received


async def test_an_offline_terminal_catches_up_by_stream_resume_with_no_gap_or_duplicate(
    city: City, channel_as: OpenAs
) -> None:
    user = city.officer
    titles = [f"通知 {n}" for n in range(5)]
    for title in titles[:3]:
        await _publish(channel_as, city.liaison, _notice(city.grid, title=title))
    first = await _stream(channel_as(user), user, "", 1)
    assert [m.inbox_item.title for m in first] == titles[:1]
    # Offline: two more arrive; the terminal resumes after what it holds, then
    # stays connected for a live one.
    call = _inbox(channel_as(user)).StreamInboxItems(
        inbox_service_pb2.StreamInboxItemsRequest(
            parent=f"users/{user}", resume_cursor=first[0].cursor
        )
    )
    received: list[str] = []
    async with asyncio.timeout(30):
        async for message in call:
            received.append(message.inbox_item.title)
            if len(received) == 2:
                for title in titles[3:]:
                    await _publish(channel_as, city.liaison, _notice(city.grid, title=title))
            if len(received) == 4:
                break
    call.cancel()
    assert received == titles[1:]
    listed = await _inbox_items(channel_as, user)
    assert [item.title for item in listed] == list(reversed(titles))


async def test_a_bad_resume_cursor_is_invalid(city: City, channel_as: OpenAs) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await _stream(channel_as(city.officer), city.officer, "01ARZ3NDEKTSV4RRFFQ69G5FAV", 1)
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(raised.value) == ["resume_cursor"]


async def test_read_and_acknowledge_keep_their_first_time(
    city: City, channel_as: OpenAs, clock: MovableClock
) -> None:
    due = datetime.now(UTC) + timedelta(days=3)
    await _publish(channel_as, city.liaison, _notice(city.grid, due=due))
    await _publish(channel_as, city.liaison, _notice(city.grid, title="无需确认"))
    inbox = _inbox(channel_as(city.officer))
    parent = f"users/{city.officer}"
    plain, attested = await _inbox_items(channel_as, city.officer)
    assert attested.acknowledgement_required
    assert not plain.acknowledgement_required
    read = await inbox.MarkInboxItemsRead(
        inbox_service_pb2.MarkInboxItemsReadRequest(parent=parent, names=[plain.name])
    )
    first_read = read.inbox_items[0].read_time
    clock.advance(timedelta(minutes=5))
    again = await inbox.MarkInboxItemsRead(
        inbox_service_pb2.MarkInboxItemsReadRequest(parent=parent, names=[plain.name])
    )
    assert again.inbox_items[0].read_time == first_read
    unread = await _inbox_items(channel_as, city.officer, unread_only=True)
    assert [item.name for item in unread] == [attested.name]

    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await inbox.AcknowledgeInboxItem(
            inbox_service_pb2.AcknowledgeInboxItemRequest(name=plain.name)
        )
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    acknowledged = await inbox.AcknowledgeInboxItem(
        inbox_service_pb2.AcknowledgeInboxItemRequest(name=attested.name, comment="已学习")
    )
    item = acknowledged.inbox_item
    assert item.acknowledge_comment == "已学习"
    assert item.HasField("acknowledge_time")
    assert item.HasField("read_time")
    clock.advance(timedelta(minutes=5))
    repeat = await inbox.AcknowledgeInboxItem(
        inbox_service_pb2.AcknowledgeInboxItemRequest(name=attested.name, comment="再次")
    )
    assert repeat.inbox_item.acknowledge_time == item.acknowledge_time
    assert repeat.inbox_item.acknowledge_comment == "已学习"
    marked = await inbox.MarkAllInboxItemsRead(
        inbox_service_pb2.MarkAllInboxItemsReadRequest(parent=parent)
    )
    assert marked.marked_count == 0


async def test_amending_pushes_the_amendment_and_a_stale_etag_is_aborted(
    city: City, channel_as: OpenAs
) -> None:
    notice = await _publish(channel_as, city.liaison, _notice(city.grid))
    policy = _policy(channel_as(city.liaison))
    changed = policy_service_pb2.Notice(name=notice.name, title="修订后的标题", etag=notice.etag)
    amended = await policy.AmendNotice(
        policy_service_pb2.AmendNoticeRequest(
            notice=changed,
            update_mask=field_mask_pb2.FieldMask(paths=["title"]),
            reason="标题有误",
        )
    )
    assert amended.notice.title == "修订后的标题"
    assert amended.notice.revision == 1
    assert amended.notice.body == notice.body
    items = await _inbox_items(channel_as, city.officer)
    assert [(i.kind, i.title) for i in items] == [
        (inbox_service_pb2.INBOX_ITEM_KIND_NOTICE_AMENDED, "修订后的标题"),
        (inbox_service_pb2.INBOX_ITEM_KIND_NOTICE, "修订后的标题"),
    ]
    assert items[0].summary == "标题有误"
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await policy.AmendNotice(
            policy_service_pb2.AmendNoticeRequest(
                notice=changed,  # the etag of revision 0
                update_mask=field_mask_pb2.FieldMask(paths=["title"]),
                reason="再改",
            )
        )
    assert raised.value.code() == grpc.StatusCode.ABORTED
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await policy.AmendNotice(
            policy_service_pb2.AmendNoticeRequest(
                notice=changed, update_mask=field_mask_pb2.FieldMask(paths=["audience"]), reason="x"
            )
        )
    assert field_violations(raised.value) == ["update_mask"]


async def test_a_notice_with_a_deadline_is_amended_again_and_again_on_both_databases(
    city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    """Issue 9.4: on SQLite the stored deadline came back naive and the second
    comparison with an aware one failed (INTERNAL), after which the notice could
    not be amended at all."""
    due = datetime.now(UTC) + timedelta(days=3)
    notice = await _publish(channel_as, city.liaison, _notice(city.grid, due=due))
    policy = _policy(channel_as(city.liaison))
    for round_, title in enumerate(["第一次修订", "第二次修订"], start=1):
        amended = await policy.AmendNotice(
            policy_service_pb2.AmendNoticeRequest(
                notice=policy_service_pb2.Notice(name=notice.name, title=title),
                update_mask=field_mask_pb2.FieldMask(paths=["title"]),
                reason="修订",
            )
        )
        assert (amended.notice.title, amended.notice.revision) == (title, round_)
        assert amended.notice.acknowledge_due_time.ToDatetime(UTC) == due
    moved = due + timedelta(days=1)
    rescheduled = await policy.AmendNotice(
        policy_service_pb2.AmendNoticeRequest(
            notice=policy_service_pb2.Notice(name=notice.name, acknowledge_due_time=_stamp(moved)),
            update_mask=field_mask_pb2.FieldMask(paths=["acknowledge_due_time"]),
            reason="延期",
        )
    )
    assert rescheduled.notice.acknowledge_due_time.ToDatetime(UTC) == moved
    with migrated_engine.connect() as connection:
        pending = connection.execute(
            sa.text("SELECT count(*) FROM due_step WHERE subject = :s AND done_time IS NULL"),
            {"s": notice.name},
        ).scalar_one()
    assert pending == 3  # two reminders and the escalation, planned afresh


async def test_a_withdrawn_notice_leaves_inbox_lists_and_its_history_stays(
    city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    due = datetime.now(UTC) + timedelta(days=3)
    notice = await _publish(channel_as, city.liaison, _notice(city.grid, due=due))
    policy = _policy(channel_as(city.liaison))
    withdrawn = await policy.WithdrawNotice(
        policy_service_pb2.WithdrawNoticeRequest(name=notice.name, reason="发布有误")
    )
    assert withdrawn.notice.state == policy_service_pb2.NOTICE_STATE_WITHDRAWN
    items = await _inbox_items(channel_as, city.officer)
    assert [(i.kind, i.summary) for i in items] == [
        (inbox_service_pb2.INBOX_ITEM_KIND_NOTICE_WITHDRAWN, "发布有误")
    ]
    listed = await policy.ListNotices(policy_service_pb2.ListNoticesRequest())
    assert list(listed.notices) == []
    listed = await policy.ListNotices(policy_service_pb2.ListNoticesRequest(show_withdrawn=True))
    assert [n.name for n in listed.notices] == [notice.name]
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await policy.WithdrawNotice(
            policy_service_pb2.WithdrawNoticeRequest(name=notice.name, reason="again")
        )
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert _count(migrated_engine, "SELECT count(*) FROM notice_revision") == 2


async def test_notices_are_listed_and_read_within_scope_only(
    city: City, channel_as: OpenAs
) -> None:
    notice = await _publish(channel_as, city.liaison, _notice(city.grid))
    got = await _policy(channel_as(city.officer)).GetNotice(
        policy_service_pb2.GetNoticeRequest(name=notice.name)
    )
    assert got.notice == notice
    listed = await _policy(channel_as(city.head)).ListNotices(
        policy_service_pb2.ListNoticesRequest()
    )
    assert [n.name for n in listed.notices] == [notice.name]
    # A street's notice concerns its communities: their heads see it too.
    street_wide = await _publish(channel_as, city.liaison, _notice(city.street))
    listed = await _policy(channel_as(city.head)).ListNotices(
        policy_service_pb2.ListNoticesRequest()
    )
    assert [n.name for n in listed.notices] == [street_wide.name, notice.name]
    got = await _policy(channel_as(city.head)).GetNotice(
        policy_service_pb2.GetNoticeRequest(name=street_wide.name)
    )
    assert got.notice == street_wide
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await _policy(channel_as("u-nobody")).GetNotice(
            policy_service_pb2.GetNoticeRequest(name=notice.name)
        )
    assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_stats_roll_up_delivered_read_and_acknowledged_within_scope(
    city: City, channel_as: OpenAs
) -> None:
    due = datetime.now(UTC) + timedelta(days=3)
    notice = await _publish(channel_as, city.liaison, _notice(city.street, due=due))
    items = await _inbox_items(channel_as, city.officer)
    await _inbox(channel_as(city.officer)).AcknowledgeInboxItem(
        inbox_service_pb2.AcknowledgeInboxItemRequest(name=items[0].name)
    )
    stats = await _policy(channel_as(city.liaison)).GetNoticeStats(
        policy_service_pb2.GetNoticeStatsRequest(name=notice.name)
    )
    assert stats.total.recipient_count == len(city.street_officers)
    # Embedded mode: no broker confirms, so delivered means read.
    assert (stats.total.delivered_count, stats.total.read_count) == (1, 1)
    assert stats.total.acknowledged_count == 1
    assert all(row.scope_node.startswith(f"scopeNodes/{city.street}") for row in stats.rows)
    assert all(len(row.scope_node.split("/")[1]) == 12 for row in stats.rows)  # communities
    assert sum(row.recipient_count for row in stats.rows) == len(city.street_officers)
    head_view = await _policy(channel_as(city.head)).GetNoticeStats(
        policy_service_pb2.GetNoticeStatsRequest(
            name=notice.name, level=common_pb2.SCOPE_LEVEL_GRID
        )
    )
    assert head_view.total.recipient_count == len(city.community_officers)
    assert all(row.scope_node.startswith(f"grids/{city.community}") for row in head_view.rows)
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await _policy(channel_as(city.officer)).GetNoticeStats(
            policy_service_pb2.GetNoticeStatsRequest(name=notice.name)
        )
    assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_laggards_are_reminded_then_escalated_to_their_head_and_liaison(
    city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    due = datetime.now(UTC) + timedelta(hours=30)
    notice = await _publish(channel_as, city.liaison, _notice(city.community, due=due))
    first, *others = sorted(city.community_officers)
    items = await _inbox_items(channel_as, first)
    await _inbox(channel_as(first)).AcknowledgeInboxItem(
        inbox_service_pb2.AcknowledgeInboxItemRequest(name=items[0].name)
    )
    transactions = SqlTransactions(migrated_engine)
    handlers = due_step_handlers(via_broker=False)

    def owed(at: datetime) -> list[tuple[str, str]]:
        steps = transactions.run_now(
            lambda uow: scheduler.owed_now(uow, now=at, kinds=[ATTESTATION]), read_only=True
        )
        return [(subject.removeprefix("notices/"), step) for subject, step in steps]

    def make_step(at: datetime) -> tuple[str, ...]:
        """What one replica's scheduler makes at ``at``: whose inboxes it wrote to."""
        made = transactions.run_now(
            lambda uow: scheduler.make_next(uow, now=at, handlers=handlers, made_by="test")
        )
        return () if made is None else made.notified

    notice_id = notice.name.split("/")[1]
    assert owed(due - timedelta(hours=25)) == []
    at = due - timedelta(hours=23)
    assert owed(at) == [(notice_id, "reminder:86400")]
    reminded = make_step(at)
    assert make_step(at) == ()  # a second replica finds it made
    assert sorted(reminded) == others
    assert owed(at) == []
    after = due + timedelta(minutes=1)
    assert owed(after) == [(notice_id, "escalation")]
    escalated = make_step(after)
    assert set(escalated) == {city.head, city.liaison}
    head_items = await _inbox_items(channel_as, city.head)
    assert head_items[0].kind == inbox_service_pb2.INBOX_ITEM_KIND_ESCALATION
    assert head_items[0].summary.startswith(f"{len(others)} ")
    assert owed(after + timedelta(hours=1)) == []


async def test_a_repeated_mark_all_read_answers_as_the_first_time(
    city: City, channel_as: OpenAs
) -> None:
    await _publish(channel_as, city.liaison, _notice(city.grid))
    await _publish(channel_as, city.liaison, _notice(city.grid, title="第二份"))
    inbox = _inbox(channel_as(city.officer))
    request = inbox_service_pb2.MarkAllInboxItemsReadRequest(
        parent=f"users/{city.officer}", request_id="mark-all-1"
    )
    first = await inbox.MarkAllInboxItemsRead(request)
    again = await inbox.MarkAllInboxItemsRead(request)
    assert (first.marked_count, again.marked_count) == (2, 2)
    fresh = await inbox.MarkAllInboxItemsRead(
        inbox_service_pb2.MarkAllInboxItemsReadRequest(parent=f"users/{city.officer}")
    )
    assert fresh.marked_count == 0


async def test_a_role_audience_reaches_its_holders_within_the_publishers_scope(
    city: City, channel_as: OpenAs, migrated_engine: Engine
) -> None:
    notice = _notice()
    notice.audience.roles.append(common_pb2.ROLE_COMMUNITY_HEAD)
    published = await _publish(channel_as, city.liaison, notice)
    with migrated_engine.connect() as connection:
        heads = set(
            connection.execute(
                sa.text(
                    "SELECT user_id FROM role_binding WHERE role = 'community_head' "
                    "AND scope_node LIKE :street"
                ),
                {"street": f"{city.street}%"},
            ).scalars()
        )
        reached = set(
            connection.execute(
                sa.text("SELECT user_id FROM inbox_item WHERE kind = 'notice'")
            ).scalars()
        )
    assert reached == heads
    assert published.recipient_count == len(heads) > 1


async def test_an_inbox_page_token_only_continues_its_own_listing(
    city: City, channel_as: OpenAs
) -> None:
    for title in ("一", "二"):
        await _publish(channel_as, city.liaison, _notice(city.grid, title=title))
    inbox = _inbox(channel_as(city.officer))
    parent = f"users/{city.officer}"
    page = await inbox.ListInboxItems(
        inbox_service_pb2.ListInboxItemsRequest(parent=parent, page_size=1)
    )
    assert page.next_page_token
    for bad in (page.next_page_token + "x", "not-a-token"):
        with pytest.raises(grpc.aio.AioRpcError) as raised:
            await inbox.ListInboxItems(
                inbox_service_pb2.ListInboxItemsRequest(parent=parent, page_token=bad)
            )
        assert field_violations(raised.value) == ["page_token"]
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await inbox.ListInboxItems(
            inbox_service_pb2.ListInboxItemsRequest(
                parent=parent, unread_only=True, page_token=page.next_page_token
            )
        )
    assert field_violations(raised.value) == ["page_token"]
