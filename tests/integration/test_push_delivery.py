"""Policy push end to end with a broker: PublishNotice commits the inbox and the
outbox, the relay publishes every push to officer.push with the inbox item's
message id, a connected terminal gets it, and an offline one catches up from
the inbox by ListInboxItems and by StreamInboxItems resume."""

from __future__ import annotations

import asyncio
import time

import grpc
import pika
import sqlalchemy as sa
from officer.v1 import (
    inbox_service_pb2,
    inbox_service_pb2_grpc,
    policy_service_pb2,
    policy_service_pb2_grpc,
)
from sqlalchemy.engine import Engine

from adapters.relay import OutboxRelay
from adapters.topology import connection_parameters
from contracts import messages, topology
from service.platform.identity import issue_token
from service.platform.server import RunningServer
from service.platform.settings import Settings


def _grid_with_two_plain_officers(engine: Engine) -> tuple[str, str, str, str]:
    with engine.connect() as connection:
        liaison, street = connection.execute(
            sa.text(
                "SELECT user_id, scope_node FROM role_binding WHERE role = 'street_liaison' "
                "ORDER BY scope_node LIMIT 1"
            )
        ).one()
        rows = connection.execute(
            sa.text(
                "SELECT b.scope_node, b.user_id FROM role_binding b WHERE b.role = 'officer' "
                "AND b.scope_node LIKE :street AND NOT EXISTS (SELECT 1 FROM role_binding o "
                "WHERE o.user_id = b.user_id AND o.role <> 'officer') ORDER BY 1, 2"
            ),
            {"street": f"{street}%"},
        ).all()
    by_grid: dict[str, list[str]] = {}
    for grid, user in rows:
        by_grid.setdefault(grid, []).append(user)
    grid, (online, offline, *_) = next((g, u) for g, u in by_grid.items() if len(u) >= 2)
    return liaison, grid, online, offline


def _terminal_queue(amqp_url: str, user: str) -> tuple[pika.BlockingConnection, str]:
    connection = pika.BlockingConnection(connection_parameters(amqp_url))
    channel = connection.channel()
    queue = channel.queue_declare("", exclusive=True, auto_delete=True).method.queue
    channel.queue_bind(queue, topology.PUSH.name, topology.user_push_routing_key(user))
    return connection, queue


def _receive(
    connection: pika.BlockingConnection, queue: str, count: int
) -> list[tuple[pika.BasicProperties, bytes]]:
    channel = connection.channel()
    received: list[tuple[pika.BasicProperties, bytes]] = []
    deadline = time.monotonic() + 60
    while len(received) < count and time.monotonic() < deadline:
        method, properties, body = channel.basic_get(queue, auto_ack=True)
        if method is None:
            connection.sleep(0.05)
            continue
        received.append((properties, body))
    assert len(received) == count, f"{len(received)} of {count} pushes arrived"
    return received


async def test_pushes_reach_a_connected_terminal_and_an_offline_one_catches_up(
    small_city_engine: Engine,
    amqp_url: str,
    broker_server: tuple[RunningServer, Settings],
    relay: OutboxRelay,
) -> None:
    liaison, grid, online, offline = _grid_with_two_plain_officers(small_city_engine)
    server, settings = broker_server
    terminal, queue = _terminal_queue(amqp_url, online)

    def auth(user: str) -> tuple[tuple[str, str]]:
        return (("authorization", f"Bearer {issue_token(settings, user)}"),)

    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
        policy = policy_service_pb2_grpc.PolicyServiceStub(channel)  # type: ignore[no-untyped-call]
        inbox = inbox_service_pb2_grpc.InboxServiceStub(channel)  # type: ignore[no-untyped-call]
        titles = ["第一份通知", "第二份通知"]
        for title in titles:
            await policy.PublishNotice(
                policy_service_pb2.PublishNoticeRequest(
                    notice=policy_service_pb2.Notice(
                        title=title,
                        body="正文",
                        kind=policy_service_pb2.NOTICE_KIND_POLICY,
                        audience=policy_service_pb2.Audience(scope_nodes=[f"grids/{grid}"]),
                    )
                ),
                metadata=auth(liaison),
            )

        # The connected terminal: both pushes, each with its inbox item's message id.
        pushes = await asyncio.to_thread(_receive, terminal, queue, 2)
        terminal.close()
        listed = await inbox.ListInboxItems(
            inbox_service_pb2.ListInboxItemsRequest(parent=f"users/{online}"),
            metadata=auth(online),
        )
        items = {item.message_id: item for item in listed.inbox_items}
        for properties, body in pushes:
            push = messages.TerminalPush.model_validate_json(body)
            assert properties.message_id == push.message_id
            assert properties.type == "terminal.push.v1"
            assert properties.delivery_mode == 2
            assert items[push.message_id].title == push.title
            assert items[push.message_id].name == push.inbox_item
        assert [messages.TerminalPush.model_validate_json(b).title for _, b in pushes] == titles

        # The offline terminal had no queue: the inbox holds everything.
        missed = await inbox.ListInboxItems(
            inbox_service_pb2.ListInboxItemsRequest(parent=f"users/{offline}"),
            metadata=auth(offline),
        )
        assert [item.title for item in missed.inbox_items] == list(reversed(titles))
        stream = inbox.StreamInboxItems(
            inbox_service_pb2.StreamInboxItemsRequest(parent=f"users/{offline}"),
            metadata=auth(offline),
        )
        first = await stream.read()
        stream.cancel()
        resumed = inbox.StreamInboxItems(
            inbox_service_pb2.StreamInboxItemsRequest(
                parent=f"users/{offline}", resume_cursor=first.cursor
            ),
            metadata=auth(offline),
        )
        second = await resumed.read()
        resumed.cancel()
        assert [first.inbox_item.title, second.inbox_item.title] == titles

        # Every push confirmed: the statistics count them delivered.
        notices = await policy.ListNotices(
            policy_service_pb2.ListNoticesRequest(), metadata=auth(liaison)
        )
        deadline = time.monotonic() + 30
        while True:
            stats = await policy.GetNoticeStats(
                policy_service_pb2.GetNoticeStatsRequest(name=notices.notices[0].name),
                metadata=auth(liaison),
            )
            if stats.total.delivered_count == stats.total.recipient_count:
                break
            assert time.monotonic() < deadline, f"never all delivered: {stats.total}"
            await asyncio.sleep(0.1)
        assert stats.total.read_count == 0
